// SPDX-License-Identifier: MIT
// The one table of every file a run can be written to: the command line's options and the window's
// File menu are both made from it.
#pragma once

#include "record/run.h"

#include <QStringList>
#include <functional>
#include <vector>

namespace poolscope {

class RunOutput;

struct RunWriter
{
    QString option; // the command line's --OPTION: "report"
    QStringList aliases; // older option names still accepted: "save-session"
    QString valueName; // "OUT.json"
    QString help; // the option's --help line
    QString menuText; // the File menu's item: "Report (JSON)…"
    QString fileFilter; // the save dialog's: "poolscope report (*.json)"
    QString suffix; // "json"
    bool picture = false; // needs Qt's painting (a QGuiApplication, no display)
    bool exportItem = true; // listed under File › Export (saving the run itself has its own item)
    // Writes the whole file or nothing; on failure *error is one line naming the file.
    std::function<bool(const RunOutput &, const QString &path, QString *error)> write;
};

// The writers in the order --help and the menu list them: the core's (report, trace, run file, CSV),
// then any added (pictures, by the picture library).
const std::vector<RunWriter> &runWriters();
void addRunWriter(RunWriter writer); // replaces one with the same option
const RunWriter *findRunWriter(const QString &option); // by option or alias

} // namespace poolscope
