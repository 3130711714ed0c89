// SPDX-License-Identifier: MIT
// Thousands of random actions on the real window, as an impatient person would make them: queue, cancel,
// cancel all, stop, clear, shut down, leave the with block, run a built-in, reset, pause, scrub the time
// cursor, open a saved run, close. No crash, no hang, and the status line always agrees with the
// interpreter. The seed is printed; POOLSCOPE_MONKEY_SEED replays a run, POOLSCOPE_MONKEY_ACTIONS sets
// its length. CI runs it under AddressSanitizer+UBSan too.
#include "io/runfile.h"
#include "predict/predictionmodel.h"
#include "predict/predictionpanel.h"
#include "replay/runstate.h"
#include "runner/runner.h"
#include "scenario/scenario.h"
#include "table/tasktablemodel.h"
#include "threadtestsupport.h"
#include "timeline/timelinepanel.h"
#include "timeline/timelineview.h"
#include "window/mainwindow.h"
#include "window/queuetaskform.h"
#include "window/runcontroller.h"
#include "window/rundocument.h"
#include "window/statuscounts.h"

#include <QAction>
#include <QApplication>
#include <QRandomGenerator>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;
using namespace std::chrono_literals;

namespace {

// The offscreen platform says this for every window it shows: thousands of times, and no news.
QtMessageHandler g_previousHandler = nullptr;

void quietOffscreen(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("propagateSizeHints")))
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}

} // namespace

class tst_WindowMonkey : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { g_previousHandler = qInstallMessageHandler(quietOffscreen); }
    void randomActions();

private:
    std::unique_ptr<MainWindow> newWindow();
    void act(MainWindow &w, int action);
    void settle(int ms);

    QRandomGenerator m_rng;
    QTemporaryDir m_dir;
    QStringList m_builtins;
    int m_saved = 0;
};

std::unique_ptr<MainWindow> tst_WindowMonkey::newWindow()
{
    auto w = std::make_unique<MainWindow>(0.02);
    w->resize(1280, 720);
    w->show();
    w->setTimeScale(0.02);
    w->setPoolSize(1 + int(m_rng.bounded(4)));
    return w;
}

void tst_WindowMonkey::settle(int ms)
{
    // Let the window breathe as a person's pace would: the display-rate refresh and the queued kicks run.
    QTest::qWait(ms);
}

void tst_WindowMonkey::act(MainWindow &w, int action)
{
    RunDocument *doc = w.runDocument();
    switch (action) {
    case 0: // queue tasks, with random settings
    case 1:
        w.queueForm()->setCount(1 + int(m_rng.bounded(4)));
        w.queueForm()->setSteps(int(m_rng.bounded(5)));
        w.queueForm()->setStepMs(1 + int(m_rng.bounded(30)));
        w.queueForm()->setStopCheck(int(m_rng.bounded(3)));
        w.queueForm()->setFailAtStep(m_rng.bounded(4) == 0 ? int(m_rng.bounded(3)) : -1);
        w.queueTasks();
        break;
    case 2: { // select a few rows and cancel them
        const int rows = w.taskModel()->rowCount();
        if (rows > 0) {
            QItemSelection selection;
            for (int k = int(m_rng.bounded(3)); k >= 0; --k) {
                const QModelIndex i = w.taskModel()->index(int(m_rng.bounded(rows)), 0);
                selection.select(i, i);
            }
            w.taskView()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
        w.cancelSelected();
        break;
    }
    case 3: w.cancelAll(); break;
    case 4: w.stopEvent(); break;
    case 5: w.clearEvent(); break;
    case 6:
        w.setShutdownOptions(m_rng.bounded(2) == 0, m_rng.bounded(2) == 0);
        w.shutdownPool();
        break;
    case 7: w.finishPool(); break;
    case 8: { // run a built-in, fast
        const ScenarioParseResult r = loadBuiltinScenario(m_builtins[int(m_rng.bounded(m_builtins.size()))]);
        QVERIFY2(r.scenario, qPrintable(r.error));
        w.setScenario(*r.scenario);
        w.setTimeScale(0.01 + m_rng.bounded(5) * 0.01);
        if (m_rng.bounded(4) == 0) // predict mode on or off; on, every question gets a random answer
            w.setPredicting(!w.isPredicting());
        if (w.isPredicting()) {
            PredictionModel *guesses = w.predictionPanel()->model();
            for (int row = 0; row < guesses->rowCount(); ++row) {
                for (int column : { int(PredictionModel::GuessColumn), int(PredictionModel::CancelGuessColumn) }) {
                    const QModelIndex cell = guesses->index(row, column);
                    const QStringList choices = cell.data(PredictionModel::ChoicesRole).toStringList();
                    if (!choices.isEmpty())
                        QVERIFY(guesses->setData(cell, choices[int(m_rng.bounded(choices.size()))]));
                }
            }
            QCOMPARE(guesses->firstMissingGuess(), -1);
        }
        QVERIFY(w.runScenario());
        break;
    }
    case 9:
        w.setPoolSize(1 + int(m_rng.bounded(4)));
        w.resetPool();
        break;
    case 10: { // scrub the time cursor, or go live
        const qint64 end = doc->endNs();
        doc->setCursorNs(m_rng.bounded(4) == 0 || end <= 0 ? -1 : qint64(m_rng.bounded(quint64(end) + 1)));
        break;
    }
    case 11: // step the cursor with the keys
        w.timeline()->view()->stepCursor(m_rng.bounded(2) == 0 ? -1 : 1);
        break;
    case 12: { // save what ran, and open it
        if (doc->run().events.empty())
            break;
        const QString path = m_dir.filePath(QStringLiteral("run%1.poolscope").arg(m_saved++ % 4));
        QString error;
        const Run run = w.runner() ? w.runner()->run() : doc->run();
        QVERIFY2(saveRunFile(run, path, &error), qPrintable(error));
        QVERIFY(w.openFile(path));
        break;
    }
    case 13: // pause or resume, and step
        if (w.action(PauseAction)->isEnabled())
            w.action(PauseAction)->trigger();
        if (w.action(StepAction)->isEnabled() && m_rng.bounded(2) == 0)
            w.action(StepAction)->trigger();
        break;
    }
}

void tst_WindowMonkey::randomActions()
{
    const quint32 seed = quint32(envInt("POOLSCOPE_MONKEY_SEED", int(QRandomGenerator::global()->bounded(1u << 30))));
    const int actions = envInt("POOLSCOPE_MONKEY_ACTIONS", 1500);
    qInfo("seed %u (POOLSCOPE_MONKEY_SEED=%u replays it), %d actions", seed, seed, actions);
    m_rng.seed(seed);
    m_builtins = builtinScenarioNames();
    QVERIFY(m_dir.isValid());
    test::Watchdog watchdog(std::chrono::seconds(60 + actions / 4), "the random actions");

    std::unique_ptr<MainWindow> w = newWindow();
    int closes = 0;
    for (int i = 0; i < actions; ++i) {
        const int action = int(m_rng.bounded(15));
        if (action == 14) { // close the window (a run still going: the first close cancels and waits)
            ++closes;
            w->close();
            settle(int(m_rng.bounded(30)));
            if (w->isVisible())
                w->close(); // the second close quits at once
            QVERIFY(!w->isVisible());
            w = newWindow();
            continue;
        }
        act(*w, action);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("seed %1, action %2 (kind %3)").arg(seed).arg(i).arg(action)));
        settle(int(m_rng.bounded(8)));
        // What the status line shows is what the interpreter says, at the cursor.
        const RunDocument *doc = w->runDocument();
        QCOMPARE(w->statusCounts()->counts(), doc->state().stateCounts());
        QCOMPARE(size_t(w->taskModel()->rowCount()), doc->run().tasks.size());
        // A marked guess says right or wrong in its words, whatever run came and went.
        const PredictionModel *guesses = w->predictionPanel()->model();
        if (guesses->isScored() && guesses->rowCount() > 0) {
            const QString mark = guesses->index(0, PredictionModel::GuessColumn).data().toString();
            QVERIFY2(mark.startsWith(QStringLiteral("✓")) || mark.startsWith(QStringLiteral("✗")), qPrintable(mark));
        }
    }
    // The last run ends: the window closes within the second close at the latest.
    w->close();
    if (w->isVisible())
        w->close();
    QVERIFY(!w->isVisible());
    w.reset();
    qInfo("%d windows closed along the way", closes);
}

QTEST_MAIN(tst_WindowMonkey)
#include "tst_windowmonkey.moc"
