// SPDX-License-Identifier: MIT
// Python's pool and event on an ideal clock: a discrete-event simulation of a scenario.
#pragma once

#include "scenario/scenarioplan.h"

namespace poolscope {

ScenarioPlan planPythonScenario(const Scenario &scenario);

} // namespace poolscope
