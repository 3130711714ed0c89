// SPDX-License-Identifier: MIT
#include "report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace poolscope {

std::vector<TaskSummary> summarize(const Session &session)
{
    SessionState state;
    state.reset(session.tasks.size(), session.workers);
    std::vector<qint64> stopSeenAt(session.tasks.size(), -1);
    for (const RecordedEvent &e : session.events) {
        state.apply(e);
        if (e.kind == EventKind::StopObserved && e.task < stopSeenAt.size())
            stopSeenAt[e.task] = state.stopSetNs();
    }
    std::vector<TaskSummary> out;
    out.reserve(session.tasks.size());
    for (size_t i = 0; i < session.tasks.size(); ++i) {
        const TaskStatus &t = i < state.tasks().size() ? state.tasks()[i] : TaskStatus();
        TaskSummary s;
        s.id = session.tasks[i].id;
        s.steps = session.tasks[i].steps;
        switch (t.state) {
        case TaskState::Completed: s.outcome = Outcome::Completed; break;
        case TaskState::Stopped: s.outcome = Outcome::Stopped; break;
        case TaskState::Cancelled: s.outcome = Outcome::Cancelled; break;
        case TaskState::Failed: s.outcome = Outcome::Failed; break;
        default: s.outcome = Outcome::None; break;
        }
        s.stepsDone = t.stepsDone;
        s.cancelResults = t.cancelResults;
        s.submitNs = t.submitNs;
        s.startNs = t.startNs;
        s.endNs = t.endNs;
        if (s.outcome == Outcome::Stopped && stopSeenAt[i] >= 0 && t.endNs >= 0)
            s.stopLatencyNs = t.endNs - stopSeenAt[i];
        out.push_back(std::move(s));
    }
    return out;
}

QByteArray reportJson(const Session &session)
{
    QJsonArray tasks;
    for (const TaskSummary &s : summarize(session)) {
        QJsonArray results;
        for (bool r : s.cancelResults)
            results.append(r);
        tasks.append(QJsonObject {
                { QStringLiteral("id"), s.id },
                { QStringLiteral("outcome"), QString::fromLatin1(outcomeName(s.outcome)) },
                { QStringLiteral("steps_done"), s.stepsDone },
                { QStringLiteral("cancel_results"), results },
        });
    }
    const QJsonObject root {
        { QStringLiteral("format"), QStringLiteral("poolscope-report/1") },
        { QStringLiteral("scenario"), session.scenarioName },
        { QStringLiteral("tasks"), tasks },
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

namespace {

// Chrome trace JSON is written by hand: traceEvents must come first (QJsonObject sorts keys) and
// a million events would be slow through QJsonDocument.
class TraceBuilder
{
public:
    explicit TraceBuilder(QByteArray &out) : m_out(out) { }

    void begin(const char *ph, int tid)
    {
        m_out += m_first ? "\n" : ",\n";
        m_first = false;
        m_out += "{\"ph\":\"";
        m_out += ph;
        m_out += "\",\"pid\":1,\"tid\":";
        m_out += QByteArray::number(tid);
    }
    void ts(const char *key, qint64 ns)
    {
        m_out += ",\"";
        m_out += key;
        m_out += "\":";
        m_out += QByteArray::number(double(ns) / 1000.0, 'f', 3);
    }
    void str(const char *key, const QString &value)
    {
        m_out += ",\"";
        m_out += key;
        m_out += "\":";
        m_out += quoted(value);
    }
    void raw(const char *key, const QByteArray &json)
    {
        m_out += ",\"";
        m_out += key;
        m_out += "\":";
        m_out += json;
    }
    void end() { m_out += '}'; }

    // Raw UTF-8 with only the escapes JSON needs; old Perfetto tokenizers rejected \u escapes.
    static QByteArray quoted(const QString &value)
    {
        QByteArray q = "\"";
        for (char c : value.toUtf8()) {
            if (c == '"' || c == '\\') {
                q += '\\';
                q += c;
            } else if (c == '\n') {
                q += "\\n";
            } else if (uchar(c) < 0x20) {
                q += ' ';
            } else {
                q += c;
            }
        }
        return q + '"';
    }

private:
    QByteArray &m_out;
    bool m_first = true;
};

const char *cnameFor(Outcome o)
{
    switch (o) {
    case Outcome::Completed: return "good";
    case Outcome::Failed: return "bad";
    case Outcome::Stopped: return "olive";
    default: return "grey";
    }
}

QByteArray boolArray(const std::vector<bool> &values)
{
    QByteArray a = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i)
            a += ',';
        a += values[i] ? "true" : "false";
    }
    return a + ']';
}

} // namespace

QByteArray traceJson(const Session &session)
{
    constexpr int CallerTid = 1000;
    const std::vector<TaskSummary> tasks = summarize(session);
    auto taskId = [&](quint32 i) { return i < session.tasks.size() ? session.tasks[i].id : QStringLiteral("#%1").arg(i); };
    const qint64 lastNs = session.events.empty() ? 0 : session.events.back().tNs;

    QByteArray out;
    out.reserve(qsizetype(session.events.size()) * 120 + 4096);
    out += "{\"traceEvents\":[";
    TraceBuilder b(out);

    b.begin("M", CallerTid);
    out += ",\"name\":\"process_name\",\"args\":{\"name\":" + TraceBuilder::quoted(QStringLiteral("poolscope: ") + session.scenarioName) + "}";
    b.end();
    auto thread = [&](int tid, const QString &name, int sortIndex) {
        b.begin("M", tid);
        out += ",\"name\":\"thread_name\",\"args\":{\"name\":" + TraceBuilder::quoted(name) + "}";
        b.end();
        b.begin("M", tid);
        out += ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + QByteArray::number(sortIndex) + "}";
        b.end();
    };
    thread(CallerTid, QStringLiteral("caller"), 0);
    int workers = session.workers;
    for (const RecordedEvent &e : session.events)
        workers = std::max(workers, e.worker + 1);
    for (int w = 0; w < workers; ++w)
        thread(w + 1, QStringLiteral("worker-%1").arg(w + 1), w + 1);

    std::vector<int> workerOf(tasks.size(), 0);
    for (const RecordedEvent &e : session.events) {
        if (e.kind == EventKind::Start && e.task < workerOf.size())
            workerOf[e.task] = std::max<int>(0, e.worker);
    }

    // Runs and queue spans, per task.
    for (quint32 i = 0; i < tasks.size(); ++i) {
        const TaskSummary &s = tasks[i];
        if (s.submitNs < 0)
            continue;
        const bool ran = s.startNs >= 0;
        const qint64 queuedUntil = ran ? s.startNs : (s.endNs >= 0 ? s.endNs : lastNs);
        const QString queueName = s.outcome == Outcome::Cancelled && !ran ? s.id + QStringLiteral(" queued → cancelled")
                                                                          : s.id + QStringLiteral(" queued");
        b.begin("b", CallerTid);
        out += ",\"cat\":\"queue\",\"id\":" + QByteArray::number(i + 1);
        b.str("name", queueName);
        b.ts("ts", s.submitNs);
        b.end();
        b.begin("e", CallerTid);
        out += ",\"cat\":\"queue\",\"id\":" + QByteArray::number(i + 1);
        b.str("name", queueName);
        b.ts("ts", queuedUntil);
        b.end();
        if (!ran)
            continue;
        const qint64 end = s.endNs >= 0 ? s.endNs : lastNs;
        const int tid = workerOf[i] + 1;
        b.begin("X", tid);
        out += ",\"cat\":\"task\"";
        b.str("name", QStringLiteral("%1 [%2]").arg(s.id, QString::fromLatin1(outcomeName(s.outcome))));
        b.ts("ts", s.startNs);
        b.ts("dur", end - s.startNs);
        out += ",\"cname\":\"";
        out += cnameFor(s.outcome);
        out += "\",\"args\":{\"task\":" + TraceBuilder::quoted(s.id) + ",\"outcome\":\"" + outcomeName(s.outcome)
                + "\",\"steps_done\":" + QByteArray::number(s.stepsDone) + ",\"steps\":" + QByteArray::number(s.steps)
                + ",\"cancel_results\":" + boolArray(s.cancelResults) + "}";
        b.end();
    }

    // Instants on the caller and the workers, and a counter of the pool's load.
    int queued = 0, running = 0;
    int flows = 0;
    qint64 lastCallerSliceNs = -1; // caller slices must not overlap

    for (const RecordedEvent &e : session.events) {
        const int tid = e.worker >= 0 ? e.worker + 1 : CallerTid;
        auto instant = [&](const char *name, const QByteArray &args) {
            b.begin("i", tid);
            out += ",\"s\":\"t\",\"cat\":\"action\",\"name\":\"";
            out += name;
            out += '"';
            b.ts("ts", e.tNs);
            if (!args.isEmpty())
                b.raw("args", args);
            b.end();
        };
        const QByteArray task = e.task != NoTask ? "{\"task\":" + TraceBuilder::quoted(taskId(e.task)) : QByteArray();
        switch (e.kind) {
        case EventKind::Submit: instant("submit", task + "}"); break;
        case EventKind::CancelCall:
            instant("cancel", task + ",\"result\":" + (e.cancelResult() ? "true" : "false")
                            + ((e.flags & CancelByShutdownFlag) ? ",\"by\":\"shutdown\"}" : "}"));
            if (!e.cancelResult() && e.task < tasks.size() && tasks[e.task].startNs >= 0
                && tasks[e.task].startNs <= e.tNs && (tasks[e.task].endNs < 0 || e.tNs <= tasks[e.task].endNs)
                && e.tNs > lastCallerSliceNs) {
                // "Could not cancel: already running", drawn as an arrow in Perfetto: a 1 ns slice on the
                // caller (a flow needs a slice to leave from) and a flow into the task's run on its worker.
                lastCallerSliceNs = e.tNs;
                const QByteArray flowId = QByteArray::number(++flows);
                b.begin("X", CallerTid);
                out += ",\"cat\":\"cancel\"";
                b.str("name", QStringLiteral("cancel(%1) → False").arg(tasks[e.task].id));
                b.ts("ts", e.tNs);
                out += ",\"dur\":0.001";
                b.end();
                b.begin("s", CallerTid);
                out += ",\"cat\":\"cancel\",\"name\":\"cancel refused\",\"id\":" + flowId;
                b.ts("ts", e.tNs);
                b.end();
                b.begin("f", workerOf[e.task] + 1);
                out += ",\"cat\":\"cancel\",\"name\":\"cancel refused\",\"bp\":\"e\",\"id\":" + flowId;
                b.ts("ts", e.tNs);
                b.end();
            }
            break;
        case EventKind::CancelSkip: instant("cancel_skip", task + "}"); break;
        case EventKind::StopSet: instant("stop_set", {}); break;
        case EventKind::StopClear: instant("stop_clear", {}); break;
        case EventKind::StopObserved: instant("stop_observed", task + "}"); break;
        case EventKind::ShutdownBegin:
            instant("shutdown", QByteArray("{\"wait\":") + ((e.flags & ShutdownWaitFlag) ? "true" : "false")
                            + ",\"cancel_futures\":" + ((e.flags & ShutdownCancelFuturesFlag) ? "true" : "false") + "}");
            break;
        default: break;
        }
        const int queuedBefore = queued, runningBefore = running;
        switch (e.kind) {
        case EventKind::Submit: ++queued; break;
        case EventKind::Start: --queued, ++running; break;
        case EventKind::End: --running; break;
        case EventKind::CancelSkip: --queued; break;
        case EventKind::CancelCall: queued -= (e.flags & CancelByShutdownFlag) ? 1 : 0; break;
        default: break;
        }
        if (queued != queuedBefore || running != runningBefore) {
            b.begin("C", CallerTid);
            out += ",\"name\":\"pool\"";
            b.ts("ts", e.tNs);
            b.raw("args", "{\"queued\":" + QByteArray::number(queued) + ",\"running\":" + QByteArray::number(running) + "}");
            b.end();
        }
    }

    out += "\n],\"otherData\":{\"tool\":\"poolscope\",\"format\":\"poolscope-trace/1\",\"scenario\":"
            + TraceBuilder::quoted(session.scenarioName) + ",\"title\":" + TraceBuilder::quoted(session.title)
            + ",\"workers\":" + QByteArray::number(session.workers)
            + ",\"time_scale\":" + QByteArray::number(session.timeScale) + "}}\n";
    return out;
}

bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    if (file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace poolscope
