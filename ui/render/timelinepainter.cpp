// SPDX-License-Identifier: MIT
#include "render/timelinepainter.h"

#include "render/statepalette.h"
#include "render/timelinefills.h"
#include "render/timelinelegend.h"
#include "render/timelinemarkers.h"
#include "render/timelinerenderer_p.h"
#include "render/timelinetimeformat.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <QPainterPath>
#include <QPixmap>
#include <cmath>

namespace poolscope::timeline {

namespace {

constexpr QRgb LaneEven = 0xFFFFFF;
constexpr QRgb LaneOdd = 0xF5F6F7;
constexpr QRgb CallerLaneColor = 0xF1F3F6;
constexpr QRgb GridColor = 0xE3E5E8;
constexpr QRgb SeparatorColor = 0xC9CDD2;

qreal dprOf(QPainter *p)
{
    return p->device() ? p->device()->devicePixelRatioF() : 1.0;
}

// Lane backgrounds and names.
void paintLanes(QPainter *p, const Geometry &g, const QFont &font, const QSizeF &size)
{
    const TimelineLayout &L = g.layout;
    for (int lane = 0; lane < L.laneCount; ++lane) {
        const QRectF r(0, L.laneTop(lane), size.width(), L.heightOf(lane));
        const QRgb c = L.isCallerLane(lane) ? CallerLaneColor : (lane - L.queueLane()) % 2 == 1 ? LaneEven : LaneOdd;
        p->fillRect(r, QColor(c));
    }
    p->setPen(QColor(GridColor));
    p->drawLines(g.grid);
    p->setPen(QColor(SeparatorColor));
    for (int lane = 1; lane <= L.laneCount; ++lane) {
        const double y = std::round(L.laneTop(lane)) - 0.5;
        p->drawLine(QLineF(0, y, size.width(), y));
    }
    p->drawLine(QLineF(L.plot.left() - 0.5, L.plot.top(), L.plot.left() - 0.5, L.plot.bottom()));
    p->setPen(palette::textColor());
    // Many lanes in a short view (a recording's twelve workers at 1280×720): names shrink a little to
    // fit their lanes, and a name that still would run into the one above is left out (hovering the
    // lane names it) rather than drawn over it.
    double lastBottom = -1e9;
    for (int lane = 0; lane < L.laneCount && lane < g.laneNames.size(); ++lane) {
        QFont f = font;
        f.setBold(lane < L.firstWorkerLane());
        const double laneHeight = L.heightOf(lane);
        const double textHeight = QFontMetricsF(f).height();
        if (textHeight > laneHeight && f.pointSizeF() > 0)
            f.setPointSizeF(f.pointSizeF() * std::max(0.75, laneHeight / textHeight));
        const QFontMetricsF fm(f);
        const double middle = L.laneTop(lane) + laneHeight / 2;
        const QRectF r(6, middle - fm.height() / 2, L.gutter.width() - 12, fm.height());
        // A line's height has room above capitals and below descenders: a quarter of it may meet the next.
        if (r.top() < lastBottom - fm.height() / 4)
            continue;
        lastBottom = r.bottom();
        p->setFont(f);
        p->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(g.laneNames[lane], Qt::ElideRight, r.width()));
    }
    p->setFont(font);
}

void paintBlocked(QPainter *p, const Geometry &g, qreal dpr)
{
    if (g.blocked.isEmpty())
        return;
    fillBlockedRects(p, g.blocked, dpr, QPen(QColor(BlockedEdgeColor), 1));
    p->setPen(palette::textColor());
    for (const TextItem &t : g.blockedLabels)
        p->drawText(t.rect, Qt::AlignLeft | Qt::AlignVCenter, t.text);
}

void paintQueue(QPainter *p, const Geometry &g)
{
    if (!g.queueWait.isEmpty()) {
        p->setPen(QPen(palette::stateColor(TaskState::Pending), 1));
        p->setBrush(palette::stateTint(TaskState::Pending));
        p->drawRects(g.queueWait);
    }
    if (!g.queueTails.isEmpty()) {
        p->setPen(QPen(palette::stateColor(TaskState::Cancelled), 1.5, Qt::DotLine));
        p->drawLines(g.queueTails);
    }
    if (!g.depth.isEmpty()) {
        p->setPen(Qt::NoPen);
        p->setBrush(palette::stateColor(TaskState::Pending).lighter(150));
        p->drawRects(g.depth);
    }
}

// Bars: one brush per state, then their edges and step ticks.
void paintBars(QPainter *p, const Geometry &g, qreal dpr)
{
    p->setPen(Qt::NoPen);
    p->setBrushOrigin(0, 0);
    for (int st = 0; st < TaskStateCount; ++st) {
        if (g.bars[size_t(st)].isEmpty())
            continue;
        fillStateRects(p, g.bars[size_t(st)], TaskState(st), dpr, Qt::NoPen);
    }
    if (!g.stoppedPlain.isEmpty()) {
        p->setPen(Qt::NoPen);
        p->setBrush(palette::stateColor(TaskState::Stopped));
        p->drawRects(g.stoppedPlain);
    }
    fillIgnoredRects(p, g.ignored, dpr);
    p->setPen(QPen(QColor(EdgeColor), 1.5));
    p->drawLines(g.edges);
    p->setPen(QPen(QColor(255, 255, 255, 210), 1));
    p->drawLines(g.steps);
}

// Chips: a pale pill with the state's glyph and the task's name.
void paintChips(QPainter *p, const Geometry &g)
{
    p->setRenderHint(QPainter::Antialiasing, true);
    for (const ChipItem &c : g.chips) {
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(255, 255, 255, 225));
        p->drawRoundedRect(c.rect, c.rect.height() / 2.5, c.rect.height() / 2.5);
        const double gs = c.rect.height() - 2;
        const QRectF glyph(c.rect.left() + 3, c.rect.top() + 1, gs, gs);
        if (c.mark >= 0)
            palette::paintMarkGlyph(p, glyph, palette::Mark(c.mark));
        else
            palette::paintStateGlyph(p, glyph, c.state);
        if (!c.text.isEmpty()) {
            p->setPen(palette::textColor());
            p->drawText(QRectF(c.rect.left() + gs + 6, c.rect.top(), c.rect.width() - gs - 6, c.rect.height()),
                Qt::AlignLeft | Qt::AlignVCenter, c.text);
        }
    }
    p->setRenderHint(QPainter::Antialiasing, false);
}

void paintLatencyLines(QPainter *p, const Geometry &g)
{
    if (g.latency.isEmpty())
        return;
    p->setPen(QPen(QColor(EdgeColor), 2));
    p->drawLines(g.latency);
}

// After the stop lines: a clear()'s dashed line must not run through "203.9 ms".
void paintLatencyLabels(QPainter *p, const Geometry &g)
{
    if (g.latencyLabels.isEmpty())
        return;
    p->setRenderHint(QPainter::Antialiasing, true);
    for (const TextItem &t : g.latencyLabels) {
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(255, 255, 255, 225));
        p->drawRoundedRect(t.rect, 3, 3);
        p->setPen(palette::textColor());
        p->drawText(t.rect, Qt::AlignCenter, t.text);
    }
    p->setRenderHint(QPainter::Antialiasing, false);
}

// Stop set (solid) and clear (dashed) across every lane; a set drawn last when they share a pixel.
void paintStopLines(QPainter *p, const Geometry &g)
{
    const TimelineLayout &L = g.layout;
    for (int pass = 0; pass < 2; ++pass)
        for (const LineItem &l : g.stopLines) {
            if ((l.kind == MarkerKind::StopSet) != (pass == 1))
                continue;
            const bool set = l.kind == MarkerKind::StopSet;
            p->setPen(QPen(QColor(255, 255, 255, 200), 5));
            p->drawLine(QLineF(l.x, L.plot.top(), l.x, L.plot.bottom()));
            QPen pen(set ? palette::lampSetColor().darker(135) : QColor(ClearLineColor), 2.5,
                set ? Qt::SolidLine : Qt::DashLine);
            pen.setCapStyle(Qt::FlatCap);
            p->setPen(pen);
            p->drawLine(QLineF(l.x, L.plot.top(), l.x, L.plot.bottom()));
        }
}

// Markers and their labels.
void paintMarkers(QPainter *p, const Geometry &g, qreal dpr)
{
    p->setRenderHint(QPainter::Antialiasing, true);
    // On screen and in PNGs, markers are stamped from cached sprites (a path per marker costs ~5 µs);
    // vector devices (SVG) get real shapes.
    const bool vector = isVectorDevice(p);
    for (const MarkerItem &m : g.markers) {
        if (m.hidden)
            continue;
        const double size = m.size > 0 ? m.size : m.kind == MarkerKind::Submit ? g.markerSize * 0.7 : g.markerSize;
        if (vector) {
            drawMarker(p, m.kind, m.pos, size);
        } else {
            const QPixmap &sprite = markerSprite(m.kind, size, dpr);
            const double half = sprite.width() / sprite.devicePixelRatio() / 2;
            p->drawPixmap(QPointF(m.pos.x() - half, m.pos.y() - half), sprite);
        }
    }
    p->setPen(palette::textColor());
    for (const TextItem &t : g.markerLabels) {
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(255, 255, 255, 200));
        p->drawRoundedRect(t.rect.adjusted(-1, 0, 1, 0), 3, 3);
        p->setPen(palette::textColor());
        p->drawText(t.rect, Qt::AlignLeft | Qt::AlignVCenter, t.text);
    }
}

// Selection and hover: outlines drawn from the task's own times, not from the cache.
void paintSelection(QPainter *p, const TimelineRenderer &renderer, const QSizeF &size, const TimelineViewParams &params)
{
    for (int pass = 0; pass < 2; ++pass) {
        const int task = pass == 0 ? params.hoveredTask : params.selectedTask;
        if (task < 0 || (pass == 0 && task == params.selectedTask))
            continue;
        const QRectF r = renderer.taskRect(quint32(task), size, params);
        if (r.isNull())
            continue;
        p->setBrush(Qt::NoBrush);
        if (pass == 1) {
            p->setPen(QPen(Qt::black, 3));
            p->drawRect(r.adjusted(-2, -2, 2, 2));
            p->setPen(QPen(Qt::white, 1));
            p->drawRect(r.adjusted(-0.5, -0.5, 0.5, 0.5));
        } else {
            p->setPen(QPen(QColor(0x404040), 1.5, Qt::DashLine));
            p->drawRect(r.adjusted(-1.5, -1.5, 1.5, 1.5));
        }
    }
}

// The cursor's time readout sits on the axis; the axis labels it would cover make way (it names the
// exact time there anyway).
QRectF cursorChip(const TimelineLayout &L, const QFontMetricsF &fm, const QSizeF &size, const TimelineViewParams &params,
    double *xOut)
{
    if (params.cursorNs < 0 || params.rangeEnd <= params.rangeStart)
        return {};
    const double x
        = std::round(L.plot.left() + timeToX(params.cursorNs, params.rangeStart, params.rangeEnd, L.plot.width()));
    if (!(x >= L.plot.left() - 1 && x <= L.plot.right() + 1))
        return {};
    constexpr double hs = 7;
    const double tw = fm.horizontalAdvance(formatTimelineTime(params.cursorNs)) + 10;
    QRectF chip(x + hs + 2, L.axis.top() + 1, tw, fm.height() + 2);
    if (chip.right() > size.width() - 2)
        chip.moveRight(x - hs - 2);
    if (xOut)
        *xOut = x;
    return chip;
}

void paintAxis(QPainter *p, const Geometry &g, const QRectF &avoid)
{
    const TimelineLayout &L = g.layout;
    p->setRenderHint(QPainter::Antialiasing, false);
    p->setPen(QColor(SeparatorColor));
    p->drawLine(QLineF(L.axis.left(), L.axis.bottom() - 0.5, L.axis.right(), L.axis.bottom() - 0.5));
    p->setPen(palette::mutedTextColor());
    p->drawLines(g.ticks);
    const QRectF keepOut = avoid.isNull() ? QRectF() : avoid.adjusted(-10, -2, 4, 2);
    for (const TextItem &t : g.axisLabels) {
        if (!keepOut.isNull() && t.rect.intersects(keepOut))
            continue;
        p->drawText(t.rect, Qt::AlignCenter, t.text);
    }
}

// While live: the moment the run has reached, a quiet dashed edge the running bars grow to.
void paintNow(QPainter *p, const TimelineLayout &L, const TimelineViewParams &params)
{
    if (!params.live || params.nowNs < 0 || params.rangeEnd <= params.rangeStart)
        return;
    const double x
        = std::round(L.plot.left() + timeToX(params.nowNs, params.rangeStart, params.rangeEnd, L.plot.width())) + 0.5;
    if (x < L.plot.left() || x > L.plot.right() + 1)
        return;
    p->setPen(QPen(palette::mutedTextColor(), 1, Qt::DashLine));
    p->drawLine(QLineF(x, L.axis.bottom() - 4, x, L.plot.bottom()));
}

// Time cursor: a dark line with a light halo, a handle on the axis and its time.
void paintCursor(
    QPainter *p, const TimelineLayout &L, const QFontMetricsF &fm, const QSizeF &size, const TimelineViewParams &params)
{
    double x = 0;
    const QRectF chip = cursorChip(L, fm, size, params, &x);
    if (chip.isNull())
        return;
    p->setPen(QPen(QColor(255, 255, 255, 220), 5));
    p->drawLine(QLineF(x, L.axis.top() + 4, x, L.plot.bottom()));
    p->setPen(QPen(QColor(0x111111), 2));
    p->drawLine(QLineF(x, L.axis.top() + 4, x, L.plot.bottom()));
    p->setRenderHint(QPainter::Antialiasing, true);
    QPainterPath handle;
    const double hs = 7;
    handle.moveTo(x - hs, L.axis.bottom() - hs * 1.4);
    handle.lineTo(x + hs, L.axis.bottom() - hs * 1.4);
    handle.lineTo(x, L.axis.bottom());
    handle.closeSubpath();
    p->setPen(QPen(Qt::white, 1));
    p->setBrush(QColor(0x111111));
    p->drawPath(handle);
    p->setPen(Qt::NoPen);
    p->setBrush(QColor(0x111111));
    p->drawRoundedRect(chip, 4, 4);
    p->setPen(Qt::white);
    p->drawText(chip, Qt::AlignCenter, formatTimelineTime(params.cursorNs));
    p->setRenderHint(QPainter::Antialiasing, false);
}

// Header: what this is, and the stop-latency summary.
void paintHeader(QPainter *p, const Geometry &g, const QFont &font, const QFontMetricsF &fm)
{
    QFont bold = font;
    bold.setBold(true);
    p->setFont(bold);
    p->setPen(palette::textColor());
    const QRectF hr = g.layout.header.adjusted(8, 0, -RightMargin, 0);
    p->drawText(hr, Qt::AlignLeft | Qt::AlignVCenter, g.headerLeft);
    const double used = QFontMetricsF(bold).horizontalAdvance(g.headerLeft) + 24;
    p->setFont(font);
    // The longest wording that fits whole; none rather than a cut one.
    for (const QString &right : g.headerRight) {
        if (fm.horizontalAdvance(right) <= hr.width() - used) {
            p->drawText(hr, Qt::AlignRight | Qt::AlignVCenter, right);
            break;
        }
    }
}

} // namespace

void paintTimeline(QPainter *p, const Geometry &g, const TimelineRenderer &renderer, const QSizeF &size,
    const TimelineViewParams &params)
{
    const TimelineLayout &L = g.layout;
    const QFont font = renderer.font();
    const QFontMetricsF fm(font);
    const qreal dpr = dprOf(p);
    p->save();
    p->setFont(font);
    p->setRenderHint(QPainter::Antialiasing, false);
    p->fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    paintLanes(p, g, font, size);

    p->setClipRect(L.plot.adjusted(0, 0, 1, 0));
    paintBlocked(p, g, dpr);
    paintQueue(p, g);
    paintBars(p, g, dpr);
    paintChips(p, g);
    paintLatencyLines(p, g);
    paintStopLines(p, g);
    paintLatencyLabels(p, g);
    paintMarkers(p, g, dpr);
    paintSelection(p, renderer, size, params);

    paintNow(p, L, params);
    p->setClipping(false);

    paintAxis(p, g, cursorChip(L, fm, size, params, nullptr));
    paintCursor(p, L, fm, size, params);
    if (params.showHeader && !L.header.isEmpty())
        paintHeader(p, g, font, fm);
    if (params.showLegend && L.legend.height() > 0)
        paintLegend(p, L.legend, legendFont(font, L.legendScale), wordsFor(renderer.data()), renderer.legendContents(), g.markerSize, dpr);
    p->restore();
}

} // namespace poolscope::timeline
