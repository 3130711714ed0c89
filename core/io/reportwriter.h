// SPDX-License-Identifier: MIT
// The report ("poolscope-report/1"): what each task ended with, as JSON.
#pragma once

#include "record/run.h"

#include <QByteArray>

namespace poolscope {

class OutputFile;
class RunOutput;

// {"format":"poolscope-report/1","scenario":NAME,"model":MODEL,
//  "tasks":[{"id","outcome","steps_done","cancel_results"}, ...]} — tasks in submission order, one a line
// (a recorded program's also name their "pool", after "id"; an incomplete recording has "complete": false
// after "model"); a model may add keys of its own after a task's cancel_results and after the tasks
// (Model::reportTaskKeys);
// streamed: a million tasks need no more memory than the interpreter's state.
void writeReport(const RunOutput &run, OutputFile &out);
QByteArray reportJson(const Run &run);
bool writeReportFile(const RunOutput &run, const QString &path, QString *error);

} // namespace poolscope
