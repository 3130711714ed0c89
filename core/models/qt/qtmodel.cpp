// SPDX-License-Identifier: MIT
#include "models/qt/qtmodel.h"

#include "models/qt/qtrun.h"
#include "models/qt/qtverbs.h"
#include "models/steptask.h"
#include "replay/runstate.h"
#include "scenario/scenario.h"
#include "scenario/scenarioreader.h"

namespace poolscope {

using namespace qt;

void QtModel::readPool(const ScenarioReader &, const QJsonObject &, Scenario &) const
{
    // The pool's one setting, maxThreadCount, is the common "workers".
}

QStringList QtModel::taskKeys() const
{
    return stepTaskKeys() << QStringLiteral("checks_canceled") << QStringLiteral("checks_suspend");
}

void QtModel::readTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec) const
{
    readStepTask(r, obj, path, spec);
    // A QPromise body polls isCanceled() and calls suspendIfRequested() between steps unless told not to:
    // that is how Qt's documentation writes one, and a task that never looks is the lesson's exception.
    spec.options = (r.boolean(obj, path, "checks_canceled", true) ? ChecksCanceled : 0)
            | (r.boolean(obj, path, "checks_suspend", true) ? ChecksSuspend : 0);
}

const std::vector<VerbInfo> &QtModel::verbs() const
{
    static const std::vector<VerbInfo> verbs = {
        { Cancel, "cancel", true },   { CancelAll, "cancel_all", false }, { Stop, "stop", false },
        { Clear, "clear", false },    { Suspend, "suspend", true },       { Resume, "resume", true },
        { ClearQueue, "clear_queue", false }, { Wait, "wait", false },
    };
    return verbs;
}

void QtModel::readAction(const ScenarioReader &r, const QJsonObject &obj, const QString &path, ScenarioAction &a) const
{
    QStringList known = { QStringLiteral("at_ms"), QStringLiteral("do") };
    if (a.code == Cancel || a.code == Suspend || a.code == Resume)
        known << QStringLiteral("task");
    if (a.code == Wait) {
        // With a task: its future's waitForFinished() (each instance of a group in turn); without: waitForDone().
        known << QStringLiteral("task");
        if (obj.contains(QLatin1String("task")))
            a.task = r.string(obj, path, "task", nullptr);
    }
    r.warnUnknownKeys(obj, path, known);
}

namespace {

// Do two of an action's targets ("a", "a#2", or empty: every task) name a common task?
bool overlaps(const Scenario &s, const QString &a, const QString &b)
{
    if (a.isEmpty() || b.isEmpty() || a == b)
        return true;
    const Scenario::TaskReference ra = s.resolve(a), rb = s.resolve(b);
    return ra.group == rb.group && (ra.ordinal == 0 || rb.ordinal == 0 || ra.ordinal == rb.ordinal);
}

} // namespace

void QtModel::validate(const ScenarioReader &r, const Scenario &s) const
{
    // A suspended task finishes only after resume() or cancel(): a program that never lets it go waits for
    // ever at its end, and one that waits on it first can never make the call that lets it go.
    QList<int> order; // actions in the order the caller runs them
    for (int i = 0; i < s.actions.size(); ++i)
        order << i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return s.actions[a].atMs < s.actions[b].atMs; });
    auto isModel = [&](int i, quint16 code) {
        return s.actions[i].runnerVerb == RunnerVerb::None && s.actions[i].code == code;
    };
    for (int k = 0; k < order.size(); ++k) {
        const int i = order[k];
        if (!isModel(i, Suspend))
            continue;
        const QString &target = s.actions[i].task;
        int released = -1;
        for (int m = k + 1; m < order.size() && released < 0; ++m) {
            const int j = order[m];
            const ScenarioAction &a = s.actions[j];
            if (isModel(j, CancelAll) || ((isModel(j, Resume) || isModel(j, Cancel)) && overlaps(s, a.task, target)))
                released = m;
            else if (isModel(j, Wait) && overlaps(s, a.task, target))
                r.fail(QStringLiteral("actions[%1]").arg(j),
                       QStringLiteral("waits for '%1', suspended by actions[%2] and not resumed before: the caller "
                                      "would block for ever (it is the one to call resume())")
                               .arg(a.task.isEmpty() ? QStringLiteral("every task") : a.task)
                               .arg(i));
        }
        if (released < 0)
            r.fail(QStringLiteral("actions[%1].task").arg(i),
                   QStringLiteral("'%1' is suspended and never resumed or cancelled afterwards: the program's end "
                                  "(the pool's destructor) would wait for it for ever")
                           .arg(target));
    }
}

std::unique_ptr<ModelRun> QtModel::createRun(RunContext &ctx) const
{
    return std::make_unique<QtRun>(ctx);
}

void QtModel::reportTaskKeys(const Run &, const RunState &state, quint32 task, std::vector<ReportKey> *keys) const
{
    const TaskStatus &t = state.task(task);
    auto quoted = [](const char *word) { return QByteArray("\"") + word + '"'; };
    const QByteArray null("null");
    keys->push_back({ "stopped_by",
                      t.state != TaskState::Stopped ? null : quoted(t.stoppedByCancel ? "cancel" : "event") });
    const char *found = nullptr;
    switch (t.firstCancelFound) {
    case CancelFound::None: break;
    case CancelFound::Pending: found = "pending"; break;
    case CancelFound::Running: found = "running"; break;
    case CancelFound::Ended: found = "finished"; break;
    }
    keys->push_back({ "cancel_found", found ? quoted(found) : null });
    keys->push_back({ "cleared", t.cancelledByClear ? QByteArray("true") : QByteArray("false") });
    keys->push_back({ "thread", !t.ran() ? null : quoted(t.ranOnCaller() ? "caller" : "worker") });
}

} // namespace poolscope
