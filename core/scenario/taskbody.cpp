// SPDX-License-Identifier: MIT
#include "scenario/taskbody.h"

#include "scenario/scenarioreader.h"

namespace poolscope {

QStringList taskBodyKeys()
{
    return { QStringLiteral("steps"), QStringLiteral("step_ms"), QStringLiteral("checks_stop"), QStringLiteral("wait"),
             QStringLiteral("fail_at_step") };
}

void readTaskBody(const ScenarioReader &r, const QJsonObject &obj, const QString &path, const QStringList &waits,
                  TaskSpec &spec)
{
    spec.steps = r.integer(obj, path, "steps", std::nullopt, 0);
    spec.stepMs = r.integer(obj, path, "step_ms", std::nullopt, 1);
    const QString wait = r.choice(obj, path, "wait", waits, &waits.first());
    waitModeFromName(wait, &spec.wait);
    spec.checksStop = r.boolean(obj, path, "checks_stop", false) || spec.wait == WaitMode::Event;
    spec.failAtStep = obj.contains(QLatin1String("fail_at_step")) ? r.integer(obj, path, "fail_at_step", std::nullopt, 0)
                                                                  : -1;
}

} // namespace poolscope
