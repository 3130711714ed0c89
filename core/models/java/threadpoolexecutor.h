// SPDX-License-Identifier: MIT
// Java's java.util.concurrent.ThreadPoolExecutor (Java 17), with its queue and rejection handler.
#pragma once

#include "models/java/javapool.h"
#include "models/java/parking.h"
#include "record/recordedevent.h"

#include <QtGlobal>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace poolscope {
class Recorder;
class RunClock;
}

namespace poolscope::java {

class FutureTask;

// Java's rules for execute(): a new thread per task while fewer than corePoolSize threads exist (even if
// one is idle), else the queue, else a new thread up to maximumPoolSize when the queue is full, else the
// rejection handler. Threads beyond the core end after keepAlive idle. shutdown() lets queued work run and
// refuses new work; shutdownNow() interrupts every thread and drains the queue. A worker clears its
// thread's interrupt status before each task (unless the pool is stopping). Threads are drawn on lanes
// 0 .. maxThreads-1, a lane re-used once its thread has ended. Built on std:: primitives (TSan sees them).
class ThreadPoolExecutor
{
public:
    // What became of a task given to execute().
    enum class Fate : quint8 {
        Queued, // in the queue
        Started, // the first task of a new thread
        Rejected, // AbortPolicy: execute() would throw RejectedExecutionException
        Discarded, // a policy dropped it: its future never completes
        RanOnCaller, // CallerRunsPolicy ran it on the calling thread, which is done with it
    };

    // caller: the thread that calls execute(), for CallerRunsPolicy. keepAliveNs in run time.
    ThreadPoolExecutor(const PoolSettings &settings, qint64 keepAliveNs, RunClock &clock, Parking &parking,
                       JavaThread &caller, Recorder *recorder = nullptr);
    ~ThreadPoolExecutor(); // stops (interrupts, drains) and joins every thread, without recording
    ThreadPoolExecutor(const ThreadPoolExecutor &) = delete;
    ThreadPoolExecutor &operator=(const ThreadPoolExecutor &) = delete;

    Fate execute(const std::shared_ptr<FutureTask> &task);
    void shutdown();
    // Interrupts every thread, drains the queue and returns what never started, in queue order.
    std::vector<std::shared_ptr<FutureTask>> shutdownNow();
    bool awaitTermination(qint64 ns); // run time; true if the pool has terminated
    void awaitTermination(); // no timeout
    void tearDown(); // the run is over: waits return at once, idle threads leave

    bool isShutdown() const;
    bool isTerminated() const;
    int poolSize() const; // getPoolSize()
    int largestPoolSize() const; // getLargestPoolSize()
    int queueSize() const;
    std::vector<quint32> runningTasks() const; // what the pool's threads run now, by lane

private:
    enum class RunState : quint8 { Running, Shutdown, Stop, Terminated };
    struct Worker;
    using Lock = std::unique_lock<std::mutex>;

    bool addWorker(const std::shared_ptr<FutureTask> &first, bool core, Lock &lock);
    bool offer(const std::shared_ptr<FutureTask> &task); // the queue's offer(), with m_mutex held
    Fate reject(const std::shared_ptr<FutureTask> &task, Lock &lock);
    void runWorker(Worker &w);
    std::shared_ptr<FutureTask> getTask(Worker &w);
    void tryTerminate(); // with m_mutex held
    void interruptWorkers(); // with m_mutex held: shutdownNow()
    void record(EventKind kind, quint32 task, qint16 lane, quint8 flags = 0, qint32 value = 0) const;

    const PoolSettings m_settings;
    const qint64 m_keepAliveNs;
    RunClock &m_clock;
    Parking &m_parking;
    JavaThread &m_caller;
    Recorder *const m_recorder;

    mutable std::mutex m_mutex; // Java's mainLock, and the queue's lock
    std::condition_variable m_workAvailable; // the queue gained a task, or the pool's state changed
    std::condition_variable m_terminated;
    std::deque<std::shared_ptr<FutureTask>> m_queue;
    std::vector<std::unique_ptr<Worker>> m_workers; // by lane; a slot whose thread ended is re-used
    RunState m_state = RunState::Running;
    int m_poolSize = 0; // Java's workerCount
    int m_largestPoolSize = 0;
    int m_idleTakers = 0; // threads blocked in take()/poll(): a SynchronousQueue hands a task to one
    bool m_tornDown = false;
};

} // namespace poolscope::java
