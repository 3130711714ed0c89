// SPDX-License-Identifier: MIT
// The RunDocument: a saved run replayed, the time cursor, a live run followed to its end, late events merged.
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "replay/summary.h"
#include "window/rundocument.h"
#include "scenario/scenario.h"
#include "fakeruns.h"

#include <QSignalSpy>
#include <QTest>
#include <thread>

using namespace poolscope;

class TestRunDocument : public QObject
{
    Q_OBJECT
private slots:
    void savedSessionIsReplayed();
    void cursorReplaysFromTheStart();
    void followsALiveScenarioToItsEnd();
    void lateEventsAreMergedInTimeOrder();
    void refreshWithoutNewsSignalsNothing();
};

void TestRunDocument::savedSessionIsReplayed()
{
    test::RunBuilder b;
    const quint32 t = b.task(QStringLiteral("a"), 2);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0).event(101, EventKind::Step, t, 0, 0, 1);
    b.event(201, EventKind::Step, t, 0, 0, 2).event(201, EventKind::End, t, 0, quint8(Outcome::Completed), 2);
    RunDocument model;
    QSignalSpy reset(&model, &RunDocument::runReset);
    QSignalSpy changed(&model, &RunDocument::stateChanged);
    model.setRun(b.build());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!model.isLive());
    QCOMPARE(model.state().task(t).state, TaskState::Completed);
    QCOMPARE(model.state().task(t).stepsDone, 2);
    QCOMPARE(model.endNs(), qint64(201) * 1000000);
}

void TestRunDocument::cursorReplaysFromTheStart()
{
    test::RunBuilder b;
    const quint32 t = b.task(QStringLiteral("a"), 3, true);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0).event(101, EventKind::Step, t, 0, 0, 1);
    b.event(150, EventKind::StopSet).event(201, EventKind::Step, t, 0, 0, 2);
    b.event(201, EventKind::StopObserved, t, 0, 0, 2).event(202, EventKind::End, t, 0, quint8(Outcome::Stopped), 2);
    RunDocument model;
    model.setRun(b.build());
    QSignalSpy cursor(&model, &RunDocument::cursorChanged);
    QSignalSpy changed(&model, &RunDocument::stateChanged);

    model.setCursorNs(qint64(120) * 1000000);
    QCOMPARE(cursor.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.state().task(t).state, TaskState::Running);
    QCOMPARE(model.state().task(t).stepsDone, 1);
    QVERIFY(!model.state().stopSet());

    model.setCursorNs(qint64(120) * 1000000); // unchanged: no signal
    QCOMPARE(cursor.count(), 1);

    model.setCursorNs(qint64(160) * 1000000);
    QVERIFY(model.state().stopSet());
    QCOMPARE(model.state().task(t).state, TaskState::Running);

    model.setCursorNs(-1);
    QCOMPARE(model.state().task(t).state, TaskState::Stopped);
    QCOMPARE(cursor.count(), 3);
}

void TestRunDocument::followsALiveScenarioToItsEnd()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("cancel-then-stop"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    Runner session(runInfoFor(*parsed.scenario, 0.05));
    RunDocument model;
    QSignalSpy finished(&model, &RunDocument::liveFinished);
    QSignalSpy added(&model, &RunDocument::tasksAdded);
    model.attachLive(&session);
    queueScenario(session, *parsed.scenario);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);

    // What the model pulled at display rate is what the core recorded.
    const Run recorded = session.run();
    QCOMPARE(model.run().events.size(), recorded.events.size());
    QCOMPARE(model.run().tasks.size(), recorded.tasks.size());
    int addedRows = 0;
    for (const auto &args : added)
        addedRows += args.at(1).toInt();
    QCOMPARE(addedRows, int(recorded.tasks.size()));
    const std::vector<TaskSummary> fromCore = summarize(recorded);
    for (size_t i = 0; i < fromCore.size(); ++i) {
        const TaskStatus &t = model.state().task(quint32(i));
        QCOMPARE(int(t.state), int(fromCore[i].outcome) + 1); // Outcome::Completed == 1 ↔ TaskState::Completed == 2
        QCOMPARE(t.stepsDone, fromCore[i].stepsDone);
        QCOMPARE(t.cancelResults, fromCore[i].cancelResults);
    }
    QVERIFY(std::is_sorted(model.run().events.begin(), model.run().events.end(),
        [](const RecordedEvent &a, const RecordedEvent &b) { return a.tNs < b.tNs; }));
}

void TestRunDocument::lateEventsAreMergedInTimeOrder()
{
    // An interactive session with nothing queued: the test records events itself, with chosen times.
    Runner session(RunInfo {});
    RunDocument model;
    model.attachLive(&session);
    QSignalSpy appended(&model, &RunDocument::eventsAppended);
    auto make = [](qint64 t, EventKind kind) {
        RecordedEvent e;
        e.tNs = t;
        e.kind = kind;
        return e;
    };
    session.recorder().record(make(100, EventKind::StopSet));
    session.recorder().record(make(300, EventKind::StopClear));
    model.refresh();
    QVERIFY(!model.state().stopSet());
    QCOMPARE(appended.count(), 1);
    QCOMPARE(appended.last().at(0).toInt(), 0);
    QCOMPARE(appended.last().at(1).toInt(), 2);

    // Another thread recorded an event at 200 that arrives only now: set(100), set(200), clear(300).
    std::thread other([&] { session.recorder().record(make(200, EventKind::StopSet)); });
    other.join();
    model.refresh();
    QCOMPARE(model.run().events.size(), size_t(3));
    QCOMPARE(model.run().events[1].tNs, qint64(200));
    QVERIFY2(!model.state().stopSet(), "the state was replayed in time order");
    QCOMPARE(appended.count(), 2);
    QCOMPARE(appended.last().at(0).toInt(), 1); // views re-read from the merged event on
    QCOMPARE(appended.last().at(1).toInt(), 2);
    model.attachLive(nullptr);
}

void TestRunDocument::refreshWithoutNewsSignalsNothing()
{
    Runner session(RunInfo {});
    RunDocument model;
    model.attachLive(&session);
    QSignalSpy changed(&model, &RunDocument::stateChanged);
    QSignalSpy appended(&model, &RunDocument::eventsAppended);
    QSignalSpy added(&model, &RunDocument::tasksAdded);
    model.refresh();
    model.refresh();
    QCOMPARE(changed.count(), 0);
    QCOMPARE(appended.count(), 0);
    QCOMPARE(added.count(), 0);
    model.attachLive(nullptr);
}

QTEST_MAIN(TestRunDocument)
#include "tst_rundocument.moc"
