// SPDX-License-Identifier: MIT
#include "headless.h"

#include "commandline.h"
#include "io/runfile.h"
#include "io/runwriters.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "replay/runstate.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "scenario/scenarioplan.h"

#include <QByteArray>
#include <cstdio>

namespace poolscope {

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "poolscope: %s\n", qPrintable(message));
}

// One line per task, as the lesson's program would print its futures. Written with plain stdio into one
// buffer: a million tasks print in a blink.
void printTasks(const Run &run)
{
    const Model *model = findModel(run.info.model);
    const QByteArray yes = model ? model->words().boolean(true).toUtf8() : QByteArray("True");
    const QByteArray no = model ? model->words().boolean(false).toUtf8() : QByteArray("False");
    RunState state;
    state.reset(run.tasks.size(), run.info.workers);
    for (const RecordedEvent &e : run.events)
        state.apply(e);
    QByteArray line;
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        const TaskStatus &t = state.task(i);
        line = run.taskId(i).toUtf8();
        line = line.leftJustified(16) + ' ' + QByteArray(outcomeName(outcomeForState(t.state))).leftJustified(10)
                + ' ' + QByteArray::number(t.stepsDone).rightJustified(3) + '/'
                + QByteArray::number(run.specOf(i).steps).leftJustified(3) + " steps";
        if (!t.cancelResults.empty()) {
            line += "   cancel() -> ";
            for (size_t k = 0; k < t.cancelResults.size(); ++k)
                line += (k ? ", " : "") + (t.cancelResults[k] ? yes : no);
        }
        line += '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    }
    if (run.incomplete)
        std::fputs("(the recording is incomplete: its program ended early)\n", stdout);
}

} // namespace

int runHeadless(const CommandLine &cli)
{
    Run run;
    if (looksLikeRunFile(cli.input) || cli.input.endsWith(QLatin1String(".poolscope"))) {
        // A recorded run: every file comes from its events; nothing runs.
        QString error;
        std::optional<Run> loaded = loadRunFile(cli.input, &error);
        if (!loaded) {
            printError(error);
            return 2;
        }
        if (!findModel(loaded->info.model)) {
            printError(QStringLiteral("%1: the run's model \"%2\" is not one of %3")
                               .arg(cli.input, loaded->info.model, modelNames().join(QStringLiteral(", "))));
            return 2;
        }
        run = std::move(*loaded);
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
        run = runScenario(*parsed.scenario, cli.timeScale);
    }

    printTasks(run);
    std::fflush(stdout);

    bool ok = true;
    // Each file is written whole or not at all; one that fails does not stop the others.
    for (const auto &[option, path] : cli.outputs) {
        const RunWriter *writer = findRunWriter(option);
        QString error;
        if (writer && !writer->write(run, path, &error)) {
            printError(error);
            ok = false;
        }
    }
    return ok ? 0 : 1;
}

} // namespace poolscope
