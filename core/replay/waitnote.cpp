// SPDX-License-Identifier: MIT
#include "replay/waitnote.h"

#include "models/modelwords.h"

#include <QStringList>

namespace poolscope {

QString waitingNote(const Run &run, const RunState &state, const ModelWords &words)
{
    if (!state.callerBlocked())
        return {};
    QStringList running;
    for (quint32 task : state.workerTasks()) {
        if (task == NoTask || task >= run.tasks.size() || task >= state.taskCount())
            continue;
        running << QStringLiteral("%1: %2").arg(run.taskId(task),
                                                run.recorded() ? words.recordedStillRunning(state.task(task))
                                                               : words.whyStillRunning(run.specOf(task), state.task(task),
                                                                                       state.stopSet()));
    }
    int queued = 0;
    int cancelledQueued = 0;
    for (quint32 task : state.queue()) {
        if (state.task(task).state == TaskState::Cancelled)
            ++cancelledQueued;
        else
            ++queued;
    }
    QString text = words.blockingNote(state.callerBlockedIn()) + QStringLiteral("Waiting");
    if (!running.isEmpty()) {
        const int shown = std::min<int>(running.size(), 3);
        text += QStringLiteral(" for ") + running.mid(0, shown).join(QStringLiteral("; "));
        if (running.size() > shown)
            text += QStringLiteral("; and %1 more running").arg(running.size() - shown);
    }
    if (queued > 0)
        text += QStringLiteral("%1 then %2").arg(running.isEmpty() ? QString() : QStringLiteral("."), words.queuedStillRun(queued));
    if (cancelledQueued > 0)
        text += QStringLiteral(" (%1 cancelled item(s) in the queue are skipped)").arg(cancelledQueued);
    if (running.isEmpty() && queued == 0)
        text += QStringLiteral(" for the workers to exit");
    return text;
}

} // namespace poolscope
