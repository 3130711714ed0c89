// SPDX-License-Identifier: MIT
// The task body fields every model's scenario tasks share: steps, step_ms, wait, checks_stop, fail_at_step.
#pragma once

#include "record/run.h"

#include <QJsonObject>
#include <QStringList>

namespace poolscope {

class ScenarioReader;

QStringList taskBodyKeys();
// Reads them into spec; `waits` are the model's values of "wait" (the first is the default). Waiting on the
// event implies checks_stop.
void readTaskBody(const ScenarioReader &r, const QJsonObject &obj, const QString &path, const QStringList &waits,
                  TaskSpec &spec);

} // namespace poolscope
