// SPDX-License-Identifier: MIT
#pragma once

#include "record/run.h"

#include <QWidget>

class QComboBox;
class QSpinBox;

namespace poolscope {

// The "queue tasks" form: how many, how many steps of how long, how they look at the stop event, and
// whether they fail. The defaults queue one well-behaved task (10 steps of 1 s, checking the event after
// each step), so one click is enough.
class QueueTaskForm : public QWidget
{
    Q_OBJECT
public:
    explicit QueueTaskForm(QWidget *parent = nullptr);

    int count() const;
    TaskSpec spec() const; // id and group left empty: the window names tasks

    void setCount(int count);
    void setSteps(int steps);
    void setStepMs(int ms);
    void setStopCheck(int check); // TaskTableModel::StopCheck
    void setFailAtStep(int step); // -1: never

    QSpinBox *countBox() const { return m_count; }

private:
    QSpinBox *m_count;
    QSpinBox *m_steps;
    QSpinBox *m_stepMs;
    QComboBox *m_check;
    QSpinBox *m_failAt;
};

} // namespace poolscope
