// SPDX-License-Identifier: MIT
#include "pool/stoplamp.h"

#include "models/modelwords.h"
#include "window/rundocument.h"
#include "record/run.h"
#include "replay/runstate.h"
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
    const Run &run = m_model->run();
    const RunState &state = m_model->state();
    if (run.recorded()) {
        // One row per Event the program made, in creation order; an Event not seen yet by the cursor is clear.
        const auto &flags = state.flags();
        const size_t count = std::max(run.recording.flags.size(), run.recording.flags.empty() ? 0 : flags.size());
        std::vector<Row> rows;
        rows.reserve(std::min<size_t>(count, MaxRows));
        QStringList tip;
        tip << QStringLiteral("The program's threading.Events, named by the variable each went into (else where it was made).");
        int more = 0, moreSet = 0;
        for (size_t i = 0; i < count; ++i) {
            Row r;
            r.name = run.flagName(int(i));
            if (i < flags.size()) {
                r.set = flags[i].set;
                r.sinceNs = flags[i].setSinceNs;
            }
            if (i < 40)
                tip << QStringLiteral("%1: %2").arg(r.name, stateText(r));
            if (count <= size_t(MaxRows) || rows.size() + 1 < size_t(MaxRows)) {
                rows.push_back(r);
            } else {
                ++more;
                moreSet += r.set ? 1 : 0;
            }
        }
        if (count > 40)
            tip << QStringLiteral("… and %1 more").arg(count - 40);
        if (more > 0) {
            Row r;
            r.more = more;
            r.moreSet = moreSet;
            r.set = moreSet > 0;
            rows.push_back(r);
        }
        if (rows.empty()) {
            Row r;
            r.name = QStringLiteral("No threading.Event recorded");
            r.more = -1;
            rows.push_back(r);
        }
        setToolTip(tip.join(QLatin1Char('\n')));
        const bool resized = rows.size() != m_rows.size();
        m_rows = std::move(rows);
        m_set = state.stopSet();
        m_setNs = state.stopSetNs();
        if (resized)
            updateGeometry();
        update();
        return;
    }
    if (!m_rows.empty()) {
        m_rows.clear();
        updateGeometry();
        update();
    }
    setToolTip(QStringLiteral("The stop event shared by every task.\nStop sets it (%1), Clear clears it (%2).\n"
                              "A task stops only if it checks it: %3 after a step, or waiting on it.")
                       .arg(w.call(Call::StopSet), w.call(Call::StopClear), w.call(Call::StopIsSet)));
    const bool set = state.stopSet();
    const qint64 setNs = state.stopSetNs();
    if (set == m_set && setNs == m_setNs)
        return;
    m_set = set;
    m_setNs = setNs;
    update();
}

QString StopLamp::stateText(const Row &r) const
{
    if (r.more > 0)
        return r.moreSet > 0 ? QStringLiteral("%1 set").arg(r.moreSet) : QStringLiteral("all clear");
    if (r.more < 0)
        return QString();
    if (!r.set)
        return QStringLiteral("clear");
    return r.sinceNs >= 0 ? QStringLiteral("SET since %1 s").arg(double(r.sinceNs) / 1e9, 0, 'f', 2) : QStringLiteral("SET");
}

QString StopLamp::rowText(int row) const
{
    if (row < 0 || row >= rowCount())
        return QString();
    const Row &r = m_rows[size_t(row)];
    if (r.more > 0)
        return QStringLiteral("+%1 more Events: %2").arg(r.more).arg(stateText(r));
    if (r.more < 0)
        return r.name;
    return QStringLiteral("%1: %2").arg(r.name, stateText(r));
}

int StopLamp::rowHeight() const
{
    return int(fontMetrics().height() * 1.35);
}

QSize StopLamp::sizeHint() const
{
    const QFontMetrics fm(font());
    if (!m_rows.empty())
        return QSize(fm.height() * 16, rowHeight() * int(m_rows.size()) + fm.height() / 2);
    const ModelWords &w = m_model->words();
    const QString longest = QStringLiteral("Stop event: CLEAR  %1 → %2").arg(w.call(ModelWords::Call::StopIsSet), w.boolean(false));
    return QSize(fm.horizontalAdvance(longest) + fm.height() * 4,
        int(fm.height() * 2.8));
}

QSize StopLamp::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    if (!m_rows.empty())
        return QSize(fm.height() * 10, rowHeight() * int(m_rows.size()) + fm.height() / 2);
    return QSize(fm.height() * 12, int(fm.height() * 2.4));
}

void StopLamp::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    if (!m_rows.empty()) {
        paintRows(p);
        return;
    }
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

// A recording's Events: a row each, a small lamp (lit: filled with rays; clear: hollow), the name in bold and
// the answer. A long name is elided in the middle; the answer is never cut.
void StopLamp::paintRows(QPainter &p)
{
    const QFontMetrics fm(font());
    const int line = fm.height();
    const int rowH = rowHeight();
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    int y = line / 4;
    for (const Row &r : m_rows) {
        const qreal d = line * 0.8;
        const QRectF lamp(line * 0.5, y + (rowH - d) / 2, d, d);
        if (r.more >= 0) {
            if (r.set) {
                p.setPen(QPen(palette::lampSetColor().darker(120), std::max(1.5, line * 0.08), Qt::SolidLine, Qt::RoundCap));
                const QPointF c = lamp.center();
                for (int i = 0; i < 8; ++i) {
                    const qreal a = i * M_PI / 4;
                    const qreal r1 = d * 0.5 + line * 0.06, r2 = d * 0.5 + line * 0.22;
                    p.drawLine(QPointF(c.x() + r1 * std::cos(a), c.y() + r1 * std::sin(a)),
                        QPointF(c.x() + r2 * std::cos(a), c.y() + r2 * std::sin(a)));
                }
                p.setBrush(palette::lampSetColor());
                p.setPen(QPen(palette::lampSetColor().darker(140), 1.5));
            } else {
                p.setBrush(palette::lampClearColor());
                p.setPen(QPen(QColor(0x8A8A8A), 1.5));
            }
            p.drawEllipse(lamp);
        }
        const int x = int(lamp.right() + line * 0.6);
        const QRect text(x, y, width() - x - line / 4, rowH);
        QString state = r.more > 0 ? QStringLiteral("+%1 more: %2").arg(r.more).arg(stateText(r)) : stateText(r);
        // A long name keeps more of itself before the time goes (the tooltip has it): "SET since 0.15 s" → "SET".
        if (r.more == 0 && r.set && bfm.horizontalAdvance(r.name) + fm.horizontalAdvance(state) + line > text.width())
            state = QStringLiteral("SET");
        const int stateW = fm.horizontalAdvance(state);
        if (r.more == 0) {
            const int nameRoom = std::max(line, text.width() - stateW - line);
            p.setFont(bold);
            p.setPen(palette::textColor());
            const QString name = bfm.elidedText(r.name, Qt::ElideMiddle, nameRoom);
            p.drawText(QRect(text.left(), text.top(), nameRoom, rowH), Qt::AlignLeft | Qt::AlignVCenter, name);
            p.setFont(font());
            p.setPen(r.set ? palette::textColor() : palette::mutedTextColor());
            p.drawText(QRect(text.left() + bfm.horizontalAdvance(name) + line / 2, text.top(), stateW + 2, rowH),
                Qt::AlignLeft | Qt::AlignVCenter, state);
        } else {
            p.setFont(font());
            p.setPen(palette::mutedTextColor());
            p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, r.more > 0 ? state : r.name);
        }
        y += rowH;
    }
}

} // namespace poolscope
