// SPDX-License-Identifier: MIT
// A scenario worked out on an ideal clock by its model: a third witness and the timing warnings.
#pragma once

#include "record/recordedevent.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QStringList>
#include <vector>

namespace poolscope {

// What a scenario does on an ideal machine (no overhead, no scheduling noise), worked out without running
// anything: a discrete-event simulation of Python's ThreadPoolExecutor and threading.Event with the
// scenario's tasks and actions. It is a third witness beside the real run and CPython, and it finds the
// actions that fall so near a task's start, a step boundary or an end that the outcome would depend on
// thread scheduling (the margin the built-ins keep is 40% of a step).
struct PlannedTask
{
    QString id;
    Outcome outcome = Outcome::None;
    int stepsDone = 0;
    std::vector<bool> cancelResults;
    double startMs = -1; // -1: never started
    double endMs = -1;
};

struct ScenarioPlan
{
    std::vector<PlannedTask> tasks; // in submission order
    // One line per action too near a boundary, naming the action, the task and the distance.
    QStringList timingWarnings;
    double endMs = 0;
};

constexpr double SafeMarginSteps = 0.4;

// The scenario's model works it out (an empty plan if the model cannot).
ScenarioPlan planScenario(const Scenario &scenario);

// The plan in the report's format ("poolscope-report/1"), to compare with a real run's report.
QByteArray planReportJson(const Scenario &scenario, const ScenarioPlan &plan);

} // namespace poolscope
