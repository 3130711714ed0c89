// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"
#include "sessionstate.h"

#include <vector>

namespace poolscope {

// What the timeline draws, derived from a Session's events once and then extended as live events
// arrive (append is O(1) per event, amortised). Every per-lane array is sorted by time so the painter
// finds the visible range by binary search. Plain data: no Gui, no QObject.

enum class MarkerKind : quint8
{
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

// One task run on a worker. end < 0 while it runs.
struct TimelineBar
{
    qint64 start = 0;
    qint64 end = -1;
    quint32 task = NoTask;
    TaskState state = TaskState::Running;
    quint8 flags = 0;
};

enum class SpanKind : quint8
{
    StopLatency,
    ShutdownWait,
    FinalWait
};

struct TimelineSpan
{
    qint64 start = 0;
    qint64 end = -1; // < 0: still open
    quint32 task = NoTask;
    SpanKind kind = SpanKind::StopLatency;
};

struct TimelineTask
{
    qint64 submit = -1;
    qint64 start = -1;
    qint64 end = -1;
    qint64 cancelledAt = -1; // a cancel() (or shutdown) that returned True while it was pending
    qint64 dequeued = -1; // left the queue: started, or skipped by a worker after being cancelled
    qint64 stopObserved = -1;
    qint64 stopSetSeen = -1; // when it observed the stop: the time the event had been set
    qint64 stopLatency = -1; // stopped tasks: stop set -> returned (as summarize() computes it)
    qint32 stepsDone = 0;
    qint16 worker = CallerThread;
    TaskState state = TaskState::Pending;
    quint8 queueRow = 0xff; // row in the queue lane; 0xff when the queue lane shows its depth instead
    bool submitted = false;
    bool cancelRefused = false;

    // When it stopped waiting in the queue (start or cancel), or -1 while it still waits.
    qint64 queueEnd() const { return start >= 0 ? start : cancelledAt; }
};

struct WorkerLane
{
    std::vector<TimelineBar> bars; // by start; a worker runs one task at a time, so ends are sorted too
    std::vector<qint64> steps; // times of finished steps
    std::vector<TimelineMarker> markers; // stop observed, refused cancels on its bars
    std::vector<TimelineSpan> latencies; // stop latencies of the tasks it ran, by end (starts sorted too)
};

struct LatencySummary
{
    int count = 0;
    qint64 maxNs = -1;
    qint64 medianNs = -1;
    quint32 maxTask = NoTask;
};

class TimelineData
{
public:
    static constexpr int MaxQueueRows = 8;
    // A task started this soon after its submit never really waited: it gets no row of its own in the
    // queue lane (keeps the lane about the tasks that did wait).
    static constexpr qint64 InstantWaitNs = 1'000'000;

    // The session must outlive this object (ids are read from it); events are read only in reset/append.
    void reset(const Session *session);
    // Applies session->events[firstEvent..] (live runs append at the end).
    void append(size_t firstEvent);

    const Session *session() const { return m_session; }
    int workerCount() const { return int(m_workers.size()); }
    const std::vector<WorkerLane> &workers() const { return m_workers; }
    const std::vector<TimelineTask> &tasks() const { return m_tasks; }
    const std::vector<TimelineMarker> &callerMarkers() const { return m_caller; } // all but submits
    const std::vector<TimelineMarker> &submits() const { return m_submits; }
    const std::vector<TimelineMarker> &stopLines() const { return m_stopLines; } // StopSet / StopClear
    const std::vector<TimelineSpan> &blockedSpans() const { return m_blocked; } // the caller blocked
    // Tasks by queue row (sorted by submit), while at most MaxQueueRows waited at once.
    const std::vector<std::vector<quint32>> &queueRows() const { return m_queueRows; }
    bool queueOverflow() const { return m_queueOverflow; }
    int queueDepthAt(qint64 t) const; // submitted and not yet dequeued at t
    const std::vector<qint64> &enqueueTimes() const { return m_enqueue; }
    const std::vector<qint64> &dequeueTimes() const { return m_dequeue; }

    QString taskId(quint32 task) const;
    qint64 firstEventNs() const { return m_firstNs; }
    qint64 lastEventNs() const { return m_lastNs; }
    size_t eventCount() const { return m_applied; }
    quint64 revision() const { return m_revision; } // bumped by every reset and append
    LatencySummary latencySummary() const;
    size_t bytesUsed() const;

private:
    void apply(const RecordedEvent &e);
    TimelineTask &task(quint32 index);
    WorkerLane &lane(qint16 worker);
    void assignQueueRow(quint32 index);
    void releaseQueueRow(quint32 index);

    const Session *m_session = nullptr;
    size_t m_applied = 0;
    quint64 m_revision = 0;
    qint64 m_firstNs = 0;
    qint64 m_lastNs = 0;
    qint64 m_stopSetNs = -1; // the latest event.set()
    std::vector<TimelineTask> m_tasks;
    std::vector<WorkerLane> m_workers;
    std::vector<TimelineMarker> m_caller;
    std::vector<TimelineMarker> m_submits;
    std::vector<TimelineMarker> m_stopLines;
    std::vector<TimelineSpan> m_blocked;
    std::vector<std::vector<quint32>> m_queueRows;
    bool m_queueOverflow = false;
    std::vector<qint64> m_enqueue;
    std::vector<qint64> m_dequeue;
    std::vector<qint64> m_latencies; // every stop latency, unsorted
    mutable quint64 m_summaryRevision = ~quint64(0);
    mutable LatencySummary m_summary;
};

} // namespace poolscope
