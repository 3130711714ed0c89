// SPDX-License-Identifier: MIT
#include "io/reportwriter.h"

#include "io/outputfile.h"
#include "io/runoutput.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "replay/runstate.h"

#include <QJsonArray>
#include <cmath>

namespace poolscope {

namespace {

// A model's own values, on one line: ["a", "b"], true, 3.
void writeValue(OutputFile &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: out << (v.toBool() ? "true" : "false"); break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::abs(d) < 1e15)
            out.number(qint64(d));
        else
            out << QByteArrayView(QByteArray::number(d, 'g', 17));
        break;
    }
    case QJsonValue::String: out.quoted(v.toString()); break;
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        out << '[';
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out << ", ";
            writeValue(out, a[i]);
        }
        out << ']';
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        out << '{';
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it != o.begin())
                out << ", ";
            out.quoted(it.key());
            out << ": ";
            writeValue(out, it.value());
        }
        out << '}';
        break;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined: out << "null"; break;
    }
}

void writeKeys(OutputFile &out, const std::vector<ReportKey> &keys, const char *before)
{
    for (const ReportKey &k : keys) {
        out << before << '"' << k.key << "\": ";
        writeValue(out, k.value);
    }
}

} // namespace

void writeReport(const RunOutput &output, OutputFile &out)
{
    const Run &run = output.run();
    const RunState &state = output.finalState();
    const Model *model = findModel(run.info.model); // a run file may name a model this build lacks
    const bool taskKeys = model && model->hasReportTaskKeys();
    out << "{\n  \"format\": \"poolscope-report/1\",\n  \"scenario\": ";
    out.quoted(run.info.scenarioName);
    out << ",\n  \"model\": ";
    out.quoted(run.info.model);
    out << ",\n  \"tasks\": [";
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        const TaskStatus &t = state.task(i);
        out << (i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        out.quotedTaskId(run, i);
        out << ", \"outcome\": \"" << outcomeName(outcomeForState(t.state)) << "\", \"steps_done\": ";
        out.number(t.stepsDone);
        out << ", \"cancel_results\": [";
        for (size_t k = 0; k < t.cancelResults.size(); ++k)
            out << (k ? ", " : "") << (t.cancelResults[k] ? "true" : "false");
        out << ']';
        if (taskKeys)
            writeKeys(out, model->reportTaskKeys(run, state, i), ", ");
        out << '}';
    }
    out << (run.tasks.empty() ? "]" : "\n  ]");
    if (model)
        writeKeys(out, model->reportRunKeys(run, state), ",\n  ");
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
