// SPDX-License-Identifier: MIT
// `poolscope record`: run a Python program unchanged, with poolscope's recorder injected, and save what
// its ThreadPoolExecutors and Events did as a run the window and the headless commands open.
#pragma once

namespace poolscope {

// True when the command line is `poolscope record ...` (decided before any QApplication exists: PROGRAM's
// own arguments must never reach poolscope's option parser).
bool isRecordCommand(int argc, char *argv[]);

// Runs `poolscope record [--output OUT.poolscope] [--report R.json] [--trace T.json] -- PROGRAM [ARGS...]`
// (a QCoreApplication exists). PROGRAM's stdin, stdout and stderr are its own; poolscope ends as PROGRAM
// ended (its exit status, or the same signal). Bad input (no PROGRAM, PROGRAM not found, not Python, a
// recording that cannot be read) prints one line and returns 2.
int runRecordCommand(int argc, char *argv[]);

} // namespace poolscope
