// SPDX-License-Identifier: MIT
// A scenario turned into the runner's timed commands, and run to its end.
#pragma once

#include "record/run.h"
#include "scenario/scenario.h"

namespace poolscope {

class RunClock;
class Runner;

RunInfo runInfoFor(const Scenario &scenario, double timeScale);

// Queues a scenario's submits and actions on a runner, then finish(). Submits come before actions due
// at the same time; each group is one command. The caller may watch runner.recorder() while it runs.
void queueScenario(Runner &runner, const Scenario &scenario);

// Runs a scenario to its end (blocks) and returns what was recorded.
Run runScenario(const Scenario &scenario, double timeScale = 1.0, RunClock *clock = nullptr);

} // namespace poolscope
