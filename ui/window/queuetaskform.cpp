// SPDX-License-Identifier: MIT
#include "window/queuetaskform.h"

#include "table/tasktablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace poolscope {

QueueTaskForm::QueueTaskForm(QWidget *parent)
    : QWidget(parent)
    , m_count(new QSpinBox(this))
    , m_steps(new QSpinBox(this))
    , m_stepMs(new QSpinBox(this))
    , m_check(new QComboBox(this))
    , m_failAt(new QSpinBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    auto label = [&](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        layout->addWidget(l);
        layout->addWidget(buddy);
    };
    m_count->setRange(1, 10000);
    m_count->setValue(1);
    m_count->setToolTip(QStringLiteral("How many tasks one click queues (each one is an executor.submit call)"));
    m_steps->setRange(0, 1000);
    m_steps->setValue(10);
    m_steps->setToolTip(QStringLiteral("Steps per task: for i in range(steps): sleep(step)"));
    m_stepMs->setRange(1, 60000);
    m_stepMs->setSingleStep(100);
    m_stepMs->setValue(1000);
    m_stepMs->setSuffix(QStringLiteral(" ms"));
    m_stepMs->setToolTip(QStringLiteral("How long one step takes (before the time scale)"));
    m_check->addItem(QStringLiteral("never"), TaskTableModel::NeverChecks);
    m_check->addItem(QStringLiteral("after each step"), TaskTableModel::ChecksAfterEachStep);
    m_check->addItem(QStringLiteral("waits on event"), TaskTableModel::WaitsOnEvent);
    m_check->setCurrentIndex(1);
    m_check->setToolTip(QStringLiteral("never: sleep(step) only, cannot be stopped\n"
                                       "after each step: sleep(step); if event.is_set(): return\n"
                                       "waits on event: if event.wait(step): return  (returns at once when set)"));
    m_failAt->setRange(-1, 1000);
    m_failAt->setValue(-1);
    m_failAt->setSpecialValueText(QStringLiteral("never"));
    m_failAt->setToolTip(QStringLiteral("fail_at_step: raise an error before this step (0-based)"));
    label(QStringLiteral("&Tasks"), m_count);
    label(QStringLiteral("&steps"), m_steps);
    label(QStringLiteral("×"), m_stepMs);
    label(QStringLiteral("&check"), m_check);
    label(QStringLiteral("&fail at"), m_failAt);
}

int QueueTaskForm::count() const
{
    return m_count->value();
}

TaskSpec QueueTaskForm::spec() const
{
    TaskSpec s;
    s.steps = m_steps->value();
    s.stepMs = m_stepMs->value();
    const int check = m_check->currentData().toInt();
    s.checksStop = check != TaskTableModel::NeverChecks;
    s.wait = check == TaskTableModel::WaitsOnEvent ? WaitMode::Event : WaitMode::Sleep;
    s.failAtStep = m_failAt->value();
    return s;
}

void QueueTaskForm::setCount(int count)
{
    m_count->setValue(count);
}

void QueueTaskForm::setSteps(int steps)
{
    m_steps->setValue(steps);
}

void QueueTaskForm::setStepMs(int ms)
{
    m_stepMs->setValue(ms);
}

void QueueTaskForm::setStopCheck(int check)
{
    const int i = m_check->findData(check);
    if (i >= 0)
        m_check->setCurrentIndex(i);
}

void QueueTaskForm::setFailAtStep(int step)
{
    m_failAt->setValue(step);
}

} // namespace poolscope
