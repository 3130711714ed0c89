// SPDX-License-Identifier: MIT
#include "window/guimain.h"

#include "compare/comparisonwindow.h"
#include "io/runsource.h"
#include "predict/predictionmodel.h"
#include "predict/predictionpanel.h"
#include "window/mainwindow.h"
#include "window/windowmemory.h"
#include "scenario/scenario.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QScreen>
#include <QSvgRenderer>
#include <QTimer>
#include <cstdio>
#include <cstdlib>

namespace poolscope {

namespace {

// The lesson the window opens on when no scenario is named: cancel() for the queue, the event for the
// running tasks. The first of these that is built in wins.
const char *const DefaultScenarios[] = { "cancel-then-stop", "cancel-running", "stop-event" };

QString defaultScenarioName()
{
    const QStringList names = builtinScenarioNames();
    for (const char *name : DefaultScenarios) {
        if (names.contains(QLatin1String(name)))
            return QLatin1String(name);
    }
    return names.isEmpty() ? QString() : names.first();
}

int fail(const QString &message, bool dialog)
{
    for (const QString &line : message.split(QLatin1Char('\n')))
        std::fprintf(stderr, "poolscope: %s\n", qPrintable(line));
    if (dialog)
        QMessageBox::critical(nullptr, QStringLiteral("poolscope"), message);
    return 2;
}

// Rendered here with QSvgRenderer so the icon does not depend on the SVG icon-engine plugin.
QIcon appIcon()
{
    QIcon icon;
    QSvgRenderer renderer(QStringLiteral(":/icons/poolscope.svg"));
    if (!renderer.isValid())
        return icon;
    for (int size : { 16, 24, 32, 48, 64, 128, 256 }) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        renderer.render(&p);
        icon.addPixmap(pm);
    }
    return icon;
}

// The window on a screen it was not made for (a projector at 1280×720, QT_SCALE_FACTOR=2 on 1920×1080):
// never larger than the room the desktop leaves, frame included.
QSize fittingSize(const QApplication &app)
{
    const QRect avail = app.primaryScreen() ? app.primaryScreen()->availableGeometry() : QRect(0, 0, 1600, 1000);
    const QSize frame(16, 48); // a title bar and borders, before the window has a frame to measure
    return QSize(std::min(1600, avail.width() - frame.width()), std::min(1000, avail.height() - frame.height()));
}

// --compare A B: the comparison window alone. Both are loaded before any window opens, so a bad one is
// one line naming the argument and its file and field, and no window.
int runComparison(QApplication &app, const GuiOptions &options, bool pictures)
{
    const RunSource a = loadRunSource(options.compareA);
    const RunSource b = loadRunSource(options.compareB);
    for (const auto &[letter, source] : { std::pair { "A", &a }, std::pair { "B", &b } }) {
        for (const QString &warning : source->warnings)
            std::fprintf(stderr, "poolscope: warning: --compare %s: %s\n", letter, qPrintable(warning));
        if (!source->error.isEmpty())
            return fail(QStringLiteral("--compare %1: %2").arg(QLatin1String(letter), source->error), !pictures);
    }
    ComparisonWindow window;
    if (!options.screenshot.isEmpty()) {
        window.setScreenshotPath(options.screenshot);
        QObject::connect(&window, &ComparisonWindow::screenshotSaved, &app, [] { QApplication::exit(0); });
        QObject::connect(&window, &ComparisonWindow::screenshotFailed, &app, [](const QString &path) {
            std::fprintf(stderr, "poolscope: cannot write the screenshot %s\n", qPrintable(path));
            QApplication::exit(1);
        });
    }
    window.resize(options.size.isValid() ? options.size : pictures ? ScreenshotWindowSize : fittingSize(app));
    window.show();
    if (options.size.isValid())
        QTimer::singleShot(0, &window, [&window, size = options.size] { window.resize(size); });
    // Started once the window is shown: both runs start together, and a picture waits for both to end.
    QTimer::singleShot(0, &window, [&window, &a, &b, &options] { window.start(a, b, options.timeScale); });
    return app.exec();
}

} // namespace

void useLectureHallFont()
{
    // Legible from the back of a lecture hall: never below 12 pt (Ctrl++ goes further).
    QFont font = QApplication::font();
    if (font.pointSizeF() > 0 && font.pointSizeF() < 12) {
        font.setPointSizeF(12);
        QApplication::setFont(font);
    }
}

int runGui(QApplication &app, const GuiOptions &options)
{
    app.setWindowIcon(appIcon());
    app.setApplicationDisplayName(QStringLiteral("poolscope"));
    app.setDesktopFileName(QStringLiteral("poolscope"));
    useLectureHallFont();

    // With pictures asked for, nobody is there to answer a dialog: errors go to stderr only.
    const bool pictures = !options.screenshot.isEmpty() || !options.screenshotsAt.isEmpty();
    if (!(options.timeScale > 0))
        return fail(QStringLiteral("--time-scale: must be a number above 0"), !pictures);
    if (!options.compareA.isEmpty())
        return runComparison(app, options, pictures);

    // A person's session remembers where they left the window; pictures and a given --size are
    // reproducible, so they neither read nor write what was remembered.
    const bool remembers = !pictures && !options.size.isValid();
    const WindowMemory memory = remembers ? WindowMemory::load() : WindowMemory();

    MainWindow window(options.timeScale);
    if (pictures) {
        if (!options.screenshot.isEmpty())
            window.setScreenshotPath(options.screenshot);
        for (const auto &[ms, path] : options.screenshotsAt)
            window.addScreenshotAt(ms * 1000000, path);
        QObject::connect(&window, &MainWindow::allScreenshotsSaved, &app, [] { QApplication::exit(0); });
        QObject::connect(&window, &MainWindow::screenshotFailed, &app, [](const QString &path) {
            std::fprintf(stderr, "poolscope: cannot write the screenshot %s\n", qPrintable(path));
            QApplication::exit(1);
        });
    }
    QObject firstOpen; // listens to the command line's open only: a later File › Open that fails keeps the window
    if (!options.runFile.isEmpty()) {
        // A saved run opens off the GUI thread, the window already up; if it cannot be read, poolscope
        // ends as it would have before showing anything (the window's dialog said why).
        QObject::connect(&window, &MainWindow::openFailed, &firstOpen, [](const QString &, const QString &error) {
            for (const QString &line : error.split(QLatin1Char('\n')))
                std::fprintf(stderr, "poolscope: %s\n", qPrintable(line));
            QApplication::exit(2);
        });
        auto opened = [&window, &firstOpen] { QObject::disconnect(&window, nullptr, &firstOpen, nullptr); };
        QObject::connect(&window, &MainWindow::runFileOpened, &firstOpen, opened);
        QObject::connect(&window, &MainWindow::openCancelled, &firstOpen, opened);
        if (!window.openFile(options.runFile))
            return 2;
    } else {
        QString name = options.scenario.isEmpty() ? defaultScenarioName() : options.scenario;
        // The last scenario of the last session, if it can still be loaded (a moved file is not an error).
        if (options.scenario.isEmpty() && !memory.scenario.isEmpty() && loadScenario(memory.scenario).scenario)
            name = memory.scenario;
        if (name.isEmpty()) {
            window.resetPool();
        } else {
            const ScenarioParseResult result = loadScenario(name);
            // Every error at once: a teacher fixing a file should not meet them one run at a time.
            if (!result.scenario)
                return fail(result.errors.isEmpty() ? result.error : result.errors.join(QLatin1Char('\n')), !pictures);
            for (const QString &warning : result.warnings)
                std::fprintf(stderr, "poolscope: warning: %s\n", qPrintable(warning));
            window.setScenario(*result.scenario);
            window.noteWarnings(QFileInfo(name).fileName(), result.warnings);
        }
    }
    if (options.size.isValid())
        window.resize(options.size);
    else if (pictures)
        window.resize(ScreenshotWindowSize);
    else
        window.resize(fittingSize(app));
    if (remembers)
        window.recall(memory);
    if (!options.predict.isEmpty()) {
        if (!options.runFile.isEmpty())
            return fail(QStringLiteral("--predict goes with a scenario, not a saved run (%1)").arg(options.runFile), !pictures);
        window.setPredicting(true);
        const QString error = window.predictionPanel()->applyGuesses(options.predict);
        if (!error.isEmpty())
            return fail(error, !pictures);
    }
    window.show();
    // Once the layout has measured itself with the real fonts its minimum can be smaller than the first
    // guess that grew the window: ask for the size again, so a 960×540 screen gets a 960×540 window.
    if (options.size.isValid())
        QTimer::singleShot(0, &window, [&window, size = options.size] { window.resize(size); });
    if (!options.pane.isEmpty())
        window.showSidePane(options.pane == QLatin1String("python")   ? RunViews::SidePane::Python
                            : options.pane == QLatin1String("legend") ? RunViews::SidePane::Legend
                                                                      : RunViews::SidePane::Console);
    if (options.presenter || memory.presenter)
        window.setPresenter(true, !pictures && !options.size.isValid());
    // Opens running: the README's first command shows the lesson happening. In predict mode it opens
    // asking, unless every guess came with --predict.
    const bool asking = window.isPredicting() && window.predictionPanel()->hasTasks()
            && window.predictionPanel()->model()->firstMissingGuess() >= 0;
    if (options.runFile.isEmpty() && !asking)
        QTimer::singleShot(0, &window, [&window] { window.runScenario(); });
    const int status = app.exec();
    if (remembers)
        window.memory().save();
    if (pictures && !window.runner()) {
        // Pictures of a saved run are written and nothing runs: handing a large run's memory back page
        // by page (a quarter of a second for ten million events) is time nobody waits for.
        std::fflush(nullptr);
        std::_Exit(status);
    }
    return status;
}

} // namespace poolscope
