// SPDX-License-Identifier: MIT
#include "scenario/scenarioplan.h"

#include "models/model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace poolscope {

ScenarioPlan planScenario(const Scenario &scenario)
{
    const Model &model = scenario.modelRules();
    return model.canPlan() ? model.plan(scenario) : ScenarioPlan();
}

QByteArray planReportJson(const Scenario &scenario, const ScenarioPlan &plan)
{
    QJsonArray tasks;
    for (const PlannedTask &t : plan.tasks) {
        QJsonArray results;
        for (bool r : t.cancelResults)
            results.append(r);
        tasks.append(QJsonObject {
                { QStringLiteral("id"), t.id },
                { QStringLiteral("outcome"), QString::fromLatin1(outcomeName(t.outcome)) },
                { QStringLiteral("steps_done"), t.stepsDone },
                { QStringLiteral("cancel_results"), results },
        });
    }
    return QJsonDocument(QJsonObject {
                                 { QStringLiteral("format"), QStringLiteral("poolscope-report/1") },
                                 { QStringLiteral("scenario"), scenario.name },
                                 { QStringLiteral("tasks"), tasks },
                         })
            .toJson(QJsonDocument::Indented);
}

} // namespace poolscope
