// SPDX-License-Identifier: MIT
#include "headless.h"

#include "commandline.h"
#include "io/runfile.h"
#include "io/runsource.h"
#include "io/runoutput.h"
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
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace poolscope {

namespace {

// One line per task, as the lesson's program would print its futures: "t#1   completed   0/0   steps"
// ("poll#1   stopped   25 checks" for a recorded program's).
// Formatted into one buffer with no string per task: a million tasks print in a blink.
void printTasks(const RunOutput &output)
{
    const Run &run = output.run();
    const Model *model = findModel(run.info.model);
    const QByteArray yes = model ? model->words().boolean(true).toUtf8() : QByteArray("True");
    const QByteArray no = model ? model->words().boolean(false).toUtf8() : QByteArray("False");
    const RunState &state = output.finalState();
    std::string out;
    out.reserve(1 << 20);
    quint32 cachedSpec = NoTask;
    QByteArray specId;
    // n right-aligned in width characters (0: as long as it is).
    auto number = [&out](qint64 n, int width) {
        char digits[24];
        int len = 0;
        const bool negative = n < 0;
        quint64 u = negative ? quint64(-n) : quint64(n);
        do {
            digits[len++] = char('0' + u % 10);
            u /= 10;
        } while (u);
        if (negative)
            digits[len++] = '-';
        out.append(size_t(std::max(0, width - len)), ' ');
        while (len)
            out += digits[--len];
    };
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        const TaskStatus &t = state.task(i);
        const TaskRef &ref = run.tasks[i];
        if (ref.spec != cachedSpec) {
            cachedSpec = ref.spec;
            specId = run.specs[ref.spec].id.toUtf8();
        }
        // "%-16s %-10s %3d/%-3d steps"
        const size_t idStart = out.size();
        out.append(specId.constData(), size_t(specId.size()));
        if (run.specs[ref.spec].numbered) {
            out += '#';
            number(ref.ordinal, 0);
        }
        out.append(size_t(std::max<qsizetype>(0, 16 - qsizetype(out.size() - idStart))), ' ');
        out += ' ';
        const char *outcome = outcomeName(outcomeForState(t.state));
        const size_t outcomeLength = std::strlen(outcome);
        out.append(outcome, outcomeLength);
        out.append(outcomeLength < 10 ? 10 - outcomeLength : 0, ' ');
        out += ' ';
        number(t.stepsDone, 3);
        if (run.recorded()) { // a recorded task has no steps to count towards, only the checks it made
            out += " checks";
        } else {
            out += '/';
            const size_t stepsStart = out.size();
            number(run.specs[ref.spec].steps, 0);
            out.append(size_t(std::max<qsizetype>(0, 3 - qsizetype(out.size() - stepsStart))), ' ');
            out += " steps";
        }
        if (!t.cancelResults.empty()) {
            out += "   cancel() -> ";
            for (size_t k = 0; k < t.cancelResults.size(); ++k) {
                if (k)
                    out += ", ";
                out += (t.cancelResults[k] ? yes : no).constData();
            }
        }
        out += '\n';
        if (out.size() > (1 << 20) - 256) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (run.incomplete)
        std::fputs("(the recording is incomplete: its program ended early)\n", stdout);
}

} // namespace

int runHeadless(const CommandLine &cli)
{
    RunSource source = loadRunSource(cli.input);
    for (const QString &warning : source.warnings)
        std::fprintf(stderr, "poolscope: warning: %s\n", qPrintable(warning));
    if (!source.error.isEmpty()) {
        printError(source.error);
        return 2;
    }
    Run run;
    if (source.run) {
        // A recorded run: every file comes from its events; nothing runs.
        run = std::move(*source.run);
    } else {
        // Timing warnings are about actions near a boundary: a scenario without actions has none to plan for.
        if (!source.scenario->actions.isEmpty()) {
            for (const QString &warning : planScenario(*source.scenario).timingWarnings)
                std::fprintf(stderr, "poolscope: warning: %s: %s\n", qPrintable(cli.input), qPrintable(warning));
        }
        run = runScenario(*source.scenario, cli.timeScale);
    }

    // The run is read once, for the lines printed and every file written.
    const RunOutput output(run);
    output.finalState();

    // Each file is written whole or not at all; one that fails does not stop the others. The files do not
    // depend on each other, so they are written side by side (a million-task trace is half a gigabyte);
    // pictures stay on this thread, which owns the application's fonts.
    struct Job
    {
        const RunWriter *writer;
        QString path;
        QString error;
        bool ok = true;
    };
    std::vector<Job> jobs;
    for (const auto &[option, path] : cli.outputs) {
        if (const RunWriter *writer = findRunWriter(option))
            jobs.push_back({ writer, path, {}, true });
    }
    std::vector<std::thread> threads;
    for (Job &job : jobs) {
        if (!job.writer->picture)
            threads.emplace_back([&output, &job] { job.ok = job.writer->write(output, job.path, &job.error); });
    }
    printTasks(output);
    std::fflush(stdout);
    for (Job &job : jobs) {
        if (job.writer->picture)
            job.ok = job.writer->write(output, job.path, &job.error);
    }
    for (std::thread &t : threads)
        t.join();
    bool ok = true;
    for (const Job &job : jobs) {
        if (!job.ok) {
            printError(job.error);
            ok = false;
        }
    }
    return ok ? 0 : 1;
}

} // namespace poolscope
