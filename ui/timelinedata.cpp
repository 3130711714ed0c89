// SPDX-License-Identifier: MIT
#include "timelinedata.h"

#include <algorithm>

namespace poolscope {

namespace {

// Live events arrive in time order per thread, but a batch read from several threads may place one
// slightly before the previous batch's last; insert those in place (rare, and near the end).
template <typename T, typename Key> void insertSorted(std::vector<T> &v, const T &item, Key key)
{
    if (v.empty() || key(v.back()) <= key(item)) {
        v.push_back(item);
        return;
    }
    auto it = std::upper_bound(v.begin(), v.end(), key(item), [&](qint64 t, const T &x) { return t < key(x); });
    v.insert(it, item);
}

void insertTime(std::vector<qint64> &v, qint64 t)
{
    insertSorted(v, t, [](qint64 x) { return x; });
}

void insertMarker(std::vector<TimelineMarker> &v, const TimelineMarker &m)
{
    insertSorted(v, m, [](const TimelineMarker &x) { return x.t; });
}

TaskState stateFor(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Stopped:
        return TaskState::Stopped;
    case Outcome::Cancelled:
        return TaskState::Cancelled;
    case Outcome::Failed:
        return TaskState::Failed;
    default:
        return TaskState::Completed;
    }
}

template <typename T> size_t capacityBytes(const std::vector<T> &v)
{
    return v.capacity() * sizeof(T);
}

} // namespace

void TimelineData::reset(const Session *session)
{
    const quint64 revision = m_revision;
    *this = TimelineData();
    m_revision = revision + 1;
    m_session = session;
    if (!session)
        return;
    m_tasks.resize(session->tasks.size());
    m_workers.resize(size_t(std::max(session->workers, 0)));
    // Most tasks run exactly once: reserve per lane to avoid regrowth while a large file is read.
    for (WorkerLane &lane : m_workers)
        lane.bars.reserve(session->tasks.size() / std::max<size_t>(1, m_workers.size()) + 1);
    m_submits.reserve(session->tasks.size());
    m_enqueue.reserve(session->tasks.size());
    m_dequeue.reserve(session->tasks.size());
    append(0);
    // A recorded run is read at once: give back what the vectors' doubling over-allocated (live runs
    // keep appending, and pay that slack only while they grow).
    for (WorkerLane &lane : m_workers) {
        lane.bars.shrink_to_fit();
        lane.steps.shrink_to_fit();
        lane.markers.shrink_to_fit();
        lane.latencies.shrink_to_fit();
    }
    m_caller.shrink_to_fit();
    m_submits.shrink_to_fit();
}

void TimelineData::append(size_t firstEvent)
{
    if (!m_session)
        return;
    const std::vector<RecordedEvent> &events = m_session->events;
    if (m_tasks.size() < m_session->tasks.size())
        m_tasks.resize(m_session->tasks.size());
    for (size_t i = std::max(firstEvent, m_applied); i < events.size(); ++i)
        apply(events[i]);
    m_applied = std::max(m_applied, events.size());
    ++m_revision;
}

TimelineTask &TimelineData::task(quint32 index)
{
    if (index >= m_tasks.size())
        m_tasks.resize(size_t(index) + 1);
    return m_tasks[index];
}

WorkerLane &TimelineData::lane(qint16 worker)
{
    if (size_t(worker) >= m_workers.size())
        m_workers.resize(size_t(worker) + 1);
    return m_workers[size_t(worker)];
}

void TimelineData::assignQueueRow(quint32 index)
{
    if (m_queueOverflow)
        return;
    const TimelineTask &t = m_tasks[index];
    // A row is free once its last task left the queue; a cancelled task keeps its place until a worker
    // drops it (CPython leaves cancelled items in the queue), so its dotted tail never overlaps.
    auto freeAt = [this](quint32 i) -> qint64 {
        const TimelineTask &o = m_tasks[i];
        if (o.start >= 0)
            return o.start;
        if (o.cancelledAt >= 0)
            return o.dequeued >= 0 ? std::max(o.cancelledAt, o.dequeued) : o.cancelledAt;
        return std::numeric_limits<qint64>::max();
    };
    for (size_t r = 0; r < m_queueRows.size(); ++r) {
        if (freeAt(m_queueRows[r].back()) <= t.submit) {
            m_queueRows[r].push_back(index);
            m_tasks[index].queueRow = quint8(r);
            return;
        }
    }
    if (m_queueRows.size() < size_t(MaxQueueRows)) {
        m_queueRows.push_back({ index });
        m_tasks[index].queueRow = quint8(m_queueRows.size() - 1);
        return;
    }
    // Too many waiting at once to draw one by one: the queue lane shows its depth instead.
    m_queueOverflow = true;
    for (TimelineTask &o : m_tasks)
        o.queueRow = 0xff;
    m_queueRows.clear();
}

void TimelineData::releaseQueueRow(quint32 index)
{
    TimelineTask &t = m_tasks[index];
    if (m_queueOverflow || t.queueRow >= m_queueRows.size())
        return;
    const size_t r = t.queueRow;
    std::vector<quint32> &row = m_queueRows[r];
    if (row.empty() || row.back() != index)
        return; // not the row's latest: leave it (rows stay sorted and non-overlapping)
    row.pop_back();
    t.queueRow = 0xff;
    if (!row.empty())
        return;
    // Drop the empty row; the rows below move up one.
    m_queueRows.erase(m_queueRows.begin() + qsizetype(r));
    for (size_t k = r; k < m_queueRows.size(); ++k) {
        for (quint32 i : m_queueRows[k])
            m_tasks[i].queueRow = quint8(k);
    }
}

void TimelineData::apply(const RecordedEvent &e)
{
    if (m_applied == 0 && m_lastNs == 0)
        m_firstNs = e.tNs;
    m_lastNs = std::max(m_lastNs, e.tNs);
    // The loader validates indices; a live recorder only reports real ones. Still never let one bad
    // index allocate gigabytes.
    if (e.task != NoTask && e.task > m_tasks.size() + 65536)
        return;
    if (e.worker < CallerThread || e.worker > 4096)
        return;
    TimelineTask *t = e.task != NoTask ? &task(e.task) : nullptr;
    const bool onWorker = e.worker >= 0;

    switch (e.kind) {
    case EventKind::Submit:
        if (!t)
            break;
        t->submit = e.tNs;
        t->submitted = true;
        insertMarker(m_submits, { e.tNs, e.task, MarkerKind::Submit, 0, e.worker });
        insertTime(m_enqueue, e.tNs);
        assignQueueRow(e.task);
        break;
    case EventKind::Start:
        if (!t || !onWorker)
            break;
        t->start = t->dequeued = e.tNs;
        t->worker = e.worker;
        t->state = TaskState::Running;
        insertTime(m_dequeue, e.tNs);
        if (t->submit >= 0 && e.tNs - t->submit < InstantWaitNs)
            releaseQueueRow(e.task);
        insertSorted(lane(e.worker).bars, TimelineBar { e.tNs, -1, e.task, TaskState::Running, 0 },
            [](const TimelineBar &b) { return b.start; });
        break;
    case EventKind::Step:
        if (!t || !onWorker)
            break;
        t->stepsDone = e.value;
        insertTime(lane(e.worker).steps, e.tNs);
        break;
    case EventKind::CancelCall: {
        if (!t)
            break;
        const bool byShutdown = e.flags & CancelByShutdownFlag;
        const MarkerKind kind = byShutdown ? MarkerKind::CancelByShutdown
            : e.cancelResult()             ? MarkerKind::CancelTrue
                                           : MarkerKind::CancelFalse;
        insertMarker(m_caller, { e.tNs, e.task, kind, e.flags, e.worker });
        if ((byShutdown || e.cancelResult()) && t->state == TaskState::Pending && t->start < 0) {
            t->state = TaskState::Cancelled;
            t->cancelledAt = e.tNs;
            if (byShutdown) { // shutdown empties the queue itself: no worker will dequeue it
                t->dequeued = e.tNs;
                insertTime(m_dequeue, e.tNs);
            }
        } else if (kind == MarkerKind::CancelFalse) {
            t->cancelRefused = true;
            if (t->start >= 0 && t->end < 0 && t->worker >= 0) {
                WorkerLane &l = lane(t->worker);
                insertMarker(l.markers, { e.tNs, e.task, MarkerKind::CancelFalse, e.flags, t->worker });
                for (auto it = l.bars.rbegin(); it != l.bars.rend(); ++it) {
                    if (it->task == e.task) {
                        it->flags |= BarCancelRefused;
                        break;
                    }
                }
            }
        }
        break;
    }
    case EventKind::CancelSkip:
        if (!t)
            break;
        if (t->dequeued < 0) {
            t->dequeued = e.tNs;
            insertTime(m_dequeue, e.tNs);
        }
        if (t->cancelledAt < 0) {
            t->cancelledAt = e.tNs;
            t->state = TaskState::Cancelled;
        }
        break;
    case EventKind::StopSet:
        m_stopSetNs = e.tNs;
        insertMarker(m_caller, { e.tNs, NoTask, MarkerKind::StopSet, e.flags, e.worker });
        insertMarker(m_stopLines, { e.tNs, NoTask, MarkerKind::StopSet, e.flags, e.worker });
        break;
    case EventKind::StopClear:
        insertMarker(m_caller, { e.tNs, NoTask, MarkerKind::StopClear, e.flags, e.worker });
        insertMarker(m_stopLines, { e.tNs, NoTask, MarkerKind::StopClear, e.flags, e.worker });
        break;
    case EventKind::StopObserved:
        if (!t || !onWorker)
            break;
        t->stopObserved = e.tNs;
        t->stopSetSeen = m_stopSetNs;
        insertMarker(lane(e.worker).markers, { e.tNs, e.task, MarkerKind::StopObserved, 0, e.worker });
        for (auto it = lane(e.worker).bars.rbegin(); it != lane(e.worker).bars.rend(); ++it) {
            if (it->task == e.task) {
                it->flags |= BarStopObserved;
                break;
            }
        }
        break;
    case EventKind::End: {
        if (!t)
            break;
        t->end = e.tNs;
        t->stepsDone = e.value;
        t->state = stateFor(e.outcome());
        if (t->state == TaskState::Cancelled && t->start < 0) {
            if (t->cancelledAt < 0)
                t->cancelledAt = e.tNs;
            break;
        }
        const qint16 w = onWorker ? e.worker : t->worker;
        if (w < 0)
            break;
        WorkerLane &l = lane(w);
        for (auto it = l.bars.rbegin(); it != l.bars.rend(); ++it) {
            if (it->task == e.task) {
                it->end = std::max(e.tNs, it->start);
                it->state = t->state;
                break;
            }
        }
        // Latency as the report defines it: from the set the task observed to its return.
        if (t->state == TaskState::Stopped && t->stopSetSeen >= 0 && t->stopSetSeen <= e.tNs) {
            t->stopLatency = e.tNs - t->stopSetSeen;
            m_latencies.push_back(t->stopLatency);
            insertSorted(l.latencies, TimelineSpan { t->stopSetSeen, e.tNs, e.task, SpanKind::StopLatency },
                [](const TimelineSpan &s) { return s.end; });
        }
        break;
    }
    case EventKind::ShutdownBegin:
        insertMarker(m_caller, { e.tNs, NoTask, MarkerKind::ShutdownBegin, e.flags, e.worker });
        if (e.flags & ShutdownWaitFlag)
            m_blocked.push_back({ e.tNs, -1, NoTask, SpanKind::ShutdownWait });
        break;
    case EventKind::WaitBegin:
        insertMarker(m_caller, { e.tNs, NoTask, MarkerKind::WaitBegin, e.flags, e.worker });
        m_blocked.push_back({ e.tNs, -1, NoTask, SpanKind::FinalWait });
        break;
    case EventKind::ShutdownEnd:
    case EventKind::WaitEnd: {
        const bool shutdown = e.kind == EventKind::ShutdownEnd;
        insertMarker(
            m_caller, { e.tNs, NoTask, shutdown ? MarkerKind::ShutdownEnd : MarkerKind::WaitEnd, e.flags, e.worker });
        const SpanKind kind = shutdown ? SpanKind::ShutdownWait : SpanKind::FinalWait;
        for (auto it = m_blocked.rbegin(); it != m_blocked.rend(); ++it) {
            if (it->kind == kind && it->end < 0) {
                it->end = std::max(e.tNs, it->start);
                break;
            }
        }
        break;
    }
    }
}

int TimelineData::queueDepthAt(qint64 t) const
{
    const auto in = std::upper_bound(m_enqueue.begin(), m_enqueue.end(), t) - m_enqueue.begin();
    const auto out = std::upper_bound(m_dequeue.begin(), m_dequeue.end(), t) - m_dequeue.begin();
    return int(std::max<qsizetype>(0, in - out));
}

QString TimelineData::taskId(quint32 task) const
{
    if (m_session && task < m_session->tasks.size())
        return m_session->tasks[task].id;
    return QStringLiteral("#%1").arg(task);
}

LatencySummary TimelineData::latencySummary() const
{
    if (m_summaryRevision == m_revision)
        return m_summary;
    m_summaryRevision = m_revision;
    m_summary = LatencySummary();
    if (m_latencies.empty())
        return m_summary;
    std::vector<qint64> v = m_latencies;
    const size_t n = v.size();
    std::nth_element(v.begin(), v.begin() + n / 2, v.end());
    qint64 median = v[n / 2];
    if (n % 2 == 0) {
        const qint64 lower = *std::max_element(v.begin(), v.begin() + n / 2);
        median = lower + (median - lower) / 2;
    }
    m_summary.count = int(n);
    m_summary.medianNs = median;
    for (quint32 i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks[i].stopLatency > m_summary.maxNs) {
            m_summary.maxNs = m_tasks[i].stopLatency;
            m_summary.maxTask = i;
        }
    }
    return m_summary;
}

size_t TimelineData::bytesUsed() const
{
    size_t bytes = sizeof(*this) + capacityBytes(m_tasks) + capacityBytes(m_workers) + capacityBytes(m_caller)
        + capacityBytes(m_submits) + capacityBytes(m_stopLines) + capacityBytes(m_blocked) + capacityBytes(m_queueRows)
        + capacityBytes(m_enqueue) + capacityBytes(m_dequeue) + capacityBytes(m_latencies);
    for (const WorkerLane &l : m_workers)
        bytes += capacityBytes(l.bars) + capacityBytes(l.steps) + capacityBytes(l.markers) + capacityBytes(l.latencies);
    for (const auto &row : m_queueRows)
        bytes += capacityBytes(row);
    return bytes;
}

} // namespace poolscope
