// SPDX-License-Identifier: MIT
// The task body the built-in models share in scenario files: steps of step_ms, a stop event, a failure.
#pragma once

#include "record/run.h"

#include <QJsonObject>
#include <QStringList>

namespace poolscope {

class ScenarioReader;

// "steps", "step_ms", "wait" ("sleep" or "event"), "checks_stop", "fail_at_step": each model's body reads
// them the same way (a model adds keys of its own after these).
QStringList stepTaskKeys();
void readStepTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec);

} // namespace poolscope
