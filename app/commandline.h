// SPDX-License-Identifier: MIT
// The command line: what the user asked for, parsed and checked before anything runs.
#pragma once

#include <QList>
#include <QPair>
#include <QString>

class QCoreApplication;

namespace poolscope {

struct CommandLine
{
    bool headless = false;
    QString input; // a scenario name or file, or a saved run
    QList<QPair<QString, QString>> outputs; // (writer option, path), in the order given by the table
    double timeScale = 1.0;
    // The window's options.
    QString scenario; // --scenario
    QString runFile; // a saved run to open
    QString screenshot;
    QList<QPair<qint64, QString>> screenshotsAt; // --screenshot-at MS OUT.png, repeatable: (ms, path)
    int width = 0, height = 0; // --size WxH (0: fit the screen)
    bool presenter = false;
    QString pane; // --pane: the right column's tab (console, legend, python); empty: the console
    QString compareA, compareB; // --compare A B: two runs on one time axis (both set, or neither)
    QString predict; // --predict GUESSES
};

// Whether the arguments ask for no window (decided before any QApplication exists), and whether a
// headless run paints pictures (it then needs a QGuiApplication, but no display).
bool wantsHeadless(int argc, char *argv[], bool *paintsPictures);

// Returns an exit status when the program should end now (--help, --version, --list-scenarios, bad
// input: 2), or -1 to go on.
int parseCommandLine(QCoreApplication &app, CommandLine *out);

// "poolscope: MESSAGE" on stderr: the one shape of every command-line error.
void printError(const QString &message);

} // namespace poolscope
