// SPDX-License-Identifier: MIT
#include "window/mainwindow.h"

#include "code/pythonpane.h"
#include "compare/comparedialog.h"
#include "console/consoleview.h"
#include "io/runfile.h"
#include "io/runwriters.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "replay/waitnote.h"
#include "runner/runner.h"
#include "table/tasktablemodel.h"
#include "window/queuetaskform.h"
#include "window/runcontroller.h"
#include "window/openingstatus.h"
#include "window/rundocument.h"
#include "window/runfileopener.h"
#include "window/runfiles.h"
#include "window/runsettings.h"
#include "window/runviews.h"
#include "window/statuscounts.h"
#include "lesson/narrationbar.h"
#include "lesson/narrationstepper.h"
#include "predict/predictionpanel.h"
#include "window/presentermode.h"
#include "window/windowmemory.h"
#include "window/windowpictures.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>
#include <QLabel>
#include <QLayout>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QWidgetAction>

namespace poolscope {

MainWindow::MainWindow(double timeScale, QWidget *parent) : QMainWindow(parent), m_initialTimeScale(timeScale)
{
    setWindowTitle(QStringLiteral("poolscope"));
    m_document = new RunDocument(this);
    m_controller = new RunController(m_document, this);
    m_tasks = new TaskTableModel(m_document, this);
    m_actions = new WindowActions(this);
    m_actions->setWords(m_document->words());
    connectActions();
    buildMenus();
    buildToolBars();
    buildViews();
    connect(m_document, &RunDocument::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_document, &RunDocument::runReset, this, [this] {
        m_actions->setWords(m_document->words());
        onStateChanged();
    });
    connect(m_document, &RunDocument::eventsAppended, this, &MainWindow::onEventsAppended);
    connect(m_document, &RunDocument::liveFinished, this, &MainWindow::onLiveFinished);
    connect(m_document, &RunDocument::cursorChanged, this, &MainWindow::updateHeader);
    connect(m_controller, &RunController::runStarted, this, &MainWindow::onRunStarted);
    connect(m_controller, &RunController::commandsChanged, this, &MainWindow::updateActions);
    connect(m_controller, &RunController::errorReported, this, [this](const QString &message) {
        note(message);
        statusBar()->showMessage(message, 10000);
    });
    m_pictures = new WindowPictures(this, m_controller, m_document);
    connect(m_pictures, &WindowPictures::saved, this, &MainWindow::screenshotSaved);
    connect(m_pictures, &WindowPictures::failed, this, &MainWindow::screenshotFailed);
    connect(m_pictures, &WindowPictures::allSaved, this, &MainWindow::allScreenshotsSaved);
    m_opener = new RunFileOpener(this);
    connect(m_opener, &RunFileOpener::opened, this, &MainWindow::onRunFileOpened);
    connect(m_opener, &RunFileOpener::failed, this, &MainWindow::onRunFileFailed);
    connect(m_opener, &RunFileOpener::cancelled, this, [this](const QString &path) {
        updateHeader();
        statusBar()->showMessage(QStringLiteral("Stopped opening %1").arg(QDir::toNativeSeparators(path)), 5000);
        emit openCancelled(path);
    });
    statusBar()->addWidget(new OpeningStatus(m_opener, statusBar()));
    m_closeTimer.setInterval(100);
    connect(&m_closeTimer, &QTimer::timeout, this, &MainWindow::pollClosing);
    updateHeader();
    updateActions();
}

MainWindow::~MainWindow()
{
    // The run's threads call back into the document (the command hook): end them first.
    m_controller->retire();
}

// ---------------------------------------------------------------------------------------------------
// Building

void MainWindow::connectActions()
{
    auto on = [this](ActionId id, auto slot) { connect(action(id), &QAction::triggered, this, slot); };
    on(RunAction, [this] { runScenario(); });
    on(OpenAction, [this] { openDialog(); });
    on(SaveAction, [this] { saveRun(); });
    on(ResetAction, [this] { resetPool(); });
    on(QueueAction, [this] { queueTasks(); });
    on(CancelAction, [this] { cancelSelected(); });
    on(CancelAllAction, [this] { cancelAll(); });
    on(StopAction, [this] { stopEvent(); });
    on(ClearAction, [this] { clearEvent(); });
    on(ShutdownAction, [this] { shutdownPool(); });
    on(ShutdownWaitOption, [this] { m_actions->setShutdownOptions(m_actions->shutdownWaits(), m_actions->shutdownCancelsFutures()); });
    on(ShutdownCancelFuturesOption,
       [this] { m_actions->setShutdownOptions(m_actions->shutdownWaits(), m_actions->shutdownCancelsFutures()); });
    on(FinishAction, [this] { finishPool(); });
    on(PauseAction, [this] { m_controller->setPaused(action(PauseAction)->isChecked()); });
    on(StepAction, [this] { m_controller->stepOnce(); });
    on(LiveAction, [this] { m_document->setCursorNs(-1); });
    on(LargerTextAction, [this] {
        m_views->changeTextSize(+1);
        fitToolBars();
    });
    on(SmallerTextAction, [this] {
        m_views->changeTextSize(-1);
        fitToolBars();
    });
    on(PresenterAction, [this] { setPresenter(action(PresenterAction)->isChecked()); });
    on(ConsolePaneAction, [this] { m_views->showSidePane(RunViews::SidePane::Console); });
    on(LegendPaneAction, [this] { m_views->showSidePane(RunViews::SidePane::Legend); });
    on(PythonPaneAction, [this] { m_views->showSidePane(RunViews::SidePane::Python); });
    on(NextStepAction, [this] { m_stepper->next(); });
    on(BackStepAction, [this] { m_stepper->back(); });
    on(PredictAction, [this] { setPredicting(action(PredictAction)->isChecked()); });
    on(QuitAction, [this] { close(); });
}

void MainWindow::buildMenus()
{
    // Every action once, with its shortcut shown.
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(action(OpenAction));
    file->addAction(action(SaveAction));
    QAction *compare = file->addAction(QStringLiteral("Co&mpare two runs…"));
    compare->setToolTip(QStringLiteral("Two scenarios or saved runs at once, on one time axis"));
    connect(compare, &QAction::triggered, this, [this] {
        CompareDialog::openComparison(this, scenarioReference(), m_settings->timeScale());
    });
    QMenu *exports = file->addMenu(QStringLiteral("&Export"));
    runfiles::fillExportMenu(
            exports, this, [this] { return runToWrite(); },
            [this](const QString &path) {
                statusBar()->showMessage(QStringLiteral("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
            });
    exports->addSeparator();
    QAction *python = exports->addAction(QStringLiteral("P&ython program…"));
    python->setToolTip(QStringLiteral("The scenario as the Python program it is, to run with python3"));
    connect(python, &QAction::triggered, this, [this] { savePythonProgram(); });
    file->addSeparator();
    file->addAction(action(QuitAction));
    QMenu *pool = menuBar()->addMenu(QStringLiteral("&Pool"));
    for (ActionId id : { RunAction, ResetAction })
        pool->addAction(action(id));
    pool->addSeparator();
    for (ActionId id : { QueueAction, CancelAction, CancelAllAction, StopAction, ClearAction, ShutdownAction,
                         ShutdownWaitOption, ShutdownCancelFuturesOption, FinishAction })
        pool->addAction(action(id));
    pool->addSeparator();
    pool->addAction(action(PauseAction));
    pool->addAction(action(StepAction));
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    for (ActionId id : { LiveAction, LargerTextAction, SmallerTextAction })
        view->addAction(action(id));
    view->addSeparator();
    view->addAction(action(NextStepAction));
    view->addAction(action(BackStepAction));
    view->addSeparator();
    for (ActionId id : { ConsolePaneAction, LegendPaneAction, PythonPaneAction })
        view->addAction(action(id));
    view->addSeparator();
    view->addAction(action(PredictAction));
    view->addAction(action(PresenterAction));
}

void MainWindow::buildToolBars()
{
    // Row 1, the lesson: which scenario, run it, pause and step it, the next run's pool and speed.
    // Row 2, the program's calls. Both fit 1280 pixels with their words; on a narrower window or with
    // larger text they show icons only (fitToolBars), never a » that hides a command.
    QToolBar *runBar = addToolBar(QStringLiteral("Lesson"));
    runBar->setObjectName(QStringLiteral("runToolBar"));
    runBar->setMovable(false);
    m_settings = new RunSettings(m_initialTimeScale, runBar);
    connect(m_settings, &RunSettings::builtinPicked, this, &MainWindow::onScenarioPicked);
    m_settings->addScenarioPicker(runBar);
    for (ActionId id : { RunAction, PauseAction, StepAction })
        runBar->addAction(action(id));
    runBar->addSeparator();
    m_settings->addPoolSettings(runBar);
    runBar->addSeparator();
    runBar->addAction(action(OpenAction));

    addToolBarBreak();
    QToolBar *callBar = addToolBar(QStringLiteral("Calls"));
    callBar->setObjectName(QStringLiteral("callToolBar"));
    callBar->setMovable(false);
    // Queue task: a click queues with the form's settings; the arrow opens the form.
    callBar->addAction(action(QueueAction));
    m_form = new QueueTaskForm(this);
    if (auto *button = qobject_cast<QToolButton *>(callBar->widgetForAction(action(QueueAction)))) {
        auto *menu = new QMenu(button);
        auto *formAction = new QWidgetAction(menu);
        formAction->setDefaultWidget(m_form);
        menu->addAction(formAction);
        button->setMenu(menu);
        button->setPopupMode(QToolButton::MenuButtonPopup);
    }
    callBar->addSeparator();
    callBar->addAction(action(CancelAction));
    callBar->addAction(action(CancelAllAction));
    callBar->addSeparator();
    callBar->addAction(action(StopAction));
    callBar->addAction(action(ClearAction));
    callBar->addSeparator();
    callBar->addAction(action(ShutdownAction));
    if (auto *button = qobject_cast<QToolButton *>(callBar->widgetForAction(action(ShutdownAction)))) {
        auto *menu = new QMenu(button);
        menu->addAction(action(ShutdownWaitOption));
        menu->addAction(action(ShutdownCancelFuturesOption));
        button->setMenu(menu);
        button->setPopupMode(QToolButton::MenuButtonPopup);
    }
    callBar->addAction(action(FinishAction));
    m_toolBars = { runBar, callBar };
    fitToolBars();
}

void MainWindow::fitToolBars()
{
    for (QToolBar *bar : m_toolBars) {
        bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        // The words need this much; the layout's own hint, as the bar would be with room for all.
        if (bar->layout() && bar->layout()->sizeHint().width() > width())
            bar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_shownFor.isValid())
        m_shownFor.start();
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    fitToolBars();
}

void MainWindow::buildViews()
{
    m_views = new RunViews(m_document, m_tasks, this);
    setCentralWidget(m_views);
    connect(m_views, &RunViews::selectionChanged, this, &MainWindow::updateActions);
    // Status line: counts per state and refused cancels, and where the views are in the run.
    m_counts = new StatusCounts(m_document, statusBar());
    statusBar()->addPermanentWidget(m_counts);
    m_stepper = new NarrationStepper(m_document, m_controller, this);
    m_views->setNarrationBar(new NarrationBar(m_stepper, m_views));
    connect(m_stepper, &NarrationStepper::changed, this, &MainWindow::updateActions);
    m_predict = new PredictionPanel(m_views);
    m_predict->hide();
    m_views->addAboveViews(m_predict);
    connect(m_predict, &PredictionPanel::promptChanged, this, &MainWindow::updateHeader);
    m_presenter = new PresenterMode(this, m_views);
    connect(m_presenter, &PresenterMode::changed, this, [this](bool on) {
        action(PresenterAction)->setChecked(on); // also when Esc left it
        fitToolBars();
        updateHeader();
    });
}

void MainWindow::setPresenter(bool on, bool fullScreen)
{
    m_presenter->setOn(on, fullScreen);
}

bool MainWindow::isPresenter() const
{
    return m_presenter->isOn();
}

WindowMemory MainWindow::memory() const
{
    WindowMemory m;
    m.presenter = isPresenter();
    // The place of the window as it is when not presenting: presenter mode is full screen by itself.
    if (!isPresenter())
        m.geometry = saveGeometry();
    m.viewLayout = m_views->saveLayout();
    m.stopAtSteps = m_stepper->stopsAtSteps();
    m.predict = isPredicting();
    m.textSizeDelta = m_views->textSizeDelta() - (isPresenter() ? PresenterMode::TextStep : 0);
    m.scenario = scenarioReference();
    return m;
}

QString MainWindow::scenarioReference() const
{
    if (!m_scenario)
        return {};
    return m_scenario->source.startsWith(QLatin1Char(':')) ? m_scenario->name : m_scenario->source;
}

void MainWindow::recall(const WindowMemory &memory)
{
    if (!memory.geometry.isEmpty())
        restoreGeometry(memory.geometry);
    m_views->restoreLayout(memory.viewLayout);
    m_stepper->setStopAtSteps(memory.stopAtSteps);
    setPredicting(memory.predict);
    if (memory.textSizeDelta != 0) {
        m_views->changeTextSize(memory.textSizeDelta);
        fitToolBars();
    }
}

// ---------------------------------------------------------------------------------------------------
// Runs

void MainWindow::onRunStarted()
{
    m_showPicked = false;
    statusBar()->clearMessage(); // the last run's news is not this run's
    action(PauseAction)->setChecked(false);
    if (m_controller->isLive())
        m_pictures->runStarted();
    updateHeader();
    updateActions();
}

void MainWindow::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    if (scenario.source.startsWith(QLatin1Char(':')))
        m_settings->showBuiltin(scenario.name);
    else
        m_settings->showOther(QStringLiteral("file: %1").arg(QFileInfo(scenario.source).fileName()));
    m_settings->setPoolSize(scenario.workers);
    m_views->python()->setScenario(m_scenario);
    m_stepper->setNarration(scenario.narration);
    predictionsFor(m_scenario);
    updateHeader();
    updateActions();
}

bool MainWindow::runScenario()
{
    if (!m_scenario && !m_settings->pickedBuiltin().isEmpty())
        onScenarioPicked(m_settings->pickedBuiltin()); // Run with none chosen yet: the one shown
    if (!m_scenario)
        return false;
    // Predict mode: the run waits for every guess (the panel points at the first one missing).
    if (isPredicting() && m_predict->hasTasks() && !m_predict->readyToRun())
        return false;
    m_controller->runScenario(*m_scenario, m_settings->poolSize(), m_settings->timeScale());
    if (isPredicting())
        m_predict->runStarted();
    updateHeader();
    return true;
}

void MainWindow::setPredicting(bool on)
{
    action(PredictAction)->setChecked(on);
    m_predict->setVisible(on && m_predict->hasTasks());
    action(RunAction)->setText(on ? QStringLiteral("&Run and check") : QStringLiteral("&Run scenario"));
    fitToolBars();
    updateHeader();
}

bool MainWindow::isPredicting() const
{
    return action(PredictAction)->isChecked();
}

void MainWindow::predictionsFor(const std::optional<Scenario> &scenario)
{
    m_predict->setScenario(scenario ? &*scenario : nullptr);
    m_predict->setVisible(isPredicting() && m_predict->hasTasks());
}

void MainWindow::resetPool()
{
    // The box must not name a scenario that is no longer what the window shows; F5 runs none until one is
    // picked again.
    m_scenario.reset();
    m_views->python()->setScenario(m_scenario);
    m_stepper->setNarration({});
    predictionsFor(m_scenario);
    m_settings->showOther(QStringLiteral("interactive pool"));
    m_controller->startInteractive(m_settings->poolSize(), m_settings->timeScale());
    note(QStringLiteral("executor = ThreadPoolExecutor(max_workers=%1); event = Event()").arg(m_settings->poolSize()));
}

bool MainWindow::openFile(const QString &path)
{
    if (runfiles::namesSavedRun(path)) {
        // Off the GUI thread: a recording of millions of events takes a second or more to read.
        m_opener->open(path);
        updateHeader();
        return true;
    }
    const runfiles::OpenedScenario opened = runfiles::openScenario(path);
    for (const QString &n : opened.notes)
        note(n);
    if (!opened.scenario) {
        reportOpenFailure(QStringLiteral("Cannot open the scenario"), path, opened.error);
        return false;
    }
    setScenario(*opened.scenario);
    return runScenario();
}

void MainWindow::reportOpenFailure(const QString &title, const QString &path, const QString &error)
{
    // With pictures asked for nobody is there to answer a dialog: whoever asked prints it.
    if (m_pictures->isEmpty())
        QMessageBox::warning(this, title, error);
    emit openFailed(path, error);
}

void MainWindow::onRunFileOpened(const QString &path)
{
    std::unique_ptr<RunFileOpener::Opened> opened = m_opener->take();
    if (!findModel(opened->run.info.model)) {
        onRunFileFailed(path, QStringLiteral("%1: the run's model \"%2\" is not one this poolscope knows (%3)")
                                      .arg(path, opened->run.info.model, modelNames().join(QStringLiteral(", "))));
        return;
    }
    showRun(std::move(opened->run), &opened->reading);
    emit runFileOpened(path);
}

void MainWindow::onRunFileFailed(const QString &path, const QString &error)
{
    updateHeader();
    reportOpenFailure(QStringLiteral("Cannot open the saved run"), path, error);
}

void MainWindow::showRun(Run run, RunReading *alreadyRead)
{
    m_opener->cancel(); // a run shown now is the one wanted, not one still opening
    // Run (F5) runs the same scenario again when it is a built-in one.
    const QString name = run.info.scenarioName;
    const ScenarioParseResult r = builtinScenarioNames().contains(name) ? loadBuiltinScenario(name) : ScenarioParseResult();
    if (r.scenario) {
        m_settings->showBuiltin(name);
        m_scenario = r.scenario;
    } else {
        m_scenario.reset();
        m_settings->showOther(QStringLiteral("saved run: %1").arg(name));
    }
    const int workers = run.info.workers;
    m_views->python()->setScenario(m_scenario);
    m_stepper->setNarration(m_scenario ? m_scenario->narration : QList<NarrationStep>());
    predictionsFor(m_scenario);
    statusBar()->clearMessage();
    m_controller->showRun(std::move(run), alreadyRead);
    m_settings->setPoolSize(workers);
    updateHeader();
    updateActions();
    if (!m_pictures->isEmpty()) {
        // Once the window is shown and laid out: a window shown a while ago (a large file opened
        // meanwhile) has, and only the new run's layout is left, which the picture runs itself.
        constexpr qint64 SettleMs = 300;
        const qint64 wait = m_shownFor.isValid() ? std::max<qint64>(0, SettleMs - m_shownFor.elapsed()) : SettleMs;
        QTimer::singleShot(int(wait), m_pictures, &WindowPictures::savedRunShown);
    }
}

void MainWindow::openDialog()
{
    const QString path = runfiles::askOpenPath(this);
    if (!path.isEmpty())
        openFile(path);
}

std::optional<Run> MainWindow::runToWrite() const
{
    Run run = runner() ? runner()->run() : m_document->run();
    if (run.events.empty()) {
        statusBar()->showMessage(QStringLiteral("Nothing is recorded yet: run a scenario or queue a task first"), 5000);
        return std::nullopt;
    }
    return run;
}

void MainWindow::saveRun()
{
    const std::optional<Run> run = runToWrite();
    const RunWriter *writer = findRunWriter(QStringLiteral("save-run"));
    if (!run || !writer)
        return;
    const QString path = runfiles::exportRun(this, *run, *writer);
    if (!path.isEmpty())
        statusBar()->showMessage(QStringLiteral("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::savePythonProgram()
{
    if (!m_views->python()->hasProgram()) {
        QMessageBox::information(this, QStringLiteral("No Python program"),
                                 QStringLiteral("Only a Python scenario is written out as a Python program; this window shows %1.")
                                         .arg(m_scenario ? QStringLiteral("a %1 scenario").arg(m_scenario->model)
                                                         : QStringLiteral("no scenario")));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save the Python program"),
                                                      m_scenario->name + QStringLiteral(".py"), QStringLiteral("Python (*.py)"));
    if (path.isEmpty())
        return;
    // Whole or not at all: a failed write leaves any earlier file as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_views->python()->programText().toUtf8()) < 0
        || !file.commit()) {
        QMessageBox::warning(this, QStringLiteral("Cannot save the Python program"),
                             QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return;
    }
    statusBar()->showMessage(QStringLiteral("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::onScenarioPicked(const QString &name)
{
    const ScenarioParseResult r = loadBuiltinScenario(name);
    if (!r.scenario) {
        QMessageBox::warning(this, QStringLiteral("Cannot load the scenario"), r.error);
        return;
    }
    setScenario(*r.scenario);
    m_showPicked = true; // the header describes the picked scenario until it runs
    updateHeader();
    statusBar()->showMessage(QStringLiteral("Press Run (F5) to run “%1”").arg(r.scenario->title), 8000);
}

// ---------------------------------------------------------------------------------------------------
// Calls

void MainWindow::commandQueued(bool queued, const QString &call)
{
    if (!queued)
        return;
    if (m_document->cursorNs() >= 0)
        m_document->setCursorNs(-1); // acting on the pool means looking at now
    if (m_document->state().callerBlocked())
        statusBar()->showMessage(
                QStringLiteral("%1 is queued: the caller is blocked (as Python's main thread would be) and runs it "
                               "when the blocking call returns")
                        .arg(call),
                8000);
}

void MainWindow::queueTasks()
{
    if (!acceptsCommands())
        resetPool(); // the pool has ended (or runs a fixed scenario): one click still queues a task
    commandQueued(m_controller->queueTasks(m_form->spec(), m_form->count()),
                  m_document->words().call(ModelWords::Call::Submit));
}

void MainWindow::cancelSelected()
{
    std::vector<quint32> tasks;
    for (const QModelIndex &index : m_views->table()->selectionModel()->selectedRows())
        tasks.push_back(quint32(index.row()));
    std::sort(tasks.begin(), tasks.end());
    commandQueued(m_controller->cancel(tasks), m_document->words().call(ModelWords::Call::Cancel));
}

void MainWindow::cancelAll()
{
    commandQueued(m_controller->cancelAll(), m_document->words().call(ModelWords::Call::Cancel));
}

void MainWindow::stopEvent()
{
    commandQueued(m_controller->stop(), m_document->words().call(ModelWords::Call::StopSet));
}

void MainWindow::clearEvent()
{
    commandQueued(m_controller->clear(), m_document->words().call(ModelWords::Call::StopClear));
}

void MainWindow::shutdownPool()
{
    commandQueued(m_controller->shutdown(m_actions->shutdownWaits(), m_actions->shutdownCancelsFutures()),
                  m_document->words().call(ModelWords::Call::ShutdownCall));
}

void MainWindow::finishPool()
{
    commandQueued(m_controller->finish(), m_document->words().call(ModelWords::Call::FinalWait));
    updateActions();
}

// ---------------------------------------------------------------------------------------------------
// Following the run

void MainWindow::onStateChanged()
{
    updateBanner();
    updateHeader();
    // The caller thread may have begun its final wait since: the calls it can no longer make go grey.
    if (acceptsCommands() != m_commandsEnabled) {
        m_commandsEnabled = acceptsCommands();
        updateActions();
    }
}

void MainWindow::onEventsAppended(int, int)
{
    // Show each cancel() result at once in the status line.
    const RunReading &reading = m_document->reading();
    for (auto it = reading.latest().rbegin(); it != reading.latest().rend(); ++it) {
        const bool accepted = it->kind == Happening::CancelAccepted || it->kind == Happening::CancelledRunning;
        if (!accepted && it->kind != Happening::CancelRefused)
            continue;
        statusBar()->showMessage(m_document->words().cancelResult(m_document->run().taskId(it->task), accepted), 10000);
        break;
    }
}

void MainWindow::note(const QString &text)
{
    m_views->console()->appendNote(text);
}

void MainWindow::noteWarnings(const QString &file, const QStringList &warnings)
{
    for (const QString &w : warnings)
        note(QStringLiteral("warning: ") + w);
    if (!warnings.isEmpty())
        statusBar()->showMessage(QStringLiteral("%1: %2 warning(s), in the console").arg(file).arg(warnings.size()), 15000);
}

void MainWindow::onLiveFinished()
{
    // The final state, not the time cursor's: the marks are about how the run ended.
    m_predict->runEnded(m_document->run(), m_document->reading().state(), m_document->words());
    updateActions();
    updateHeader();
    updateBanner();
    m_pictures->liveFinished();
}

void MainWindow::setScreenshotPath(const QString &path)
{
    m_pictures->setAtEnd(path);
}

void MainWindow::addScreenshotAt(qint64 runNs, const QString &path)
{
    m_stepper->setEnabledForRuns(false); // the pictures own the run's clock
    m_pictures->addAt(runNs, path);
}

QString MainWindow::bannerText() const
{
    return m_views->bannerText();
}

void MainWindow::updateBanner()
{
    QString text;
    if (m_controller->isClosing() && !m_closingNote.isEmpty())
        text = m_closingNote;
    else
        text = waitingNote(m_document->run(), m_document->state(), m_document->words());
    m_views->setBanner(text);
}

void MainWindow::updateHeader()
{
    const RunInfo &info = m_document->run().info;
    QString title = info.title.isEmpty() ? info.scenarioName : info.title;
    QString description = info.description;
    if (m_scenario && (m_showPicked || (!m_controller->runner() && m_document->run().events.empty()))) {
        title = m_scenario->title;
        description = m_scenario->description;
    } else if (m_scenario && m_controller->isScenarioRun() && info.title.isEmpty()) {
        title = m_scenario->title;
    }
    if (m_opener->isOpening() && !m_controller->runner() && m_document->run().events.empty()) {
        // Nothing shown yet (poolscope BIG.poolscope): say what is coming rather than an empty pool.
        const QFileInfo file(m_opener->path());
        title = QStringLiteral("Opening %1…").arg(file.fileName());
        description = QStringLiteral("%1 MB to read and check: it shows here when done, and the window stays "
                                     "usable meanwhile (progress and Cancel in the status bar).")
                              .arg(double(file.size()) / 1e6, 0, 'f', 1);
    }
    if (title.isEmpty())
        title = QStringLiteral("poolscope");
    // The description tells the story: in predict mode it waits for the run.
    if (isPredicting() && m_predict->isAsking())
        description = QStringLiteral("Predict first: the description of this lesson shows once it has run.");
    m_views->setTitle(title);
    setWindowTitle(QStringLiteral("%1 — poolscope").arg(title));
    m_views->setDescription(description);

    m_views->setWhere(whereText());
}

QString MainWindow::whereText() const
{
    // With no menu and no status bar, the way out is said where everyone looks.
    // Predict mode says what to do next, or the score, where everyone looks (unless the time cursor
    // is somewhere: then where it is comes first).
    const bool before = m_document->cursorNs() < 0;
    const QString where = isPredicting() && m_predict->hasTasks() && before ? m_predict->promptText()
            : isPredicting() && m_document->run().events.empty() && !m_predict->notAskedText().isEmpty()
            ? m_predict->notAskedText()
                                                                               : whereInRun();
    if (!isPresenter())
        return where;
    return where.isEmpty() ? QStringLiteral("Presenter mode — F11 or Esc leaves")
                           : where + QStringLiteral("  ·  F11 leaves presenter mode");
}

QString MainWindow::whereInRun() const
{
    const bool live = m_controller->isLive();
    const QString cursor = TaskTableModel::formatSeconds(std::max<qint64>(0, m_document->cursorNs()));
    if (m_document->cursorNs() >= 0)
        return live ? QStringLiteral("At %1 on the timeline — End (or Follow live) shows now").arg(cursor)
                    : QStringLiteral("At %1 on the timeline — ←/→ step through the events, End shows the end").arg(cursor);
    if (live)
        return m_controller->isScenarioRun()
                ? QStringLiteral("Live — the scenario's program makes its calls; yours join it on the same caller thread")
                : QStringLiteral("Live — an interactive pool: your calls are the program");
    if (m_document->run().events.empty())
        return m_scenario ? QStringLiteral("Press Run (F5) to run “%1”").arg(m_scenario->title) : QString();
    const QString end = TaskTableModel::formatSeconds(m_document->run().events.back().tNs);
    return m_controller->runner() || !m_controller->isShowingSavedRun()
            ? QStringLiteral("Ended at %1 — click or drag on the timeline (or ←/→) to replay it").arg(end)
            : QStringLiteral("A saved run, ended at %1 — click or drag on the timeline (or ←/→) to replay it").arg(end);
}

void MainWindow::updateActions()
{
    const bool commands = acceptsCommands();
    const bool hasSelection = m_views->table()->selectionModel() && m_views->table()->selectionModel()->hasSelection();
    for (ActionId id : { CancelAllAction, StopAction, ClearAction, ShutdownAction })
        action(id)->setEnabled(commands);
    action(FinishAction)->setEnabled(commands && !m_controller->finishQueued());
    action(CancelAction)->setEnabled(commands && hasSelection);
    action(RunAction)->setEnabled(m_scenario.has_value() || !m_settings->pickedBuiltin().isEmpty());
    action(SaveAction)->setEnabled(!m_document->run().events.empty());
    action(PauseAction)->setEnabled(m_controller->isLive() && !m_controller->isClosing());
    action(StepAction)->setEnabled(m_controller->isLive() && m_controller->isPaused());
    action(LiveAction)->setEnabled(m_document->cursorNs() >= 0);
    // Space: Next in a narrated lesson (a clicker's key), Pause otherwise; never both.
    const bool narrated = m_stepper && m_stepper->isNarrated();
    action(NextStepAction)->setEnabled(narrated);
    action(BackStepAction)->setEnabled(narrated);
    const QList<QKeySequence> nextKeys { QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_Space) };
    const QList<QKeySequence> pauseKeys { QKeySequence(Qt::CTRL | Qt::Key_P), QKeySequence(Qt::Key_Space) };
    if (narrated && action(NextStepAction)->shortcuts() != nextKeys) {
        action(PauseAction)->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_P) });
        action(NextStepAction)->setShortcuts(nextKeys);
    } else if (!narrated && action(PauseAction)->shortcuts() != pauseKeys) {
        action(NextStepAction)->setShortcuts(nextKeys.mid(0, 2));
        action(PauseAction)->setShortcuts(pauseKeys);
    }
}

// ---------------------------------------------------------------------------------------------------
// Closing

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_controller->isLive()) {
        event->accept();
        return;
    }
    if (m_controller->isClosing()) {
        // Second close: leave now. The runner's destructor lets the remaining tasks go at their next
        // sleep (what a killed Python process would do), so the process exits cleanly.
        m_closeTimer.stop();
        event->accept();
        return;
    }
    // First close: the recipe (cancel what is pending, set the event), then wait for what runs.
    if (m_controller->beginClosing()) {
        event->accept();
        return;
    }
    event->ignore();
    updateActions();
    pollClosing();
    m_closeTimer.start();
}

void MainWindow::pollClosing()
{
    if (!m_controller->isLive()) {
        m_closeTimer.stop();
        close();
        return;
    }
    m_closingNote = m_controller->closingNote();
    updateBanner();
}

} // namespace poolscope
