// SPDX-License-Identifier: MIT
// What one recorded event meant, once interpreted: the form every view and writer reads.
#pragma once

#include "record/recordedevent.h"

namespace poolscope {

// Where the caller thread is blocked, if anywhere.
enum class CallerBlock : quint8 {
    None,
    Shutdown, // shutdown(wait=True) (or the model's own shutdown that waits)
    FinalWait, // leaving the `with` block: waiting for every task
    AwaitTermination, // Java's awaitTermination(timeout)
    Wait, // a wait call of the program's on one future or the pool (Qt's waitForFinished(), waitForDone())
    FuturesCall, // a recorded program's wait() or as_completed()
};

// RunState::apply() returns one for every event: the event in model-neutral terms, with the context the
// event alone does not carry (was the task running when cancel() refused? how late did it stop?).
struct Happening
{
    enum Kind : quint8 {
        Nothing, // an event that changes nothing
        Submitted,
        Started,
        StepDone,
        CancelAccepted, // cancel() → true on a pending task (again: `repeated`)
        CancelRefused, // cancel() → false: see `refusal`
        CancelledRunning, // cancel() → true on a running task: the future is cancelled, the body runs on (Java)
        CancelledByShutdown, // the pool cancelled a pending task itself (shutdown(cancel_futures=True))
        Skipped, // a worker dequeued a cancelled task and dropped it
        StopSet,
        StopCleared,
        StopSeen, // the task saw the event set and returns early
        Ended,
        ShutdownCalled, // flags: ShutdownWaitFlag, ShutdownCancelFuturesFlag
        ShutdownReturned,
        FinalWaitBegan,
        FinalWaitEnded,
        Paused, // the gate closed (flags 1: by the window)
        Resumed,
        Held, // a task waits at the closed gate (flags HoldSuspendedFlag: in suspendIfRequested())
        Released,
        // Java's
        InterruptSent, // a pool thread was interrupted (task: what it runs, or NoTask); flags: the event's
        InterruptSeen, // the task saw its interrupt; flags: InterruptSwallowedFlag
        Rejected, // the pool refused the task: `outcome` Rejected (submit threw) or Discarded (dropped)
        Drained, // shutdownNow() took it from the queue unstarted
        ThreadStarted, // `value`: the pool's size after
        ThreadEnded, // `value`: the pool's size after
        AwaitBegan, // the caller blocks in awaitTermination; `value`: its timeout in ms
        AwaitEnded, // flags: AwaitTerminatedFlag
        CancelledAfterEnd, // cancel() on a task that had ended, and the future says cancelled (Qt)
        SuspendRequested, // suspend() on a future (Qt)
        ResumeRequested, // resume() on a future (Qt)
        QueueCleared, // the pool dropped its queued work (steps: how many tasks)
        WaitCalled, // the caller blocks in a wait on one future (task) or the pool (NoTask)
        WaitReturned, // flags WaitThrewFlag: it rethrew the task's exception
        // A recorded program's:
        CancelledInternally, // the library cancelled a pending task itself, not by shutdown (map())
        Checked, // a running task asked an Event: `value` is the Event, CheckSetFlag in `flags` the answer
        CallBegan, // a thread blocked in wait()/as_completed(): flags = BlockingCall, value = futures
        CallEnded, // it returned: value = futures done (wait()); task = the future yielded (as_completed())
    };
    enum class Refusal : quint8 {
        None,
        Running, // it was running
        Done, // it had ended
        Cancelled, // its future was cancelled already (Java: a second cancel returns false)
    };

    Kind kind = Nothing;
    Refusal refusal = Refusal::None;
    Outcome outcome = Outcome::None; // Ended
    quint8 flags = 0; // the event's
    bool repeated = false; // CancelAccepted on a future already cancelled
    bool ignoredStop = false; // Ended: the event was set while it ran and it never looked
    qint16 worker = CallerThread;
    quint32 task = NoTask;
    qint32 steps = 0; // steps done (StepDone, StopSeen, Ended, Checked: checks made); the gate's step (Held, Released)
    // The event's value where it names something: the Event (StopSet, StopCleared, Checked), the pool
    // (Submitted, ShutdownCalled, ShutdownReturned), a count (CallBegan, CallEnded), the pool's size
    // (ThreadStarted, ThreadEnded), the timeout in ms (AwaitBegan).
    qint32 value = 0;
    qint32 stepsAfterStop = 0; // Ended with ignoredStop: steps it ran after the first set
    qint64 tNs = 0;
    qint64 latencyNs = -1; // StopSeen and a stopped task's Ended: from the set it saw
};

} // namespace poolscope
