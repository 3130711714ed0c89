// SPDX-License-Identifier: MIT
#include "replay/waitnote.h"

#include "models/modelwords.h"

#include <QStringList>
#include <algorithm>
#include <vector>

namespace poolscope {

QString waitingNote(const Run &run, const RunState &state, const ModelWords &words)
{
    if (!state.callerBlocked())
        return {};
    // Tasks waited for for the same reason are named together ("job#1 and job#2: each checks ..."): a
    // lecture-hall note has room for one or two lines, not for the same sentence twice.
    std::vector<quint32> tasks;
    for (quint32 task : state.workerTasks()) {
        if (task != NoTask && task < run.tasks.size() && task < state.taskCount())
            tasks.push_back(task);
    }
    std::sort(tasks.begin(), tasks.end());
    QStringList reasons;
    QList<QStringList> idsPerReason;
    for (quint32 task : tasks) {
        const QString why = words.whyStillRunning(run.specOf(task), state.task(task), state.stopSet());
        const qsizetype at = reasons.indexOf(why);
        if (at >= 0) {
            idsPerReason[at] << run.taskId(task);
        } else {
            reasons << why;
            idsPerReason << QStringList { run.taskId(task) };
        }
    }
    QStringList running;
    for (qsizetype i = 0; i < reasons.size(); ++i) {
        const QStringList &ids = idsPerReason[i];
        if (ids.size() == 1) {
            running << QStringLiteral("%1: %2").arg(ids.first(), reasons[i]);
            continue;
        }
        const QString named = ids.size() == 2 ? ids.join(QStringLiteral(" and "))
                                              : ids.mid(0, ids.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + ids.last();
        QString why = reasons[i];
        why = why.startsWith(QStringLiteral("it ")) ? QStringLiteral("each ") + why.mid(3) : QStringLiteral("each: ") + why;
        running << QStringLiteral("%1: %2").arg(named, why);
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
        if (running.size() > shown) {
            qsizetype more = 0;
            for (qsizetype i = shown; i < idsPerReason.size(); ++i)
                more += idsPerReason[i].size();
            text += QStringLiteral("; and %1 more running").arg(more);
        }
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
