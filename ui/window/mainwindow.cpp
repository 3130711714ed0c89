// SPDX-License-Identifier: MIT
#include "window/mainwindow.h"

#include "console/consoleview.h"
#include "io/runfile.h"
#include "io/runwriters.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "pool/poolview.h"
#include "pool/stoplamp.h"
#include "render/statepalette.h"
#include "replay/waitnote.h"
#include "runner/runner.h"
#include "scenario/scenarioplan.h"
#include "table/cancelresultsdelegate.h"
#include "table/progressdelegate.h"
#include "table/statedelegate.h"
#include "table/tasktablemodel.h"
#include "timeline/timelinepanel.h"
#include "window/legendview.h"
#include "window/queuetaskform.h"
#include "window/runcontroller.h"
#include "window/rundocument.h"
#include "window/runfiles.h"
#include "window/statuscounts.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QShowEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

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

Runner *MainWindow::runner() const
{
    return m_controller->runner();
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
    on(LargerTextAction, [this] { changeTextSize(+1); });
    on(SmallerTextAction, [this] { changeTextSize(-1); });
    on(QuitAction, [this] { close(); });
}

void MainWindow::buildMenus()
{
    // Every action once, with its shortcut shown.
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(action(OpenAction));
    file->addAction(action(SaveAction));
    QMenu *exports = file->addMenu(QStringLiteral("&Export"));
    runfiles::fillExportMenu(
            exports, this, [this] { return runToWrite(); },
            [this](const QString &path) {
                statusBar()->showMessage(QStringLiteral("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
            });
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
}

void MainWindow::buildToolBars()
{
    // Toolbar 1: what runs.
    QToolBar *runBar = addToolBar(QStringLiteral("Run"));
    runBar->setObjectName(QStringLiteral("runToolBar"));
    runBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    runBar->setMovable(false);
    auto *scenarioLabel = new QLabel(QStringLiteral(" S&cenario "), runBar);
    m_scenarioBox = new QComboBox(runBar);
    m_scenarioBox->setToolTip(QStringLiteral("The built-in scenarios: pick one, then Run (F5)"));
    m_scenarioBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult r = loadBuiltinScenario(name);
        m_scenarioBox->addItem(name, name);
        if (r.scenario)
            m_scenarioBox->setItemData(m_scenarioBox->count() - 1, r.scenario->title, Qt::ToolTipRole);
    }
    scenarioLabel->setBuddy(m_scenarioBox);
    connect(m_scenarioBox, &QComboBox::activated, this, &MainWindow::onScenarioPicked);
    runBar->addWidget(scenarioLabel);
    runBar->addWidget(m_scenarioBox);
    runBar->addAction(action(RunAction));
    runBar->addAction(action(OpenAction));
    runBar->addSeparator();
    auto *poolLabel = new QLabel(QStringLiteral(" &max_workers "), runBar);
    m_poolSize = new QSpinBox(runBar);
    m_poolSize->setRange(1, 64);
    m_poolSize->setValue(2);
    m_poolSize->setToolTip(QStringLiteral("ThreadPoolExecutor(max_workers=N): the pool size for the next Run (F5) "
                                          "or Reset (Ctrl+R)"));
    poolLabel->setBuddy(m_poolSize);
    runBar->addWidget(poolLabel);
    runBar->addWidget(m_poolSize);
    auto *scaleLabel = new QLabel(QStringLiteral(" time ×"), runBar);
    m_timeScale = new QDoubleSpinBox(runBar);
    m_timeScale->setRange(0.01, 50);
    m_timeScale->setDecimals(2);
    m_timeScale->setSingleStep(0.25);
    m_timeScale->setValue(m_initialTimeScale);
    m_timeScale->setToolTip(QStringLiteral("Slow motion (> 1) or fast (< 1): multiplies every duration of the next "
                                           "Run or Reset, as --time-scale"));
    scaleLabel->setBuddy(m_timeScale);
    runBar->addWidget(scaleLabel);
    runBar->addWidget(m_timeScale);
    runBar->addAction(action(ResetAction));
    runBar->addSeparator();
    runBar->addAction(action(StopAction));
    runBar->addAction(action(ClearAction));

    // Toolbar 2: the program's calls.
    addToolBarBreak();
    QToolBar *callBar = addToolBar(QStringLiteral("Calls"));
    callBar->setObjectName(QStringLiteral("callToolBar"));
    callBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    callBar->setMovable(false);
    m_form = new QueueTaskForm(callBar);
    callBar->addWidget(m_form);
    callBar->addAction(action(QueueAction));
    callBar->addSeparator();
    callBar->addAction(action(CancelAction));
    callBar->addAction(action(CancelAllAction));
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

}

void MainWindow::buildViews()
{
    // Header: what this run is about.
    auto *central = new QWidget(this);
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(8, 6, 8, 4);
    outer->setSpacing(4);
    m_title = new QLabel(central);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description = new QLabel(central);
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette muted = m_description->palette();
    muted.setColor(QPalette::WindowText, palette::textColor());
    m_description->setPalette(muted);
    m_banner = new QLabel(central);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setMargin(6);
    QFont bannerFont = m_banner->font();
    bannerFont.setBold(true);
    m_banner->setFont(bannerFont);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border: 2px solid %3; "
                                           "border-radius: 6px; }")
                                .arg(palette::markTint(palette::Mark::CancelRefused).name(),
                                    palette::textColor().name(), QColor(0x6B6B6B).name()));
    m_banner->hide();
    outer->addWidget(m_title);
    outer->addWidget(m_description);
    outer->addWidget(m_banner);

    // Left: the task table, the timeline and the console, one over the other (the console's lines are long).
    // Right: the event lamp, the pool and the legend.
    auto *split = new QSplitter(Qt::Horizontal, central);
    m_split = split;
    auto *left = new QSplitter(Qt::Vertical, split);
    m_leftSplit = left;
    m_table = new QTableView(left);
    m_table->setModel(m_tasks);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(false);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setItemDelegateForColumn(TaskTableModel::StateColumn, new StateDelegate(m_table));
    m_table->setItemDelegateForColumn(TaskTableModel::ProgressColumn, new ProgressDelegate(m_table));
    m_table->setItemDelegateForColumn(TaskTableModel::CancelColumn, new CancelResultsDelegate(m_table));
    m_timeline = new TimelinePanel(m_document, left);
    // The splitter may squeeze the timeline below its own wish (it scrolls and zooms); the table and the
    // console keep room for several lines each.
    m_timeline->setMinimumHeight(QFontMetrics(font()).height() * 8);
    m_table->setMinimumHeight(QFontMetrics(font()).height() * 6);
    auto heading = [](const QString &text, QWidget *parent) {
        auto *l = new QLabel(text, parent);
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
        return l;
    };
    auto *consoleBox = new QWidget(left);
    auto *consoleLayout = new QVBoxLayout(consoleBox);
    consoleLayout->setContentsMargins(0, 2, 0, 0);
    consoleLayout->setSpacing(2);
    m_console = new ConsoleView(m_document, consoleBox);
    consoleLayout->addWidget(heading(QStringLiteral("Console: what the program prints"), consoleBox));
    consoleLayout->addWidget(m_console, 1);
    left->addWidget(m_table);
    left->addWidget(m_timeline);
    left->addWidget(consoleBox);
    left->setChildrenCollapsible(false);

    // The right column scrolls rather than grow the window (16 workers need more height than 2).
    auto *rightScroll = new QScrollArea(split);
    rightScroll->setWidgetResizable(true);
    rightScroll->setFrameShape(QFrame::NoFrame);
    rightScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *right = new QWidget(rightScroll);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(6, 0, 0, 0);
    rightLayout->setSpacing(6);
    m_lamp = new StopLamp(m_document, right);
    m_pool = new PoolView(m_document, right);
    m_legend = new LegendView(right);
    rightLayout->addWidget(m_lamp);
    rightLayout->addWidget(m_pool);
    rightLayout->addWidget(heading(QStringLiteral("Legend"), right));
    rightLayout->addWidget(m_legend);
    rightLayout->addStretch(1);
    rightScroll->setWidget(right);
    rightScroll->setMinimumWidth(QFontMetrics(font()).height() * 24);
    split->addWidget(left);
    split->addWidget(rightScroll);
    split->setChildrenCollapsible(false);
    outer->addWidget(split, 1);
    setCentralWidget(central);

    // Selection in the table and on the timeline stay one.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { m_timeline->selectTask(current.isValid() ? current.row() : -1); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_timeline, &TimelinePanel::taskClicked, this, [this](int task) {
        if (task < 0 || task >= m_tasks->rowCount()) {
            m_table->clearSelection();
            return;
        }
        const QModelIndex index = m_tasks->index(task, TaskTableModel::IdColumn);
        m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    });

    // Status line: counts per state and refused cancels, and where the views are in the run.
    m_counts = new StatusCounts(m_document, statusBar());
    m_runLabel = new QLabel(statusBar());
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->addPermanentWidget(m_counts);
    applyColumnWidths();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_splitsPlaced)
        return;
    m_splitsPlaced = true;
    // Once the layout has its real size: the tasks get about two thirds of the width, and the table,
    // timeline and console share the height 38 : 37 : 25. After this the user's splitter moves are kept.
    QTimer::singleShot(0, this, [this] {
        const int w = m_split->width();
        const int right = std::max(m_split->widget(1)->minimumWidth(), w * 34 / 100);
        m_split->setSizes({ w - right, right });
        const int h = m_leftSplit->height();
        m_leftSplit->setSizes({ h * 38 / 100, h * 37 / 100, h - h * 75 / 100 });
    });
}

void MainWindow::applyColumnWidths()
{
    // From the delegates' size hints and the font, never from the rows (10,000 rows would be slow).
    QStyleOptionViewItem option;
    option.initFrom(m_table);
    option.font = m_table->font();
    option.fontMetrics = QFontMetrics(option.font);
    const QModelIndex none;
    const QFontMetrics fm(m_table->font());
    const int line = fm.height();
    QHeaderView *header = m_table->horizontalHeader();
    auto headerWidth = [&](int column) {
        return QFontMetrics(header->font()).horizontalAdvance(m_tasks->headerData(column, Qt::Horizontal).toString())
            + line * 2;
    };
    auto set = [&](int column, int width) { header->resizeSection(column, std::max(width, headerWidth(column))); };
    set(TaskTableModel::IdColumn, fm.horizontalAdvance(QStringLiteral("download#00")) + line);
    set(TaskTableModel::StateColumn, StateDelegate().sizeHint(option, none).width() * 72 / 100);
    set(TaskTableModel::ProgressColumn, ProgressDelegate().sizeHint(option, none).width() * 3 / 4);
    set(TaskTableModel::CancelColumn, CancelResultsDelegate().sizeHint(option, none).width() * 4 / 5);
    set(TaskTableModel::StopCheckColumn, fm.horizontalAdvance(QStringLiteral("waits on event")) + line / 2);
    set(TaskTableModel::WorkerColumn, fm.horizontalAdvance(QStringLiteral("worker-00")) + line);
    set(TaskTableModel::StartColumn, fm.horizontalAdvance(QStringLiteral("00.00 s")) + line);
    set(TaskTableModel::EndColumn, fm.horizontalAdvance(QStringLiteral("00.00 s")) + line);
    m_table->verticalHeader()->setDefaultSectionSize(int(line * 1.9));
}

void MainWindow::changeTextSize(int delta)
{
    QFont f = QApplication::font();
    const qreal size = std::clamp(f.pointSizeF() + delta, 8.0, 40.0);
    f.setPointSizeF(size);
    QApplication::setFont(f);
    QFont title = m_title->font();
    title.setPointSizeF(size * 1.35);
    m_title->setFont(title);
    QFont mono = m_console->font();
    mono.setPointSizeF(size);
    m_console->setFont(mono);
    applyColumnWidths();
}


// ---------------------------------------------------------------------------------------------------
// Runs

void MainWindow::onRunStarted()
{
    m_showPicked = false;
    m_screenshotTaken = false;
    action(PauseAction)->setChecked(false);
    updateHeader();
    updateActions();
}

void MainWindow::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    const int index = m_scenarioBox->findData(scenario.name);
    if (index >= 0 && scenario.source.startsWith(QLatin1Char(':'))) {
        m_scenarioBox->setCurrentIndex(index);
    } else {
        // A file's scenario is not one of the built-ins: the box must not name one that F5 would not run.
        m_scenarioBox->setPlaceholderText(QStringLiteral("file: %1").arg(QFileInfo(scenario.source).fileName()));
        m_scenarioBox->setCurrentIndex(-1);
    }
    m_poolSize->setValue(scenario.workers);
    updateHeader();
    updateActions();
}

bool MainWindow::runScenario()
{
    if (!m_scenario && m_scenarioBox->currentIndex() >= 0)
        onScenarioPicked(m_scenarioBox->currentIndex()); // Run with none chosen yet: the one shown
    if (!m_scenario)
        return false;
    m_controller->runScenario(*m_scenario, m_poolSize->value(), m_timeScale->value());
    return true;
}

void MainWindow::resetPool()
{
    m_controller->startInteractive(m_poolSize->value(), m_timeScale->value());
    note(QStringLiteral("executor = ThreadPoolExecutor(max_workers=%1); event = Event()").arg(m_poolSize->value()));
}

bool MainWindow::openFile(const QString &path)
{
    if (looksLikeRunFile(path)) {
        QString error;
        std::optional<Run> run = loadRunFile(path, &error);
        if (!run) {
            QMessageBox::warning(this, QStringLiteral("Cannot open the saved run"), error);
            return false;
        }
        if (!findModel(run->info.model)) {
            QMessageBox::warning(this, QStringLiteral("Cannot open the saved run"),
                                 QStringLiteral("%1: the run's model \"%2\" is not one this poolscope knows (%3)")
                                         .arg(path, run->info.model, modelNames().join(QStringLiteral(", "))));
            return false;
        }
        showRun(std::move(*run));
        return true;
    }
    const ScenarioParseResult result = loadScenarioFile(path);
    if (!result.scenario) {
        QMessageBox::warning(this, QStringLiteral("Cannot open the scenario"), result.errors.join(QLatin1Char('\n')));
        return false;
    }
    for (const QString &w : result.warnings)
        note(QStringLiteral("warning: ") + w);
    // A file's author is told when an action sits so near a boundary that its outcome is up to chance.
    for (const QString &w : planScenario(*result.scenario).timingWarnings)
        note(QStringLiteral("warning: %1: %2").arg(QFileInfo(path).fileName(), w));
    setScenario(*result.scenario);
    return runScenario();
}

void MainWindow::showRun(Run run)
{
    // Run (F5) runs the same scenario again when it is a built-in one.
    const QString name = run.info.scenarioName;
    const int index = m_scenarioBox->findData(name);
    const ScenarioParseResult r = index >= 0 ? loadBuiltinScenario(name) : ScenarioParseResult();
    if (r.scenario) {
        m_scenarioBox->setCurrentIndex(index);
        m_scenario = r.scenario;
    } else {
        m_scenario.reset();
        m_scenarioBox->setPlaceholderText(QStringLiteral("saved run: %1").arg(name));
        m_scenarioBox->setCurrentIndex(-1);
    }
    const int workers = run.info.workers;
    m_controller->showRun(std::move(run));
    m_poolSize->setValue(workers);
    updateHeader();
    updateActions();
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

void MainWindow::onScenarioPicked(int index)
{
    const ScenarioParseResult r = loadBuiltinScenario(m_scenarioBox->itemData(index).toString());
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

bool MainWindow::acceptsCommands() const
{
    return m_controller->acceptsCommands();
}

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
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
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

void MainWindow::setPoolSize(int workers)
{
    m_poolSize->setValue(workers);
}

int MainWindow::poolSize() const
{
    return m_poolSize->value();
}

void MainWindow::setTimeScale(double scale)
{
    m_timeScale->setValue(scale);
}

double MainWindow::timeScale() const
{
    return m_timeScale->value();
}

void MainWindow::setShutdownOptions(bool wait, bool cancelFutures)
{
    m_actions->setShutdownOptions(wait, cancelFutures);
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
    m_console->appendNote(text);
}

void MainWindow::onLiveFinished()
{
    updateActions();
    updateHeader();
    updateBanner();
    if (!m_screenshotPath.isEmpty() && !m_screenshotTaken) {
        m_screenshotTaken = true;
        // Let the views settle (layouts, the timeline's last repaint) before the picture.
        QTimer::singleShot(150, this, &MainWindow::takeScreenshot);
    }
}

void MainWindow::setScreenshotPath(const QString &path)
{
    m_screenshotPath = path;
}

void MainWindow::takeScreenshot()
{
    QApplication::processEvents();
    const QPixmap picture = grab();
    // Best PNG compression (quality 0): the README's pictures stay small.
    const bool png = m_screenshotPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive);
    if (picture.save(m_screenshotPath, nullptr, png ? 0 : -1))
        emit screenshotSaved(m_screenshotPath);
    else
        emit screenshotFailed(m_screenshotPath);
}

QString MainWindow::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void MainWindow::updateBanner()
{
    QString text;
    if (m_controller->isClosing() && !m_closingNote.isEmpty())
        text = m_closingNote;
    else
        text = waitingNote(m_document->run(), m_document->state(), m_document->words());
    if (text.isEmpty()) {
        m_banner->hide();
        m_banner->clear();
        return;
    }
    if (m_banner->text() != text)
        m_banner->setText(text);
    m_banner->show();
}

void MainWindow::updateHeader()
{
    const RunInfo &info = m_document->run().info;
    const bool live = m_controller->isLive();
    QString title = info.title.isEmpty() ? info.scenarioName : info.title;
    QString description = info.description;
    if (m_scenario && (m_showPicked || (!m_controller->runner() && m_document->run().events.empty()))) {
        title = m_scenario->title;
        description = m_scenario->description;
    } else if (m_scenario && m_controller->isScenarioRun() && info.title.isEmpty()) {
        title = m_scenario->title;
    }
    if (title.isEmpty())
        title = QStringLiteral("poolscope");
    if (m_title->text() != title) {
        m_title->setText(title);
        setWindowTitle(QStringLiteral("%1 — poolscope").arg(title));
    }
    if (m_description->text() != description)
        m_description->setText(description);

    QString where;
    if (m_document->cursorNs() >= 0)
        where = QStringLiteral("at %1 (End: live)").arg(TaskTableModel::formatSeconds(m_document->cursorNs()));
    else if (live)
        where = m_controller->isScenarioRun() ? QStringLiteral("live · scenario (you may act too)")
                                              : QStringLiteral("live · interactive");
    else if (!m_document->run().events.empty())
        where = QStringLiteral("ended at %1").arg(TaskTableModel::formatSeconds(m_document->run().events.back().tNs));
    if (m_runLabel->text() != where) {
        m_runLabel->setText(where);
        m_runLabel->setToolTip(m_controller->isScenarioRun() && live
                                       ? QStringLiteral("The scenario's program makes its own calls; yours run on the "
                                                        "same caller thread, until the program leaves its with block. "
                                                        "Reset (Ctrl+R) gives a pool only you drive")
                                       : QString());
    }
}

void MainWindow::updateActions()
{
    const bool commands = acceptsCommands();
    const bool hasSelection = m_table->selectionModel() && m_table->selectionModel()->hasSelection();
    for (ActionId id : { CancelAllAction, StopAction, ClearAction, ShutdownAction })
        action(id)->setEnabled(commands);
    action(FinishAction)->setEnabled(commands && !m_controller->finishQueued());
    action(CancelAction)->setEnabled(commands && hasSelection);
    action(RunAction)->setEnabled(m_scenario.has_value() || m_scenarioBox->currentIndex() >= 0);
    action(SaveAction)->setEnabled(!m_document->run().events.empty());
    action(PauseAction)->setEnabled(m_controller->isLive() && !m_controller->isClosing());
    action(StepAction)->setEnabled(m_controller->isLive() && m_controller->isPaused());
    action(LiveAction)->setEnabled(m_document->cursorNs() >= 0);
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
