// SPDX-License-Identifier: MIT
// What the next run will be: the built-in scenario picked, the pool size and the time scale.
#pragma once

#include <QObject>
#include <QString>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QToolBar;

namespace poolscope {

// The toolbar's settings for the next Run (F5) or Reset: a box of the built-in scenarios (or a note of the
// file or saved run shown instead), max_workers, and the time scale.
class RunSettings : public QObject
{
    Q_OBJECT
public:
    RunSettings(double timeScale, QToolBar *bar);
    void addScenarioPicker(QToolBar *bar) const;
    void addPoolSettings(QToolBar *bar) const;

    // The built-in named is shown as the current one, or (not a built-in) "file: NAME"/"saved run: NAME".
    void showBuiltin(const QString &name);
    void showOther(const QString &note);
    QString pickedBuiltin() const; // empty when none is shown
    int poolSize() const;
    void setPoolSize(int workers);
    double timeScale() const;
    void setTimeScale(double scale);

signals:
    void builtinPicked(const QString &name); // the person chose one in the box

private:
    QLabel *m_scenarioLabel;
    QComboBox *m_scenarios;
    QLabel *m_poolLabel;
    QSpinBox *m_poolSize;
    QLabel *m_scaleLabel;
    QDoubleSpinBox *m_timeScale;
};

} // namespace poolscope
