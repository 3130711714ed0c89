// SPDX-License-Identifier: MIT
// The live reader: a run read while it is recorded, from another thread, as the window does at display
// rate. Run under ThreadSanitizer, this is the check that reading and recording share nothing unsafely.
#include "io/reportwriter.h"
#include "io/runfile.h"
#include "replay/livereader.h"
#include "replay/runreading.h"
#include "replay/summary.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "threadtestsupport.h"

#include <QTest>
#include <thread>

using namespace poolscope;
using namespace std::chrono_literals;

class tst_LiveReader : public QObject
{
    Q_OBJECT
private slots:
    void readsWhileItRuns();
    void lateEventsAreMergedInTimeOrder();
    void tasksArriveBeforeTheirEvents();
    void lanesAgreeWithTheSavedRun();
};

// A pool of four workers and 600 short tasks with cancels and a stop, read continuously from a thread
// of its own: what was read at the end is exactly what was recorded, and reading it gives the same report.
void tst_LiveReader::readsWhileItRuns()
{
    test::Watchdog watchdog(120s, "a live run read from another thread");
    const ScenarioParseResult parsed = parseScenario(R"({"format":"poolscope-scenario/1","name":"busy","workers":4,
        "tasks":[{"id":"a","count":300,"steps":2,"step_ms":2,"checks_stop":true},
                 {"id":"b","count":300,"steps":1,"step_ms":1,"submit_at_ms":20}],
        "actions":[{"at_ms":25,"do":"cancel","task":"b"},{"at_ms":40,"do":"stop"},{"at_ms":60,"do":"clear"}]})",
                                                     QStringLiteral("busy"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    Runner runner(runInfoFor(*parsed.scenario, 1.0));
    Run live;
    LiveReader reader(&runner, &live);
    RunReading reading;
    reading.reset(&live);
    std::atomic<int> pulls { 0 }, late { 0 };
    bool sorted = true;
    std::thread viewer([&] {
        for (;;) {
            const LiveReader::Batch batch = reader.pull();
            ++pulls;
            late += batch.late;
            if (batch.newEvents > 0)
                reading.append(batch.firstEvent);
            for (size_t i = 1; i < live.events.size() && sorted; ++i)
                sorted = live.events[i - 1].tNs <= live.events[i].tNs;
            if (batch.finished)
                return;
            std::this_thread::yield();
        }
    });
    queueScenario(runner, *parsed.scenario);
    viewer.join();
    QVERIFY(runner.waitFinished(60s));
    QVERIFY(sorted);
    const Run recorded = runner.run();
    QCOMPARE(live.events.size(), recorded.events.size());
    QCOMPARE(live.tasks.size(), recorded.tasks.size());
    QCOMPARE(reportJson(live), reportJson(recorded));
    QCOMPARE(reading.readCount(), live.events.size());
    // The incremental reading ends where a reading of the whole run does.
    RunReading whole;
    whole.reset(&recorded);
    QCOMPARE(reading.state().stateCounts(), whole.state().stateCounts());
    QCOMPARE(reading.history().eventCount(), whole.history().eventCount());
    qInfo("%d pulls, %d late merges", pulls.load(), late.load());
}

void tst_LiveReader::lateEventsAreMergedInTimeOrder()
{
    Runner runner(RunInfo {});
    Run live;
    LiveReader reader(&runner, &live);
    auto make = [](qint64 t, EventKind kind) {
        RecordedEvent e;
        e.tNs = t;
        e.kind = kind;
        return e;
    };
    runner.recorder().record(make(100, EventKind::StopSet));
    runner.recorder().record(make(300, EventKind::StopClear));
    LiveReader::Batch b = reader.pull();
    QCOMPARE(b.firstEvent, size_t(0));
    QCOMPARE(b.newEvents, size_t(2));
    QVERIFY(!b.late);
    // Another thread stamped an event at 200 that is published only now.
    std::thread other([&] { runner.recorder().record(make(200, EventKind::StopSet)); });
    other.join();
    b = reader.pull();
    QVERIFY(b.late);
    QCOMPARE(b.firstEvent, size_t(1)); // readers re-read from the merged event on
    QCOMPARE(b.newEvents, size_t(2));
    QCOMPARE(live.events[1].tNs, qint64(200));
    QCOMPARE(reader.lateMerges(), quint64(1));
    b = reader.pull();
    QCOMPARE(b.newEvents, size_t(0));
}

// A view never meets an event naming a task it has no row for: the reader fetches the tasks first.
void tst_LiveReader::tasksArriveBeforeTheirEvents()
{
    test::Watchdog watchdog(60s, "tasks arriving before their events");
    RunInfo info;
    info.workers = 2;
    Runner runner(info);
    Run live;
    LiveReader reader(&runner, &live);
    TaskSpec spec;
    spec.id = QStringLiteral("t");
    spec.steps = 1;
    spec.stepMs = 1;
    for (int i = 0; i < 50; ++i)
        runner.submit(spec, 3);
    runner.finish();
    bool finished = false;
    while (!finished) {
        const LiveReader::Batch b = reader.pull();
        for (size_t i = b.firstEvent; i < live.events.size(); ++i) {
            if (live.events[i].task != NoTask)
                QVERIFY(live.events[i].task < live.tasks.size());
        }
        finished = b.finished;
        std::this_thread::yield();
    }
    QCOMPARE(live.tasks.size(), size_t(150));
    QCOMPARE(live.specs.size(), size_t(50));
    QCOMPARE(live.taskId(149), QStringLiteral("t#3"));
}

// A run read live puts each task on the lane the saved run's reader puts it on, under the same name. The
// saved-run reader stacks a recording's lanes pool by pool; a live run (a Runner's) is one pool, whose
// lanes are its workers in order: the orders agree, and stay agreeing if either changes.
void tst_LiveReader::lanesAgreeWithTheSavedRun()
{
    test::Watchdog watchdog(60s, "lanes of a live run and of its saved file");
    RunInfo info;
    info.workers = 3;
    Runner runner(info);
    Run live;
    LiveReader reader(&runner, &live);
    RunReading reading;
    reading.reset(&live);
    TaskSpec spec;
    spec.id = QStringLiteral("t");
    spec.steps = 2;
    spec.stepMs = 1;
    runner.submit(spec, 24);
    runner.finish();
    for (bool finished = false; !finished;) {
        const LiveReader::Batch b = reader.pull();
        if (b.newEvents > 0 || b.newTasks > 0)
            reading.append(b.firstEvent);
        finished = b.finished;
        std::this_thread::yield();
    }
    QString error;
    const std::optional<Run> saved = parseRunFile(serializeRun(live), QStringLiteral("live.poolscope"), &error);
    QVERIFY2(saved, qPrintable(error));
    RunReading savedReading;
    savedReading.reset(&*saved);
    QCOMPARE(savedReading.history().workerCount(), reading.history().workerCount());
    for (int w = 0; w < reading.history().workerCount(); ++w) {
        QCOMPARE(saved->poolOfLane(qint16(w)), live.poolOfLane(qint16(w)));
        QCOMPARE(saved->workerLabel(qint16(w)), live.workerLabel(qint16(w)));
        const auto &a = reading.history().workers()[size_t(w)].bars;
        const auto &b = savedReading.history().workers()[size_t(w)].bars;
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QCOMPARE(a[i].task, b[i].task);
    }
    for (quint32 t = 0; t < live.tasks.size(); ++t)
        QCOMPARE(savedReading.state().task(t).worker, reading.state().task(t).worker);
}

QTEST_GUILESS_MAIN(tst_LiveReader)
#include "tst_livereader.moc"
