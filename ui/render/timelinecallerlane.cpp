// SPDX-License-Identifier: MIT
// Builds a caller's lane: where it was blocked, its submits, and its actions fanned out and labelled.
#include "render/timelinegeometry.h"

#include "models/modelwords.h"
#include "render/timelinemarkers.h"
#include "render/timelinerenderer_p.h"

#include <QFontMetricsF>
#include <cmath>

namespace poolscope::timeline {

namespace {

struct Band
{
    QRectF rect;
    QString text; // why the caller waits
};

// Markers of one moment: at their own time, stacked one above the other.
struct Cluster
{
    int first, last; // indices into the action markers
    double x0, x1; // extent of the markers
};

QVector<Band> addBlockedBands(
    Geometry &g, const BuildContext &c, const CallerLane &lane, double top, const ModelWords &words)
{
    QVector<Band> bands;
    for (const TimelineSpan &sp : lane.blocked) {
        const qint64 spEnd = sp.end < 0 ? c.now : sp.end;
        if (spEnd < c.s || sp.start > c.e)
            continue;
        const QRectF r(QPointF(c.clampX(c.x(sp.start)), top + c.lh * 0.2),
            QPointF(c.clampX(std::max(c.x(spEnd), c.x(sp.start) + 1)), top + c.lh * 0.8));
        g.blocked.append(r);
        bands.append({ r,
            sp.kind == SpanKind::ShutdownWait
                ? QStringLiteral("blocked in %1").arg(words.shutdownCall(ShutdownWaitFlag))
                : sp.kind == SpanKind::Paused      ? QStringLiteral("paused")
                : sp.kind == SpanKind::CallWait    ? words.blockingNote(CallerBlock::Wait).trimmed()
                : sp.kind == SpanKind::FuturesWait ? QStringLiteral("blocked in wait() or as_completed()")
                                                   : QStringLiteral("waiting for every task to end") });
    }
    return bands;
}

// Submits: many, so skip to the next pixel column by binary search instead of visiting each.
void addSubmits(Geometry &g, const BuildContext &c, const CallerLane &lane, double top, double subSize)
{
    const auto &subs = lane.submits;
    auto sIt = std::lower_bound(subs.begin(), subs.end(), c.s, markerBefore);
    while (sIt != subs.end() && sIt->t <= c.e) {
        const double x = c.x(sIt->t);
        const qint64 next = c.time(x + subSize * 0.75);
        auto nIt = std::lower_bound(sIt, subs.end(), next, markerBefore);
        if (nIt == sIt)
            ++nIt;
        g.markers.append(
            { QPointF(x, top + c.lh - subSize / 2 - 1), MarkerKind::Submit, int(nIt - sIt), sIt->task, sIt->flags });
        sIt = nIt;
    }
}

// Actions: one marker per kind and pixel column (with a count when several: at this zoom they are one
// moment). Returns their indices in g.markers; stop set and clear also draw a line across every lane.
QVector<int> addActions(Geometry &g, const BuildContext &c, const CallerLane &lane, double cy)
{
    const auto &cm = lane.markers;
    auto cIt = std::lower_bound(cm.begin(), cm.end(), c.s, markerBefore);
    std::array<double, 16> lastX;
    lastX.fill(-1e9);
    std::array<int, 16> lastIndex {};
    QVector<int> actionMarkers;
    for (; cIt != cm.end() && cIt->t <= c.e; ++cIt) {
        const size_t k = size_t(cIt->kind);
        const double x = c.x(cIt->t);
        if (x - lastX[k] < 1.0) {
            ++g.markers[lastIndex[k]].count;
            continue;
        }
        lastX[k] = x;
        lastIndex[k] = int(g.markers.size());
        actionMarkers.append(int(g.markers.size()));
        g.markers.append({ QPointF(x, cy), cIt->kind, 1, cIt->task, cIt->flags });
        if (cIt->kind == MarkerKind::StopSet || cIt->kind == MarkerKind::StopClear)
            g.stopLines.append({ std::round(x), cIt->kind });
    }
    return actionMarkers;
}

// Markers closer than a marker's width form a cluster. Each keeps its x (a marker sits at its time);
// they take rows from the top of the lane, a marker going to the first row where it overlaps nothing.
// When the rows do not fit even at a smaller size, the markers that would not fit are not drawn; the
// cluster's label and the tooltip still name them.
QVector<Cluster> stackClusters(Geometry &g, const BuildContext &c, const CallerLane &lane,
    const QVector<int> &actionMarkers, double top, double bottom, double laneBottom)
{
    const double ms = g.markerSize;
    constexpr double MinimumSize = 8;
    QVector<Cluster> clusters;
    for (int n = 0; n < actionMarkers.size();) {
        int m = n + 1;
        double reach = g.markers[actionMarkers[n]].pos.x() + ms;
        while (m < actionMarkers.size() && g.markers[actionMarkers[m]].pos.x() < reach) {
            reach = g.markers[actionMarkers[m]].pos.x() + ms;
            ++m;
        }
        // Rows needed at the full size, then the size that lets them fit.
        QVector<double> rowEnd;
        QVector<int> rowOf(m - n);
        for (int j = n; j < m; ++j) {
            const double x = g.markers[actionMarkers[j]].pos.x();
            int r = 0;
            while (r < rowEnd.size() && rowEnd[r] > x - ms)
                ++r;
            if (r == rowEnd.size())
                rowEnd.append(x);
            rowEnd[r] = x;
            rowOf[j - n] = r;
        }
        // The submits' row below is free here unless a submit is near: then the stack may use it too.
        const double x0 = g.markers[actionMarkers[n]].pos.x() - ms, x1 = g.markers[actionMarkers[m - 1]].pos.x() + ms;
        const auto sub = std::lower_bound(lane.submits.begin(), lane.submits.end(), c.time(x0), markerBefore);
        const bool submitNear = sub != lane.submits.end() && sub->t <= c.time(x1);
        const double room = (submitNear ? bottom : laneBottom) - top;
        const int maxRows = std::max(1, int(room / (MinimumSize + 1)));
        const int rows = std::min(int(rowEnd.size()), maxRows);
        const double size = std::clamp(room / rows - 1, std::min(MinimumSize, ms), ms);
        const double step = rows > 1 ? (room - size) / (rows - 1) : 0;
        for (int j = n; j < m; ++j) {
            MarkerItem &mk = g.markers[actionMarkers[j]];
            const int r = rowOf[j - n];
            mk.size = size;
            mk.hidden = r >= rows;
            mk.pos.setY(rows > 1 ? top + size / 2 + std::min(r, rows - 1) * step : mk.pos.y());
        }
        double left = 1e18, right = -1e18;
        for (int j = n; j < m; ++j) {
            left = std::min(left, g.markers[actionMarkers[j]].pos.x() - size / 2);
            right = std::max(right, g.markers[actionMarkers[j]].pos.x() + size / 2);
        }
        clusters.append({ n, m - 1, left, right });
        n = m;
    }
    return clusters;
}

// One action's part of its cluster's label: in full, or short (the tooltip always has it in full).
QString actionText(const MarkerItem &m, const RunHistory &d, const ModelWords &words, bool compact)
{
    switch (m.kind) {
    case MarkerKind::CancelTrue:
    case MarkerKind::CancelFalse: {
        const bool accepted = m.kind == MarkerKind::CancelTrue;
        if (compact)
            return m.count == 1 ? QStringLiteral("%1 %2").arg(d.taskId(m.task), words.boolean(accepted))
                                : QStringLiteral("%1× %2").arg(m.count).arg(words.boolean(accepted));
        return m.count == 1 ? words.cancelResult(d.taskId(m.task), accepted)
                            : QStringLiteral("%1× %2").arg(m.count).arg(markerText(m.kind, words));
    }
    case MarkerKind::CancelByShutdown:
        if (compact)
            return QStringLiteral("%1 by shutdown").arg(m.count == 1 ? d.taskId(m.task) : QString::number(m.count));
        return m.count == 1 ? QStringLiteral("%1 cancelled by shutdown").arg(d.taskId(m.task))
                            : QStringLiteral("%1 cancelled by shutdown").arg(m.count);
    case MarkerKind::ShutdownBegin:
        return compact ? words.call(ModelWords::Call::Shutdown) : words.shutdownCall(m.flags).section(QLatin1Char('.'), 1);
    case MarkerKind::ShutdownEnd:
    case MarkerKind::WaitBegin:
    case MarkerKind::WaitEnd:
        return QString(); // the blocked band says it
    default:
        return m.count == 1 ? markerText(m.kind, words)
                            : QStringLiteral("%1× %2").arg(m.count).arg(markerText(m.kind, words));
    }
}

// Each cluster's label, whole: the full words right of the markers, else left of them, then the short
// words, then on two lines where the lane is tall enough. A label that fits nowhere is left out (the
// tooltip says it all); a label is never cut.
void addActionLabels(Geometry &g, const BuildContext &c, const RunHistory &d, const ModelWords &words,
    const QVector<int> &actionMarkers, const QVector<Cluster> &clusters, double top, double bottom, double cy)
{
    const QFontMetricsF &fm = c.fm;
    const double lineH = fm.height();
    double freeFrom = c.left;
    for (int k = 0; k < clusters.size(); ++k) {
        QStringList full, compact;
        for (int j = clusters[k].first; j <= clusters[k].last; ++j) {
            const QString p = actionText(g.markers[actionMarkers[j]], d, words, false);
            if (!p.isEmpty()) {
                full << p;
                compact << actionText(g.markers[actionMarkers[j]], d, words, true);
            }
        }
        if (full.isEmpty())
            continue;
        const double rightLimit = k + 1 < clusters.size() ? clusters[k + 1].x0 - 6 : c.L.plot.right();
        const double leftLimit = std::max(freeFrom, k > 0 ? clusters[k - 1].x1 + 6 : c.left);
        const QString sep = QStringLiteral(" · ");
        QList<QStringList> candidates { { full.join(sep) }, { compact.join(sep) } };
        if (full.size() > 1 && bottom - top >= 2 * lineH) {
            const int half = int((compact.size() + 1) / 2);
            candidates.append({ compact.mid(0, half).join(sep), compact.mid(half).join(sep) });
        }
        bool placed = false;
        for (const QStringList &lines : candidates) {
            double tw = 0;
            for (const QString &line : lines)
                tw = std::max(tw, fm.horizontalAdvance(line) + 6);
            const double h = lineH * lines.size();
            const double y = lines.size() == 1 ? cy - h / 2 : std::max(top, (top + bottom - h) / 2);
            const double xr = clusters[k].x1 + 4;
            const double xl = clusters[k].x0 - 4 - tw;
            double x = -1;
            if (xr + tw <= rightLimit && xr >= freeFrom)
                x = xr;
            else if (xl >= leftLimit)
                x = xl;
            if (x < 0)
                continue;
            for (int i = 0; i < lines.size(); ++i)
                g.markerLabels.append({ QRectF(x, y + i * lineH, tw, lineH), lines[i] });
            freeFrom = x == xr ? xr + tw + 4 : clusters[k].x1 + 4;
            placed = true;
            break;
        }
        if (!placed)
            freeFrom = std::max(freeFrom, clusters[k].x1 + 4);
    }
}

// Blocked bands say why the caller waits, where no marker or label is in the way.
void addBlockedLabels(Geometry &g, const BuildContext &c, const QVector<Band> &bands, const QVector<Cluster> &clusters)
{
    for (const Band &band : bands) {
        const QRectF visible = band.rect.intersected(c.L.plot);
        double from = visible.left() + 6;
        for (const TextItem &t : g.markerLabels) {
            if (t.rect.right() > from && t.rect.left() < visible.right())
                from = std::max(from, t.rect.right() + 6);
        }
        for (const Cluster &k : clusters) {
            if (k.x1 > from && k.x0 < visible.right() && k.x0 <= from + 4)
                from = std::max(from, k.x1 + 6);
        }
        const double tw = c.fm.horizontalAdvance(band.text) + 4;
        if (from + tw <= visible.right() - 4 && band.rect.height() >= c.fm.height() * 0.8)
            g.blockedLabels.append({ QRectF(from, band.rect.top(), tw, band.rect.height()), band.text });
    }
}

} // namespace

void addCallerLane(Geometry &g, const BuildContext &c, const RunHistory &d, const CallerLane &lane, int laneIndex,
    const ModelWords &words)
{
    const double top = c.L.laneTop(laneIndex);
    const QVector<Band> bands = addBlockedBands(g, c, lane, top, words);
    const double subSize = g.markerSize * 0.7;
    addSubmits(g, c, lane, top, subSize);
    // Actions stack from the lane's top down to just above the submits' row.
    const double actTop = top + 2, actBottom = std::max(actTop + 9, top + c.lh - subSize - 2);
    const double cy = top + std::min(c.lh * 0.42, c.lh - g.markerSize * 0.5 - subSize);
    const QVector<int> actionMarkers = addActions(g, c, lane, cy);
    const QVector<Cluster> clusters = stackClusters(g, c, lane, actionMarkers, actTop, actBottom, top + c.lh - 2);
    if (c.lh >= c.fm.height() * 0.9 && clusters.size() <= 200)
        addActionLabels(g, c, d, words, actionMarkers, clusters, top + 1, top + c.lh - 1, cy);
    addBlockedLabels(g, c, bands, clusters);
}

} // namespace poolscope::timeline
