// SPDX-License-Identifier: MIT
#include "io/tracewriter.h"

#include "io/outputfile.h"
#include "io/runoutput.h"
#include "replay/runstate.h"

#include <algorithm>
#include <limits>

namespace poolscope {

namespace {

constexpr int CallerTid = 1000;

// A recorded program's callers each get a thread of their own (a scenario has one caller, CallerTid),
// numbered past any number of worker threads (tid w + 1).
constexpr int RecordedCallerTid = 1000000;
int callerTid(qint16 lane)
{
    return RecordedCallerTid + callerIndex(lane);
}

const char *cnameFor(TaskState s)
{
    switch (s) {
    case TaskState::Completed: return "good";
    case TaskState::Failed: return "bad";
    case TaskState::Stopped:
    case TaskState::Interrupted: return "olive";
    default: return "grey";
    }
}

class TraceEvents
{
public:
    explicit TraceEvents(OutputFile &out) : m_out(out) { }

    OutputFile &begin(const char *ph, int tid)
    {
        m_out << (m_first ? "\n{\"ph\":\"" : ",\n{\"ph\":\"") << ph << "\",\"pid\":1,\"tid\":";
        m_first = false;
        m_out.number(tid);
        return m_out;
    }
    void ts(const char *key, qint64 ns)
    {
        m_out << ",\"" << key << "\":";
        m_out.microseconds(ns);
    }

private:
    OutputFile &m_out;
    bool m_first = true;
};

} // namespace

void writeTrace(const RunOutput &output, OutputFile &out)
{
    const Run &run = output.run();
    const RunState &state = output.finalState();
    const qint64 lastNs = run.events.empty() ? 0 : run.events.back().tNs;

    out << "{\"traceEvents\":[";
    TraceEvents b(out);
    b.begin("M", CallerTid) << ",\"name\":\"process_name\",\"args\":{\"name\":";
    out.quoted(QStringLiteral("poolscope: ") + run.info.scenarioName);
    out << "}}";
    auto thread = [&](int tid, const QString &name, int sortIndex) {
        b.begin("M", tid) << ",\"name\":\"thread_name\",\"args\":{\"name\":";
        out.quoted(name);
        out << "}}";
        b.begin("M", tid) << ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":";
        out.number(sortIndex);
        out << "}}";
    };
    const Recording &recording = run.recording;
    if (recording.active) {
        // The program's own thread names, its callers after its workers as the window lays them out.
        const int workers = int(recording.workers.size());
        for (int w = 0; w < workers; ++w)
            thread(w + 1, recording.workers[size_t(w)].name, w + 1);
        for (size_t k = 0; k < recording.callers.size(); ++k)
            thread(callerTid(qint16(-1 - int(k))), recording.callers[k].name, workers + 1 + int(k));
    } else {
        thread(CallerTid, QStringLiteral("caller"), 0);
        const int workers = std::max(run.info.workers, state.workerCount());
        for (int w = 0; w < workers; ++w)
            thread(w + 1, QStringLiteral("worker-%1").arg(w + 1), w + 1);
    }
    const int mainTid = recording.active ? callerTid(CallerThread) : CallerTid; // the queue and the pool counter
    auto flagName = [&](qint32 value) {
        return value >= 0 && size_t(value) < recording.flags.size() ? recording.flags[size_t(value)].name : QString();
    };

    // Runs and queue spans, per task. Ids are written straight from the specs: no string per task.
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        const TaskStatus &s = state.task(i);
        if (s.submitNs < 0)
            continue;
        const bool ran = s.ran();
        const qint64 queuedUntil = ran ? s.startNs : (s.endNs >= 0 ? s.endNs : lastNs);
        const char *queueName = s.state == TaskState::Cancelled && !ran ? " queued → cancelled\"" : " queued\"";
        for (const char *ph : { "b", "e" }) {
            b.begin(ph, mainTid) << ",\"cat\":\"queue\",\"id\":";
            out.number(qint64(i) + 1);
            out << ",\"name\":\"";
            out.escapedTaskId(run, i);
            out << queueName;
            b.ts("ts", *ph == 'b' ? s.submitNs : queuedUntil);
            out << '}';
        }
        if (!ran)
            continue;
        const Outcome outcome = outcomeForState(s.state);
        const qint64 end = s.endNs >= 0 ? s.endNs : lastNs;
        // A task run on the caller (Qt's waitForFinished() runs a queued task itself) is drawn there.
        b.begin("X", s.worker >= 0 ? s.worker + 1 : mainTid) << ",\"cat\":\"task\",\"name\":\"";
        out.escapedTaskId(run, i);
        out << " [" << outcomeName(outcome) << "]\"";
        b.ts("ts", s.startNs);
        b.ts("dur", end - s.startNs);
        out << ",\"cname\":\"" << cnameFor(s.state) << "\",\"args\":{\"task\":";
        out.quotedTaskId(run, i);
        out << ",\"outcome\":\"" << outcomeName(outcome) << "\",\"steps_done\":";
        out.number(s.stepsDone);
        out << ",\"steps\":";
        out.number(run.specOf(i).steps);
        out << ",\"cancel_results\":[";
        for (size_t k = 0; k < s.cancelResults.size(); ++k)
            out << (k ? "," : "") << (s.cancelResults[k] ? "true" : "false");
        out << "]}}";
    }

    // Instants on the caller and the workers, and a counter of the pool's load. The counter keeps one sample
    // per slice of the run (a ten-thousandth of it, at least 1 µs) and the last value before each gap, so a
    // million-task run stays a few megabytes of counter while a lesson keeps every change.
    const qint64 counterSliceNs = std::max<qint64>(1000, (lastNs - (run.events.empty() ? 0 : run.events.front().tNs)) / 10000);
    // Before the first sample, any change is due: a sentinel a whole slice before the first event, not
    // INT64_MIN, whose difference would overflow.
    qint64 counterShownNs = (run.events.empty() ? 0 : run.events.front().tNs) - counterSliceNs;
    bool counterPending = false;
    qint64 pendingNs = 0;
    int pendingQueued = 0, pendingRunning = 0;
    auto counter = [&](qint64 ns, int q, int r) {
        b.begin("C", mainTid) << ",\"name\":\"pool\"";
        b.ts("ts", ns);
        out << ",\"args\":{\"queued\":";
        out.number(q);
        out << ",\"running\":";
        out.number(r);
        out << "}}";
        counterShownNs = ns;
    };
    int queued = 0, running = 0;
    int flows = 0;
    qint64 lastCallerSliceNs = -1; // caller slices must not overlap
    for (const RecordedEvent &e : run.events) {
        const int tid = e.worker >= 0 ? e.worker + 1 : recording.active ? callerTid(e.worker) : mainTid;
        auto instant = [&](const char *name) -> OutputFile & {
            // Thread-scoped: the default "s", left out (a million submits are a million instants).
            b.begin("i", tid) << ",\"cat\":\"action\",\"name\":\"" << name << '"';
            b.ts("ts", e.tNs);
            return out;
        };
        auto taskArg = [&]() -> OutputFile & {
            out << ",\"args\":{\"task\":";
            out.quotedTaskId(run, e.task);
            return out;
        };
        switch (e.kind) {
        case EventKind::Submit: instant("submit"), taskArg() << "}}"; break;
        case EventKind::CancelCall: {
            instant("cancel"), taskArg() << ",\"result\":" << (e.cancelResult() ? "true" : "false")
                                         << ((e.flags & CancelByShutdownFlag) ? ",\"by\":\"shutdown\"}}"
                                             : (e.flags & CancelByClearFlag) ? ",\"by\":\"clear\"}}"
                                                                               : "}}");
            if (e.cancelResult() || e.task >= run.tasks.size())
                break;
            const TaskStatus &t = state.task(e.task);
            if (t.startNs >= 0 && t.startNs <= e.tNs && (t.endNs < 0 || e.tNs <= t.endNs) && e.tNs > lastCallerSliceNs) {
                // "Could not cancel: already running", drawn as an arrow in Perfetto: a 1 ns slice on the
                // caller (a flow needs a slice to leave from) and a flow into the task's run on its worker.
                lastCallerSliceNs = e.tNs;
                ++flows;
                b.begin("X", tid) << ",\"cat\":\"cancel\",\"name\":\"cancel(";
                out.escapedTaskId(run, e.task);
                out << ") → False\"";
                b.ts("ts", e.tNs);
                out << ",\"dur\":0.001}";
                b.begin("s", tid) << ",\"cat\":\"cancel\",\"name\":\"cancel refused\",\"id\":";
                out.number(flows);
                b.ts("ts", e.tNs);
                out << '}';
                b.begin("f", std::max<int>(0, t.worker) + 1) << ",\"cat\":\"cancel\",\"name\":\"cancel refused\",\"bp\":\"e\",\"id\":";
                out.number(flows);
                b.ts("ts", e.tNs);
                out << '}';
            }
            break;
        }
        case EventKind::CancelSkip: instant("cancel_skip"), taskArg() << "}}"; break;
        case EventKind::StopSet:
        case EventKind::StopClear:
            instant(e.kind == EventKind::StopSet ? "stop_set" : "stop_clear");
            if (recording.active) { // which of the program's Events
                out << ",\"args\":{\"event\":";
                out.quoted(flagName(e.value));
                out << '}';
            }
            out << '}';
            break;
        case EventKind::Check:
            // A recorded task's look at an Event (is_set() or wait()) and its answer: what a scenario's
            // steps are to its timeline.
            instant("check"), taskArg() << ",\"answer\":" << ((e.flags & CheckSetFlag) ? "\"set\"" : "\"clear\"")
                                        << ",\"how\":" << ((e.flags & CheckWaitFlag) ? "\"wait\"" : "\"is_set\"");
            if (recording.active) {
                out << ",\"event\":";
                out.quoted(flagName(e.value));
            }
            out << "}}";
            break;
        case EventKind::StopObserved: instant("stop_observed"), taskArg() << "}}"; break;
        case EventKind::ShutdownBegin:
            instant("shutdown") << ",\"args\":{\"wait\":" << ((e.flags & ShutdownWaitFlag) ? "true" : "false")
                                << ",\"cancel_futures\":" << ((e.flags & ShutdownCancelFuturesFlag) ? "true" : "false")
                                << "}}";
            break;
        case EventKind::Pause: instant("pause") << '}'; break;
        case EventKind::Resume: instant("resume") << '}'; break;
        case EventKind::SuspendCall:
            instant((e.flags & ResumeFlag) ? "future_resume" : "future_suspend"), taskArg() << "}}";
            break;
        case EventKind::QueueClear:
            instant("queue_clear") << ",\"args\":{\"dropped\":";
            out.number(e.value);
            out << "}}";
            break;
        case EventKind::CallerWait:
            if (e.task == NoTask)
                instant("wait") << '}';
            else
                instant("wait"), taskArg() << "}}";
            break;
        default: break;
        }
        const int queuedBefore = queued, runningBefore = running;
        switch (e.kind) {
        case EventKind::Submit: ++queued; break;
        case EventKind::Start: --queued, ++running; break;
        case EventKind::End:
            // Only a task that started was counted running (it may have run on the caller).
            running -= e.task < state.taskCount() && state.task(e.task).ran() ? 1 : 0;
            break;
        case EventKind::CancelSkip: --queued; break;
        case EventKind::CancelCall: queued -= (e.flags & (CancelByShutdownFlag | CancelByClearFlag)) ? 1 : 0; break;
        default: break;
        }
        if (queued != queuedBefore || running != runningBefore) {
            if (counterPending && e.tNs - pendingNs >= counterSliceNs && pendingNs != counterShownNs)
                counter(pendingNs, pendingQueued, pendingRunning); // the value held until this change
            if (e.tNs - counterShownNs >= counterSliceNs) {
                counter(e.tNs, queued, running);
                counterPending = false;
            } else {
                counterPending = true;
                pendingNs = e.tNs;
                pendingQueued = queued;
                pendingRunning = running;
            }
        }
    }
    if (counterPending)
        counter(pendingNs, pendingQueued, pendingRunning);

    out << "\n],\"otherData\":{\"tool\":\"poolscope\",\"format\":\"poolscope-trace/1\",\"scenario\":";
    out.quoted(run.info.scenarioName);
    out << ",\"model\":";
    out.quoted(run.info.model);
    out << ",\"title\":";
    out.quoted(run.info.title);
    out << ",\"workers\":";
    out.number(run.info.workers);
    out << ",\"time_scale\":" << QByteArrayView(QByteArray::number(run.info.timeScale)) << "}}\n";
}

QByteArray traceJson(const Run &run)
{
    OutputFile out;
    writeTrace(RunOutput(run), out);
    return out.takeBytes();
}

bool writeTraceFile(const RunOutput &run, const QString &path, QString *error)
{
    OutputFile out(path);
    writeTrace(run, out);
    if (out.commit())
        return true;
    if (error)
        *error = out.errorString();
    return false;
}

} // namespace poolscope
