// SPDX-License-Identifier: MIT
// The runner: the caller thread, scenarios run end to end, the report and the trace derived from
// the recorded events, and abort() (closing the window while tasks run).
#include "io/reportwriter.h"
#include "io/tracewriter.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "models/python/pythonverbs.h"
#include "replay/runstate.h"
#include "replay/summary.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "threadtestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace poolscope;
using namespace std::chrono_literals;

namespace {

Scenario scenarioFrom(const char *json)
{
    const ScenarioParseResult r = parseScenario(QByteArray(json), QStringLiteral("inline"));
    if (!r.scenario)
        qFatal("bad inline scenario: %s", qPrintable(r.error));
    return *r.scenario;
}

const TaskSummary &byId(const std::vector<TaskSummary> &tasks, const QString &id)
{
    for (const TaskSummary &t : tasks) {
        if (t.id == id)
            return t;
    }
    qFatal("no task %s", qPrintable(id));
}

TaskSpec spec(const QString &id, int steps, int stepMs, bool checks = false, WaitMode wait = WaitMode::Sleep)
{
    TaskSpec s;
    s.id = id;
    s.steps = steps;
    s.stepMs = stepMs;
    s.checksStop = checks || wait == WaitMode::Event;
    s.wait = wait;
    return s;
}

// Waits (on the recorder, not on a clock) until an event of this kind has been recorded for a task.
bool waitForEvent(Runner &s, EventKind kind, quint32 task, std::chrono::milliseconds timeout = 20s)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        for (const RecordedEvent &e : s.recorder().snapshot()) {
            if (e.kind == kind && e.task == task)
                return true;
        }
        QTest::qWait(5);
    }
    return false;
}

} // namespace

class tst_Runner : public QObject
{
    Q_OBJECT
private slots:
    void builtinScenarioInvariants_data();
    void builtinScenarioInvariants();
    void lessonOutcomes_data();
    void lessonOutcomes();
    void interactiveCancelRunningAndPending();
    void submitAfterShutdownIsRefused();
    void shutdownWaitBlocksLaterCommands();
    void abortStopsCheckingTasksAndCancelsPending();
    void destroyingWhileUnstoppableTaskRunsReturns();
    void commandsDuringAScenarioRunBeforeItsFinalWait();
    void traceHasThreadsRunsAndInstants();
    void reportListsTasksInSubmissionOrder();
};

void tst_Runner::builtinScenarioInvariants_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : test::builtinsForRealRuns())
        QTest::newRow(qPrintable(name)) << name;
}

// Whatever the timing, a run's events must tell a consistent story.
void tst_Runner::builtinScenarioInvariants()
{
    QFETCH(QString, name);
    const ScenarioParseResult parsed = loadBuiltinScenario(name);
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    const Run session = runScenario(*parsed.scenario, 0.05);
    QCOMPARE(session.tasks.size(), size_t(parsed.scenario->instanceIds().size()));

    // Java's pool grows past workers up to max_workers, and CallerRunsPolicy runs a task on the caller.
    const int lanes = findModel(session.info.model)->poolShape(session.info).maxThreads;
    QVERIFY(lanes >= session.info.workers);
    std::vector<int> starts(session.tasks.size()), ends(session.tasks.size()), submits(session.tasks.size());
    qint64 last = -1;
    for (const RecordedEvent &e : session.events) {
        QVERIFY(e.tNs >= last);
        last = e.tNs;
        if (e.task == NoTask)
            continue;
        QVERIFY(e.task < session.tasks.size());
        starts[e.task] += e.kind == EventKind::Start;
        ends[e.task] += e.kind == EventKind::End;
        submits[e.task] += e.kind == EventKind::Submit;
        // Qt's waitForFinished() runs a task it finds queued on the waiting caller itself, as Java's
        // CallerRunsPolicy does one the pool refuses.
        const int lowest = session.info.model != QLatin1String("python") ? CallerThread : 0;
        if (e.kind == EventKind::Start || e.kind == EventKind::End || e.kind == EventKind::Step)
            QVERIFY(e.worker >= lowest && e.worker < lanes);
    }
    const std::vector<TaskSummary> summary = summarize(session);
    for (size_t i = 0; i < summary.size(); ++i) {
        const TaskSummary &t = summary[i];
        QCOMPARE(submits[i], 1);
        QVERIFY2(t.outcome != Outcome::None, qPrintable(t.id));
        QVERIFY(t.stepsDone >= 0 && t.stepsDone <= t.steps);
        if (t.outcome == Outcome::Cancelled || t.outcome == Outcome::Rejected || t.outcome == Outcome::Discarded
            || t.outcome == Outcome::Drained) {
            QCOMPARE(starts[i], 0); // a cancelled or refused task never starts
            QCOMPARE(t.stepsDone, 0);
        } else {
            QCOMPARE(starts[i], 1);
            QCOMPARE(ends[i], 1);
            QVERIFY(t.submitNs <= t.startNs && t.startNs <= t.endNs);
        }
        if (t.outcome == Outcome::Stopped)
            QVERIFY(t.stopLatencyNs >= 0);
    }
}

void tst_Runner::lessonOutcomes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<int>("stepsDone");
    QTest::addColumn<QString>("cancelResults");
    QTest::addColumn<double>("timeScale");
    // A third of real time keeps the 40% margins of these steps (250 ms and more) far above scheduling noise.
    QTest::newRow("cancel() on a running task is refused") << "cancel-running" << "download" << "completed" << 10 << "F" << 0.3;
    QTest::newRow("a checked event stops after the next step") << "stop-event" << "download" << "stopped" << 3 << "" << 0.3;
    QTest::newRow("the recipe: running ones stop") << "cancel-then-stop" << "job#1" << "stopped" << 3 << "F" << 0.3;
    QTest::newRow("the recipe: pending ones are cancelled") << "cancel-then-stop" << "job#5" << "cancelled" << 0 << "T" << 0.3;
    QTest::newRow("a task that never checks runs on") << "never-checks" << "stubborn" << "completed" << 5 << "" << 0.3;
    QTest::newRow("waiting on the event stops at once") << "event-wait" << "waiter" << "stopped" << 1 << "" << 0.3;
    QTest::newRow("a failing task") << "failing-task" << "flaky" << "failed" << 2 << "F" << 0.3;
    // Steps of 200 ms: run in real time, so the 100 ms margins stay as wide as the others'.
    QTest::newRow("checked after the step: a task starting after the set still does one")
            << "stop-before-start" << "checker" << "stopped" << 1 << "" << 1.0;
    QTest::newRow("stopped during its last step is stopped, not completed")
            << "stop-during-last-step" << "task" << "stopped" << 2 << "" << 1.0;
}

void tst_Runner::lessonOutcomes()
{
    QFETCH(QString, name);
    QFETCH(QString, task);
    QFETCH(QString, outcome);
    QFETCH(int, stepsDone);
    QFETCH(QString, cancelResults);
    QFETCH(double, timeScale);
    const Run session = runScenario(*loadBuiltinScenario(name).scenario, test::timeScale(timeScale));
    const std::vector<TaskSummary> summary = summarize(session);
    const TaskSummary &t = byId(summary, task);
    QCOMPARE(QString::fromLatin1(outcomeName(t.outcome)), outcome);
    QCOMPARE(t.stepsDone, stepsDone);
    QString results;
    for (bool r : t.cancelResults)
        results += r ? QLatin1Char('T') : QLatin1Char('F');
    QCOMPARE(results, cancelResults);
}

void tst_Runner::interactiveCancelRunningAndPending()
{
    RunInfo info;
    info.workers = 1;
    Runner s(info);
    s.submit(spec("long", 1000, 20, true)); // held until stopped
    s.submit(spec("behind", 1, 1));
    QVERIFY(waitForEvent(s, EventKind::Start, 0));
    s.act(python::cancel(0)); // running: refused
    s.act(python::cancel(1)); // pending: cancelled
    QVERIFY(waitForEvent(s, EventKind::CancelCall, 1));
    s.act(python::stop());
    s.finish();
    QVERIFY(s.waitFinished(30s));
    const std::vector<TaskSummary> t = summarize(s.run());
    QCOMPARE(t.size(), size_t(2));
    QCOMPARE(t[0].outcome, Outcome::Stopped);
    QCOMPARE(t[0].cancelResults, std::vector<bool> { false });
    QCOMPARE(t[1].outcome, Outcome::Cancelled);
    QCOMPARE(t[1].cancelResults, std::vector<bool> { true });
    QVERIFY(s.errors().isEmpty());
}

void tst_Runner::submitAfterShutdownIsRefused()
{
    Runner s(RunInfo {});
    s.submit(spec("a", 1, 1));
    s.act(python::shutdown(true, false));
    s.submit(spec("late", 1, 1));
    s.finish();
    QVERIFY(s.waitFinished(30s));
    QCOMPARE(s.taskCount(), size_t(1));
    QCOMPARE(s.errors().size(), 1);
    QVERIFY2(s.errors().first().contains(QLatin1String("cannot schedule new futures after shutdown")),
             qPrintable(s.errors().first()));
}

void tst_Runner::shutdownWaitBlocksLaterCommands()
{
    RunInfo info;
    info.workers = 1;
    Runner s(info);
    s.submit(spec("first", 3, 20));
    s.act(python::shutdown(true, false));
    s.act(python::cancel(0)); // runs only when shutdown returns: the task has ended, so it is refused
    s.finish();
    QVERIFY(s.waitFinished(30s));
    const Run session = s.run();
    qint64 shutdownEnd = -1, cancelAt = -1, taskEnd = -1;
    for (const RecordedEvent &e : session.events) {
        if (e.kind == EventKind::ShutdownEnd)
            shutdownEnd = e.tNs;
        if (e.kind == EventKind::CancelCall)
            cancelAt = e.tNs;
        if (e.kind == EventKind::End)
            taskEnd = e.tNs;
    }
    QVERIFY(taskEnd >= 0 && shutdownEnd >= taskEnd && cancelAt >= shutdownEnd);
    QCOMPARE(summarize(session)[0].cancelResults, std::vector<bool> { false });
}

void tst_Runner::abortStopsCheckingTasksAndCancelsPending()
{
    RunInfo info;
    info.workers = 1;
    Runner s(info);
    s.submit(spec("waits", 100000, 50, false, WaitMode::Event));
    s.submit(spec("queued", 1, 1));
    QVERIFY(waitForEvent(s, EventKind::Start, 0));
    s.abort();
    QVERIFY(s.waitFinished(30s));
    const std::vector<TaskSummary> t = summarize(s.run());
    QCOMPARE(t[0].outcome, Outcome::Stopped);
    QCOMPARE(t[1].outcome, Outcome::Cancelled);
    QVERIFY(s.runningTasks().empty());
}

void tst_Runner::destroyingWhileUnstoppableTaskRunsReturns()
{
    // A task that never checks would run for 1000 s; destroying the session must still return promptly.
    QElapsedTimer timer;
    timer.start();
    {
        Runner s(RunInfo {});
        s.submit(spec("stubborn", 1000, 1000));
        QVERIFY(waitForEvent(s, EventKind::Start, 0));
        s.abort();
        QVERIFY(!s.waitFinished(50ms)); // abort alone cannot end it: it never checks
        QCOMPARE(s.runningTasks(), std::vector<quint32> { 0 });
    }
    QVERIFY2(timer.elapsed() < 60000, "the destructor waited for an unstoppable task");
}

void tst_Runner::commandsDuringAScenarioRunBeforeItsFinalWait()
{
    // A person pressing Stop while a scenario runs: the command runs before the scenario's final wait.
    const Scenario scenario = scenarioFrom(R"({"format":"poolscope-scenario/1","name":"long","workers":1,
        "tasks":[{"id":"t","steps":1000,"step_ms":20,"checks_stop":true}],"actions":[{"at_ms":100000,"do":"clear"}]})");
    Runner s(runInfoFor(scenario, 1.0));
    queueScenario(s, scenario);
    QVERIFY(waitForEvent(s, EventKind::Start, 0));
    QVERIFY(s.acceptsCommands());
    QVERIFY(s.act(python::stop()));
    QVERIFY(waitForEvent(s, EventKind::End, 0));
    s.abort(); // the clear at 100 s is dropped; the session ends
    QVERIFY(s.waitFinished(30s));
    QVERIFY(!s.acceptsCommands());
    QVERIFY(!s.act(python::cancelAll()));
    QCOMPARE(summarize(s.run())[0].outcome, Outcome::Stopped);
    QCOMPARE(s.errors().size(), 1);
}

void tst_Runner::traceHasThreadsRunsAndInstants()
{
    // What ran depends on the lesson's timing (two jobs run, three are cancelled): its margins kept wide.
    const Run session = runScenario(*loadBuiltinScenario(QStringLiteral("cancel-then-stop")).scenario, test::timeScale(0.25));
    const QByteArray trace = traceJson(session);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(trace, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(trace.startsWith("{\"traceEvents\":["));
    QVERIFY(!trace.contains("displayTimeUnit"));
    QStringList threadNames;
    int runs = 0, cancels = 0, stops = 0, flowStarts = 0, flowEnds = 0;
    for (const QJsonValue &v : doc.object().value(QStringLiteral("traceEvents")).toArray()) {
        const QJsonObject e = v.toObject();
        const QString ph = e.value(QStringLiteral("ph")).toString();
        const QString name = e.value(QStringLiteral("name")).toString();
        if (ph == QLatin1String("M") && name == QLatin1String("thread_name"))
            threadNames << e.value(QStringLiteral("args")).toObject().value(QStringLiteral("name")).toString();
        if (ph == QLatin1String("X") && e.value(QStringLiteral("cat")).toString() == QLatin1String("task")) {
            ++runs;
            QVERIFY(e.contains(QStringLiteral("dur")));
            QVERIFY(name.contains(QLatin1Char('[')));
        }
        if (ph == QLatin1String("i") && name == QLatin1String("cancel"))
            ++cancels;
        if (ph == QLatin1String("i") && name == QLatin1String("stop_set"))
            ++stops;
        flowStarts += ph == QLatin1String("s");
        if (ph == QLatin1String("f")) {
            ++flowEnds;
            QCOMPARE(e.value(QStringLiteral("bp")).toString(), QStringLiteral("e")); // binds to the task's run
            QVERIFY(e.value(QStringLiteral("id")).isDouble()); // string ids are read as hex by Perfetto
        }
    }
    threadNames.sort();
    QCOMPARE(threadNames, (QStringList { "caller", "worker-1", "worker-2" }));
    QCOMPARE(runs, 2);
    QCOMPARE(cancels, 5);
    QCOMPARE(stops, 1);
    // The two refused cancels (on the running jobs) are arrows from the caller into their runs.
    QCOMPARE(flowStarts, 2);
    QCOMPARE(flowEnds, 2);
}

// Submission order is neither list order ("late" is listed first), nor the order of the ends (the first
// task submitted is the slowest and ends last, long after the others), nor alphabetical: a report sorted
// by any of those fails every time.
void tst_Runner::reportListsTasksInSubmissionOrder()
{
    const Scenario scenario = scenarioFrom(R"({"format":"poolscope-scenario/1","name":"order","workers":2,
        "tasks":[{"id":"late","steps":1,"step_ms":5,"submit_at_ms":20},{"id":"slow","steps":1,"step_ms":300},
                 {"id":"early","count":2,"steps":1,"step_ms":5}],
        "actions":[{"at_ms":30,"do":"cancel","task":"late"}]})");
    const Run session = runScenario(scenario, 1.0);
    const QJsonObject report = QJsonDocument::fromJson(reportJson(session)).object();
    QCOMPARE(report.value(QStringLiteral("format")).toString(), QStringLiteral("poolscope-report/1"));
    QCOMPARE(report.value(QStringLiteral("scenario")).toString(), QStringLiteral("order"));
    QStringList ids;
    for (const QJsonValue &t : report.value(QStringLiteral("tasks")).toArray())
        ids << t.toObject().value(QStringLiteral("id")).toString();
    QCOMPARE(ids, (QStringList { "slow", "early#1", "early#2", "late" }));
    // The premise: "slow", submitted first, ended last.
    const std::vector<TaskSummary> tasks = summarize(session);
    QCOMPARE(tasks.front().id, QStringLiteral("slow"));
    for (size_t i = 1; i < tasks.size(); ++i)
        QVERIFY2(tasks[i].endNs < tasks.front().endNs, qPrintable(tasks[i].id));
}

QTEST_GUILESS_MAIN(tst_Runner)
#include "tst_runner.moc"
