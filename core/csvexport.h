// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QByteArray>
#include <QString>

namespace poolscope {

// One row per task, in submission order, after the header row
//   id,outcome,queued_ms,started_ms,ended_ms,steps_done,steps,cancel_results,stop_latency_ms
// Times are milliseconds from the start of the run with microsecond precision (queued_ms: when it was
// submitted), empty when it never happened (a cancelled task never started). cancel_results lists every
// cancel() result on that future, Python-style, separated by ';' ("False;True"). stop_latency_ms is set
// for stopped tasks only. Lines end with CRLF (RFC 4180); fields with a comma, quote or newline are quoted.
QByteArray csvReport(const Session &session);

bool exportCsvFile(const Session &session, const QString &path, QString *error); // atomic write

} // namespace poolscope
