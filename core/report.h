// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"
#include "sessionstate.h"

#include <QByteArray>
#include <QString>

namespace poolscope {

// Per task, what a run ended with, derived from the recorded events alone.
struct TaskSummary
{
    QString id;
    Outcome outcome = Outcome::None;
    int stepsDone = 0;
    int steps = 0;
    std::vector<bool> cancelResults;
    qint64 submitNs = -1, startNs = -1, endNs = -1;
    qint64 stopLatencyNs = -1; // stopped tasks: from the event being set to the task returning
};

std::vector<TaskSummary> summarize(const Session &session);

// {"format":"poolscope-report/1","scenario":NAME,"tasks":[{"id","outcome","steps_done","cancel_results"}]}
QByteArray reportJson(const Session &session);

// Chrome Trace Event JSON (object form) that Perfetto and chrome://tracing load.
QByteArray traceJson(const Session &session);

// Writes through a temporary file and a rename, so a failed write leaves nothing half-written.
bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error);

} // namespace poolscope
