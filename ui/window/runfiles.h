// SPDX-License-Identifier: MIT
// The window's file dialogs: open a scenario or a saved run, save the run, export it (from the writer table).
#pragma once

#include "record/run.h"
#include "scenario/scenario.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

class QMenu;
class QWidget;

namespace poolscope {

struct RunWriter;

namespace runfiles {

// A scenario file opened in the window: the scenario and warnings for the console, or the error that
// names the file and the field. (Saved runs open off the GUI thread: RunFileOpener.)
struct OpenedScenario
{
    std::optional<Scenario> scenario;
    QStringList notes; // warnings for the console: unknown keys, actions on a boundary
    QString error;
};
OpenedScenario openScenario(const QString &path);
// A saved run to open with RunFileOpener: its signature, or its name when it cannot be read (the
// opener then says why).
bool namesSavedRun(const QString &path);

// Asks for a scenario or a saved run; empty if the person cancelled.
QString askOpenPath(QWidget *parent);
// Writes the run with a writer of the table, asking where; a dialog names the file on failure.
// Returns the path written, or empty.
QString exportRun(QWidget *parent, const Run &run, const RunWriter &writer);
// Adds an item per export writer of the table to the menu; `run` gives the run to write when chosen.
void fillExportMenu(QMenu *menu, QWidget *parent, std::function<std::optional<Run>()> run,
                    std::function<void(const QString &)> written);

} // namespace runfiles
} // namespace poolscope
