// SPDX-License-Identifier: MIT
// A run's history laid out in time: what the timeline draws, read from the interpreter's happenings.
#pragma once

#include "record/run.h"
#include "replay/happening.h"
#include "replay/runstate.h"

#include <vector>

namespace poolscope {

// Built once from a run's happenings and then extended as live ones arrive (O(1) per happening,
// amortised). Every per-lane array is sorted by time so a painter finds the visible range by binary
// search. Task-level facts (submit, start, end, latency) are read from the RunState it follows.

enum class MarkerKind : quint8 {
    Submit,
    CancelTrue, // cancel() returned True
    CancelFalse, // cancel() returned False: the lesson's refused cancel
    CancelByShutdown, // shutdown(cancel_futures=True) cancelled a pending future
    StopSet,
    StopClear,
    StopObserved,
    ShutdownBegin,
    ShutdownEnd,
    WaitBegin,
    WaitEnd,
    CancelSkip, // a worker dequeued a cancelled future and dropped it
    Pause,
    Resume,
};

struct TimelineMarker
{
    qint64 t = 0;
    quint32 task = NoTask;
    MarkerKind kind = MarkerKind::Submit;
    quint8 flags = 0; // ShutdownBegin: ShutdownWaitFlag / ShutdownCancelFuturesFlag
    qint16 worker = CallerThread;
};

constexpr quint8 BarCancelRefused = 0x1; // a cancel() on it returned False while it ran
constexpr quint8 BarStopObserved = 0x2;
constexpr quint8 BarIgnoredStop = 0x4; // ran on after the event was set, never looking

// One task run on a worker. end < 0 while it runs.
struct TimelineBar
{
    qint64 start = 0;
    qint64 end = -1;
    quint32 task = NoTask;
    TaskState state = TaskState::Running;
    quint8 flags = 0;
};

enum class SpanKind : quint8 {
    StopLatency,
    ShutdownWait,
    FinalWait,
    Paused,
    CallWait, // a wait call on a future or the pool (Qt's waitForFinished(), waitForDone())
    FuturesWait, // a recorded program's wait() or as_completed() blocking a caller
};

struct TimelineSpan
{
    qint64 start = 0;
    qint64 end = -1; // < 0: still open
    quint32 task = NoTask;
    SpanKind kind = SpanKind::StopLatency;
    qint16 lane = CallerThread; // the caller lane it blocked (a recording has several)
};

// One caller thread's lane: what it did (its submits apart: they are many and drawn in a row of their own)
// and where it was blocked. A scenario has one; a recording one per thread that is no pool's worker.
struct CallerLane
{
    std::vector<TimelineMarker> markers; // all but submits, by time
    std::vector<TimelineMarker> submits; // by time
    std::vector<TimelineSpan> blocked; // by start: blocked in a call, waiting at the end, paused
};

struct WorkerLane
{
    std::vector<TimelineBar> bars; // by start; a worker runs one task at a time, so ends are sorted too
    std::vector<qint64> steps; // times of finished steps (a recorded task's checks)
    std::vector<TimelineMarker> markers; // stop observed, refused cancels on its bars
    std::vector<TimelineSpan> latencies; // stop latencies of the tasks it ran, by end (starts sorted too)
};

class RunHistory
{
public:
    static constexpr int MaxQueueRows = 8;
    static constexpr quint8 NoQueueRow = 0xff;
    // A task started this soon after its submit never really waited: it gets no row of its own in the
    // queue lane (keeps the lane about the tasks that did wait).
    static constexpr qint64 InstantWaitNs = 1'000'000;

    // The run and the state must outlive this object; the state is the one the happenings came from.
    void reset(const Run *run, const RunState *state);
    void add(const Happening &h); // after the state applied the event
    void squeeze(); // a finished run: give back what the vectors over-allocated

    const Run *run() const { return m_run; }
    const RunState &state() const { return *m_state; }
    int workerCount() const { return int(m_workers.size()); }
    const std::vector<WorkerLane> &workers() const { return m_workers; }
    const std::vector<TaskStatus> &tasks() const { return m_state->tasks(); }
    quint8 queueRow(quint32 task) const { return task < m_queueRow.size() ? m_queueRow[task] : NoQueueRow; }
    // By caller index (callerIndex(): 0 is CallerThread, the main thread): always at least one, and one for
    // each of a recording's caller threads, whether or not it has done anything yet.
    const std::vector<CallerLane> &callers() const { return m_callers; }
    int callerCount() const { return int(m_callers.size()); }
    const CallerLane &caller(int index) const { return m_callers[size_t(index)]; }
    const std::vector<TimelineMarker> &stopLines() const { return m_stopLines; } // StopSet / StopClear
    // Tasks by queue row (sorted by submit), while at most MaxQueueRows waited at once.
    const std::vector<std::vector<quint32>> &queueRows() const { return m_queueRows; }
    bool queueOverflow() const { return m_queueOverflow; }
    int queueDepthAt(qint64 t) const; // submitted and not yet dequeued at t
    const std::vector<qint64> &enqueueTimes() const { return m_enqueue; }
    const std::vector<qint64> &dequeueTimes() const { return m_dequeue; }

    QString taskId(quint32 task) const;
    qint64 firstEventNs() const { return m_firstNs; }
    qint64 lastEventNs() const { return m_lastNs; }
    size_t eventCount() const { return m_added; }
    quint64 revision() const { return m_revision; } // bumped by every reset and add batch
    // Its run and state moved: point at them, with a revision past previousRevision (another history's).
    void rebind(const Run *run, const RunState *state, quint64 previousRevision);
    void touch() { ++m_revision; }
    LatencySummary latencySummary() const;
    size_t bytesUsed() const;

private:
    WorkerLane &lane(qint16 worker);
    CallerLane &callerLane(qint16 worker); // worker < 0
    TimelineBar *openBar(qint16 worker, quint32 task);
    void assignQueueRow(quint32 index);
    void releaseQueueRow(quint32 index);

    const Run *m_run = nullptr;
    const RunState *m_state = nullptr;
    size_t m_added = 0;
    quint64 m_revision = 0;
    qint64 m_firstNs = 0;
    qint64 m_lastNs = 0;
    std::vector<WorkerLane> m_workers;
    std::vector<quint8> m_queueRow;
    std::vector<CallerLane> m_callers;
    std::vector<TimelineMarker> m_stopLines;
    std::vector<std::vector<quint32>> m_queueRows;
    bool m_queueOverflow = false;
    std::vector<qint64> m_enqueue;
    std::vector<qint64> m_dequeue;
    mutable quint64 m_summaryRevision = ~quint64(0);
    mutable LatencySummary m_summary;
};

} // namespace poolscope
