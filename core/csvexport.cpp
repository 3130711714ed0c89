// SPDX-License-Identifier: MIT
#include "csvexport.h"

#include "report.h"

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

QByteArray ms(qint64 ns)
{
    if (ns < 0)
        return QByteArray();
    // Integer arithmetic: exact microseconds, no floating-point noise in a file people diff.
    const qint64 us = (ns + 500) / 1000;
    return QByteArray::number(us / 1000) + '.' + QByteArray::number(us % 1000).rightJustified(3, '0');
}

} // namespace

QByteArray csvReport(const Session &session)
{
    QByteArray out = "id,outcome,queued_ms,started_ms,ended_ms,steps_done,steps,cancel_results,stop_latency_ms\r\n";
    for (const TaskSummary &t : summarize(session)) {
        QByteArray results;
        for (size_t i = 0; i < t.cancelResults.size(); ++i) {
            if (i)
                results += ';';
            results += t.cancelResults[i] ? "True" : "False";
        }
        out += field(t.id) + ',' + outcomeName(t.outcome) + ',' + ms(t.submitNs) + ',' + ms(t.startNs) + ','
            + ms(t.endNs) + ',' + QByteArray::number(t.stepsDone) + ',' + QByteArray::number(t.steps) + ',' + results
            + ',' + (t.outcome == Outcome::Stopped ? ms(t.stopLatencyNs) : QByteArray()) + "\r\n";
    }
    return out;
}

bool exportCsvFile(const Session &session, const QString &path, QString *error)
{
    return writeFileAtomically(path, csvReport(session), error);
}

} // namespace poolscope
