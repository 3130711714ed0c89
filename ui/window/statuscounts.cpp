// SPDX-License-Identifier: MIT
#include "window/statuscounts.h"

#include "models/modelwords.h"

#include "window/rundocument.h"
#include "render/statepalette.h"

#include <QEvent>
#include <QPainter>
#include <algorithm>

namespace poolscope {

StatusCounts::StatusCounts(RunDocument *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    connect(model, &RunDocument::stateChanged, this, &StatusCounts::sync);
    connect(model, &RunDocument::runReset, this, &StatusCounts::sync);
    connect(model, &RunDocument::tasksAdded, this, &StatusCounts::sync);
    if (parent)
        parent->installEventFilter(this); // its width decides how wide this asks to be
    sync();
}

bool StatusCounts::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && sizeHint() != m_askedFor) {
        m_askedFor = sizeHint();
        updateGeometry();
    }
    return QWidget::eventFilter(watched, event);
}

void StatusCounts::sync()
{
    const auto counts = m_model->state().stateCounts();
    const int refused = m_model->state().refusedCancels();
    if (counts == m_counts && refused == m_refused)
        return;
    const QSize before = sizeHint();
    const QSize beforeMinimum = minimumSizeHint();
    m_counts = counts;
    m_refused = refused;
    setAccessibleName(text());
    setToolTip(text());
    // A new layout of the status bar only when a number gains a digit; otherwise a repaint is enough.
    if (sizeHint() != before || minimumSizeHint() != beforeMinimum)
        updateGeometry();
    update();
}

std::vector<TaskState> StatusCounts::shownStates() const
{
    // The run's model's states (Python has no "interrupted"), and any other that somehow has tasks.
    std::vector<TaskState> states = m_model->words().taskStates();
    // A refused or dropped task's fate (Java's rejected, discarded, drained) shows once a task has it: all ten
    // of Java's words do not fit a 1280-pixel status bar.
    states.erase(std::remove_if(states.begin(), states.end(),
                                [this](TaskState s) { return s >= TaskState::Rejected && m_counts[size_t(s)] == 0; }),
                 states.end());
    for (int s = 0; s < TaskStateCount; ++s) {
        if (m_counts[size_t(s)] > 0 && std::find(states.begin(), states.end(), TaskState(s)) == states.end())
            states.push_back(TaskState(s));
    }
    return states;
}

QString StatusCounts::text() const
{
    QStringList parts;
    for (TaskState s : shownStates())
        parts << QStringLiteral("%1 %2").arg(palette::stateText(s)).arg(m_counts[size_t(s)]);
    parts << QStringLiteral("refused cancels %1").arg(m_refused);
    return parts.join(QStringLiteral(", "));
}

int StatusCounts::widthFor(bool wordsForZeros) const
{
    const QFontMetrics fm(font());
    int w = 0;
    for (TaskState s : shownStates()) {
        const QString label = wordsForZeros || m_counts[size_t(s)] > 0 ? palette::stateText(s) : QString();
        w += fm.height() * 2 + fm.horizontalAdvance(QStringLiteral("%1 %2").arg(label).arg(m_counts[size_t(s)]));
    }
    w += fm.height() * 3 + fm.horizontalAdvance(QStringLiteral("refused cancels: %1").arg(m_refused));
    return w;
}

bool StatusCounts::wordsForZeros() const
{
    // A model with more states than fit (Java's ten at 1280 pixels), or a status bar whose message takes
    // the room: the states no task has keep their glyph and their 0, and lose their word (the tooltip has
    // them all). Decided on the width the status bar gave, which can be less than the hint.
    return width() >= widthFor(true);
}

QSize StatusCounts::sizeHint() const
{
    // The words of every state when they take at most three quarters of the status bar; otherwise
    // (Java's ten states) the message beside them keeps its room and the empty states their glyphs.
    const QFontMetrics fm(font());
    const QWidget *bar = parentWidget();
    const int words = widthFor(true);
    return QSize(!bar || words <= bar->width() * 3 / 4 ? words : widthFor(false), int(fm.height() * 1.5));
}

QSize StatusCounts::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return QSize(widthFor(false), int(fm.height() * 1.5));
}

void StatusCounts::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QFontMetrics fm(font());
    const int line = fm.height();
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    int x = 0;
    const int y = (height() - line) / 2;
    auto item = [&](auto paintGlyph, const QString &label, int count, bool emphasise) {
        paintGlyph(QRectF(x, y + line * 0.05, line * 0.9, line * 0.9));
        x += int(line * 1.1);
        p.setFont(font());
        p.setPen(count > 0 ? palette::textColor() : palette::mutedTextColor());
        p.drawText(QRect(x, y, fm.horizontalAdvance(label), line), Qt::AlignLeft | Qt::AlignVCenter, label);
        x += fm.horizontalAdvance(label) + line / 4;
        p.setFont(bold);
        const QString n = QString::number(count);
        if (emphasise && count > 0) {
            p.setPen(Qt::NoPen);
            p.setBrush(palette::markTint(palette::Mark::CancelRefused));
            p.drawRoundedRect(QRectF(x - 3, y, bfm.horizontalAdvance(n) + 6, line), 4, 4);
        }
        p.setPen(count > 0 ? palette::textColor() : palette::mutedTextColor());
        p.drawText(QRect(x, y, bfm.horizontalAdvance(n) + 2, line), Qt::AlignLeft | Qt::AlignVCenter, n);
        x += bfm.horizontalAdvance(n) + line;
    };
    const bool words = wordsForZeros();
    for (TaskState s : shownStates()) {
        const int count = m_counts[size_t(s)];
        item([&](const QRectF &r) { palette::paintStateGlyph(&p, r, s); },
             words || count > 0 ? palette::stateText(s) : QString(), count, false);
    }
    x += line / 2;
    item([&](const QRectF &r) { palette::paintMarkGlyph(&p, r, palette::Mark::CancelRefused); },
        QStringLiteral("refused cancels:"), m_refused, true);
}

} // namespace poolscope
