// SPDX-License-Identifier: MIT
#include "models/python/pythonmodel.h"

#include "models/python/pythonplanner.h"
#include "models/python/pythonrun.h"
#include "models/python/pythonverbs.h"
#include "models/steptask.h"
#include "scenario/scenario.h"
#include "scenario/scenarioreader.h"
#include "scenario/taskbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace poolscope {

using namespace python;

namespace {
QByteArray callerResultText(const QJsonObject &o);
}

void PythonModel::readPool(const ScenarioReader &, const QJsonObject &, Scenario &) const
{
    // A ThreadPoolExecutor has one setting, max_workers: the common "workers".
}

QStringList PythonModel::taskKeys() const
{
    return stepTaskKeys();
}

void PythonModel::readTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec) const
{
    readStepTask(r, obj, path, spec);
}

const std::vector<VerbInfo> &PythonModel::verbs() const
{
    static const std::vector<VerbInfo> verbs = {
        { Cancel, "cancel", true }, { CancelAll, "cancel_all", false }, { Stop, "stop", false },
        { Clear, "clear", false },  { Shutdown, "shutdown", false },
        { WaitCall, "wait", false },    { AsCompletedCall, "as_completed", false },
        { ResultCall, "result", true },
    };
    return verbs;
}

void PythonModel::readAction(const ScenarioReader &r, const QJsonObject &obj, const QString &path,
                             ScenarioAction &a) const
{
    QStringList known = { QStringLiteral("at_ms"), QStringLiteral("do") };
    if (a.code == Cancel)
        known << QStringLiteral("task");
    if ((a.code == Cancel || a.code == CancelAll) && obj.contains(QLatin1String("interrupt")))
        r.fail(ScenarioReader::joined(path, "interrupt"),
               QStringLiteral("Python's cancel() cannot interrupt a running task (interrupt is Java's "
                              "cancel(mayInterruptIfRunning): \"model\": \"java\")"));
    if (a.code == Shutdown) {
        known << QStringLiteral("wait") << QStringLiteral("cancel_futures");
        a.flags = (r.boolean(obj, path, "wait", true) ? ShutdownWait : 0)
                | (r.boolean(obj, path, "cancel_futures", false) ? ShutdownCancelFutures : 0);
    }
    if (a.code == ResultCall)
        known << QStringLiteral("task");
    if (a.code == WaitCall || a.code == AsCompletedCall) {
        known << QStringLiteral("tasks");
        const QJsonValue tasks = obj.value(QLatin1String("tasks"));
        if (!tasks.isUndefined()) {
            if (!tasks.isArray())
                r.fail(ScenarioReader::joined(path, "tasks"),
                       QStringLiteral("must be an array of task or group ids (got %1)").arg(ScenarioReader::typeName(tasks)));
            const QJsonArray ids = tasks.toArray();
            for (int i = 0; i < ids.size(); ++i) {
                if (!ids[i].isString())
                    r.fail(ScenarioReader::joined(path, "tasks") + QStringLiteral("[%1]").arg(i),
                           QStringLiteral("must be a task or group id (got %1)").arg(ScenarioReader::typeName(ids[i])));
                a.tasks << ids[i].toString();
            }
        }
    }
    if (a.code == WaitCall) {
        known << QStringLiteral("return_when");
        const QString all = QStringLiteral("ALL_COMPLETED");
        const QString when = r.choice(obj, path, "return_when",
                                      { all, QStringLiteral("FIRST_COMPLETED"), QStringLiteral("FIRST_EXCEPTION") }, &all);
        a.flags = when == QLatin1String("FIRST_COMPLETED") ? WaitFirstCompleted
                : when == QLatin1String("FIRST_EXCEPTION") ? WaitFirstException
                                                           : 0;
    }
    if (a.code == WaitCall || a.code == AsCompletedCall || a.code == ResultCall) {
        known << QStringLiteral("timeout_ms");
        if (obj.contains(QLatin1String("timeout_ms")))
            a.timeoutMs = r.integer(obj, path, "timeout_ms", std::nullopt, 1);
    }
    r.warnUnknownKeys(obj, path, known);
}

void PythonModel::validate(const ScenarioReader &r, const Scenario &s) const
{
    // A call that would block forever in CPython: a call without a timeout or shutdown(wait=True) while
    // the pause gate holds the tasks, and wait()/as_completed() without a timeout after
    // shutdown(cancel_futures=True) (its cancelled futures never count as done).
    {
        bool paused = false;
        bool futuresCancelled = false;
        for (int i = 0; i < s.actions.size(); ++i) {
            const ScenarioAction &a = s.actions[i];
            const QString where = QStringLiteral("actions[%1]").arg(i);
            if (a.runnerVerb == RunnerVerb::Pause) {
                paused = true;
                continue;
            }
            if (a.runnerVerb == RunnerVerb::Resume) {
                paused = false;
                continue;
            }
            const bool call = a.code == WaitCall || a.code == AsCompletedCall || a.code == ResultCall;
            if (paused && call && a.timeoutMs < 0)
                r.fail(where, QStringLiteral("%1() without a timeout_ms while paused would block forever (the paused "
                                             "tasks never finish): give it a timeout_ms or resume first")
                                      .arg(a.verb));
            if (paused && a.code == Shutdown && (a.flags & ShutdownWait))
                r.fail(where, QStringLiteral("shutdown(wait=True) while paused would block forever (the paused tasks "
                                             "never finish): resume first, or wait=false"));
            if (futuresCancelled && (a.code == WaitCall || a.code == AsCompletedCall) && a.timeoutMs < 0)
                r.fail(where, QStringLiteral("%1() without a timeout_ms after shutdown(cancel_futures=True) would block "
                                             "forever (futures it cancelled never count as done): give it a timeout_ms")
                                      .arg(a.verb));
            if (a.code == Shutdown && (a.flags & ShutdownCancelFutures))
                futuresCancelled = true;
        }
    }
    // CPython raises RuntimeError for a submit after shutdown(): such a scenario is a mistake.
    int firstShutdownAt = -1;
    for (const ScenarioAction &a : s.actions) {
        if (a.runnerVerb == RunnerVerb::None && a.code == Shutdown) {
            firstShutdownAt = a.atMs;
            break;
        }
    }
    if (firstShutdownAt < 0)
        return;
    for (int i = 0; i < s.groups.size(); ++i) {
        if (s.groups[i].submitAtMs > firstShutdownAt)
            r.fail(QStringLiteral("tasks[%1].submit_at_ms").arg(i),
                   QStringLiteral("submitted at %1 ms, after the shutdown at %2 ms "
                                  "(cannot schedule new futures after shutdown)")
                           .arg(s.groups[i].submitAtMs)
                           .arg(firstShutdownAt));
    }
}

std::unique_ptr<ModelRun> PythonModel::createRun(RunContext &ctx) const
{
    return std::make_unique<PythonRun>(ctx);
}

namespace {
// A value on one line, arrays with ", " between items (as the task lines' cancel_results).
QByteArray valueText(const QJsonValue &v)
{
    if (v.isArray()) {
        QByteArray out = "[";
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            out += (i ? ", " : "") + valueText(a[i]);
        return out + ']';
    }
    const QByteArray item = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
    return item.mid(1, item.size() - 2);
}

// One caller_results entry with its keys in the documented order ("call" first), on one line.
QByteArray callerResultText(const QJsonObject &o)
{
    static const char *const order[] = { "call", "task", "done", "not_done", "order", "timeout", "outcome" };
    QByteArray out = "{";
    for (const char *key : order) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (out.size() > 1)
            out += ", ";
        out += '"' + QByteArray(key) + "\": " + valueText(v);
    }
    return out + '}';
}
} // namespace

void PythonModel::reportRunKeys(const Run &run, const RunState &, std::vector<ReportKey> *keys) const
{
    if (run.callerResults.isEmpty())
        return;
    QByteArray out = "[";
    for (qsizetype i = 0; i < run.callerResults.size(); ++i)
        out += (i ? ", " : "") + callerResultText(run.callerResults[i].toObject());
    keys->push_back({ "caller_results", out + ']' });
}

ScenarioPlan PythonModel::plan(const Scenario &scenario) const
{
    return planPythonScenario(scenario);
}

} // namespace poolscope
