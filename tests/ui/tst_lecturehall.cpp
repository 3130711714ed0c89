// SPDX-License-Identifier: MIT
// The window as a lecture hall sees it: a 1280×720 projector (and 1920×1080 at scale 2, 960×540), presenter
// mode, every command reachable, nothing the lesson needs hidden behind "…", marks that last, labels that
// are not stale.
#include "code/pythonpane.h"
#include "console/consoleview.h"
#include "lesson/narrationbar.h"
#include "lesson/narrationstepper.h"
#include "record/recordedevent.h"
#include "record/run.h"
#include "render/statepalette.h"
#include "scenario/scenario.h"
#include "table/cancelresultsdelegate.h"
#include "table/statedelegate.h"
#include "table/tasktablemodel.h"
#include "window/guimain.h"
#include "window/mainwindow.h"
#include "window/presentermode.h"
#include "window/rundocument.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QToolBar>
#include <QToolButton>

using namespace poolscope;

namespace {

// The letter after a lone '&' ("Ca&ncel all" → 'n'), lower-case; 0 when there is none.
QChar mnemonicOf(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return QChar();
}

QString describe(const QMultiHash<QChar, QString> &seen, QChar key)
{
    return QStringLiteral("Alt+%1 is bound %2 times: %3").arg(key).arg(seen.count(key)).arg(seen.values(key).join(QStringLiteral(", ")));
}

} // namespace

class TestLectureHall : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { useLectureHallFont(); } // measured with the font the window really has
    void init();
    void cleanup();
    void windowFitsTheScreen_data();
    void windowFitsTheScreen();
    void everyToolbarCommandShowsAt1280();
    void mnemonicsAreUnique();
    void builtinsNeedNoGlyphOnlyCells_data();
    void builtinsNeedNoGlyphOnlyCells();
    void ignoredStopMarkLasts();
    void progressGrowsBetweenEvents();
    void labelsAreNotStale();
    void consoleFollowsTheTimeCursor();
    void presenterModeAndEscape();
    void pythonPaneMarksTheLatestCall();
    void narrationStepsThroughTheLesson();

private:
    bool runToTheEnd(const QString &scenario, double timeScale);
    int rowOf(const QString &id) const;

    std::unique_ptr<MainWindow> m_window;
};

void TestLectureHall::init()
{
    m_window = std::make_unique<MainWindow>(1.0);
    m_window->resize(1280, 720);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestLectureHall::cleanup()
{
    if (m_window && m_window->isPresenter())
        m_window->setPresenter(false);
    m_window.reset();
}

bool TestLectureHall::runToTheEnd(const QString &scenario, double timeScale)
{
    const ScenarioParseResult parsed = loadBuiltinScenario(scenario);
    if (!parsed.scenario)
        return false;
    m_window->setScenario(*parsed.scenario);
    m_window->setTimeScale(timeScale);
    QSignalSpy finished(m_window->runDocument(), &RunDocument::liveFinished);
    if (!m_window->runScenario())
        return false;
    return !finished.isEmpty() || finished.wait(60000);
}

int TestLectureHall::rowOf(const QString &id) const
{
    const TaskTableModel *model = m_window->taskModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(TaskTableModel::TaskIdRole).toString() == id)
            return row;
    }
    return -1;
}

void TestLectureHall::windowFitsTheScreen_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("presenter");
    QTest::newRow("projector 1280x720") << QSize(1280, 720) << false;
    QTest::newRow("projector 1280x720, presenter") << QSize(1280, 720) << true;
    QTest::newRow("1920x1080 at scale 2") << QSize(960, 540) << false;
}

void TestLectureHall::windowFitsTheScreen()
{
    QFETCH(QSize, size);
    QFETCH(bool, presenter);
    m_window->setPresenter(presenter, false);
    QVERIFY(runToTheEnd(QStringLiteral("cancel-then-stop"), 0.25));
    m_window->resize(size);
    QApplication::processEvents();
    // The layout's minimum is what would push the window past the screen's edge.
    const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    QVERIFY2(minimum.width() <= size.width() && minimum.height() <= size.height(),
             qPrintable(QStringLiteral("the window needs at least %1×%2").arg(minimum.width()).arg(minimum.height())));
    QTRY_COMPARE(m_window->size(), size);
}

void TestLectureHall::everyToolbarCommandShowsAt1280()
{
    QApplication::processEvents();
    const QList<QToolBar *> bars = m_window->findChildren<QToolBar *>();
    QVERIFY(bars.size() >= 2);
    for (QToolBar *bar : bars) {
        // No » hiding commands.
        for (QToolButton *button : bar->findChildren<QToolButton *>(QStringLiteral("qt_toolbar_ext_button")))
            QVERIFY2(!button->isVisible(), qPrintable(bar->windowTitle() + QStringLiteral(" hides commands behind »")));
        for (QAction *action : bar->actions()) {
            if (action->isSeparator() || !action->isVisible())
                continue;
            QWidget *widget = bar->widgetForAction(action);
            QVERIFY2(widget && widget->isVisible(), qPrintable(action->text()));
            QVERIFY2(bar->rect().contains(widget->geometry()), qPrintable(action->text() + QStringLiteral(" is cut")));
            // With its words, not only an icon, at a projector's width.
            if (auto *button = qobject_cast<QToolButton *>(widget); button && !action->icon().isNull())
                QCOMPARE(button->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
        }
    }
}

void TestLectureHall::mnemonicsAreUnique()
{
    // Alt+letter at the window's level: menu titles, toolbar buttons and labelled fields.
    QMultiHash<QChar, QString> window;
    for (QAction *menu : m_window->menuBar()->actions())
        window.insert(mnemonicOf(menu->text()), menu->text());
    for (QToolBar *bar : m_window->findChildren<QToolBar *>()) {
        for (QAction *action : bar->actions()) {
            if (!action->isSeparator() && bar->widgetForAction(action) && !qobject_cast<QLabel *>(bar->widgetForAction(action)))
                window.insert(mnemonicOf(action->text()), action->text());
        }
        // Not the Queue task form's: it is a popup of its own, where Alt+letter is the popup's.
        for (QLabel *label : bar->findChildren<QLabel *>()) {
            if (label->window() == m_window.get())
                window.insert(mnemonicOf(label->text()), label->text());
        }
    }
    window.remove(QChar());
    for (QChar key : window.uniqueKeys())
        QVERIFY2(window.count(key) == 1, qPrintable(describe(window, key)));
    // Inside each menu, its own letters.
    for (QMenu *menu : m_window->findChildren<QMenu *>()) {
        QMultiHash<QChar, QString> items;
        for (QAction *action : menu->actions()) {
            if (!action->isSeparator())
                items.insert(mnemonicOf(action->text()), action->text());
        }
        items.remove(QChar());
        for (QChar key : items.uniqueKeys())
            QVERIFY2(items.count(key) == 1, qPrintable(menu->title() + QStringLiteral(": ") + describe(items, key)));
    }
}

void TestLectureHall::builtinsNeedNoGlyphOnlyCells_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult parsed = loadBuiltinScenario(name);
        // The lessons, not the large-pool demonstrations with hundreds of rows.
        int tasks = 0;
        for (const TaskGroup &group : parsed.scenario ? parsed.scenario->groups : QList<TaskGroup>())
            tasks += group.count;
        if (parsed.scenario && tasks <= 12)
            QTest::newRow(qPrintable(name)) << name;
    }
}

void TestLectureHall::builtinsNeedNoGlyphOnlyCells()
{
    QFETCH(QString, scenario);
    QVERIFY(runToTheEnd(scenario, 0.25));
    QApplication::processEvents();
    const TaskTableModel *model = m_window->taskModel();
    const QTableView *table = m_window->taskView();
    const QHeaderView *header = table->horizontalHeader();
    // The cells' words fit their columns: the delegates fall back to glyphs only below these widths.
    const int cancelNeeds = model->mostCancelResults() == 0 && !model->anyCancelledByShutdown()
            ? 0
            : CancelResultsDelegate::widthFor(table->fontMetrics(), model->mostCancelResults(), model->anyCancelledByShutdown());
    QVERIFY2(header->sectionSize(TaskTableModel::CancelColumn) >= cancelNeeds,
             qPrintable(QStringLiteral("cancel() column %1 < %2").arg(header->sectionSize(TaskTableModel::CancelColumn)).arg(cancelNeeds)));
    const int stateNeeds = StateDelegate::widthFor(table->font(), model->anyCancelRefused(), model->anyIgnoredStop(),
                                                   model->anyStopRequested(), model->longestNotes());
    QVERIFY2(header->sectionSize(TaskTableModel::StateColumn) >= stateNeeds,
             qPrintable(QStringLiteral("state column %1 < %2").arg(header->sectionSize(TaskTableModel::StateColumn)).arg(stateNeeds)));
    // The plain text columns hold every row's words whole (the view would cut them with "…"): the
    // check words were once measured from rows not yet submitted, which are blank.
    const int margins = 2 * (table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1);
    for (int column : { int(TaskTableModel::IdColumn), int(TaskTableModel::StopCheckColumn), int(TaskTableModel::WorkerColumn) }) {
        if (table->isColumnHidden(column))
            continue;
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString text = model->index(row, column).data().toString();
            QVERIFY2(table->fontMetrics().horizontalAdvance(text) + margins <= header->sectionSize(column),
                     qPrintable(QStringLiteral("row %1 column %2: '%3' needs %4, has %5")
                                        .arg(row)
                                        .arg(column)
                                        .arg(text)
                                        .arg(table->fontMetrics().horizontalAdvance(text) + margins)
                                        .arg(header->sectionSize(column))));
        }
    }
    // And the lesson's columns are on the screen, not scrolled off.
    for (int column : { int(TaskTableModel::IdColumn), int(TaskTableModel::StateColumn), int(TaskTableModel::ProgressColumn),
                        int(TaskTableModel::CancelColumn), int(TaskTableModel::StopCheckColumn) }) {
        QVERIFY(!table->isColumnHidden(column));
        QVERIFY2(header->sectionViewportPosition(column) + header->sectionSize(column) <= table->viewport()->width(),
                 qPrintable(QStringLiteral("column %1 is off-screen: sections %2, viewport %3")
                                    .arg(column)
                                    .arg([&] {
                                        QStringList sizes;
                                        for (int c = 0; c < header->count(); ++c)
                                            sizes << (table->isColumnHidden(c) ? QStringLiteral("-") : QString::number(header->sectionSize(c)));
                                        return sizes.join(QLatin1Char(' '));
                                    }())
                                    .arg(table->viewport()->width())));
    }
}

void TestLectureHall::ignoredStopMarkLasts()
{
    QVERIFY(runToTheEnd(QStringLiteral("never-checks"), 0.5));
    const int stubborn = rowOf(QStringLiteral("stubborn"));
    const int polite = rowOf(QStringLiteral("polite"));
    QVERIFY(stubborn >= 0 && polite >= 0);
    const TaskTableModel *model = m_window->taskModel();
    // After the run, not only while it ran: the task that never looked says it ignored the stop, and how long.
    QCOMPARE(model->index(stubborn, 0).data(TaskTableModel::StateRole).toInt(), int(TaskState::Completed));
    QCOMPARE(model->index(stubborn, 0).data(TaskTableModel::IgnoredStopRole).toInt(), 4);
    QCOMPARE(model->index(polite, 0).data(TaskTableModel::IgnoredStopRole).toInt(), -1);
    QVERIFY(model->index(stubborn, TaskTableModel::StateColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("ignored")));
    QVERIFY(m_window->console()->lines().join('\n').contains(QStringLiteral("ignored the stop")));
}

void TestLectureHall::progressGrowsBetweenEvents()
{
    // Steps of 300 ms (never-checks at time ×1): many display ticks inside one step, no event between them.
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("never-checks"));
    QVERIFY(parsed.scenario);
    m_window->setScenario(*parsed.scenario);
    m_window->setTimeScale(1.0);
    QVERIFY(m_window->runScenario());
    const TaskTableModel *model = m_window->taskModel();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("stubborn")) >= 0, 5000);
    const QModelIndex progress = model->index(rowOf(QStringLiteral("stubborn")), TaskTableModel::ProgressColumn);
    QTRY_VERIFY_WITH_TIMEOUT(progress.data(TaskTableModel::StateRole).toInt() == int(TaskState::Running)
                                     && progress.data(TaskTableModel::StepFractionRole).toDouble() > 0.0,
                             5000);
    QSignalSpy changed(const_cast<TaskTableModel *>(model), &QAbstractItemModel::dataChanged);
    // Two readings within one step differ: the fraction grows with the clock, not with events.
    int steps = -1;
    double first = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const int s = progress.data(TaskTableModel::StepsDoneRole).toInt();
                const double f = progress.data(TaskTableModel::StepFractionRole).toDouble();
                if (s != steps || first < 0) {
                    steps = s;
                    first = f;
                    return false;
                }
                return f > first + 0.05;
            }(),
            10000);
    QVERIFY(!changed.isEmpty()); // the views were told (the progress cell), at display rate
    m_window->action(StopAction)->trigger();
}

void TestLectureHall::labelsAreNotStale()
{
    QVERIFY(runToTheEnd(QStringLiteral("cancel-then-stop"), 0.25));
    m_window->statusBar()->showMessage(QStringLiteral("job#5.cancel() → True"));
    // A new run starts with no news from the last one.
    QSignalSpy finished(m_window->runDocument(), &RunDocument::liveFinished);
    m_window->action(RunAction)->trigger();
    QCOMPARE(m_window->statusBar()->currentMessage(), QString());
    // "Follow live" only while there is a live run to follow.
    QToolButton *follow = nullptr;
    for (QToolButton *b : m_window->findChildren<QToolButton *>()) {
        if (b->text() == QStringLiteral("Follow live"))
            follow = b;
    }
    QVERIFY(follow);
    QVERIFY(follow->isVisible());
    QVERIFY(finished.wait(60000));
    QVERIFY(!follow->isVisible());
    // After Reset pool the scenario box no longer names the scenario.
    auto *box = m_window->findChild<QComboBox *>();
    QVERIFY(box);
    QVERIFY(box->currentIndex() >= 0);
    m_window->action(ResetAction)->trigger();
    QCOMPARE(box->currentIndex(), -1);
    QVERIFY(box->placeholderText().contains(QStringLiteral("interactive")));
    QVERIFY(!m_window->action(RunAction)->isEnabled());
}

void TestLectureHall::consoleFollowsTheTimeCursor()
{
    QVERIFY(runToTheEnd(QStringLiteral("cancel-then-stop"), 0.25));
    ConsoleView *console = m_window->console();
    QVERIFY(console->extraSelections().isEmpty());
    // At a moment after the cancels: the marked line is the last printed by then, not the end's "All done."
    const Run &run = m_window->runDocument()->run();
    qint64 cancelNs = -1;
    for (const RecordedEvent &e : run.events) {
        if (e.kind == EventKind::CancelCall && cancelNs < 0)
            cancelNs = e.tNs;
    }
    QVERIFY(cancelNs > 0);
    m_window->runDocument()->setCursorNs(cancelNs);
    QCOMPARE(console->extraSelections().size(), 1);
    const QString marked = console->extraSelections().first().cursor.block().text();
    QVERIFY2(!marked.contains(QStringLiteral("All done")), qPrintable(marked));
    // Back to now: no mark.
    m_window->runDocument()->setCursorNs(-1);
    QVERIFY(console->extraSelections().isEmpty());
}

void TestLectureHall::presenterModeAndEscape()
{
    const qreal normalSize = QApplication::font().pointSizeF();
    m_window->action(PresenterAction)->trigger();
    QVERIFY(m_window->isPresenter());
    QVERIFY(m_window->action(PresenterAction)->isChecked());
    QVERIFY(!m_window->menuBar()->isVisible());
    QVERIFY(!m_window->statusBar()->isVisible());
    QVERIFY(palette::highContrast());
    QCOMPARE(QApplication::font().pointSizeF(), normalSize + PresenterMode::TextStep);
    QTRY_VERIFY(m_window->isFullScreen());
    // Esc leaves, as in a slide program, and everything comes back.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(!m_window->isPresenter());
    QVERIFY(!m_window->action(PresenterAction)->isChecked());
    QVERIFY(m_window->menuBar()->isVisible());
    QVERIFY(m_window->statusBar()->isVisible());
    QVERIFY(!palette::highContrast());
    QCOMPARE(QApplication::font().pointSizeF(), normalSize);
    QTRY_VERIFY(!m_window->isFullScreen());
}

void TestLectureHall::pythonPaneMarksTheLatestCall()
{
    QVERIFY(runToTheEnd(QStringLiteral("cancel-then-stop"), 0.25));
    PythonPane *pane = m_window->findChild<PythonPane *>();
    QVERIFY(pane && pane->hasProgram());
    // View › Python program (Ctrl+3) brings it up, Ctrl+1 the console again: keys, not only a tab click.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    const int consoleWidth = m_window->console()->width();
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(m_window->sidePane(), RunViews::SidePane::Python);
    QVERIFY(pane->isVisible());
    // The program's lines are long: its column widens while it shows, and gives the room back after.
    QTRY_VERIFY2(pane->width() > consoleWidth * 5 / 4,
                 qPrintable(QStringLiteral("python %1, console %2").arg(pane->width()).arg(consoleWidth)));
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(m_window->sidePane(), RunViews::SidePane::Legend);
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(m_window->sidePane(), RunViews::SidePane::Console);
    QVERIFY(!pane->isVisible());
    QTRY_COMPARE(m_window->console()->width(), consoleWidth);
    QVERIFY(pane->programText().contains(QStringLiteral("ThreadPoolExecutor(max_workers=2)")));
    auto lineText = [pane](int line) { return pane->document()->findBlockByNumber(line - 1).text(); };
    // Ended: past the with block.
    QVERIFY2(lineText(pane->markedLine()).contains(QStringLiteral("leaving the with block")), qPrintable(lineText(pane->markedLine())));
    // The time cursor after the cancels (2.5 s at time ×0.25) and before them.
    m_window->runDocument()->setCursorNs(700'000'000);
    QVERIFY2(lineText(pane->markedLine()).contains(QStringLiteral("event.set()")), qPrintable(lineText(pane->markedLine())));
    m_window->runDocument()->setCursorNs(300'000'000);
    QVERIFY2(lineText(pane->markedLine()).contains(QStringLiteral("submit(")), qPrintable(lineText(pane->markedLine())));
    if (qEnvironmentVariableIsSet("POOLSCOPE_TEST_PICTURES")) {
        m_window->findChild<QTabWidget *>()->setCurrentWidget(pane);
        QApplication::processEvents();
        m_window->grab().save(qEnvironmentVariable("POOLSCOPE_TEST_PICTURES") + QStringLiteral("/python-pane.png"));
    }
    // An interactive pool has no program.
    m_window->action(ResetAction)->trigger();
    QVERIFY(!pane->hasProgram());
}

void TestLectureHall::narrationStepsThroughTheLesson()
{
    // never-checks: steps at 0, 450, 600 and 1500 ms; at time ×0.5 the run's clock stops at 225 ms for Next.
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("never-checks"));
    QVERIFY(parsed.scenario && parsed.scenario->narration.size() == 4);
    m_window->setScenario(*parsed.scenario);
    m_window->setTimeScale(0.5);
    NarrationStepper *stepper = m_window->narration();
    NarrationBar *bar = m_window->findChild<NarrationBar *>();
    QVERIFY(bar && bar->isVisible());
    // Space is the clicker's Next here, not Pause.
    QVERIFY(m_window->action(NextStepAction)->shortcuts().contains(QKeySequence(Qt::Key_Space)));
    QVERIFY(!m_window->action(PauseAction)->shortcuts().contains(QKeySequence(Qt::Key_Space)));
    stepper->setStopAtSteps(true);
    QSignalSpy finished(m_window->runDocument(), &RunDocument::liveFinished);
    QVERIFY(m_window->runScenario());
    QTRY_VERIFY_WITH_TIMEOUT(stepper->waitingForNext() && stepper->current() == 1, 10000);
    QTRY_VERIFY2(bar->text().contains(QStringLiteral("Step 2 of 4")), qPrintable(bar->text())); // at the next display tick
    // The run waits: nothing ends while the room is told what to watch.
    QVERIFY(finished.isEmpty());
    QCOMPARE(m_window->taskModel()->index(0, 0).data(TaskTableModel::StateRole).toInt(), int(TaskState::Running));
    // Next (→): on to the next step's moment, where it waits again.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_Right);
    QTRY_VERIFY_WITH_TIMEOUT(stepper->waitingForNext() && stepper->current() == 2, 10000);
    // Back (←) moves the time cursor to the step before; nothing runs again.
    QTest::keyClick(m_window.get(), Qt::Key_Left);
    QCOMPARE(stepper->current(), 1);
    QCOMPARE(m_window->runDocument()->cursorNs(), qint64(225'000'000));
    QVERIFY(finished.isEmpty());
    // Next replays forward to what was recorded, then lets the run go on.
    QTest::keyClick(m_window.get(), Qt::Key_PageDown);
    QCOMPARE(stepper->current(), 2);
    stepper->setStopAtSteps(false);
    m_window->runDocument()->setCursorNs(-1);
    QVERIFY(!finished.isEmpty() || finished.wait(20000));
    QTRY_COMPARE(stepper->current(), 3);
    QTRY_VERIFY2(bar->text().contains(QStringLiteral("Step 4 of 4")), qPrintable(bar->text()));
    // Not narrated: the bar hides and Space is Pause again.
    m_window->action(ResetAction)->trigger();
    QVERIFY(!bar->isVisible());
    QVERIFY(m_window->action(PauseAction)->shortcuts().contains(QKeySequence(Qt::Key_Space)));
}

QTEST_MAIN(TestLectureHall)
#include "tst_lecturehall.moc"
