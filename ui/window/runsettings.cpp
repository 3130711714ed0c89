// SPDX-License-Identifier: MIT
#include "window/runsettings.h"

#include "scenario/scenario.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QToolBar>

namespace poolscope {

RunSettings::RunSettings(double timeScale, QToolBar *bar)
    : QObject(bar)
    , m_scenarioLabel(new QLabel(QStringLiteral(" &Scenario "), bar))
    , m_scenarios(new QComboBox(bar))
    , m_poolLabel(new QLabel(QStringLiteral(" &max_workers "), bar))
    , m_poolSize(new QSpinBox(bar))
    , m_scaleLabel(new QLabel(QStringLiteral(" t&ime ×"), bar))
    , m_timeScale(new QDoubleSpinBox(bar))
{
    m_scenarios->setToolTip(QStringLiteral("The built-in scenarios: pick one, then Run (F5)"));
    m_scenarios->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult r = loadBuiltinScenario(name);
        m_scenarios->addItem(name, name);
        if (r.scenario)
            m_scenarios->setItemData(m_scenarios->count() - 1, r.scenario->title, Qt::ToolTipRole);
    }
    m_scenarioLabel->setBuddy(m_scenarios);
    connect(m_scenarios, &QComboBox::activated, this,
            [this](int index) { emit builtinPicked(m_scenarios->itemData(index).toString()); });

    m_poolSize->setRange(1, 64);
    m_poolSize->setValue(2);
    m_poolSize->setToolTip(QStringLiteral("ThreadPoolExecutor(max_workers=N): the pool size for the next Run (F5) "
                                          "or Reset (Ctrl+R)"));
    m_poolLabel->setBuddy(m_poolSize);
    m_timeScale->setRange(0.01, 50);
    m_timeScale->setDecimals(2);
    m_timeScale->setSingleStep(0.25);
    m_timeScale->setValue(timeScale);
    m_timeScale->setToolTip(QStringLiteral("Slow motion (> 1) or fast (< 1): multiplies every duration of the next "
                                           "Run or Reset, as --time-scale"));
    m_scaleLabel->setBuddy(m_timeScale);
}

void RunSettings::addScenarioPicker(QToolBar *bar) const
{
    bar->addWidget(m_scenarioLabel);
    bar->addWidget(m_scenarios);
}

void RunSettings::addPoolSettings(QToolBar *bar) const
{
    bar->addWidget(m_poolLabel);
    bar->addWidget(m_poolSize);
    bar->addWidget(m_scaleLabel);
    bar->addWidget(m_timeScale);
}

void RunSettings::showBuiltin(const QString &name)
{
    m_scenarios->setCurrentIndex(m_scenarios->findData(name));
}

void RunSettings::showOther(const QString &note)
{
    // Not one of the built-ins: the box must not name one that F5 would not run.
    m_scenarios->setPlaceholderText(note);
    m_scenarios->setCurrentIndex(-1);
}

QString RunSettings::pickedBuiltin() const
{
    return m_scenarios->currentIndex() >= 0 ? m_scenarios->currentData().toString() : QString();
}

int RunSettings::poolSize() const
{
    return m_poolSize->value();
}

void RunSettings::setPoolSize(int workers)
{
    m_poolSize->setValue(workers);
}

double RunSettings::timeScale() const
{
    return m_timeScale->value();
}

void RunSettings::setTimeScale(double scale)
{
    m_timeScale->setValue(scale);
}

} // namespace poolscope
