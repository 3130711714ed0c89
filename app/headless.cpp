// SPDX-License-Identifier: MIT
#include "headless.h"

#include "csvexport.h"
#include "poolsession.h"
#include "report.h"
#include "scenario.h"
#include "scenarioplan.h"
#include "sessionfile.h"
#ifndef POOLSCOPE_NO_GUI
#include "timelineexport.h"
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <cstdio>

namespace poolscope {

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "poolscope: %s\n", qPrintable(message));
}

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

} // namespace

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
    const QCommandLineOption report(QStringLiteral("report"),
                                    QStringLiteral("Write the outcome of every task as JSON (poolscope-report/1)."),
                                    QStringLiteral("OUT.json"));
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QStringLiteral("Write a Chrome Trace Event JSON file (opens in Perfetto)."),
                                   QStringLiteral("OUT.trace.json"));
    const QCommandLineOption timeScale(QStringLiteral("time-scale"),
                                       QStringLiteral("Multiply every duration by X (0.001 to 1000; default 1)."),
                                       QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      QStringLiteral("Open the window on a built-in scenario or a scenario file and run it."),
                                      QStringLiteral("NAME|PATH"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a picture of the window when the scenario ends, then quit."),
                                        QStringLiteral("OUT.png"));
    const QCommandLineOption saveSession(QStringLiteral("save-session"),
                                         QStringLiteral("Save the run (scenario, pool, every event) to open again later."),
                                         QStringLiteral("OUT.poolscope"));
    const QCommandLineOption exportSvg(QStringLiteral("export-svg"), QStringLiteral("Write the timeline as an SVG picture."),
                                       QStringLiteral("OUT.svg"));
    const QCommandLineOption exportPng(QStringLiteral("export-png"), QStringLiteral("Write the timeline as a PNG picture."),
                                       QStringLiteral("OUT.png"));
    const QCommandLineOption exportCsv(QStringLiteral("export-csv"), QStringLiteral("Write one CSV row per task."),
                                       QStringLiteral("OUT.csv"));
    parser.addOptions({ headless, list, report, trace, saveSession, exportSvg, exportPng, exportCsv, timeScale, scenario,
                        screenshot });
    parser.addPositionalArgument(QStringLiteral("SCENARIO"),
                                 QStringLiteral("A built-in scenario name, a scenario file (.json), or a saved session "
                                                "(.poolscope: its recorded run is read, nothing runs)."),
                                 QStringLiteral("[SCENARIO|SESSION]"));
    if (!parser.parse(app.arguments())) {
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
        printError(QStringLiteral("%1: only one scenario or session may be given").arg(positional.at(1)));
        return 2;
    }
    out->headless = parser.isSet(headless);
    out->input = positional.value(0);
    out->report = parser.value(report);
    out->trace = parser.value(trace);
    out->saveSession = parser.value(saveSession);
    out->exportSvg = parser.value(exportSvg);
    out->exportPng = parser.value(exportPng);
    out->exportCsv = parser.value(exportCsv);
    const bool anyOutput = !out->report.isEmpty() || !out->trace.isEmpty() || !out->saveSession.isEmpty()
            || !out->exportSvg.isEmpty() || !out->exportPng.isEmpty() || !out->exportCsv.isEmpty();
    if (anyOutput && !out->headless) {
        printError(QStringLiteral("--report, --trace, --save-session and --export-* go with --headless (see --help)"));
        return 2;
    }
    if (out->headless) {
        if (out->input.isEmpty()) {
            printError(QStringLiteral("--headless needs a SCENARIO (a built-in name or a file; see --list-scenarios)"));
            return 2;
        }
        const std::pair<const char *, QString> outputs[] = {
            { "report", out->report },         { "trace", out->trace },           { "save-session", out->saveSession },
            { "export-svg", out->exportSvg }, { "export-png", out->exportPng }, { "export-csv", out->exportCsv },
        };
        for (const auto &[option, path] : outputs) {
            if (!checkOutputPath(QString::fromLatin1(option), path))
                return 2;
        }
#ifdef POOLSCOPE_NO_GUI
        if (!out->exportSvg.isEmpty() || !out->exportPng.isEmpty()) {
            printError(QStringLiteral("--export-svg and --export-png need a build with the window (POOLSCOPE_BUILD_UI)"));
            return 2;
        }
#endif
    } else {
        out->gui.scenario = parser.value(scenario);
        out->gui.screenshot = parser.value(screenshot);
        out->gui.timeScale = out->timeScale;
        if (!out->input.isEmpty() && out->gui.scenario.isEmpty()) {
            if (out->input.endsWith(QLatin1String(".poolscope")) || looksLikeSessionFile(out->input))
                out->gui.session = out->input;
            else
                out->gui.scenario = out->input;
        }
        if (!checkOutputPath(QStringLiteral("screenshot"), out->gui.screenshot))
            return 2;
    }
    return -1;
}

int runHeadless(const CommandLine &cli)
{
    Session session;
    if (looksLikeSessionFile(cli.input) || cli.input.endsWith(QLatin1String(".poolscope"))) {
        // A recorded run: every file comes from its events; nothing runs.
        QString error;
        std::optional<Session> loaded = loadSessionFile(cli.input, &error);
        if (!loaded) {
            printError(error);
            return 2;
        }
        session = std::move(*loaded);
    } else {
        const ScenarioParseResult parsed = loadScenario(cli.input);
        for (const QString &warning : parsed.warnings)
            std::fprintf(stderr, "poolscope: warning: %s\n", qPrintable(warning));
        if (!parsed.scenario) {
            printError(parsed.error);
            return 2;
        }
        for (const QString &warning : planScenario(*parsed.scenario).timingWarnings)
            std::fprintf(stderr, "poolscope: warning: %s: %s\n", qPrintable(cli.input), qPrintable(warning));
        session = runScenario(*parsed.scenario, cli.timeScale);
    }

    for (const TaskSummary &t : summarize(session)) {
        QStringList results;
        for (bool r : t.cancelResults)
            results << (r ? QStringLiteral("True") : QStringLiteral("False"));
        std::printf("%-16s %-10s %3d/%-3d steps%s\n", qPrintable(t.id), outcomeName(t.outcome), t.stepsDone, t.steps,
                    results.isEmpty() ? "" : qPrintable(QStringLiteral("   cancel() -> ") + results.join(QStringLiteral(", "))));
    }

    QString error;
    bool ok = true;
    // Each file is written whole or not at all; one that fails does not stop the others.
    auto write = [&](const QString &path, auto &&writer) {
        if (!path.isEmpty() && !writer(path)) {
            printError(error);
            ok = false;
        }
    };
    write(cli.report, [&](const QString &p) { return writeFileAtomically(p, reportJson(session), &error); });
    write(cli.trace, [&](const QString &p) { return writeFileAtomically(p, traceJson(session), &error); });
    write(cli.saveSession, [&](const QString &p) { return saveSessionFile(session, p, &error); });
    write(cli.exportCsv, [&](const QString &p) { return exportCsvFile(session, p, &error); });
#ifndef POOLSCOPE_NO_GUI
    write(cli.exportSvg, [&](const QString &p) { return exportTimelineSvg(session, p, &error); });
    write(cli.exportPng, [&](const QString &p) { return exportTimelinePng(session, p, &error); });
#endif
    return ok ? 0 : 1;
}

} // namespace poolscope
