// SPDX-License-Identifier: MIT
#include "render/timelinelegend.h"

#include "render/statepalette.h"
#include "render/timelinefills.h"
#include "render/timelinemarkers.h"
#include "render/timelinerenderer_p.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>

namespace poolscope::timeline {

namespace {

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

void paintSwatch(QPainter *p, const LegendEntry &e, const QRectF &sr, double markerSize, qreal dpr)
{
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
            std::min(sr.height(), markerSize * 1.1) * (e.marker == MarkerKind::Submit ? 0.7 : 1.0));
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

void paintLegend(
    QPainter *p, const QRectF &area, const QFontMetricsF &fm, const ModelWords &words, double markerSize, qreal dpr)
{
    const QList<QRectF> rects = legendLayout(fm, area.width(), words);
    const QList<LegendEntry> entries = legendEntries(words);
    p->setRenderHint(QPainter::Antialiasing, true);
    for (int i = 0; i < entries.size() && i < rects.size(); ++i) {
        const LegendEntry &e = entries[i];
        const QRectF r = rects[i].translated(0, area.top());
        const double sw = legendSwatchWidth(fm);
        const QRectF sr(r.left(), r.top() + 3, sw, r.height() - 6);
        paintSwatch(p, e, sr, markerSize, dpr);
        p->setPen(palette::textColor());
        p->drawText(
            QRectF(sr.right() + 5, r.top(), r.width() - sw - 5, r.height()), Qt::AlignLeft | Qt::AlignVCenter, e.text);
    }
    p->setBrushOrigin(0, 0);
}

} // namespace poolscope::timeline
