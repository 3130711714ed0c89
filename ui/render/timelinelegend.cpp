// SPDX-License-Identifier: MIT
#include "render/timelinelegend.h"

#include "render/statepalette.h"
#include "render/timelinefills.h"
#include "render/timelinemarkers.h"
#include "models/modelwords.h"
#include "render/timelinerenderer_p.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace poolscope::timeline {

namespace {

// What a run's legend needs: a bit per bar state (0..9), then these, then one per marker kind.
enum : int {
    IgnoredBit = TaskStateCount,
    QueueBit,
    TailBit,
    LatencyBit,
    BlockedBit,
    FirstMarkerBit,
};
static_assert(FirstMarkerBit + int(MarkerKind::Resume) < 32, "the legend's bits fit in 32");

constexpr quint32 bit(int b)
{
    return quint32(1) << b;
}
constexpr quint32 markerBit(MarkerKind k)
{
    return bit(FirstMarkerBit + int(k));
}

struct LegendEntry
{
    enum Swatch
    {
        BarSwatch,
        IgnoredSwatch,
        QueueSwatch,
        TailSwatch,
        MarkerSwatch,
        SetLineSwatch,
        ClearLineSwatch,
        LatencySwatch,
        BlockedSwatch
    };
    Swatch swatch;
    quint32 needs; // the content bit that shows it
    TaskState state = TaskState::Completed;
    MarkerKind marker = MarkerKind::Submit;
    QString text;
};

QList<LegendEntry> legendEntries(const ModelWords &w, quint32 contents)
{
    QList<LegendEntry> all;
    for (TaskState s : { TaskState::Running, TaskState::Completed, TaskState::Stopped, TaskState::Failed,
             TaskState::Cancelled, TaskState::Interrupted, TaskState::Rejected, TaskState::Discarded,
             TaskState::Drained }) {
        QString text = palette::stateText(s);
        if (s == TaskState::Stopped)
            text = QStringLiteral("stopped");
        all.append({ LegendEntry::BarSwatch, bit(stateIndex(s)), s, {}, text });
    }
    auto marker = [&](MarkerKind k, const QString &text) {
        all.append({ LegendEntry::MarkerSwatch, markerBit(k), {}, k, text });
    };
    all.append({ LegendEntry::IgnoredSwatch, bit(IgnoredBit), {}, {},
        palette::markText(palette::Mark::IgnoredStop) });
    all.append({ LegendEntry::QueueSwatch, bit(QueueBit), TaskState::Pending, {}, QStringLiteral("waiting in the queue") });
    marker(MarkerKind::CancelTrue, markerText(MarkerKind::CancelTrue, w));
    marker(MarkerKind::CancelFalse, markerText(MarkerKind::CancelFalse, w));
    marker(MarkerKind::CancelByShutdown, markerText(MarkerKind::CancelByShutdown, w));
    all.append({ LegendEntry::TailSwatch, bit(TailBit), TaskState::Cancelled, MarkerKind::CancelSkip,
        QStringLiteral("cancelled, still queued") });
    all.append({ LegendEntry::SetLineSwatch, markerBit(MarkerKind::StopSet), {}, MarkerKind::StopSet,
        markerText(MarkerKind::StopSet, w) });
    all.append({ LegendEntry::ClearLineSwatch, markerBit(MarkerKind::StopClear), {}, MarkerKind::StopClear,
        markerText(MarkerKind::StopClear, w) });
    marker(MarkerKind::StopObserved, QStringLiteral("saw the stop"));
    all.append({ LegendEntry::LatencySwatch, bit(LatencyBit), {}, {}, QStringLiteral("stop latency") });
    marker(MarkerKind::ShutdownBegin, markerText(MarkerKind::ShutdownBegin, w));
    marker(MarkerKind::ShutdownEnd, markerText(MarkerKind::ShutdownEnd, w));
    marker(MarkerKind::WaitBegin, QStringLiteral("with-block end"));
    marker(MarkerKind::WaitEnd, markerText(MarkerKind::WaitEnd, w));
    all.append({ LegendEntry::BlockedSwatch, bit(BlockedBit), {}, {}, QStringLiteral("caller blocked") });
    marker(MarkerKind::Pause, markerText(MarkerKind::Pause, w));
    marker(MarkerKind::Resume, markerText(MarkerKind::Resume, w));
    marker(MarkerKind::Submit, markerText(MarkerKind::Submit, w));
    QList<LegendEntry> entries;
    for (const LegendEntry &e : all) {
        if (contents & e.needs)
            entries.append(e);
    }
    return entries;
}

double legendSwatchWidth(const QFontMetricsF &fm)
{
    return fm.height() * 1.3;
}

void paintSwatch(QPainter *p, const LegendEntry &e, const QRectF &sr, double markerSize, qreal dpr)
{
    p->setPen(Qt::NoPen);
    switch (e.swatch) {
    case LegendEntry::BarSwatch:
        p->setBrushOrigin(sr.topLeft());
        fillStateRects(p, { sr }, e.state, dpr, QPen(QColor(EdgeColor), 1));
        break;
    case LegendEntry::IgnoredSwatch:
        p->setBrushOrigin(sr.topLeft());
        fillStateRects(p, { sr }, TaskState::Completed, dpr, QPen(QColor(EdgeColor), 1));
        fillIgnoredRects(p, { sr }, dpr);
        break;
    case LegendEntry::QueueSwatch:
        p->setPen(QPen(palette::stateColor(TaskState::Pending), 1));
        p->setBrush(palette::stateTint(TaskState::Pending));
        p->drawRect(sr);
        break;
    case LegendEntry::TailSwatch: {
        p->setPen(QPen(palette::stateColor(TaskState::Cancelled), 1.5, Qt::DotLine));
        p->drawLine(QLineF(sr.left(), sr.center().y(), sr.right() - 4, sr.center().y()));
        drawMarker(p, MarkerKind::CancelSkip, QPointF(sr.right() - 4, sr.center().y()), sr.height() * 0.6);
        break;
    }
    case LegendEntry::MarkerSwatch:
        drawMarker(p, e.marker, sr.center(),
            sr.height() * (e.marker == MarkerKind::Submit ? 0.7 : 1.0));
        Q_UNUSED(markerSize);
        break;
    case LegendEntry::SetLineSwatch:
    case LegendEntry::ClearLineSwatch: {
        const bool set = e.swatch == LegendEntry::SetLineSwatch;
        p->setPen(QPen(set ? palette::lampSetColor().darker(135) : QColor(ClearLineColor), 2.5,
            set ? Qt::SolidLine : Qt::DashLine));
        p->drawLine(QLineF(sr.center().x(), sr.top(), sr.center().x(), sr.bottom()));
        drawMarker(p, e.marker, QPointF(sr.center().x() + sr.width() * 0.3, sr.center().y()), sr.height() * 0.6);
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
        fillBlockedRects(p, { sr }, dpr, QPen(QColor(BlockedEdgeColor), 1));
        break;
    }
}

} // namespace

quint32 legendContents(const RunHistory *data)
{
    if (!data)
        return 0;
    quint32 c = 0;
    for (const WorkerLane &lane : data->workers()) {
        for (const TimelineBar &b : lane.bars) {
            c |= bit(stateIndex(b.end < 0 ? TaskState::Running : b.state));
            if (b.flags & BarIgnoredStop)
                c |= bit(IgnoredBit);
        }
        for (const TimelineMarker &m : lane.markers)
            c |= markerBit(m.kind);
        if (!lane.latencies.empty())
            c |= bit(LatencyBit);
    }
    for (const CallerLane &lane : data->callers()) {
        for (const TimelineMarker &m : lane.markers)
            c |= markerBit(m.kind);
        if (!lane.submits.empty())
            c |= markerBit(MarkerKind::Submit);
        if (!lane.blocked.empty())
            c |= bit(BlockedBit);
    }
    for (const TimelineMarker &m : data->stopLines())
        c |= markerBit(m.kind);
    if (!data->queueRows().empty() || data->queueOverflow())
        c |= bit(QueueBit);
    for (const TaskStatus &t : data->tasks()) {
        if (t.startNs < 0 && t.cancelledAtNs >= 0 && t.dequeuedNs > t.cancelledAtNs) {
            c |= bit(TailBit);
            break;
        }
    }
    return c;
}

QStringList legendTexts(const ModelWords &words, quint32 contents)
{
    QStringList texts;
    for (const LegendEntry &e : legendEntries(words, contents))
        texts << e.text;
    return texts;
}

QFont legendFont(const QFont &font, double scale)
{
    QFont f = font;
    if (f.pixelSize() > 0)
        f.setPixelSize(std::max(9, int(std::lround(f.pixelSize() * scale))));
    else
        f.setPointSizeF(std::max(7.0, f.pointSizeF() * scale));
    return f;
}

QList<QRectF> legendLayout(const QFont &font, double width, const ModelWords &words, quint32 contents)
{
    const QFontMetricsF fm(font);
    QList<QRectF> rects;
    const double rowH = fm.height() + 4;
    double x = 8, y = 2;
    for (const LegendEntry &e : legendEntries(words, contents)) {
        const double w = legendSwatchWidth(fm) + 4 + fm.horizontalAdvance(e.text) + 11;
        if (x + w > width - 4 && x > 8) {
            x = 8;
            y += rowH;
        }
        rects.append(QRectF(x, y, w, rowH));
        x += w;
    }
    return rects;
}

void paintLegend(QPainter *p, const QRectF &area, const QFont &font, const ModelWords &words, quint32 contents,
    double markerSize, qreal dpr)
{
    const QFontMetricsF fm(font);
    p->save();
    p->setFont(font);
    const QList<QRectF> rects = legendLayout(font, area.width(), words, contents);
    const QList<LegendEntry> entries = legendEntries(words, contents);
    p->setRenderHint(QPainter::Antialiasing, true);
    for (int i = 0; i < entries.size() && i < rects.size(); ++i) {
        const LegendEntry &e = entries[i];
        const QRectF r = rects[i].translated(0, area.top());
        const double sw = legendSwatchWidth(fm);
        const QRectF sr(r.left(), r.top() + 2, sw, r.height() - 4);
        paintSwatch(p, e, sr, markerSize, dpr);
        p->setPen(palette::textColor());
        p->drawText(
            QRectF(sr.right() + 4, r.top(), r.width() - sw - 4, r.height()), Qt::AlignLeft | Qt::AlignVCenter, e.text);
    }
    p->setBrushOrigin(0, 0);
    p->restore();
}

} // namespace poolscope::timeline
