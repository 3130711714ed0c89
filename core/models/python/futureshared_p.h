// SPDX-License-Identifier: MIT
// Internal: the state behind TaskFuture, shared by the executor and wait()/as_completed().
#pragma once

#include "models/python/taskcontext.h"
#include "models/python/taskfuture.h"

#include <condition_variable>
#include <mutex>
#include <vector>

namespace poolscope {

class Recorder;
class RunClock;

// CPython's waiter objects (_Waiter, _AsCompletedWaiter, _FirstCompletedWaiter, _AllCompletedWaiter),
// plus the Condition kind that stands for the future's own condition variable (result()/exception()).
// A waiter lives on the waiting thread's stack and is registered with each future it waits for.
class FutureWaiter
{
public:
    enum class Kind { Condition, AsCompleted, FirstCompleted, FirstException, AllCompleted };
    explicit FutureWaiter(Kind kind) : m_kind(kind) { }

    Kind kind() const { return m_kind; }
    void addResult(const TaskFuture &f);
    void addException(const TaskFuture &f);
    void addCancelled(const TaskFuture &f);
    void notifyCondition(); // Condition waiters only
    // Installed one future at a time, a waiter counts arrivals before it knows how many to expect;
    // arm() adds the number of futures that were not done when it was installed.
    void arm(int pendingCalls);

    // Waits until triggered or the deadline passes. Returns whether it was triggered.
    // deadline in the clock's run time; nullopt: none.
    bool waitUntil(RunClock &clock, std::optional<qint64> deadlineNs);
    std::vector<TaskFuture> takeFinished(); // and re-arms the trigger (as_completed's event.clear())

private:
    void add(const TaskFuture &f, bool isException, bool isCancelled);

    const Kind m_kind;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<TaskFuture> m_finished;
    int m_pending = 0;
    bool m_armed = false;
    bool m_triggered = false;
};

struct FutureShared
{
    std::mutex mutex;
    FutureState state = FutureState::Pending;
    quint32 index = NoTask;
    Recorder *recorder = nullptr;
    RunClock *clock = nullptr; // timed waits on it read this clock (nullptr: the system clock)
    TaskBody task; // released once run or skipped
    QVariant result;
    std::exception_ptr error;
    std::vector<TaskFuture::DoneCallback> callbacks;
    std::vector<FutureWaiter *> waiters;
};

using FutureLock = std::unique_lock<std::mutex>;

// The transitions, each under the future's lock; the hooks run inside it (to record events in order).
bool cancelFuture(const TaskFuture &f, quint8 extraRecordFlags);
bool startFuture(const TaskFuture &f, const std::function<void(FutureShared &)> &onStart);
void finishFuture(const TaskFuture &f, QVariant value, std::exception_ptr error,
                  const std::function<void(FutureShared &)> &onFinish);

inline bool isDoneForWaiters(FutureState s)
{
    return s == FutureState::CancelledAndNotified || s == FutureState::Finished;
}

} // namespace poolscope
