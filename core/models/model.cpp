// SPDX-License-Identifier: MIT
#include "models/model.h"

#include "scenario/scenarioplan.h"

namespace poolscope {

quint32 ModelRun::submitMany(quint32 first, quint32 count)
{
    for (quint32 i = 0; i < count; ++i) {
        if (!submit(first + i))
            return i;
    }
    return count;
}

void Model::validate(const ScenarioReader &, const Scenario &) const { }

void Model::reportRunKeys(const Run &, const RunState &, std::vector<ReportKey> *) const { }

void Model::reportTaskKeys(const Run &, const RunState &, quint32, std::vector<ReportKey> *) const { }

ScenarioPlan Model::plan(const Scenario &) const
{
    return {};
}

PoolShape Model::poolShape(const RunInfo &info) const
{
    return { info.workers, info.workers, -1 };
}

} // namespace poolscope
