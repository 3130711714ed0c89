// SPDX-License-Identifier: MIT
// One CSV row per task: a spreadsheet's view of a run.
#pragma once

#include "record/run.h"

#include <QByteArray>
#include <QString>

namespace poolscope {

class ModelWords;
class RunOutput;

// One row per task, in submission order, after the header row
//   id,outcome,queued_ms,started_ms,ended_ms,steps_done,steps,cancel_results,stop_latency_ms
// Times are milliseconds from the start of the run with microsecond precision (queued_ms: when it was
// submitted), empty when it never happened (a cancelled task never started). cancel_results lists every
// cancel() result on that future in the model's spelling, separated by ';' ("False;True"). stop_latency_ms
// is set for stopped tasks only. Lines end with CRLF (RFC 4180); fields with a comma, quote or newline are
// quoted.
QByteArray csvReport(const Run &run);
bool writeCsvFile(const RunOutput &run, const QString &path, QString *error); // streamed, atomic

} // namespace poolscope
