// SPDX-License-Identifier: MIT
// The Chrome Trace Event JSON that Perfetto and chrome://tracing open.
#pragma once

#include "record/run.h"

#include <QByteArray>

namespace poolscope {

class OutputFile;
class RunOutput;

// Object form, traceEvents first: a thread per worker and a caller thread; an X slice per task run named
// "<id> [<outcome>]"; an async queue span per task; instants for submit, cancel, stop_set, stop_clear,
// shutdown and stop_observed; a "pool" counter; a flow arrow from each refused cancel() into the run it
// could not stop. ts in µs from the run's start. Streamed.
void writeTrace(const RunOutput &run, OutputFile &out);
QByteArray traceJson(const Run &run);
bool writeTraceFile(const RunOutput &run, const QString &path, QString *error);

} // namespace poolscope
