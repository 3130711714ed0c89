// SPDX-License-Identifier: MIT
// What a SCENARIO|RUN argument names: a saved run, or a scenario (built-in or file), loaded.
#pragma once

#include "record/run.h"
#include "scenario/scenario.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace poolscope {

// One of run or scenario is set, or error says why neither could be (one line naming the file and the
// field). The headless run, the window's argument and a comparison's A and B read their inputs alike.
struct RunSource
{
    std::optional<Run> run;
    std::optional<Scenario> scenario;
    QString error;
    QStringList warnings; // the scenario's (unknown keys and such), each naming the file
};

// A saved run by its signature, or by its suffix when the file cannot be read (so the error is the run
// reader's: "cannot open"), else a scenario.
bool namesRunFile(const QString &nameOrPath);
RunSource loadRunSource(const QString &nameOrPath);

} // namespace poolscope
