// SPDX-License-Identifier: MIT
#include "models/java/threadpoolexecutor.h"

#include "clock/runclock.h"
#include "models/java/futuretask.h"
#include "record/recorder.h"

#include <pthread.h>

namespace poolscope::java {

struct ThreadPoolExecutor::Worker
{
    explicit Worker(qint16 lane) : thread(lane) { }
    JavaThread thread;
    std::shared_ptr<FutureTask> first; // the task it was started with (Java's firstTask)
    std::shared_ptr<FutureTask> current; // what it runs now
    std::thread os;
    bool alive = true; // counted in the pool's size
    bool exited = false; // done with the pool's lock for good: its slot can be joined and re-used
};

ThreadPoolExecutor::ThreadPoolExecutor(const PoolSettings &settings, qint64 keepAliveNs, RunClock &clock,
                                       Parking &parking, JavaThread &caller, Recorder *recorder)
    : m_settings(settings)
    , m_keepAliveNs(keepAliveNs)
    , m_clock(clock)
    , m_parking(parking)
    , m_caller(caller)
    , m_recorder(recorder)
{
    m_workers.resize(size_t(std::max(1, settings.maxThreads)));
}

ThreadPoolExecutor::~ThreadPoolExecutor()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_state < RunState::Stop)
            m_state = RunState::Stop;
        m_queue.clear();
        m_tornDown = true;
        for (auto &w : m_workers) {
            if (w && w->alive)
                m_parking.interrupt(w->thread);
        }
    }
    m_workAvailable.notify_all();
    m_terminated.notify_all();
    for (auto &w : m_workers) {
        if (w && w->os.joinable())
            w->os.join();
    }
}

void ThreadPoolExecutor::record(EventKind kind, quint32 task, qint16 lane, quint8 flags, qint32 value) const
{
    if (m_recorder)
        m_recorder->record(kind, task, lane, flags, value);
}

ThreadPoolExecutor::Fate ThreadPoolExecutor::execute(const std::shared_ptr<FutureTask> &task)
{
    Lock lock(m_mutex);
    // Java 17's execute(), step by step.
    if (m_poolSize < m_settings.coreThreads && addWorker(task, true, lock))
        return Fate::Started;
    if (m_state == RunState::Running && offer(task)) {
        if (m_poolSize == 0)
            addWorker(nullptr, false, lock);
        return Fate::Queued;
    }
    if (addWorker(task, false, lock))
        return Fate::Started;
    return reject(task, lock);
}

bool ThreadPoolExecutor::offer(const std::shared_ptr<FutureTask> &task)
{
    const int capacity = m_settings.queueCapacity;
    // A SynchronousQueue takes a task only when a thread waits to take it.
    const bool room = capacity == UnboundedQueue || (capacity > 0 && int(m_queue.size()) < capacity)
            || (capacity == 0 && m_idleTakers > int(m_queue.size()));
    if (!room)
        return false;
    m_queue.push_back(task);
    m_workAvailable.notify_all();
    return true;
}

bool ThreadPoolExecutor::addWorker(const std::shared_ptr<FutureTask> &first, bool core, Lock &)
{
    // A shut-down pool starts a thread only to finish its queue (never with a task of its own).
    if (m_state >= RunState::Stop || (m_state == RunState::Shutdown && (first || m_queue.empty())))
        return false;
    if (m_poolSize >= (core ? m_settings.coreThreads : m_settings.maxThreads))
        return false;
    qint16 lane = -1;
    for (size_t i = 0; i < m_workers.size(); ++i) {
        if (!m_workers[i] || m_workers[i]->exited) {
            lane = qint16(i);
            break;
        }
    }
    if (lane < 0)
        return false; // every lane's thread still ends its run: as if the pool were full
    std::unique_ptr<Worker> &slot = m_workers[size_t(lane)];
    if (slot && slot->os.joinable())
        slot->os.join(); // it has let go of the lock for good: this returns at once
    slot = std::make_unique<Worker>(lane);
    Worker *w = slot.get();
    w->first = first;
    ++m_poolSize;
    m_largestPoolSize = std::max(m_largestPoolSize, m_poolSize);
    record(EventKind::ThreadStart, NoTask, lane, 0, m_poolSize);
    w->os = std::thread([this, w] { runWorker(*w); });
    return true;
}

ThreadPoolExecutor::Fate ThreadPoolExecutor::reject(const std::shared_ptr<FutureTask> &task, Lock &lock)
{
    // The standard policies; CallerRunsPolicy and DiscardOldestPolicy do nothing once the pool is shut down.
    const bool shutDown = m_state != RunState::Running;
    switch (m_settings.rejection) {
    case Rejection::Abort:
        record(EventKind::Reject, task->task(), CallerThread, quint8(Outcome::Rejected));
        return Fate::Rejected;
    case Rejection::Discard:
        break;
    case Rejection::CallerRuns:
        if (shutDown)
            break;
        lock.unlock();
        task->run(m_caller);
        return Fate::RanOnCaller;
    case Rejection::DiscardOldest:
        if (shutDown)
            break;
        if (!m_queue.empty()) {
            const std::shared_ptr<FutureTask> oldest = std::move(m_queue.front());
            m_queue.pop_front();
            record(EventKind::Reject, oldest->task(), CallerThread, quint8(Outcome::Discarded));
        }
        lock.unlock();
        return execute(task);
    }
    record(EventKind::Reject, task->task(), CallerThread, quint8(Outcome::Discarded));
    return Fate::Discarded;
}

void ThreadPoolExecutor::runWorker(Worker &w)
{
    const QByteArray name = "pool-1-thread-" + QByteArray::number(w.thread.lane() + 1);
    pthread_setname_np(pthread_self(), name.left(15).constData());
    std::shared_ptr<FutureTask> task = std::move(w.first);
    for (;;) {
        if (!task)
            task = getTask(w);
        if (!task)
            break;
        {
            std::lock_guard lock(m_mutex);
            w.current = task;
            // A stopping pool keeps its threads interrupted; otherwise an interrupt the last task left
            // behind (ignored, or restored as it returned) never reaches the next one.
            if (m_state >= RunState::Stop) {
                if (!w.thread.isInterrupted())
                    m_parking.interrupt(w.thread);
            } else {
                w.thread.interrupted();
            }
        }
        task->run(w.thread);
        {
            std::lock_guard lock(m_mutex);
            w.current = nullptr;
        }
        task = nullptr;
    }
    std::lock_guard lock(m_mutex);
    tryTerminate();
    w.exited = true;
}

std::shared_ptr<FutureTask> ThreadPoolExecutor::getTask(Worker &w)
{
    Lock lock(m_mutex);
    bool timedOut = false;
    auto leave = [&] {
        --m_poolSize;
        w.alive = false;
        record(EventKind::ThreadExit, NoTask, w.thread.lane(), 0, m_poolSize);
        return nullptr;
    };
    for (;;) {
        if (m_tornDown || (m_state >= RunState::Shutdown && (m_state >= RunState::Stop || m_queue.empty())))
            return leave();
        const bool timed = m_poolSize > m_settings.coreThreads;
        if (timed && timedOut && (m_poolSize > 1 || m_queue.empty()))
            return leave();
        if (!m_queue.empty()) {
            std::shared_ptr<FutureTask> task = std::move(m_queue.front());
            m_queue.pop_front();
            return task;
        }
        auto woken = [this] { return !m_queue.empty() || m_state >= RunState::Shutdown || m_tornDown; };
        ++m_idleTakers;
        if (timed) {
            // A thread beyond the core waits keepAlive for work (queue.poll(keepAlive)), then ends.
            timedOut = !m_clock.waitUntil(lock, m_workAvailable, m_clock.nowNs() + m_keepAliveNs, woken);
        } else {
            m_workAvailable.wait(lock, woken);
        }
        --m_idleTakers;
    }
}

void ThreadPoolExecutor::tryTerminate()
{
    if (m_state == RunState::Running || m_state == RunState::Terminated)
        return;
    if (m_state == RunState::Shutdown && !m_queue.empty())
        return;
    if (m_poolSize > 0) {
        m_workAvailable.notify_all(); // idle threads see the pool is done
        return;
    }
    m_state = RunState::Terminated;
    m_terminated.notify_all();
}

void ThreadPoolExecutor::shutdown()
{
    std::lock_guard lock(m_mutex);
    if (m_state < RunState::Shutdown)
        m_state = RunState::Shutdown;
    // Java interrupts the idle threads here; an idle thread's interrupt only wakes it (its take() throws
    // and clears it), which the notify does.
    m_workAvailable.notify_all();
    tryTerminate();
}

void ThreadPoolExecutor::interruptWorkers()
{
    for (auto &w : m_workers) {
        if (!w || !w->alive || w->thread.isInterrupted())
            continue;
        record(EventKind::Interrupt, w->current ? w->current->task() : NoTask, w->thread.lane(),
               InterruptByShutdownNowFlag);
        m_parking.interrupt(w->thread);
    }
}

std::vector<std::shared_ptr<FutureTask>> ThreadPoolExecutor::shutdownNow()
{
    std::lock_guard lock(m_mutex);
    if (m_state < RunState::Stop)
        m_state = RunState::Stop;
    interruptWorkers();
    std::vector<std::shared_ptr<FutureTask>> drained(std::make_move_iterator(m_queue.begin()),
                                                     std::make_move_iterator(m_queue.end()));
    m_queue.clear();
    for (const auto &task : drained)
        record(EventKind::Drain, task->task(), CallerThread);
    m_workAvailable.notify_all();
    tryTerminate();
    return drained;
}

bool ThreadPoolExecutor::awaitTermination(qint64 ns)
{
    Lock lock(m_mutex);
    return m_clock.waitUntil(lock, m_terminated, m_clock.nowNs() + std::max<qint64>(0, ns),
                             [this] { return m_state == RunState::Terminated || m_tornDown; })
            && m_state == RunState::Terminated;
}

void ThreadPoolExecutor::awaitTermination()
{
    Lock lock(m_mutex);
    m_terminated.wait(lock, [this] { return m_state == RunState::Terminated || m_tornDown; });
}

void ThreadPoolExecutor::tearDown()
{
    {
        std::lock_guard lock(m_mutex);
        m_tornDown = true;
    }
    m_workAvailable.notify_all();
    m_terminated.notify_all();
}

bool ThreadPoolExecutor::isShutdown() const
{
    std::lock_guard lock(m_mutex);
    return m_state != RunState::Running;
}

bool ThreadPoolExecutor::isTerminated() const
{
    std::lock_guard lock(m_mutex);
    return m_state == RunState::Terminated;
}

int ThreadPoolExecutor::poolSize() const
{
    std::lock_guard lock(m_mutex);
    return m_poolSize;
}

int ThreadPoolExecutor::largestPoolSize() const
{
    std::lock_guard lock(m_mutex);
    return m_largestPoolSize;
}

int ThreadPoolExecutor::queueSize() const
{
    std::lock_guard lock(m_mutex);
    return int(m_queue.size());
}

std::vector<quint32> ThreadPoolExecutor::runningTasks() const
{
    std::lock_guard lock(m_mutex);
    std::vector<quint32> running;
    for (const auto &w : m_workers) {
        if (w && w->current && w->current->isRunning())
            running.push_back(w->current->task());
    }
    return running;
}

} // namespace poolscope::java
