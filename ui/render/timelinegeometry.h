// SPDX-License-Identifier: MIT
// What the timeline draws for one range, size and data revision: built once, painted again on hover and cursor moves.
#pragma once

#include "layout/timecoordinates.h"
#include "render/timelinerenderer.h"

#include <QLineF>
#include <QPointF>
#include <QStringList>
#include <QVector>
#include <algorithm>
#include <array>

class QFontMetricsF;

namespace poolscope {

class ModelWords;

namespace timeline {

struct TextItem
{
    QRectF rect;
    QString text;
};

struct ChipItem
{
    QRectF rect; // the whole chip: glyph + text
    QString text;
    TaskState state = TaskState::Pending;
    bool glyph = true;
    int mark = -1; // >= 0: a palette::Mark's glyph instead of the state's
};

struct MarkerItem
{
    QPointF pos;
    MarkerKind kind = MarkerKind::Submit;
    int count = 1;
    quint32 task = NoTask; // the first one's
    quint8 flags = 0;
    double size = 0; // 0: the geometry's marker size
    bool hidden = false; // no room in its stack: only its label and the tooltip tell of it
};

struct LineItem
{
    double x = 0;
    MarkerKind kind = MarkerKind::StopSet;
};

struct Geometry
{
    // cache key
    qint64 start = -1, end = -1, now = -1;
    QSizeF size;
    quint64 revision = ~quint64(0);
    QString fontKey;
    bool header = true, legend = true, live = false;

    TimelineLayout layout;
    std::array<QVector<QRectF>, TaskStateCount> bars; // grouped by state: one setBrush + drawRects each
    QVector<QRectF> ignored; // the part of a bar after a set it never looked at
    QVector<QRectF> stoppedPlain; // a stopped bar before it was asked to stop: its colour, no hatch
    QVector<QLineF> edges; // start and end edges of bars wide enough to show them
    QVector<QLineF> steps;
    QVector<ChipItem> chips;
    QVector<QRectF> queueWait, depth;
    QVector<QLineF> queueTails;
    QVector<QLineF> latency;
    QVector<TextItem> latencyLabels;
    QVector<QRectF> blocked;
    QVector<TextItem> blockedLabels;
    QVector<MarkerItem> markers;
    QVector<TextItem> markerLabels;
    QVector<LineItem> stopLines;
    QVector<QLineF> grid, ticks;
    QVector<TextItem> axisLabels;
    QString headerLeft;
    QStringList headerRight; // the summary, fullest wording first
    QStringList laneNames;
    double markerSize = 10;
};

// What every lane's builder reads: the layout, the visible range, the font, and the time <-> x mapping.
struct BuildContext
{
    BuildContext(
        const TimelineLayout &layout, const QFontMetricsF &metrics, const TimelineViewParams &params, qint64 nowNs)
        : L(layout)
        , fm(metrics)
        , s(params.rangeStart)
        , e(params.rangeEnd)
        , now(nowNs)
        , W(layout.plot.width())
        , left(layout.plot.left())
        , lh(layout.laneHeight)
    { }

    double x(qint64 t) const { return left + timeToX(t, s, e, W); }
    // Just outside the plot: no huge coordinates when zoomed in, and the outline of a cut item is clipped.
    double clampX(double x) const { return std::clamp(x, left - 2, L.plot.right() + 2); }
    qint64 time(double x) const { return xToTime(x - left, s, e, W); }

    const TimelineLayout &L;
    const QFontMetricsF &fm;
    const qint64 s, e; // the visible range
    const qint64 now; // open bars and waits end here
    const double W, left; // the plot's width and left edge
    const double lh; // a worker's (and the caller's) lane height
};

// Where a label may run between left and right without covering a marker (those from index `first` on,
// sorted by x) whose box meets [top, bottom]: left moves past the markers it starts on, right stops
// before the next one. Labels make way; markers stay at their time.
QPair<double, double> freeSpan(const Geometry &g, int first, double left, double right, double top, double bottom);

// A caller lane, the busiest kind (timelinecallerlane.cpp): `lane` holds its thread's calls (or, folded,
// several threads' merged in time order).
void addCallerLane(Geometry &g, const BuildContext &c, const RunHistory &d, const CallerLane &lane, int laneIndex,
    const ModelWords &words);

} // namespace timeline
} // namespace poolscope
