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

namespace {
// How often an idle worker looks at the queue (yielding now and then) before it sleeps.
constexpr int SpinChecks = 256;

// The queue's lock is held for a few instructions at a time: trying again a few times costs less than
// sleeping in the kernel and being woken, which is what a contended std::mutex does.
void lockBriefly(std::unique_lock<std::mutex> &lock)
{
    for (int i = 0; i < 64; ++i) {
        if (lock.try_lock())
            return;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    lock.lock();
}
} // namespace

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
        std::unique_lock lock(m_mutex, std::defer_lock);
        lockBriefly(lock);
        if (m_shutdown)
            throw ExecutorShutdownError();
        shared->index = m_nextIndex++;
        // Recorded under the queue lock so submit events are in queue order.
        if (m_recorder)
            m_recorder->record(EventKind::Submit, shared->index);
        m_queue.push_back(shared);
        m_queued.store(m_queue.size(), std::memory_order_release);
        adjustThreadCount();
        wake = m_sleepers > 0;
    }
    if (wake)
        m_workAvailable.notify_one();
    return TaskFuture(std::move(shared));
}

std::vector<TaskFuture> ThreadPoolExecutor::submitMany(quint32 count, const std::function<Task(quint32)> &taskAt)
{
    std::vector<std::shared_ptr<FutureShared>> items;
    items.reserve(count);
    for (quint32 i = 0; i < count; ++i) {
        auto shared = std::make_shared<FutureShared>();
        shared->recorder = m_recorder;
        shared->clock = m_clock;
        shared->task = taskAt(i);
        if (!shared->task)
            throw std::invalid_argument("submit needs a callable");
        items.push_back(std::move(shared));
    }
    int wake = 0;
    {
        std::unique_lock lock(m_mutex, std::defer_lock);
        lockBriefly(lock);
        if (m_shutdown)
            throw ExecutorShutdownError();
        for (auto &shared : items) {
            shared->index = m_nextIndex++;
            if (m_recorder)
                m_recorder->record(EventKind::Submit, shared->index);
            m_queue.push_back(shared);
            adjustThreadCount();
        }
        m_queued.store(m_queue.size(), std::memory_order_release);
        wake = m_sleepers;
    }
    if (wake == 1 || (wake > 1 && count == 1))
        m_workAvailable.notify_one();
    else if (wake > 1)
        m_workAvailable.notify_all();
    std::vector<TaskFuture> futures;
    futures.reserve(count);
    for (auto &shared : items)
        futures.emplace_back(std::move(shared));
    return futures;
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
            std::unique_lock lock(m_mutex, std::defer_lock);
            lockBriefly(lock);
            if (m_queue.empty()) {
                if (canExit())
                    return;
                // As CPython 3.12+: an idle token is released only when this worker finds no work.
                if (!idleTokenReleased)
                    ++m_idleTokens;
                idleTokenReleased = false;
                // A caller submitting a burst would otherwise wake this thread through the kernel once per
                // task: look again for a few microseconds before sleeping.
                lock.unlock();
                for (int i = 0; i < SpinChecks && m_queued.load(std::memory_order_acquire) == 0; ++i) {
                    if (i % 16 == 15)
                        std::this_thread::yield();
                }
                lock.lock();
            }
            if (m_queue.empty()) {
                if (canExit())
                    return;
                ++m_sleepers;
                m_workAvailable.wait(lock, [this] { return !m_queue.empty() || canExit(); });
                --m_sleepers;
                if (m_queue.empty())
                    return; // shut down and drained
            }
            item = std::move(m_queue.front());
            m_queue.pop_front();
            m_queued.store(m_queue.size(), std::memory_order_release);
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
    // Find the queue empty now, before the result wakes the caller: a caller that submits again as soon
    // as it sees this result must find this worker's idle token (test_idle_thread_reuse). A queue that is
    // not empty (the count is published under the lock) needs no look under the lock.
    if (m_queued.load(std::memory_order_acquire) == 0) {
        std::unique_lock lock(m_mutex, std::defer_lock);
        lockBriefly(lock);
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
                m_queued.store(0, std::memory_order_release);
                // CPython puts the sentinel that lets workers exit only after these cancels: a worker must
                // not leave (and a shutdown(wait=True) elsewhere return) while they are still pending.
                ++m_cancelling;
            }
            qCDebug(lcExecutor) << "shutdown" << wait << cancelFutures << drained.size() << "drained";
        }
        m_workAvailable.notify_all();
        // Drained futures stay Cancelled for ever: no worker will dequeue them (CPython does the same).
        for (auto &d : drained)
            cancelFuture(TaskFuture(d), CancelByShutdownFlag);
        if (cancelFutures) {
            {
                std::lock_guard lock(m_mutex);
                --m_cancelling;
            }
            m_workAvailable.notify_all();
        }
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
