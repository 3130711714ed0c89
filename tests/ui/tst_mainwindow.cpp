// SPDX-License-Identifier: MIT
// Drives the real window as a person would: queue, select, cancel, stop, and read what it shows.
#include "console/consoleview.h"
#include "window/mainwindow.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "window/queuetaskform.h"
#include "replay/summary.h"
#include "window/rundocument.h"
#include "io/runfile.h"
#include "window/statuscounts.h"
#include "pool/stoplamp.h"
#include "table/tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QImage>
#include <QMessageBox>
#include <QStatusBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace poolscope;

// Answers the message box a bad file brings up, keeping what it said.
class DialogAnswerer
{
public:
    DialogAnswerer()
    {
        QObject::connect(&m_poll, &QTimer::timeout, [this] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                m_text = box->text();
                box->accept();
            }
        });
        m_poll.start(20);
    }
    QString text() const { return m_text; }

private:
    QTimer m_poll;
    QString m_text;
};

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void cancelRunningPendingAndStop();
    void waitingNoteNamesTheTaskThatNeverChecks();
    void everyActionHasAShortcutAndAPythonTooltip();
    void oneClickQueuesATask();
    void closingWhileTasksRunNeverHangs();
    void badScenarioFileNamesFileAndField();
    void screenshotWhenTheRunEnds();
    void opensASavedRunWithoutRunningIt();
    void openingCanBeCancelled();
    void badSavedRunNamesFileAndOffset();

private:
    int stateOf(int row) const { return m_window->taskModel()->index(row, 0).data(TaskTableModel::StateRole).toInt(); }
    QVariant roleOf(int row, int role) const { return m_window->taskModel()->index(row, 0).data(role); }
    void select(int row)
    {
        m_window->taskView()->selectionModel()->select(
            m_window->taskModel()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }

    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>(1.0);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_window->taskModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestMainWindow::cleanup()
{
    m_tester.reset();
    m_window.reset();
}

void TestMainWindow::cancelRunningPendingAndStop()
{
    m_window->setPoolSize(1);
    m_window->action(MainWindow::ResetAction)->trigger();
    QueueTaskForm *form = m_window->queueForm();
    // t1: a long task that never checks the event; t2, t3 check it after each step. 100 ms steps.
    form->setSteps(10);
    form->setStepMs(100);
    form->setStopCheck(TaskTableModel::NeverChecks);
    m_window->action(MainWindow::QueueAction)->trigger();
    form->setStopCheck(TaskTableModel::ChecksAfterEachStep);
    form->setCount(2);
    m_window->action(MainWindow::QueueAction)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->taskModel()->rowCount(), 3, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(0), int(TaskState::Running), 5000);
    QCOMPARE(stateOf(1), int(TaskState::Pending));

    // Cancel the running one: refused, shown at once, and it runs on.
    select(0);
    QVERIFY(m_window->action(MainWindow::CancelAction)->isEnabled());
    m_window->action(MainWindow::CancelAction)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(roleOf(0, TaskTableModel::CancelRefusedRole).toBool(), 2000);
    QCOMPARE(roleOf(0, TaskTableModel::CancelResultsRole).toList(), QVariantList { false });
    QCOMPARE(stateOf(0), int(TaskState::Running));
    QVERIFY(m_window->console()->lines().join('\n').contains(QStringLiteral("t1.cancel() → False")));

    // Cancel a pending one, from the keyboard (Del): cancelled at once, and it never starts.
    select(2);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->taskView()->setFocus();
    QTest::keyClick(m_window->taskView(), Qt::Key_Delete);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(2), int(TaskState::Cancelled), 2000);
    QCOMPARE(roleOf(2, TaskTableModel::CancelResultsRole).toList(), QVariantList { true });

    // t1 completes all its steps in spite of the cancel; then t2 runs.
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(0), int(TaskState::Completed), 5000);
    QCOMPARE(roleOf(0, TaskTableModel::StepsDoneRole).toInt(), 10);
    QVERIFY(roleOf(0, TaskTableModel::CancelRefusedRole).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), int(TaskState::Running), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(roleOf(1, TaskTableModel::StepsDoneRole).toInt() >= 1, 5000);

    // Stop (Ctrl+E): the checking task returns after its step.
    QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->stopLamp()->isLit(), 2000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), int(TaskState::Stopped), 5000);
    QVERIFY(roleOf(1, TaskTableModel::StepsDoneRole).toInt() < 10);

    // Leave the with block: everything ends; the cancelled task never started.
    m_window->action(MainWindow::FinishAction)->trigger();
    QSignalSpy finished(m_window->runDocument(), &RunDocument::liveFinished);
    QVERIFY(!finished.isEmpty() || finished.wait(5000));
    QCOMPARE(roleOf(2, TaskTableModel::StartTimeRole).toLongLong(), qint64(-1));
    QCOMPARE(stateOf(2), int(TaskState::Cancelled));

    // The counts agree with the core's report.
    const std::vector<TaskSummary> report = summarize(m_window->runner()->run());
    std::array<int, TaskStateCount> expected {};
    int refused = 0;
    for (const TaskSummary &s : report) {
        ++expected[size_t(s.outcome) + 1];
        refused += int(std::count(s.cancelResults.begin(), s.cancelResults.end(), false));
    }
    QCOMPARE(m_window->statusCounts()->counts(), expected);
    QCOMPARE(m_window->statusCounts()->refusedCancels(), refused);
    QCOMPARE(expected[size_t(TaskState::Completed)], 1);
    QCOMPARE(expected[size_t(TaskState::Stopped)], 1);
    QCOMPARE(expected[size_t(TaskState::Cancelled)], 1);
    QCOMPARE(refused, 1);
    QVERIFY(m_window->console()->lines().last().endsWith(QStringLiteral("All done.")));
}

void TestMainWindow::waitingNoteNamesTheTaskThatNeverChecks()
{
    m_window->setPoolSize(1);
    m_window->resetPool();
    QueueTaskForm *form = m_window->queueForm();
    form->setSteps(8);
    form->setStepMs(100);
    form->setStopCheck(TaskTableModel::NeverChecks);
    m_window->queueTasks();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(0), int(TaskState::Running), 5000);
    m_window->stopEvent();
    QTRY_VERIFY_WITH_TIMEOUT(roleOf(0, TaskTableModel::StopRequestedRole).toBool(), 2000);
    m_window->finishPool();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->bannerText().contains(QStringLiteral("Waiting for t1: it never checks the stop event")), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(0), int(TaskState::Completed), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().isEmpty(), 3000);
}

void TestMainWindow::everyActionHasAShortcutAndAPythonTooltip()
{
    for (int id = 0; id < MainWindow::ActionCount; ++id) {
        QAction *a = m_window->action(ActionId(id));
        QVERIFY2(a, qPrintable(QString::number(id)));
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->text()));
        QVERIFY2(!a->toolTip().isEmpty(), qPrintable(a->text()));
    }
    QVERIFY(m_window->action(MainWindow::CancelAction)->toolTip().contains(QStringLiteral("future.cancel()")));
    QVERIFY(m_window->action(MainWindow::CancelAllAction)->toolTip().contains(QStringLiteral("future.cancel()")));
    QVERIFY(m_window->action(MainWindow::StopAction)->toolTip().contains(QStringLiteral("event.set()")));
    QVERIFY(m_window->action(MainWindow::ClearAction)->toolTip().contains(QStringLiteral("event.clear()")));
    QVERIFY(m_window->action(MainWindow::QueueAction)->toolTip().contains(QStringLiteral("executor.submit(")));
    QVERIFY(m_window->action(MainWindow::ShutdownAction)
                ->toolTip()
                .contains(QStringLiteral("executor.shutdown(wait=True, cancel_futures=False)")));
    m_window->setShutdownOptions(false, true);
    QVERIFY(m_window->action(MainWindow::ShutdownAction)
                ->toolTip()
                .contains(QStringLiteral("executor.shutdown(wait=False, cancel_futures=True)")));
    QVERIFY(m_window->action(MainWindow::ResetAction)->toolTip().contains(QStringLiteral("ThreadPoolExecutor(")));
}

void TestMainWindow::oneClickQueuesATask()
{
    // With no pool yet (or a finished one), one click on Queue starts a pool and queues a task with
    // the defaults: 10 steps, checking the event after each step.
    m_window->setTimeScale(0.01);
    m_window->action(MainWindow::QueueAction)->trigger();
    QVERIFY(m_window->runner());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->taskModel()->rowCount(), 1, 3000);
    QCOMPARE(roleOf(0, TaskTableModel::StepsTotalRole).toInt(), 10);
    QCOMPARE(roleOf(0, TaskTableModel::StopCheckRole).toInt(), int(TaskTableModel::ChecksAfterEachStep));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(0), int(TaskState::Completed), 5000);
    // Shutdown, then submit: CPython's RuntimeError, shown in the console.
    m_window->setShutdownOptions(true, false);
    m_window->shutdownPool();
    m_window->queueTasks();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->console()->lines().join('\n').contains(QStringLiteral("cannot schedule new futures after shutdown")),
        3000);
}

void TestMainWindow::closingWhileTasksRunNeverHangs()
{
    m_window->setPoolSize(1);
    m_window->resetPool();
    QueueTaskForm *form = m_window->queueForm();
    form->setSteps(30);
    form->setStepMs(100);
    form->setStopCheck(TaskTableModel::NeverChecks);
    form->setCount(3);
    m_window->queueTasks();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(0), int(TaskState::Running), 5000);

    // First close: pending tasks are cancelled, the event is set, and the window says what it waits for.
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().contains(QStringLiteral("Closing")), 2000);
    QVERIFY(m_window->bannerText().contains(QStringLiteral("t1")));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), int(TaskState::Cancelled), 2000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->stopLamp()->isLit(), 2000);

    // Second close: leave now; the window goes at once and the session is torn down quickly.
    QElapsedTimer timer;
    timer.start();
    QVERIFY(m_window->close());
    m_window.reset(); // joins the pool's threads
    m_tester.reset();
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void TestMainWindow::badScenarioFileNamesFileAndField()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        R"({"format":"poolscope-scenario/1","name":"broken","title":"t","description":"d","workers":0,"tasks":[]})");
    f.close();

    DialogAnswerer dialog;
    QVERIFY(!m_window->openFile(path));
    const QString shown = dialog.text();
    QVERIFY2(shown.contains(QStringLiteral("broken.json")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("workers")), qPrintable(shown));
}

void TestMainWindow::screenshotWhenTheRunEnds()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("cancel-then-stop"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("shot.png"));
    m_window->setTimeScale(0.1);
    m_window->setScenario(*parsed.scenario);
    m_window->setScreenshotPath(path);
    QSignalSpy saved(m_window.get(), &MainWindow::screenshotSaved);
    QVERIFY(m_window->runScenario());
    QVERIFY(saved.wait(10000));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), m_window->size() * m_window->devicePixelRatio());
    // The end state of the lesson: 2 stopped after refusing cancel(), 3 cancelled.
    const auto counts = m_window->statusCounts()->counts();
    QCOMPARE(counts[size_t(TaskState::Stopped)], 2);
    QCOMPARE(counts[size_t(TaskState::Cancelled)], 3);
    QCOMPARE(m_window->statusCounts()->refusedCancels(), 2);
}

void TestMainWindow::opensASavedRunWithoutRunningIt()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("never-checks"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    const Run recorded = runScenario(*parsed.scenario, 0.05);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.poolscope"));
    QString error;
    QVERIFY2(saveRunFile(recorded, path, &error), qPrintable(error));

    QSignalSpy opened(m_window.get(), &MainWindow::runFileOpened);
    QVERIFY(m_window->openFile(path));
    QVERIFY(opened.wait(10000)); // read off the GUI thread
    QVERIFY(!m_window->runDocument()->isLive());
    QVERIFY(!m_window->runner());
    QCOMPARE(m_window->taskModel()->rowCount(), int(recorded.tasks.size()));
    const std::vector<TaskSummary> report = summarize(recorded);
    for (size_t i = 0; i < report.size(); ++i)
        QCOMPARE(stateOf(int(i)), int(report[i].outcome) + 1);
    QVERIFY(m_window->console()->lines().last().endsWith(QStringLiteral("All done.")));
    QVERIFY(!m_window->action(MainWindow::StopAction)->isEnabled()); // nothing runs: no calls to make
    // The time cursor replays it: before the event was set the lamp is dark.
    m_window->runDocument()->setCursorNs(1);
    QVERIFY(!m_window->stopLamp()->isLit());
}

// Another run shown (or Cancel) while a file opens: the window keeps what it showed, and says so.
void TestMainWindow::openingCanBeCancelled()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("never-checks"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    const Run recorded = runScenario(*parsed.scenario, 0.05);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.poolscope"));
    QString error;
    QVERIFY2(saveRunFile(recorded, path, &error), qPrintable(error));

    const ScenarioParseResult other = loadBuiltinScenario(QStringLiteral("cancel-pending"));
    QVERIFY2(other.scenario, qPrintable(other.error));
    const Run shown = runScenario(*other.scenario, 0.05);
    QSignalSpy opened(m_window.get(), &MainWindow::runFileOpened);
    QSignalSpy failed(m_window.get(), &MainWindow::openFailed);
    QSignalSpy cancelled(m_window.get(), &MainWindow::openCancelled);
    QVERIFY(m_window->openFile(path));
    m_window->showRun(shown); // wins over the open under way, however far it came
    QVERIFY(cancelled.wait(10000));
    QCOMPARE(cancelled.first().at(0).toString(), path);
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Stopped opening")));
    QCOMPARE(opened.count(), 0);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(m_window->taskModel()->rowCount(), int(shown.tasks.size()));
    QCOMPARE(m_window->runDocument()->run().info.scenarioName, shown.info.scenarioName);
}

void TestMainWindow::badSavedRunNamesFileAndOffset()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("never-checks"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.poolscope"));
    QString error;
    QVERIFY2(saveRunFile(runScenario(*parsed.scenario, 0.05), path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(file.size() - 7));
    file.close();

    DialogAnswerer dialog;
    QSignalSpy failed(m_window.get(), &MainWindow::openFailed);
    QVERIFY(m_window->openFile(path));
    QVERIFY(failed.wait(10000));
    const QString shown = dialog.text();
    QCOMPARE(failed.first().at(0).toString(), path);
    QVERIFY2(shown.contains(QStringLiteral("cut.poolscope")) && shown.contains(QStringLiteral("truncated")), qPrintable(shown));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
