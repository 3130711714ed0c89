// SPDX-License-Identifier: MIT
#include "io/reportwriter.h"

#include "io/outputfile.h"
#include "io/runoutput.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "replay/runstate.h"

namespace poolscope {

void writeReport(const RunOutput &output, OutputFile &out)
{
    const Run &run = output.run();
    const RunState &state = output.finalState();
    out << "{\n  \"format\": \"poolscope-report/1\",\n  \"scenario\": ";
    out.quoted(run.info.scenarioName);
    out << ",\n  \"model\": ";
    out.quoted(run.info.model);
    if (run.incomplete) // its program ended early: a task may have no outcome ("none") yet
        out << ",\n  \"complete\": false";
    // The model's own keys (a run of a model this build does not know has none).
    const Model *model = findModel(run.info.model);
    std::vector<ReportKey> keys;
    auto writeKeys = [&](const char *separator) {
        for (const ReportKey &k : keys)
            out << separator << '"' << k.name << "\": " << k.json.constData();
    };
    out << ",\n  \"tasks\": [";
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        const TaskStatus &t = state.task(i);
        out << (i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        out.quotedTaskId(run, i);
        if (run.recorded()) { // a recorded program has several pools
            out << ", \"pool\": ";
            out.number(t.pool);
        }
        out << ", \"outcome\": \"" << outcomeName(outcomeForState(t.state)) << "\", \"steps_done\": ";
        out.number(t.stepsDone);
        out << ", \"cancel_results\": [";
        for (size_t k = 0; k < t.cancelResults.size(); ++k)
            out << (k ? ", " : "") << (t.cancelResults[k] ? "true" : "false");
        out << ']';
        if (model) {
            keys.clear();
            model->reportTaskKeys(run, state, i, &keys);
            writeKeys(", ");
        }
        out << '}';
    }
    out << (run.tasks.empty() ? "]" : "\n  ]");
    if (model) {
        keys.clear();
        model->reportRunKeys(run, state, &keys);
        writeKeys(",\n  ");
    }
    out << "\n}\n";
}

QByteArray reportJson(const Run &run)
{
    OutputFile out;
    writeReport(RunOutput(run), out);
    return out.takeBytes();
}

bool writeReportFile(const RunOutput &run, const QString &path, QString *error)
{
    OutputFile out(path);
    writeReport(run, out);
    if (out.commit())
        return true;
    if (error)
        *error = out.errorString();
    return false;
}

} // namespace poolscope
