// SPDX-License-Identifier: MIT
#include "render/timelinemarkers.h"

#include "models/modelwords.h"
#include "render/statepalette.h"
#include "render/timelinerenderer_p.h"

#include <QList>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <algorithm>
#include <cmath>

namespace poolscope::timeline {

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
    case MarkerKind::Pause:
    case MarkerKind::Resume: {
        // pause: two bars; resume: a play triangle (the gate closes, the gate opens)
        p->setPen(QPen(QColor(EdgeColor), std::max(1.0, size * 0.08)));
        p->setBrush(QColor(0x4D4D4D));
        if (kind == MarkerKind::Pause) {
            const double w = size * 0.28;
            p->drawRect(QRectF(r.left() + size * 0.12, r.top() + size * 0.1, w, size * 0.8));
            p->drawRect(QRectF(r.right() - size * 0.12 - w, r.top() + size * 0.1, w, size * 0.8));
        } else {
            QPainterPath path;
            path.moveTo(r.left() + size * 0.15, r.top() + size * 0.05);
            path.lineTo(r.right() - size * 0.05, c.y());
            path.lineTo(r.left() + size * 0.15, r.bottom() - size * 0.05);
            path.closeSubpath();
            p->drawPath(path);
        }
        return;
    }
    case MarkerKind::CancelSkip: {
        // An end stop "⊣" in the cancelled colour: where the dotted tail of a cancelled wait ends
        // (a worker took it off the queue and dropped it). Not the submit's triangle.
        p->setPen(QPen(palette::stateColor(TaskState::Cancelled), std::max(2.0, size * 0.22), Qt::SolidLine, Qt::FlatCap));
        p->drawLine(QPointF(c.x(), r.top() + size * 0.1), QPointF(c.x(), r.bottom() - size * 0.1));
        return;
    }
    case MarkerKind::Submit: {
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

} // namespace poolscope::timeline
