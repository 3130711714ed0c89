// SPDX-License-Identifier: MIT
#include "io/runwriters.h"

#include "io/csvwriter.h"
#include "io/reportwriter.h"
#include "io/runfile.h"
#include "io/runoutput.h"
#include "io/tracewriter.h"

#include <mutex>

namespace poolscope {

namespace {

std::vector<RunWriter> &table()
{
    static std::vector<RunWriter> writers = [] {
        std::vector<RunWriter> w;
        w.push_back({ QStringLiteral("report"), {}, QStringLiteral("OUT.json"),
                      QStringLiteral("Write the outcome of every task as JSON (poolscope-report/1)."),
                      QStringLiteral("&Report (JSON)…"), QStringLiteral("poolscope report (*.json)"),
                      QStringLiteral("json"), false, true, writeReportFile });
        w.push_back({ QStringLiteral("trace"), {}, QStringLiteral("OUT.trace.json"),
                      QStringLiteral("Write a Chrome Trace Event JSON file (opens in Perfetto)."),
                      QStringLiteral("Chrome &trace (Perfetto)…"), QStringLiteral("Chrome trace (*.json)"),
                      QStringLiteral("json"), false, true, writeTraceFile });
        w.push_back({ QStringLiteral("save-run"), { QStringLiteral("save-session") }, QStringLiteral("OUT.poolscope"),
                      QStringLiteral("Save the run (scenario, pool, every event) to open again later."),
                      QStringLiteral("&Save run…"), QStringLiteral("poolscope run (*.poolscope)"),
                      QStringLiteral("poolscope"), false, false,
                      [](const RunOutput &run, const QString &path, QString *error) { return saveRunFile(run, path, error); } });
        w.push_back({ QStringLiteral("export-csv"), {}, QStringLiteral("OUT.csv"),
                      QStringLiteral("Write one CSV row per task."), QStringLiteral("&CSV table…"),
                      QStringLiteral("CSV (*.csv)"), QStringLiteral("csv"), false, true, writeCsvFile });
        return w;
    }();
    return writers;
}

std::mutex &tableMutex()
{
    static std::mutex m;
    return m;
}

} // namespace

const std::vector<RunWriter> &runWriters()
{
    std::lock_guard lock(tableMutex());
    return table();
}

void addRunWriter(RunWriter writer)
{
    std::lock_guard lock(tableMutex());
    for (RunWriter &w : table()) {
        if (w.option == writer.option) {
            w = std::move(writer);
            return;
        }
    }
    table().push_back(std::move(writer));
}

const RunWriter *findRunWriter(const QString &option)
{
    for (const RunWriter &w : runWriters()) {
        if (w.option == option || w.aliases.contains(option))
            return &w;
    }
    return nullptr;
}

} // namespace poolscope
