// SPDX-License-Identifier: MIT
// The interpreter: what each recorded event means (the happening) and the state after it, from events
// written by hand; and a real run driven step by step by a manual clock, so every time is exact.
#include "clock/runclock.h"
#include "fakeruns.h"
#include "models/python/pythonverbs.h"
#include "replay/runhistory.h"
#include "replay/runreading.h"
#include "replay/runstate.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "threadtestsupport.h"

#include <QTest>

using namespace poolscope;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(poolscope::Run)

namespace {

constexpr qint64 Ms = 1'000'000;

std::vector<Happening> readAll(const Run &run, RunState &state)
{
    state.reset(run.tasks.size(), run.info.workers);
    std::vector<Happening> out;
    for (const RecordedEvent &e : run.events)
        out.push_back(state.apply(e));
    return out;
}

QString kinds(const std::vector<Happening> &hs)
{
    static const char *const names[] = { "nothing",   "submitted",  "started",    "step",      "accepted",
                                         "refused",   "cancelled-running", "by-shutdown", "skipped",
                                         "stop-set",  "stop-cleared", "stop-seen", "ended",     "shutdown",
                                         "shutdown-returned", "wait", "wait-ended", "paused", "resumed",
                                         "held", "released" };
    QStringList out;
    for (const Happening &h : hs)
        out << QLatin1String(names[h.kind]);
    return out.join(QLatin1Char(' '));
}

} // namespace

class tst_RunState : public QObject
{
    Q_OBJECT
private slots:
    void happenings_data();
    void happenings();
    void refusalSaysWhy();
    void ignoredStopIsKept();
    void latencyIsFromTheSetItSaw();
    void queueKeepsCancelledItemsUntilDequeued();
    void countsFollowEveryTransition();
    void pauseAndHold();
    void damagedIndicesAreRefused();
    void readingRebuildsAfterALateEvent();
    void realRunStepByStepOnAManualClock();
    void manualClockPauseGateHoldsAtStepBoundaries();
};

void tst_RunState::happenings_data()
{
    QTest::addColumn<Run>("run");
    QTest::addColumn<QString>("expected");
    {
        test::RunBuilder b;
        const quint32 t = b.task(QStringLiteral("t"), 2);
        b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0).event(101, EventKind::Step, t, 0, 0, 1);
        b.event(201, EventKind::Step, t, 0, 0, 2).event(201, EventKind::End, t, 0, quint8(Outcome::Completed), 2);
        QTest::newRow("a task's life") << b.build() << "submitted started step step ended";
    }
    {
        test::RunBuilder b;
        const quint32 t = b.task(QStringLiteral("t"), 2);
        b.event(0, EventKind::Submit, t).event(5, EventKind::CancelCall, t, CallerThread, CancelResultFlag);
        b.event(6, EventKind::CancelCall, t, CallerThread, CancelResultFlag).event(7, EventKind::CancelSkip, t, 0);
        QTest::newRow("cancelled while queued, twice, then dropped") << b.build() << "submitted accepted accepted skipped";
    }
    {
        test::RunBuilder b;
        const quint32 t = b.task(QStringLiteral("t"), 2);
        b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0);
        b.event(5, EventKind::CancelCall, t, CallerThread, CancelResultFlag); // Java's cancel(true) on a running task
        QTest::newRow("true on a running task") << b.build() << "submitted started cancelled-running";
    }
    {
        test::RunBuilder b(2);
        const quint32 t = b.task(QStringLiteral("t"), 2);
        b.event(0, EventKind::Submit, t).event(1, EventKind::ShutdownBegin, NoTask, CallerThread, ShutdownCancelFuturesFlag);
        b.event(1, EventKind::CancelCall, t, CallerThread, CancelResultFlag | CancelByShutdownFlag);
        b.event(2, EventKind::ShutdownEnd).event(3, EventKind::WaitBegin).event(4, EventKind::WaitEnd);
        QTest::newRow("drained by shutdown") << b.build() << "submitted shutdown by-shutdown shutdown-returned wait wait-ended";
    }
    {
        test::RunBuilder b;
        b.event(0, EventKind::StopSet).event(1, EventKind::StopClear).event(2, EventKind::Pause).event(3, EventKind::Resume);
        QTest::newRow("the caller's calls") << b.build() << "stop-set stop-cleared paused resumed";
    }
}

void tst_RunState::happenings()
{
    QFETCH(Run, run);
    QFETCH(QString, expected);
    RunState state;
    QCOMPARE(kinds(readAll(run, state)), expected);
}

void tst_RunState::refusalSaysWhy()
{
    test::RunBuilder b;
    const quint32 t = b.task(QStringLiteral("t"), 1);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0);
    b.event(5, EventKind::CancelCall, t); // while it runs
    b.event(101, EventKind::Step, t, 0, 0, 1).event(101, EventKind::End, t, 0, quint8(Outcome::Completed), 1);
    b.event(200, EventKind::CancelCall, t); // after it ended
    RunState state;
    const std::vector<Happening> hs = readAll(b.build(), state);
    QCOMPARE(hs[2].kind, Happening::CancelRefused);
    QCOMPARE(hs[2].refusal, Happening::Refusal::Running);
    QCOMPARE(hs[5].kind, Happening::CancelRefused);
    QCOMPARE(hs[5].refusal, Happening::Refusal::Done);
    QCOMPARE(state.task(t).cancelResults, (std::vector<bool> { false, false }));
    QCOMPARE(state.refusedCancels(), 2);
    QVERIFY(state.task(t).cancelRefused());
}

void tst_RunState::ignoredStopIsKept()
{
    // never-checks: the event is set at step 2 of 5; the task runs its 3 other steps and completes.
    test::RunBuilder b;
    const quint32 t = b.task(QStringLiteral("stubborn"), 5);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0);
    b.event(101, EventKind::Step, t, 0, 0, 1).event(201, EventKind::Step, t, 0, 0, 2).event(250, EventKind::StopSet);
    for (int i = 3; i <= 5; ++i)
        b.event(1 + 100 * i, EventKind::Step, t, 0, 0, i);
    b.event(501, EventKind::End, t, 0, quint8(Outcome::Completed), 5);
    RunState state;
    const std::vector<Happening> hs = readAll(b.build(), state);
    QVERIFY(hs.back().ignoredStop);
    QCOMPARE(hs.back().stepsAfterStop, 3);
    QVERIFY(state.task(t).ignoredStop);
    QCOMPARE(state.task(t).stopSetWhileRunningNs, 250 * Ms);

    // A task that saw the stop did not ignore it; one that ended before the set did not either.
    test::RunBuilder c;
    const quint32 a = c.task(QStringLiteral("a"), 3, true), early = c.task(QStringLiteral("early"), 1);
    c.event(0, EventKind::Submit, a).event(0, EventKind::Submit, early).event(1, EventKind::Start, early, 1);
    c.event(2, EventKind::End, early, 1, quint8(Outcome::Completed), 1).event(3, EventKind::Start, a, 0);
    c.event(50, EventKind::StopSet).event(103, EventKind::Step, a, 0, 0, 1).event(103, EventKind::StopObserved, a, 0, 0, 1);
    c.event(103, EventKind::End, a, 0, quint8(Outcome::Stopped), 1);
    RunState s2;
    readAll(c.build(), s2);
    QVERIFY(!s2.task(a).ignoredStop);
    QVERIFY(!s2.task(early).ignoredStop);
}

void tst_RunState::latencyIsFromTheSetItSaw()
{
    test::RunBuilder b;
    const quint32 t = b.task(QStringLiteral("t"), 5, true);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0).event(40, EventKind::StopSet);
    b.event(60, EventKind::StopClear).event(80, EventKind::StopSet); // the second set is the one it sees
    b.event(101, EventKind::Step, t, 0, 0, 1).event(101, EventKind::StopObserved, t, 0, 0, 1);
    b.event(102, EventKind::End, t, 0, quint8(Outcome::Stopped), 1);
    RunState state;
    const std::vector<Happening> hs = readAll(b.build(), state);
    QCOMPARE(state.task(t).stopLatencyNs, 22 * Ms);
    QCOMPARE(hs.back().latencyNs, 22 * Ms);
    const LatencySummary s = state.latencySummary();
    QCOMPARE(s.count, 1);
    QCOMPARE(s.maxNs, 22 * Ms);
    QCOMPARE(s.maxTask, t);
}

void tst_RunState::queueKeepsCancelledItemsUntilDequeued()
{
    test::RunBuilder b;
    const quint32 run = b.task(QStringLiteral("run"), 3), q1 = b.task(QStringLiteral("q1"), 1), q2 = b.task(QStringLiteral("q2"), 1);
    b.event(0, EventKind::Submit, run).event(0, EventKind::Submit, q1).event(0, EventKind::Submit, q2);
    b.event(1, EventKind::Start, run, 0).event(5, EventKind::CancelCall, q1, CallerThread, CancelResultFlag);
    RunState state;
    readAll(b.build(), state);
    QCOMPARE(state.queue(), (std::vector<quint32> { q1, q2 })); // still there: CPython's queue holds it
    QCOMPARE(state.queueLength(), 2);
    QCOMPARE(state.task(q1).state, TaskState::Cancelled);
    b.event(301, EventKind::End, run, 0, quint8(Outcome::Completed), 3).event(301, EventKind::CancelSkip, q1, 0);
    readAll(b.build(), state);
    QCOMPARE(state.queue(), (std::vector<quint32> { q2 }));
    QCOMPARE(state.queueLength(), 1);
}

void tst_RunState::countsFollowEveryTransition()
{
    // The status line reads these counts: kept as transitions happen, equal to a count of the tasks.
    synth::Options o;
    o.tasks = 300;
    o.workers = 3;
    o.cancelEvery = 7;
    o.failEvery = 11;
    o.stopAtNs = 3 * 100 * Ms;
    o.jitter = true;
    const Run run = synth::make(o);
    RunState state;
    state.reset(run.tasks.size(), run.info.workers);
    for (const RecordedEvent &e : run.events) {
        state.apply(e);
        std::array<int, TaskStateCount> counted {};
        for (const TaskStatus &t : state.tasks()) {
            if (t.submitted)
                ++counted[size_t(t.state)];
        }
        QCOMPARE(state.stateCounts(), counted);
        QCOMPARE(state.runningCount(), counted[size_t(TaskState::Running)]);
    }
}

void tst_RunState::pauseAndHold()
{
    test::RunBuilder b;
    const quint32 t = b.task(QStringLiteral("t"), 3);
    b.event(0, EventKind::Submit, t).event(1, EventKind::Start, t, 0).event(50, EventKind::Pause);
    b.event(101, EventKind::Step, t, 0, 0, 1).event(101, EventKind::Hold, t, 0, 0, 1);
    RunState state;
    readAll(b.build(), state);
    QVERIFY(state.paused());
    QVERIFY(state.task(t).held);
    QCOMPARE(state.heldCount(), 1);
    b.event(300, EventKind::Resume).event(300, EventKind::Release, t, 0, 0, 1);
    readAll(b.build(), state);
    QVERIFY(!state.paused());
    QVERIFY(!state.task(t).held);
    QCOMPARE(state.heldCount(), 0);
}

void tst_RunState::damagedIndicesAreRefused()
{
    RunState state;
    state.reset(1, 1);
    RecordedEvent e;
    e.kind = EventKind::Start;
    e.task = 4'000'000'000u; // far beyond any task: no gigabytes allocated
    e.worker = 0;
    QCOMPARE(state.apply(e).kind, Happening::Nothing);
    QCOMPARE(state.taskCount(), size_t(1));
    e.task = 0;
    e.worker = 30000;
    QCOMPARE(state.apply(e).kind, Happening::Nothing);
}

void tst_RunState::readingRebuildsAfterALateEvent()
{
    test::RunBuilder b;
    b.event(100, EventKind::StopSet).event(300, EventKind::StopClear);
    Run run = b.build();
    RunReading reading;
    reading.reset(&run);
    QVERIFY(!reading.state().stopSet());
    // An event stamped at 200 arrives late and is merged in its place: the reading starts over.
    RecordedEvent late;
    late.tNs = 200 * Ms;
    late.kind = EventKind::StopSet;
    run.events.insert(run.events.begin() + 1, late);
    reading.append(1);
    QVERIFY(reading.replayed());
    QVERIFY(!reading.state().stopSet()); // set, set, clear
    QCOMPARE(reading.history().stopLines().size(), size_t(3));
}

// A real run (the runner, the Python model, real threads) on a manual clock: the test moves time and the
// interpreter's state is checked at each moment, with exact times.
void tst_RunState::realRunStepByStepOnAManualClock()
{
    test::Watchdog watchdog(60s, "a run on a manual clock");
    const ScenarioParseResult parsed = parseScenario(R"({"format":"poolscope-scenario/1","name":"manual","workers":1,
        "tasks":[{"id":"a","steps":3,"step_ms":100,"checks_stop":true},{"id":"b","steps":2,"step_ms":100}],
        "actions":[{"at_ms":50,"do":"cancel","task":"b"},{"at_ms":150,"do":"stop"}]})",
                                                     QStringLiteral("manual"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    RunClock clock(RunClock::Mode::Manual);
    Runner runner(runInfoFor(*parsed.scenario, 1.0), nullptr, &clock);
    test::Arrivals commands;
    runner.setCommandHook([&] { commands.arrive(); });
    queueScenario(runner, *parsed.scenario); // submit a, submit b, cancel b @50, stop @150, finish @150

    auto stateNow = [&] {
        RunState s;
        const Run run = runner.run();
        s.reset(run.tasks.size(), run.info.workers);
        for (const RecordedEvent &e : run.events)
            s.apply(e);
        return s;
    };
    // t = 0: both submitted; a runs its first step; the caller sleeps until 50.
    QVERIFY(commands.waitFor(2));
    QVERIFY(clock.waitForSleepers(2));
    RunState s = stateNow();
    QCOMPARE(s.task(0).state, TaskState::Running);
    QCOMPARE(s.task(1).state, TaskState::Pending);

    clock.advance(50 * Ms); // the cancel
    QVERIFY(commands.waitFor(3));
    QVERIFY(clock.waitForSleepers(2));
    s = stateNow();
    QCOMPARE(s.task(1).state, TaskState::Cancelled);
    QCOMPARE(s.task(1).cancelledAtNs, 50 * Ms);
    QCOMPARE(s.queue(), std::vector<quint32> { 1 }); // still queued until the worker drops it

    clock.advance(50 * Ms); // t = 100: a's first step ends; it looks at the event: clear
    QVERIFY(clock.waitForSleepers(2));
    s = stateNow();
    QCOMPARE(s.task(0).stepsDone, 1);

    clock.advance(50 * Ms); // t = 150: the stop, then the final wait (the caller joins the pool)
    QVERIFY(commands.waitFor(4)); // the final wait's hook comes when it returns
    QVERIFY(clock.waitForSleepers(1));
    QTRY_COMPARE_WITH_TIMEOUT(stateNow().callerBlockedIn(), CallerBlock::FinalWait, 20000);
    s = stateNow();
    QVERIFY(s.stopSet());

    clock.advance(50 * Ms); // t = 200: a's second step ends; it sees the event and returns
    QVERIFY(runner.waitFinished(30s));
    s = stateNow();
    QCOMPARE(s.task(0).state, TaskState::Stopped);
    QCOMPARE(s.task(0).stepsDone, 2);
    QCOMPARE(s.task(0).endNs, 200 * Ms);
    QCOMPARE(s.task(0).stopLatencyNs, 50 * Ms); // exactly: set at 150, returned at 200
    QCOMPARE(s.task(1).dequeuedNs, 200 * Ms); // dropped when the worker came to it
    QCOMPARE(s.task(1).cancelResults, std::vector<bool> { true });
    QVERIFY(!s.callerBlocked());
}

// The pause gate on a manual clock: a task holds at its next step boundary, Step lets it do one more.
void tst_RunState::manualClockPauseGateHoldsAtStepBoundaries()
{
    test::Watchdog watchdog(60s, "the pause gate on a manual clock");
    RunClock clock(RunClock::Mode::Manual);
    RunInfo info;
    Runner runner(info, nullptr, &clock);
    TaskSpec spec;
    spec.id = QStringLiteral("t");
    spec.steps = 5;
    spec.stepMs = 100;
    runner.submit(spec);
    QVERIFY(clock.waitForSleepers(1)); // step 0 under way
    runner.pause();
    clock.advance(100 * Ms); // step 0 ends; the task holds before step 1
    QTRY_COMPARE_WITH_TIMEOUT(runner.gate().heldCount(), 1, 20000);
    clock.advance(1000 * Ms); // nothing moves while held
    QCOMPARE(runner.gate().heldCount(), 1);
    runner.stepOnce(); // one more step
    QVERIFY(clock.waitForSleepers(1));
    clock.advance(100 * Ms);
    QTRY_COMPARE_WITH_TIMEOUT(runner.gate().heldCount(), 1, 20000);
    runner.resume();
    runner.finish();
    QVERIFY(clock.waitForSleepers(1));
    for (int i = 0; i < 3 && !runner.isFinished(); ++i) {
        clock.advance(100 * Ms);
        runner.waitFinished(std::chrono::milliseconds(0));
        clock.waitForSleepers(i < 2 ? 1 : 0);
    }
    QVERIFY(runner.waitFinished(30s));
    RunState s;
    const Run run = runner.run();
    s.reset(run.tasks.size(), 1);
    int holds = 0;
    std::vector<qint64> steps;
    for (const RecordedEvent &e : run.events) {
        s.apply(e);
        holds += e.kind == EventKind::Hold;
        if (e.kind == EventKind::Step)
            steps.push_back(e.tNs / Ms);
    }
    QCOMPARE(holds, 2);
    QCOMPARE(s.task(0).state, TaskState::Completed);
    // Steps end at 100, at 1200 (the step granted at 1100 while paused), then 1300, 1400, 1500 after the resume.
    QCOMPARE(steps.front(), 100);
    QCOMPARE(steps[1], 1200);
    QCOMPARE(s.task(0).stepsDone, 5);
}

QTEST_GUILESS_MAIN(tst_RunState)
#include "tst_runstate.moc"
