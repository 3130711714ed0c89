// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "csvexport.h"
#include "report.h"
#include "timelineexport.h"

#include "cancelresultsdelegate.h"
#include "consoleview.h"
#include "legendview.h"
#include "poolsession.h"
#include "poolview.h"
#include "progressdelegate.h"
#include "queuetaskform.h"
#include "runmodel.h"
#include "scenarioplan.h"
#include "sessionfile.h"
#include "statedelegate.h"
#include "statepalette.h"
#include "statuscounts.h"
#include "stoplamp.h"
#include "tasktablemodel.h"
#include "timelinepanel.h"
#include "waitnote.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScopeGuard>
#include <QPainter>
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

namespace {

QString pyBool(bool b)
{
    return b ? QStringLiteral("True") : QStringLiteral("False");
}

// Toolbar icons drawn from the state glyphs, so the buttons speak the legend's language.
QIcon glyphIcon(std::function<void(QPainter *, const QRectF &)> paint)
{
    QIcon icon;
    for (int size : { 16, 24, 32, 48, 64 }) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRectF(0, 0, size, size));
        icon.addPixmap(pm);
    }
    return icon;
}

QIcon stateGlyphIcon(TaskState s)
{
    return glyphIcon([s](QPainter *p, const QRectF &r) { palette::paintStateGlyph(p, r, s); });
}

QIcon lampIcon(bool set)
{
    return glyphIcon([set](QPainter *p, const QRectF &r) {
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(QPen(set ? palette::lampSetColor().darker(140) : QColor(0x8A8A8A), std::max(1.0, r.width() / 14)));
        p->setBrush(set ? palette::lampSetColor() : palette::lampClearColor());
        p->drawEllipse(r.adjusted(r.width() * 0.15, r.width() * 0.15, -r.width() * 0.15, -r.width() * 0.15));
    });
}

} // namespace

MainWindow::MainWindow(double timeScale, QWidget *parent)
    : QMainWindow(parent)
    , m_initialTimeScale(timeScale)
    , m_kickPending(std::make_shared<std::atomic<bool>>(false))
{
    setWindowTitle(QStringLiteral("poolscope"));
    m_run = new RunModel(this);
    m_tasks = new TaskTableModel(m_run, this);
    buildActions();
    buildUi();
    connect(m_run, &RunModel::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_run, &RunModel::sessionReset, this, [this] {
        m_blockingCalls.clear();
        m_blockingScanned = 0;
        onEventsAppended(0, int(m_run->session().events.size()));
        onStateChanged();
    });
    connect(m_run, &RunModel::eventsAppended, this, &MainWindow::onEventsAppended);
    connect(m_run, &RunModel::liveFinished, this, &MainWindow::onLiveFinished);
    connect(m_run, &RunModel::cursorChanged, this, &MainWindow::updateHeader);
    m_closeTimer.setInterval(100);
    connect(&m_closeTimer, &QTimer::timeout, this, &MainWindow::pollClosing);
    updateHeader();
    updateActions();
}

MainWindow::~MainWindow()
{
    // The session's threads call back into the RunModel (the command hook): end them first.
    retireSession();
}

// ---------------------------------------------------------------------------------------------------
// Building

void MainWindow::buildActions()
{
    auto make = [this](ActionId id, const QString &text, const QList<QKeySequence> &keys, const QString &python,
                    const QString &what, auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        QString tip = QStringLiteral("<b>%1</b>").arg(python.toHtmlEscaped());
        if (!what.isEmpty())
            tip += QStringLiteral("<br>%1").arg(what.toHtmlEscaped());
        if (!keys.isEmpty())
            tip += QStringLiteral("<br><i>Shortcut: %1</i>").arg(keys.first().toString(QKeySequence::NativeText));
        a->setToolTip(tip);
        a->setStatusTip(python + (what.isEmpty() ? QString() : QStringLiteral(" — ") + what));
        connect(a, &QAction::triggered, this, slot);
        m_actions[id] = a;
        addAction(a); // shortcuts work wherever the focus is in the window
        return a;
    };
    make(RunAction, QStringLiteral("&Run scenario"), { QKeySequence(Qt::Key_F5) },
        QStringLiteral("python3 scenario.py"), QStringLiteral("run the chosen scenario's program from the start"),
        [this] { runScenario(); })
        ->setIcon(stateGlyphIcon(TaskState::Running));
    make(OpenAction, QStringLiteral("&Open…"), { QKeySequence(Qt::CTRL | Qt::Key_O) },
        QStringLiteral("open a scenario or a saved run"),
        QStringLiteral("a scenario file (.json) to run, or a saved run (.poolscope) to inspect"),
        [this] { openDialog(); });
    make(SaveAction, QStringLiteral("&Save run…"), { QKeySequence(Qt::CTRL | Qt::Key_S) },
        QStringLiteral("save the recorded run"),
        QStringLiteral("every event so far, to reopen later without running anything"), [this] { saveRun(); });
    make(ResetAction, QStringLiteral("Rese&t pool"), { QKeySequence(Qt::CTRL | Qt::Key_R) },
        QStringLiteral("executor = ThreadPoolExecutor(max_workers=N); event = Event()"),
        QStringLiteral("a new pool and a new event, interactive; the old pool is abandoned"), [this] { resetPool(); });
    make(QueueAction, QStringLiteral("&Queue task"),
        { QKeySequence(Qt::Key_Insert), QKeySequence(Qt::CTRL | Qt::Key_N) },
        QStringLiteral("future = executor.submit(task, event)"),
        QStringLiteral("queue tasks with the settings beside the button"), [this] { queueTasks(); })
        ->setIcon(stateGlyphIcon(TaskState::Pending));
    make(CancelAction, QStringLiteral("&Cancel selected"), { QKeySequence(Qt::Key_Delete) },
        QStringLiteral("future.cancel()"),
        QStringLiteral("on each selected task; True if it was still pending, False if it runs or ended"),
        [this] { cancelSelected(); })
        ->setIcon(stateGlyphIcon(TaskState::Cancelled));
    make(CancelAllAction, QStringLiteral("Cancel &all"), { QKeySequence(Qt::SHIFT | Qt::Key_Delete) },
        QStringLiteral("for future in futures: future.cancel()"),
        QStringLiteral("every submitted future, in submission order"), [this] { cancelAll(); })
        ->setIcon(stateGlyphIcon(TaskState::Cancelled));
    make(StopAction, QStringLiteral("&Stop"), { QKeySequence(Qt::CTRL | Qt::Key_E) }, QStringLiteral("event.set()"),
        QStringLiteral("tasks that check the event return; the others run on"), [this] { stopEvent(); })
        ->setIcon(lampIcon(true));
    make(ClearAction, QStringLiteral("C&lear event"), { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E) },
        QStringLiteral("event.clear()"), QString(), [this] { clearEvent(); })
        ->setIcon(lampIcon(false));
    make(ShutdownAction, QStringLiteral("Shut&down"), { QKeySequence(Qt::CTRL | Qt::Key_D) },
        QStringLiteral("executor.shutdown(wait=True, cancel_futures=False)"),
        QStringLiteral("no new submits; running tasks are never interrupted"), [this] { shutdownPool(); })
        ->setIcon(stateGlyphIcon(TaskState::Stopped));
    auto *wait = make(ShutdownWaitOption, QStringLiteral("shutdown: &wait"), { QKeySequence(Qt::ALT | Qt::Key_W) },
        QStringLiteral("wait=True"), QStringLiteral("shutdown() blocks the caller until every task ended"), [this] {
            setShutdownOptions(
                action(ShutdownWaitOption)->isChecked(), action(ShutdownCancelFuturesOption)->isChecked());
        });
    wait->setCheckable(true);
    wait->setChecked(true);
    auto *cf = make(ShutdownCancelFuturesOption, QStringLiteral("shutdown: cancel_&futures"),
        { QKeySequence(Qt::ALT | Qt::Key_F) }, QStringLiteral("cancel_futures=True"),
        QStringLiteral("shutdown() cancels every pending future first (never running ones)"), [this] {
            setShutdownOptions(
                action(ShutdownWaitOption)->isChecked(), action(ShutdownCancelFuturesOption)->isChecked());
        });
    cf->setCheckable(true);
    make(FinishAction, QStringLiteral("&End with block"), { QKeySequence(Qt::CTRL | Qt::Key_Return) },
        QStringLiteral("# leave: with ThreadPoolExecutor() as executor:"),
        QStringLiteral("shutdown(wait=True): waits for every task, then prints All done."), [this] { finishPool(); });
    make(LiveAction, QStringLiteral("Go &live"), { QKeySequence(Qt::Key_End) }, QStringLiteral("follow the run"),
        QStringLiteral("the views show the latest moment again (after choosing one on the timeline)"),
        [this] { m_run->setCursorNs(-1); });
    make(LargerTextAction, QStringLiteral("&Larger text"),
        { QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal) },
        QStringLiteral("larger text"), QStringLiteral("for the back of the lecture hall"),
        [this] { changeTextSize(+1); });
    make(SmallerTextAction, QStringLiteral("S&maller text"), { QKeySequence(Qt::CTRL | Qt::Key_Minus) },
        QStringLiteral("smaller text"), QString(), [this] { changeTextSize(-1); });
    make(QuitAction, QStringLiteral("&Quit"), { QKeySequence(Qt::CTRL | Qt::Key_Q) }, QStringLiteral("quit"),
        QStringLiteral("pending tasks are cancelled and the event is set first"), [this] { close(); });
    setShutdownOptions(true, false);
}

void MainWindow::buildUi()
{
    // Menus: every action once, with its shortcut shown.
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(action(OpenAction));
    file->addAction(action(SaveAction));
    QMenu *exports = file->addMenu(QStringLiteral("&Export"));
    exports->setToolTipsVisible(true);
    const struct
    {
        ExportKind kind;
        const char *text;
        QKeySequence key;
        const char *tip;
    } exportItems[] = {
        { ExportKind::Trace, "Chrome &trace (Perfetto)…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
          "Chrome Trace Event JSON: open it in ui.perfetto.dev or chrome://tracing" },
        { ExportKind::Csv, "&CSV, one row per task…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
          "id, outcome, queued/started/ended ms, steps, cancel() results, stop latency" },
        { ExportKind::Png, "Timeline as &PNG…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
          "a picture of the whole timeline, sharp on a projector (2× pixels)" },
        { ExportKind::Svg, "Timeline as &SVG…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G),
          "the whole timeline as a vector picture, for slides and papers" },
    };
    for (const auto &item : exportItems) {
        QAction *a = exports->addAction(QString::fromUtf8(item.text));
        a->setShortcut(item.key);
        a->setToolTip(QString::fromUtf8(item.tip));
        addAction(a);
        connect(a, &QAction::triggered, this, [this, kind = item.kind] { exportRun(kind); });
    }
    file->addSeparator();
    file->addAction(action(QuitAction));
    QMenu *pool = menuBar()->addMenu(QStringLiteral("&Pool"));
    for (ActionId id : { RunAction, ResetAction })
        pool->addAction(action(id));
    pool->addSeparator();
    for (ActionId id : { QueueAction, CancelAction, CancelAllAction, StopAction, ClearAction, ShutdownAction,
             ShutdownWaitOption, ShutdownCancelFuturesOption, FinishAction })
        pool->addAction(action(id));
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    for (ActionId id : { LiveAction, LargerTextAction, SmallerTextAction })
        view->addAction(action(id));

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
    m_timeline = new TimelinePanel(m_run, left);
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
    m_console = new ConsoleView(m_run, consoleBox);
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
    m_lamp = new StopLamp(m_run, right);
    m_pool = new PoolView(m_run, right);
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
    m_counts = new StatusCounts(m_run, statusBar());
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
// Sessions

void MainWindow::startSession(std::unique_ptr<PoolSession> session, bool scenarioMode)
{
    retireSession();
    m_session = std::move(session);
    m_scenarioMode = scenarioMode;
    m_showPicked = false;
    m_finishQueued = scenarioMode; // queueScenario() ends with finish()
    m_errorsShown = 0;
    m_nextTask = 1;
    m_screenshotTaken = false;
    m_kickPending = std::make_shared<std::atomic<bool>>(false);
    // A command that ran on the caller thread wakes the view at once (one queued call at a time, never
    // one per step): a cancel() result shows up immediately instead of at the next tick.
    QPointer<MainWindow> self(this);
    std::shared_ptr<std::atomic<bool>> pending = m_kickPending;
    m_session->setCommandHook([self, pending] {
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
    m_run->attachLive(m_session.get());
    updateHeader();
    updateActions();
}

void MainWindow::retireSession()
{
    if (!m_session)
        return;
    m_session->setCommandHook({});
    if (m_run->isLive())
        m_run->attachLive(nullptr); // keep what was read until the next run replaces it
    // The destructor aborts the run (pending futures cancelled, the event set) and lets go of tasks that
    // never check the event at their next sleep, so this returns in about one step at most.
    m_session.reset();
}

void MainWindow::kick()
{
    m_kickPending->store(false);
    m_run->refresh();
    checkErrors();
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
    PoolSession::Info info = sessionInfoFor(*m_scenario, m_timeScale->value());
    info.workers = m_poolSize->value();
    auto session = std::make_unique<PoolSession>(info);
    PoolSession *raw = session.get();
    startSession(std::move(session), true);
    queueScenario(*raw, *m_scenario);
    m_run->refresh();
    return true;
}

void MainWindow::resetPool()
{
    PoolSession::Info info;
    info.scenarioName = QStringLiteral("interactive");
    info.title = QStringLiteral("Interactive pool");
    info.description = QStringLiteral(
        "with ThreadPoolExecutor(max_workers=%1) as executor: event = Event(). Queue tasks (Ins), select them "
        "and cancel() them (Del), set the stop event (Ctrl+E), shut the pool down (Ctrl+D), or leave the with "
        "block (Ctrl+Return). Watch which cancels are refused and which tasks cannot be stopped.")
                           .arg(m_poolSize->value());
    info.workers = m_poolSize->value();
    info.timeScale = m_timeScale->value();
    startSession(std::make_unique<PoolSession>(info), false);
    note(QStringLiteral("executor = ThreadPoolExecutor(max_workers=%1); event = Event()").arg(info.workers));
}

bool MainWindow::openFile(const QString &path)
{
    if (looksLikeSessionFile(path)) {
        QString error;
        std::optional<Session> session = loadSessionFile(path, &error);
        if (!session) {
            QMessageBox::warning(this, QStringLiteral("Cannot open the saved run"), error);
            return false;
        }
        showSession(std::move(*session));
        return true;
    }
    const ScenarioParseResult result = loadScenarioFile(path);
    if (!result.scenario) {
        QMessageBox::warning(this, QStringLiteral("Cannot open the scenario"), result.error);
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

void MainWindow::showSession(Session session)
{
    retireSession();
    m_scenarioMode = false;
    m_finishQueued = true;
    m_showPicked = false;
    // Run (F5) runs the same scenario again when it is a built-in one.
    const int index = m_scenarioBox->findData(session.scenarioName);
    const ScenarioParseResult r = index >= 0 ? loadBuiltinScenario(session.scenarioName) : ScenarioParseResult();
    if (r.scenario) {
        m_scenarioBox->setCurrentIndex(index);
        m_scenario = r.scenario;
    } else {
        m_scenario.reset();
        m_scenarioBox->setPlaceholderText(QStringLiteral("saved run: %1").arg(session.scenarioName));
        m_scenarioBox->setCurrentIndex(-1);
    }
    m_run->setSession(std::move(session));
    m_poolSize->setValue(m_run->session().workers);
    updateHeader();
    updateActions();
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open a scenario or a saved run"), QString(),
        QStringLiteral("Scenarios and runs (*.json *.poolscope);;"
                       "All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::saveRun()
{
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save the run"),
        m_run->session().scenarioName + QStringLiteral(".poolscope"), QStringLiteral("poolscope runs (*.poolscope)"));
    if (path.isEmpty())
        return;
    QString error;
    const Session session = m_session ? m_session->session() : m_run->session();
    if (!saveSessionFile(session, path, &error))
        QMessageBox::warning(this, QStringLiteral("Cannot save the run"), error);
    else
        statusBar()->showMessage(QStringLiteral("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::exportRun(ExportKind kind)
{
    const Session session = m_session ? m_session->session() : m_run->session();
    if (session.events.empty()) {
        statusBar()->showMessage(QStringLiteral("Nothing is recorded yet: run a scenario or queue a task first"), 5000);
        return;
    }
    struct Format
    {
        const char *title, *suffix, *filter;
    };
    static const Format formats[] = {
        { "Export a Chrome trace", ".trace.json", "Chrome traces (*.json)" },
        { "Export CSV", ".csv", "CSV files (*.csv)" },
        { "Export the timeline as PNG", ".png", "PNG pictures (*.png)" },
        { "Export the timeline as SVG", ".svg", "SVG pictures (*.svg)" },
    };
    const Format &f = formats[int(kind)];
    const QString path = QFileDialog::getSaveFileName(this, QString::fromUtf8(f.title),
        session.scenarioName + QString::fromUtf8(f.suffix), QString::fromUtf8(f.filter));
    if (path.isEmpty())
        return;
    QString error;
    bool ok = false;
    {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        const auto restore = qScopeGuard([] { QApplication::restoreOverrideCursor(); });
        switch (kind) {
        case ExportKind::Trace: ok = writeFileAtomically(path, traceJson(session), &error); break;
        case ExportKind::Csv: ok = exportCsvFile(session, path, &error); break;
        case ExportKind::Png: {
            TimelineExportOptions options;
            options.scale = 2.0;
            ok = exportTimelinePng(session, path, &error, options);
            break;
        }
        case ExportKind::Svg: ok = exportTimelineSvg(session, path, &error); break;
        }
    }
    if (!ok)
        QMessageBox::warning(this, QString::fromUtf8(f.title), error);
    else
        statusBar()->showMessage(QStringLiteral("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
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
    // A running scenario takes a person's commands too, until its program's final wait begins.
    return m_session && !m_closing && m_session->acceptsCommands();
}

void MainWindow::commandQueued(const QString &call)
{
    if (m_run->cursorNs() >= 0)
        m_run->setCursorNs(-1); // acting on the pool means looking at now
    if (m_run->state().callerBlocked())
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
    TaskSpec spec = m_form->spec();
    const int count = m_form->count();
    const QString group = count > 1 ? QStringLiteral("t%1-%2").arg(m_nextTask).arg(m_nextTask + count - 1)
                                    : QStringLiteral("t%1").arg(m_nextTask);
    for (int i = 0; i < count; ++i) {
        spec.id = QStringLiteral("t%1").arg(m_nextTask++);
        spec.group = group;
        m_session->submit(spec);
    }
    commandQueued(QStringLiteral("executor.submit()"));
}

void MainWindow::cancelSelected()
{
    if (!acceptsCommands())
        return;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        m_session->cancel(quint32(index.row()));
    if (!rows.isEmpty())
        commandQueued(QStringLiteral("future.cancel()"));
}

void MainWindow::cancelAll()
{
    if (!acceptsCommands())
        return;
    m_session->cancelAll();
    commandQueued(QStringLiteral("future.cancel()"));
}

void MainWindow::stopEvent()
{
    if (!acceptsCommands())
        return;
    m_session->stop();
    commandQueued(QStringLiteral("event.set()"));
}

void MainWindow::clearEvent()
{
    if (!acceptsCommands())
        return;
    m_session->clear();
    commandQueued(QStringLiteral("event.clear()"));
}

void MainWindow::shutdownPool()
{
    if (!acceptsCommands())
        return;
    const bool wait = action(ShutdownWaitOption)->isChecked();
    const bool cancelFutures = action(ShutdownCancelFuturesOption)->isChecked();
    m_session->shutdown(wait, cancelFutures);
    commandQueued(QStringLiteral("executor.shutdown()"));
}

void MainWindow::finishPool()
{
    if (!acceptsCommands())
        return;
    m_session->finish();
    m_finishQueued = true;
    commandQueued(QStringLiteral("leaving the with block"));
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
    action(ShutdownWaitOption)->setChecked(wait);
    action(ShutdownCancelFuturesOption)->setChecked(cancelFutures);
    const QString call
        = QStringLiteral("executor.shutdown(wait=%1, cancel_futures=%2)").arg(pyBool(wait), pyBool(cancelFutures));
    QAction *a = action(ShutdownAction);
    a->setToolTip(QStringLiteral("<b>%1</b><br>%2<br><i>Shortcut: %3; options: Alt+W, Alt+F</i>")
                      .arg(call,
                          wait ? QStringLiteral("blocks the caller until every task ended; running tasks are "
                                                "never interrupted")
                               : QStringLiteral("returns at once; queued work still runs in the background"),
                          a->shortcut().toString(QKeySequence::NativeText)));
    a->setStatusTip(call);
    a->setText(QStringLiteral("Shut&down") + (cancelFutures ? QStringLiteral(" (cancel_futures)") : QString())
        + (wait ? QString() : QStringLiteral(" (no wait)")));
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

void MainWindow::onEventsAppended(int first, int count)
{
    {
        const auto &all = m_run->session().events;
        if (size_t(first) < m_blockingScanned) { // late events were merged: index again
            m_blockingCalls.clear();
            m_blockingScanned = 0;
        }
        for (size_t i = m_blockingScanned; i < all.size(); ++i) {
            const BlockingCall call = blockingCallOf(all[i]);
            if (call != BlockingCall::None)
                m_blockingCalls.emplace_back(all[i].tNs, int(call));
        }
        m_blockingScanned = all.size();
    }
    // Show each cancel() result at once in the status line, with why.
    const auto &events = m_run->session().events;
    const auto &tasks = m_run->session().tasks;
    QStringList results;
    for (int i = first; i < first + count && size_t(i) < events.size(); ++i) {
        const RecordedEvent &e = events[size_t(i)];
        if (e.kind != EventKind::CancelCall || (e.flags & CancelByShutdownFlag))
            continue;
        const QString id = e.task < tasks.size() ? tasks[e.task].id : QStringLiteral("?");
        results << QStringLiteral("%1.cancel() → %2").arg(id, pyBool(e.cancelResult()));
    }
    if (!results.isEmpty()) {
        statusBar()->showMessage(results.last(), 10000);
    }
    if (m_session && !m_session->isFinished())
        checkErrors();
}

void MainWindow::checkErrors()
{
    if (!m_session)
        return;
    const QStringList errors = m_session->errors();
    for (qsizetype i = m_errorsShown; i < errors.size(); ++i) {
        note(errors[i]);
        statusBar()->showMessage(errors[i], 10000);
    }
    m_errorsShown = errors.size();
}

void MainWindow::note(const QString &text)
{
    m_console->appendNote(text);
}

void MainWindow::onLiveFinished()
{
    checkErrors();
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
    return m_banner->isVisible() || !m_banner->isHidden() ? m_banner->text() : QString();
}

void MainWindow::updateBanner()
{
    QString text;
    if (m_closing && !m_closingNote.isEmpty())
        text = m_closingNote;
    else if (m_run->state().callerBlocked()) {
        const qint64 at = m_run->state().lastEventNs();
        const auto it = std::upper_bound(m_blockingCalls.begin(), m_blockingCalls.end(), at,
            [](qint64 t, const std::pair<qint64, int> &c) { return t < c.first; });
        const BlockingCall call
            = it == m_blockingCalls.begin() ? BlockingCall::None : BlockingCall(std::prev(it)->second);
        text = waitingNote(m_run->session(), m_run->state(), call);
    }
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
    const Session &s = m_run->session();
    QString title = s.title.isEmpty() ? s.scenarioName : s.title;
    QString description = s.description;
    if (m_scenario && (m_showPicked || (!m_session && m_run->session().events.empty()))) {
        title = m_scenario->title;
        description = m_scenario->description;
    } else if (m_scenario && m_scenarioMode && s.title.isEmpty()) {
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
    if (m_run->cursorNs() >= 0)
        where = QStringLiteral("at %1 (End: live)").arg(TaskTableModel::formatSeconds(m_run->cursorNs()));
    else if (m_session && !m_session->isFinished())
        where = m_scenarioMode ? QStringLiteral("live · scenario (you may act too)") : QStringLiteral("live · interactive");
    else if (!m_run->session().events.empty())
        where = QStringLiteral("ended at %1").arg(TaskTableModel::formatSeconds(m_run->session().events.back().tNs));
    if (m_runLabel->text() != where) {
        m_runLabel->setText(where);
        m_runLabel->setToolTip(m_scenarioMode && m_session && !m_session->isFinished()
                ? QStringLiteral("The scenario's program makes its own calls; yours run on the same caller "
                                 "thread, until the program leaves its with block. Reset (Ctrl+R) gives a pool "
                                 "only you drive")
                : QString());
    }
}

void MainWindow::updateActions()
{
    const bool commands = acceptsCommands();
    const bool hasSelection = m_table->selectionModel() && m_table->selectionModel()->hasSelection();
    for (ActionId id : { CancelAllAction, StopAction, ClearAction, ShutdownAction })
        action(id)->setEnabled(commands);
    action(FinishAction)->setEnabled(commands && !m_finishQueued);
    action(CancelAction)->setEnabled(commands && hasSelection);
    action(RunAction)->setEnabled(m_scenario.has_value() || m_scenarioBox->currentIndex() >= 0);
    action(SaveAction)->setEnabled(!m_run->session().events.empty());
}

// ---------------------------------------------------------------------------------------------------
// Closing

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_session || m_session->isFinished()) {
        event->accept();
        return;
    }
    if (m_closing) {
        // Second close: leave now. The session's destructor lets the remaining tasks go at their next
        // sleep (what a killed Python process would do), so the process exits cleanly.
        m_closeTimer.stop();
        event->accept();
        return;
    }
    // First close: the recipe — cancel what is pending, set the event — then wait for what runs.
    m_closing = true;
    m_session->abort();
    if (m_session->waitFinished(std::chrono::milliseconds(50))) {
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
    if (!m_session || m_session->isFinished()) {
        m_closeTimer.stop();
        close();
        return;
    }
    m_run->refresh();
    const SessionState &state = m_run->state();
    QStringList waits;
    for (quint32 task : m_session->runningTasks()) {
        if (task >= m_run->session().tasks.size() || task >= state.tasks().size())
            continue;
        const TaskSpec &spec = m_run->session().tasks[task];
        waits << QStringLiteral("%1 (%2)").arg(spec.id, whyStillRunning(spec, state.task(task), true));
    }
    m_closingNote = QStringLiteral("Closing: pending tasks were cancelled and the stop event is set. Waiting for %1. "
                                   "Close again to quit now.")
                        .arg(waits.isEmpty() ? QStringLiteral("the workers") : waits.join(QStringLiteral(", ")));
    updateBanner();
}

} // namespace poolscope
