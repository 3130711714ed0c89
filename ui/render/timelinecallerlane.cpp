// SPDX-License-Identifier: MIT
// Builds the caller's lane: where it was blocked, its submits, and its actions fanned out and labelled.
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

// Markers of one moment, fanned out side by side.
struct Cluster
{
    int first, last; // indices into the action markers
    double x0, x1; // extent of the fanned markers
};

QVector<Band> addBlockedBands(Geometry &g, const BuildContext &c, const RunHistory &d, const ModelWords &words)
{
    const double top = c.L.laneTop(TimelineLayout::CallerLane);
    QVector<Band> bands;
    for (const TimelineSpan &sp : d.blockedSpans()) {
        const qint64 spEnd = sp.end < 0 ? c.now : sp.end;
        if (spEnd < c.s || sp.start > c.e)
            continue;
        const QRectF r(QPointF(c.clampX(c.x(sp.start)), top + c.lh * 0.2),
            QPointF(c.clampX(std::max(c.x(spEnd), c.x(sp.start) + 1)), top + c.lh * 0.8));
        g.blocked.append(r);
        bands.append({ r,
            sp.kind == SpanKind::ShutdownWait
                ? QStringLiteral("blocked in %1").arg(words.shutdownCall(ShutdownWaitFlag))
                : sp.kind == SpanKind::Paused ? QStringLiteral("paused")
                : sp.kind == SpanKind::CallWait ? words.blockingNote(CallerBlock::Wait).trimmed()
                                                : QStringLiteral("waiting for every task to end") });
    }
    return bands;
}

// Submits: many, so skip to the next pixel column by binary search instead of visiting each.
void addSubmits(Geometry &g, const BuildContext &c, const RunHistory &d, double subSize)
{
    const double top = c.L.laneTop(TimelineLayout::CallerLane);
    const auto &subs = d.submits();
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

// Actions: one marker per kind and pixel column (with a count when several). Returns their indices in
// g.markers; stop set and clear also draw a line across every lane.
QVector<int> addActions(Geometry &g, const BuildContext &c, const RunHistory &d, double cy)
{
    const auto &cm = d.callerMarkers();
    auto cIt = std::lower_bound(cm.begin(), cm.end(), c.s, markerBefore);
    std::array<double, 16> lastX;
    lastX.fill(-1e9);
    std::array<int, 16> lastIndex {};
    QVector<int> actionMarkers;
    const double ms = g.markerSize;
    for (; cIt != cm.end() && cIt->t <= c.e; ++cIt) {
        const size_t k = size_t(cIt->kind);
        const double x = c.x(cIt->t);
        if (x - lastX[k] < ms * 0.75) {
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

// Markers closer than a marker's width form a cluster: fanned out side by side from the moment
// (so five cancels and a stop at the same instant all stay visible) and labelled together. Only
// while markers are few: dense ones are already merged, one per marker width, with a count.
QVector<Cluster> fanOutClusters(Geometry &g, const QVector<int> &actionMarkers)
{
    const double ms = g.markerSize;
    const bool fewMarkers = actionMarkers.size() <= 60;
    QVector<Cluster> clusters;
    for (int n = 0; n < actionMarkers.size();) {
        const double x0 = g.markers[actionMarkers[n]].pos.x();
        int m = n + 1;
        while (fewMarkers && m < actionMarkers.size() && g.markers[actionMarkers[m]].pos.x() - x0 < ms && m - n < 8)
            ++m;
        for (int j = n; j < m; ++j)
            g.markers[actionMarkers[j]].pos.setX(x0 + (j - n) * (ms + 1));
        clusters.append({ n, m - 1, x0 - ms / 2, x0 + (m - 1 - n) * (ms + 1) + ms / 2 });
        n = m;
    }
    return clusters;
}

// One action's part of its cluster's label.
QString actionText(const MarkerItem &m, const RunHistory &d, const ModelWords &words)
{
    switch (m.kind) {
    case MarkerKind::CancelTrue:
    case MarkerKind::CancelFalse:
        return m.count == 1 ? words.cancelResult(d.taskId(m.task), m.kind == MarkerKind::CancelTrue)
                            : QStringLiteral("%1× %2").arg(m.count).arg(markerText(m.kind, words));
    case MarkerKind::CancelByShutdown:
        return m.count == 1 ? QStringLiteral("%1 cancelled by shutdown").arg(d.taskId(m.task))
                            : QStringLiteral("%1 cancelled by shutdown").arg(m.count);
    case MarkerKind::ShutdownBegin:
        return words.shutdownCall(m.flags).section(QLatin1Char('.'), 1);
    case MarkerKind::ShutdownEnd:
    case MarkerKind::WaitBegin:
    case MarkerKind::WaitEnd:
        return QString(); // the blocked band says it
    default:
        return m.count == 1 ? markerText(m.kind, words)
                            : QStringLiteral("%1× %2").arg(m.count).arg(markerText(m.kind, words));
    }
}

// Each cluster's label: the full text right of the markers, else left of them, else shorter texts.
void addActionLabels(Geometry &g, const BuildContext &c, const RunHistory &d, const ModelWords &words,
    const QVector<int> &actionMarkers, const QVector<Cluster> &clusters, double cy)
{
    const QFontMetricsF &fm = c.fm;
    double freeFrom = c.left;
    for (int k = 0; k < clusters.size(); ++k) {
        QStringList parts;
        for (int j = clusters[k].first; j <= clusters[k].last; ++j) {
            const QString p = actionText(g.markers[actionMarkers[j]], d, words);
            if (!p.isEmpty())
                parts << p;
        }
        if (parts.isEmpty())
            continue;
        const double rightLimit = k + 1 < clusters.size() ? clusters[k + 1].x0 - 6 : c.L.plot.right();
        const double leftLimit = std::max(freeFrom, k > 0 ? clusters[k - 1].x1 + 6 : c.left);
        QStringList candidates { parts.join(QStringLiteral(" · ")) };
        if (parts.size() > 1)
            candidates << parts.first() + QStringLiteral(" …");
        bool placed = false;
        for (const QString &text : candidates) {
            const double tw = fm.horizontalAdvance(text) + 6;
            const double xr = clusters[k].x1 + 4;
            if (xr + tw <= rightLimit && xr >= freeFrom) {
                g.markerLabels.append({ QRectF(xr, cy - fm.height() / 2, tw, fm.height()), text });
                freeFrom = xr + tw + 4;
                placed = true;
                break;
            }
            const double xl = clusters[k].x0 - 4 - tw;
            if (xl >= leftLimit) {
                g.markerLabels.append({ QRectF(xl, cy - fm.height() / 2, tw, fm.height()), text });
                freeFrom = clusters[k].x1 + 4;
                placed = true;
                break;
            }
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

void addCallerLane(Geometry &g, const BuildContext &c, const RunHistory &d, const ModelWords &words)
{
    const QVector<Band> bands = addBlockedBands(g, c, d, words);
    const double subSize = g.markerSize * 0.7;
    addSubmits(g, c, d, subSize);
    const double top = c.L.laneTop(TimelineLayout::CallerLane);
    const double cy = top + std::min(c.lh * 0.42, c.lh - g.markerSize * 0.5 - subSize);
    const QVector<int> actionMarkers = addActions(g, c, d, cy);
    const QVector<Cluster> clusters = fanOutClusters(g, actionMarkers);
    if (c.lh >= c.fm.height() * 0.9 && clusters.size() <= 200)
        addActionLabels(g, c, d, words, actionMarkers, clusters, cy);
    addBlockedLabels(g, c, bands, clusters);
}

} // namespace poolscope::timeline
