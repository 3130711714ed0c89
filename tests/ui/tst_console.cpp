// SPDX-License-Identifier: MIT
#include "console/consoleview.h"
#include "models/python/pythonwords.h"
#include "replay/consolelines.h"
#include "replay/runstate.h"
#include "window/rundocument.h"
#include "fakeruns.h"

#include <QTest>

using namespace poolscope;

// The console prints what the seed lesson's programs print, generated from the events, with times.
class TestConsole : public QObject
{
    Q_OBJECT
private slots:
    void seedLessonLines();
    void viewFollowsTheRunDocument();
};

namespace {
Run cancelThenStop()
{
    test::RunBuilder b(1);
    const quint32 t = b.task(QStringLiteral("download"), 10, true);
    const quint32 q = b.task(QStringLiteral("queued"), 2);
    b.event(0, EventKind::Submit, t).event(0, EventKind::Submit, q).event(1, EventKind::Start, t, 0);
    b.event(1001, EventKind::Step, t, 0, 0, 1);
    b.event(2500, EventKind::CancelCall, t, CallerThread, 0);
    b.event(2500, EventKind::CancelCall, q, CallerThread, CancelResultFlag);
    b.event(2600, EventKind::StopSet);
    b.event(2700, EventKind::WaitBegin);
    b.event(3001, EventKind::Step, t, 0, 0, 3).event(3001, EventKind::StopObserved, t, 0, 0, 3);
    b.event(3001, EventKind::End, t, 0, quint8(Outcome::Stopped), 3);
    b.event(3002, EventKind::CancelSkip, q, 0);
    b.event(3003, EventKind::WaitEnd);
    return b.build();
}
} // namespace

void TestConsole::seedLessonLines()
{
    const Run s = cancelThenStop();
    RunState state;
    state.reset(s.tasks.size(), s.info.workers);
    QStringList lines;
    for (const RecordedEvent &e : s.events)
        lines << consoleLines(state.apply(e), s, PythonWords());
    const QString all = lines.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("download: The task is running...")), qPrintable(all));
    QVERIFY(all.contains(QStringLiteral("Cancel task... download.cancel() → False (it is running)")));
    QVERIFY(all.contains(QStringLiteral("Cancel task... queued.cancel() → True")));
    QVERIFY(all.contains(QStringLiteral("Stop task... event.set()")));
    QVERIFY(all.contains(QStringLiteral("Waiting...")));
    QVERIFY(all.contains(QStringLiteral("download stopped after 3 of 10 steps")));
    QVERIFY(lines.last().endsWith(QStringLiteral("All done.")));
    // timestamps and threads
    QVERIFY2(lines.last().trimmed().startsWith(QStringLiteral("3.00 s  main")), qPrintable(lines.last()));
    QVERIFY(all.contains(QStringLiteral("2.50 s  main")));
    QVERIFY(all.contains(QStringLiteral("worker-1")));
    // steps print nothing
    QCOMPARE(lines.filter(QStringLiteral("step")).size(), 1); // only "stopped after 3 of 10 steps"
}

void TestConsole::viewFollowsTheRunDocument()
{
    RunDocument run;
    ConsoleView view(&run);
    run.setRun(cancelThenStop());
    const QStringList lines = view.lines();
    QVERIFY(lines.size() >= 8);
    QVERIFY(lines.last().endsWith(QStringLiteral("All done.")));
    view.appendNote(QStringLiteral("hello"));
    QVERIFY(view.lines().last().endsWith(QStringLiteral("hello")));
    run.setRun(Run {});
    QVERIFY(view.lines().isEmpty());
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
