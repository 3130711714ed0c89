// SPDX-License-Identifier: MIT
// The console's lines: what the program prints and calls, each with its time and thread.
#pragma once

#include "record/run.h"
#include "replay/happening.h"

#include <QStringList>

namespace poolscope {

class ModelWords;

// "  1.25 s  worker-1   " : the time and the thread a line happened on (a recording's lanes by their
// threads' names when the run is given).
QString consoleStamp(qint64 ns, qint16 worker, const Run *run = nullptr);
// The lines one happening prints (none for most), stamped, in the run's model's words.
QStringList consoleLines(const Happening &h, const Run &run, const ModelWords &words);

} // namespace poolscope
