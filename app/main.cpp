// SPDX-License-Identifier: MIT
// poolscope: the window by default; --headless runs a scenario with no display and writes files.
#include "guimain.h"
#include "headless.h"

#include <QCoreApplication>
#ifndef POOLSCOPE_NO_GUI
#include <QApplication>
#include <QGuiApplication>
#endif
#include <cstdio>
#include <cstring>
#include <memory>

int main(int argc, char *argv[])
{
    // Decide before any QApplication exists: a headless run must never need a display.
    bool headless = false;
    bool pictures = false; // --export-png/--export-svg paint with QtGui, but need no display
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        for (const char *flag : { "--headless", "--list-scenarios", "--help", "-h", "--help-all", "--version", "-v" }) {
            if (std::strcmp(a, flag) == 0)
                headless = true;
        }
        pictures = pictures || std::strncmp(a, "--export-png", 12) == 0 || std::strncmp(a, "--export-svg", 12) == 0;
    }
    std::unique_ptr<QCoreApplication> app;
#ifdef POOLSCOPE_NO_GUI
    Q_UNUSED(headless);
    app = std::make_unique<QCoreApplication>(argc, argv);
#else
    if (headless && pictures) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else if (headless) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        app = std::make_unique<QApplication>(argc, argv);
    }
#endif
    QCoreApplication::setApplicationName(QStringLiteral("poolscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(POOLSCOPE_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("poolscope"));

    poolscope::CommandLine cli;
    const int parsed = poolscope::parseCommandLine(*app, &cli);
    if (parsed >= 0)
        return parsed;
    if (cli.headless)
        return poolscope::runHeadless(cli);
#ifdef POOLSCOPE_NO_GUI
    std::fputs("poolscope: this build has no window; use --headless (see --help)\n", stderr);
    return 2;
#else
    return poolscope::runGui(*static_cast<QApplication *>(app.get()), cli.gui);
#endif
}
