// SPDX-License-Identifier: MIT
#include "models/model.h"

#include "scenario/scenarioplan.h"

namespace poolscope {

void Model::validate(const ScenarioReader &, const Scenario &) const { }

ScenarioPlan Model::plan(const Scenario &) const
{
    return {};
}

} // namespace poolscope
