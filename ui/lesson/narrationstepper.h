// SPDX-License-Identifier: MIT
// A narrated lesson's path: which step the views are at, and Next/Back through it.
#pragma once

#include "scenario/scenario.h"

#include <QObject>

namespace poolscope {

class RunController;
class RunDocument;

// The step shown is the last one whose moment the views have reached (the time cursor, or now). Next and
// Back move the time cursor through the recorded past (Back never re-runs); past the recorded end of a
// live run Next lets the run go on. With stop-at-steps the run's clock stops at each step's moment until
// Next, so a hall can be told what to watch before it happens.
class NarrationStepper : public QObject
{
    Q_OBJECT
public:
    NarrationStepper(RunDocument *document, RunController *controller, QObject *parent = nullptr);

    void setNarration(const QList<NarrationStep> &steps); // empty: no narrated lesson
    const QList<NarrationStep> &steps() const { return m_steps; }
    bool isNarrated() const { return !m_steps.isEmpty(); }
    int current() const; // index of the step shown; -1 before the run
    bool waitingForNext() const; // the run's clock stands at a step's moment for Next

    void setStopAtSteps(bool on);
    bool stopsAtSteps() const { return m_stopAtSteps; }
    void setEnabledForRuns(bool on) { m_forRuns = on; } // off while pictures are taken: they own the clock

    void next();
    void back();

signals:
    void changed(); // the step shown, or whether it waits

private:
    qint64 stepNs(int index) const;
    qint64 shownNs() const;
    void armNextStop();
    void onRunStarted();

    RunDocument *m_document;
    RunController *m_controller;
    QList<NarrationStep> m_steps;
    bool m_stopAtSteps = false;
    bool m_forRuns = true;
    int m_lastShown = -2;
};

} // namespace poolscope
