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

QTEST_MAIN(TestPoolView)
#include "tst_poolview.moc"
