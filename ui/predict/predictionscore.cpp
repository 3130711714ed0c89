// SPDX-License-Identifier: MIT
#include "predict/predictionscore.h"

#include "models/modelwords.h"
#include "record/run.h"
#include "replay/runstate.h"
#include "scenario/scenario.h"

#include <QHash>

namespace poolscope {

namespace {

QString steps(int n)
{
    return n == 1 ? QStringLiteral("1 step") : QStringLiteral("%1 steps").arg(n);
}

// "all 4 steps", "its one step"
QString allSteps(int n)
{
    return n == 1 ? QStringLiteral("its one step") : QStringLiteral("all %1 steps").arg(n);
}

bool firstCancelRefused(const TaskStatus &t)
{
    return !t.cancelResults.empty() && !t.cancelResults.front();
}

bool firstCancelAcceptedWhileRunning(const TaskStatus &t)
{
    return !t.cancelResults.empty() && t.cancelResults.front() && t.firstCancelFound == CancelFound::Running;
}

} // namespace

QList<TaskState> PredictionScore::choices(const QString &model)
{
    QList<TaskState> list { TaskState::Completed, TaskState::Stopped, TaskState::Cancelled, TaskState::Failed };
    // Java's pool has fates of its own; offering them there (and only there) keeps the Python menu short.
    if (model == QLatin1String("java"))
        list << TaskState::Interrupted << TaskState::Rejected << TaskState::Discarded << TaskState::Drained;
    return list;
}

QSet<QString> PredictionScore::cancelledByScenario(const Scenario &scenario)
{
    QSet<QString> ids;
    for (const ScenarioAction &action : scenario.actions) {
        if (action.verb == QLatin1String("cancel")) {
            const Scenario::TaskReference ref = scenario.resolve(action.task);
            if (ref.group < 0)
                continue;
            const TaskGroup &group = scenario.groups[ref.group];
            if (ref.ordinal > 0) {
                ids.insert(instanceId(group, ref.ordinal));
            } else {
                for (int i = 1; i <= group.count; ++i)
                    ids.insert(instanceId(group, i));
            }
        } else if (action.verb == QLatin1String("cancel_all")) {
            for (const TaskGroup &group : scenario.groups) {
                if (group.submitAtMs > action.atMs)
                    continue;
                for (int i = 1; i <= group.count; ++i)
                    ids.insert(instanceId(group, i));
            }
        }
    }
    return ids;
}

QString PredictionScore::whyEnded(const TaskSpec &spec, const TaskStatus &t, const ModelWords &words)
{
    const QString no = words.boolean(false);
    switch (t.state) {
    case TaskState::Completed:
        if (firstCancelRefused(t) && t.firstCancelFound == CancelFound::Running)
            return QStringLiteral("cancel() came while it ran: it returned %1 and the task ran %2")
                .arg(no, allSteps(t.stepsDone));
        // Java and Qt: the future says cancelled, but the body decides whether to look.
        if (t.interruptSwallowed)
            return QStringLiteral("its thread was interrupted, but it swallowed the interrupt and ran %1")
                .arg(allSteps(t.stepsDone));
        if (t.interruptSent && !t.interruptSeen)
            return QStringLiteral("its thread was interrupted, but it never looks: it ran %1")
                .arg(allSteps(t.stepsDone));
        if (firstCancelAcceptedWhileRunning(t))
            return QStringLiteral("cancel() returned %1 while it ran, but it never looks: it ran %2")
                .arg(words.boolean(true), allSteps(t.stepsDone));
        if (t.ignoredStop)
            return t.stepsAtStop > 0
                ? QStringLiteral("it never checks the event: set after %1, it ran on to its end (%2)")
                      .arg(steps(t.stepsAtStop), steps(t.stepsDone))
                : QStringLiteral("it never checks the event: set before its first step ended, it ran "
                                 "on to its end (%1)")
                      .arg(steps(t.stepsDone));
        if (t.stopSetWhileRunningNs >= 0 && (spec.checksStop || spec.wait == WaitMode::Event))
            return QStringLiteral("the event was set while it ran but cleared before it looked: it ran %1")
                .arg(allSteps(t.stepsDone));
        return QStringLiteral("nothing stopped it: it ran %1").arg(allSteps(t.stepsDone));
    case TaskState::Stopped: {
        const QString refused
            = firstCancelRefused(t) ? QStringLiteral("cancel() returned %1 (it ran); ").arg(no) : QString();
        if (t.stoppedByCancel)
            return QStringLiteral("it checks whether its future is cancelled: it saw that after %1 and returned")
                .arg(steps(t.stepsDone));
        if (spec.wait == WaitMode::Event)
            return refused
                + QStringLiteral("it waits on the event: it returned at once when it was set, after %1")
                      .arg(steps(t.stepsDone));
        if (t.stepsDone == 0)
            return refused
                + QStringLiteral("it checks the event before its first step: it was set already, it returned at once");
        return refused + QStringLiteral("it checks the event after each step: saw it after %1").arg(steps(t.stepsDone));
    }
    case TaskState::Cancelled:
        if (!t.ran() && !t.cancelResults.empty() && t.cancelResults.front())
            return QStringLiteral(
                "cancel() came while it waited in the queue: it returned %1 and the task never started")
                .arg(words.boolean(true));
        if (t.cancelledByShutdown)
            return QStringLiteral("shutdown(cancel_futures=True) cancelled it in the queue: it never started");
        if (t.cancelledByClear)
            return QStringLiteral("the pool's clear() dropped it from the queue: it never started");
        if (t.ran())
            return QStringLiteral("cancel() came while it ran: its future says cancelled, the body ran %1")
                .arg(steps(t.stepsDone));
        return QStringLiteral("it was cancelled in the queue: it never started");
    case TaskState::Failed:
        return QStringLiteral("it raised an exception after %1: failed").arg(steps(t.stepsDone));
    case TaskState::Interrupted:
        if (firstCancelAcceptedWhileRunning(t))
            return QStringLiteral("cancel() returned %1 and interrupted its thread: it returned after %2")
                .arg(words.boolean(true), steps(t.stepsDone));
        return QStringLiteral("its thread was interrupted after %1 and it returned").arg(steps(t.stepsDone));
    case TaskState::Rejected:
        return QStringLiteral("the pool refused it at submit: it never ran");
    case TaskState::Discarded:
        return QStringLiteral("the rejection policy dropped it from the queue: it never ran");
    case TaskState::Drained:
        return QStringLiteral("shutdownNow() took it out of the queue: it never ran");
    case TaskState::Pending:
    case TaskState::Running:
        break;
    }
    return QStringLiteral("the run ended with it still %1").arg(QLatin1String(taskStateName(t.state)));
}

QString PredictionScore::whyCancelReturned(const TaskStatus &t, const ModelWords &words)
{
    if (t.cancelResults.empty())
        return QStringLiteral("no cancel() was made on it");
    const QString result = words.boolean(t.cancelResults.front());
    switch (t.firstCancelFound) {
    case CancelFound::Pending:
        return QStringLiteral("it still waited in the queue, so cancel() returned %1").arg(result);
    case CancelFound::Running:
        return QStringLiteral("it was running, so cancel() returned %1").arg(result);
    case CancelFound::Ended:
        return QStringLiteral("it had ended already, so cancel() returned %1").arg(result);
    case CancelFound::None:
        break;
    }
    return QStringLiteral("cancel() returned %1").arg(result);
}

PredictionScore::PredictionScore(
    const std::vector<Prediction> &predictions, const Run &run, const RunState &state, const ModelWords &words)
{
    QHash<QString, quint32> byId;
    const size_t count = std::min(run.tasks.size(), state.taskCount());
    for (quint32 i = 0; i < count; ++i)
        byId.insert(run.taskId(i), i);
    m_verdicts.reserve(predictions.size());
    for (const Prediction &p : predictions) {
        PredictionVerdict v;
        m_asked += p.cancelAsked ? 2 : 1;
        const auto it = byId.constFind(p.taskId);
        if (it == byId.cend()) {
            v.why = QStringLiteral("this run has no task %1").arg(p.taskId);
            m_verdicts.push_back(v);
            continue;
        }
        const TaskStatus &t = state.task(*it);
        v.found = true;
        v.actual = t.state;
        if (!t.cancelResults.empty())
            v.actualCancel = t.cancelResults.front();
        v.outcomeRight = p.outcome && *p.outcome == t.state;
        v.why = whyEnded(run.specOf(*it), t, words);
        if (p.cancelAsked) {
            v.cancelRight = p.cancelReturns && v.actualCancel && *p.cancelReturns == *v.actualCancel;
            // The outcome's line already says what cancel() returned when the cancel decided the story.
            const bool said = v.why.contains(QStringLiteral("cancel()"));
            if (!said)
                v.why += QStringLiteral("; ") + whyCancelReturned(t, words);
        }
        m_right += (v.outcomeRight ? 1 : 0) + (v.cancelRight ? 1 : 0);
        m_verdicts.push_back(v);
    }
}

QString PredictionScore::text() const
{
    return QStringLiteral("%1 of %2 right").arg(m_right).arg(m_asked);
}

} // namespace poolscope
