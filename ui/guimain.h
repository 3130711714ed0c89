// SPDX-License-Identifier: MIT
#pragma once

#include <QSize>
#include <QString>

class QApplication;

namespace poolscope {

struct GuiOptions
{
    QString scenario; // built-in name or scenario file; empty: the default built-in lesson
    QString session; // a saved .poolscope session to open instead of running anything
    QString screenshot; // save a picture of the whole window when the run ends, then quit
    double timeScale = 1.0;
};

// The window's size with --screenshot (whatever the screen), so the picture's size is known too.
inline constexpr QSize ScreenshotWindowSize(1600, 1000);

// Opens the main window and runs the event loop. Returns the exit status (2 for bad input).
int runGui(QApplication &app, const GuiOptions &options);

} // namespace poolscope
