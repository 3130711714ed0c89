// SPDX-License-Identifier: MIT
// One run of Qt's pool: a QThreadPool, QtConcurrent::run with a QPromise, the futures, and the task body.
#pragma once

#include "models/model.h"
#include "models/python/stopevent.h"

#include <QFuture>
#include <QPromise>
#include <QThreadPool>
#include <atomic>
#include <mutex>
#include <vector>

namespace poolscope {

class RunContext;

// Qt itself, recorded: the tasks are QtConcurrent::run(&pool, body) on a QThreadPool of its own
// (maxThreadCount = workers), and every call is the real QFuture's. What the recording adds is only where
// each thing happened and in which order: a task's start, a cancel() or suspend() on it and its end are
// recorded under one lock (m_orderMutex), so the events say which came first, as it really was.
class QtRun final : public ModelRun
{
public:
    explicit QtRun(RunContext &ctx);
    ~QtRun() override; // wakes what is suspended, then waits for the pool

    bool submit(quint32 task) override;
    void perform(const ActionCall &call) override;
    void finish() override;
    void abort() override;
    void drain() override;
    std::vector<quint32> runningTasks() const override;

    // The callable QtConcurrent::run holds calls these (on whichever thread runs or drops it).
    void runTask(QPromise<void> &promise, quint32 task);
    void droppedUnrun(quint32 task); // the pool let go of a task's runnable before the body ran

private:
    enum class Phase : quint8 { Queued, Running, Ended };
    struct Target
    {
        quint32 task;
        QFuture<void> future;
    };
    qint16 currentLane(); // a pool thread's index, or CallerThread
    // The futures a call names (every one submitted so far if `every` or it names none); an index never
    // submitted is reported.
    std::vector<Target> targetsOf(const ActionCall &call, bool every);
    void cancel(quint32 task, QFuture<void> future);
    void setSuspended(quint32 task, QFuture<void> future, bool suspend);
    void clearQueue();
    void wait(const ActionCall &call);
    void cancelUnended(bool record);
    // The body's step boundary: suspendIfRequested(), recorded when it holds.
    void suspendIfRequested(QPromise<void> &promise, quint32 task, qint16 lane, int stepsDone);
    void end(quint32 task, qint16 lane, Outcome outcome, int stepsDone);

    RunContext &m_ctx;
    const quint64 m_serial; // tells this run's pool threads from another run's (thread_local lanes)
    StopEvent m_event;
    QThreadPool m_pool;
    std::atomic<int> m_nextLane { 0 };

    mutable std::mutex m_mutex; // m_futures
    std::vector<QFuture<void>> m_futures; // by task index
    // Held while a task starts or ends and while the caller cancels, suspends or resumes it, so their
    // events are recorded in the order they happened.
    mutable std::mutex m_orderMutex;
    std::vector<Phase> m_phase; // by task index
};

} // namespace poolscope
