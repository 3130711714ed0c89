// SPDX-License-Identifier: MIT
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "window/rundocument.h"
#include "table/tasktablemodel.h"
#include "fakeruns.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace poolscope;

class TestTaskTableModel : public QObject
{
    Q_OBJECT
private slots:
    void rolesDescribeATask();
    void cancelRefusedAndStopRequested();
    void onlyChangedRowsAreSignalled();
    void liveTasksAreInsertedInOneBlock();
    void resetOnlyForANewRun();
    void javaNotesSayWhatTheStateCannot_data();
    void javaNotesSayWhatTheStateCannot();
    void ignoredStopCountsStepsOrChecks_data();
    void ignoredStopCountsStepsOrChecks();
    void headersSayStepsOrChecks_data();
    void headersSayStepsOrChecks();
};

namespace {
// Ten tasks on one worker: t0 runs 3 steps and completes, t5 is cancelled while pending.
Run tenTasks()
{
    test::RunBuilder b(1);
    for (int i = 0; i < 10; ++i)
        b.task(QStringLiteral("t%1").arg(i), 3, i % 2 == 1);
    for (quint32 i = 0; i < 10; ++i)
        b.event(0, EventKind::Submit, i);
    b.event(1, EventKind::Start, 0, 0);
    b.event(101, EventKind::Step, 0, 0, 0, 1);
    b.event(150, EventKind::CancelCall, 5, CallerThread, CancelResultFlag);
    b.event(201, EventKind::Step, 0, 0, 0, 2);
    b.event(301, EventKind::Step, 0, 0, 0, 3);
    b.event(301, EventKind::End, 0, 0, quint8(Outcome::Completed), 3);
    return b.build();
}
} // namespace

void TestTaskTableModel::rolesDescribeATask()
{
    RunDocument run;
    TaskTableModel model(&run);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    run.setRun(tenTasks());
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.columnCount(), int(TaskTableModel::ColumnCount));
    const QModelIndex t0 = model.index(0, TaskTableModel::StateColumn);
    QCOMPARE(t0.data(TaskTableModel::StateRole).toInt(), int(TaskState::Completed));
    QCOMPARE(t0.data(TaskTableModel::StepsDoneRole).toInt(), 3);
    QCOMPARE(t0.data(TaskTableModel::StepsTotalRole).toInt(), 3);
    QCOMPARE(t0.data(TaskTableModel::StartTimeRole).toLongLong(), qint64(1000000));
    QCOMPARE(t0.data(TaskTableModel::EndTimeRole).toLongLong(), qint64(301000000));
    QCOMPARE(t0.data(TaskTableModel::WorkerRole).toInt(), 0);
    QCOMPARE(t0.data(TaskTableModel::StopCheckRole).toInt(), int(TaskTableModel::NeverChecks));
    QCOMPARE(model.index(0, TaskTableModel::IdColumn).data().toString(), QStringLiteral("t0"));
    QCOMPARE(t0.data().toString(), QStringLiteral("completed"));
    QVERIFY(!t0.data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(model.index(0, TaskTableModel::WorkerColumn).data().toString(), QStringLiteral("worker-1"));
    QCOMPARE(model.index(0, TaskTableModel::ProgressColumn).data().toString(), QStringLiteral("3 / 3"));
    QCOMPARE(model.index(1, TaskTableModel::StopCheckColumn).data().toString(), QStringLiteral("each step"));

    const QModelIndex t5 = model.index(5, TaskTableModel::CancelColumn);
    QCOMPARE(t5.data(TaskTableModel::StateRole).toInt(), int(TaskState::Cancelled));
    QCOMPARE(t5.data(TaskTableModel::CancelResultsRole).toList(), QVariantList { true });
    QCOMPARE(t5.data().toString(), QStringLiteral("True"));
    QCOMPARE(t5.data(TaskTableModel::StartTimeRole).toLongLong(), qint64(-1));
    QCOMPARE(model.index(5, TaskTableModel::StartColumn).data().toString(), QString());
    QCOMPARE(model.index(3, TaskTableModel::StateColumn).data().toString(), QStringLiteral("pending"));
    QVERIFY(
        model.headerData(TaskTableModel::CancelColumn, Qt::Horizontal).toString().contains(QLatin1String("cancel")));
}

void TestTaskTableModel::cancelRefusedAndStopRequested()
{
    test::RunBuilder b(1);
    const quint32 t = b.task(QStringLiteral("stubborn"), 5);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0);
    b.event(50, EventKind::CancelCall, t, CallerThread, 0); // cancel() → False
    b.event(60, EventKind::StopSet);
    b.event(501, EventKind::End, t, 0, quint8(Outcome::Completed), 5);
    RunDocument run;
    TaskTableModel model(&run);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    run.setRun(b.build());
    const QModelIndex state = model.index(0, TaskTableModel::StateColumn);

    run.setCursorNs(qint64(40) * 1000000);
    QCOMPARE(state.data(TaskTableModel::StateRole).toInt(), int(TaskState::Running));
    QVERIFY(!state.data(TaskTableModel::CancelRefusedRole).toBool());
    QVERIFY(!state.data(TaskTableModel::StopRequestedRole).toBool());

    run.setCursorNs(qint64(55) * 1000000);
    QVERIFY(state.data(TaskTableModel::CancelRefusedRole).toBool());
    QCOMPARE(state.data().toString(), QStringLiteral("running · cancel refused"));

    run.setCursorNs(qint64(70) * 1000000); // never checks: stop requested for as long as it runs on
    QVERIFY(state.data(TaskTableModel::StopRequestedRole).toBool());
    QCOMPARE(state.data().toString(), QStringLiteral("running · cancel refused · stop requested"));

    run.setCursorNs(-1); // it completed; the refused cancel stays visible
    QCOMPARE(state.data(TaskTableModel::StateRole).toInt(), int(TaskState::Completed));
    QVERIFY(state.data(TaskTableModel::CancelRefusedRole).toBool());
    QVERIFY(!state.data(TaskTableModel::StopRequestedRole).toBool());
    QCOMPARE(model.index(0, TaskTableModel::CancelColumn).data(TaskTableModel::CancelResultsRole).toList(),
        QVariantList { false });
}

void TestTaskTableModel::onlyChangedRowsAreSignalled()
{
    RunDocument run;
    TaskTableModel model(&run);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    run.setRun(tenTasks());
    run.setCursorNs(qint64(120) * 1000000); // t0 ran one step; t5 still pending

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    run.setCursorNs(qint64(160) * 1000000); // only t5 changed: cancelled
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QModelIndex topLeft = changed.first().at(0).value<QModelIndex>();
    QModelIndex bottomRight = changed.first().at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 5);
    QCOMPARE(bottomRight.row(), 5);
    QList<int> roles = changed.first().at(2).value<QList<int>>();
    QVERIFY(roles.contains(TaskTableModel::StateRole));
    QVERIFY(roles.contains(TaskTableModel::CancelResultsRole));

    changed.clear();
    run.setCursorNs(qint64(210) * 1000000); // only t0's steps: the progress column alone
    QCOMPARE(changed.count(), 1);
    topLeft = changed.first().at(0).value<QModelIndex>();
    bottomRight = changed.first().at(1).value<QModelIndex>();
    QCOMPARE(topLeft, model.index(0, TaskTableModel::ProgressColumn));
    QCOMPARE(bottomRight, model.index(0, TaskTableModel::ProgressColumn));
    roles = changed.first().at(2).value<QList<int>>();
    QVERIFY(roles.contains(TaskTableModel::StepsDoneRole));
    QVERIFY(!roles.contains(TaskTableModel::StateRole));

    changed.clear();
    run.setCursorNs(qint64(211) * 1000000); // nothing happened in between: no signal at all
    QCOMPARE(changed.count(), 0);

    // Back to the start: t0 and t5 changed, rows 1..4 did not: two separate ranges.
    run.setCursorNs(qint64(50) * 1000000);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 5);
    QCOMPARE(changed.at(1).at(1).value<QModelIndex>().row(), 5);
}

void TestTaskTableModel::liveTasksAreInsertedInOneBlock()
{
    RunInfo info;
    info.workers = 2;
    info.timeScale = 0.01;
    Runner session(info);
    RunDocument run;
    TaskTableModel model(&run);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    run.attachLive(&session);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // Wait without processing events (the display-rate timer cannot fire), then pull once.
    for (int i = 0; i < 50; ++i) {
        TaskSpec s;
        s.id = QStringLiteral("t%1").arg(i);
        s.steps = 1;
        s.stepMs = 10;
        session.submit(s, 1, 0);
    }
    session.finish(0);
    QVERIFY(session.waitFinished(std::chrono::seconds(10)));
    run.refresh();
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(reset.count(), 0);
    int rows = 0;
    for (const auto &args : inserted)
        rows += args.at(2).toInt() - args.at(1).toInt() + 1;
    QCOMPARE(rows, 50);
    QCOMPARE(inserted.count(), 1); // one pull after the run: one block
    for (int r = 0; r < 50; ++r)
        QCOMPARE(model.index(r, 0).data(TaskTableModel::StateRole).toInt(), int(TaskState::Completed));
    run.attachLive(nullptr);
}

void TestTaskTableModel::resetOnlyForANewRun()
{
    RunDocument run;
    TaskTableModel model(&run);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    run.setRun(tenTasks());
    QCOMPARE(reset.count(), 1);
    run.setCursorNs(qint64(100) * 1000000);
    run.setCursorNs(-1);
    QCOMPARE(reset.count(), 1);
    run.setRun(Run {});
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 0);
}

namespace {

// A Java run as its pool records it, cut at untilMs: "busy" spins and is cancel(true)'d at 150 while it runs,
// "swallower" catches the interrupt, "queued" is drained by shutdownNow() at 250, "refused" is rejected, and
// "caller" runs on the caller thread (CallerRunsPolicy).
Run javaRun(qint64 untilMs)
{
    test::RunBuilder b(2);
    const quint32 busy = b.task(QStringLiteral("busy"), 3, false, WaitMode::Busy);
    const quint32 swallower = b.task(QStringLiteral("swallower"), 3);
    const quint32 queued = b.task(QStringLiteral("queued"), 1);
    const quint32 refused = b.task(QStringLiteral("refused"), 1);
    const quint32 caller = b.task(QStringLiteral("caller"), 1);
    Run run = b.build();
    run.info.model = QStringLiteral("java");
    test::RunBuilder events(2);
    auto at = [&](qint64 ms, EventKind kind, quint32 task, qint16 worker, quint8 flags = 0, qint32 value = 0) {
        if (ms <= untilMs)
            events.event(ms, kind, task, worker, flags, value);
    };
    at(0, EventKind::Submit, busy, CallerThread);
    at(0, EventKind::Start, busy, 0);
    at(0, EventKind::Submit, swallower, CallerThread);
    at(0, EventKind::Start, swallower, 1);
    at(0, EventKind::Submit, queued, CallerThread);
    at(0, EventKind::Submit, refused, CallerThread);
    at(0, EventKind::Reject, refused, CallerThread, quint8(Outcome::Rejected));
    at(100, EventKind::Step, busy, 0, 0, 1);
    at(100, EventKind::Step, swallower, 1, 0, 1);
    at(150, EventKind::CancelCall, busy, CallerThread, CancelResultFlag | CancelInterruptFlag);
    at(150, EventKind::Interrupt, busy, 0);
    at(200, EventKind::Step, busy, 0, 0, 2);
    at(250, EventKind::ShutdownBegin, NoTask, CallerThread, ShutdownNowFlag);
    at(250, EventKind::Interrupt, busy, 0, InterruptByShutdownNowFlag);
    at(250, EventKind::Interrupt, swallower, 1, InterruptByShutdownNowFlag);
    at(250, EventKind::Drain, queued, CallerThread);
    at(250, EventKind::ShutdownEnd, NoTask, CallerThread);
    at(251, EventKind::InterruptSeen, swallower, 1, InterruptSwallowedFlag, 1);
    at(300, EventKind::Step, busy, 0, 0, 3);
    at(300, EventKind::End, busy, 0, quint8(Outcome::Completed), 3);
    at(300, EventKind::Submit, caller, CallerThread);
    at(300, EventKind::Start, caller, CallerThread);
    at(351, EventKind::Step, swallower, 1, 0, 2);
    at(400, EventKind::Step, caller, CallerThread, 0, 1);
    at(400, EventKind::End, caller, CallerThread, quint8(Outcome::Completed), 1);
    at(451, EventKind::Step, swallower, 1, 0, 3);
    at(451, EventKind::End, swallower, 1, quint8(Outcome::Completed), 3);
    run.events = events.build().events;
    return run;
}

} // namespace

void TestTaskTableModel::javaNotesSayWhatTheStateCannot_data()
{
    QTest::addColumn<qint64>("untilMs");
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("stateText"); // the state column's words
    QTest::addColumn<QString>("note"); // NotesRole: the first note, empty for none
    QTest::newRow("running, cancelled before the interrupt is seen") << qint64(160) << "busy" << "running · cancel(true), runs on" << "cancel(true), runs on";
    QTest::newRow("busy: ended without seeing it") << qint64(500) << "busy" << "completed · interrupt ignored" << "interrupt ignored";
    QTest::newRow("interrupted by shutdownNow, not seen yet") << qint64(250) << "swallower" << "running · interrupt sent" << "interrupt sent";
    QTest::newRow("swallowed it") << qint64(300) << "swallower" << "running · interrupt swallowed" << "interrupt swallowed";
    QTest::newRow("drained: never completes") << qint64(500) << "queued" << "drained · never completes" << "never completes";
    QTest::newRow("rejected: no future") << qint64(500) << "refused" << "rejected · no future" << "no future";
    QTest::newRow("caller runs it") << qint64(350) << "caller" << "running · ran on caller" << "ran on caller";
    QTest::newRow("before anything happened") << qint64(50) << "busy" << "running" << "";
}

void TestTaskTableModel::javaNotesSayWhatTheStateCannot()
{
    QFETCH(qint64, untilMs);
    QFETCH(QString, task);
    QFETCH(QString, stateText);
    QFETCH(QString, note);
    RunDocument run;
    TaskTableModel model(&run);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    run.setRun(javaRun(untilMs));
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data(TaskTableModel::TaskIdRole).toString() == task)
            row = r;
    QVERIFY(row >= 0);
    const QModelIndex state = model.index(row, TaskTableModel::StateColumn);
    QCOMPARE(state.data().toString(), stateText);
    QCOMPARE(state.data(TaskTableModel::NotesRole).toString(), note);
    if (!note.isEmpty()) {
        // Every note is explained in the tooltip, and the column is made wide enough for the longest.
        QVERIFY2(state.data(Qt::ToolTipRole).toString().contains(note.toHtmlEscaped()), qPrintable(state.data(Qt::ToolTipRole).toString()));
        QVERIFY(model.longestNotes().size() >= note.size());
    }
}

void TestTaskTableModel::ignoredStopCountsStepsOrChecks_data()
{
    QTest::addColumn<bool>("recorded");
    QTest::addColumn<int>("after");
    QTest::addColumn<QString>("words");
    QTest::newRow("scenario") << false << 3 << QStringLiteral("ignored stop: +3 steps");
    QTest::newRow("scenario, one") << false << 1 << QStringLiteral("ignored stop: +1 step");
    QTest::newRow("recording") << true << 3 << QStringLiteral("ignored stop: +3 checks");
    QTest::newRow("recording, one") << true << 1 << QStringLiteral("ignored stop: +1 check");
}

// A recorded task has no steps: what it did after the set is counted in checks, in the cell, its badge
// and its tooltip.
void TestTaskTableModel::ignoredStopCountsStepsOrChecks()
{
    QFETCH(bool, recorded);
    QFETCH(int, after);
    QFETCH(QString, words);
    test::RunBuilder b(1);
    const quint32 t = b.task(QStringLiteral("stubborn"), recorded ? 0 : after);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0);
    b.event(60, EventKind::StopSet);
    b.event(501, EventKind::End, t, 0, quint8(Outcome::Completed), after);
    Run r = b.build();
    if (recorded) {
        r.recording.active = true;
        r.recording.pools.push_back(RecordedPool { 1, QString(), QStringLiteral("ThreadPoolExecutor") });
        r.recording.workers.push_back(RecordedThread { QStringLiteral("ThreadPoolExecutor-0_0"), 11, 0 });
        r.recording.callers.push_back(RecordedThread { QStringLiteral("MainThread"), 10, -1 });
        r.recording.flags.push_back(RecordedFlag { QStringLiteral("stop") });
    }
    RunDocument run;
    TaskTableModel model(&run);
    run.setRun(r);
    const QModelIndex state = model.index(0, TaskTableModel::StateColumn);
    QCOMPARE(state.data(TaskTableModel::IgnoredStopRole).toInt(), after);
    QCOMPARE(state.data(TaskTableModel::IgnoredStopTextRole).toString(), words);
    QCOMPARE(state.data().toString(), QStringLiteral("completed · ") + words);
    QVERIFY(state.data(Qt::ToolTipRole).toString().contains(words));
    QCOMPARE(TaskTableModel::ignoredStopText(after, recorded), words);
}

void TestTaskTableModel::headersSayStepsOrChecks_data()
{
    QTest::addColumn<bool>("recorded");
    QTest::addColumn<QString>("progress");
    QTest::addColumn<QString>("check");
    QTest::newRow("scenario") << false << QStringLiteral("Steps") << QStringLiteral("Checks");
    QTest::newRow("recording") << true << QStringLiteral("Checks") << QStringLiteral("Last check");
}

// A recorded task has no steps: the window calls them checks, in the header as in the cells, and the
// column after says what the last check answered. A new run gives the headers of its kind.
void TestTaskTableModel::headersSayStepsOrChecks()
{
    QFETCH(bool, recorded);
    QFETCH(QString, progress);
    QFETCH(QString, check);
    RunDocument doc;
    TaskTableModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    doc.setRun(tenTasks()); // a scenario first: the recording's headers must replace its own
    Run r = tenTasks();
    if (recorded) {
        r.recording.active = true;
        r.recording.pools.push_back(RecordedPool { 1, QString(), QStringLiteral("ThreadPoolExecutor") });
        r.recording.workers.push_back(RecordedThread { QStringLiteral("ThreadPoolExecutor-0_0"), 11, 0 });
        r.recording.callers.push_back(RecordedThread { QStringLiteral("MainThread"), 1, -1 });
    }
    doc.setRun(r);
    QCOMPARE(model.headerData(TaskTableModel::ProgressColumn, Qt::Horizontal).toString(), progress);
    QCOMPARE(model.headerData(TaskTableModel::StopCheckColumn, Qt::Horizontal).toString(), check);
    const QString cell = model.index(0, TaskTableModel::ProgressColumn).data().toString();
    QVERIFY2(cell.contains(recorded ? QStringLiteral("checks") : QStringLiteral("/")), qPrintable(cell));
    QVERIFY(!model.headerData(TaskTableModel::ProgressColumn, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
}

QTEST_MAIN(TestTaskTableModel)
#include "tst_tasktablemodel.moc"
