// SPDX-License-Identifier: MIT
#include "io/csvwriter.h"

#include "io/outputfile.h"
#include "io/runoutput.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "replay/runstate.h"

namespace poolscope {

namespace {

QByteArray field(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

void ms(OutputFile &out, qint64 ns)
{
    if (ns < 0)
        return;
    // Integer arithmetic: exact microseconds, no floating-point noise in a file people diff.
    const qint64 us = (ns + 500) / 1000;
    out.number(us / 1000);
    const int frac = int(us % 1000);
    const char tail[4] = { '.', char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10) };
    out.write(tail, 4);
}

void writeCsv(const RunOutput &output, OutputFile &out)
{
    const Run &run = output.run();
    const Model *model = findModel(run.info.model);
    const QByteArray yes = model ? model->words().boolean(true).toUtf8() : QByteArray("True");
    const QByteArray no = model ? model->words().boolean(false).toUtf8() : QByteArray("False");
    const RunState &state = output.finalState();
    out << "id,outcome,queued_ms,started_ms,ended_ms,steps_done,steps,cancel_results,stop_latency_ms\r\n";
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        const TaskStatus &t = state.task(i);
        out << QByteArrayView(field(run.taskId(i))) << ',' << outcomeName(outcomeForState(t.state)) << ',';
        ms(out, t.submitNs);
        out << ',';
        ms(out, t.startNs);
        out << ',';
        ms(out, t.endNs);
        out << ',';
        out.number(t.stepsDone);
        out << ',';
        out.number(run.specOf(i).steps);
        out << ',';
        for (size_t k = 0; k < t.cancelResults.size(); ++k) {
            if (k)
                out << ';';
            out << QByteArrayView(t.cancelResults[k] ? yes : no);
        }
        out << ',';
        if (t.state == TaskState::Stopped)
            ms(out, t.stopLatencyNs);
        out << "\r\n";
    }
}

} // namespace

QByteArray csvReport(const Run &run)
{
    OutputFile out;
    writeCsv(RunOutput(run), out);
    return out.takeBytes();
}

bool writeCsvFile(const RunOutput &run, const QString &path, QString *error)
{
    OutputFile out(path);
    writeCsv(run, out);
    if (out.commit())
        return true;
    if (error)
        *error = out.errorString();
    return false;
}

} // namespace poolscope
