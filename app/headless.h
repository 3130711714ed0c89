// SPDX-License-Identifier: MIT
// The headless commands: run a scenario (or read a saved run) and write files, with no window.
#pragma once

namespace poolscope {

struct CommandLine;

// Runs (or, for a run file, reads) and writes the requested files. 0 on success, 1 when writing a file
// failed, 2 for bad input. Uses the core and the picture library only: no widget is ever made.
int runHeadless(const CommandLine &cli);

} // namespace poolscope
