// SPDX-License-Identifier: MIT
// What is under a point of the timeline, and where a task is drawn: from the data, not from the painted cache.
#include "render/timelinelayout.h"
#include "render/timelinerenderer_p.h"

#include "layout/timecoordinates.h"

#include <cmath>

namespace poolscope {

namespace {

using timeline::markerBefore;

// What a lane's hit test reads: the point, the time under it and how near counts as a hit.
struct HitContext
{
    double x(qint64 time) const { return L.plot.left() + timeToX(time, s, e, W); }

    const TimelineLayout &L;
    const RunHistory &d;
    const QPointF pos;
    const qint64 s, e; // the visible range
    const double W; // the plot's width
    const qint64 t; // the time under the point
    const qint64 px, tol; // one pixel's and four pixels' time
    const qint64 now;
    const double laneTop;
};

const TimelineMarker *nearestMarker(const std::vector<TimelineMarker> &v, qint64 t, qint64 within)
{
    auto it = std::lower_bound(v.begin(), v.end(), t - within, markerBefore);
    const TimelineMarker *best = nullptr;
    for (; it != v.end() && it->t <= t + within; ++it) {
        if (!best || std::abs(it->t - t) < std::abs(best->t - t))
            best = &*it;
    }
    return best;
}

// Markers of the same kind drawn in the same pixel column.
int countNear(const HitContext &c, const std::vector<TimelineMarker> &v, const TimelineMarker &m)
{
    const qint64 col0 = xToTime(std::floor(c.x(m.t) - c.L.plot.left()), c.s, c.e, c.W);
    const qint64 col1 = col0 + c.px;
    auto a = std::lower_bound(v.begin(), v.end(), col0, markerBefore);
    int n = 0;
    for (; a != v.end() && a->t < col1; ++a)
        n += a->kind == m.kind;
    return std::max(1, n);
}

TimelineHit &markerHit(
    TimelineHit &hit, const HitContext &c, const TimelineMarker &m, const std::vector<TimelineMarker> &v)
{
    hit.kind = TimelineHit::Marker;
    hit.marker = m.kind;
    hit.task = m.task;
    hit.t0 = hit.t1 = m.t;
    hit.count = countNear(c, v, m);
    return hit;
}

// A stop line crosses every lane; what it crosses comes first.
const TimelineMarker *stopLineNear(const HitContext &c)
{
    return nearestMarker(c.d.stopLines(), c.t, c.px * 2);
}

// Each caller thread's lane holds only what that thread did (a folded lane: what its threads did).
TimelineHit hitCallerLane(TimelineHit &hit, const HitContext &c, const CallerLane &lane, double markerSize)
{
    const auto &cm = lane.markers;
    const qint64 t = c.t;
    // Markers sit at their time: anything within half a marker is under the point.
    const qint64 half = std::max(c.tol, qint64(markerSize / 2 * double(c.e - c.s) / std::max(1.0, c.W)));
    auto it = std::lower_bound(cm.begin(), cm.end(), t - half, markerBefore);
    const TimelineMarker *best = nullptr;
    for (; it != cm.end() && it->t <= t + half; ++it) {
        if (!best || std::abs(it->t - t) < std::abs(best->t - t))
            best = &*it;
    }
    if (best) {
        markerHit(hit, c, *best, cm);
        // Every action in that pixel column, for the tooltip.
        hit.count = 0;
        for (auto m = std::lower_bound(cm.begin(), cm.end(), best->t - c.px, markerBefore);
             m != cm.end() && m->t <= best->t + c.px; ++m)
            ++hit.count;
        hit.t1 = best->t + c.px;
        hit.t0 = best->t - c.px;
        return hit;
    }
    if (c.pos.y() > c.laneTop + c.L.laneHeight * 0.55) {
        if (const TimelineMarker *m = nearestMarker(lane.submits, t, c.tol))
            return markerHit(hit, c, *m, lane.submits);
    }
    for (const TimelineSpan &sp : lane.blocked) {
        const qint64 end = sp.end < 0 ? c.now : sp.end;
        if (t >= sp.start - c.px && t <= end + c.px) {
            hit.kind = TimelineHit::Blocked;
            hit.t0 = sp.start;
            hit.t1 = sp.end;
            hit.count = int(sp.kind);
            hit.thread = sp.lane;
            return hit;
        }
    }
    // Another thread's set() or clear() crosses this thread's lane too.
    if (const TimelineMarker *m = stopLineNear(c))
        return markerHit(hit, c, *m, c.d.stopLines());
    return hit;
}

TimelineHit hitQueueLane(TimelineHit &hit, const HitContext &c, bool showsDepth)
{
    const RunHistory &d = c.d;
    const qint64 t = c.t;
    if (showsDepth) {
        hit.kind = TimelineHit::QueueDepth;
        hit.count = d.queueDepthAt(t);
        return hit;
    }
    const auto &tasks = d.tasks();
    const auto &rows = d.queueRows();
    if (rows.empty())
        return hit;
    const double rowH = timeline::queueRowHeight(c.L, rows.size());
    const int r = std::clamp(int((c.pos.y() - c.laneTop - 2) / rowH), 0, int(rows.size()) - 1);
    for (quint32 i : rows[size_t(r)]) {
        const TaskStatus &tk = tasks[i];
        const qint64 end = tk.queueEndNs() >= 0 ? tk.queueEndNs() : c.now;
        if (t >= tk.submitNs - c.tol && t <= std::max(end, tk.dequeuedNs) + c.tol) {
            hit.kind = TimelineHit::QueueSpan;
            hit.task = i;
            hit.t0 = tk.submitNs;
            hit.t1 = end;
            hit.drawnAs = timeline::waitStateAt(tk, t);
            return hit;
        }
    }
    if (const TimelineMarker *m = stopLineNear(c))
        return markerHit(hit, c, *m, d.stopLines());
    return hit;
}

TimelineHit hitWorkerLane(TimelineHit &hit, const HitContext &c)
{
    const RunHistory &d = c.d;
    const qint64 t = c.t, tol = c.tol;
    const int w = hit.worker;
    if (w < 0 || w >= d.workerCount())
        return hit;
    const WorkerLane &lane = d.workers()[size_t(w)];
    if (const TimelineMarker *m = nearestMarker(lane.markers, t, tol)) {
        const double my = m->kind == MarkerKind::StopObserved ? c.laneTop + c.L.laneHeight * 0.75
                                                              : c.laneTop + c.L.laneHeight * 0.5;
        if (std::abs(c.pos.y() - my) <= std::max(8.0, c.L.laneHeight * 0.3))
            return markerHit(hit, c, *m, lane.markers);
    }
    const auto &bars = lane.bars;
    auto endOf = [&c](const TimelineBar &b) { return timeline::barEnd(b, c.now); };
    auto it = std::partition_point(bars.begin(), bars.end(), [&](const TimelineBar &b) { return endOf(b) < t - tol; });
    // Prefer the bar that contains t; else the nearest within the tolerance.
    const TimelineBar *best = nullptr;
    int within = 0;
    qint64 first = 0, last = 0;
    for (auto j = it; j != bars.end() && j->start <= t + tol; ++j) {
        if (!within)
            first = j->start;
        last = endOf(*j);
        ++within;
        if (j->start <= t && endOf(*j) >= t)
            best = &*j;
        else if (!best)
            best = &*j;
        if (within > 100000)
            break;
    }
    if (!best) {
        if (const TimelineMarker *m = stopLineNear(c))
            return markerHit(hit, c, *m, d.stopLines());
        // The foot of a stop-latency bracket?
        for (auto sp = lane.latencies.begin(); sp != lane.latencies.end(); ++sp) {
            if (t >= sp->start && t <= sp->end && c.pos.y() >= c.laneTop + c.L.laneHeight * 0.7) {
                hit.kind = TimelineHit::Latency;
                hit.task = sp->task;
                hit.t0 = sp->start;
                hit.t1 = sp->end;
                return hit;
            }
        }
        return hit;
    }
    const double width = c.x(endOf(*best)) - c.x(best->start);
    if (within > 1 && width < 2.0) {
        hit.kind = TimelineHit::Merged;
        hit.count = within;
        hit.t0 = first;
        hit.t1 = last;
        hit.task = best->task;
        return hit;
    }
    hit.kind = TimelineHit::Bar;
    hit.task = best->task;
    hit.t0 = best->start;
    hit.t1 = endOf(*best);
    const TaskStatus &status = d.tasks()[best->task];
    const qint64 at = std::clamp(t, hit.t0, hit.t1);
    hit.drawnAs = best->state; // its outcome's colour throughout (hatched from the stop request: stopAskedSplit)
    const qint64 ignoredFrom = timeline::ignoredStopFrom(*best, status);
    hit.ignoredStop = ignoredFrom >= 0 && at >= ignoredFrom;
    return hit;
}

} // namespace

QRectF TimelineRenderer::taskRect(quint32 task, const QSizeF &size, const TimelineViewParams &params) const
{
    if (!m_data || task >= m_data->tasks().size())
        return {};
    const TimelineLayout L = layout(size, params);
    const TaskStatus &t = m_data->tasks()[task];
    const qint64 now = nowFor(params);
    auto X = [&](qint64 x) { return L.plot.left() + timeToX(x, params.rangeStart, params.rangeEnd, L.plot.width()); };
    auto clampX = [&](double x) { return std::clamp(x, L.plot.left() - 4, L.plot.right() + 4); };
    if (t.startNs >= 0 && t.worker >= 0) {
        const double top = L.laneTop(L.laneForWorker(t.worker)) + timeline::barPadding(L);
        const double x0 = clampX(X(t.startNs)),
                     x1 = clampX(std::max(X(t.endNs >= 0 ? t.endNs : std::max(now, t.startNs)), X(t.startNs) + 2));
        return QRectF(QPointF(x0, top), QPointF(std::max(x1, x0 + 2), top + timeline::barHeight(L)));
    }
    if (!t.submitted)
        return {};
    const double top = L.laneTop(L.queueLane());
    const double x0 = clampX(X(t.submitNs));
    const double x1 = clampX(X(t.queueEndNs() >= 0 ? t.queueEndNs() : std::max(now, t.submitNs)));
    if (!m_data->queueOverflow() && m_data->queueRow(task) != RunHistory::NoQueueRow) {
        const double rowH = timeline::queueRowHeight(L, m_data->queueRows().size());
        const double y = timeline::queueRowTop(L, m_data->queueRow(task), rowH);
        return QRectF(QPointF(x0, y), QPointF(std::max(x1, x0 + 2), y + rowH - 2));
    }
    return QRectF(QPointF(x0, top + 2), QPointF(std::max(x1, x0 + 2), top + L.queueHeight - 2));
}

TimelineHit TimelineRenderer::hitTest(const QPointF &pos, const QSizeF &size, const TimelineViewParams &params) const
{
    TimelineHit hit;
    const TimelineLayout L = layout(size, params);
    const qint64 s = params.rangeStart, e = params.rangeEnd;
    const double W = L.plot.width();
    hit.time = xToTime(pos.x() - L.plot.left(), s, e, W);
    const qint64 px = nsPerPixel(s, e, W);
    const bool nearCursor
        = params.cursorNs >= 0 && std::abs(pos.x() - (L.plot.left() + timeToX(params.cursorNs, s, e, W))) <= 5;

    if (pos.y() >= L.axis.top() && pos.y() < L.axis.bottom() && pos.x() >= L.plot.left() - 6) {
        hit.kind = nearCursor ? TimelineHit::Cursor : TimelineHit::Axis;
        return hit;
    }
    hit.lane = L.laneAt(pos.y());
    if (hit.lane < 0)
        return hit;
    if (L.isCallerLane(hit.lane))
        hit.threads = L.threadsIn(hit.lane);
    else if (hit.lane >= L.firstWorkerLane())
        hit.worker = hit.lane - L.firstWorkerLane();
    if (pos.x() < L.plot.left()) {
        hit.kind = TimelineHit::LaneLabel;
        return hit;
    }
    if (nearCursor) {
        hit.kind = TimelineHit::Cursor;
        return hit;
    }
    if (!m_data || pos.x() > L.plot.right() + 2)
        return hit;
    const HitContext c { L, *m_data, pos, s, e, W, hit.time, px, px * 4, nowFor(params), L.laneTop(hit.lane) };
    if (L.isCallerLane(hit.lane)) {
        return hitCallerLane(hit, c, callerData(hit.lane, hit.threads), timeline::markerSize(L, QFontMetricsF(m_font)));
    }
    if (hit.lane == L.queueLane())
        return hitQueueLane(hit, c, queueShowsDepth(params, W));
    return hitWorkerLane(hit, c);
}

} // namespace poolscope
