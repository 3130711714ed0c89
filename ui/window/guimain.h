// SPDX-License-Identifier: MIT
// The window's entry point: what main() calls when no --headless was asked for.
#pragma once

#include <QList>
#include <QPair>
#include <QSize>
#include <QString>

class QApplication;

namespace poolscope {

struct GuiOptions
{
    QString scenario; // built-in name or scenario file; empty: the default built-in lesson
    QString runFile; // a saved .poolscope run to open instead of running anything
    QString screenshot; // save a picture of the whole window when the run ends, then quit
    QList<QPair<qint64, QString>> screenshotsAt; // (run time in ms, path): pictures at those moments
    QSize size; // the window's size; empty: fit the screen (or ScreenshotWindowSize for pictures)
    bool presenter = false; // --presenter
    QString pane; // --pane: console, legend or python; empty: as the window opens
    QString predict; // --predict: predict mode on, with these guesses ("t1=completed,t1.cancel=False")
    double timeScale = 1.0;
    QString compareA, compareB; // --compare A B: the comparison window instead of the main one
};

// The window's size with --screenshot or --screenshot-at and no --size (whatever the screen), so the
// picture's size is known too.
inline constexpr QSize ScreenshotWindowSize(1600, 1000);

// The application's font at 12 pt at least, as the window always has it (tests measure with it too).
void useLectureHallFont();

// Opens the main window and runs the event loop. Returns the exit status (2 for bad input).
int runGui(QApplication &app, const GuiOptions &options);

} // namespace poolscope
