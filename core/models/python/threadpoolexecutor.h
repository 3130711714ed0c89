// SPDX-License-Identifier: MIT
// Python's concurrent.futures.ThreadPoolExecutor.
#pragma once

#include "models/python/taskcontext.h"
#include "models/python/taskfuture.h"

#include <QString>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace poolscope {

class Recorder;
class RunClock;

// CPython's concurrent.futures.ThreadPoolExecutor, with its scheduling: threads are started lazily (one
// per submit while no worker is idle, up to maxWorkers), take work FIFO, and skip cancelled items
// (cancel() only marks the future: O(1)). shutdown() lets queued work run unless cancelFutures.
// Built on std:: primitives so ThreadSanitizer sees every synchronisation.
class ThreadPoolExecutor
{
public:
    using Task = TaskBody;

    explicit ThreadPoolExecutor(int maxWorkers, Recorder *recorder = nullptr, QString threadNamePrefix = "worker");
    ~ThreadPoolExecutor(); // shutdown(wait=true), as leaving a `with` block
    ThreadPoolExecutor(const ThreadPoolExecutor &) = delete;
    ThreadPoolExecutor &operator=(const ThreadPoolExecutor &) = delete;

    // Throws ExecutorShutdownError after shutdown, std::invalid_argument for an empty task.
    TaskFuture submit(Task task);
    TaskFuture submit(std::function<QVariant()> task);
    // count submits in a row, as a caller's loop would make them, under one lock: the same queue, the same
    // threads started, the same Submit events; the workers are woken once. Throws ExecutorShutdownError
    // (and submits nothing) after shutdown.
    std::vector<TaskFuture> submitMany(quint32 count, const std::function<Task(quint32)> &taskAt);

    void shutdown(bool wait = true, bool cancelFutures = false);

    int maxWorkers() const { return m_maxWorkers; }
    int threadCount() const; // threads started so far
    bool isShutdown() const;
    Recorder *recorder() const { return m_recorder; }

private:
    void adjustThreadCount(); // with m_mutex held
    void workerLoop(int index);
    void runItem(const std::shared_ptr<FutureShared> &item, int worker, bool *idleTokenReleased);

    const int m_maxWorkers;
    Recorder *const m_recorder;
    const QString m_prefix;
    RunClock *const m_clock; // the recorder's, for the futures' timed waits

    mutable std::mutex m_mutex;
    std::condition_variable m_workAvailable;
    std::deque<std::shared_ptr<FutureShared>> m_queue;
    std::atomic<size_t> m_queued { 0 }; // m_queue's size, for idle workers to glance at without the lock
    std::vector<std::thread> m_threads;
    int m_idleTokens = 0; // CPython's _idle_semaphore (3.12+: released when a worker finds the queue empty)
    int m_sleepers = 0; // workers blocked on m_workAvailable; notify only when someone sleeps
    int m_joined = 0; // threads joined by shutdown(wait=true)
    quint32 m_nextIndex = 0;
    bool m_shutdown = false;
    int m_cancelling = 0; // shutdown(cancel_futures=True) calls still cancelling what they drained
    bool canExit() const { return m_shutdown && m_cancelling == 0; } // with m_mutex held
    std::mutex m_shutdownMutex; // held while shutdown() drains and cancels (CPython's _shutdown_lock)
    std::mutex m_joinMutex; // serialises concurrent shutdown(wait=true) calls joining the threads
};

} // namespace poolscope
