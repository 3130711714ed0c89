// SPDX-License-Identifier: MIT
#include "runner/scenariorun.h"

#include "runner/runner.h"

#include <algorithm>

namespace poolscope {

RunInfo runInfoFor(const Scenario &scenario, double timeScale)
{
    RunInfo info;
    info.scenarioName = scenario.name;
    info.title = scenario.title;
    info.description = scenario.description;
    info.model = scenario.model;
    info.workers = scenario.workers;
    info.timeScale = timeScale;
    info.pool = scenario.pool;
    return info;
}

void queueScenario(Runner &runner, const Scenario &scenario)
{
    struct Item
    {
        qint64 atMs;
        int order; // submits (0) before actions (1) due at the same time
        const TaskGroup *group = nullptr;
        const ScenarioAction *action = nullptr;
    };
    const QList<TaskGroup> groups = scenario.groupsInSubmissionOrder();
    std::vector<Item> items;
    items.reserve(size_t(groups.size() + scenario.actions.size()));
    for (const TaskGroup &g : groups)
        items.push_back({ g.submitAtMs, 0, &g, nullptr });
    // The task indices an action names: an instance, or each instance of a group.
    auto targets = [&](const QString &id) {
        QList<quint32> out;
        const Scenario::TaskReference ref = scenario.resolve(id);
        if (ref.group < 0)
            return out;
        const TaskGroup &wanted = scenario.groups[ref.group];
        quint32 first = 0;
        for (const TaskGroup &g : groups) {
            if (g.spec.id == wanted.spec.id) {
                if (ref.ordinal > 0)
                    return QList<quint32> { first + quint32(ref.ordinal - 1) };
                for (int k = 0; k < g.count; ++k)
                    out << first + quint32(k);
                return out;
            }
            first += quint32(g.count);
        }
        return out;
    };
    for (const ScenarioAction &a : scenario.actions)
        items.push_back({ a.atMs, 1, nullptr, &a });
    std::stable_sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return a.atMs != b.atMs ? a.atMs < b.atMs : a.order < b.order;
    });
    qint64 lastAt = 0;
    for (const Item &item : items) {
        lastAt = std::max(lastAt, item.atMs);
        if (item.group) {
            runner.submit(item.group->spec, quint32(item.group->count), item.atMs);
            continue;
        }
        const ScenarioAction &a = *item.action;
        ActionCall call;
        call.runnerVerb = a.runnerVerb;
        call.verb = a.code;
        call.flags = a.flags;
        call.timeoutMs = a.timeoutMs;
        if (!a.task.isEmpty()) {
            for (quint32 t : targets(a.task))
                call.tasks.push_back(t);
        }
        for (const QString &id : a.tasks) {
            for (quint32 t : targets(id))
                call.tasks.push_back(t);
        }
        call.allSubmitted = a.task.isEmpty() && a.tasks.isEmpty();
        runner.act(std::move(call), item.atMs);
    }
    runner.finish(lastAt);
}

Run runScenario(const Scenario &scenario, double timeScale, RunClock *clock)
{
    Runner runner(runInfoFor(scenario, timeScale), &scenario.modelRules(), clock);
    queueScenario(runner, scenario);
    while (!runner.waitFinished(std::chrono::hours(1))) { }
    return runner.takeRun();
}

} // namespace poolscope
