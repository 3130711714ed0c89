// SPDX-License-Identifier: MIT
#include "render/timelinefills.h"

#include "render/statepalette.h"
#include "render/timelinerenderer_p.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPixmap>
#include <algorithm>
#include <cmath>

namespace poolscope::timeline {

namespace {

constexpr QRgb BlockedFill = 0xE4E6EA;
constexpr QRgb BlockedHatch = 0xB4B8BF;

QPen hatchPen(TaskState state)
{
    QPen pen(QColor(0, 0, 0, state == TaskState::Stopped ? 120 : 105), 1.8);
    pen.setCapStyle(Qt::FlatCap);
    return pen;
}

// A diagonal ("///", stopped) or crossed ("xxx", failed) hatch over the state's colour, as a texture so
// thousands of rectangles fill in one drawRects call. Patterns, not colour alone, tell outcomes apart.
QBrush barBrush(TaskState state, qreal dpr)
{
    const QColor base = palette::stateColor(state);
    if (state != TaskState::Stopped && state != TaskState::Failed)
        return QBrush(base);
    struct Cached
    {
        qreal dpr = 0;
        QBrush brush;
    };
    static Cached cache[TaskStateCount];
    Cached &c = cache[stateIndex(state)];
    if (c.dpr == dpr)
        return c.brush;
    const int s = 9; // logical pixels per tile
    QPixmap tile(QSize(s, s) * dpr);
    tile.setDevicePixelRatio(dpr);
    tile.fill(base);
    QPainter p(&tile);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(hatchPen(state));
    for (int k = -s; k <= s; k += s) {
        p.drawLine(QPointF(k - 1, s + 1), QPointF(k + s + 1, -1));
        if (state == TaskState::Failed)
            p.drawLine(QPointF(k - 1, -1), QPointF(k + s + 1, s + 1));
    }
    p.end();
    c.dpr = dpr;
    c.brush = QBrush(tile);
    return c.brush;
}

constexpr QRgb IgnoredHatch = 0x1A1A1A;

QBrush ignoredBrush(qreal dpr)
{
    static qreal cachedDpr = 0;
    static QBrush brush;
    if (cachedDpr == dpr)
        return brush;
    const int s = 7;
    QPixmap tile(QSize(s, s) * dpr);
    tile.setDevicePixelRatio(dpr);
    tile.fill(QColor(255, 255, 255, 90));
    QPainter p(&tile);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(26, 26, 26, 150), 1.3));
    for (int k = -s; k <= s; k += s)
        p.drawLine(QPointF(k - 1, -1), QPointF(k + s + 1, s + 1));
    p.end();
    cachedDpr = dpr;
    brush = QBrush(tile);
    return brush;
}

QBrush blockedBrush(qreal dpr)
{
    static qreal cachedDpr = 0;
    static QBrush brush;
    if (cachedDpr == dpr)
        return brush;
    const int s = 8;
    QPixmap tile(QSize(s, s) * dpr);
    tile.setDevicePixelRatio(dpr);
    tile.fill(QColor(BlockedFill));
    QPainter p(&tile);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(BlockedHatch), 1.2));
    for (int k = -s; k <= s; k += s)
        p.drawLine(QPointF(k - 1, -1), QPointF(k + s + 1, s + 1));
    p.end();
    cachedDpr = dpr;
    brush = QBrush(tile);
    return brush;
}

// Vector devices (SVG) drop texture brushes: there, fill the colour and draw the hatch as lines
// clipped to each rectangle, aligned to the same global grid as the raster tiles.
enum class Hatch
{
    None,
    Forward,
    Cross,
    Backward
};

void hatchRects(QPainter *p, const QVector<QRectF> &rects, const QColor &base, Hatch hatch, const QPen &linePen,
    const QPen &outline, double spacing)
{
    p->save();
    p->setPen(outline);
    p->setBrush(base);
    p->drawRects(rects);
    if (hatch != Hatch::None) {
        p->setPen(linePen);
        // Segments computed inside each rectangle (QSvgGenerator ignores clipping).
        QVector<QLineF> lines;
        for (const QRectF &r : rects) {
            if (hatch == Hatch::Forward || hatch == Hatch::Cross) { // x + y = c
                for (double c = std::floor((r.left() + r.top()) / spacing) * spacing; c <= r.right() + r.bottom();
                     c += spacing) {
                    const double y0 = std::max(r.top(), c - r.right()), y1 = std::min(r.bottom(), c - r.left());
                    if (y1 > y0)
                        lines.append(QLineF(c - y0, y0, c - y1, y1));
                }
            }
            if (hatch == Hatch::Backward || hatch == Hatch::Cross) { // x - y = c
                for (double c = std::floor((r.left() - r.bottom()) / spacing) * spacing; c <= r.right() - r.top();
                     c += spacing) {
                    const double y0 = std::max(r.top(), r.left() - c), y1 = std::min(r.bottom(), r.right() - c);
                    if (y1 > y0)
                        lines.append(QLineF(c + y0, y0, c + y1, y1));
                }
            }
        }
        p->drawLines(lines);
    }
    p->restore();
}

} // namespace

bool isVectorDevice(QPainter *p)
{
    const QPaintEngine *engine = p->paintEngine();
    return engine
        && (engine->type() == QPaintEngine::SVG || engine->type() == QPaintEngine::Pdf
            || engine->type() == QPaintEngine::Picture);
}

void fillStateRects(QPainter *p, const QVector<QRectF> &rects, TaskState state, qreal dpr, const QPen &outline)
{
    if (!isVectorDevice(p) || (state != TaskState::Stopped && state != TaskState::Failed)) {
        p->setPen(outline);
        p->setBrush(barBrush(state, dpr));
        p->drawRects(rects);
        return;
    }
    hatchRects(p, rects, palette::stateColor(state), state == TaskState::Stopped ? Hatch::Forward : Hatch::Cross,
        hatchPen(state), outline, 9);
}

void fillIgnoredRects(QPainter *p, const QVector<QRectF> &rects, qreal dpr)
{
    if (rects.isEmpty())
        return;
    p->save();
    if (!isVectorDevice(p)) {
        p->setPen(Qt::NoPen);
        p->setBrush(ignoredBrush(dpr));
        p->drawRects(rects);
    } else {
        hatchRects(p, rects, QColor(255, 255, 255, 70), Hatch::Backward, QPen(QColor(IgnoredHatch), 1.4), Qt::NoPen, 7);
    }
    QVector<QLineF> strikes;
    for (const QRectF &r : rects)
        strikes.append(QLineF(r.left(), r.center().y(), r.right(), r.center().y()));
    p->setPen(QPen(QColor(IgnoredHatch), 2.5));
    p->drawLines(strikes);
    QPen edge(QColor(IgnoredHatch), 1.5, Qt::DashLine);
    p->setPen(edge);
    p->setBrush(Qt::NoBrush);
    p->drawRects(rects);
    p->restore();
}

void fillBlockedRects(QPainter *p, const QVector<QRectF> &rects, qreal dpr, const QPen &outline)
{
    if (!isVectorDevice(p)) {
        p->setPen(outline);
        p->setBrush(blockedBrush(dpr));
        p->drawRects(rects);
        return;
    }
    hatchRects(p, rects, QColor(BlockedFill), Hatch::Backward, QPen(QColor(BlockedHatch), 1.2), outline, 8);
}

} // namespace poolscope::timeline
