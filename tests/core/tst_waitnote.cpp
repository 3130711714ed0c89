// SPDX-License-Identifier: MIT
#include "models/python/pythonwords.h"
#include "replay/runstate.h"
#include "fakeruns.h"
#include "replay/waitnote.h"

#include <QTest>

using namespace poolscope;
Q_DECLARE_METATYPE(poolscope::Run)

// The note the window shows while the caller is blocked: what it waits for, and why.
class TestWaitNote : public QObject
{
    Q_OBJECT
private slots:
    void note_data();
    void note();
};

namespace {
RunState replay(const Run &s)
{
    RunState state;
    state.reset(s.tasks.size(), s.info.workers);
    for (const RecordedEvent &e : s.events)
        state.apply(e);
    return state;
}
} // namespace

void TestWaitNote::note_data()
{
    QTest::addColumn<Run>("session");
    QTest::addColumn<QStringList>("expected"); // substrings
    QTest::addColumn<QStringList>("absent");

    {
        test::RunBuilder b(1);
        const quint32 t = b.task(QStringLiteral("t3"), 10);
        b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0).event(101, EventKind::Step, t, 0, 0, 1);
        QTest::newRow("caller not blocked")
            << b.build() << QStringList { QString() } << QStringList { QStringLiteral("Waiting") };
    }
    {
        test::RunBuilder b(1);
        const quint32 t = b.task(QStringLiteral("t3"), 10);
        b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0).event(101, EventKind::Step, t, 0, 0, 1);
        b.event(150, EventKind::StopSet).event(160, EventKind::WaitBegin);
        QTest::newRow("final wait, never checks, event set")
            << b.build()
            << QStringList { QStringLiteral("Leaving the with block"),
                   QStringLiteral("Waiting for t3: it never checks the stop event") }
            << QStringList {};
    }
    {
        test::RunBuilder b(1);
        const quint32 a = b.task(QStringLiteral("first"), 2, true);
        const quint32 c = b.task(QStringLiteral("second"), 2);
        b.event(0, EventKind::Submit, a).event(0, EventKind::Submit, c).event(1, EventKind::Start, a, 0);
        b.event(150, EventKind::ShutdownBegin, NoTask, CallerThread, ShutdownWaitFlag);
        QTest::newRow("shutdown(wait=True), event clear, one queued")
            << b.build()
            << QStringList { QStringLiteral("shutdown(wait=True) blocks the caller"),
                   QStringLiteral("Waiting for first: 2 step(s) left"), QStringLiteral("1 queued task(s)") }
            << QStringList { QStringLiteral("never checks") };
    }
    {
        test::RunBuilder b(1);
        const quint32 a = b.task(QStringLiteral("polite"), 5, true);
        const quint32 c = b.task(QStringLiteral("late"), 2);
        b.event(0, EventKind::Submit, a).event(0, EventKind::Submit, c).event(1, EventKind::Start, a, 0);
        b.event(50, EventKind::CancelCall, c, CallerThread, CancelResultFlag);
        b.event(60, EventKind::StopSet).event(70, EventKind::WaitBegin);
        QTest::newRow("checks after each step, cancelled item still queued")
            << b.build()
            << QStringList { QStringLiteral("polite: it checks the event after each step"),
                   QStringLiteral("1 cancelled item(s) in the queue are skipped") }
            << QStringList { QStringLiteral("queued task(s)") };
    }
    {
        test::RunBuilder b(2);
        const quint32 a = b.task(QStringLiteral("a"), 3, false, WaitMode::Event);
        b.event(0, EventKind::Submit, a).event(1, EventKind::Start, a, 1).event(20, EventKind::WaitBegin);
        QTest::newRow("waits on the event, event clear")
            << b.build() << QStringList { QStringLiteral("a: it waits on the event") } << QStringList {};
    }
    {
        // Two tasks for the same reason: named together, the reason said once, in submission order even
        // though the second worker took the first task.
        test::RunBuilder b(2);
        const quint32 a = b.task(QStringLiteral("job#1"), 5, true);
        const quint32 c = b.task(QStringLiteral("job#2"), 5, true);
        b.event(0, EventKind::Submit, a).event(0, EventKind::Submit, c);
        b.event(1, EventKind::Start, c, 0).event(2, EventKind::Start, a, 1);
        b.event(60, EventKind::StopSet).event(70, EventKind::WaitBegin);
        QTest::newRow("two tasks, one reason")
            << b.build() << QStringList { QStringLiteral("Waiting for job#1 and job#2: each checks the event after each step") }
            << QStringList { QStringLiteral("job#2: it checks"), QStringLiteral("job#1: it checks") };
    }
}

void TestWaitNote::note()
{
    QFETCH(Run, session);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, absent);
    const QString text = waitingNote(session, replay(session), PythonWords());
    for (const QString &e : expected) {
        if (e.isEmpty())
            QVERIFY2(text.isEmpty(), qPrintable(text));
        else
            QVERIFY2(text.contains(e), qPrintable(QStringLiteral("'%1' not in '%2'").arg(e, text)));
    }
    for (const QString &a : absent)
        QVERIFY2(!text.contains(a), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestWaitNote)
#include "tst_waitnote.moc"
