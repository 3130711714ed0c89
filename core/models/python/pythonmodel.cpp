// SPDX-License-Identifier: MIT
#include "models/python/pythonmodel.h"

#include "models/python/pythonplanner.h"
#include "models/python/pythonrun.h"
#include "models/python/pythonverbs.h"
#include "models/steptask.h"
#include "scenario/scenario.h"
#include "scenario/scenarioreader.h"
#include "scenario/taskbody.h"

namespace poolscope {

using namespace python;

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
    r.warnUnknownKeys(obj, path, known);
}

void PythonModel::validate(const ScenarioReader &r, const Scenario &s) const
{
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

ScenarioPlan PythonModel::plan(const Scenario &scenario) const
{
    return planPythonScenario(scenario);
}

} // namespace poolscope
