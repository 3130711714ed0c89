// SPDX-License-Identifier: MIT
#include "lesson/narrationbar.h"

#include "lesson/narrationstepper.h"
#include "render/statepalette.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace poolscope {

NarrationBar::NarrationBar(NarrationStepper *stepper, QWidget *parent) : QWidget(parent), m_stepper(stepper)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 2, 6, 2);
    layout->setSpacing(8);
    m_where = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_back = new QToolButton(this);
    m_back->setText(QStringLiteral("◀ Back"));
    m_back->setToolTip(QStringLiteral("The step before, on the timeline (←, Page Up): nothing runs again"));
    m_next = new QToolButton(this);
    m_next->setText(QStringLiteral("Next ▶"));
    m_next->setToolTip(QStringLiteral("The next step (→, Page Down, Space — what a presentation clicker sends)"));
    m_stopAtSteps = new QCheckBox(QStringLiteral("Stop at each step"), this);
    m_stopAtSteps->setToolTip(QStringLiteral("The run waits at each step's moment until Next, so the room can be told what "
                                             "to watch before it happens"));
    layout->addWidget(m_where);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_stopAtSteps);
    layout->addWidget(m_back);
    layout->addWidget(m_next);
    setAutoFillBackground(true);
    connect(m_back, &QToolButton::clicked, stepper, &NarrationStepper::back);
    connect(m_next, &QToolButton::clicked, stepper, &NarrationStepper::next);
    connect(m_stopAtSteps, &QCheckBox::toggled, stepper, &NarrationStepper::setStopAtSteps);
    connect(stepper, &NarrationStepper::changed, this, &NarrationBar::sync);
    sync();
}

QString NarrationBar::text() const
{
    return m_where->text() + QLatin1Char(' ') + m_text->text();
}

void NarrationBar::sync()
{
    const QList<NarrationStep> &steps = m_stepper->steps();
    setVisible(!steps.isEmpty());
    if (steps.isEmpty())
        return;
    QPalette pal = palette();
    pal.setColor(QPalette::Window, palette::markTint(palette::Mark::CancelRefused).lighter(108));
    pal.setColor(QPalette::WindowText, palette::textColor());
    setPalette(pal);
    const int at = std::max(0, m_stepper->current());
    const bool waiting = m_stepper->waitingForNext();
    // Where the lesson is, in words and a count (not colour): "Step 2 of 4", and "waits" when it does.
    m_where->setText(QStringLiteral("Step %1 of %2%3").arg(at + 1).arg(steps.size()).arg(waiting ? QStringLiteral(" · waits for Next") : QString()));
    m_text->setText(steps[at].text);
    m_stopAtSteps->setChecked(m_stepper->stopsAtSteps());
    m_back->setEnabled(at > 0 || m_stepper->current() >= 0);
}

} // namespace poolscope
