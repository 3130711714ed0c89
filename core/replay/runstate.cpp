// SPDX-License-Identifier: MIT
#include "replay/runstate.h"

#include <algorithm>

namespace poolscope {

namespace {
// A forged or damaged index never allocates gigabytes: tasks grow at most this far past the known ones.
constexpr size_t MaxTaskGrowth = 1 << 20;
constexpr qint16 MaxWorker = 4096;
constexpr qint32 MaxFlag = 1 << 16;
} // namespace

void RunState::reset(size_t taskCount, int workers)
{
    *this = RunState();
    m_tasks.resize(taskCount);
    m_workerTask.assign(size_t(std::max(workers, 0)), NoTask);
    m_flags.resize(1); // the stop event
}

FlagState &RunState::flag(qint32 index)
{
    // A forged index names the stop event rather than allocating.
    const size_t i = index >= 0 && index < MaxFlag ? size_t(index) : 0;
    if (i >= m_flags.size())
        m_flags.resize(i + 1);
    return m_flags[i];
}

void RunState::ensureTaskCount(size_t taskCount)
{
    if (m_tasks.size() < taskCount)
        m_tasks.resize(taskCount);
}

TaskStatus *RunState::taskFor(const RecordedEvent &e)
{
    if (e.task == NoTask)
        return nullptr;
    if (e.task >= m_tasks.size()) {
        if (size_t(e.task) > m_tasks.size() + MaxTaskGrowth)
            return nullptr;
        m_tasks.resize(size_t(e.task) + 1);
    }
    return &m_tasks[e.task];
}

void RunState::setState(TaskStatus &t, TaskState s)
{
    if (t.state == s)
        return;
    if (t.submitted) {
        --m_counts[size_t(t.state)];
        ++m_counts[size_t(s)];
    }
    if (t.state == TaskState::Running)
        --m_running;
    if (s == TaskState::Running)
        ++m_running;
    t.state = s;
}

Happening RunState::apply(const RecordedEvent &e)
{
    ++m_applied;
    m_lastNs = std::max(m_lastNs, e.tNs);
    Happening h;
    h.tNs = e.tNs;
    h.task = e.task;
    h.worker = e.worker;
    h.flags = e.flags;
    h.value = e.value;
    if (e.worker < callerLane(MaxCallerLanes - 1) || e.worker > MaxWorker)
        return h;
    TaskStatus *t = taskFor(e);
    if (e.task != NoTask && !t)
        return h;
    if (e.worker >= 0 && size_t(e.worker) >= m_workerTask.size())
        m_workerTask.resize(size_t(e.worker) + 1, NoTask);

    auto leaveQueue = [&](TaskStatus &task) {
        if (task.submitted && task.dequeuedNs < 0) {
            task.dequeuedNs = e.tNs;
            --m_queued;
        }
    };

    switch (e.kind) {
    case EventKind::Submit:
        if (!t || t->submitted)
            break;
        t->submitted = true;
        t->submitNs = e.tNs;
        t->pool = quint16(std::clamp(e.value, 0, 0xffff));
        ++m_counts[size_t(t->state)];
        ++m_queued;
        m_submitted = std::max(m_submitted, e.task + 1);
        h.kind = Happening::Submitted;
        break;
    case EventKind::Start:
        if (!t || t->ran())
            break;
        leaveQueue(*t);
        setState(*t, TaskState::Running);
        t->worker = e.worker;
        t->startNs = e.tNs;
        t->stepBeganNs = e.tNs;
        if (e.worker >= 0) {
            m_workerTask[size_t(e.worker)] = e.task;
        } else {
            // The caller runs it itself (Java's CallerRunsPolicy, Qt's waitForFinished()), and nothing else meanwhile.
            m_callerTask = e.task;
        }
        if (m_stopSet)
            t->stopSetWhileRunningNs = e.tNs, t->stepsAtStop = 0;
        h.kind = Happening::Started;
        break;
    case EventKind::Step:
        if (!t)
            break;
        t->stepsDone = e.value;
        t->stepBeganNs = e.tNs;
        h.steps = e.value;
        h.kind = Happening::StepDone;
        break;
    case EventKind::CancelCall: {
        if (!t)
            break;
        const bool pending = t->state == TaskState::Pending || (t->state == TaskState::Cancelled && !t->ran());
        if (e.flags & (CancelByShutdownFlag | CancelByClearFlag)) {
            // The pool empties its queue itself: no worker will dequeue these. Qt's clear() also drops a
            // future cancelled before (still queued until a worker would have skipped it).
            if (t->state == TaskState::Pending || ((e.flags & CancelByClearFlag) && pending && t->dequeuedNs < 0)) {
                if (t->state == TaskState::Pending) {
                    setState(*t, TaskState::Cancelled);
                    t->cancelledAtNs = t->endNs = e.tNs;
                }
                t->cancelledByShutdown = e.flags & CancelByShutdownFlag;
                t->cancelledByClear = e.flags & CancelByClearFlag;
                leaveQueue(*t);
                h.kind = Happening::CancelledByShutdown;
            } else if (pending && t->submitted && t->dequeuedNs < 0) {
                // Cancelled before, still queued: shutdown drains it too, and no worker will skip it.
                leaveQueue(*t);
                h.kind = Happening::CancelledByShutdown;
                h.repeated = true;
            }
            break;
        }
        if (e.flags & CancelInternalFlag) {
            // The library's own cancel (map() giving up): not one of the program's cancel() calls.
            if (e.cancelResult() && t->state == TaskState::Pending) {
                setState(*t, TaskState::Cancelled);
                t->cancelledAtNs = t->endNs = e.tNs;
                h.kind = Happening::CancelledInternally;
            }
            break;
        }
        t->cancelResults.push_back(e.cancelResult());
        if (t->firstCancelNs < 0) {
            t->firstCancelNs = e.tNs;
            t->firstCancelFound = pending ? CancelFound::Pending
                                          : (t->isTerminal() ? CancelFound::Ended : CancelFound::Running);
        }
        if (e.cancelResult() && t->isTerminal() && !pending) {
            // Qt: cancel() sets the flag on a finished future too; nothing runs or stops.
            h.kind = Happening::CancelledAfterEnd;
            h.repeated = t->futureCancelled;
            t->futureCancelled = true;
        } else if (!e.cancelResult()) {
            ++m_refusedCancels;
            h.kind = Happening::CancelRefused;
            h.refusal = t->futureCancelled || (t->state == TaskState::Cancelled && !t->ran()) ? Happening::Refusal::Cancelled
                    : t->isTerminal()                                                       ? Happening::Refusal::Done
                                                                                            : Happening::Refusal::Running;
        } else if (pending) {
            h.kind = Happening::CancelAccepted;
            h.repeated = t->state == TaskState::Cancelled;
            if (t->state == TaskState::Pending) {
                setState(*t, TaskState::Cancelled);
                t->cancelledAtNs = t->endNs = e.tNs;
            }
        } else if (!t->ran()) {
            // Dropped by a rejection policy or drained by shutdownNow() (Java): it keeps that fate, and its
            // future, which would never have completed, is cancelled now.
            h.kind = Happening::CancelAccepted;
            h.repeated = t->futureCancelled;
            t->futureCancelled = true;
        } else {
            // True on a task that started: its future is cancelled while the body runs on (Java's rule).
            h.kind = Happening::CancelledRunning;
            h.repeated = t->futureCancelled;
            t->futureCancelled = true;
        }
        break;
    }
    case EventKind::CancelSkip:
        if (!t)
            break;
        leaveQueue(*t);
        if (t->cancelledAtNs < 0) {
            t->cancelledAtNs = e.tNs;
            if (t->endNs < 0)
                t->endNs = e.tNs;
            setState(*t, TaskState::Cancelled);
        }
        h.kind = Happening::Skipped;
        break;
    case EventKind::StopSet: {
        FlagState &f = flag(e.value);
        if (!f.set) {
            f.set = true;
            f.setSinceNs = e.tNs;
            ++m_flagsSet;
        }
        h.kind = Happening::StopSet;
        m_stopSet = true;
        m_stopSetNs = e.tNs;
        for (quint32 running : m_workerTask) {
            if (running != NoTask && running < m_tasks.size() && m_tasks[running].stopSetWhileRunningNs < 0) {
                m_tasks[running].stopSetWhileRunningNs = e.tNs;
                m_tasks[running].stepsAtStop = m_tasks[running].stepsDone;
            }
        }
        if (m_callerTask != NoTask && m_tasks[m_callerTask].stopSetWhileRunningNs < 0) {
            m_tasks[m_callerTask].stopSetWhileRunningNs = e.tNs;
            m_tasks[m_callerTask].stepsAtStop = m_tasks[m_callerTask].stepsDone;
        }
        break;
    }
    case EventKind::StopClear: {
        FlagState &f = flag(e.value);
        if (f.set) {
            f.set = false;
            --m_flagsSet;
        }
        h.kind = Happening::StopCleared;
        m_stopSet = m_flagsSet > 0;
        break;
    }
    case EventKind::Check: {
        if (!t)
            break;
        // A recorded task has no steps: each check of an Event counts as one, and the answer of the
        // latest decides how a normal return reads (stopped if it saw the Event set).
        const FlagState &f = flag(e.value);
        const bool answer = e.flags & CheckSetFlag;
        ++t->stepsDone;
        t->lastCheckSet = answer;
        if (answer) {
            t->stopObservedNs = e.tNs;
            t->stopSetSeenNs = f.set && f.setSinceNs >= 0 ? f.setSinceNs : e.tNs;
        }
        h.kind = Happening::Checked;
        h.steps = t->stepsDone;
        break;
    }
    case EventKind::CallBegin:
        if (e.worker == CallerThread && m_blockedIn == CallerBlock::None) {
            m_blockedIn = CallerBlock::FuturesCall;
            m_blockedSinceNs = e.tNs;
        }
        h.kind = Happening::CallBegan;
        break;
    case EventKind::CallEnd:
        if (e.worker == CallerThread && m_blockedIn == CallerBlock::FuturesCall)
            m_blockedIn = CallerBlock::None;
        h.kind = Happening::CallEnded;
        break;
    case EventKind::StopObserved:
        if (!t)
            break;
        t->stopObservedNs = e.tNs;
        // What it saw: the event, or (Qt) its future cancelled by the first cancel().
        t->stoppedByCancel = e.flags & StopByCancelFlag;
        t->stopSetSeenNs = t->stoppedByCancel ? t->firstCancelNs : m_stopSetNs;
        h.kind = Happening::StopSeen;
        h.steps = t->stepsDone;
        h.latencyNs = t->stopSetSeenNs >= 0 ? e.tNs - t->stopSetSeenNs : -1;
        break;
    case EventKind::End: {
        if (!t)
            break;
        Outcome outcome = e.outcome();
        // A recorded task that returned normally after its latest check saw an Event set was stopped by it.
        if (outcome == Outcome::Completed && t->lastCheckSet)
            outcome = Outcome::Stopped;
        const TaskState s = stateForOutcome(outcome);
        if (!t->ran())
            leaveQueue(*t);
        setState(*t, s);
        t->stepsDone = e.value;
        t->endNs = e.tNs;
        if (t->held)
            --m_held;
        if (t->suspended)
            --m_suspended;
        t->held = t->suspended = false;
        if (s == TaskState::Cancelled && t->cancelledAtNs < 0)
            t->cancelledAtNs = e.tNs;
        if (m_callerTask == e.task)
            m_callerTask = NoTask;
        if (e.worker >= 0 && m_workerTask[size_t(e.worker)] == e.task)
            m_workerTask[size_t(e.worker)] = NoTask;
        else if (t->worker >= 0 && size_t(t->worker) < m_workerTask.size() && m_workerTask[size_t(t->worker)] == e.task)
            m_workerTask[size_t(t->worker)] = NoTask;
        // Latency as the report defines it: from the set the task observed to its return.
        if (s == TaskState::Stopped && t->stopSetSeenNs >= 0 && t->stopSetSeenNs <= e.tNs)
            t->stopLatencyNs = e.tNs - t->stopSetSeenNs;
        // The lesson's third point: the event was set while it ran, and it never looked.
        t->ignoredStop = t->ran() && t->stopSetWhileRunningNs >= 0 && t->stopObservedNs < 0
                && (s == TaskState::Completed || s == TaskState::Failed);
        h.kind = Happening::Ended;
        h.outcome = outcome;
        h.steps = e.value;
        h.latencyNs = t->stopLatencyNs;
        h.ignoredStop = t->ignoredStop;
        h.stepsAfterStop = t->ignoredStop ? std::max(0, e.value - t->stepsAtStop) : 0;
        break;
    }
    case EventKind::ShutdownBegin:
        m_shutdownCalled = true;
        if (e.flags & ShutdownNowFlag)
            m_shutdownNowReturned.emplace_back(); // filled by the Drain events that follow
        if ((e.flags & ShutdownWaitFlag) && e.worker == CallerThread) {
            m_blockedIn = CallerBlock::Shutdown;
            m_blockedSinceNs = e.tNs;
        }
        h.kind = Happening::ShutdownCalled;
        break;
    case EventKind::ShutdownEnd:
        if (m_blockedIn == CallerBlock::Shutdown && e.worker == CallerThread)
            m_blockedIn = CallerBlock::None;
        h.kind = Happening::ShutdownReturned;
        break;
    case EventKind::WaitBegin:
        m_blockedIn = CallerBlock::FinalWait;
        m_blockedSinceNs = e.tNs;
        h.kind = Happening::FinalWaitBegan;
        break;
    case EventKind::WaitEnd:
        m_blockedIn = CallerBlock::None;
        h.kind = Happening::FinalWaitEnded;
        break;
    case EventKind::Pause:
        m_paused = true;
        h.kind = Happening::Paused;
        break;
    case EventKind::Resume:
        m_paused = false;
        h.kind = Happening::Resumed;
        break;
    case EventKind::Hold:
        if (!t)
            break;
        if (e.flags & HoldSuspendedFlag) {
            // Held by its future's suspension (Qt), not by the pause gate.
            if (!t->suspended)
                ++m_suspended;
            t->suspended = true;
        } else {
            if (!t->held)
                ++m_held;
            t->held = true;
        }
        h.steps = e.value;
        h.kind = Happening::Held;
        break;
    case EventKind::Release:
        if (!t)
            break;
        if (e.flags & HoldSuspendedFlag) {
            if (t->suspended)
                --m_suspended;
            t->suspended = false;
        } else {
            if (t->held)
                --m_held;
            t->held = false;
        }
        t->stepBeganNs = e.tNs; // held or suspended, its next step begins now
        h.steps = e.value;
        h.kind = Happening::Released;
        break;
    case EventKind::SuspendCall:
        if (!t)
            break;
        t->suspendRequested = !(e.flags & ResumeFlag);
        h.kind = t->suspendRequested ? Happening::SuspendRequested : Happening::ResumeRequested;
        break;
    case EventKind::QueueClear:
        h.steps = e.value;
        h.kind = Happening::QueueCleared;
        break;
    case EventKind::CallerWait:
        m_blockedIn = CallerBlock::Wait;
        m_blockedSinceNs = e.tNs;
        h.kind = Happening::WaitCalled;
        break;
    case EventKind::CallerWaitEnd:
        if (m_blockedIn == CallerBlock::Wait)
            m_blockedIn = CallerBlock::None;
        h.kind = Happening::WaitReturned;
        break;
    case EventKind::Interrupt:
        if (t && t->ran() && !t->isTerminal())
            t->interruptSent = true;
        h.kind = Happening::InterruptSent;
        break;
    case EventKind::InterruptSeen:
        if (!t)
            break;
        t->interruptSeen = true;
        t->interruptSwallowed = t->interruptSwallowed || (e.flags & InterruptSwallowedFlag);
        if (e.flags & InterruptSwallowedFlag)
            t->stepBeganNs = e.tNs; // the lost step starts over: progress within it restarts too
        h.steps = e.value;
        h.kind = Happening::InterruptSeen;
        break;
    case EventKind::Reject:
        if (!t || t->ran())
            break;
        leaveQueue(*t);
        // Its first fate stands: a task cancelled in the queue and then dropped stays cancelled.
        if (t->state == TaskState::Pending) {
            setState(*t, stateForOutcome(e.outcome()));
            t->endNs = e.tNs;
        }
        h.kind = Happening::Rejected;
        h.outcome = e.outcome();
        break;
    case EventKind::Drain:
        if (!t || t->ran())
            break;
        if (m_shutdownNowReturned.empty())
            m_shutdownNowReturned.emplace_back();
        m_shutdownNowReturned.back().push_back(e.task);
        t->drained = true;
        leaveQueue(*t);
        if (t->state == TaskState::Pending) {
            setState(*t, TaskState::Drained);
            t->endNs = e.tNs;
        }
        h.kind = Happening::Drained;
        break;
    case EventKind::ThreadStart:
    case EventKind::ThreadExit:
        if (e.worker >= 0 && size_t(e.worker) >= m_workerTask.size())
            m_workerTask.resize(size_t(e.worker) + 1, NoTask);
        m_poolSize = std::max(0, e.value);
        m_largestPoolSize = std::max(m_largestPoolSize, m_poolSize);
        h.value = e.value;
        h.kind = e.kind == EventKind::ThreadStart ? Happening::ThreadStarted : Happening::ThreadEnded;
        break;
    case EventKind::AwaitBegin:
        m_blockedIn = CallerBlock::AwaitTermination;
        m_blockedSinceNs = e.tNs;
        h.value = e.value;
        h.kind = Happening::AwaitBegan;
        break;
    case EventKind::AwaitEnd:
        if (m_blockedIn == CallerBlock::AwaitTermination)
            m_blockedIn = CallerBlock::None;
        m_awaitResults.push_back(e.flags & AwaitTerminatedFlag);
        h.kind = Happening::AwaitEnded;
        break;
    }
    return h;
}

std::vector<quint32> RunState::queue() const
{
    // Workers dequeue FIFO, but two workers may record their starts out of order, so skip, not cut.
    while (m_dequeued < m_submitted && m_dequeued < m_tasks.size() && m_tasks[m_dequeued].dequeuedNs >= 0)
        ++m_dequeued;
    std::vector<quint32> q;
    for (quint32 i = m_dequeued; i < m_submitted && i < m_tasks.size(); ++i) {
        const TaskStatus &t = m_tasks[i];
        if (t.submitted && t.dequeuedNs < 0)
            q.push_back(i);
    }
    return q;
}

LatencySummary RunState::latencySummary() const
{
    LatencySummary s;
    std::vector<qint64> v;
    for (quint32 i = 0; i < m_tasks.size(); ++i) {
        const qint64 l = m_tasks[i].stopLatencyNs;
        if (l < 0)
            continue;
        v.push_back(l);
        if (l > s.maxNs) {
            s.maxNs = l;
            s.maxTask = i;
        }
    }
    if (v.empty())
        return s;
    const size_t n = v.size();
    std::nth_element(v.begin(), v.begin() + qsizetype(n / 2), v.end());
    qint64 median = v[n / 2];
    if (n % 2 == 0) {
        const qint64 lower = *std::max_element(v.begin(), v.begin() + qsizetype(n / 2));
        median = lower + (median - lower) / 2;
    }
    s.count = int(n);
    s.medianNs = median;
    return s;
}

} // namespace poolscope
