// SPDX-License-Identifier: MIT
#include "models/qt/qtwords.h"

#include "models/qt/qtverbs.h"
#include "replay/taskstatus.h"

namespace poolscope {

QString QtWords::boolean(bool value) const
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

QString QtWords::call(Call c) const
{
    switch (c) {
    case Call::Submit: return QStringLiteral("QtConcurrent::run(&pool, task)");
    case Call::Cancel: return QStringLiteral("future.cancel()");
    case Call::CancelShort: return QStringLiteral("cancel()");
    case Call::CancelAll: return QStringLiteral("for (auto &future : futures) future.cancel()");
    case Call::StopSet: return QStringLiteral("stopEvent.set()");
    case Call::StopClear: return QStringLiteral("stopEvent.clear()");
    case Call::StopIsSet: return QStringLiteral("stopEvent.isSet()");
    // Qt's pool has no shutdown: its destructor (the end of main()) waits for every task.
    case Call::Shutdown: return QStringLiteral("pool.waitForDone()");
    case Call::ShutdownCall: return QStringLiteral("pool.waitForDone()");
    case Call::FinalWait: return QStringLiteral("the end of main(): ~QThreadPool() waits for every task");
    case Call::StopEventName: return QStringLiteral("the stop event");
    }
    return {};
}

QString QtWords::cancelResult(const QString &taskId, bool result) const
{
    // cancel() returns void in Qt: what the program can ask right after is isCanceled().
    return QStringLiteral("%1.cancel(); isCanceled() → %2").arg(taskId, boolean(result));
}

QString QtWords::shutdownCall(quint8) const
{
    return call(Call::ShutdownCall);
}

QString QtWords::consoleLine(const Happening &h, const Run &run) const
{
    const QString id = h.task != NoTask ? run.taskId(h.task) : QString();
    const bool known = h.task < run.tasks.size();
    auto steps = [&] { return known ? run.specOf(h.task).steps : 0; };
    auto checksCanceled = [&] { return known && (run.specOf(h.task).options & qt::ChecksCanceled); };
    switch (h.kind) {
    case Happening::Submitted: return QStringLiteral("QtConcurrent::run(&pool, task) → %1").arg(id);
    case Happening::Started:
        if (h.worker == CallerThread)
            return QStringLiteral("%1: The task is running... on the caller: waitForFinished() took it from the "
                                  "queue and runs it itself")
                    .arg(id);
        return QStringLiteral("%1: The task is running...").arg(id);
    case Happening::CancelAccepted:
        if (h.repeated)
            return QStringLiteral("Cancel task... %1.cancel() again: nothing changes").arg(id);
        return QStringLiteral("Cancel task... %1.cancel(): it is queued, so it will never run (isCanceled() → true, "
                              "isFinished() → false until a worker dequeues it)")
                .arg(id);
    case Happening::CancelledRunning:
        if (h.repeated)
            return QStringLiteral("Cancel task... %1.cancel() again: nothing changes").arg(id);
        return checksCanceled()
                ? QStringLiteral("Cancel task... %1.cancel(): isCanceled() → true; it runs on until it checks "
                                 "promise.isCanceled()")
                          .arg(id)
                : QStringLiteral("Cancel task... %1.cancel(): isCanceled() → true; it never checks "
                                 "promise.isCanceled(), so it runs to its end")
                          .arg(id);
    case Happening::CancelledAfterEnd:
        return QStringLiteral("Cancel task... %1.cancel() after it ended: isCanceled() → true all the same "
                              "(nothing ran or stopped)")
                .arg(id);
    case Happening::CancelRefused: return QStringLiteral("Cancel task... %1.cancel()").arg(id);
    case Happening::CancelledByShutdown:
        return QStringLiteral("pool.clear() drops %1: the QPromise deleted with it cancels and finishes its future; it "
                              "never runs")
                .arg(id);
    case Happening::Skipped:
        if (h.worker == CallerThread)
            return QStringLiteral("waitForFinished() finds %1 cancelled: finished without running").arg(id);
        return QStringLiteral("a worker dequeues %1: its future is cancelled, so it finishes without running").arg(id);
    case Happening::StopSet: return QStringLiteral("Stop task... stopEvent.set()");
    case Happening::StopCleared: return QStringLiteral("stopEvent.clear()");
    case Happening::StopSeen:
        if (h.flags & StopByCancelFlag)
            return QStringLiteral("%1 sees promise.isCanceled() → true: returning").arg(id);
        return QStringLiteral("%1 sees the stop event set: returning").arg(id);
    case Happening::Ended:
        switch (h.outcome) {
        case Outcome::Stopped: return QStringLiteral("%1 stopped after %2 of %3 steps").arg(id).arg(h.steps).arg(steps());
        case Outcome::Failed:
            return QStringLiteral("%1 failed at step %2: it threw; the future holds the exception (and says "
                                  "isCanceled() → true)")
                    .arg(id)
                    .arg(h.steps + 1);
        case Outcome::Cancelled: return QStringLiteral("%1 cancelled").arg(id);
        default:
            if (h.ignoredStop)
                return QStringLiteral("%1 completed: %2 of %3 steps (ignored the stop: ran %4 step(s) after "
                                      "stopEvent.set())")
                        .arg(id)
                        .arg(h.steps)
                        .arg(steps())
                        .arg(h.stepsAfterStop);
            return QStringLiteral("%1 completed: %2 of %3 steps").arg(id).arg(h.steps).arg(steps());
        }
    case Happening::SuspendRequested:
        // suspend() is a request like cancel(): a body that never calls suspendIfRequested() never hears it.
        if (known && !(run.specOf(h.task).options & qt::ChecksSuspend))
            return QStringLiteral("%1.suspend(): it never calls promise.suspendIfRequested(), so it runs on").arg(id);
        return QStringLiteral("%1.suspend(): it holds at its next promise.suspendIfRequested()").arg(id);
    case Happening::ResumeRequested: return QStringLiteral("%1.resume()").arg(id);
    case Happening::Held:
        if (h.flags & HoldSuspendedFlag)
            return QStringLiteral("%1 is suspended in suspendIfRequested() after %2 step(s): its thread is lent back "
                                  "to the pool")
                    .arg(id)
                    .arg(h.steps);
        break;
    case Happening::Released:
        if (h.flags & HoldSuspendedFlag)
            return QStringLiteral("%1 goes on from suspendIfRequested()").arg(id);
        break;
    case Happening::QueueCleared: return QStringLiteral("pool.clear(): the tasks still queued are dropped");
    case Happening::WaitCalled:
        if (h.task == NoTask)
            return QStringLiteral("pool.waitForDone()\nWaiting...");
        return QStringLiteral("%1.waitForFinished()\nWaiting...").arg(id);
    case Happening::WaitReturned:
        if (h.flags & WaitThrewFlag)
            return QStringLiteral("%1.waitForFinished() rethrew the task's exception").arg(id);
        return h.task == NoTask ? QStringLiteral("pool.waitForDone() returned")
                                : QStringLiteral("%1.waitForFinished() returned").arg(id);
    case Happening::FinalWaitBegan: return QStringLiteral("Waiting...");
    case Happening::FinalWaitEnded: return QStringLiteral("All done.");
    case Happening::Paused: return QStringLiteral("paused: tasks hold before their next step");
    case Happening::Resumed: return QStringLiteral("resumed");
    case Happening::ShutdownCalled:
    case Happening::ShutdownReturned:
    case Happening::Nothing:
    case Happening::StepDone:
    case Happening::CancelledInternally: // a recorded Python program's only
    case Happening::Checked:
    case Happening::CallBegan:
    case Happening::CallEnded:
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

QString QtWords::whyStillRunning(const TaskSpec &spec, const TaskStatus &status, bool stopSet) const
{
    const int left = std::max(0, spec.steps - status.stepsDone);
    if (status.suspended)
        return QStringLiteral("it is suspended in suspendIfRequested(); resume() or cancel() lets it go on");
    if (status.held)
        return QStringLiteral("it is paused before its next step; %1 step(s) left").arg(left);
    if (status.futureCancelled) {
        return (spec.options & qt::ChecksCanceled)
                ? QStringLiteral("its future is cancelled: it returns at its next isCanceled() check")
                : QStringLiteral("its future is cancelled, but it never checks isCanceled(); %1 step(s) left").arg(left);
    }
    if (status.suspendRequested && (spec.options & qt::ChecksSuspend))
        return QStringLiteral("suspend() was called: it holds at its next suspendIfRequested()");
    if (spec.wait == WaitMode::Event)
        return stopSet ? QStringLiteral("it is returning now (it waits on the event)")
                       : QStringLiteral("it waits on the event between steps; %1 step(s) left, or until the event is set")
                                 .arg(left);
    if (!spec.checksStop)
        return stopSet ? QStringLiteral("it never checks the stop event, so it runs its %1 remaining step(s)").arg(left)
                       : QStringLiteral("%1 step(s) left").arg(left);
    return stopSet ? QStringLiteral("it checks the event after each step: it returns when this step ends")
                   : QStringLiteral("%1 step(s) left; it would return after this step if the event were set").arg(left);
}

QString QtWords::blockingNote(CallerBlock block) const
{
    switch (block) {
    case CallerBlock::FinalWait: return QStringLiteral("The end of main() waits for every task (~QThreadPool()). ");
    case CallerBlock::Wait: return QStringLiteral("waitForFinished() / waitForDone() blocks the caller. ");
    case CallerBlock::Shutdown:
    case CallerBlock::FuturesCall: // a recorded Python program's only
    case CallerBlock::AwaitTermination: // Java's only
    case CallerBlock::None: break;
    }
    return {};
}

QString QtWords::queuedStillRun(int queued) const
{
    return QStringLiteral("%1 queued task(s): waitForDone() waits for them too (pool.clear() would drop them)").arg(queued);
}

QString QtWords::interactiveDescription(int workers) const
{
    return QStringLiteral("QThreadPool pool; pool.setMaxThreadCount(%1); each task is QtConcurrent::run(&pool, task) "
                          "with a QPromise. Queue tasks (Ins), cancel() them (Del): a queued one never runs, a running "
                          "one only sees isCanceled(). Set the stop event (Ctrl+E).")
            .arg(workers);
}

} // namespace poolscope
