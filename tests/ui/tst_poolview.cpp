// SPDX-License-Identifier: MIT
#include "pool/poolview.h"
#include "window/rundocument.h"
#include "window/statuscounts.h"
#include "pool/stoplamp.h"
#include "fakeruns.h"

#include <QTest>

using namespace poolscope;

// The pool view shows the queue in order, with cancelled items still queued until a worker skips them;
// the lamp and the counts follow the state at the cursor.
class TestPoolView : public QObject
{
    Q_OBJECT
private slots:
    void queueInOrderWithCancelledItems();
    void manyQueuedTasksAreSummarised();
    void lampAndCounts();
    void recordingHasALampPerEvent_data();
    void recordingHasALampPerEvent();
    void recordedPoolsLabelTheirWorkers();
};

namespace {
Run busyPool()
{
    test::RunBuilder b(1);
    for (int i = 0; i < 4; ++i)
        b.task(QStringLiteral("t%1").arg(i + 1), 3);
    for (quint32 i = 0; i < 4; ++i)
        b.event(0, EventKind::Submit, i);
    b.event(1, EventKind::Start, 0, 0);
    b.event(50, EventKind::CancelCall, 2, CallerThread, CancelResultFlag); // t3 cancelled while queued
    b.event(60, EventKind::StopSet);
    b.event(301, EventKind::End, 0, 0, quint8(Outcome::Completed), 3);
    b.event(301, EventKind::Start, 1, 0); // t2 starts
    b.event(601, EventKind::End, 1, 0, quint8(Outcome::Completed), 3);
    b.event(601, EventKind::CancelSkip, 2, 0); // t3 is dequeued and skipped
    b.event(601, EventKind::Start, 3, 0);
    return b.build();
}
// A recorded program with `events` Events: Event 1 set at 20 ms, Event 0 set at 10 ms and cleared at 30 ms.
Run recordedEvents(int events)
{
    test::RunBuilder b(1);
    b.task(QStringLiteral("work"), 0);
    b.event(0, EventKind::Submit, 0);
    b.event(1, EventKind::Start, 0, 0);
    b.event(10, EventKind::StopSet, NoTask, CallerThread, 0, 0);
    if (events > 1)
        b.event(20, EventKind::StopSet, NoTask, CallerThread, 0, 1);
    b.event(30, EventKind::StopClear, NoTask, CallerThread, 0, 0);
    Run r = b.build();
    r.recording.active = true;
    r.recording.pools.push_back(RecordedPool { 1, QString(), QStringLiteral("ThreadPoolExecutor") });
    r.recording.workers.push_back(RecordedThread { QStringLiteral("ThreadPoolExecutor-0_0"), 11, 0 });
    r.recording.callers.push_back(RecordedThread { QStringLiteral("MainThread"), 10, -1 });
    for (int i = 0; i < events; ++i)
        r.recording.flags.push_back(RecordedFlag { i == 0 ? QStringLiteral("stop") : QStringLiteral("self.done_%1").arg(i) });
    return r;
}
} // namespace

void TestPoolView::queueInOrderWithCancelledItems()
{
    RunDocument run;
    run.setRun(busyPool());
    PoolView view(&run);
    view.resize(600, view.heightForWidth(600));

    run.setCursorNs(qint64(100) * 1000000);
    QList<QPair<quint32, bool>> expected { { 1, false }, { 2, true }, { 3, false } };
    QCOMPARE(view.visibleQueue(), expected);

    run.setCursorNs(qint64(400) * 1000000); // t2 runs; the cancelled t3 is now first in the queue
    expected = { { 2, true }, { 3, false } };
    QCOMPARE(view.visibleQueue(), expected);

    run.setCursorNs(-1); // a worker skipped t3 and started t4: the queue is empty
    QVERIFY(view.visibleQueue().isEmpty());
    QCOMPARE(run.state().workerTasks().front(), quint32(3));
}

void TestPoolView::manyQueuedTasksAreSummarised()
{
    test::RunBuilder b(1);
    for (int i = 0; i < 5000; ++i)
        b.event(0, EventKind::Submit, b.task(QStringLiteral("t%1").arg(i + 1), 1));
    RunDocument run;
    run.setRun(b.build());
    PoolView view(&run);
    view.resize(500, view.heightForWidth(500));
    int hidden = 0;
    const auto shown = view.visibleQueue(&hidden);
    QVERIFY(!shown.isEmpty());
    QVERIFY(shown.size() < 200); // only what fits is laid out and painted
    QCOMPARE(shown.size() + hidden, 5000);
    QCOMPARE(shown.first().first, quint32(0));
}

void TestPoolView::lampAndCounts()
{
    RunDocument run;
    StopLamp lamp(&run);
    StatusCounts counts(&run);
    run.setRun(busyPool());
    QVERIFY(lamp.isLit());
    auto c = counts.counts();
    QCOMPARE(c[size_t(TaskState::Completed)], 2);
    QCOMPARE(c[size_t(TaskState::Cancelled)], 1);
    QCOMPARE(c[size_t(TaskState::Running)], 1);
    run.setCursorNs(qint64(10) * 1000000);
    QVERIFY(!lamp.isLit());
    c = counts.counts();
    QCOMPARE(c[size_t(TaskState::Pending)], 3);
    QCOMPARE(c[size_t(TaskState::Running)], 1);
    QVERIFY(counts.text().contains(QStringLiteral("refused cancels 0")));
}

void TestPoolView::recordingHasALampPerEvent_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("last"); // the last row at 25 ms
    QTest::newRow("one Event") << 1 << 1 << QStringLiteral("stop: SET since 0.01 s");
    QTest::newRow("two Events") << 2 << 2 << QStringLiteral("self.done_1: SET since 0.02 s");
    QTest::newRow("as many as fit") << StopLamp::MaxRows << StopLamp::MaxRows
                                    << QStringLiteral("self.done_%1: clear").arg(StopLamp::MaxRows - 1);
    QTest::newRow("more than fit") << StopLamp::MaxRows + 4 << StopLamp::MaxRows
                                   << QStringLiteral("+5 more Events: all clear");
}

// A recording's lamp is a row per Event, named as the program named it, each set or clear on its own (not
// one lamp lit while any is set); a scenario keeps its single lamp.
void TestPoolView::recordingHasALampPerEvent()
{
    QFETCH(int, events);
    QFETCH(int, rows);
    QFETCH(QString, last);
    RunDocument run;
    StopLamp lamp(&run);
    run.setRun(recordedEvents(events));
    run.setCursorNs(qint64(25) * 1000000);
    QCOMPARE(lamp.rowCount(), rows);
    QCOMPARE(lamp.rowText(0), QStringLiteral("stop: SET since 0.01 s"));
    QVERIFY(lamp.rowLit(0));
    QCOMPARE(lamp.rowText(rows - 1), last);
    QVERIFY(lamp.toolTip().contains(QStringLiteral("stop: SET since 0.01 s")));
    run.setCursorNs(qint64(35) * 1000000);
    QCOMPARE(lamp.rowText(0), QStringLiteral("stop: clear"));
    QVERIFY(!lamp.rowLit(0));
    QCOMPARE(lamp.isLit(), events > 1); // Event 1 is still set
    if (events > 1)
        QCOMPARE(lamp.rowText(1), QStringLiteral("self.done_1: SET since 0.02 s"));
    // Compact: every row fits in the height it asks for, and a 1280x720 window's side column holds six.
    QVERIFY(lamp.sizeHint().height() <= lamp.fontMetrics().height() * 2 * StopLamp::MaxRows);
    lamp.resize(lamp.sizeHint());
    QImage img(lamp.size(), QImage::Format_ARGB32);
    lamp.render(&img); // paints without asserting

    run.setRun(busyPool()); // a scenario: the one big lamp again
    QCOMPARE(lamp.rowCount(), 0);
    QVERIFY(lamp.isLit());
}

// Several pools: each worker says whose it is ("pool 1 · worker-1"), the same label as its timeline lane.
void TestPoolView::recordedPoolsLabelTheirWorkers()
{
    Run r = recordedEvents(1);
    r.recording.pools.push_back(RecordedPool { 2, QStringLiteral("cpu"), QStringLiteral("LoggingPool") });
    r.recording.workers.push_back(RecordedThread { QStringLiteral("cpu_0"), 12, 1 });
    r.recording.workers.push_back(RecordedThread { QStringLiteral("cpu_1"), 13, 1 });
    r.info.workers = 3;
    QCOMPARE(r.workerLabel(0), QStringLiteral("pool 0 · worker-1"));
    QCOMPARE(r.workerLabel(1), QStringLiteral("pool 1 · worker-1"));
    QCOMPARE(r.workerLabel(2), QStringLiteral("pool 1 · worker-2"));
    QCOMPARE(r.laneName(2), QStringLiteral("cpu_1")); // the thread's own name, for tooltips
    r.recording.pools.resize(1); // one pool: no pool in the label
    r.recording.workers.resize(1);
    QCOMPARE(r.workerLabel(0), QStringLiteral("worker-1"));
    RunDocument run;
    PoolView view(&run);
    run.setRun(recordedEvents(1));
    view.resize(400, view.heightForWidth(400));
    QImage img(view.size(), QImage::Format_ARGB32);
    view.render(&img); // paints a recording's running task (its checks, no steps) without asserting
}

QTEST_MAIN(TestPoolView)
#include "tst_poolview.moc"
