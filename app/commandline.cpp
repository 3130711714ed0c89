// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "io/runsource.h"
#include "io/runwriters.h"
#include "models/python/pythonprogram.h"
#include "scenario/scenario.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <cstdio>
#include <cstring>

namespace poolscope {

void printError(const QString &message)
{
    std::fprintf(stderr, "poolscope: %s\n", qPrintable(message));
}

namespace {

// An output path is checked before anything runs, so a typo costs no run.
bool checkOutputPath(const QString &option, const QString &path)
{
    if (path.isEmpty())
        return true;
    const QFileInfo info(path);
    if (info.isDir()) {
        printError(QStringLiteral("--%1 %2: is a directory").arg(option, path));
        return false;
    }
    if (!info.absoluteDir().exists()) {
        printError(QStringLiteral("--%1 %2: the directory %3 does not exist")
                           .arg(option, path, QDir::toNativeSeparators(info.absolutePath())));
        return false;
    }
    return true;
}

// --export-python: the scenario as the Python program it is, written whole or not at all.
int exportPython(const QString &input, const QString &path)
{
    if (input.isEmpty()) {
        printError(QStringLiteral("--export-python needs a SCENARIO (a built-in name or a file; see --list-scenarios)"));
        return 2;
    }
    const ScenarioParseResult result = loadScenario(input);
    if (!result.scenario) {
        for (const QString &e : result.errors.isEmpty() ? QStringList { result.error } : result.errors)
            printError(e);
        return 2;
    }
    if (result.scenario->model != QLatin1String("python")) {
        printError(QStringLiteral("%1: field 'model': only a Python scenario is a Python program (this one is \"%2\")")
                           .arg(input, result.scenario->model));
        return 2;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(pythonProgram(*result.scenario).text.toUtf8()) < 0
        || !file.commit()) {
        printError(QStringLiteral("--export-python %1: %2").arg(path, file.errorString()));
        return 2;
    }
    return 0;
}

} // namespace

bool wantsHeadless(int argc, char *argv[], bool *paintsPictures)
{
    bool headless = false;
    bool pictures = false;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        for (const char *flag : { "--headless", "--list-scenarios", "--help", "-h", "--help-all", "--version", "-v",
                                  "--export-python" }) {
            if (std::strcmp(a, flag) == 0)
                headless = true;
        }
        pictures = pictures || std::strncmp(a, "--export-png", 12) == 0 || std::strncmp(a, "--export-svg", 12) == 0;
    }
    *paintsPictures = pictures;
    return headless;
}

int parseCommandLine(QCoreApplication &app, CommandLine *out)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "poolscope makes thread-pool cancellation visible: cancel() only stops tasks that have not started;\n"
            "a running task stops only when it checks a stop event.\n\n"
            "With no options the window opens on a built-in scenario. With --headless a scenario runs with no\n"
            "display and writes a report and a trace."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run SCENARIO with no window."));
    const QCommandLineOption list(QStringLiteral("list-scenarios"), QStringLiteral("List the built-in scenarios."));
    const QCommandLineOption timeScale(QStringLiteral("time-scale"),
                                       QStringLiteral("Multiply every duration by X (0.001 to 1000; default 1)."),
                                       QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      QStringLiteral("Open the window on a built-in scenario or a scenario file and run it."),
                                      QStringLiteral("NAME|PATH"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a picture of the window when the scenario ends, then quit."),
                                        QStringLiteral("OUT.png"));
    const QCommandLineOption screenshotAt(
            QStringLiteral("screenshot-at"),
            QStringLiteral("Save a picture of the window at MS milliseconds of the run (as the timeline's axis reads;\n"
                           "the run's clock stops there for it). Repeatable; quits after the last picture."),
            QStringLiteral("MS OUT.png"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("The window's size, e.g. 1280x720 (a projector)."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption presenter(QStringLiteral("presenter"),
                                       QStringLiteral("Presenter mode: full screen, large type, the timeline and the table "
                                                      "given the room (View > Presenter, F11)."));
    const QCommandLineOption predict(
            QStringLiteral("predict"),
            QStringLiteral("Predict mode (View > Predict the outcome) with these guesses, comma-separated: "
                           "TASK=OUTCOME (completed, stopped, cancelled, failed) and, for a task the scenario "
                           "cancels, TASK.cancel=True or False (its first cancel()). The run marks each one. "
                           "Example: --predict download=completed,download.cancel=False"),
            QStringLiteral("GUESSES"));
    const QCommandLineOption pane(QStringLiteral("pane"),
                                  QStringLiteral("The right column's tab to show: console (the default), legend or\n"
                                                 "python (the scenario as a Python program; View > Python program, Ctrl+3)."),
                                  QStringLiteral("PANE"));
    parser.addOptions({ headless, list });
    // Every file a run can be written to comes from the one writer table.
    QList<QCommandLineOption> writerOptions;
    for (const RunWriter &w : runWriters()) {
        QStringList names { w.option };
        names += w.aliases;
        writerOptions << QCommandLineOption(names, w.help, w.valueName);
        parser.addOption(writerOptions.last());
    }
    const QCommandLineOption python(QStringLiteral("export-python"),
                                    QStringLiteral("Write the scenario as the Python program it is (ThreadPoolExecutor, "
                                                   "Event; prints each task's outcome at the end), then quit."),
                                    QStringLiteral("OUT.py"));
    // Taken out before parsing (two values), listed for --help.
    const QCommandLineOption compare(QStringLiteral("compare"),
                                     QStringLiteral("Open two runs compared: A above B on one time axis, both started at once.\n"
                                                    "Each is a built-in name, a scenario file or a saved run (.poolscope);\n"
                                                    "with --screenshot the picture is saved when both have ended."),
                                     QStringLiteral("A B"));
    parser.addOptions({ timeScale, scenario, screenshot, screenshotAt, size, presenter, pane, predict, python, compare });
    parser.addPositionalArgument(QStringLiteral("SCENARIO"),
                                 QStringLiteral("A built-in scenario name, a scenario file (.json), or a saved run "
                                                "(.poolscope: its recorded events are read, nothing runs)."),
                                 QStringLiteral("[SCENARIO|RUN]"));
    // --screenshot-at takes two values, which QCommandLineParser cannot: they are taken out first.
    QStringList arguments = app.arguments();
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] != QLatin1String("--screenshot-at"))
            continue;
        bool ok = false;
        const qint64 ms = i + 1 < arguments.size() ? arguments[i + 1].toLongLong(&ok) : -1;
        if (!ok || ms < 0 || ms > 24LL * 3600 * 1000 || i + 2 >= arguments.size() || arguments[i + 2].startsWith(QLatin1Char('-'))) {
            printError(QStringLiteral("--screenshot-at %1: needs a time in milliseconds (0 or more) and a file, e.g. "
                                      "--screenshot-at 1500 middle.png")
                               .arg(arguments.mid(i + 1, 2).join(QLatin1Char(' '))));
            return 2;
        }
        out->screenshotsAt << qMakePair(ms, arguments[i + 2]);
        arguments.remove(i, 3);
        --i;
    }
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] != QLatin1String("--compare"))
            continue;
        if (i + 2 >= arguments.size() || arguments[i + 1].startsWith(QLatin1Char('-')) || arguments[i + 2].startsWith(QLatin1Char('-'))
            || !out->compareA.isEmpty()) {
            printError(QStringLiteral("--compare: needs two runs, A and B, once, e.g. --compare cancel-running cancel-then-stop"));
            return 2;
        }
        out->compareA = arguments[i + 1];
        out->compareB = arguments[i + 2];
        arguments.remove(i, 3);
        --i;
    }
    if (!parser.parse(arguments)) {
        printError(parser.errorText() + QStringLiteral(" (see --help)"));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                    qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (parser.isSet(list)) {
        for (const QString &name : builtinScenarioNames()) {
            const ScenarioParseResult r = loadBuiltinScenario(name);
            std::printf("%-26s %s\n", qPrintable(name), r.scenario ? qPrintable(r.scenario->title) : "");
        }
        return 0;
    }

    bool ok = false;
    const QString scaleText = parser.value(timeScale);
    out->timeScale = scaleText.toDouble(&ok);
    if (!ok || !(out->timeScale >= 0.001 && out->timeScale <= 1000)) {
        printError(QStringLiteral("--time-scale %1: must be a number from 0.001 to 1000").arg(scaleText));
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        printError(QStringLiteral("%1: only one scenario or run may be given").arg(positional.at(1)));
        return 2;
    }
    out->headless = parser.isSet(headless);
    out->input = positional.value(0);
    if (parser.isSet(python)) {
        const QString input = out->input.isEmpty() ? parser.value(scenario) : out->input;
        if (!checkOutputPath(QStringLiteral("export-python"), parser.value(python)))
            return 2;
        const int status = exportPython(input, parser.value(python));
        if (status != 0 || !out->headless)
            return status;
    }
    for (qsizetype i = 0; i < writerOptions.size(); ++i) {
        if (parser.isSet(writerOptions[i]))
            out->outputs << qMakePair(runWriters()[size_t(i)].option, parser.value(writerOptions[i]));
    }
    if (out->headless && (!out->screenshotsAt.isEmpty() || parser.isSet(size) || parser.isSet(presenter)
                          || parser.isSet(screenshot) || !out->compareA.isEmpty() || parser.isSet(pane)
                          || parser.isSet(predict))) {
        printError(QStringLiteral("--compare, --screenshot, --screenshot-at, --size, --presenter, --pane and --predict are "
                                  "the window's; with --headless use --export-png (see --help)"));
        return 2;
    }
    if (!out->outputs.isEmpty() && !out->headless) {
        printError(QStringLiteral("--report, --trace, --save-run and --export-* go with --headless (see --help)"));
        return 2;
    }
    if (out->headless) {
        if (out->input.isEmpty()) {
            printError(QStringLiteral("--headless needs a SCENARIO (a built-in name or a file; see --list-scenarios)"));
            return 2;
        }
        for (const auto &[option, path] : out->outputs) {
            if (!checkOutputPath(option, path))
                return 2;
        }
        return -1;
    }
    if (!out->compareA.isEmpty()
        && (!out->input.isEmpty() || parser.isSet(scenario) || !out->screenshotsAt.isEmpty() || parser.isSet(presenter)
            || parser.isSet(predict))) {
        printError(QStringLiteral("--compare A B names both runs: no SCENARIO, --scenario, --screenshot-at, --presenter or "
                                  "--predict with it (see --help)"));
        return 2;
    }
    out->scenario = parser.value(scenario);
    out->screenshot = parser.value(screenshot);
    if (!out->input.isEmpty() && out->scenario.isEmpty()) {
        if (namesRunFile(out->input))
            out->runFile = out->input;
        else
            out->scenario = out->input;
    }
    if (!checkOutputPath(QStringLiteral("screenshot"), out->screenshot))
        return 2;
    for (const auto &[ms, path] : std::as_const(out->screenshotsAt)) {
        if (!checkOutputPath(QStringLiteral("screenshot-at"), path))
            return 2;
    }
    out->presenter = parser.isSet(presenter);
    out->predict = parser.value(predict);
    if (parser.isSet(predict) && out->predict.trimmed().isEmpty()) {
        printError(QStringLiteral("--predict: needs guesses, e.g. --predict download=completed,download.cancel=False"));
        return 2;
    }
    if (parser.isSet(pane)) {
        out->pane = parser.value(pane);
        if (!QStringList { QStringLiteral("console"), QStringLiteral("legend"), QStringLiteral("python") }.contains(out->pane)) {
            printError(QStringLiteral("--pane %1: must be console, legend or python").arg(out->pane));
            return 2;
        }
    }
    if (parser.isSet(size)) {
        const QString text = parser.value(size);
        const QStringList parts = text.split(QLatin1Char('x'));
        bool okW = false, okH = false;
        out->width = parts.size() == 2 ? parts[0].toInt(&okW) : 0;
        out->height = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
        if (!okW || !okH || out->width < 320 || out->height < 240 || out->width > 16384 || out->height > 16384) {
            printError(QStringLiteral("--size %1: must be WIDTHxHEIGHT in pixels, at least 320x240, e.g. 1280x720").arg(text));
            return 2;
        }
    }
    return -1;
}

} // namespace poolscope
