// SPDX-License-Identifier: MIT
// Two runs compared: A above B, their tables and timelines aligned on one time axis.
#pragma once

#include "io/runsource.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace poolscope {

class ComparedRun;
class SharedTimeAxis;

// Two runs side by side in time, so the difference is the picture: two built-ins started together, two
// saved runs, or one of each. The rows are ComparedRuns; SharedTimeAxis keeps their timelines on one
// axis (the longer run's), with one time cursor. Under them, in words, what ended differently.
class ComparisonWindow : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonWindow(QWidget *parent = nullptr);
    ~ComparisonWindow() override;

    // Starts both at once (a scenario runs live, a saved run is shown).
    void start(const RunSource &a, const RunSource &b, double timeScale = 1.0);

    // Saves a picture of the window once both runs have ended (screenshotSaved or screenshotFailed).
    void setScreenshotPath(const QString &path);

    bool bothEnded() const;
    QString differencesText() const;
    ComparedRun *runA() const { return m_a; }
    ComparedRun *runB() const { return m_b; }

signals:
    void ended(); // both runs have ended
    void screenshotSaved(const QString &path);
    void screenshotFailed(const QString &path);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void onRunEnded();
    void alignTables();
    void shareHeight();
    void takeScreenshot();

    ComparedRun *m_a = nullptr;
    ComparedRun *m_b = nullptr;
    SharedTimeAxis *m_axis = nullptr;
    QLabel *m_differences = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QString m_screenshotPath;
    bool m_endedSignalled = false;
};

} // namespace poolscope
