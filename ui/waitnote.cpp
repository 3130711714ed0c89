// SPDX-License-Identifier: MIT
#include "waitnote.h"

#include <QStringList>

namespace poolscope {

QString whyStillRunning(const TaskSpec &spec, const TaskStatus &status, bool stopSet)
{
    const int left = std::max(0, spec.steps - status.stepsDone);
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

BlockingCall blockingCallOf(const RecordedEvent &event)
{
    if (event.kind == EventKind::WaitBegin)
        return BlockingCall::FinalWait;
    if (event.kind == EventKind::ShutdownBegin && (event.flags & ShutdownWaitFlag))
        return BlockingCall::Shutdown;
    return BlockingCall::None;
}

BlockingCall blockingCallAt(const Session &session, qint64 ns)
{
    for (auto it = session.events.rbegin(); it != session.events.rend(); ++it) {
        if (it->tNs > ns)
            continue;
        const BlockingCall call = blockingCallOf(*it);
        if (call != BlockingCall::None)
            return call;
    }
    return BlockingCall::None;
}

QString waitingNote(const Session &session, const SessionState &state)
{
    if (!state.callerBlocked())
        return {};
    return waitingNote(session, state, blockingCallAt(session, state.lastEventNs()));
}

QString waitingNote(const Session &session, const SessionState &state, BlockingCall call)
{
    if (!state.callerBlocked())
        return {};
    QStringList running;
    for (quint32 task : state.workerTasks()) {
        if (task == NoTask || task >= session.tasks.size() || task >= state.tasks().size())
            continue;
        const TaskSpec &spec = session.tasks[task];
        running << QStringLiteral("%1: %2").arg(spec.id, whyStillRunning(spec, state.task(task), state.stopSet()));
    }
    int queued = 0;
    int cancelledQueued = 0;
    for (quint32 task : state.queue()) {
        if (state.task(task).state == TaskState::Cancelled)
            ++cancelledQueued;
        else
            ++queued;
    }
    const QString blocker = call == BlockingCall::FinalWait
        ? QStringLiteral("Leaving the with block waits for every task. ")
        : call == BlockingCall::Shutdown ? QStringLiteral("shutdown(wait=True) blocks the caller. ")
                                         : QString();
    QString text = blocker + QStringLiteral("Waiting");
    if (!running.isEmpty()) {
        const int shown = std::min<int>(running.size(), 3);
        text += QStringLiteral(" for ") + running.mid(0, shown).join(QStringLiteral("; "));
        if (running.size() > shown)
            text += QStringLiteral("; and %1 more running").arg(running.size() - shown);
    }
    if (queued > 0)
        text += QStringLiteral("%1 then %2 queued task(s): shutdown without cancel_futures still runs them")
                    .arg(running.isEmpty() ? QString() : QStringLiteral("."))
                    .arg(queued);
    if (cancelledQueued > 0)
        text += QStringLiteral(" (%1 cancelled item(s) in the queue are skipped)").arg(cancelledQueued);
    if (running.isEmpty() && queued == 0)
        text += QStringLiteral(" for the workers to exit");
    return text;
}

} // namespace poolscope
