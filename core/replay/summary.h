// SPDX-License-Identifier: MIT
// What each task of a finished run ended with, read from the interpreter (reports, CSV, tests).
#pragma once

#include "record/run.h"

#include <QString>
#include <vector>

namespace poolscope {

struct TaskSummary
{
    QString id;
    Outcome outcome = Outcome::None;
    int stepsDone = 0;
    int steps = 0;
    std::vector<bool> cancelResults;
    qint64 submitNs = -1, startNs = -1, endNs = -1;
    qint64 stopLatencyNs = -1; // stopped tasks: from the event being set to the task returning
    bool ignoredStop = false;
};

std::vector<TaskSummary> summarize(const Run &run);

} // namespace poolscope
