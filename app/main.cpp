// SPDX-License-Identifier: MIT
// poolscope: the window by default; --headless runs a scenario with no display and writes files.
#include "commandline.h"
#include "headless.h"
#include "recordcommand.h"

#include <QCoreApplication>
#ifndef POOLSCOPE_NO_GUI
#include "render/pictures.h"
#include "window/guimain.h"

#include <QApplication>
#include <QGuiApplication>
#endif
#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    // `poolscope record -- PROGRAM ...`: PROGRAM's arguments are its own, never parsed as poolscope's.
    if (poolscope::isRecordCommand(argc, argv)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("poolscope"));
        return poolscope::runRecordCommand(argc, argv);
    }
    // Decide before any QApplication exists: a headless run must never need a display.
    bool pictures = false;
    const bool headless = poolscope::wantsHeadless(argc, argv, &pictures);
    std::unique_ptr<QCoreApplication> app;
#ifdef POOLSCOPE_NO_GUI
    Q_UNUSED(headless);
    app = std::make_unique<QCoreApplication>(argc, argv);
#else
    poolscope::registerPictureWriters();
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
    poolscope::GuiOptions gui;
    gui.scenario = cli.scenario;
    gui.runFile = cli.runFile;
    gui.screenshot = cli.screenshot;
    gui.screenshotsAt = cli.screenshotsAt;
    gui.size = cli.width > 0 ? QSize(cli.width, cli.height) : QSize();
    gui.presenter = cli.presenter;
    gui.pane = cli.pane;
    gui.predict = cli.predict;
    gui.timeScale = cli.timeScale;
    gui.compareA = cli.compareA;
    gui.compareB = cli.compareB;
    return poolscope::runGui(*static_cast<QApplication *>(app.get()), gui);
#endif
}
