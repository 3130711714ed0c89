// SPDX-License-Identifier: MIT
#pragma once

#include "guimain.h"

#include <QString>

class QCoreApplication;

namespace poolscope {

struct CommandLine
{
    bool headless = false;
    QString input; // scenario name or file, or a saved session
    QString report;
    QString trace;
    QString saveSession;
    QString exportSvg;
    QString exportPng;
    QString exportCsv;
    double timeScale = 1.0;
    GuiOptions gui;
};

// Returns an exit status when the program should end now (--help, --version, --list-scenarios, bad
// input: 2), or -1 to go on.
int parseCommandLine(QCoreApplication &app, CommandLine *out);

// Runs (or, for a session file, reads) and writes the requested files. 0 on success, 1 when writing a
// file failed, 2 for bad input.
int runHeadless(const CommandLine &cli);

} // namespace poolscope
