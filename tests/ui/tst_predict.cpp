// SPDX-License-Identifier: MIT
// Predict, then run: the scorer against built-in lessons whose outcomes are known, and the window's
// predict mode driven with the keyboard from the guesses to the score.
#include "models/model.h"
#include "predict/predictionmodel.h"
#include "predict/predictionpanel.h"
#include "predict/predictionscore.h"
#include "replay/runreading.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "timeline/timelinepanel.h"
#include "timeline/timelineview.h"
#include "window/guimain.h"
#include "window/mainwindow.h"
#include "window/notebanner.h"
#include "window/rundocument.h"
#include "window/windowmemory.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace poolscope;

class TestPredict : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void scoresAKnownRun_data();
    void scoresAKnownRun();
    void onlyCancelledTasksAreAskedAboutCancel();
    void largePoolsAreNotAsked();
    void badGuessesNameTheEntry_data();
    void badGuessesNameTheEntry();
    void windowWaitsForGuessesThenMarksThem();
    void predictModeIsRemembered();
    void marksReadAt1280x720();
};

namespace {

// The scenario run to its end, slowed enough that its timing cannot change an outcome on a busy machine.
struct EndedRun
{
    Run run;
    RunReading reading;
};

bool runToEnd(const Scenario &scenario, EndedRun *out)
{
    RunInfo info = runInfoFor(scenario, 0.2);
    Runner runner(info, &scenario.modelRules());
    queueScenario(runner, scenario);
    if (!runner.waitFinished(std::chrono::seconds(60)))
        return false;
    out->run = runner.run();
    out->reading.reset(&out->run);
    return true;
}

} // namespace

void TestPredict::initTestCase()
{
    useLectureHallFont(); // measured with the font the window really has
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("poolscope-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_predict"));
    QSettings().clear();
}

void TestPredict::cleanupTestCase()
{
    QSettings().clear();
}

void TestPredict::scoresAKnownRun_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("guesses");
    QTest::addColumn<QString>("score");
    QTest::addColumn<QString>("task"); // whose reason is checked
    QTest::addColumn<int>("mark"); // that task's outcome guess: 1 right, 0 wrong
    QTest::addColumn<QString>("because"); // a fact its reason names

    QTest::newRow("cancel-running, all right") << "cancel-running"
                                               << "download=completed,download.cancel=False"
                                               << "2 of 2 right"
                                               << "download" << 1 << "cancel() came while it ran: it returned False";
    QTest::newRow("cancel-running, both wrong") << "cancel-running"
                                                << "download=cancelled,download.cancel=True"
                                                << "0 of 2 right"
                                                << "download" << 0 << "ran all 10 steps";
    QTest::newRow("cancel-pending, all right")
        << "cancel-pending"
        << "busy#1=completed,busy#1.cancel=False,busy#2=completed,queued#1=completed,queued#2=cancelled,"
           "queued#2.cancel=True,queued#3=completed"
        << "7 of 7 right"
        << "queued#2" << 1 << "waited in the queue: it returned True";
    QTest::newRow("cancel-pending, a queued task thought running")
        << "cancel-pending"
        << "busy#1=completed,busy#1.cancel=False,busy#2=completed,queued#1=completed,queued#2=completed,"
           "queued#2.cancel=False,queued#3=completed"
        << "5 of 7 right"
        << "queued#2" << 0 << "never started";
    QTest::newRow("stop-event, all right") << "stop-event"
                                           << "download=stopped"
                                           << "1 of 1 right"
                                           << "download" << 1 << "checks the event after each step";
    QTest::newRow("stop-event, thought it runs on") << "stop-event"
                                                    << "download=completed"
                                                    << "0 of 1 right"
                                                    << "download" << 0 << "saw it after 3 steps";
    QTest::newRow("never-checks, all right") << "never-checks"
                                             << "stubborn=completed,polite=stopped"
                                             << "2 of 2 right"
                                             << "stubborn" << 1 << "never checks the event";
    QTest::newRow("never-checks, thought the event stops it") << "never-checks"
                                                              << "stubborn=stopped,polite=stopped"
                                                              << "1 of 2 right"
                                                              << "stubborn" << 0 << "ran on to its end (5 steps)";
    QTest::newRow("failing-task, all right") << "failing-task"
                                             << "flaky=failed,flaky.cancel=False,next=completed"
                                             << "3 of 3 right"
                                             << "flaky" << 1 << "raised an exception after 2 steps";
    QTest::newRow("failing-task, cancel thought to win")
        << "failing-task"
        << "flaky=failed,flaky.cancel=True,next=completed"
        << "2 of 3 right"
        << "flaky" << 1 << "it had ended already, so cancel() returned False";
    QTest::newRow("qt-cancel-running: true, yet it runs on")
        << "qt-cancel-running"
        << "polls=stopped,polls.cancel=True,ignores=cancelled,ignores.cancel=True"
        << "3 of 4 right"
        << "ignores" << 0 << "cancel() returned true while it ran, but it never looks";
    QTest::newRow("event-wait, the waiter") << "event-wait"
                                            << "waiter=stopped,sleeper=completed"
                                            << "1 of 2 right"
                                            << "waiter" << 1 << "waits on the event: it returned at once";
}

void TestPredict::scoresAKnownRun()
{
    QFETCH(QString, scenario);
    QFETCH(QString, guesses);
    QFETCH(QString, score);
    QFETCH(QString, task);
    QFETCH(int, mark);
    QFETCH(QString, because);

    const ScenarioParseResult parsed = loadBuiltinScenario(scenario);
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    PredictionPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setScenario(&*parsed.scenario);
    QCOMPARE(panel.applyGuesses(guesses), QString());
    QCOMPARE(panel.model()->firstMissingGuess(), -1);

    EndedRun ended;
    QVERIFY(runToEnd(*parsed.scenario, &ended));
    const PredictionScore result(
        panel.model()->predictions(), ended.run, ended.reading.state(), parsed.scenario->modelRules().words());
    QCOMPARE(result.text(), score);
    const int row = panel.model()->rowOf(task);
    QVERIFY(row >= 0);
    const PredictionVerdict &verdict = result.verdicts()[size_t(row)];
    QVERIFY(verdict.found);
    QCOMPARE(int(verdict.outcomeRight), mark);
    QVERIFY2(verdict.why.contains(because), qPrintable(verdict.why));

    // The table says the same in words and glyphs.
    panel.model()->setScore(result);
    const QString guess = panel.model()->index(row, PredictionModel::GuessColumn).data().toString();
    QVERIFY2(guess.startsWith(mark ? QStringLiteral("✓") : QStringLiteral("✗")), qPrintable(guess));
    QCOMPARE(panel.model()->index(row, PredictionModel::WhyColumn).data().toString(), verdict.why);
}

void TestPredict::onlyCancelledTasksAreAskedAboutCancel()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("cancel-then-stop"));
    QVERIFY(parsed.scenario);
    // cancel_all reaches every job submitted by then; a scenario with no cancel asks about none.
    QCOMPARE(PredictionScore::cancelledByScenario(*parsed.scenario).size(), 5);
    const ScenarioParseResult stop = loadBuiltinScenario(QStringLiteral("stop-event"));
    QVERIFY(stop.scenario);
    QVERIFY(PredictionScore::cancelledByScenario(*stop.scenario).isEmpty());
    PredictionPanel panel;
    panel.setScenario(&*stop.scenario);
    const QModelIndex cancel = panel.model()->index(0, PredictionModel::CancelGuessColumn);
    QCOMPARE(cancel.data().toString(), QStringLiteral("—"));
    QVERIFY(!(panel.model()->flags(cancel) & Qt::ItemIsEditable));
}

// many-tasks has hundreds of tasks: no one answers hundreds of questions. It gets none, and says why.
void TestPredict::largePoolsAreNotAsked()
{
    const ScenarioParseResult many = loadBuiltinScenario(QStringLiteral("many-tasks"));
    QVERIFY(many.scenario);
    QVERIFY(many.scenario->instanceIds().size() > PredictionPanel::MostTasksAsked);
    PredictionPanel panel;
    panel.setScenario(&*many.scenario);
    QVERIFY(!panel.hasTasks());
    QVERIFY2(panel.notAskedText().contains(QStringLiteral("many-tasks has %1").arg(many.scenario->instanceIds().size())),
             qPrintable(panel.notAskedText()));
    const ScenarioParseResult lesson = loadBuiltinScenario(QStringLiteral("cancel-then-stop"));
    QVERIFY(lesson.scenario);
    panel.setScenario(&*lesson.scenario);
    QVERIFY(panel.hasTasks());
    QVERIFY(panel.notAskedText().isEmpty());
}

void TestPredict::badGuessesNameTheEntry_data()
{
    QTest::addColumn<QString>("guesses");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown task") << "upload=completed"
                                  << "--predict upload=completed: needs TASK=OUTCOME";
    QTest::newRow("unknown outcome") << "download=finished"
                                     << "must be one of completed, stopped, cancelled, failed";
    QTest::newRow("no cancel in this scenario") << "download.cancel=True"
                                                << "makes no cancel() on download";
    QTest::newRow("no value") << "download"
                              << "--predict download: needs TASK=OUTCOME";
}

void TestPredict::badGuessesNameTheEntry()
{
    QFETCH(QString, guesses);
    QFETCH(QString, message);
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("stop-event"));
    QVERIFY(parsed.scenario);
    PredictionPanel panel;
    panel.setScenario(&*parsed.scenario);
    const QString error = panel.applyGuesses(guesses);
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestPredict::windowWaitsForGuessesThenMarksThem()
{
    MainWindow window(0.2);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.isPredicting()); // off by default
    window.action(MainWindow::PredictAction)->trigger();
    QVERIFY(window.isPredicting());

    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("cancel-running"));
    QVERIFY(parsed.scenario);
    window.setScenario(*parsed.scenario);
    PredictionPanel *panel = window.predictionPanel();
    QVERIFY(panel->isVisible());
    QVERIFY(!window.runScenario()); // no guess yet: the run waits
    QVERIFY(window.runDocument()->run().events.empty());
    QVERIFY2(panel->promptText().contains(QStringLiteral("download has no guess")), qPrintable(panel->promptText()));

    // The keyboard: a first letter chooses, the same letter again goes on to the next word with it.
    QTableView *table = panel->table();
    table->setFocus();
    table->setCurrentIndex(panel->model()->index(0, PredictionModel::GuessColumn));
    const QModelIndex guess = panel->model()->index(0, PredictionModel::GuessColumn);
    QTest::keyClick(table, Qt::Key_C);
    QCOMPARE(guess.data(Qt::EditRole).toString(), QStringLiteral("completed"));
    QTest::keyClick(table, Qt::Key_C);
    QCOMPARE(guess.data(Qt::EditRole).toString(), QStringLiteral("cancelled"));
    QTest::keyClick(table, Qt::Key_C);
    QCOMPARE(guess.data(Qt::EditRole).toString(), QStringLiteral("completed"));
    QVERIFY(!guess.data(Qt::DecorationRole).isNull()); // its glyph beside the word
    QTest::keyClick(table, Qt::Key_Tab);
    QCOMPARE(table->currentIndex().column(), int(PredictionModel::CancelGuessColumn));
    QTest::keyClick(table, Qt::Key_T); // True: wrong, on purpose
    QCOMPARE(panel->model()->index(0, PredictionModel::CancelGuessColumn).data(Qt::EditRole).toString(),
        QStringLiteral("True"));
    // ←/→ move between the guesses, even in a narrated lesson where they are Back and Next elsewhere.
    QTest::keyClick(table, Qt::Key_Left);
    QCOMPARE(table->currentIndex().column(), int(PredictionModel::GuessColumn));
    QTest::keyClick(table, Qt::Key_Right);
    QCOMPARE(table->currentIndex().column(), int(PredictionModel::CancelGuessColumn));
    QVERIFY(window.runDocument()->run().events.empty());
    // F2 opens the list; a choice made there is the guess.
    QTest::keyClick(table, Qt::Key_F2);
    QComboBox *combo = table->findChild<QComboBox *>();
    QVERIFY(combo);
    QCOMPARE(combo->currentText(), QStringLiteral("True"));
    combo->setCurrentIndex(combo->findText(QStringLiteral("False")));
    emit combo->activated(combo->currentIndex());
    QCOMPARE(panel->model()->index(0, PredictionModel::CancelGuessColumn).data(Qt::EditRole).toString(),
        QStringLiteral("False"));
    QTRY_VERIFY_WITH_TIMEOUT(!table->findChild<QComboBox *>() || !table->findChild<QComboBox *>()->isVisible(), 5000);
    QTest::keyClick(table, Qt::Key_T); // back to True: wrong, on purpose
    QCOMPARE(panel->model()->firstMissingGuess(), -1);

    QSignalSpy finished(window.runDocument(), &RunDocument::liveFinished);
    QCOMPARE(window.action(MainWindow::RunAction)->text(), QStringLiteral("&Run and check"));
    window.action(MainWindow::RunAction)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(panel->promptText().contains(QStringLiteral("1 of 2 right")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.findChild<NoteBanner *>()->calmText().contains(QStringLiteral("1 of 2 right")), 5000);
    QVERIFY(guess.data().toString().startsWith(QStringLiteral("✓ completed")));
    const QString cancel = panel->model()->index(0, PredictionModel::CancelGuessColumn).data().toString();
    QVERIFY2(
        cancel.startsWith(QStringLiteral("✗ True")) && cancel.contains(QStringLiteral("False")), qPrintable(cancel));
    QVERIFY(!panel->model()->index(0, PredictionModel::WhyColumn).data().toString().isEmpty());
    // The description told the story: it waited for the run.
    QVERIFY(!panel->isAsking());
}

void TestPredict::predictModeIsRemembered()
{
    {
        MainWindow window;
        QVERIFY(!window.memory().predict);
        window.setPredicting(true);
        window.memory().save();
    }
    const WindowMemory memory = WindowMemory::load();
    QVERIFY(memory.predict);
    MainWindow next;
    next.recall(memory);
    QVERIFY(next.isPredicting());
    QVERIFY(next.action(MainWindow::PredictAction)->isChecked());
    next.setPredicting(false);
    next.memory().save();
    QVERIFY(!WindowMemory::load().predict);
}

void TestPredict::marksReadAt1280x720()
{
    // The README's picture: the template lesson, some guesses right and some wrong, on a projector.
    MainWindow window(0.2);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setPredicting(true);
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("cancel-then-stop"));
    QVERIFY(parsed.scenario);
    window.setScenario(*parsed.scenario);
    PredictionPanel *panel = window.predictionPanel();
    QCOMPARE(panel->applyGuesses(QStringLiteral("job#1=completed,job#1.cancel=False,job#2=stopped,job#2.cancel=True,"
                                                "job#3=cancelled,job#3.cancel=True,job#4=completed,job#4.cancel=False,"
                                                "job#5=cancelled,job#5.cancel=True")),
        QString());
    QSignalSpy finished(window.runDocument(), &RunDocument::liveFinished);
    QVERIFY(window.runScenario());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(panel->model()->isScored(), 5000);
    QCOMPARE(panel->model()->score().text(), QStringLiteral("6 of 10 right"));
    QTest::qWait(0); // the layout's queued fitting

    // Every mark and reason on one line, whole: a wrapped row would be taller than one line of text.
    const QTableView *table = panel->table();
    const int line = table->fontMetrics().lineSpacing();
    for (int row = 0; row < panel->model()->rowCount(); ++row) {
        QVERIFY2(table->rowHeight(row) < 2 * line, qPrintable(QStringLiteral("row %1 wraps").arg(row)));
        for (int column = 0; column < PredictionModel::ColumnCount; ++column) {
            const QString text = panel->model()->index(row, column).data().toString();
            QVERIFY2(table->fontMetrics().horizontalAdvance(text) < table->columnWidth(column), qPrintable(text));
        }
    }
    // Every row shown, and the timeline keeps the room to draw its lanes.
    QVERIFY(table->viewport()->height()
        >= table->rowViewportPosition(panel->model()->rowCount() - 1) + table->rowHeight(0));
    QVERIFY2(window.timeline()->view()->height() >= window.timeline()->view()->minimumSizeHint().height(),
        qPrintable(QStringLiteral("%1 < %2")
                       .arg(window.timeline()->view()->height())
                       .arg(window.timeline()->view()->minimumSizeHint().height())));
}

QTEST_MAIN(TestPredict)
#include "tst_predict.moc"
