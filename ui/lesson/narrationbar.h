// SPDX-License-Identifier: MIT
// The narration of a lesson on the screen: the step's sentence, where the lesson is, Back and Next.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QToolButton;

namespace poolscope {

class NarrationStepper;

// Hidden when the scenario has no narration. Reads the stepper; its buttons call it.
class NarrationBar : public QWidget
{
    Q_OBJECT
public:
    NarrationBar(NarrationStepper *stepper, QWidget *parent = nullptr);

    QString text() const; // what it shows, for tests
    QCheckBox *stopAtSteps() const { return m_stopAtSteps; }

private:
    void sync();

    NarrationStepper *m_stepper;
    QLabel *m_where = nullptr;
    QLabel *m_text = nullptr;
    QToolButton *m_back = nullptr;
    QToolButton *m_next = nullptr;
    QCheckBox *m_stopAtSteps = nullptr;
};

} // namespace poolscope
