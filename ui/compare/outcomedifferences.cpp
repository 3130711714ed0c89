// SPDX-License-Identifier: MIT
#include "compare/outcomedifferences.h"

#include "models/modelwords.h"
#include "record/run.h"
#include "replay/runstate.h"

#include <QHash>
#include <array>

namespace poolscope {

namespace {

constexpr int ShownDifferences = 4; // more would wrap onto lines the rows need

QString cancelWords(const std::vector<bool> &results, const ModelWords &words)
{
    if (results.empty())
        return QStringLiteral("no cancel()");
    QStringList values;
    for (bool r : results)
        values << words.boolean(r);
    return QStringLiteral("cancel() → ") + values.join(QStringLiteral(", "));
}

// "2 stopped, 3 cancelled; cancel() → False ×2, True ×3"
QString runSummary(const Run &run, const RunState &end, const ModelWords &words)
{
    int refused = 0, accepted = 0;
    for (quint32 i = 0; i < quint32(run.taskCount()) && i < quint32(end.taskCount()); ++i) {
        for (bool r : end.task(i).cancelResults)
            ++(r ? accepted : refused);
    }
    QString text = outcomeCounts(end);
    QStringList cancels;
    if (refused > 0)
        cancels << QStringLiteral("%1 ×%2").arg(words.boolean(false)).arg(refused);
    if (accepted > 0)
        cancels << QStringLiteral("%1 ×%2").arg(words.boolean(true)).arg(accepted);
    if (!cancels.isEmpty())
        text += QStringLiteral("; cancel() → ") + cancels.join(QStringLiteral(", "));
    return text;
}

} // namespace

QString outcomeCounts(const RunState &end)
{
    std::array<int, TaskStateCount> states {};
    for (const TaskStatus &t : end.tasks())
        ++states[size_t(t.state)];
    QStringList parts;
    for (size_t s = 0; s < states.size(); ++s) {
        if (states[s] > 0)
            parts << QStringLiteral("%1 %2").arg(states[s]).arg(QLatin1String(taskStateName(TaskState(s))));
    }
    return parts.isEmpty() ? QStringLiteral("no tasks") : parts.join(QStringLiteral(", "));
}

QStringList outcomeDifferences(const Run &a, const RunState &endA, const Run &b, const RunState &endB,
                               const ModelWords &words, int *sharedIds, QSet<QString> *differingIds)
{
    QHash<QString, quint32> inB;
    for (quint32 i = 0; i < quint32(b.taskCount()) && i < quint32(endB.taskCount()); ++i)
        inB.insert(b.taskId(i), i);
    QStringList differences;
    int shared = 0;
    for (quint32 i = 0; i < quint32(a.taskCount()) && i < quint32(endA.taskCount()); ++i) {
        const QString id = a.taskId(i);
        const auto found = inB.constFind(id);
        if (found == inB.constEnd())
            continue;
        ++shared;
        const TaskStatus &ta = endA.task(i);
        const TaskStatus &tb = endB.task(*found);
        if (differingIds && (ta.state != tb.state || ta.cancelResults != tb.cancelResults))
            differingIds->insert(id);
        if (ta.state != tb.state) {
            differences << QStringLiteral("%1: %2 in A, %3 in B")
                                   .arg(id, QLatin1String(taskStateName(ta.state)), QLatin1String(taskStateName(tb.state)));
        } else if (ta.cancelResults != tb.cancelResults) {
            differences << QStringLiteral("%1: %2 in A, %3 in B")
                                   .arg(id, cancelWords(ta.cancelResults, words), cancelWords(tb.cancelResults, words));
        }
    }
    if (sharedIds)
        *sharedIds = shared;
    return differences;
}

QString differencesLine(const Run &a, const RunState &endA, const Run &b, const RunState &endB, const ModelWords &words)
{
    int shared = 0;
    const QStringList differences = outcomeDifferences(a, endA, b, endB, words, &shared);
    if (shared == 0) {
        // Nothing to pair task by task: each run's outcomes and cancel() results, side by side.
        return QStringLiteral("No task id is in both runs.  A: %1  ·  B: %2")
                .arg(runSummary(a, endA, words), runSummary(b, endB, words));
    }
    if (differences.isEmpty())
        return shared == 1 ? QStringLiteral("The one task both runs have ended alike.")
                           : QStringLiteral("The %1 tasks both runs have ended alike.").arg(shared);
    QString line = QStringLiteral("Differs: ") + differences.mid(0, ShownDifferences).join(QStringLiteral(" · "));
    if (differences.size() > ShownDifferences)
        line += QStringLiteral(" · and %1 more").arg(differences.size() - ShownDifferences);
    return line;
}

} // namespace poolscope
