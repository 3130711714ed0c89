// SPDX-License-Identifier: MIT
#include "pool/stoplamp.h"

#include "models/modelwords.h"
#include "window/rundocument.h"
#include "render/statepalette.h"

#include <QPainter>
#include <QtMath>

namespace poolscope {

StopLamp::StopLamp(RunDocument *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    connect(model, &RunDocument::stateChanged, this, &StopLamp::sync);
    connect(model, &RunDocument::runReset, this, &StopLamp::sync);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    sync();
}

void StopLamp::sync()
{
    using Call = ModelWords::Call;
    const ModelWords &w = m_model->words();
    setToolTip(QStringLiteral("The stop event shared by every task.\nStop sets it (%1), Clear clears it (%2).\n"
                              "A task stops only if it checks it: %3 after a step, or waiting on it.")
                       .arg(w.call(Call::StopSet), w.call(Call::StopClear), w.call(Call::StopIsSet)));
    const bool set = m_model->state().stopSet();
    const qint64 setNs = m_model->state().stopSetNs();
    if (set == m_set && setNs == m_setNs)
        return;
    m_set = set;
    m_setNs = setNs;
    update();
}

QSize StopLamp::sizeHint() const
{
    const QFontMetrics fm(font());
    const ModelWords &w = m_model->words();
    const QString longest = QStringLiteral("Stop event: CLEAR  %1 → %2").arg(w.call(ModelWords::Call::StopIsSet), w.boolean(false));
    return QSize(fm.horizontalAdvance(longest) + fm.height() * 4,
        int(fm.height() * 2.8));
}

QSize StopLamp::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return QSize(fm.height() * 12, int(fm.height() * 2.4));
}

void StopLamp::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QFontMetrics fm(font());
    const int line = fm.height();
    const qreal d = line * 1.9;
    const QRectF lamp(line * 0.5, (height() - d) / 2, d, d);
    if (m_set) {
        // rays: a lit lamp also differs in shape
        p.setPen(QPen(palette::lampSetColor().darker(120), std::max(2.0, line * 0.12), Qt::SolidLine, Qt::RoundCap));
        const QPointF c = lamp.center();
        for (int i = 0; i < 8; ++i) {
            const qreal a = i * M_PI / 4;
            const qreal r1 = d * 0.5 + line * 0.12, r2 = d * 0.5 + line * 0.35;
            p.drawLine(QPointF(c.x() + r1 * std::cos(a), c.y() + r1 * std::sin(a)),
                QPointF(c.x() + r2 * std::cos(a), c.y() + r2 * std::sin(a)));
        }
        QRadialGradient g(lamp.center() - QPointF(d * 0.15, d * 0.15), d * 0.7);
        g.setColorAt(0, palette::lampSetColor().lighter(150));
        g.setColorAt(1, palette::lampSetColor());
        p.setBrush(g);
        p.setPen(QPen(palette::lampSetColor().darker(140), 2));
    } else {
        p.setBrush(palette::lampClearColor());
        p.setPen(QPen(QColor(0x8A8A8A), 2));
    }
    p.drawEllipse(lamp.adjusted(line * 0.3, line * 0.3, -line * 0.3, -line * 0.3));

    QFont big = font();
    big.setBold(true);
    big.setPointSizeF(font().pointSizeF() * 1.25);
    p.setFont(big);
    p.setPen(palette::textColor());
    const int x = int(lamp.right() + line * 0.6);
    const QFontMetrics bfm(big);
    const QString title = m_set ? QStringLiteral("Stop event: SET") : QStringLiteral("Stop event: clear");
    // Both lines centred as a block, so a shorter lamp (a small screen) still shows each whole.
    const int top = std::max(0, (height() - bfm.height() - fm.height()) / 2);
    p.drawText(QRect(x, top, width() - x, bfm.height()), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setFont(font());
    p.setPen(palette::mutedTextColor());
    const ModelWords &w = m_model->words();
    // The whole sentence when it fits; a narrow column drops the object's name, then the call: the answer
    // and the time stay, never cut by "…".
    const QString call = w.call(ModelWords::Call::StopIsSet);
    const QString method = call.mid(call.lastIndexOf(QLatin1Char('.'), call.indexOf(QLatin1Char('('))) + 1);
    const QString since = m_set && m_setNs >= 0 ? QStringLiteral(", since %1 s").arg(double(m_setNs) / 1e9, 0, 'f', 2) : QString();
    const QString answer = w.boolean(m_set);
    QString sub;
    for (const QString &candidate : { QStringLiteral("%1 → %2%3").arg(call, answer, since),
                                      QStringLiteral("%1 → %2%3").arg(method, answer, since),
                                      QStringLiteral("→ %1%2").arg(answer, since) }) {
        sub = candidate;
        if (fm.horizontalAdvance(candidate) <= width() - x)
            break;
    }
    p.drawText(QRect(x, top + bfm.height(), width() - x, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, sub);
}

} // namespace poolscope
