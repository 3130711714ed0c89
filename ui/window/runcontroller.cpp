// SPDX-License-Identifier: MIT
#include "window/runcontroller.h"

#include "models/model.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "models/python/pythonverbs.h"
#include "replay/runstate.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "window/rundocument.h"

#include <QPointer>

namespace poolscope {

RunController::RunController(RunDocument *document, QObject *parent)
    : QObject(parent), m_document(document), m_kickPending(std::make_shared<std::atomic<bool>>(false))
{
}

RunController::~RunController()
{
    retire();
}

bool RunController::isLive() const
{
    return m_runner && !m_runner->isFinished();
}

bool RunController::acceptsCommands() const
{
    // A running scenario takes a person's commands too, until its program's final wait begins.
    return m_runner && !m_closing && m_runner->acceptsCommands();
}

void RunController::start(std::unique_ptr<Runner> runner, bool scenarioRun)
{
    m_savedRun = false;
    retire();
    m_runner = std::move(runner);
    m_scenarioRun = scenarioRun;
    m_finishQueued = scenarioRun; // queueScenario() ends with finish()
    m_closing = false;
    m_errorsShown = 0;
    m_nextTask = 1;
    m_kickPending = std::make_shared<std::atomic<bool>>(false);
    // A command that ran on the caller thread wakes the view at once (one queued call at a time, never
    // one per step): a cancel() result shows up immediately instead of at the next tick.
    QPointer<RunController> self(this);
    std::shared_ptr<std::atomic<bool>> pending = m_kickPending;
    m_runner->setCommandHook([self, pending] {
        if (pending->exchange(true))
            return;
        QMetaObject::invokeMethod(
                self.data(),
                [self] {
                    if (self)
                        self->kick();
                },
                Qt::QueuedConnection);
    });
    m_document->attachLive(m_runner.get());
    emit runStarted();
    emit commandsChanged();
}

void RunController::retire()
{
    if (!m_runner)
        return;
    m_runner->setCommandHook({});
    if (m_document->isLive())
        m_document->attachLive(nullptr); // keep what was read until the next run replaces it
    // The destructor aborts the run (pending futures cancelled, the event set) and lets go of tasks that
    // never check the event at their next sleep, so this returns in about one step at most.
    m_runner.reset();
    m_closing = false;
}

void RunController::kick()
{
    m_kickPending->store(false);
    m_document->refresh();
    checkErrors();
    emit commandsChanged();
}

void RunController::checkErrors()
{
    if (!m_runner)
        return;
    const QStringList errors = m_runner->errors();
    for (qsizetype i = m_errorsShown; i < errors.size(); ++i)
        emit errorReported(errors[i]);
    m_errorsShown = errors.size();
}

void RunController::runScenario(const Scenario &scenario, int workers, double timeScale)
{
    RunInfo info = runInfoFor(scenario, timeScale);
    info.workers = workers;
    auto runner = std::make_unique<Runner>(info, &scenario.modelRules());
    Runner *raw = runner.get();
    start(std::move(runner), true);
    queueScenario(*raw, scenario);
    m_document->refresh();
}

void RunController::startInteractive(int workers, double timeScale)
{
    RunInfo info;
    info.scenarioName = QStringLiteral("interactive");
    const ModelWords &words = findModel(info.model)->words();
    info.title = words.interactiveTitle();
    info.description = words.interactiveDescription(workers);
    info.workers = workers;
    info.timeScale = timeScale;
    start(std::make_unique<Runner>(info), false);
}

void RunController::showRun(Run run, RunReading *alreadyRead)
{
    retire();
    m_scenarioRun = false;
    m_savedRun = true;
    m_finishQueued = true;
    m_document->setRun(std::move(run), alreadyRead);
    emit runStarted();
    emit commandsChanged();
}

bool RunController::queueTasks(const TaskSpec &given, int count)
{
    if (!acceptsCommands() || count < 1)
        return false;
    // Each task its own name, t1, t2, ...: a person points at them one by one.
    TaskSpec spec = given;
    for (int i = 0; i < count; ++i) {
        spec.id = QStringLiteral("t%1").arg(m_nextTask++);
        if (!m_runner->submit(spec, 1))
            return false;
    }
    return true;
}

bool RunController::cancel(const std::vector<quint32> &tasks)
{
    if (!acceptsCommands() || tasks.empty())
        return false;
    ActionCall call = ActionCall::model(python::Cancel);
    call.tasks = tasks;
    return m_runner->act(std::move(call));
}

bool RunController::cancelAll()
{
    return acceptsCommands() && m_runner->act(ActionCall::model(python::CancelAll));
}

bool RunController::stop()
{
    return acceptsCommands() && m_runner->act(ActionCall::model(python::Stop));
}

bool RunController::clear()
{
    return acceptsCommands() && m_runner->act(ActionCall::model(python::Clear));
}

bool RunController::shutdown(bool wait, bool cancelFutures)
{
    return acceptsCommands()
            && m_runner->act(ActionCall::model(python::Shutdown, (wait ? python::ShutdownWait : 0)
                                                                         | (cancelFutures ? python::ShutdownCancelFutures : 0)));
}

bool RunController::finish()
{
    if (!acceptsCommands() || !m_runner->finish())
        return false;
    m_finishQueued = true;
    emit commandsChanged();
    return true;
}

void RunController::setPaused(bool paused)
{
    if (!m_runner)
        return;
    if (paused)
        m_runner->pause();
    else
        m_runner->resume();
    emit commandsChanged();
}

bool RunController::isPaused() const
{
    return m_runner && m_runner->isPaused();
}

void RunController::stepOnce()
{
    if (m_runner)
        m_runner->stepOnce();
}

bool RunController::beginClosing()
{
    if (!m_runner || m_runner->isFinished())
        return true;
    if (m_closing)
        return true; // the second close: leave now; the runner's destructor lets the rest go
    m_closing = true;
    // The recipe: cancel what is pending, set the event, then wait for what runs.
    m_runner->abort();
    emit commandsChanged();
    return m_runner->waitFinished(std::chrono::milliseconds(50));
}

QString RunController::closingNote() const
{
    if (!m_runner)
        return {};
    m_document->refresh();
    const RunState &state = m_document->state();
    const Run &run = m_document->run();
    QStringList waits;
    for (quint32 task : m_runner->runningTasks()) {
        if (task >= run.tasks.size() || task >= state.taskCount())
            continue;
        waits << QStringLiteral("%1 (%2)").arg(run.taskId(task),
                                               m_document->words().whyStillRunning(run.specOf(task), state.task(task), true));
    }
    return QStringLiteral("Closing: pending tasks were cancelled and the stop event is set. Waiting for %1. "
                          "Close again to quit now.")
            .arg(waits.isEmpty() ? QStringLiteral("the workers") : waits.join(QStringLiteral(", ")));
}

} // namespace poolscope
