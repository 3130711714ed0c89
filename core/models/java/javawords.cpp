// SPDX-License-Identifier: MIT
#include "models/java/javawords.h"

#include "models/java/javaverbs.h"
#include "replay/taskstatus.h"

namespace poolscope {

QString JavaWords::boolean(bool value) const
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

QString JavaWords::call(Call c) const
{
    switch (c) {
    case Call::Submit: return QStringLiteral("executor.submit(task)");
    case Call::Cancel: return QStringLiteral("future.cancel(mayInterruptIfRunning)");
    case Call::CancelShort: return QStringLiteral("cancel()");
    case Call::CancelAll: return QStringLiteral("for (Future<?> f : futures) f.cancel(mayInterruptIfRunning);");
    case Call::StopSet: return QStringLiteral("event.set()");
    case Call::StopClear: return QStringLiteral("event.clear()");
    case Call::StopIsSet: return QStringLiteral("event.isSet()");
    case Call::Shutdown: return QStringLiteral("shutdown()");
    case Call::ShutdownCall: return QStringLiteral("executor.shutdown()");
    case Call::FinalWait: return QStringLiteral("executor.close()");
    case Call::StopEventName: return QStringLiteral("the stop event");
    }
    return {};
}

QString JavaWords::cancelResult(const QString &taskId, bool result) const
{
    return QStringLiteral("%1.cancel() → %2").arg(taskId, boolean(result));
}

QString JavaWords::shutdownCall(quint8 flags) const
{
    return flags & ShutdownNowFlag ? QStringLiteral("executor.shutdownNow()") : QStringLiteral("executor.shutdown()");
}

QString JavaWords::consoleLine(const Happening &h, const Run &run) const
{
    const QString id = h.task != NoTask ? run.taskId(h.task) : QString();
    auto steps = [&] { return h.task < run.tasks.size() ? run.specOf(h.task).steps : 0; };
    const QString cancelCall = QStringLiteral("%1.cancel(%2)").arg(id, boolean(h.flags & CancelInterruptFlag));
    const QString thread = h.worker >= 0 ? QStringLiteral("pool-1-thread-%1").arg(h.worker + 1) : QStringLiteral("main");
    switch (h.kind) {
    case Happening::Submitted: return QStringLiteral("executor.submit(task) → %1").arg(id);
    case Happening::Started:
        return h.worker >= 0 ? QStringLiteral("%1: running on %2").arg(id, thread)
                             : QStringLiteral("%1: CallerRunsPolicy runs it on the caller (main) thread").arg(id);
    case Happening::CancelAccepted: return QStringLiteral("%1 → true").arg(cancelCall);
    case Happening::CancelledRunning:
        return QStringLiteral("%1 → true: the future is cancelled, the task runs on%2")
                .arg(cancelCall, h.flags & CancelInterruptFlag ? QStringLiteral(" (its thread is interrupted)")
                                                               : QString());
    case Happening::CancelRefused:
        return QStringLiteral("%1 → false%2")
                .arg(cancelCall, h.refusal == Happening::Refusal::Cancelled ? QStringLiteral(" (already cancelled)")
                                                                            : QStringLiteral(" (already done)"));
    case Happening::CancelledByShutdown: return {};
    case Happening::Skipped: return QStringLiteral("%1 skips %2: it was cancelled").arg(thread, id);
    case Happening::StopSet: return QStringLiteral("Stop task... event.set()");
    case Happening::StopCleared: return QStringLiteral("event.clear()");
    case Happening::StopSeen: return QStringLiteral("%1 sees the event is set: returning").arg(id);
    case Happening::Ended:
        switch (h.outcome) {
        case Outcome::Stopped: return QStringLiteral("%1 stopped after %2 of %3 steps").arg(id).arg(h.steps).arg(steps());
        case Outcome::Interrupted:
            return QStringLiteral("%1 interrupted after %2 of %3 steps").arg(id).arg(h.steps).arg(steps());
        case Outcome::Failed:
            return QStringLiteral("%1 failed at step %2: RuntimeException thrown").arg(id).arg(h.steps + 1);
        default: return QStringLiteral("%1 completed: %2 of %3 steps").arg(id).arg(h.steps).arg(steps());
        }
    case Happening::ShutdownCalled: return shutdownCall(h.flags);
    case Happening::ShutdownReturned: return {};
    case Happening::FinalWaitBegan: return QStringLiteral("executor.close(): shutdown(), then wait for every task");
    case Happening::FinalWaitEnded: return QStringLiteral("All done.");
    case Happening::Paused: return QStringLiteral("paused: tasks hold before their next step");
    case Happening::Resumed: return QStringLiteral("resumed");
    case Happening::InterruptSent:
        if (h.task == NoTask)
            return QStringLiteral("interrupts %1 (idle)").arg(thread);
        return QStringLiteral("interrupts %1, which runs %2").arg(thread, id);
    case Happening::InterruptSeen:
        return h.flags & InterruptSwallowedFlag
                ? QStringLiteral("%1 catches InterruptedException and goes on: the interrupt is lost").arg(id)
                : QStringLiteral("%1 sees the interrupt: returning").arg(id);
    case Happening::Rejected:
        return h.outcome == Outcome::Rejected
                ? QStringLiteral("submit(%1) throws RejectedExecutionException").arg(id)
                : QStringLiteral("%1 is discarded: its future will never complete").arg(id);
    case Happening::Drained: return QStringLiteral("shutdownNow() drains %1: its future will never complete").arg(id);
    case Happening::ThreadStarted: return QStringLiteral("the pool starts %1 (%2 thread(s))").arg(thread).arg(h.value);
    case Happening::ThreadEnded: return {};
    case Happening::AwaitBegan:
        return QStringLiteral("executor.awaitTermination(%1, MILLISECONDS)\nWaiting...").arg(h.value);
    case Happening::AwaitEnded:
        return QStringLiteral("awaitTermination → %1").arg(boolean(h.flags & AwaitTerminatedFlag));
    case Happening::Nothing:
    case Happening::StepDone:
    case Happening::Held:
    case Happening::Released:
    // Qt's and a recorded Python program's only
    case Happening::CancelledAfterEnd:
    case Happening::SuspendRequested:
    case Happening::ResumeRequested:
    case Happening::QueueCleared:
    case Happening::WaitCalled:
    case Happening::WaitReturned:
    case Happening::CancelledInternally:
    case Happening::Checked:
    case Happening::CallBegan:
    case Happening::CallEnded: break;
    }
    return {};
}

QString JavaWords::whyStillRunning(const TaskSpec &spec, const TaskStatus &status, bool stopSet) const
{
    const int left = std::max(0, spec.steps - status.stepsDone);
    if (status.held)
        return QStringLiteral("it is paused before its next step; %1 step(s) left").arg(left);
    QString why;
    if (spec.wait == WaitMode::Busy)
        why = QStringLiteral("it spins: no interrupt can end a busy step");
    else if (status.interruptSent && (spec.options & java::SwallowsInterrupt))
        why = QStringLiteral("it swallowed the interrupt and goes on");
    else if (spec.wait == WaitMode::Event)
        why = stopSet ? QStringLiteral("it is returning now (it waits on the event)")
                      : QStringLiteral("it waits on the event between steps");
    else if (!spec.checksStop)
        why = QStringLiteral("it never checks the stop event");
    else
        why = stopSet ? QStringLiteral("it checks the event after each step: it returns when this step ends")
                      : QStringLiteral("it would return after this step if the event were set");
    if (status.futureCancelled)
        why += QStringLiteral(" (its future is cancelled already)");
    return QStringLiteral("%1; %2 step(s) left").arg(why).arg(left);
}

QString JavaWords::blockingNote(CallerBlock block) const
{
    switch (block) {
    case CallerBlock::FinalWait: return QStringLiteral("close() waits for every task. ");
    case CallerBlock::AwaitTermination: return QStringLiteral("awaitTermination() blocks the caller. ");
    case CallerBlock::Shutdown:
    case CallerBlock::Wait: // Qt's only
    case CallerBlock::FuturesCall: // a recorded Python program's only
    case CallerBlock::None: break;
    }
    return {};
}

QString JavaWords::queuedStillRun(int queued) const
{
    return QStringLiteral("%1 queued task(s): shutdown() still runs them (shutdownNow() would drain them)").arg(queued);
}

QString JavaWords::interactiveDescription(int workers) const
{
    return QStringLiteral("ExecutorService executor = new ThreadPoolExecutor(%1, %1, 60, SECONDS, new "
                          "LinkedBlockingQueue<>()). Queue tasks (Ins), select them and cancel() them (Del): on a "
                          "running task cancel() returns true and the task runs on. Set the stop event (Ctrl+E), "
                          "shut the pool down (Ctrl+D), or close it (Ctrl+Return).")
            .arg(workers);
}

std::vector<ModelWords::TaskNote> JavaWords::taskNotes(const TaskSpec &spec, const TaskStatus &t) const
{
    // Most telling first: the table has room for the first, the tooltip lists them all.
    std::vector<TaskNote> notes;
    const bool running = t.state == TaskState::Running;
    if (t.interruptSwallowed)
        notes.push_back({ QStringLiteral("interrupt swallowed"),
                          QStringLiteral("it caught InterruptedException and went on: the interrupt is lost and the "
                                         "interrupted step did not count") });
    if (running && t.futureCancelled)
        notes.push_back(t.interruptSent && !t.interruptSeen
                ? TaskNote { QStringLiteral("cancel(true), runs on"),
                             QStringLiteral("cancel(true) returned true: the future is cancelled and the thread "
                                            "interrupted, but the body runs on until it looks") }
                : TaskNote { QStringLiteral("cancelled, runs on"),
                             QStringLiteral("cancel() returned true and the future is cancelled, but the body runs on "
                                            "until it reacts or ends") });
    else if (running && t.interruptSent && !t.interruptSeen)
        notes.push_back({ QStringLiteral("interrupt sent"),
                          QStringLiteral("its thread is interrupted: a sleep or event wait throws InterruptedException, "
                                         "a busy step does not notice") });
    if (!running && t.ran() && t.interruptSent && !t.interruptSeen)
        notes.push_back({ QStringLiteral("interrupt ignored"),
                          spec.wait == WaitMode::Busy
                                  ? QStringLiteral("its thread was interrupted, but a busy step never blocks and it "
                                                   "never looked at the flag")
                                  : QStringLiteral("its thread was interrupted, but it never looked at the flag") });
    if (t.ranOnCaller())
        notes.push_back({ QStringLiteral("ran on caller"),
                          QStringLiteral("CallerRunsPolicy ran it on the caller (main) thread, which did nothing else "
                                         "until it ended") });
    if (t.futureCancelled && !running)
        notes.push_back({ QStringLiteral("future cancelled"),
                          t.ran() ? QStringLiteral("its future was cancelled while the body ran on: get() throws "
                                                   "CancellationException, whatever the body did")
                                  : QStringLiteral("cancelled after it was dropped: the future completes (cancelled); "
                                                   "the task never runs") });
    if (t.drained && t.state != TaskState::Drained)
        notes.push_back({ QStringLiteral("drained"), QStringLiteral("shutdownNow() took it from the queue and returned it") });
    if (!t.futureCancelled && (t.state == TaskState::Discarded || t.state == TaskState::Drained))
        notes.push_back({ QStringLiteral("never completes"),
                          QStringLiteral("its future will never complete: nothing runs or cancels it, and get() "
                                         "without a timeout blocks forever") });
    if (t.state == TaskState::Rejected)
        notes.push_back({ QStringLiteral("no future"),
                          QStringLiteral("submit() threw RejectedExecutionException: there is no future to wait on") });
    return notes;
}

std::vector<TaskState> JavaWords::taskStates() const
{
    return { TaskState::Pending,   TaskState::Running,  TaskState::Completed, TaskState::Stopped,
             TaskState::Interrupted, TaskState::Cancelled, TaskState::Failed,  TaskState::Rejected,
             TaskState::Discarded, TaskState::Drained };
}

} // namespace poolscope
