// SPDX-License-Identifier: MIT
// Java's FutureTask: what submit() returns, and what a worker (or the caller) runs.
#pragma once

#include "record/recordedevent.h"

#include <functional>
#include <mutex>

namespace poolscope {
class Recorder;
}

namespace poolscope::java {

class JavaThread;
class Parking;

// What a task body reports to the future that runs it.
struct TaskRun
{
    JavaThread &thread;
    Outcome outcome = Outcome::Completed;
    qint32 stepsDone = 0;
};
using TaskBody = std::function<void(TaskRun &)>; // throws for a failed task

// java.util.concurrent.FutureTask with its rules: cancel() succeeds on any future not yet completed
// (running or not), and on a running one with mayInterruptIfRunning interrupts its runner; the body then
// runs on, and its result is dropped. A cancelled future is never run: the worker that dequeues it skips
// it. A future that nobody runs (discarded, drained) never completes. Start, end, skip and cancel are
// recorded under the future's lock, so the story is told in the order it happened.
class FutureTask
{
public:
    enum class State : quint8 { New, Normal, Exceptional, Cancelled };

    FutureTask(quint32 task, TaskBody body, Recorder *recorder = nullptr);
    FutureTask(const FutureTask &) = delete;
    FutureTask &operator=(const FutureTask &) = delete;

    quint32 task() const { return m_task; }
    // run() on `thread`: runs the body unless cancelled (then records the skip). Returns whether it ran.
    bool run(JavaThread &thread);
    bool cancel(bool mayInterruptIfRunning, Parking &parking);
    State state() const;
    bool isDone() const { return state() != State::New; }
    bool isCancelled() const { return state() == State::Cancelled; }
    bool isRunning() const; // a thread runs its body now

private:
    const quint32 m_task;
    Recorder *const m_recorder;
    mutable std::mutex m_mutex;
    TaskBody m_body; // released once run
    State m_state = State::New;
    JavaThread *m_runner = nullptr;
};

} // namespace poolscope::java
