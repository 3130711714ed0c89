// SPDX-License-Identifier: MIT
// What a person sees of one task at some moment.
#pragma once

#include "record/recordedevent.h"

#include <algorithm>
#include <vector>

namespace poolscope {

// Every model's states; a model uses those its rules can reach.
enum class TaskState : quint8 {
    Pending,
    Running,
    Completed,
    Stopped,
    Cancelled,
    Failed,
    Interrupted,
    Rejected,
    Discarded,
    Drained,
};
constexpr int TaskStateCount = 10;
const char *taskStateName(TaskState state);
TaskState stateForOutcome(Outcome outcome); // the state a task ends in
Outcome outcomeForState(TaskState state); // None while it is pending or running

// What the first cancel() on a task found (Qt: only the first one sets the flag; later ones do nothing).
enum class CancelFound : quint8 {
    None,
    Pending, // it never starts
    Running, // its future says cancelled while the body runs on until it looks
    Ended, // it had ended: the future says cancelled all the same (Qt)
};

struct TaskStatus
{
    TaskState state = TaskState::Pending;
    bool submitted = false;
    bool cancelledByShutdown = false;
    // cancel() → true while it ran (its future is cancelled, the body runs on), or after a rejection policy
    // or shutdownNow() dropped it (Java: its future is cancelled, though it never ran)
    bool futureCancelled = false;
    bool interruptSent = false; // its thread was interrupted while it ran (cancel(true), shutdownNow())
    bool interruptSeen = false; // it saw an interrupt: it returned, or (interruptSwallowed) went on
    bool interruptSwallowed = false;
    bool drained = false; // returned by shutdownNow() (its first fate may still be Cancelled)
    bool held = false; // waiting at the closed pause gate
    bool ignoredStop = false; // ended after the event was set while it ran, without ever looking
    bool stoppedByCancel = false; // returned early on seeing its future cancelled (Qt's isCanceled()), not the event
    bool suspendRequested = false; // its future's suspend() was called and not resumed (Qt)
    bool suspended = false; // held in suspendIfRequested() (Qt)
    bool cancelledByClear = false; // dropped from the queue by the pool's clear() (Qt)
    CancelFound firstCancelFound = CancelFound::None;
    bool lastCheckSet = false; // a recorded task: its latest check of an Event answered "set"
    qint16 worker = CallerThread; // the worker that ran it
    quint16 pool = 0; // the pool it was submitted to (a recording has several)
    qint32 stepsDone = 0; // a recorded task has no steps: the checks it made
    qint32 stepsAtStop = -1; // steps done when the event was first set while it ran
    qint64 submitNs = -1;
    qint64 startNs = -1;
    qint64 stepBeganNs = -1; // running: when its current step began (its start, its last step, or a release)
    qint64 endNs = -1; // end of the run, or the moment it was cancelled
    qint64 cancelledAtNs = -1; // cancelled while pending (by a cancel(), the pool, or seen when skipped)
    qint64 dequeuedNs = -1; // a worker skipped it (cancelled items) or started it; shutdown drained it
    qint64 stopObservedNs = -1;
    qint64 stopSetSeenNs = -1; // the set() it observed
    qint64 stopSetWhileRunningNs = -1; // the first set() while it ran
    qint64 stopLatencyNs = -1; // stopped tasks: from the set (or the cancel()) it saw to its return
    qint64 firstCancelNs = -1; // the first cancel() a caller made on it
    std::vector<bool> cancelResults; // every cancel() a caller made on it, in order (not the pool's own)

    bool cancelRefused() const; // a cancel() returned false
    bool isTerminal() const { return state >= TaskState::Completed; }
    bool ran() const { return startNs >= 0; }
    bool ranOnCaller() const { return startNs >= 0 && worker == CallerThread; } // Java's CallerRunsPolicy or Qt's waitForFinished() ran it
    int stepsAfterStop() const { return ignoredStop ? std::max(0, stepsDone - stepsAtStop) : 0; }
    // When it stopped waiting in the queue (start or cancel), or -1 while it still waits.
    qint64 queueEndNs() const { return startNs >= 0 ? startNs : cancelledAtNs; }
};

} // namespace poolscope
