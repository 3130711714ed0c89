// SPDX-License-Identifier: MIT
// Python's words for a recorded program: what its own calls were, named as the program named them
// (its functions' qualnames, its Events' variables, its threads).
#include "models/python/pythonwords.h"

#include "replay/taskstatus.h"

namespace poolscope {

namespace {

QString returnWhenText(quint8 flags)
{
    switch (returnWhen(flags)) {
    case WaitReturnWhen::FirstCompleted: return QStringLiteral(", return_when=FIRST_COMPLETED");
    case WaitReturnWhen::FirstException: return QStringLiteral(", return_when=FIRST_EXCEPTION");
    case WaitReturnWhen::AllCompleted: return QStringLiteral(", return_when=ALL_COMPLETED");
    case WaitReturnWhen::Unknown: break;
    }
    return {};
}

} // namespace

QString PythonWords::recordedLine(const Happening &h, const Run &run) const
{
    const QString id = h.task != NoTask ? run.taskId(h.task) : QString();
    const QString pool = QStringLiteral("pool %1").arg(h.value);
    switch (h.kind) {
    case Happening::Submitted: return QStringLiteral("submit() → %1 (%2)").arg(id, pool);
    case Happening::Started: return QStringLiteral("%1 starts").arg(id);
    case Happening::CancelAccepted: return QStringLiteral("%1.cancel() → True").arg(id);
    case Happening::CancelledRunning: return QStringLiteral("%1.cancel() → True (it runs on)").arg(id);
    case Happening::CancelRefused:
        return QStringLiteral("%1.cancel() → False%2")
                .arg(id, h.refusal == Happening::Refusal::Done ? QStringLiteral(" (already done)")
                                                               : QStringLiteral(" (it is running)"));
    case Happening::CancelledByShutdown:
        return h.repeated ? QString() : QStringLiteral("shutdown(cancel_futures=True) cancels %1 → True").arg(id);
    case Happening::CancelledInternally: return QStringLiteral("map() cancels %1 → True").arg(id);
    case Happening::Skipped: return QStringLiteral("a worker skips %1: it was cancelled").arg(id);
    case Happening::StopSet: return QStringLiteral("%1.set()").arg(run.flagName(h.value));
    case Happening::StopCleared: return QStringLiteral("%1.clear()").arg(run.flagName(h.value));
    case Happening::Ended:
        switch (h.outcome) {
        case Outcome::Stopped: return QStringLiteral("%1 stopped: its last check saw an Event set (%2 checks)").arg(id).arg(h.steps);
        case Outcome::Failed: return QStringLiteral("%1 failed: it raised").arg(id);
        default:
            return QStringLiteral("%1 completed (%2 checks)%3")
                    .arg(id)
                    .arg(h.steps)
                    .arg(h.ignoredStop ? QStringLiteral(", never looking at the Event set while it ran") : QString());
        }
    case Happening::ShutdownCalled: return QStringLiteral("%1: %2").arg(pool, shutdownCall(h.flags));
    case Happening::ShutdownReturned: return QStringLiteral("%1: shutdown() returned").arg(pool);
    case Happening::CallBegan:
        if (blockingCall(h.flags) == BlockingCall::Wait)
            return QStringLiteral("wait(%1 futures%2)...").arg(h.value).arg(returnWhenText(h.flags));
        return {};
    case Happening::CallEnded:
        if (blockingCall(h.flags) == BlockingCall::Wait)
            return QStringLiteral("wait() returned: %1 done").arg(h.value);
        return id.isEmpty() ? QString() : QStringLiteral("as_completed() yields %1").arg(id);
    case Happening::StopSeen:
    case Happening::FinalWaitBegan:
    case Happening::FinalWaitEnded:
    case Happening::Paused:
    case Happening::Resumed:
    case Happening::Nothing:
    case Happening::StepDone:
    case Happening::Held:
    case Happening::Released:
    case Happening::CancelledAfterEnd: // other models' calls
    case Happening::SuspendRequested:
    case Happening::ResumeRequested:
    case Happening::QueueCleared:
    case Happening::WaitCalled:
    case Happening::WaitReturned:
    case Happening::Checked: // a scenario's, or too many to print (checks show as ticks)
    // Java's only
    case Happening::InterruptSent:
    case Happening::InterruptSeen:
    case Happening::Rejected:
    case Happening::Drained:
    case Happening::ThreadStarted:
    case Happening::ThreadEnded:
    case Happening::AwaitBegan:
    case Happening::AwaitEnded: break;
    }
    return {};
}

QString PythonWords::recordedStillRunning(const TaskStatus &status) const
{
    if (status.stepsDone == 0)
        return QStringLiteral("it has not checked an Event: only its return ends it");
    return QStringLiteral("it has checked an Event %1 time(s); the last answered %2")
            .arg(status.stepsDone)
            .arg(boolean(status.lastCheckSet));
}

} // namespace poolscope
