// SPDX-License-Identifier: MIT
// Closing a recording its program could not close: a run file streamed by a process that was killed.
#pragma once

#include <QString>
#include <QtGlobal>

namespace poolscope {

struct SealResult
{
    bool ok = false; // the file is a whole run file now
    bool sealed = false; // it had no end: its damaged tail was cut and an END! marked incomplete appended
    bool complete = false; // END!'s "complete"
    quint64 tasks = 0;
    quint64 events = 0;
};

// Reads the run file at path section by section. One that ends with its END! is left as it is; one that
// does not (its writer was killed, or crashed below Python) is cut after its last whole, intact section
// and closed with an END! saying it is incomplete, so every event written before the kill can be read.
// On failure (no INFO to keep: nothing was recorded) *error names the file and what is wrong.
SealResult sealRecording(const QString &path, QString *error);

} // namespace poolscope
