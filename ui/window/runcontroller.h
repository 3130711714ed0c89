// SPDX-License-Identifier: MIT
// The run controller: owns the window's live run and makes the calls a person asks for.
#pragma once

#include "record/run.h"
#include "scenario/scenario.h"

#include <QObject>
#include <QStringList>
#include <atomic>
#include <memory>
#include <vector>

namespace poolscope {

class RunDocument;
class RunReading;
class Runner;

// Starts runs (a scenario's program, or an interactive pool a person drives), turns the window's
// commands into the model's calls on the runner's caller thread, reports the errors the pool raises, and
// carries the close protocol (cancel the pending, set the event, wait; a second close quits at once).
// It shows everything through the RunDocument, which it attaches to each run.
class RunController : public QObject
{
    Q_OBJECT
public:
    explicit RunController(RunDocument *document, QObject *parent = nullptr);
    ~RunController() override; // ends the live run (its threads call back into the document)

    void runScenario(const Scenario &scenario, int workers, double timeScale);
    void startInteractive(int workers, double timeScale);
    void showRun(Run run, RunReading *alreadyRead = nullptr); // a saved run: no pool (RunDocument::setRun)
    void retire(); // abandon the live run (its tasks are let go); the document keeps what was read

    Runner *runner() const { return m_runner.get(); }
    bool isLive() const; // a run whose program has not ended
    bool isScenarioRun() const { return m_scenarioRun; }
    bool isShowingSavedRun() const { return m_savedRun; } // a file's run, not one made in this window
    bool acceptsCommands() const; // can the pool take calls now (until its final wait begins)
    bool finishQueued() const { return m_finishQueued; }

    // The calls; each returns false when the pool cannot take it (then nothing was queued).
    bool queueTasks(const TaskSpec &spec, int count);
    bool cancel(const std::vector<quint32> &tasks);
    bool cancelAll();
    bool stop();
    bool clear();
    bool shutdown(bool wait, bool cancelFutures);
    bool finish();
    void setPaused(bool paused);
    bool isPaused() const;
    void stepOnce();

    // Closing: the first call cancels the pending tasks and sets the event (true if the run then ended
    // at once); closingNote() says what it still waits for.
    bool beginClosing();
    bool isClosing() const { return m_closing; }
    QString closingNote() const;

signals:
    void runStarted(); // a new live run, or a saved one shown
    void commandsChanged(); // what the pool accepts changed
    void errorReported(const QString &message); // e.g. a submit after shutdown (CPython's RuntimeError)

private:
    void start(std::unique_ptr<Runner> runner, bool scenarioRun);
    void kick(); // a command ran on the caller thread: show it now
    void checkErrors();

    RunDocument *m_document;
    std::unique_ptr<Runner> m_runner;
    std::shared_ptr<std::atomic<bool>> m_kickPending;
    bool m_scenarioRun = false;
    bool m_savedRun = false;
    bool m_finishQueued = false;
    bool m_closing = false;
    int m_nextTask = 1;
    qsizetype m_errorsShown = 0;
};

} // namespace poolscope
