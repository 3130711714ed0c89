// SPDX-License-Identifier: MIT
// The Python program a Python-model scenario is: ThreadPoolExecutor, Event, submit, cancel, set, the task
// loop, written out to read beside the window and to run with python3.
#pragma once

#include <QList>
#include <QString>

namespace poolscope {

struct Scenario;

struct PythonProgram
{
    QString text; // the whole file
    // 1-based line of each action (Scenario::actions order) and of each group's submit (Scenario::groups
    // order), so a view can mark the line of what is happening.
    QList<int> actionLines;
    QList<int> submitLines;
    int finalWaitLine = 0; // the end of the with block
};

// Only for scenarios of the Python model (the caller checks Scenario::model). At --time-scale 1; the
// program's TIME_SCALE constant changes it. Like the seed lesson's programs it prints as it goes, and it
// ends by printing one line per task, "<id>: <outcome>, steps_done=<n>, cancel_results=[False, True]", so a
// test can hold it against poolscope's report.
PythonProgram pythonProgram(const Scenario &scenario);

} // namespace poolscope
