// SPDX-License-Identifier: MIT
#include "window/notebanner.h"

#include "render/statepalette.h"

#include <QEvent>
#include <QPainter>
#include <QTextLayout>

namespace poolscope {

namespace {
constexpr int Margin = 8;  // between the border and the words, left and right
constexpr int VMargin = 4; // above and below: a 540-pixel screen has no height to spare
constexpr int Border = 2;
} // namespace

NoteBanner::NoteBanner(QWidget *parent)
    : QWidget(parent)
{
    // Preferred, not Fixed: a two-line note gets its lines when there is room, and never makes the window
    // taller than the screen when there is not (a Fixed widget's hint is also its minimum).
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAccessibleName(QStringLiteral("note"));
}

void NoteBanner::setText(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    reshape();
}

void NoteBanner::setCalmText(const QString &text)
{
    if (text == m_calm)
        return;
    m_calm = text;
    if (m_note.isEmpty())
        reshape();
}

void NoteBanner::reshape()
{
    setAccessibleDescription(shown());
    if (font().bold() != !m_note.isEmpty()) {
        QFont f = font();
        f.setBold(!m_note.isEmpty());
        setFont(f); // a font change re-measures the lines (changeEvent)
    }
    // While a note stays up it keeps the most lines it has needed: a note whose wording changes with the
    // run (which tasks it waits for) must not make the whole window re-lay out, and jump, at every event.
    m_heldLines = m_note.isEmpty() ? 0 : std::max(m_heldLines, linesAt(width()));
    const int lines = std::max(linesAt(width()), m_heldLines);
    if (lines != m_lines) {
        m_lines = lines;
        updateGeometry();
    }
    update();
}

int NoteBanner::linesAt(int width) const
{
    // Before its first layout a widget's width means nothing (a few pixels would ask for a line per word
    // and grow the window for good): measure as if it had a window's width.
    if (!testAttribute(Qt::WA_WState_Created) || width < 200)
        width = 1200;
    const int textWidth = std::max(1, width - 2 * (Margin + Border));
    QTextLayout layout(shown(), font());
    QTextOption option;
    option.setWrapMode(QTextOption::WordWrap);
    layout.setTextOption(option);
    layout.beginLayout();
    int lines = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(textWidth);
        ++lines;
    }
    layout.endLayout();
    return std::max(1, lines);
}

int NoteBanner::heightForWidth(int width) const
{
    return std::max(linesAt(width), m_heldLines) * fontMetrics().lineSpacing() + 2 * (VMargin + Border);
}

QSize NoteBanner::sizeHint() const
{
    const int width = std::max(200, fontMetrics().horizontalAdvance(shown()) + 2 * (Margin + Border));
    return {width, m_lines * fontMetrics().lineSpacing() + 2 * (VMargin + Border)};
}

QSize NoteBanner::minimumSizeHint() const
{
    return {100, fontMetrics().lineSpacing() + 2 * (VMargin + Border)};
}

QRect NoteBanner::textRect(const QRect &box) const
{
    return box.adjusted(Margin + Border, VMargin + Border, -(Margin + Border), -(VMargin + Border));
}

void NoteBanner::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (!m_note.isEmpty()) {
        const QRectF box = QRectF(rect()).adjusted(Border / 2.0, Border / 2.0, -Border / 2.0, -Border / 2.0);
        p.setPen(QPen(QColor(0x6B6B6B), Border));
        p.setBrush(palette::markTint(palette::Mark::CancelRefused));
        p.drawRoundedRect(box, 6, 6);
    }
    p.setPen(palette::textColor());
    p.drawText(textRect(rect()), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, shown());
}

void NoteBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        m_lines = linesAt(width());
        updateGeometry();
    }
    QWidget::changeEvent(event);
}

void NoteBanner::resizeEvent(QResizeEvent *event)
{
    const int lines = linesAt(width());
    if (lines != m_lines) {
        m_lines = lines;
        updateGeometry();
    }
    QWidget::resizeEvent(event);
}

} // namespace poolscope
