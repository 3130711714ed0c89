// SPDX-License-Identifier: MIT
#include "models/python/pythonwords.h"

#include "replay/taskstatus.h"

namespace poolscope {

QString PythonWords::boolean(bool value) const
{
    return value ? QStringLiteral("True") : QStringLiteral("False");
}

QString PythonWords::call(Call c) const
{
    switch (c) {
    case Call::Submit: return QStringLiteral("executor.submit(task)");
    case Call::Cancel: return QStringLiteral("future.cancel()");
    case Call::CancelShort: return QStringLiteral("cancel()");
    case Call::CancelAll: return QStringLiteral("for future in futures: future.cancel()");
    case Call::StopSet: return QStringLiteral("event.set()");
    case Call::StopClear: return QStringLiteral("event.clear()");
    case Call::StopIsSet: return QStringLiteral("event.is_set()");
    case Call::Shutdown: return QStringLiteral("shutdown()");
    case Call::ShutdownCall: return QStringLiteral("executor.shutdown()");
    case Call::FinalWait: return QStringLiteral("leaving the with block");
    case Call::StopEventName: return QStringLiteral("the stop event");
    }
    return {};
}

QString PythonWords::cancelResult(const QString &taskId, bool result) const
{
    return QStringLiteral("%1.cancel() → %2").arg(taskId, boolean(result));
}

QString PythonWords::shutdownCall(quint8 flags) const
{
    return QStringLiteral("executor.shutdown(wait=%1, cancel_futures=%2)")
            .arg(boolean(flags & ShutdownWaitFlag), boolean(flags & ShutdownCancelFuturesFlag));
}

QString PythonWords::consoleLine(const Happening &h, const Run &run) const
{
    if (run.recorded())
        return recordedLine(h, run);
    const QString id = h.task != NoTask ? run.taskId(h.task) : QString();
    auto steps = [&] { return h.task < run.tasks.size() ? run.specOf(h.task).steps : 0; };
    switch (h.kind) {
    case Happening::Submitted: return QStringLiteral("executor.submit(task) → %1").arg(id);
    case Happening::Started: return QStringLiteral("%1: The task is running...").arg(id);
    case Happening::CancelAccepted:
        return QStringLiteral("Cancel task... %1.cancel() → True").arg(id);
    case Happening::CancelledRunning:
        return QStringLiteral("Cancel task... %1.cancel() → True (it runs on)").arg(id);
    case Happening::CancelRefused:
        return QStringLiteral("Cancel task... %1.cancel() → False%2")
                .arg(id, h.refusal == Happening::Refusal::Done ? QStringLiteral(" (already done)")
                                                               : QStringLiteral(" (it is running)"));
    case Happening::CancelledByShutdown:
        return QStringLiteral("shutdown(cancel_futures=True) cancels %1 → True").arg(id);
    case Happening::Skipped: return QStringLiteral("skips %1: it was cancelled").arg(id);
    case Happening::StopSet: return QStringLiteral("Stop task... event.set()");
    case Happening::StopCleared: return QStringLiteral("event.clear()");
    case Happening::StopSeen: return QStringLiteral("%1 sees the event is set: returning").arg(id);
    case Happening::Ended:
        switch (h.outcome) {
        case Outcome::Stopped: return QStringLiteral("%1 stopped after %2 of %3 steps").arg(id).arg(h.steps).arg(steps());
        case Outcome::Failed:
            return QStringLiteral("%1 failed at step %2: TaskFailure raised").arg(id).arg(h.steps + 1);
        case Outcome::Cancelled: return QStringLiteral("%1 cancelled").arg(id);
        default:
            if (h.ignoredStop)
                return QStringLiteral("%1 completed: %2 of %3 steps (ignored the stop: ran %4 step(s) after "
                                      "event.set())")
                        .arg(id)
                        .arg(h.steps)
                        .arg(steps())
                        .arg(h.stepsAfterStop);
            return QStringLiteral("%1 completed: %2 of %3 steps").arg(id).arg(h.steps).arg(steps());
        }
    case Happening::ShutdownCalled: {
        QString text = shutdownCall(h.flags);
        if (h.flags & ShutdownWaitFlag)
            text += QStringLiteral("\nWaiting...");
        return text;
    }
    case Happening::ShutdownReturned: return QStringLiteral("shutdown() returned");
    case Happening::FinalWaitBegan: return QStringLiteral("Waiting...");
    case Happening::FinalWaitEnded: return QStringLiteral("All done.");
    case Happening::Paused: return QStringLiteral("paused: tasks hold before their next step");
    case Happening::Resumed: return QStringLiteral("resumed");
    case Happening::Nothing:
    case Happening::StepDone:
    case Happening::Held:
    case Happening::Released:
    case Happening::InterruptSent:
    case Happening::InterruptSeen:
    case Happening::Rejected:
    case Happening::Drained:
    case Happening::ThreadStarted:
    case Happening::ThreadEnded:
    case Happening::AwaitBegan:
    case Happening::AwaitEnded: break; // Java's: a Python run has none
    case Happening::CancelledAfterEnd: // events of other models' calls
    case Happening::SuspendRequested:
    case Happening::ResumeRequested:
    case Happening::QueueCleared:
    case Happening::WaitCalled:
    case Happening::WaitReturned:
    case Happening::CancelledInternally:
    case Happening::Checked: break; // a recorded program's only
    // The caller's wait(), as_completed() and result() (recorded programs have their own words).
    case Happening::CallBegan:
        switch (blockingCall(h.flags)) {
        case BlockingCall::Wait: return QStringLiteral("wait(%1 futures) blocks the caller...").arg(h.value);
        case BlockingCall::Result: return QStringLiteral("%1.result() blocks the caller...").arg(id);
        default: return {}; // each step of as_completed(): its yield says it
        }
    case Happening::CallEnded:
        switch (blockingCall(h.flags)) {
        case BlockingCall::Wait: return QStringLiteral("wait() returned: %1 done").arg(h.value);
        case BlockingCall::Result: return QStringLiteral("%1.result() returned").arg(id);
        case BlockingCall::AsCompleted:
            return id.isEmpty() ? QStringLiteral("as_completed() ends") : QStringLiteral("as_completed() yields %1").arg(id);
        default: return {};
        }
    }
    return {};
}

QString PythonWords::whyStillRunning(const TaskSpec &spec, const TaskStatus &status, bool stopSet) const
{
    const int left = std::max(0, spec.steps - status.stepsDone);
    if (status.held)
        return QStringLiteral("it is paused before its next step; %1 step(s) left").arg(left);
    if (spec.wait == WaitMode::Event)
        return stopSet ? QStringLiteral("it is returning now (it waits on the event)")
                       : QStringLiteral("it waits on the event between steps; %1 step(s) left, or until the event "
                                        "is set")
                                 .arg(left);
    if (!spec.checksStop)
        return stopSet ? QStringLiteral("it never checks the stop event, so it runs its %1 remaining step(s)").arg(left)
                       : QStringLiteral("it never checks the stop event; %1 step(s) left").arg(left);
    return stopSet ? QStringLiteral("it checks the event after each step: it returns when this step ends")
                   : QStringLiteral("%1 step(s) left; it would return after this step if the event were set").arg(left);
}

QString PythonWords::blockingNote(CallerBlock block) const
{
    switch (block) {
    case CallerBlock::FinalWait: return QStringLiteral("Leaving the with block waits for every task. ");
    case CallerBlock::Shutdown: return QStringLiteral("shutdown(wait=True) blocks the caller. ");
    case CallerBlock::FuturesCall: return QStringLiteral("wait() or as_completed() blocks the main thread. ");
    case CallerBlock::AwaitTermination: // Java's
    case CallerBlock::Wait:
    case CallerBlock::None: break;
    }
    return {};
}

QString PythonWords::queuedStillRun(int queued) const
{
    return QStringLiteral("%1 queued task(s): shutdown without cancel_futures still runs them").arg(queued);
}

QString PythonWords::interactiveDescription(int workers) const
{
    return QStringLiteral("with ThreadPoolExecutor(max_workers=%1) as executor: event = Event(). Queue tasks (Ins), "
                          "select them and cancel() them (Del), set the stop event (Ctrl+E), shut the pool down "
                          "(Ctrl+D), or leave the with block (Ctrl+Return). Watch which cancels are refused and which "
                          "tasks cannot be stopped.")
            .arg(workers);
}

} // namespace poolscope
