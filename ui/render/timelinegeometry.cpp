// SPDX-License-Identifier: MIT
// Builds the Geometry lane by lane: the axis, the header, the workers' bars and the queue (the caller: its own file).
#include "render/timelinegeometry.h"

#include "models/modelwords.h"
#include "render/statepalette.h"
#include "render/timelinelayout.h"
#include "render/timelinerenderer_p.h"
#include "render/timelinetimeformat.h"

#include <QFontMetricsF>
#include <cmath>

namespace poolscope {

namespace timeline {

QPair<double, double> freeSpan(const Geometry &g, int first, double left, double right, double top, double bottom)
{
    for (int i = first; i < g.markers.size(); ++i) {
        const MarkerItem &m = g.markers[i];
        const double half = (m.size > 0 ? m.size : g.markerSize) / 2 + 2;
        if (m.pos.y() + half <= top || m.pos.y() - half >= bottom)
            continue;
        const double a = m.pos.x() - half, b = m.pos.x() + half;
        if (b <= left)
            continue;
        if (a <= left) {
            left = b + 1;
            continue;
        }
        right = std::min(right, a - 1);
        break;
    }
    return { left, std::max(left, right) };
}

namespace {

// Time axis: about one labelled tick per 110 px, minor ticks in between.
void addAxis(Geometry &g, const BuildContext &c)
{
    const TimelineLayout &L = c.L;
    const qint64 step = niceStep(double(c.e - c.s) * 110.0 / c.W);
    const qint64 minor = std::max<qint64>(1, step / 5);
    for (qint64 t = (c.s / minor) * minor; t <= c.e; t += minor) {
        if (t < c.s)
            continue;
        const double x = std::round(c.x(t)) + 0.5;
        const bool major = t % step == 0;
        g.ticks.append(QLineF(x, L.axis.bottom() - (major ? 7 : 3), x, L.axis.bottom()));
        if (major) {
            g.grid.append(QLineF(x, L.plot.top(), x, L.plot.bottom()));
            const QString text = axisLabel(t, step, c.e);
            const double tw = c.fm.horizontalAdvance(text);
            QRectF r(x - tw / 2, L.axis.top() + 2, tw, c.fm.height());
            if (r.left() < L.axis.left() - 8)
                r.moveLeft(L.axis.left() - 8);
            if (r.right() > L.axis.right() + RightMargin)
                r.moveRight(L.axis.right() + RightMargin);
            g.axisLabels.append({ r, text });
        }
    }
}

void addHeader(Geometry &g, const RunHistory &d, const QStringList &summary)
{
    const Run *session = d.run();
    const QString name
        = session && !session->info.scenarioName.isEmpty() ? session->info.scenarioName : QStringLiteral("run");
    const size_t tasks = d.tasks().size();
    const int workers = d.workerCount();
    g.headerLeft = QStringLiteral("%1 · %2 %3 · %4 %5")
                       .arg(name)
                       .arg(tasks)
                       .arg(tasks == 1 ? QStringLiteral("task") : QStringLiteral("tasks"))
                       .arg(workers)
                       .arg(workers == 1 ? QStringLiteral("worker") : QStringLiteral("workers"));
    g.headerRight = summary;
}

// Where a worker lane's bars and the marks on them go.
struct BarBand
{
    double top, height;
    double chipHeight;
};

// A chip with the state's glyph, then as much text as fits between left and right.
// Words on a chip only where the chip is nearly as tall as a line of them: on the short lanes of a large
// pool they would be cut in half; the glyph alone says the state (the tooltip has the words).
bool wordsFit(const BuildContext &c, double chipHeight)
{
    return chipHeight >= c.fm.height() * 0.8;
}

void addBarChip(Geometry &g, const BuildContext &c, const RunHistory &d, const TimelineBar &bar, double left,
    double right, const BarBand &band)
{
    const double chipH = band.chipHeight;
    const double glyph = chipH;
    if (chipH >= 8 && right - left >= glyph + 8) {
        const QString id = d.taskId(bar.task);
        const QString longText = id + QLatin1Char(' ') + palette::stateText(bar.state);
        QString text;
        const double room = right - left - glyph - 11;
        if (wordsFit(c, chipH) && c.fm.horizontalAdvance(longText) <= room)
            text = longText;
        else if (wordsFit(c, chipH) && c.fm.horizontalAdvance(id) <= room)
            text = id;
        const double cw = glyph + 6 + (text.isEmpty() ? 0 : c.fm.horizontalAdvance(text) + 4);
        g.chips.append({ QRectF(left, band.top + (band.height - chipH) / 2, cw, chipH), text, bar.state, true });
    }
}

// The lasting mark of a task that never looked at the event: its words on the marked part of the bar,
// as many as fit (the tooltip always has them all).
void addIgnoredChip(Geometry &g, const BuildContext &c, const RunHistory &d, const TimelineBar &bar, double left,
    double right, const BarBand &band)
{
    const double chipH = band.chipHeight;
    if (chipH < 8 || right - left < chipH + 8)
        return;
    const TaskStatus &t = d.tasks()[bar.task];
    const int n = t.stepsAfterStop();
    const QString steps = n == 1 ? QStringLiteral("1 step") : QStringLiteral("%1 steps").arg(n);
    const QString what = palette::markText(palette::Mark::IgnoredStop);
    const QStringList candidates { QStringLiteral("%1: ran %2 after %3")
                                       .arg(what, steps, wordsFor(&d).call(ModelWords::Call::StopSet)),
        QStringLiteral("%1: +%2").arg(what, steps), what, QStringLiteral("+%1").arg(steps) };
    QString text;
    for (const QString &cand : candidates) {
        if (wordsFit(c, chipH) && c.fm.horizontalAdvance(cand) <= right - left - chipH - 11) {
            text = cand;
            break;
        }
    }
    const double cw = chipH + 6 + (text.isEmpty() ? 0 : c.fm.horizontalAdvance(text) + 4);
    g.chips.append({ QRectF(left, band.top + (band.height - chipH) / 2, cw, chipH), text, TaskState::Completed, true,
        int(palette::Mark::IgnoredStop) });
}

void addBars(Geometry &g, const BuildContext &c, const RunHistory &d, const WorkerLane &lane, const BarBand &band,
    int firstMarker)
{
    const double left = c.left;
    const double barTop = band.top, barH = band.height;
    const auto &bars = lane.bars;
    auto endOf = [&c](const TimelineBar &b) { return barEnd(b, c.now); };
    auto it = std::partition_point(bars.begin(), bars.end(), [&](const TimelineBar &b) { return endOf(b) < c.s; });
    int prevState = -1;
    auto span = [&](double a, double b) {
        return QRectF(QPointF(c.clampX(a), barTop), QPointF(c.clampX(b), barTop + barH));
    };
    while (it != bars.end() && it->start <= c.e) {
        const double x0 = c.x(it->start), x1 = c.x(endOf(*it));
        if (x1 - x0 >= 1.0) {
            const TaskStatus &t = d.tasks()[it->task];
            const QRectF r = span(x0, x1);
            const qint64 split = stopAskedSplit(*it, t);
            if (split >= 0) {
                // The outcome's colour throughout (a finished bar never looks like a running one), hatched
                // only from the moment it was asked to stop.
                const double xs = c.x(split);
                if (xs - x0 >= 0.5)
                    g.stoppedPlain.append(span(x0, xs));
                g.bars[stateIndex(it->state)].append(span(xs, std::max(x1, xs + 1)));
            } else {
                g.bars[stateIndex(it->state)].append(r);
            }
            if (r.width() >= 4) {
                if (x0 >= left)
                    g.edges.append(QLineF(r.left(), barTop, r.left(), barTop + barH));
                if (it->end >= 0 && x1 <= c.L.plot.right())
                    g.edges.append(QLineF(r.right(), barTop, r.right(), barTop + barH));
            }
            const QRectF visible = r.intersected(c.L.plot);
            double chipRight = visible.right() - 3;
            const qint64 ignoredFrom = ignoredStopFrom(*it, t);
            if (ignoredFrom >= 0) {
                const double xi = c.x(ignoredFrom);
                if (x1 - xi >= 1.0)
                    g.ignored.append(span(xi, x1));
                chipRight = std::min(chipRight, xi - 5);
                const auto free
                    = freeSpan(g, firstMarker, std::max(xi, visible.left()) + 5, visible.right() - 3, barTop, barTop + barH);
                addIgnoredChip(g, c, d, *it, free.first, free.second, band);
            }
            // The chip ends before a stop latency's label begins on the same bar.
            if (t.stopLatencyNs >= 0 && t.stopSetSeenNs > it->start)
                chipRight = std::min(chipRight, c.x(t.stopSetSeenNs) - 3);
            const auto free = freeSpan(g, firstMarker, visible.left() + 3, chipRight, barTop, barTop + barH);
            addBarChip(g, c, d, *it, free.first, free.second, band);
            prevState = -1;
            ++it;
            continue;
        }
        // Narrower than a pixel: merge every bar that starts in this pixel column into one block
        // (the state covering most time gives the colour), then continue after it.
        const double col = std::floor(x0 - left);
        const qint64 nextColumn = c.time(left + col + 1);
        auto last = std::partition_point(it, bars.end(), [&](const TimelineBar &b) { return b.start < nextColumn; });
        if (last == it)
            last = it + 1;
        std::array<qint64, TaskStateCount> covered {};
        int visited = 0;
        for (auto j = it; j != last && visited < 512; ++j, ++visited)
            covered[size_t(stateIndex(j->state))] += endOf(*j) - j->start + 1;
        const int state = int(std::max_element(covered.begin(), covered.end()) - covered.begin());
        const double rx0 = c.clampX(left + col), rx1 = c.clampX(std::max(left + col + 1, c.x(endOf(*(last - 1)))));
        QVector<QRectF> &v = g.bars[size_t(state)];
        if (prevState == state && !v.isEmpty() && v.last().right() >= rx0 - 0.5)
            v.last().setRight(std::max(v.last().right(), rx1));
        else
            v.append(QRectF(QPointF(rx0, barTop), QPointF(rx1, barTop + barH)));
        prevState = state;
        it = last;
    }
}

// Step ticks once they are at least 5 px apart on average.
void addSteps(Geometry &g, const BuildContext &c, const WorkerLane &lane, const BarBand &band)
{
    const auto s0 = std::lower_bound(lane.steps.begin(), lane.steps.end(), c.s);
    const auto s1 = std::upper_bound(s0, lane.steps.end(), c.e);
    if (s1 > s0 && double(s1 - s0) * 5.0 <= c.W) {
        for (auto st = s0; st != s1; ++st) {
            const double x = std::round(c.x(*st)) + 0.5;
            g.steps.append(QLineF(x, band.top + band.height * 0.62, x, band.top + band.height));
        }
    }
}

// Stop latencies: a bracket from the event being set to the task returning, along the lane's foot. The
// label sits just after the set, clear of the "saw the stop" triangle at the bracket's end.
void addLatencies(Geometry &g, const BuildContext &c, const WorkerLane &lane, const BarBand &band, int firstMarker)
{
    const auto l0 = std::partition_point(
        lane.latencies.begin(), lane.latencies.end(), [&](const TimelineSpan &sp) { return sp.end < c.s; });
    const auto l1
        = std::partition_point(l0, lane.latencies.end(), [&](const TimelineSpan &sp) { return sp.start <= c.e; });
    const double ly = band.top + band.height - 2.5;
    if (l1 - l0 > 0 && double(l1 - l0) * 4.0 > c.W) {
        // Too many to draw one by one: one bracket over all of them.
        g.latency.append(QLineF(c.clampX(c.x(l0->start)), ly, c.clampX(c.x((l1 - 1)->end)), ly));
        return;
    }
    const double th = c.fm.height();
    for (auto sp = l0; sp != l1; ++sp) {
        const double a = c.clampX(c.x(sp->start)), b = c.clampX(c.x(sp->end));
        g.latency.append(QLineF(a, ly, b, ly));
        g.latency.append(QLineF(a, ly - 4, a, ly + 2));
        g.latency.append(QLineF(b, ly - 4, b, ly + 2));
        if (ly - th - 1 < band.top - barPadding(c.L) + 1)
            continue; // no room in the lane above the bracket
        const QString text = formatTimelineDuration(sp->end - sp->start);
        const double tw = c.fm.horizontalAdvance(text) + 6;
        const double top = ly - th - 1;
        const auto free = freeSpan(g, firstMarker, std::max(a, c.left) + 5, std::min(b, c.L.plot.right()) - 2, top, ly);
        if (free.second - free.first >= tw) {
            g.latencyLabels.append({ QRectF(free.first, top, tw, th), text });
            continue;
        }
        // A short latency: its label after the bracket, in the lane's free space beyond the task's end.
        const auto next = std::upper_bound(lane.bars.begin(), lane.bars.end(), sp->end,
            [](qint64 t, const TimelineBar &bar) { return t < bar.start; });
        const double limit = std::min(c.L.plot.right(), next == lane.bars.end() ? 1e18 : c.x(next->start) - 3);
        const auto after = freeSpan(g, firstMarker, b + 3, limit, top, ly);
        if (after.second - after.first >= tw)
            g.latencyLabels.append({ QRectF(after.first, top, tw, th), text });
    }
}

// Markers on the lane: the task saw the stop (foot of the bar), cancel() refused (middle).
void addLaneMarkers(Geometry &g, const BuildContext &c, const WorkerLane &lane, const BarBand &band)
{
    double lastX[2] = { -1e9, -1e9 };
    const auto m0 = std::lower_bound(lane.markers.begin(), lane.markers.end(), c.s, markerBefore);
    for (auto m = m0; m != lane.markers.end() && m->t <= c.e; ++m) {
        const int k = m->kind == MarkerKind::StopObserved ? 0 : 1;
        const double x = c.x(m->t);
        if (x - lastX[k] < g.markerSize * 0.75 && !g.markers.isEmpty()) {
            for (auto r = g.markers.rbegin(); r != g.markers.rend(); ++r) {
                if (r->kind == m->kind) {
                    ++r->count;
                    break;
                }
            }
            continue;
        }
        lastX[k] = x;
        const double y = k == 0 ? band.top + band.height - g.markerSize * 0.5 : band.top + band.height * 0.5;
        g.markers.append({ QPointF(x, y), m->kind, 1 });
    }
}

void addWorkerLane(Geometry &g, const BuildContext &c, const RunHistory &d, int worker)
{
    const WorkerLane &lane = d.workers()[size_t(worker)];
    const double pad = barPadding(c.L);
    const BarBand band { c.L.laneTop(c.L.laneForWorker(worker)) + pad, barHeight(c.L),
        std::min(c.lh - 3, c.fm.height() + 2) }; // a chip may reach into the padding: text is never taller than it
    // Markers first: the labels placed after them make way for them.
    const int firstMarker = int(g.markers.size());
    addLaneMarkers(g, c, lane, band);
    addBars(g, c, d, lane, band, firstMarker);
    addSteps(g, c, lane, band);
    addLatencies(g, c, lane, band, firstMarker);
}

// A chip with the task's name on a wait wide enough for it, ending before `right`.
void addWaitChip(Geometry &g, const BuildContext &c, const RunHistory &d, quint32 index, const QRectF &rect,
    double rowH, double right)
{
    const QRectF visible = rect.intersected(c.L.plot);
    const double ch = std::min(rowH - 4, c.fm.height() + 2);
    const double room = std::min(visible.right(), right) - visible.left();
    if (ch >= c.fm.height() * 0.8 && room >= ch + 8) {
        const QString id = d.taskId(index);
        const QString text = c.fm.horizontalAdvance(id) <= room - ch - 14 ? id : QString();
        const double cw = ch + 6 + (text.isEmpty() ? 0 : c.fm.horizontalAdvance(text) + 4);
        g.chips.append({ QRectF(visible.left() + 2, rect.top() + (rowH - 2 - ch) / 2, cw, ch), text,
            TaskState::Pending, true });
    }
}

// Each wait in its row, from submit to start (or cancel). A wait that was cancelled is a wait like any
// other until the cancel: the cancel's mark sits at its moment, and only after it the cancelled style (a
// dotted tail to where a worker dropped it). Waits shorter than a pixel are merged per pixel column.
void addQueueRow(
    Geometry &g, const BuildContext &c, const RunHistory &d, const std::vector<quint32> &row, double y, double rowH)
{
    const double left = c.left;
    const qint64 now = c.now;
    const auto &tasks = d.tasks();
    auto visibleEnd = [&](quint32 i) {
        const TaskStatus &t = tasks[i];
        const qint64 q = t.queueEndNs() >= 0 ? t.queueEndNs() : now;
        return std::max(q, t.dequeuedNs);
    };
    const double mid = y + (rowH - 2) / 2;
    const double markSize = std::min(g.markerSize, rowH - 1);
    auto it = std::partition_point(row.begin(), row.end(), [&](quint32 i) { return visibleEnd(i) < c.s; });
    while (it != row.end() && tasks[*it].submitNs <= c.e) {
        const TaskStatus &t = tasks[*it];
        const double x0 = c.x(t.submitNs);
        const double xEnd = c.x(t.queueEndNs() >= 0 ? t.queueEndNs() : std::max(now, t.submitNs));
        const bool cancelled = t.cancelledAtNs >= 0 && t.startNs < 0;
        if (xEnd - x0 < 1.0 && !cancelled) {
            // Waits shorter than a pixel: one pixel for all that start in this column.
            const double col = std::floor(x0 - left);
            const qint64 nextColumn = c.time(left + col + 1);
            auto next = std::partition_point(it, row.end(), [&](quint32 i) { return tasks[i].submitNs < nextColumn; });
            if (next == it)
                ++next;
            const QRectF px(QPointF(c.clampX(left + col), y), QPointF(c.clampX(left + col + 1), y + rowH - 2));
            if (!g.queueWait.isEmpty() && g.queueWait.last().top() == px.top()
                && g.queueWait.last().right() >= px.left() - 0.01)
                g.queueWait.last().setRight(std::max(g.queueWait.last().right(), px.right()));
            else
                g.queueWait.append(px);
            it = next;
            continue;
        }
        const quint32 index = *it;
        ++it;
        const double x1 = std::max(x0 + 1, xEnd);
        const QRectF rect(QPointF(c.clampX(x0), y), QPointF(c.clampX(x1), y + rowH - 2));
        g.queueWait.append(rect);
        double chipRight = rect.right() - 2;
        if (cancelled) {
            const double xd = c.x(std::max(t.dequeuedNs, t.cancelledAtNs));
            if (t.dequeuedNs > t.cancelledAtNs && xd - x1 >= 1.0) {
                g.queueTails.append(QLineF(x1, mid, c.clampX(xd), mid));
                g.markers.append({ QPointF(xd, mid), MarkerKind::CancelSkip, 1, index, 0, markSize * 0.9 });
            }
            g.markers.append({ QPointF(x1, mid), t.cancelledByShutdown ? MarkerKind::CancelByShutdown
                                                                        : MarkerKind::CancelTrue,
                1, index, 0, markSize });
            chipRight = x1 - markSize / 2 - 3;
        }
        addWaitChip(g, c, d, index, rect, rowH, chipRight);
    }
}

void addQueueRows(Geometry &g, const BuildContext &c, const RunHistory &d)
{
    const auto &rows = d.queueRows();
    const double rowH = queueRowHeight(c.L, rows.size());
    for (int r = 0; r < int(rows.size()); ++r)
        addQueueRow(g, c, d, rows[size_t(r)], queueRowTop(c.L, r, rowH), rowH);
}

// Too many waiting at once to draw one by one: the queue's depth, sampled per 2 px column.
void addQueueDepth(Geometry &g, const BuildContext &c, const RunHistory &d, int maxDepth)
{
    const double top = c.L.laneTop(c.L.queueLane());
    const double h = c.L.queueHeight - 4;
    for (double x = 0; x < c.W; x += 2) {
        const int depth = std::max(d.queueDepthAt(c.time(c.left + x)), d.queueDepthAt(c.time(c.left + x + 2)));
        if (depth <= 0)
            continue;
        const double bh = std::max(1.0, h * depth / maxDepth);
        const QRectF r(c.left + x, top + 2 + h - bh, 2, bh);
        if (!g.depth.isEmpty() && g.depth.last().right() >= r.left() - 0.01 && g.depth.last().height() == bh)
            g.depth.last().setRight(r.right());
        else
            g.depth.append(r);
    }
}

} // namespace

} // namespace timeline

void TimelineRenderer::buildGeometry(timeline::Geometry &g, const TimelineViewParams &params) const
{
    using namespace timeline;
    const TimelineLayout &L = g.layout;
    const QFontMetricsF fm(m_font);
    const BuildContext c(L, fm, params, g.now);
    g.markerSize = markerSize(L, fm);

    for (int lane = 0; lane < L.laneCount; ++lane)
        g.laneNames.append(laneName(L, lane));
    if (c.e > c.s && c.W > 1)
        addAxis(g, c);

    if (!m_data)
        return;
    const RunHistory &d = *m_data;
    if (params.showHeader)
        addHeader(g, d, summaryTexts());
    if (c.e <= c.s || c.W <= 1)
        return;

    for (int w = 0; w < d.workerCount(); ++w)
        addWorkerLane(g, c, d, w);
    if (!queueShowsDepth(params, c.W)) {
        addQueueRows(g, c, d);
    } else {
        const int maxDepth = std::max(1, maxQueueDepth());
        addQueueDepth(g, c, d, maxDepth);
        g.laneNames[L.queueLane()] = QStringLiteral("queue ≤%1").arg(maxDepth);
    }
    for (int k = 0; k < L.callerLanes; ++k)
        addCallerLane(g, c, d, callerData(k, L.threadsIn(k)), k, wordsFor(m_data));
}

} // namespace poolscope
