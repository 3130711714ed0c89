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

QTEST_MAIN(TestTaskTableModel)
#include "tst_tasktablemodel.moc"
