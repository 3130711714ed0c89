// SPDX-License-Identifier: MIT
#include "models/python/threadpoolexecutor.h"

#include "clock/runclock.h"
#include "models/python/futureerrors.h"
#include "models/python/futureshared_p.h"
#include "record/recorder.h"

#include <QLoggingCategory>
#include <pthread.h>

Q_LOGGING_CATEGORY(lcExecutor, "poolscope.executor", QtWarningMsg)

namespace poolscope {

void TaskContext::record(EventKind kind, quint8 flags, qint32 value) const
{
    if (recorder)
        recorder->record(kind, taskIndex, worker, flags, value);
}

ThreadPoolExecutor::ThreadPoolExecutor(int maxWorkers, Recorder *recorder, QString threadNamePrefix)
    : m_maxWorkers(maxWorkers)
    , m_recorder(recorder)
    , m_prefix(std::move(threadNamePrefix))
    , m_clock(recorder ? &recorder->clock() : &RunClock::system())
{
    if (maxWorkers <= 0)
        throw std::invalid_argument("max_workers must be greater than 0");
}

ThreadPoolExecutor::~ThreadPoolExecutor()
{
    shutdown(true, false);
}

TaskFuture ThreadPoolExecutor::submit(std::function<QVariant()> task)
{
    if (!task)
        throw std::invalid_argument("submit needs a callable");
    return submit(Task([task = std::move(task)](TaskContext &) { return task(); }));
}

TaskFuture ThreadPoolExecutor::submit(Task task)
{
    if (!task)
        throw std::invalid_argument("submit needs a callable");
    auto shared = std::make_shared<FutureShared>();
    shared->recorder = m_recorder;
    shared->clock = m_clock;
    shared->task = std::move(task);
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_shutdown)
            throw ExecutorShutdownError();
        shared->index = m_nextIndex++;
        // Recorded under the queue lock so submit events are in queue order.
        if (m_recorder)
            m_recorder->record(EventKind::Submit, shared->index);
        m_queue.push_back(shared);
        adjustThreadCount();
        wake = m_sleepers > 0;
    }
    if (wake)
        m_workAvailable.notify_one();
    return TaskFuture(std::move(shared));
}

void ThreadPoolExecutor::adjustThreadCount()
{
    // CPython: if an idle worker's token can be taken, it will pick the item up; else start a thread.
    if (m_idleTokens > 0) {
        --m_idleTokens;
        return;
    }
    if (int(m_threads.size()) < m_maxWorkers) {
        const int index = int(m_threads.size());
        m_threads.emplace_back([this, index] { workerLoop(index); });
    }
}

void ThreadPoolExecutor::workerLoop(int index)
{
    const QByteArray name = (m_prefix + QLatin1Char('-') + QString::number(index + 1)).toUtf8().left(15);
    pthread_setname_np(pthread_self(), name.constData());
    bool idleTokenReleased = false;
    for (;;) {
        std::shared_ptr<FutureShared> item;
        {
            std::unique_lock lock(m_mutex);
            if (m_queue.empty()) {
                if (m_shutdown)
                    return;
                // As CPython 3.12+: an idle token is released only when this worker finds no work.
                if (!idleTokenReleased)
                    ++m_idleTokens;
                idleTokenReleased = false;
                ++m_sleepers;
                m_workAvailable.wait(lock, [this] { return !m_queue.empty() || m_shutdown; });
                --m_sleepers;
                if (m_queue.empty())
                    return; // shut down and drained
            }
            item = std::move(m_queue.front());
            m_queue.pop_front();
            idleTokenReleased = false;
        }
        runItem(item, index, &idleTokenReleased);
    }
}

void ThreadPoolExecutor::runItem(const std::shared_ptr<FutureShared> &item, int worker, bool *idleTokenReleased)
{
    TaskFuture future(item);
    Task task;
    const bool run = startFuture(future, [&](FutureShared &d) {
        task = std::move(d.task);
        if (d.recorder)
            d.recorder->record(EventKind::Start, d.index, qint16(worker));
    });
    if (!run) {
        // The cancel only marked the future; this is where the queue lets go of it.
        std::lock_guard lock(item->mutex);
        item->task = nullptr;
        if (item->recorder)
            item->recorder->record(EventKind::CancelSkip, item->index, qint16(worker));
        return;
    }
    TaskContext ctx;
    ctx.taskIndex = item->index;
    ctx.worker = qint16(worker);
    ctx.recorder = item->recorder;
    QVariant value;
    std::exception_ptr error;
    try {
        value = task(ctx);
    } catch (...) {
        error = std::current_exception();
        ctx.outcome = Outcome::Failed;
    }
    task = nullptr; // release captures before waking waiters
    {
        // Find the queue empty now, before the result wakes the caller: a caller that submits again as soon
        // as it sees this result must find this worker's idle token (test_idle_thread_reuse).
        std::lock_guard lock(m_mutex);
        if (m_queue.empty() && !m_shutdown) {
            ++m_idleTokens;
            *idleTokenReleased = true;
        }
    }
    finishFuture(future, std::move(value), std::move(error), [&](FutureShared &d) {
        if (d.recorder)
            d.recorder->record(EventKind::End, d.index, qint16(worker), quint8(ctx.outcome), ctx.stepsDone);
    });
}

void ThreadPoolExecutor::shutdown(bool wait, bool cancelFutures)
{
    {
        // As CPython's _shutdown_lock: a second shutdown() waits until the first has cancelled what it
        // drained, so a shutdown(wait=True) never returns while drained futures are still pending.
        std::lock_guard shutdownLock(m_shutdownMutex);
        std::vector<std::shared_ptr<FutureShared>> drained;
        {
            std::lock_guard lock(m_mutex);
            m_shutdown = true;
            if (cancelFutures) {
                drained.assign(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.end()));
                m_queue.clear();
            }
            qCDebug(lcExecutor) << "shutdown" << wait << cancelFutures << drained.size() << "drained";
        }
        m_workAvailable.notify_all();
        // Drained futures stay Cancelled for ever: no worker will dequeue them (CPython does the same).
        for (auto &d : drained)
            cancelFuture(TaskFuture(d), CancelByShutdownFlag);
    }
    if (!wait)
        return;
    std::lock_guard joinLock(m_joinMutex);
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        threads.swap(m_threads);
    }
    for (auto &t : threads) {
        if (t.joinable())
            t.join();
    }
    std::lock_guard lock(m_mutex);
    // Keep the count of threads that existed for threadCount(); they are joined.
    m_joined += int(threads.size());
}

int ThreadPoolExecutor::threadCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_threads.size()) + m_joined;
}

bool ThreadPoolExecutor::isShutdown() const
{
    std::lock_guard lock(m_mutex);
    return m_shutdown;
}

} // namespace poolscope
