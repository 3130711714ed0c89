// SPDX-License-Identifier: MIT
#include "replay/runhistory.h"

#include <algorithm>
#include <limits>

namespace poolscope {

namespace {

// Events are applied in time order, but a late one merged into a live run may sit slightly before the
// last; insert those in place (rare, and near the end).
template<typename T, typename Key>
void insertSorted(std::vector<T> &v, const T &item, Key key)
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

template<typename T>
size_t capacityBytes(const std::vector<T> &v)
{
    return v.capacity() * sizeof(T);
}

} // namespace

void RunHistory::reset(const Run *run, const RunState *state)
{
    const quint64 revision = m_revision;
    *this = RunHistory();
    m_revision = revision + 1;
    m_run = run;
    m_state = state;
    m_callers.resize(1);
    if (!run)
        return;
    const size_t tasks = run->tasks.size();
    m_workers.resize(size_t(std::max(run->info.workers, 0)));
    // Most tasks run exactly once: reserve per lane to avoid regrowth while a large file is read.
    for (WorkerLane &lane : m_workers)
        lane.bars.reserve(tasks / std::max<size_t>(1, m_workers.size()) + 1);
    m_callers.resize(std::max<size_t>(1, run->recording.callers.size()));
    m_callers.front().submits.reserve(tasks); // most programs submit from their main thread
    m_enqueue.reserve(tasks);
    m_dequeue.reserve(tasks);
    m_queueRow.reserve(tasks);
}

void RunHistory::rebind(const Run *run, const RunState *state, quint64 previousRevision)
{
    m_run = run;
    m_state = state;
    m_revision = std::max(m_revision, previousRevision) + 1;
}

void RunHistory::squeeze()
{
    // Only where much is left over: giving back a little would copy the whole vector (on a large file,
    // a hundred MB of fresh pages) to save what, untouched, costs no memory anyway.
    auto squeeze = [](auto &v) {
        if (v.capacity() - v.size() > v.capacity() / 8)
            v.shrink_to_fit();
    };
    for (WorkerLane &lane : m_workers) {
        squeeze(lane.bars);
        squeeze(lane.steps);
        squeeze(lane.markers);
        squeeze(lane.latencies);
    }
    for (CallerLane &lane : m_callers) {
        squeeze(lane.markers);
        squeeze(lane.submits);
        squeeze(lane.blocked);
    }
    squeeze(m_queueRow);
    squeeze(m_enqueue);
    squeeze(m_dequeue);
}

WorkerLane &RunHistory::lane(qint16 worker)
{
    if (size_t(worker) >= m_workers.size())
        m_workers.resize(size_t(worker) + 1);
    return m_workers[size_t(worker)];
}

CallerLane &RunHistory::callerLane(qint16 worker)
{
    // A pool thread's own calls (a done-callback's submit, a task cancelling another) have no caller lane of
    // their own: they show on the main thread's, as they always have.
    const size_t k = worker < 0 ? size_t(callerIndex(worker)) : 0;
    if (k >= m_callers.size())
        m_callers.resize(k + 1);
    return m_callers[k];
}

TimelineBar *RunHistory::openBar(qint16 worker, quint32 task)
{
    if (worker < 0)
        return nullptr;
    WorkerLane &l = lane(worker);
    for (auto it = l.bars.rbegin(); it != l.bars.rend(); ++it) {
        if (it->task == task)
            return &*it;
    }
    return nullptr;
}

void RunHistory::assignQueueRow(quint32 index)
{
    if (m_queueOverflow)
        return;
    const std::vector<TaskStatus> &tasks = m_state->tasks();
    const TaskStatus &t = tasks[index];
    // A row is free once its last task left the queue; a cancelled task keeps its place until a worker
    // drops it (CPython leaves cancelled items in the queue), so its dotted tail never overlaps.
    auto freeAt = [&](quint32 i) -> qint64 {
        const TaskStatus &o = tasks[i];
        if (o.startNs >= 0)
            return o.startNs;
        if (o.cancelledAtNs >= 0)
            return o.dequeuedNs >= 0 ? std::max(o.cancelledAtNs, o.dequeuedNs) : o.cancelledAtNs;
        return std::numeric_limits<qint64>::max();
    };
    for (size_t r = 0; r < m_queueRows.size(); ++r) {
        if (freeAt(m_queueRows[r].back()) <= t.submitNs) {
            m_queueRows[r].push_back(index);
            m_queueRow[index] = quint8(r);
            return;
        }
    }
    if (m_queueRows.size() < size_t(MaxQueueRows)) {
        m_queueRows.push_back({ index });
        m_queueRow[index] = quint8(m_queueRows.size() - 1);
        return;
    }
    // Too many waiting at once to draw one by one: the queue lane shows its depth instead.
    m_queueOverflow = true;
    std::fill(m_queueRow.begin(), m_queueRow.end(), NoQueueRow);
    m_queueRows.clear();
}

void RunHistory::releaseQueueRow(quint32 index)
{
    if (m_queueOverflow || index >= m_queueRow.size() || m_queueRow[index] >= m_queueRows.size())
        return;
    const size_t r = m_queueRow[index];
    std::vector<quint32> &row = m_queueRows[r];
    if (row.empty() || row.back() != index)
        return; // not the row's latest: leave it (rows stay sorted and non-overlapping)
    row.pop_back();
    m_queueRow[index] = NoQueueRow;
    if (!row.empty())
        return;
    // Drop the empty row; the rows below move up one.
    m_queueRows.erase(m_queueRows.begin() + qsizetype(r));
    for (size_t k = r; k < m_queueRows.size(); ++k) {
        for (quint32 i : m_queueRows[k])
            m_queueRow[i] = quint8(k);
    }
}

void RunHistory::add(const Happening &h)
{
    if (m_added == 0)
        m_firstNs = h.tNs;
    ++m_added;
    m_lastNs = std::max(m_lastNs, h.tNs);
    if (m_run && m_run->recording.callers.size() > m_callers.size()) // a live recording named a new thread
        m_callers.resize(m_run->recording.callers.size());
    if (h.task != NoTask && h.task >= m_queueRow.size()) {
        if (h.task >= m_state->taskCount())
            return; // the interpreter refused it
        m_queueRow.resize(size_t(h.task) + 1, NoQueueRow);
    }
    const TaskStatus *t = h.task != NoTask ? &m_state->task(h.task) : nullptr;
    const bool onWorker = h.worker >= 0;
    auto caller = [&](MarkerKind kind) {
        insertMarker(callerLane(h.worker).markers, { h.tNs, h.task, kind, h.flags, h.worker });
    };
    auto openSpan = [&](SpanKind kind, quint32 task = NoTask) {
        callerLane(h.worker).blocked.push_back({ h.tNs, -1, task, kind, h.worker });
    };
    auto closeSpan = [&](SpanKind kind) {
        auto closeIn = [&](std::vector<TimelineSpan> &spans) {
            for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
                if (it->kind == kind && it->end < 0) {
                    it->end = std::max(h.tNs, it->start);
                    return true;
                }
            }
            return false;
        };
        if (closeIn(callerLane(h.worker).blocked) || (kind != SpanKind::Paused && kind != SpanKind::FinalWait))
            return;
        // The pause gate and the final wait are the run's, whichever thread ends them.
        for (CallerLane &l : m_callers) {
            if (closeIn(l.blocked))
                return;
        }
    };

    switch (h.kind) {
    case Happening::Nothing:
    case Happening::Held:
    case Happening::Released:
    case Happening::CancelledInternally:
        break;
    case Happening::Checked:
        if (!onWorker)
            break;
        insertTime(lane(h.worker).steps, h.tNs);
        if (h.flags & CheckSetFlag) {
            insertMarker(lane(h.worker).markers, { h.tNs, h.task, MarkerKind::StopObserved, 0, h.worker });
            if (TimelineBar *bar = openBar(h.worker, h.task))
                bar->flags |= BarStopObserved;
        }
        break;
    case Happening::CallBegan:
        if (!onWorker)
            openSpan(SpanKind::FuturesWait);
        break;
    case Happening::CallEnded:
        if (!onWorker)
            closeSpan(SpanKind::FuturesWait);
        break;
    // Java's: the console and the state read them; the timeline does not draw them (yet)
    case Happening::InterruptSent:
    case Happening::InterruptSeen:
    case Happening::Rejected:
    case Happening::Drained:
    case Happening::ThreadStarted:
    case Happening::ThreadEnded:
    case Happening::AwaitBegan:
    case Happening::AwaitEnded:
        break;
    case Happening::Submitted:
        insertMarker(callerLane(h.worker).submits, { h.tNs, h.task, MarkerKind::Submit, 0, h.worker });
        insertTime(m_enqueue, h.tNs);
        assignQueueRow(h.task);
        break;
    case Happening::Started:
        if (!onWorker)
            break;
        insertTime(m_dequeue, h.tNs);
        if (t->submitNs >= 0 && h.tNs - t->submitNs < InstantWaitNs)
            releaseQueueRow(h.task);
        insertSorted(lane(h.worker).bars, TimelineBar { h.tNs, -1, h.task, TaskState::Running, 0 },
                     [](const TimelineBar &b) { return b.start; });
        break;
    case Happening::StepDone:
        if (onWorker)
            insertTime(lane(h.worker).steps, h.tNs);
        break;
    case Happening::CancelAccepted:
        caller(MarkerKind::CancelTrue);
        break;
    case Happening::CancelledRunning:
    case Happening::CancelledAfterEnd:
        caller(MarkerKind::CancelTrue);
        break;
    case Happening::CancelledByShutdown:
        if (!h.repeated) // a cancelled item drained again is not a new cancel, but it leaves the queue too
            caller(MarkerKind::CancelByShutdown);
        insertTime(m_dequeue, h.tNs); // shutdown empties the queue itself
        break;
    case Happening::CancelRefused:
        caller(MarkerKind::CancelFalse);
        if (h.refusal == Happening::Refusal::Running && t->worker >= 0) {
            insertMarker(lane(t->worker).markers, { h.tNs, h.task, MarkerKind::CancelFalse, h.flags, t->worker });
            if (TimelineBar *bar = openBar(t->worker, h.task))
                bar->flags |= BarCancelRefused;
        }
        break;
    case Happening::Skipped:
        insertTime(m_dequeue, h.tNs);
        break;
    case Happening::StopSet:
        caller(MarkerKind::StopSet);
        insertMarker(m_stopLines, { h.tNs, NoTask, MarkerKind::StopSet, h.flags, h.worker });
        break;
    case Happening::StopCleared:
        caller(MarkerKind::StopClear);
        insertMarker(m_stopLines, { h.tNs, NoTask, MarkerKind::StopClear, h.flags, h.worker });
        break;
    case Happening::StopSeen:
        if (!onWorker)
            break;
        insertMarker(lane(h.worker).markers, { h.tNs, h.task, MarkerKind::StopObserved, 0, h.worker });
        if (TimelineBar *bar = openBar(h.worker, h.task))
            bar->flags |= BarStopObserved;
        break;
    case Happening::Ended: {
        if (!t->ran())
            break;
        const qint16 w = onWorker ? h.worker : t->worker;
        if (w < 0)
            break; // it ran on the caller (Qt's waitForFinished()): no worker lane holds it
        TimelineBar *bar = openBar(w, h.task);
        if (!bar)
            break;
        bar->end = std::max(h.tNs, bar->start);
        bar->state = t->state;
        if (h.ignoredStop)
            bar->flags |= BarIgnoredStop;
        if (t->stopLatencyNs >= 0)
            insertSorted(lane(w).latencies, TimelineSpan { t->stopSetSeenNs, h.tNs, h.task, SpanKind::StopLatency },
                         [](const TimelineSpan &s) { return s.end; });
        break;
    }
    case Happening::ShutdownCalled:
        caller(MarkerKind::ShutdownBegin);
        if (h.flags & ShutdownWaitFlag)
            openSpan(SpanKind::ShutdownWait);
        break;
    case Happening::ShutdownReturned:
        caller(MarkerKind::ShutdownEnd);
        closeSpan(SpanKind::ShutdownWait);
        break;
    case Happening::FinalWaitBegan:
        caller(MarkerKind::WaitBegin);
        openSpan(SpanKind::FinalWait);
        break;
    case Happening::FinalWaitEnded:
        caller(MarkerKind::WaitEnd);
        closeSpan(SpanKind::FinalWait);
        break;
    case Happening::Paused:
        caller(MarkerKind::Pause);
        openSpan(SpanKind::Paused);
        break;
    case Happening::Resumed:
        caller(MarkerKind::Resume);
        closeSpan(SpanKind::Paused);
        break;
    case Happening::WaitCalled:
        caller(MarkerKind::WaitBegin);
        openSpan(SpanKind::CallWait, h.task);
        break;
    case Happening::WaitReturned:
        caller(MarkerKind::WaitEnd);
        closeSpan(SpanKind::CallWait);
        break;
    case Happening::SuspendRequested:
    case Happening::ResumeRequested:
    case Happening::QueueCleared:
        break;
    }
}

int RunHistory::queueDepthAt(qint64 t) const
{
    const auto in = std::upper_bound(m_enqueue.begin(), m_enqueue.end(), t) - m_enqueue.begin();
    const auto out = std::upper_bound(m_dequeue.begin(), m_dequeue.end(), t) - m_dequeue.begin();
    return int(std::max<qsizetype>(0, in - out));
}

QString RunHistory::taskId(quint32 task) const
{
    return m_run ? m_run->taskId(task) : QStringLiteral("#%1").arg(qint64(task) + 1);
}

LatencySummary RunHistory::latencySummary() const
{
    if (m_summaryRevision == m_revision)
        return m_summary;
    m_summaryRevision = m_revision;
    m_summary = m_state ? m_state->latencySummary() : LatencySummary();
    return m_summary;
}

size_t RunHistory::bytesUsed() const
{
    size_t bytes = sizeof(*this) + capacityBytes(m_workers) + capacityBytes(m_callers) + capacityBytes(m_stopLines)
        + capacityBytes(m_queueRows) + capacityBytes(m_enqueue) + capacityBytes(m_dequeue) + capacityBytes(m_queueRow);
    for (const WorkerLane &l : m_workers)
        bytes += capacityBytes(l.bars) + capacityBytes(l.steps) + capacityBytes(l.markers) + capacityBytes(l.latencies);
    for (const CallerLane &l : m_callers)
        bytes += capacityBytes(l.markers) + capacityBytes(l.submits) + capacityBytes(l.blocked);
    for (const auto &row : m_queueRows)
        bytes += capacityBytes(row);
    return bytes;
}

} // namespace poolscope
