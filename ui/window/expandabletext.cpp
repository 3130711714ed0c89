// SPDX-License-Identifier: MIT
#include "window/expandabletext.h"

#include "render/statepalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace poolscope {

ExpandableText::ExpandableText(QWidget *parent) : QWidget(parent), m_label(new QLabel(this)), m_toggle(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setTextFormat(Qt::PlainText);
    // Ignored: the label never asks for the width of the whole paragraph on one line.
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QPalette muted = m_label->palette();
    muted.setColor(QPalette::WindowText, palette::textColor());
    m_label->setPalette(muted);
    m_toggle->setAutoRaise(true);
    m_toggle->setCursor(Qt::PointingHandCursor);
    m_toggle->setToolTip(QStringLiteral("Show the whole description, or fold it to one line"));
    connect(m_toggle, &QToolButton::clicked, this, [this] { setExpanded(!m_expanded); });
    layout->addWidget(m_label, 1);
    layout->addWidget(m_toggle, 0, Qt::AlignTop);
    refit();
}

void ExpandableText::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    refit();
}

void ExpandableText::setExpanded(bool expanded)
{
    if (expanded == m_expanded)
        return;
    m_expanded = expanded;
    refit();
}

bool ExpandableText::isCut() const
{
    return !m_expanded && m_label->text() != m_text;
}

void ExpandableText::refit()
{
    setVisible(!m_text.isEmpty());
    m_label->setWordWrap(m_expanded);
    // Measured on the whole widget, not the label: the label's width changes with the button's visibility.
    const QFontMetrics fm = m_label->fontMetrics();
    const bool fits = fm.horizontalAdvance(m_text) <= width();
    m_toggle->setText(m_expanded ? QStringLiteral("less ▴") : QStringLiteral("more ▾"));
    const int room = std::max(40, width() - m_toggle->sizeHint().width() - 6);
    const QString line = m_expanded || fits ? m_text : fm.elidedText(m_text, Qt::ElideRight, room);
    if (m_label->text() != line)
        m_label->setText(line);
    m_label->setToolTip(m_expanded || line == m_text ? QString() : m_text);
    const bool cut = !m_expanded && line != m_text;
    m_toggle->setVisible(m_expanded || cut);
}

void ExpandableText::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    refit();
}

void ExpandableText::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        refit();
}

} // namespace poolscope
