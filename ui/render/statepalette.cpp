// SPDX-License-Identifier: MIT
#include "render/statepalette.h"

#include "models/modelwords.h"

#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QtMath>

namespace poolscope::palette {

namespace {

// Okabe & Ito, "Color Universal Design" (2008).
constexpr QRgb OkabeBlack = 0x000000;
constexpr QRgb OkabeOrange = 0xE69F00;
constexpr QRgb OkabeGreen = 0x009E73;
constexpr QRgb OkabeYellow = 0xF0E442;
constexpr QRgb OkabeBlue = 0x0072B2;
constexpr QRgb OkabeVermillion = 0xD55E00;
constexpr QRgb OkabePurple = 0xCC79A7;
constexpr QRgb PendingGrey = 0x7A7A7A;

QColor blend(const QColor &color, qreal amount)
{
    // amount of the colour over white
    return QColor::fromRgbF(1.0 - (1.0 - color.redF()) * amount, 1.0 - (1.0 - color.greenF()) * amount,
        1.0 - (1.0 - color.blueF()) * amount);
}

QPen glyphPen(const QColor &color, const QRectF &r, qreal widthFactor = 0.13)
{
    QPen pen(color, qMax<qreal>(1.5, r.width() * widthFactor));
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    return pen;
}

// Paints a glyph at any size; QIcon asks for the pixel size it needs, so icons stay sharp on high-DPI.
class GlyphIconEngine : public QIconEngine
{
public:
    GlyphIconEngine(int state, bool isMark)
        : m_state(state)
        , m_isMark(isMark)
    { }
    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        painter->save();
        if (mode == QIcon::Disabled)
            painter->setOpacity(0.4);
        if (m_isMark)
            paintMarkGlyph(painter, rect, Mark(m_state));
        else
            paintStateGlyph(painter, rect, TaskState(m_state));
        painter->restore();
    }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }
    QIconEngine *clone() const override { return new GlyphIconEngine(m_state, m_isMark); }
    QString key() const override { return QStringLiteral("poolscope-glyph"); }

private:
    int m_state;
    bool m_isMark;
};

} // namespace

QColor stateColor(TaskState state)
{
    switch (state) {
    case TaskState::Pending:
        return QColor(PendingGrey);
    case TaskState::Running:
        return QColor(OkabeBlue);
    case TaskState::Completed:
        return QColor(OkabeGreen);
    case TaskState::Stopped:
        return QColor(OkabeOrange);
    case TaskState::Cancelled:
        return QColor(OkabePurple);
    case TaskState::Failed:
        return QColor(OkabeVermillion);
    case TaskState::Interrupted:
        return QColor(0xA66A00); // a darker orange: stopped by an interrupt, not by the event
    case TaskState::Rejected:
        return QColor(0x3A3A3A);
    case TaskState::Discarded:
        return QColor(0x8C8C8C);
    case TaskState::Drained:
        return QColor(0x8E4F7A); // a darker purple: taken out of the queue, not cancelled
    }
    return QColor(OkabeBlack);
}

QColor stateTint(TaskState state)
{
    return blend(stateColor(state), state == TaskState::Pending ? 0.16 : 0.22);
}

QColor markColor(Mark mark)
{
    return mark == Mark::CancelRefused ? QColor(OkabeYellow) : QColor(OkabeOrange);
}

QColor markTint(Mark mark)
{
    return blend(markColor(mark), 0.35);
}

QColor lampSetColor()
{
    return QColor(OkabeOrange);
}

QColor lampClearColor()
{
    return QColor(0xD8D8D8);
}

namespace {
bool g_highContrast = false; // the GUI thread's only: set by the window, read while painting
}

void setHighContrast(bool on)
{
    g_highContrast = on;
}

bool highContrast()
{
    return g_highContrast;
}

QColor textColor()
{
    return g_highContrast ? QColor(Qt::black) : QColor(0x1A1A1A);
}

QColor mutedTextColor()
{
    return g_highContrast ? QColor(0x2E2E2E) : QColor(0x5A5A5A);
}

QString stateText(TaskState state)
{
    switch (state) {
    case TaskState::Pending:
        return QStringLiteral("pending");
    case TaskState::Running:
        return QStringLiteral("running");
    case TaskState::Completed:
        return QStringLiteral("completed");
    case TaskState::Stopped:
        return QStringLiteral("stopped");
    case TaskState::Cancelled:
        return QStringLiteral("cancelled");
    case TaskState::Failed:
        return QStringLiteral("failed");
    case TaskState::Interrupted:
        return QStringLiteral("interrupted");
    case TaskState::Rejected:
        return QStringLiteral("rejected");
    case TaskState::Discarded:
        return QStringLiteral("discarded");
    case TaskState::Drained:
        return QStringLiteral("drained");
    }
    return {};
}

QString stateExplanation(TaskState state, const ModelWords &words)
{
    const QString cancel = words.call(ModelWords::Call::CancelShort);
    switch (state) {
    case TaskState::Pending:
        return QStringLiteral("queued, waiting for a free worker");
    case TaskState::Running:
        return QStringLiteral("a worker runs it; %1 can no longer stop it").arg(cancel);
    case TaskState::Completed:
        return QStringLiteral("ran all its steps");
    case TaskState::Stopped:
        return QStringLiteral("saw the stop event and returned early");
    case TaskState::Cancelled:
        return QStringLiteral("%1 returned %2 before it started: it never runs").arg(cancel, words.boolean(true));
    case TaskState::Failed:
        return QStringLiteral("raised an exception (kept in its future)");
    case TaskState::Interrupted:
        return QStringLiteral("saw an interrupt and returned early");
    case TaskState::Rejected:
        return QStringLiteral("the pool refused it: it never had a future");
    case TaskState::Discarded:
        return QStringLiteral("a rejection policy dropped it silently: it never runs");
    case TaskState::Drained:
        return QStringLiteral("taken out of the queue unstarted by shutdownNow()");
    }
    return {};
}

QString markText(Mark mark)
{
    switch (mark) {
    case Mark::CancelRefused:
        return QStringLiteral("cancel refused");
    case Mark::StopRequested:
        return QStringLiteral("stop requested");
    case Mark::IgnoredStop:
        return QStringLiteral("ignored the stop");
    }
    return {};
}

QString markExplanation(Mark mark, const ModelWords &words)
{
    switch (mark) {
    case Mark::CancelRefused:
        return QStringLiteral("%1 returned %2: it was already running (or done) and ran on")
                .arg(words.call(ModelWords::Call::CancelShort), words.boolean(false));
    case Mark::StopRequested:
        return QStringLiteral("the event is set but the task has not returned yet (never, if it never checks)");
    case Mark::IgnoredStop:
        return QStringLiteral("the event was set while it ran and it never looked: it ran to its end anyway");
    }
    return {};
}

void paintStateGlyph(QPainter *painter, const QRectF &rectIn, TaskState state)
{
    const qreal side = qMin(rectIn.width(), rectIn.height());
    const QRectF r(rectIn.center().x() - side / 2, rectIn.center().y() - side / 2, side, side);
    const QColor color = stateColor(state);
    const qreal m = side * 0.1; // margin
    const QRectF in = r.adjusted(m, m, -m, -m);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    switch (state) {
    case TaskState::Pending: {
        // a clock face: waiting
        painter->setPen(glyphPen(color, r, 0.11));
        painter->setBrush(Qt::white);
        painter->drawEllipse(in);
        const QPointF c = in.center();
        painter->drawLine(c, QPointF(c.x(), in.top() + in.height() * 0.22));
        painter->drawLine(c, QPointF(in.left() + in.width() * 0.74, c.y()));
        break;
    }
    case TaskState::Running: {
        QPainterPath path;
        path.moveTo(in.left() + in.width() * 0.12, in.top());
        path.lineTo(in.right(), in.center().y());
        path.lineTo(in.left() + in.width() * 0.12, in.bottom());
        path.closeSubpath();
        painter->setPen(glyphPen(color, r, 0.08));
        painter->setBrush(color);
        painter->drawPath(path);
        break;
    }
    case TaskState::Completed: {
        painter->setPen(glyphPen(color, r, 0.17));
        painter->setBrush(Qt::NoBrush);
        QPainterPath path;
        path.moveTo(in.left() + in.width() * 0.05, in.top() + in.height() * 0.55);
        path.lineTo(in.left() + in.width() * 0.38, in.top() + in.height() * 0.88);
        path.lineTo(in.right() - in.width() * 0.02, in.top() + in.height() * 0.12);
        painter->drawPath(path);
        break;
    }
    case TaskState::Stopped: {
        const qreal k = in.width() * 0.08;
        painter->setPen(glyphPen(color.darker(115), r, 0.06));
        painter->setBrush(color);
        painter->drawRoundedRect(in.adjusted(k, k, -k, -k), side * 0.08, side * 0.08);
        break;
    }
    case TaskState::Cancelled: {
        painter->setPen(glyphPen(color, r, 0.17));
        const qreal k = in.width() * 0.12;
        const QRectF x = in.adjusted(k, k, -k, -k);
        painter->drawLine(x.topLeft(), x.bottomRight());
        painter->drawLine(x.topRight(), x.bottomLeft());
        break;
    }
    case TaskState::Failed: {
        QPainterPath path;
        path.moveTo(in.center().x(), in.top());
        path.lineTo(in.right(), in.bottom());
        path.lineTo(in.left(), in.bottom());
        path.closeSubpath();
        painter->setPen(glyphPen(color, r, 0.08));
        painter->setBrush(color);
        painter->drawPath(path);
        QPen bang(Qt::white, qMax<qreal>(1.5, side * 0.1));
        bang.setCapStyle(Qt::RoundCap);
        painter->setPen(bang);
        const qreal cx = in.center().x();
        painter->drawLine(QPointF(cx, in.top() + in.height() * 0.38), QPointF(cx, in.top() + in.height() * 0.66));
        painter->drawPoint(QPointF(cx, in.top() + in.height() * 0.84));
        break;
    }
    case TaskState::Interrupted: {
        // a lightning bolt: stopped from outside the task
        QPainterPath path;
        path.moveTo(in.left() + in.width() * 0.60, in.top());
        path.lineTo(in.left() + in.width() * 0.18, in.top() + in.height() * 0.58);
        path.lineTo(in.left() + in.width() * 0.48, in.top() + in.height() * 0.58);
        path.lineTo(in.left() + in.width() * 0.36, in.bottom());
        path.lineTo(in.left() + in.width() * 0.84, in.top() + in.height() * 0.38);
        path.lineTo(in.left() + in.width() * 0.54, in.top() + in.height() * 0.38);
        path.closeSubpath();
        painter->setPen(glyphPen(color, r, 0.05));
        painter->setBrush(color);
        painter->drawPath(path);
        break;
    }
    case TaskState::Rejected: {
        // a filled disc with a bar: refused at the door
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawEllipse(in);
        QPen bar(Qt::white, qMax<qreal>(2.0, side * 0.16));
        bar.setCapStyle(Qt::FlatCap);
        painter->setPen(bar);
        const qreal k = in.width() * 0.22;
        painter->drawLine(QPointF(in.left() + k, in.center().y()), QPointF(in.right() - k, in.center().y()));
        break;
    }
    case TaskState::Discarded: {
        // a dashed circle: it was there, then it was not
        QPen pen = glyphPen(color, r, 0.12);
        pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(in.adjusted(in.width() * 0.06, in.width() * 0.06, -in.width() * 0.06, -in.width() * 0.06));
        break;
    }
    case TaskState::Drained: {
        // an arrow out of a tray: taken out of the queue
        painter->setPen(glyphPen(color, r, 0.13));
        painter->setBrush(Qt::NoBrush);
        const qreal y = in.top() + in.height() * 0.62;
        painter->drawLine(QPointF(in.left(), y), QPointF(in.left(), in.bottom()));
        painter->drawLine(QPointF(in.left(), in.bottom()), QPointF(in.right(), in.bottom()));
        painter->drawLine(QPointF(in.right(), in.bottom()), QPointF(in.right(), y));
        const QPointF tip(in.center().x(), in.top());
        painter->drawLine(QPointF(in.center().x(), in.top() + in.height() * 0.72), tip);
        painter->drawLine(tip, QPointF(tip.x() - in.width() * 0.22, tip.y() + in.height() * 0.22));
        painter->drawLine(tip, QPointF(tip.x() + in.width() * 0.22, tip.y() + in.height() * 0.22));
        break;
    }
    }
    painter->restore();
}

void paintMarkGlyph(QPainter *painter, const QRectF &rectIn, Mark mark)
{
    const qreal side = qMin(rectIn.width(), rectIn.height());
    const QRectF r(rectIn.center().x() - side / 2, rectIn.center().y() - side / 2, side, side);
    const qreal m = side * 0.08;
    const QRectF in = r.adjusted(m, m, -m, -m);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    if (mark == Mark::CancelRefused) {
        // a no-entry sign: yellow disc, black rim and bar (readable in every form of colour blindness)
        painter->setPen(glyphPen(Qt::black, r, 0.08));
        painter->setBrush(markColor(mark));
        painter->drawEllipse(in);
        QPen bar(Qt::black, qMax<qreal>(2.0, side * 0.17));
        bar.setCapStyle(Qt::FlatCap);
        painter->setPen(bar);
        const qreal k = in.width() * 0.24;
        painter->drawLine(QPointF(in.left() + k, in.center().y()), QPointF(in.right() - k, in.center().y()));
    } else {
        // a hollow stop square with a dot: the stop was asked for, not yet obeyed; struck through when the
        // task ended without ever obeying it
        const QColor c = markColor(mark);
        const qreal k = in.width() * 0.08;
        const QRectF sq = in.adjusted(k, k, -k, -k);
        QPen pen = glyphPen(c.darker(120), r, 0.13);
        pen.setStyle(Qt::SolidLine);
        painter->setPen(pen);
        painter->setBrush(Qt::white);
        painter->drawRoundedRect(sq, side * 0.08, side * 0.08);
        painter->setPen(Qt::NoPen);
        painter->setBrush(c.darker(120));
        const qreal d = sq.width() * 0.28;
        painter->drawEllipse(sq.center(), d / 2, d / 2);
        if (mark == Mark::IgnoredStop) {
            QPen strike(QColor(OkabeBlack), qMax<qreal>(1.5, side * 0.11));
            strike.setCapStyle(Qt::RoundCap);
            painter->setPen(strike);
            painter->drawLine(QPointF(in.left(), in.bottom()), QPointF(in.right(), in.top()));
        }
    }
    painter->restore();
}

QIcon stateIcon(TaskState state)
{
    return QIcon(new GlyphIconEngine(int(state), false));
}

QIcon markIcon(Mark mark)
{
    return QIcon(new GlyphIconEngine(int(mark), true));
}

} // namespace poolscope::palette
