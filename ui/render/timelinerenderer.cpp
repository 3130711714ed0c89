// SPDX-License-Identifier: MIT
#include "render/timelinerenderer.h"

#include "layout/timecoordinates.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "render/statepalette.h"

#include <QFontMetricsF>
#include <QLoggingCategory>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <algorithm>
#include <array>
#include <cmath>

Q_LOGGING_CATEGORY(timelinePaintLog, "poolscope.timeline.paint", QtWarningMsg)

namespace poolscope {

namespace {

constexpr double RightMargin = 14;
constexpr QRgb LaneEven = 0xFFFFFF;
constexpr QRgb LaneOdd = 0xF5F6F7;
constexpr QRgb CallerLaneColor = 0xF1F3F6;
constexpr QRgb GridColor = 0xE3E5E8;
constexpr QRgb SeparatorColor = 0xC9CDD2;
constexpr QRgb EdgeColor = 0x1A1A1A;
constexpr QRgb ClearLineColor = 0x4D4D4D;

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
};

struct MarkerItem
{
    QPointF pos;
    MarkerKind kind = MarkerKind::Submit;
    int count = 1;
    quint32 task = NoTask; // the first one's
    quint8 flags = 0;
};

struct LineItem
{
    double x = 0;
    MarkerKind kind = MarkerKind::StopSet;
};

int stateIndex(TaskState s)
{
    return int(s);
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
    QPen pen(QColor(0, 0, 0, state == TaskState::Stopped ? 120 : 105), 1.8);
    pen.setCapStyle(Qt::FlatCap);
    p.setPen(pen);
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

QBrush blockedBrush(qreal dpr)
{
    static qreal cachedDpr = 0;
    static QBrush brush;
    if (cachedDpr == dpr)
        return brush;
    const int s = 8;
    QPixmap tile(QSize(s, s) * dpr);
    tile.setDevicePixelRatio(dpr);
    tile.fill(QColor(0xE4E6EA));
    QPainter p(&tile);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(0xB4B8BF), 1.2));
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

bool isVectorDevice(QPainter *p)
{
    const QPaintEngine *engine = p->paintEngine();
    return engine
        && (engine->type() == QPaintEngine::SVG || engine->type() == QPaintEngine::Pdf
            || engine->type() == QPaintEngine::Picture);
}

// Bars (and legend swatches) of a state: a texture on raster devices, lines on vector ones.
void fillStateRects(QPainter *p, const QVector<QRectF> &rects, TaskState state, qreal dpr, const QPen &outline)
{
    if (!isVectorDevice(p) || (state != TaskState::Stopped && state != TaskState::Failed)) {
        p->setPen(outline);
        p->setBrush(barBrush(state, dpr));
        p->drawRects(rects);
        return;
    }
    QPen line(QColor(0, 0, 0, state == TaskState::Stopped ? 120 : 105), 1.8);
    line.setCapStyle(Qt::FlatCap);
    hatchRects(p, rects, palette::stateColor(state), state == TaskState::Stopped ? Hatch::Forward : Hatch::Cross, line,
        outline, 9);
}

void fillBlockedRects(QPainter *p, const QVector<QRectF> &rects, qreal dpr, const QPen &outline)
{
    if (!isVectorDevice(p)) {
        p->setPen(outline);
        p->setBrush(blockedBrush(dpr));
        p->drawRects(rects);
        return;
    }
    hatchRects(p, rects, QColor(0xE4E6EA), Hatch::Backward, QPen(QColor(0xB4B8BF), 1.2), outline, 8);
}

qreal dprOf(QPainter *p)
{
    return p->device() ? p->device()->devicePixelRatioF() : 1.0;
}

const ModelWords &wordsFor(const RunHistory *data)
{
    const Model *model = data && data->run() ? findModel(data->run()->info.model) : nullptr;
    return (model ? model : findModel(QStringLiteral("python")))->words();
}

QString markerText(MarkerKind kind, const ModelWords &w)
{
    using Call = ModelWords::Call;
    switch (kind) {
    case MarkerKind::Submit:
        return QStringLiteral("submit()");
    case MarkerKind::CancelTrue:
        return QStringLiteral("%1 → %2").arg(w.call(Call::CancelShort), w.boolean(true));
    case MarkerKind::CancelFalse:
        return QStringLiteral("%1 → %2").arg(w.call(Call::CancelShort), w.boolean(false));
    case MarkerKind::CancelByShutdown:
        return QStringLiteral("cancelled by shutdown");
    case MarkerKind::StopSet:
        return w.call(Call::StopSet);
    case MarkerKind::StopClear:
        return w.call(Call::StopClear);
    case MarkerKind::StopObserved:
        return QStringLiteral("saw the stop");
    case MarkerKind::ShutdownBegin:
        return w.call(Call::Shutdown);
    case MarkerKind::ShutdownEnd:
        return QStringLiteral("shutdown returned");
    case MarkerKind::WaitBegin:
        return QStringLiteral("wait for all tasks");
    case MarkerKind::WaitEnd:
        return QStringLiteral("all tasks done");
    case MarkerKind::CancelSkip:
        return QStringLiteral("dropped from the queue");
    case MarkerKind::Pause:
        return QStringLiteral("paused");
    case MarkerKind::Resume:
        return QStringLiteral("resumed");
    }
    return {};
}

// Every marker has its own shape (colour only repeats it): no-entry sign = cancel refused, cross in a
// disc = cancelled, filled/hollow square = stop set/clear, triangle = the task saw the stop,
// pentagon = shutdown, small down-triangle = submit.
void drawMarker(QPainter *p, MarkerKind kind, const QPointF &c, double size)
{
    const QRectF r(c.x() - size / 2, c.y() - size / 2, size, size);
    switch (kind) {
    case MarkerKind::CancelFalse:
        palette::paintMarkGlyph(p, r, palette::Mark::CancelRefused);
        return;
    case MarkerKind::CancelTrue:
    case MarkerKind::CancelByShutdown: {
        p->setPen(QPen(palette::stateColor(TaskState::Cancelled), std::max(1.2, size * 0.09)));
        p->setBrush(Qt::white);
        p->drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5));
        palette::paintStateGlyph(p, r.adjusted(size * 0.2, size * 0.2, -size * 0.2, -size * 0.2), TaskState::Cancelled);
        if (kind == MarkerKind::CancelByShutdown) {
            p->setPen(QPen(Qt::black, 1.2));
            p->setBrush(Qt::NoBrush);
            p->drawRect(r.adjusted(-1.5, -1.5, 1.5, 1.5));
        }
        return;
    }
    case MarkerKind::StopSet:
    case MarkerKind::StopClear: {
        const QRectF sq = r.adjusted(size * 0.1, size * 0.1, -size * 0.1, -size * 0.1);
        p->setPen(QPen(QColor(EdgeColor), std::max(1.2, size * 0.1)));
        p->setBrush(kind == MarkerKind::StopSet ? QBrush(palette::lampSetColor()) : QBrush(Qt::white));
        p->drawRect(sq);
        return;
    }
    case MarkerKind::StopObserved: {
        QPainterPath path;
        path.moveTo(c.x(), r.top());
        path.lineTo(r.right(), r.bottom());
        path.lineTo(r.left(), r.bottom());
        path.closeSubpath();
        p->setPen(QPen(QColor(EdgeColor), std::max(1.2, size * 0.1)));
        p->setBrush(palette::lampSetColor());
        p->drawPath(path);
        return;
    }
    case MarkerKind::ShutdownBegin:
    case MarkerKind::ShutdownEnd:
    case MarkerKind::WaitBegin:
    case MarkerKind::WaitEnd: {
        // a pentagon pointing down for "begin", up for "end"
        const bool begin = kind == MarkerKind::ShutdownBegin || kind == MarkerKind::WaitBegin;
        QPainterPath path;
        const double k = size * 0.45;
        if (begin) {
            path.moveTo(r.left(), r.top());
            path.lineTo(r.right(), r.top());
            path.lineTo(r.right(), r.top() + k);
            path.lineTo(c.x(), r.bottom());
            path.lineTo(r.left(), r.top() + k);
        } else {
            path.moveTo(r.left(), r.bottom());
            path.lineTo(r.right(), r.bottom());
            path.lineTo(r.right(), r.bottom() - k);
            path.lineTo(c.x(), r.top());
            path.lineTo(r.left(), r.bottom() - k);
        }
        path.closeSubpath();
        const bool wait = kind == MarkerKind::WaitBegin || kind == MarkerKind::WaitEnd;
        p->setPen(QPen(QColor(EdgeColor), std::max(1.2, size * 0.1)));
        p->setBrush(wait ? QColor(Qt::white) : QColor(0x3A3A3A));
        p->drawPath(path);
        return;
    }
    case MarkerKind::Submit:
    case MarkerKind::CancelSkip: {
        QPainterPath path;
        path.moveTo(r.left(), r.top());
        path.lineTo(r.right(), r.top());
        path.lineTo(c.x(), r.bottom());
        path.closeSubpath();
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(0x6B6B6B));
        p->drawPath(path);
        return;
    }
    }
}

// A marker drawn once into a pixmap (with a pixel of margin for antialiasing), stamped many times.
const QPixmap &markerSprite(MarkerKind kind, double size, qreal dpr)
{
    struct Key
    {
        int kind;
        int size10;
        int dpr100;
        bool operator==(const Key &o) const { return kind == o.kind && size10 == o.size10 && dpr100 == o.dpr100; }
    };
    static QList<QPair<Key, QPixmap>> cache;
    const Key key { int(kind), int(std::lround(size * 10)), int(std::lround(dpr * 100)) };
    for (const auto &entry : cache) {
        if (entry.first == key)
            return entry.second;
    }
    const int side = int(std::ceil(size)) + 6;
    QPixmap pm(QSize(side, side) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing, true);
    drawMarker(&p, kind, QPointF(side / 2.0, side / 2.0), size);
    p.end();
    if (cache.size() > 64)
        cache.removeFirst();
    cache.append({ key, pm });
    return cache.last().second;
}

struct LegendEntry
{
    enum Swatch
    {
        BarSwatch,
        QueueSwatch,
        CancelledQueueSwatch,
        MarkerSwatch,
        SetLineSwatch,
        ClearLineSwatch,
        LatencySwatch,
        BlockedSwatch
    };
    Swatch swatch;
    TaskState state = TaskState::Completed;
    MarkerKind marker = MarkerKind::Submit;
    QString text;
};

QList<LegendEntry> legendEntries(const ModelWords &w)
{
    const QList<LegendEntry> entries = {
        { LegendEntry::BarSwatch, TaskState::Completed, {}, QStringLiteral("completed") },
        { LegendEntry::BarSwatch, TaskState::Stopped, {}, QStringLiteral("stopped") },
        { LegendEntry::BarSwatch, TaskState::Failed, {}, QStringLiteral("failed") },
        { LegendEntry::BarSwatch, TaskState::Running, {}, QStringLiteral("running") },
        { LegendEntry::QueueSwatch, TaskState::Pending, {}, QStringLiteral("waiting in the queue") },
        { LegendEntry::CancelledQueueSwatch, TaskState::Cancelled, {}, QStringLiteral("cancelled while queued") },
        { LegendEntry::MarkerSwatch, {}, MarkerKind::CancelTrue, markerText(MarkerKind::CancelTrue, w) },
        { LegendEntry::MarkerSwatch, {}, MarkerKind::CancelFalse, markerText(MarkerKind::CancelFalse, w) },
        { LegendEntry::SetLineSwatch, {}, MarkerKind::StopSet, markerText(MarkerKind::StopSet, w) },
        { LegendEntry::ClearLineSwatch, {}, MarkerKind::StopClear, markerText(MarkerKind::StopClear, w) },
        { LegendEntry::MarkerSwatch, {}, MarkerKind::StopObserved, QStringLiteral("task saw the stop") },
        { LegendEntry::LatencySwatch, {}, {}, QStringLiteral("stop latency") },
        { LegendEntry::MarkerSwatch, {}, MarkerKind::ShutdownBegin, markerText(MarkerKind::ShutdownBegin, w) },
        { LegendEntry::BlockedSwatch, {}, {}, QStringLiteral("caller blocked") },
        { LegendEntry::MarkerSwatch, {}, MarkerKind::Submit, QStringLiteral("submit()") },
    };
    return entries;
}

double legendSwatchWidth(const QFontMetricsF &fm)
{
    return fm.height() * 1.6;
}

// Flow layout of the legend: entries left to right, wrapping. Returns the rows' item rectangles.
QList<QRectF> legendLayout(const QFontMetricsF &fm, double width, const ModelWords &words)
{
    QList<QRectF> rects;
    const double rowH = fm.height() + 6;
    double x = 8, y = 2;
    for (const LegendEntry &e : legendEntries(words)) {
        const double w = legendSwatchWidth(fm) + 5 + fm.horizontalAdvance(e.text) + 16;
        if (x + w > width - 4 && x > 8) {
            x = 8;
            y += rowH;
        }
        rects.append(QRectF(x, y, w, rowH));
        x += w;
    }
    return rects;
}

qint64 niceStep(double raw)
{
    if (!(raw > 1))
        return 1;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
        if (m * magnitude >= raw)
            return qint64(m * magnitude);
    }
    return qint64(10 * magnitude);
}

QString axisLabel(qint64 t, qint64 step, qint64 rangeEnd)
{
    qint64 unit;
    QString suffix;
    // Past the first second, seconds with as many decimals as the step needs ("60.005 s") read better
    // than large counts of a small unit ("60005 ms").
    if (step >= 100000000 || rangeEnd >= 1000000000) {
        unit = 1000000000;
        suffix = QStringLiteral(" s");
    } else if (step >= 100000) {
        unit = 1000000;
        suffix = QStringLiteral(" ms");
    } else if (step >= 100) {
        unit = 1000;
        suffix = QStringLiteral(" µs");
    } else {
        unit = 1;
        suffix = QStringLiteral(" ns");
    }
    const double ratio = double(step) / double(unit);
    const int decimals = ratio >= 1 ? 0 : int(std::ceil(-std::log10(ratio) - 1e-9));
    return QString::number(double(t) / double(unit), 'f', decimals) + suffix;
}

} // namespace

QString formatTimelineTime(qint64 ns)
{
    const bool negative = ns < 0;
    const qint64 a = negative ? -ns : ns;
    const qint64 us = (a + 500) / 1000;
    return QStringLiteral("%1%2.%3 s")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(us / 1000000)
        .arg(us % 1000000, 6, 10, QLatin1Char('0'));
}

QString formatTimelineDuration(qint64 ns)
{
    const double a = double(std::abs(ns));
    if (a >= 1e9)
        return QString::number(double(ns) / 1e9, 'f', 3) + QStringLiteral(" s");
    if (a >= 1e6)
        return QString::number(double(ns) / 1e6, 'f', 1) + QStringLiteral(" ms");
    if (a >= 1e3)
        return QString::number(double(ns) / 1e3, 'f', 1) + QStringLiteral(" µs");
    return QString::number(ns) + QStringLiteral(" ns");
}

struct TimelineRenderer::Geometry
{
    // cache key
    qint64 start = -1, end = -1, now = -1;
    QSizeF size;
    quint64 revision = ~quint64(0);
    QString fontKey;
    bool header = true, legend = true;

    TimelineLayout layout;
    std::array<QVector<QRectF>, TaskStateCount> bars; // grouped by state: one setBrush + drawRects each
    QVector<QLineF> edges; // start and end edges of bars wide enough to show them
    QVector<QLineF> steps;
    QVector<ChipItem> chips;
    QVector<QRectF> queueWait, queueCancelled, depth;
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
    QString headerLeft, headerRight;
    QStringList laneNames;
    double markerSize = 10;
};

TimelineRenderer::TimelineRenderer(const RunHistory *data)
    : m_data(data)
{
    m_font.setPixelSize(14);
}

TimelineRenderer::~TimelineRenderer() = default;

void TimelineRenderer::setData(const RunHistory *data)
{
    m_data = data;
    invalidate();
}

void TimelineRenderer::setFont(const QFont &font)
{
    m_font = font;
    invalidate();
}

void TimelineRenderer::invalidate()
{
    m_geometry.reset();
}

qint64 TimelineRenderer::nowFor(const TimelineViewParams &params) const
{
    if (params.nowNs >= 0)
        return params.nowNs;
    return m_data ? m_data->lastEventNs() : 0;
}

int TimelineRenderer::maxQueueDepth() const
{
    if (!m_data)
        return 0;
    if (m_depthRevision == m_data->revision())
        return m_maxDepth;
    // Walk the two sorted time lists together: the deepest the queue got.
    const auto &in = m_data->enqueueTimes();
    const auto &out = m_data->dequeueTimes();
    size_t i = 0, o = 0;
    int depth = 0, best = 0;
    while (i < in.size()) {
        if (o < out.size() && out[o] < in[i]) {
            --depth;
            ++o;
        } else {
            best = std::max(best, ++depth);
            ++i;
        }
    }
    m_depthRevision = m_data->revision();
    m_maxDepth = best;
    return best;
}

QString TimelineRenderer::laneName(int lane) const
{
    if (lane == TimelineLayout::CallerLane)
        return QStringLiteral("caller");
    if (lane == TimelineLayout::QueueLane)
        return QStringLiteral("queue");
    return QStringLiteral("worker-%1").arg(lane - TimelineLayout::FirstWorkerLane + 1);
}

TimelineLayout TimelineRenderer::layout(const QSizeF &size, const TimelineViewParams &params) const
{
    const QFontMetricsF fm(m_font);
    TimelineLayout l;
    const int workers = m_data ? std::max(1, m_data->workerCount()) : 1;
    l.laneCount = TimelineLayout::FirstWorkerLane + workers;
    const double gutterWidth
        = std::max(fm.horizontalAdvance(laneName(l.laneCount - 1)), fm.horizontalAdvance(QStringLiteral("caller")))
        + 18;
    double y = 0;
    if (params.showHeader) {
        l.header = QRectF(0, 0, size.width(), fm.height() + 10);
        y = l.header.bottom();
    }
    l.axis = QRectF(gutterWidth, y, std::max(1.0, size.width() - gutterWidth - RightMargin), fm.height() + 12);
    y = l.axis.bottom();
    double legendHeight = 0;
    if (params.showLegend) {
        const QList<QRectF> rects = legendLayout(fm, size.width(), wordsFor(m_data));
        legendHeight = rects.isEmpty() ? 0 : rects.last().bottom() + 4;
    }
    const double lanesHeight = std::max(0.0, size.height() - y - legendHeight - 2);
    const double queueWeight = queueLaneWeight();
    l.laneHeight = lanesHeight / (l.laneCount - 1 + queueWeight);
    l.queueHeight = l.laneHeight * queueWeight;
    l.plot = QRectF(gutterWidth, y, l.axis.width(), l.laneHeight * (l.laneCount - 1) + l.queueHeight);
    l.gutter = QRectF(0, y, gutterWidth, l.plot.height());
    l.legend = QRectF(0, l.plot.bottom() + 2, size.width(), legendHeight);
    return l;
}

double TimelineRenderer::queueLaneWeight() const
{
    // One lane when the queue shows its depth or one wait at a time; else rows of ~0.6 lane each.
    if (!m_data || m_data->queueOverflow())
        return m_data && m_data->queueOverflow() ? 1.5 : 1.0;
    const size_t rows = m_data->queueRows().size();
    return rows <= 1 ? 1.0 : std::max(1.0, 0.62 * double(rows));
}

bool TimelineRenderer::queueShowsDepth(const TimelineViewParams &params, double width) const
{
    if (!m_data || m_data->queueOverflow())
        return true;
    // Rows of waits while they are few enough to see one by one; else the depth says more.
    const auto &tasks = m_data->tasks();
    double visible = 0;
    for (const auto &row : m_data->queueRows()) {
        auto a = std::partition_point(row.begin(), row.end(), [&](quint32 i) {
            const TaskStatus &t = tasks[i];
            return t.queueEndNs() >= 0 && std::max(t.queueEndNs(), t.dequeuedNs) < params.rangeStart;
        });
        auto b = std::partition_point(a, row.end(), [&](quint32 i) { return tasks[i].submitNs <= params.rangeEnd; });
        visible += double(b - a);
    }
    return visible > width / 4;
}

int TimelineLayout::laneAt(double y) const
{
    if (!(y >= plot.top()) || laneCount <= 0)
        return -1;
    if (y < plot.top() + laneHeight)
        return CallerLane;
    if (y < plot.top() + laneHeight + queueHeight)
        return QueueLane;
    const int w = poolscope::laneAt(y, plot.top() + laneHeight + queueHeight, laneHeight, laneCount - FirstWorkerLane);
    return w < 0 ? -1 : FirstWorkerLane + w;
}

double TimelineRenderer::preferredHeight(double width, const TimelineViewParams &params) const
{
    const QFontMetricsF fm(m_font);
    const TimelineLayout l = layout(QSizeF(width, 0), params);
    const double fixed = l.axis.bottom() + l.legend.height() + 2;
    return std::ceil(fixed + (l.laneCount - 1 + queueLaneWeight()) * std::max(26.0, fm.height() * 2.0));
}

double TimelineRenderer::minimumHeight(double width, const TimelineViewParams &params) const
{
    const QFontMetricsF fm(m_font);
    const TimelineLayout l = layout(QSizeF(width, 0), params);
    return std::ceil(l.axis.bottom() + l.legend.height() + 2
        + (l.laneCount - 1 + queueLaneWeight()) * std::max(12.0, fm.height() * 0.9));
}

QString TimelineRenderer::summaryText() const
{
    if (!m_data)
        return {};
    const LatencySummary s = m_data->latencySummary();
    if (s.count == 0)
        return {};
    return QStringLiteral("stop latency (event set → task returned): max %1 (%2) · median %3 · %4 stopped")
        .arg(formatTimelineDuration(s.maxNs), m_data->taskId(s.maxTask), formatTimelineDuration(s.medianNs))
        .arg(s.count);
}

const TimelineRenderer::Geometry &TimelineRenderer::ensureGeometry(const QSizeF &size, const TimelineViewParams &params)
{
    const qint64 now = nowFor(params);
    const quint64 revision = m_data ? m_data->revision() : 0;
    const QString fontKey = m_font.key();
    Geometry *g = m_geometry.get();
    if (g && g->start == params.rangeStart && g->end == params.rangeEnd && g->now == now && g->size == size
        && g->revision == revision && g->fontKey == fontKey && g->header == params.showHeader
        && g->legend == params.showLegend) {
        m_stats.cached = true;
        return *g;
    }
    m_geometry = std::make_unique<Geometry>();
    g = m_geometry.get();
    g->start = params.rangeStart;
    g->end = params.rangeEnd;
    g->now = now;
    g->size = size;
    g->revision = revision;
    g->fontKey = fontKey;
    g->header = params.showHeader;
    g->legend = params.showLegend;
    g->layout = layout(size, params);
    buildGeometry(*g, params);
    m_stats = Stats();
    for (const auto &v : g->bars)
        m_stats.rects += int(v.size());
    m_stats.rects += int(g->queueWait.size() + g->queueCancelled.size() + g->depth.size() + g->blocked.size());
    m_stats.markers = int(g->markers.size() + g->stopLines.size());
    m_stats.lines = int(g->edges.size() + g->steps.size() + g->latency.size() + g->queueTails.size());
    m_stats.labels = int(g->chips.size() + g->markerLabels.size() + g->latencyLabels.size());
    return *g;
}

void TimelineRenderer::buildGeometry(Geometry &g, const TimelineViewParams &params) const
{
    const TimelineLayout &L = g.layout;
    const QFontMetricsF fm(m_font);
    const qint64 s = params.rangeStart, e = params.rangeEnd, now = g.now;
    const double W = L.plot.width();
    const double left = L.plot.left();
    const double lh = L.laneHeight;
    auto X = [&](qint64 t) { return left + timeToX(t, s, e, W); };
    auto clampX = [&](double x) { return std::clamp(x, left - 2, L.plot.right() + 2); };
    auto T = [&](double x) { return xToTime(x - left, s, e, W); };
    g.markerSize = std::clamp(lh * 0.5, 8.0, fm.height() * 1.05);

    for (int lane = 0; lane < L.laneCount; ++lane)
        g.laneNames.append(laneName(lane));

    // Time axis: about one labelled tick per 110 px, minor ticks in between.
    if (e > s && W > 1) {
        const qint64 step = niceStep(double(e - s) * 110.0 / W);
        const qint64 minor = std::max<qint64>(1, step / 5);
        for (qint64 t = (s / minor) * minor; t <= e; t += minor) {
            if (t < s)
                continue;
            const double x = std::round(X(t)) + 0.5;
            const bool major = t % step == 0;
            g.ticks.append(QLineF(x, L.axis.bottom() - (major ? 7 : 3), x, L.axis.bottom()));
            if (major) {
                g.grid.append(QLineF(x, L.plot.top(), x, L.plot.bottom()));
                const QString text = axisLabel(t, step, e);
                const double tw = fm.horizontalAdvance(text);
                QRectF r(x - tw / 2, L.axis.top() + 2, tw, fm.height());
                if (r.left() < L.axis.left() - 8)
                    r.moveLeft(L.axis.left() - 8);
                if (r.right() > L.axis.right() + RightMargin)
                    r.moveRight(L.axis.right() + RightMargin);
                g.axisLabels.append({ r, text });
            }
        }
    }

    if (!m_data)
        return;
    const RunHistory &d = *m_data;
    const ModelWords &words = wordsFor(m_data);
    if (params.showHeader) {
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
        g.headerRight = summaryText();
    }
    if (e <= s || W <= 1)
        return;

    // ---- worker lanes ----
    const double pad = std::max(2.0, lh * 0.12);
    const double chipH = std::min(lh - 2 * pad - 2, fm.height() + 2);
    for (int w = 0; w < d.workerCount(); ++w) {
        const WorkerLane &lane = d.workers()[size_t(w)];
        const double top = L.laneTop(TimelineLayout::laneForWorker(w));
        const double barTop = top + pad, barH = std::max(2.0, lh - 2 * pad);
        const auto &bars = lane.bars;
        auto endOf = [now](const TimelineBar &b) { return b.end < 0 ? std::max(now, b.start) : b.end; };
        auto it = std::partition_point(bars.begin(), bars.end(), [&](const TimelineBar &b) { return endOf(b) < s; });
        int prevState = -1;
        while (it != bars.end() && it->start <= e) {
            const double x0 = X(it->start), x1 = X(endOf(*it));
            if (x1 - x0 >= 1.0) {
                const QRectF r(QPointF(clampX(x0), barTop), QPointF(clampX(x1), barTop + barH));
                g.bars[stateIndex(it->state)].append(r);
                if (r.width() >= 4) {
                    if (x0 >= left)
                        g.edges.append(QLineF(r.left(), barTop, r.left(), barTop + barH));
                    if (it->end >= 0 && x1 <= L.plot.right())
                        g.edges.append(QLineF(r.right(), barTop, r.right(), barTop + barH));
                }
                // A chip with the state's glyph, then as much text as fits.
                const double glyph = chipH;
                const QRectF visible = r.intersected(L.plot);
                if (chipH >= 8 && visible.width() >= glyph + 8) {
                    const QString id = d.taskId(it->task);
                    const QString longText = id + QLatin1Char(' ') + palette::stateText(it->state);
                    QString text;
                    const double room = visible.width() - glyph - 14;
                    if (fm.horizontalAdvance(longText) <= room)
                        text = longText;
                    else if (fm.horizontalAdvance(id) <= room)
                        text = id;
                    const double cw = glyph + 6 + (text.isEmpty() ? 0 : fm.horizontalAdvance(text) + 4);
                    g.chips.append(
                        { QRectF(visible.left() + 3, barTop + (barH - chipH) / 2, cw, chipH), text, it->state, true });
                }
                prevState = -1;
                ++it;
                continue;
            }
            // Narrower than a pixel: merge every bar that starts in this pixel column into one block
            // (the state covering most time gives the colour), then continue after it.
            const double col = std::floor(x0 - left);
            const qint64 nextColumn = T(left + col + 1);
            auto last
                = std::partition_point(it, bars.end(), [&](const TimelineBar &b) { return b.start < nextColumn; });
            if (last == it)
                last = it + 1;
            std::array<qint64, TaskStateCount> covered {};
            int visited = 0;
            for (auto j = it; j != last && visited < 512; ++j, ++visited)
                covered[size_t(stateIndex(j->state))] += endOf(*j) - j->start + 1;
            const int state = int(std::max_element(covered.begin(), covered.end()) - covered.begin());
            const double rx0 = clampX(left + col), rx1 = clampX(std::max(left + col + 1, X(endOf(*(last - 1)))));
            QVector<QRectF> &v = g.bars[size_t(state)];
            if (prevState == state && !v.isEmpty() && v.last().right() >= rx0 - 0.5)
                v.last().setRight(std::max(v.last().right(), rx1));
            else
                v.append(QRectF(QPointF(rx0, barTop), QPointF(rx1, barTop + barH)));
            prevState = state;
            it = last;
        }

        // Step ticks once they are at least 5 px apart on average.
        const auto s0 = std::lower_bound(lane.steps.begin(), lane.steps.end(), s);
        const auto s1 = std::upper_bound(s0, lane.steps.end(), e);
        if (s1 > s0 && double(s1 - s0) * 5.0 <= W) {
            for (auto st = s0; st != s1; ++st) {
                const double x = std::round(X(*st)) + 0.5;
                g.steps.append(QLineF(x, barTop + barH * 0.62, x, barTop + barH));
            }
        }

        // Stop latencies: a bracket from the event being set to the task returning, along the lane's foot.
        const auto l0 = std::partition_point(
            lane.latencies.begin(), lane.latencies.end(), [&](const TimelineSpan &sp) { return sp.end < s; });
        const auto l1
            = std::partition_point(l0, lane.latencies.end(), [&](const TimelineSpan &sp) { return sp.start <= e; });
        const double ly = barTop + barH - 2.5;
        if (l1 - l0 > 0 && double(l1 - l0) * 4.0 > W) {
            // Too many to draw one by one: one bracket over all of them.
            g.latency.append(QLineF(clampX(X(l0->start)), ly, clampX(X((l1 - 1)->end)), ly));
        } else {
            for (auto sp = l0; sp != l1; ++sp) {
                const double a = clampX(X(sp->start)), b = clampX(X(sp->end));
                g.latency.append(QLineF(a, ly, b, ly));
                g.latency.append(QLineF(a, ly - 4, a, ly + 2));
                g.latency.append(QLineF(b, ly - 4, b, ly + 2));
                const QString text = formatTimelineDuration(sp->end - sp->start);
                const double tw = fm.horizontalAdvance(text) + 6;
                if (b - a >= tw + 4 && lh >= fm.height() * 1.6)
                    g.latencyLabels.append({ QRectF(b - tw - 2, ly - fm.height() - 1, tw, fm.height()), text });
            }
        }

        // Markers on the lane: the task saw the stop (foot of the bar), cancel() refused (middle).
        double lastX[2] = { -1e9, -1e9 };
        const auto m0 = std::lower_bound(
            lane.markers.begin(), lane.markers.end(), s, [](const TimelineMarker &m, qint64 t) { return m.t < t; });
        for (auto m = m0; m != lane.markers.end() && m->t <= e; ++m) {
            const int k = m->kind == MarkerKind::StopObserved ? 0 : 1;
            const double x = X(m->t);
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
            const double y = k == 0 ? barTop + barH - g.markerSize * 0.5 : barTop + barH * 0.5;
            g.markers.append({ QPointF(x, y), m->kind, 1 });
        }
    }

    // ---- queue lane ----
    {
        const double top = L.laneTop(TimelineLayout::QueueLane);
        const auto &tasks = d.tasks();
        if (!queueShowsDepth(params, W)) {
            const auto &rows = d.queueRows();
            const int rowCount = std::max<int>(1, int(rows.size()));
            const double rowH = (L.queueHeight - 4) / rowCount;
            for (int r = 0; r < int(rows.size()); ++r) {
                const auto &row = rows[size_t(r)];
                auto visibleEnd = [&](quint32 i) {
                    const TaskStatus &t = tasks[i];
                    const qint64 q = t.queueEndNs() >= 0 ? t.queueEndNs() : now;
                    return std::max(q, t.dequeuedNs);
                };
                auto it = std::partition_point(row.begin(), row.end(), [&](quint32 i) { return visibleEnd(i) < s; });
                while (it != row.end() && tasks[*it].submitNs <= e) {
                    const TaskStatus &t = tasks[*it];
                    const double y = top + 2 + r * rowH + 1;
                    const double x0 = X(t.submitNs);
                    const double xEnd = X(t.queueEndNs() >= 0 ? t.queueEndNs() : std::max(now, t.submitNs));
                    if (xEnd - x0 < 1.0) {
                        // Waits shorter than a pixel: one pixel for all that start in this column.
                        const double col = std::floor(x0 - left);
                        const qint64 nextColumn = T(left + col + 1);
                        auto next = std::partition_point(
                            it, row.end(), [&](quint32 i) { return tasks[i].submitNs < nextColumn; });
                        if (next == it)
                            ++next;
                        const QRectF px(QPointF(clampX(left + col), y), QPointF(clampX(left + col + 1), y + rowH - 2));
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
                    const QRectF rect(QPointF(clampX(x0), y), QPointF(clampX(x1), y + rowH - 2));
                    const bool cancelled = t.cancelledAtNs >= 0 && t.startNs < 0;
                    (cancelled ? g.queueCancelled : g.queueWait).append(rect);
                    if (cancelled && t.dequeuedNs > t.cancelledAtNs)
                        g.queueTails.append(
                            QLineF(rect.right(), y + (rowH - 2) / 2, clampX(X(t.dequeuedNs)), y + (rowH - 2) / 2));
                    const QRectF visible = rect.intersected(L.plot);
                    const double ch = std::min(rowH - 4, fm.height() + 2);
                    if (ch >= fm.height() * 0.8 && visible.width() >= ch + 8) {
                        const QString id = d.taskId(index);
                        const QString text = fm.horizontalAdvance(id) <= visible.width() - ch - 14 ? id : QString();
                        const double cw = ch + 6 + (text.isEmpty() ? 0 : fm.horizontalAdvance(text) + 4);
                        g.chips.append({ QRectF(visible.left() + 2, y + (rowH - 2 - ch) / 2, cw, ch), text,
                            cancelled ? TaskState::Cancelled : TaskState::Pending, true });
                    }
                }
            }
        } else {
            // Too many waiting at once to draw one by one: the queue's depth, sampled per 2 px column.
            const int maxDepth = std::max(1, maxQueueDepth());
            const double h = L.queueHeight - 4;
            for (double x = 0; x < W; x += 2) {
                const int depth = std::max(d.queueDepthAt(T(left + x)), d.queueDepthAt(T(left + x + 2)));
                if (depth <= 0)
                    continue;
                const double bh = std::max(1.0, h * depth / maxDepth);
                const QRectF r(left + x, top + 2 + h - bh, 2, bh);
                if (!g.depth.isEmpty() && g.depth.last().right() >= r.left() - 0.01 && g.depth.last().height() == bh)
                    g.depth.last().setRight(r.right());
                else
                    g.depth.append(r);
            }
            g.laneNames[TimelineLayout::QueueLane] = QStringLiteral("queue ≤%1").arg(maxDepth);
        }
    }

    // ---- caller lane ----
    {
        const double top = L.laneTop(TimelineLayout::CallerLane);
        QVector<QPair<QRectF, QString>> bands;
        for (const TimelineSpan &sp : d.blockedSpans()) {
            const qint64 spEnd = sp.end < 0 ? now : sp.end;
            if (spEnd < s || sp.start > e)
                continue;
            const QRectF r(QPointF(clampX(X(sp.start)), top + lh * 0.2),
                QPointF(clampX(std::max(X(spEnd), X(sp.start) + 1)), top + lh * 0.8));
            g.blocked.append(r);
            bands.append({ r,
                sp.kind == SpanKind::ShutdownWait ? QStringLiteral("blocked in %1").arg(words.shutdownCall(ShutdownWaitFlag))
                    : sp.kind == SpanKind::Paused ? QStringLiteral("paused")
                                                  : QStringLiteral("waiting for every task to end") });
        }

        // Submits: many, so skip to the next pixel column by binary search instead of visiting each.
        const auto &subs = d.submits();
        auto sIt
            = std::lower_bound(subs.begin(), subs.end(), s, [](const TimelineMarker &m, qint64 t) { return m.t < t; });
        const double subSize = g.markerSize * 0.7;
        while (sIt != subs.end() && sIt->t <= e) {
            const double x = X(sIt->t);
            const qint64 next = T(x + subSize * 0.75);
            auto nIt
                = std::lower_bound(sIt, subs.end(), next, [](const TimelineMarker &m, qint64 t) { return m.t < t; });
            if (nIt == sIt)
                ++nIt;
            g.markers.append(
                { QPointF(x, top + lh - subSize / 2 - 1), MarkerKind::Submit, int(nIt - sIt), sIt->task, sIt->flags });
            sIt = nIt;
        }

        // Actions: one marker per kind and pixel column (with a count when several).
        const auto &cm = d.callerMarkers();
        auto cIt = std::lower_bound(cm.begin(), cm.end(), s, [](const TimelineMarker &m, qint64 t) { return m.t < t; });
        std::array<double, 16> lastX;
        lastX.fill(-1e9);
        std::array<int, 16> lastIndex {};
        QVector<int> actionMarkers;
        const double ms = g.markerSize;
        const double cy = top + std::min(lh * 0.42, lh - g.markerSize * 0.5 - subSize);
        for (; cIt != cm.end() && cIt->t <= e; ++cIt) {
            const size_t k = size_t(cIt->kind);
            const double x = X(cIt->t);
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

        // Markers closer than a marker's width form a cluster: fanned out side by side from the moment
        // (so five cancels and a stop at the same instant all stay visible) and labelled together. Only
        // while markers are few: dense ones are already merged, one per marker width, with a count.
        const bool fewMarkers = actionMarkers.size() <= 60;
        struct Cluster
        {
            int first, last; // indices into actionMarkers
            double x0, x1; // extent of the fanned markers
        };
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
        auto part = [&](const MarkerItem &m) -> QString {
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
        };
        if (lh >= fm.height() * 0.9 && clusters.size() <= 200) {
            double freeFrom = left;
            for (int c = 0; c < clusters.size(); ++c) {
                QStringList parts;
                for (int j = clusters[c].first; j <= clusters[c].last; ++j) {
                    const QString p = part(g.markers[actionMarkers[j]]);
                    if (!p.isEmpty())
                        parts << p;
                }
                if (parts.isEmpty())
                    continue;
                const double rightLimit = c + 1 < clusters.size() ? clusters[c + 1].x0 - 6 : L.plot.right();
                const double leftLimit = std::max(freeFrom, c > 0 ? clusters[c - 1].x1 + 6 : left);
                // The full text right of the markers, else left of them, else shorter texts.
                QStringList candidates { parts.join(QStringLiteral(" · ")) };
                if (parts.size() > 1)
                    candidates << parts.first() + QStringLiteral(" …");
                bool placed = false;
                for (const QString &text : candidates) {
                    const double tw = fm.horizontalAdvance(text) + 6;
                    const double xr = clusters[c].x1 + 4;
                    if (xr + tw <= rightLimit && xr >= freeFrom) {
                        g.markerLabels.append({ QRectF(xr, cy - fm.height() / 2, tw, fm.height()), text });
                        freeFrom = xr + tw + 4;
                        placed = true;
                        break;
                    }
                    const double xl = clusters[c].x0 - 4 - tw;
                    if (xl >= leftLimit) {
                        g.markerLabels.append({ QRectF(xl, cy - fm.height() / 2, tw, fm.height()), text });
                        freeFrom = clusters[c].x1 + 4;
                        placed = true;
                        break;
                    }
                }
                if (!placed)
                    freeFrom = std::max(freeFrom, clusters[c].x1 + 4);
            }
        }
        // Blocked bands say why the caller waits, where no marker or label is in the way.
        for (const auto &band : bands) {
            const QRectF visible = band.first.intersected(L.plot);
            double from = visible.left() + 6;
            for (const TextItem &t : g.markerLabels) {
                if (t.rect.right() > from && t.rect.left() < visible.right())
                    from = std::max(from, t.rect.right() + 6);
            }
            for (const Cluster &c : clusters) {
                if (c.x1 > from && c.x0 < visible.right() && c.x0 <= from + 4)
                    from = std::max(from, c.x1 + 6);
            }
            const double tw = fm.horizontalAdvance(band.second) + 4;
            if (from + tw <= visible.right() - 4 && band.first.height() >= fm.height() * 0.8)
                g.blockedLabels.append({ QRectF(from, band.first.top(), tw, band.first.height()), band.second });
        }
    }
}

void TimelineRenderer::paint(QPainter *p, const QSizeF &size, const TimelineViewParams &params)
{
    const Geometry &g = ensureGeometry(size, params);
    const TimelineLayout &L = g.layout;
    const QFontMetricsF fm(m_font);
    const qreal dpr = dprOf(p);
    p->save();
    p->setFont(m_font);
    p->setRenderHint(QPainter::Antialiasing, false);
    p->fillRect(QRectF(QPointF(0, 0), size), Qt::white);

    // Lane backgrounds and names.
    for (int lane = 0; lane < L.laneCount; ++lane) {
        const QRectF r(0, L.laneTop(lane), size.width(), L.heightOf(lane));
        const QRgb c = lane == TimelineLayout::CallerLane ? CallerLaneColor : lane % 2 == 0 ? LaneEven : LaneOdd;
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
    for (int lane = 0; lane < L.laneCount && lane < g.laneNames.size(); ++lane) {
        const QRectF r(6, L.laneTop(lane), L.gutter.width() - 12, L.heightOf(lane));
        QFont f = m_font;
        f.setBold(lane < TimelineLayout::FirstWorkerLane);
        p->setFont(f);
        p->drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(f).elidedText(g.laneNames[lane], Qt::ElideRight, r.width()));
    }
    p->setFont(m_font);

    p->setClipRect(L.plot.adjusted(0, 0, 1, 0));
    // Caller blocked.
    if (!g.blocked.isEmpty()) {
        fillBlockedRects(p, g.blocked, dpr, QPen(QColor(0x8A8F98), 1));
        p->setPen(palette::textColor());
        for (const TextItem &t : g.blockedLabels)
            p->drawText(t.rect, Qt::AlignLeft | Qt::AlignVCenter, t.text);
    }
    // Queue.
    if (!g.queueWait.isEmpty()) {
        p->setPen(QPen(palette::stateColor(TaskState::Pending), 1));
        p->setBrush(palette::stateTint(TaskState::Pending));
        p->drawRects(g.queueWait);
    }
    if (!g.queueCancelled.isEmpty()) {
        p->setPen(QPen(palette::stateColor(TaskState::Cancelled), 1.5, Qt::DashLine));
        p->setBrush(palette::stateTint(TaskState::Cancelled));
        p->drawRects(g.queueCancelled);
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
    // Bars: one brush per state.
    p->setPen(Qt::NoPen);
    p->setBrushOrigin(0, 0);
    for (int st = 0; st < TaskStateCount; ++st) {
        if (g.bars[size_t(st)].isEmpty())
            continue;
        fillStateRects(p, g.bars[size_t(st)], TaskState(st), dpr, Qt::NoPen);
    }
    p->setPen(QPen(QColor(EdgeColor), 1.5));
    p->drawLines(g.edges);
    p->setPen(QPen(QColor(255, 255, 255, 210), 1));
    p->drawLines(g.steps);

    // Chips: a pale pill with the state's glyph and the task's name.
    p->setRenderHint(QPainter::Antialiasing, true);
    for (const ChipItem &c : g.chips) {
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(255, 255, 255, 225));
        p->drawRoundedRect(c.rect, c.rect.height() / 2.5, c.rect.height() / 2.5);
        const double gs = c.rect.height() - 2;
        palette::paintStateGlyph(p, QRectF(c.rect.left() + 3, c.rect.top() + 1, gs, gs), c.state);
        if (!c.text.isEmpty()) {
            p->setPen(palette::textColor());
            p->drawText(QRectF(c.rect.left() + gs + 6, c.rect.top(), c.rect.width() - gs - 6, c.rect.height()),
                Qt::AlignLeft | Qt::AlignVCenter, c.text);
        }
    }
    p->setRenderHint(QPainter::Antialiasing, false);
    // Stop latencies.
    if (!g.latency.isEmpty()) {
        p->setPen(QPen(QColor(EdgeColor), 2));
        p->drawLines(g.latency);
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
    // Markers and their labels.
    p->setRenderHint(QPainter::Antialiasing, true);
    // On screen and in PNGs, markers are stamped from cached sprites (a path per marker costs ~5 µs);
    // vector devices (SVG) get real shapes.
    const bool vector = isVectorDevice(p);
    for (const MarkerItem &m : g.markers) {
        const double size = m.kind == MarkerKind::Submit ? g.markerSize * 0.7 : g.markerSize;
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

    // Selection and hover: outlines drawn from the task's own times, not from the cache.
    for (int pass = 0; pass < 2; ++pass) {
        const int task = pass == 0 ? params.hoveredTask : params.selectedTask;
        if (task < 0 || (pass == 0 && task == params.selectedTask))
            continue;
        const QRectF r = taskRect(quint32(task), size, params);
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
    p->setClipping(false);

    // Axis.
    p->setRenderHint(QPainter::Antialiasing, false);
    p->setPen(QColor(SeparatorColor));
    p->drawLine(QLineF(L.axis.left(), L.axis.bottom() - 0.5, L.axis.right(), L.axis.bottom() - 0.5));
    p->setPen(palette::mutedTextColor());
    p->drawLines(g.ticks);
    for (const TextItem &t : g.axisLabels)
        p->drawText(t.rect, Qt::AlignCenter, t.text);

    // Time cursor: a dark line with a light halo, a handle on the axis and its time.
    if (params.cursorNs >= 0 && params.rangeEnd > params.rangeStart) {
        const double x
            = std::round(L.plot.left() + timeToX(params.cursorNs, params.rangeStart, params.rangeEnd, L.plot.width()));
        if (x >= L.plot.left() - 1 && x <= L.plot.right() + 1) {
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
            const QString text = formatTimelineTime(params.cursorNs);
            const double tw = fm.horizontalAdvance(text) + 10;
            QRectF chip(x + hs + 2, L.axis.top() + 1, tw, fm.height() + 2);
            if (chip.right() > size.width() - 2)
                chip.moveRight(x - hs - 2);
            p->setPen(Qt::NoPen);
            p->setBrush(QColor(0x111111));
            p->drawRoundedRect(chip, 4, 4);
            p->setPen(Qt::white);
            p->drawText(chip, Qt::AlignCenter, text);
            p->setRenderHint(QPainter::Antialiasing, false);
        }
    }

    // Header: what this is, and the stop-latency summary.
    if (params.showHeader && !L.header.isEmpty()) {
        QFont bold = m_font;
        bold.setBold(true);
        p->setFont(bold);
        p->setPen(palette::textColor());
        const QRectF hr = L.header.adjusted(8, 0, -RightMargin, 0);
        p->drawText(hr, Qt::AlignLeft | Qt::AlignVCenter, g.headerLeft);
        const double used = QFontMetricsF(bold).horizontalAdvance(g.headerLeft) + 24;
        p->setFont(m_font);
        const QString right = fm.elidedText(g.headerRight, Qt::ElideRight, std::max(0.0, hr.width() - used));
        p->drawText(hr, Qt::AlignRight | Qt::AlignVCenter, right);
    }

    // Legend: every mark the timeline uses, drawn by the same code.
    if (params.showLegend && L.legend.height() > 0) {
        const QList<QRectF> rects = legendLayout(fm, size.width(), wordsFor(m_data));
        const QList<LegendEntry> entries = legendEntries(wordsFor(m_data));
        p->setRenderHint(QPainter::Antialiasing, true);
        for (int i = 0; i < entries.size() && i < rects.size(); ++i) {
            const LegendEntry &e = entries[i];
            const QRectF r = rects[i].translated(0, L.legend.top());
            const double sw = legendSwatchWidth(fm);
            const QRectF sr(r.left(), r.top() + 3, sw, r.height() - 6);
            p->setPen(Qt::NoPen);
            switch (e.swatch) {
            case LegendEntry::BarSwatch:
                p->setBrushOrigin(sr.topLeft());
                fillStateRects(p, { sr }, e.state, dpr, QPen(QColor(EdgeColor), 1));
                break;
            case LegendEntry::QueueSwatch:
                p->setPen(QPen(palette::stateColor(TaskState::Pending), 1));
                p->setBrush(palette::stateTint(TaskState::Pending));
                p->drawRect(sr);
                break;
            case LegendEntry::CancelledQueueSwatch:
                p->setPen(QPen(palette::stateColor(TaskState::Cancelled), 1.5, Qt::DashLine));
                p->setBrush(palette::stateTint(TaskState::Cancelled));
                p->drawRect(sr);
                break;
            case LegendEntry::MarkerSwatch:
                drawMarker(p, e.marker, sr.center(),
                    std::min(sr.height(), g.markerSize * 1.1) * (e.marker == MarkerKind::Submit ? 0.7 : 1.0));
                break;
            case LegendEntry::SetLineSwatch:
            case LegendEntry::ClearLineSwatch: {
                const bool set = e.swatch == LegendEntry::SetLineSwatch;
                p->setPen(QPen(set ? palette::lampSetColor().darker(135) : QColor(ClearLineColor), 2.5,
                    set ? Qt::SolidLine : Qt::DashLine));
                p->drawLine(QLineF(sr.center().x(), sr.top(), sr.center().x(), sr.bottom()));
                drawMarker(
                    p, e.marker, QPointF(sr.center().x() + sr.width() * 0.3, sr.center().y()), sr.height() * 0.6);
                break;
            }
            case LegendEntry::LatencySwatch: {
                p->setPen(QPen(QColor(EdgeColor), 2));
                const double y = sr.center().y() + 2;
                p->drawLine(QLineF(sr.left() + 2, y, sr.right() - 2, y));
                p->drawLine(QLineF(sr.left() + 2, y - 4, sr.left() + 2, y + 2));
                p->drawLine(QLineF(sr.right() - 2, y - 4, sr.right() - 2, y + 2));
                break;
            }
            case LegendEntry::BlockedSwatch:
                p->setBrushOrigin(sr.topLeft());
                fillBlockedRects(p, { sr }, dpr, QPen(QColor(0x8A8F98), 1));
                break;
            }
            p->setPen(palette::textColor());
            p->drawText(QRectF(sr.right() + 5, r.top(), r.width() - sw - 5, r.height()),
                Qt::AlignLeft | Qt::AlignVCenter, e.text);
        }
        p->setBrushOrigin(0, 0);
    }
    p->restore();
}

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
        const double pad = std::max(2.0, L.laneHeight * 0.12);
        const double top = L.laneTop(TimelineLayout::laneForWorker(t.worker)) + pad;
        const double x0 = clampX(X(t.startNs)),
                     x1 = clampX(std::max(X(t.endNs >= 0 ? t.endNs : std::max(now, t.startNs)), X(t.startNs) + 2));
        return QRectF(QPointF(x0, top), QPointF(std::max(x1, x0 + 2), top + std::max(2.0, L.laneHeight - 2 * pad)));
    }
    if (!t.submitted)
        return {};
    const double top = L.laneTop(TimelineLayout::QueueLane);
    const double x0 = clampX(X(t.submitNs));
    const double x1 = clampX(X(t.queueEndNs() >= 0 ? t.queueEndNs() : std::max(now, t.submitNs)));
    if (!m_data->queueOverflow() && m_data->queueRow(task) != RunHistory::NoQueueRow) {
        const double rowH = (L.queueHeight - 4) / std::max<size_t>(1, m_data->queueRows().size());
        const double y = top + 2 + m_data->queueRow(task) * rowH + 1;
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
    auto X = [&](qint64 t) { return L.plot.left() + timeToX(t, s, e, W); };
    hit.time = xToTime(pos.x() - L.plot.left(), s, e, W);
    const qint64 px = nsPerPixel(s, e, W);
    const qint64 tol = px * 4;
    const bool nearCursor = params.cursorNs >= 0 && std::abs(pos.x() - X(params.cursorNs)) <= 5;

    if (pos.y() >= L.axis.top() && pos.y() < L.axis.bottom() && pos.x() >= L.plot.left() - 6) {
        hit.kind = nearCursor ? TimelineHit::Cursor : TimelineHit::Axis;
        return hit;
    }
    hit.lane = L.laneAt(pos.y());
    if (hit.lane < 0)
        return hit;
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
    const RunHistory &d = *m_data;
    const ModelWords &words = wordsFor(m_data);
    const qint64 t = hit.time;
    const qint64 now = nowFor(params);
    const double laneTop = L.laneTop(hit.lane);

    auto nearestMarker
        = [&](const std::vector<TimelineMarker> &v, qint64 within, auto accept) -> const TimelineMarker * {
        auto it = std::lower_bound(
            v.begin(), v.end(), t - within, [](const TimelineMarker &m, qint64 x) { return m.t < x; });
        const TimelineMarker *best = nullptr;
        for (; it != v.end() && it->t <= t + within; ++it) {
            if (!accept(*it))
                continue;
            if (!best || std::abs(it->t - t) < std::abs(best->t - t))
                best = &*it;
        }
        return best;
    };
    auto countNear = [&](const std::vector<TimelineMarker> &v, const TimelineMarker &m) {
        // markers of the same kind drawn in the same pixel column
        const qint64 col0 = xToTime(std::floor(X(m.t) - L.plot.left()), s, e, W);
        const qint64 col1 = col0 + px;
        auto a
            = std::lower_bound(v.begin(), v.end(), col0, [](const TimelineMarker &x, qint64 tt) { return x.t < tt; });
        int n = 0;
        for (; a != v.end() && a->t < col1; ++a)
            n += a->kind == m.kind;
        return std::max(1, n);
    };
    auto markerHit = [&](const TimelineMarker &m, const std::vector<TimelineMarker> &v) {
        hit.kind = TimelineHit::Marker;
        hit.marker = m.kind;
        hit.task = m.task;
        hit.t0 = hit.t1 = m.t;
        hit.count = countNear(v, m);
        return hit;
    };

    if (hit.lane == TimelineLayout::CallerLane) {
        // Markers of one moment are fanned out to the right of it: look a cluster's width to the left.
        const double ms = std::clamp(L.laneHeight * 0.5, 8.0, QFontMetricsF(m_font).height() * 1.05);
        const qint64 fan = qint64((ms + 1) * 8 / std::max(1e-9, W / double(std::max<qint64>(1, e - s))));
        auto it = std::lower_bound(d.callerMarkers().begin(), d.callerMarkers().end(), t - fan,
            [](const TimelineMarker &m, qint64 x) { return m.t < x; });
        const TimelineMarker *best = nullptr;
        for (; it != d.callerMarkers().end() && it->t <= t + tol; ++it) {
            if (!best || std::abs(it->t - t) < std::abs(best->t - t))
                best = &*it;
        }
        if (best) {
            markerHit(*best, d.callerMarkers());
            // Every action in that pixel column, for the tooltip.
            hit.count = 0;
            for (auto m = std::lower_bound(d.callerMarkers().begin(), d.callerMarkers().end(), best->t - px,
                     [](const TimelineMarker &a, qint64 x) { return a.t < x; });
                 m != d.callerMarkers().end() && m->t <= best->t + px; ++m)
                ++hit.count;
            hit.t1 = best->t + px;
            hit.t0 = best->t - px;
            return hit;
        }
        if (pos.y() > laneTop + L.laneHeight * 0.55) {
            if (const TimelineMarker *m = nearestMarker(d.submits(), tol, [](const TimelineMarker &) { return true; }))
                return markerHit(*m, d.submits());
        }
        for (const TimelineSpan &sp : d.blockedSpans()) {
            const qint64 end = sp.end < 0 ? now : sp.end;
            if (t >= sp.start - px && t <= end + px) {
                hit.kind = TimelineHit::Blocked;
                hit.t0 = sp.start;
                hit.t1 = sp.end;
                hit.count = int(sp.kind);
                return hit;
            }
        }
        return hit;
    }
    // A stop line crosses every lane; what it crosses comes first.
    auto stopLine = [&]() -> const TimelineMarker * {
        return nearestMarker(d.stopLines(), px * 2, [](const TimelineMarker &) { return true; });
    };

    if (hit.lane == TimelineLayout::QueueLane) {
        const auto &tasks = d.tasks();
        if (!queueShowsDepth(params, W)) {
            const auto &rows = d.queueRows();
            if (rows.empty())
                return hit;
            const double rowH = (L.queueHeight - 4) / double(rows.size());
            const int r = std::clamp(int((pos.y() - laneTop - 2) / rowH), 0, int(rows.size()) - 1);
            for (quint32 i : rows[size_t(r)]) {
                const TaskStatus &tk = tasks[i];
                const qint64 end = tk.queueEndNs() >= 0 ? tk.queueEndNs() : now;
                if (t >= tk.submitNs - tol && t <= std::max(end, tk.dequeuedNs) + tol) {
                    hit.kind = TimelineHit::QueueSpan;
                    hit.task = i;
                    hit.t0 = tk.submitNs;
                    hit.t1 = end;
                    return hit;
                }
            }
            if (const TimelineMarker *m = stopLine())
                return markerHit(*m, d.stopLines());
            return hit;
        }
        hit.kind = TimelineHit::QueueDepth;
        hit.count = d.queueDepthAt(t);
        return hit;
    }

    const int w = hit.lane - TimelineLayout::FirstWorkerLane;
    if (w < 0 || w >= d.workerCount())
        return hit;
    const WorkerLane &lane = d.workers()[size_t(w)];
    if (const TimelineMarker *m = nearestMarker(lane.markers, tol, [](const TimelineMarker &) { return true; })) {
        const double my
            = m->kind == MarkerKind::StopObserved ? laneTop + L.laneHeight * 0.75 : laneTop + L.laneHeight * 0.5;
        if (std::abs(pos.y() - my) <= std::max(8.0, L.laneHeight * 0.3))
            return markerHit(*m, lane.markers);
    }
    const auto &bars = lane.bars;
    auto endOf = [now](const TimelineBar &b) { return b.end < 0 ? std::max(now, b.start) : b.end; };
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
        if (const TimelineMarker *m = stopLine())
            return markerHit(*m, d.stopLines());
        // The foot of a stop-latency bracket?
        for (auto sp = lane.latencies.begin(); sp != lane.latencies.end(); ++sp) {
            if (t >= sp->start && t <= sp->end && pos.y() >= laneTop + L.laneHeight * 0.7) {
                hit.kind = TimelineHit::Latency;
                hit.task = sp->task;
                hit.t0 = sp->start;
                hit.t1 = sp->end;
                return hit;
            }
        }
        return hit;
    }
    const double width = X(endOf(*best)) - X(best->start);
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
    return hit;
}

QString TimelineRenderer::toolTip(const TimelineHit &hit) const
{
    if (!m_data)
        return {};
    const RunHistory &d = *m_data;
    const ModelWords &words = wordsFor(m_data);
    auto taskText = [&](quint32 index) {
        if (index >= d.tasks().size())
            return QString();
        const TaskStatus &t = d.tasks()[index];
        QStringList lines;
        lines << QStringLiteral("%1 — %2").arg(d.taskId(index), palette::stateText(t.state));
        if (t.worker >= 0)
            lines << QStringLiteral("ran on worker-%1").arg(t.worker + 1);
        if (t.submitNs >= 0)
            lines << QStringLiteral("submitted  %1").arg(formatTimelineTime(t.submitNs));
        if (t.startNs >= 0)
            lines << QStringLiteral("started    %1  (waited %2)")
                         .arg(formatTimelineTime(t.startNs), formatTimelineDuration(t.startNs - t.submitNs));
        if (t.cancelledAtNs >= 0 && t.startNs < 0)
            lines << QStringLiteral("cancelled  %1  (waited %2)")
                         .arg(formatTimelineTime(t.cancelledAtNs), formatTimelineDuration(t.cancelledAtNs - t.submitNs));
        if (t.stopObservedNs >= 0)
            lines << QStringLiteral("saw stop   %1").arg(formatTimelineTime(t.stopObservedNs));
        if (t.endNs >= 0 && t.startNs >= 0)
            lines << QStringLiteral("ended      %1  (ran %2)")
                         .arg(formatTimelineTime(t.endNs), formatTimelineDuration(t.endNs - t.startNs));
        const Run *session = d.run();
        if (session && index < session->tasks.size())
            lines << QStringLiteral("steps %1 of %2").arg(t.stepsDone).arg(session->specOf(index).steps);
        QStringList results;
        for (const TimelineMarker &m : d.callerMarkers()) {
            if (m.task == index && (m.kind == MarkerKind::CancelTrue || m.kind == MarkerKind::CancelFalse))
                results << QStringLiteral("%1 at %2").arg(words.boolean(m.kind == MarkerKind::CancelTrue),
                                                           formatTimelineTime(m.t));
        }
        if (!results.isEmpty())
            lines << QStringLiteral("%1 → %2").arg(words.call(ModelWords::Call::CancelShort), results.join(QStringLiteral(", ")));
        if (t.stopLatencyNs >= 0)
            lines
                << QStringLiteral("stop latency %1 (event set → returned)").arg(formatTimelineDuration(t.stopLatencyNs));
        return lines.join(QLatin1Char('\n'));
    };
    switch (hit.kind) {
    case TimelineHit::Bar:
    case TimelineHit::QueueSpan:
    case TimelineHit::Latency:
        return taskText(hit.task);
    case TimelineHit::Merged:
        return QStringLiteral("%1 runs from %2 to %3\nclick to zoom in")
            .arg(hit.count)
            .arg(formatTimelineTime(hit.t0), formatTimelineTime(hit.t1));
    case TimelineHit::QueueDepth:
        return QStringLiteral("%1 tasks waiting at %2").arg(hit.count).arg(formatTimelineTime(hit.time));
    case TimelineHit::Marker: {
        if (hit.lane == TimelineLayout::CallerLane) {
            // Everything the caller did around that moment, one line each.
            QStringList lines;
            const auto &cm = d.callerMarkers();
            for (auto m = std::lower_bound(
                     cm.begin(), cm.end(), hit.t0, [](const TimelineMarker &a, qint64 x) { return a.t < x; });
                 m != cm.end() && m->t <= hit.t1 && lines.size() < 12; ++m) {
                QString what = markerText(m->kind, words);
                if (m->kind == MarkerKind::CancelTrue || m->kind == MarkerKind::CancelFalse)
                    what = words.cancelResult(d.taskId(m->task), m->kind == MarkerKind::CancelTrue);
                else if (m->kind == MarkerKind::CancelByShutdown)
                    what = QStringLiteral("%1 cancelled by %2")
                                   .arg(d.taskId(m->task), words.shutdownCall(ShutdownCancelFuturesFlag));
                else if (m->kind == MarkerKind::ShutdownBegin)
                    what = words.shutdownCall(m->flags);
                lines << QStringLiteral("%1  %2").arg(formatTimelineTime(m->t), what);
            }
            if (hit.count > lines.size())
                lines << QStringLiteral("… %1 more").arg(hit.count - lines.size());
            if (!lines.isEmpty())
                return lines.join(QLatin1Char('\n'));
        }
        QString what = markerText(hit.marker, words);
        if (hit.task != NoTask && hit.count <= 1)
            what = hit.marker == MarkerKind::CancelTrue || hit.marker == MarkerKind::CancelFalse
                ? words.cancelResult(d.taskId(hit.task), hit.marker == MarkerKind::CancelTrue)
                : QStringLiteral("%1: %2").arg(d.taskId(hit.task), what);
        QString text = hit.count > 1
            ? QStringLiteral("%1× %2 around %3").arg(hit.count).arg(what, formatTimelineTime(hit.t0))
            : QStringLiteral("%1 at %2").arg(what, formatTimelineTime(hit.t0));
        if (hit.marker == MarkerKind::CancelFalse)
            text += QStringLiteral("\nalready running: %1 cannot stop it").arg(words.call(ModelWords::Call::CancelShort));
        return text;
    }
    case TimelineHit::Blocked:
        return QStringLiteral("%1\nfrom %2 to %3")
            .arg(hit.count == int(SpanKind::ShutdownWait)
                    ? QStringLiteral("the caller is blocked in shutdown(wait=True)")
                    : QStringLiteral("the caller waits for every task (leaving the with block)"),
                formatTimelineTime(hit.t0),
                hit.t1 >= 0 ? formatTimelineTime(hit.t1) : QStringLiteral("(still waiting)"));
    case TimelineHit::Axis:
    case TimelineHit::Cursor:
        return formatTimelineTime(hit.time);
    default:
        return {};
    }
}

} // namespace poolscope
