// SPDX-License-Identifier: MIT
#pragma once

#include "recordedevent.h"
#include "scenario.h"

#include <QString>
#include <vector>

namespace poolscope {

// What one task instance was asked to do, indexed like the recorder's task indices (submission order).
struct TaskSpec
{
    QString id;
    QString group;
    int steps = 0;
    int stepMs = 1; // before the time scale
    bool checksStop = false;
    WaitMode wait = WaitMode::Sleep;
    int failAtStep = -1;
};

// A recorded run: enough to rebuild every view, the report and the trace without running anything.
struct Session
{
    QString scenarioName;
    QString title;
    QString description;
    QString model = QStringLiteral("python");
    int workers = 1;
    double timeScale = 1.0;
    std::vector<TaskSpec> tasks;
    std::vector<RecordedEvent> events; // ordered by time
};

} // namespace poolscope
