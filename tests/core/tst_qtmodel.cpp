// SPDX-License-Identifier: MIT
// The Qt model ("model": "qt"). It runs Qt's own QThreadPool, QtConcurrent::run and QPromise, so Qt is the
// reference: the built-ins must end as Qt documents (a cancelled queued QFuture's task never runs, a running
// one only sees isCanceled(), suspend() holds a task at suspendIfRequested(), clear() drops queued work,
// waitForFinished() blocks and rethrows). Qt itself is checked first, synchronised on latches, so a failure
// of the model's rows is the model's and not a surprise about Qt.
#include "io/reportwriter.h"
#include "io/runfile.h"
#include "models/modelregistry.h"
#include "record/recordedevent.h"
#include "replay/summary.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "threadtestsupport.h"

#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <QDeadlineTimer>
#include <QThread>
#include <future>
#include <map>

using namespace poolscope;
using namespace std::chrono_literals;

namespace {

// The Qt built-ins and what each shows; every one must exist.
const QStringList QtBuiltins = { QStringLiteral("qt-cancel-pending"), QStringLiteral("qt-cancel-running"), QStringLiteral("qt-same-program"),
                                 QStringLiteral("qt-stop-event"),     QStringLiteral("qt-suspend-resume"),
                                 QStringLiteral("qt-clear-queue"),    QStringLiteral("qt-wait-failing") };

struct QtRunResult
{
    Run run;
    QJsonObject report;
};

// Each built-in runs once per test program and its rows read the same run. In real time: steps of 400 ms
// keep their 160 ms margins far above scheduling noise, on a loaded machine too.
const QtRunResult &runOf(const QString &name)
{
    static std::map<QString, QtRunResult> runs;
    auto it = runs.find(name);
    if (it != runs.end())
        return it->second;
    const ScenarioParseResult parsed = loadBuiltinScenario(name);
    if (!parsed.scenario)
        qFatal("%s", qPrintable(parsed.error));
    test::Watchdog watchdog(60s, "the Qt built-in " + name.toUtf8());
    QtRunResult r;
    r.run = runScenario(*parsed.scenario, test::timeScale(1.0));
    r.report = QJsonDocument::fromJson(reportJson(r.run)).object();
    return runs.emplace(name, std::move(r)).first->second;
}

QJsonObject reportTask(const QJsonObject &report, const QString &id)
{
    for (const QJsonValue &v : report.value(QStringLiteral("tasks")).toArray()) {
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject();
    }
    return {};
}

quint32 taskIndex(const Run &run, const QString &id)
{
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        if (run.taskId(i) == id)
            return i;
    }
    qFatal("no task %s", qPrintable(id));
}

std::vector<RecordedEvent> eventsOf(const Run &run, EventKind kind, quint32 task = NoTask)
{
    std::vector<RecordedEvent> out;
    for (const RecordedEvent &e : run.events) {
        if (e.kind == kind && (task == NoTask || e.task == task))
            out.push_back(e);
    }
    return out;
}

constexpr qint64 Ms = 1000000;

} // namespace

class tst_QtModel : public QObject
{
    Q_OBJECT

private slots:
    // Qt itself, as its documentation says.
    void qtCancelOfAQueuedFutureKeepsItsTaskFromRunning();
    void qtCancelOfARunningFutureOnlySetsTheFlag();
    void qtSuspendHoldsAtSuspendIfRequested();
    void qtClearDropsQueuedWorkAndFinishesItsFutures();

    // The model's built-ins.
    void builtinsExistAndAreQt();
    void builtinActionsKeepTheirMargins_data();
    void builtinActionsKeepTheirMargins();
    void builtinOutcomes_data();
    void builtinOutcomes();
    void aQueuedCancelledTaskNeverStarts();
    void aRunningCancelledTaskStopsAtItsIsCanceledCheck();
    void suspendHoldsUntilResume();
    void clearQueueDropsTheQueuedTasks();
    void waitBlocksTheCallerAndRethrows();
    void aSuspendedTaskLendsItsThreadToTheQueue();

    // Bad input: one line naming the file and the field.
    void otherModelsInputIsAnError_data();
    void otherModelsInputIsAnError();
};

void tst_QtModel::qtCancelOfAQueuedFutureKeepsItsTaskFromRunning()
{
    test::Watchdog watchdog(30s, "Qt's cancel of a queued future");
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    test::Arrivals started;
    QFuture<void> first = QtConcurrent::run(&pool, [&](QPromise<void> &) {
        started.arrive();
        released.wait();
    });
    std::atomic<bool> secondRan { false };
    QFuture<void> second = QtConcurrent::run(&pool, [&](QPromise<void> &) { secondRan = true; });
    QVERIFY(started.waitFor(1)); // the one thread is busy: `second` is queued
    second.cancel();
    QVERIFY(second.isCanceled());
    release.set_value();
    pool.waitForDone();
    QVERIFY(!secondRan);
    QVERIFY(second.isFinished());
    QVERIFY(!first.isCanceled());
}

void tst_QtModel::qtCancelOfARunningFutureOnlySetsTheFlag()
{
    test::Watchdog watchdog(30s, "Qt's cancel of a running future");
    QThreadPool pool;
    test::Arrivals started, cancelled;
    std::atomic<int> sawCanceled { -1 };
    QFuture<void> f = QtConcurrent::run(&pool, [&](QPromise<void> &promise) {
        started.arrive();
        cancelled.waitFor(1);
        sawCanceled = promise.isCanceled() ? 1 : 0; // the body runs on; the flag is all it gets
    });
    QVERIFY(started.waitFor(1));
    f.cancel();
    QVERIFY(f.isCanceled());
    QVERIFY(!f.isFinished());
    cancelled.arrive();
    pool.waitForDone();
    QCOMPARE(sawCanceled.load(), 1);
}

void tst_QtModel::qtSuspendHoldsAtSuspendIfRequested()
{
    test::Watchdog watchdog(30s, "Qt's suspend");
    QThreadPool pool;
    test::Arrivals started, suspendCalled, passed;
    QFuture<void> f = QtConcurrent::run(&pool, [&](QPromise<void> &promise) {
        started.arrive();
        suspendCalled.waitFor(1);
        promise.suspendIfRequested();
        passed.arrive();
    });
    QVERIFY(started.waitFor(1));
    f.suspend();
    suspendCalled.arrive();
    // Held: it reports itself suspended (isSuspended() turns true only inside suspendIfRequested()).
    QDeadlineTimer deadline(20s);
    while (!f.isSuspended() && !deadline.hasExpired())
        QThread::yieldCurrentThread();
    QVERIFY(f.isSuspended());
    QCOMPARE(passed.count(), 0);
    f.resume();
    QVERIFY(passed.waitFor(1));
    pool.waitForDone();
}

void tst_QtModel::qtClearDropsQueuedWorkAndFinishesItsFutures()
{
    test::Watchdog watchdog(30s, "Qt's clear");
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    test::Arrivals started;
    QFuture<void> first = QtConcurrent::run(&pool, [&](QPromise<void> &) {
        started.arrive();
        released.wait();
    });
    std::atomic<bool> queuedRan { false };
    QFuture<void> queued = QtConcurrent::run(&pool, [&](QPromise<void> &) { queuedRan = true; });
    QVERIFY(started.waitFor(1));
    pool.clear();
    // The QPromise deleted with the runnable cancels and finishes the future: nobody waits for ever.
    QVERIFY(queued.isCanceled());
    QVERIFY(queued.isFinished());
    release.set_value();
    pool.waitForDone();
    QVERIFY(!queuedRan);
    QVERIFY(first.isFinished() && !first.isCanceled());
}

void tst_QtModel::builtinsExistAndAreQt()
{
    const QStringList names = builtinScenarioNames();
    for (const QString &name : QtBuiltins) {
        QVERIFY2(names.contains(name), qPrintable(name));
        const ScenarioParseResult r = loadBuiltinScenario(name);
        QVERIFY2(r.scenario, qPrintable(r.error));
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(r.scenario->model, QStringLiteral("qt"));
    }
    for (const QString &name : names) {
        if (name.startsWith(QLatin1String("qt-")))
            QVERIFY2(QtBuiltins.contains(name), qPrintable(name + QStringLiteral(": a Qt built-in this test does not check")));
    }
}

void tst_QtModel::builtinActionsKeepTheirMargins_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : QtBuiltins)
        QTest::newRow(qPrintable(name)) << name;
}

// No planner works Qt's rules out on an ideal clock, but the Qt built-ins are built so that every task's
// steps start at a submit time, or (one started by a queue moving on) at an earlier task's step boundary,
// or after a resume() at its time. Every action must then be at least 40% of a step from all of those.
void tst_QtModel::builtinActionsKeepTheirMargins()
{
    QFETCH(QString, name);
    const ScenarioParseResult r = loadBuiltinScenario(name);
    QVERIFY2(r.scenario, qPrintable(r.error));
    const Scenario &s = *r.scenario;
    QList<qint64> anchors;
    QList<qint64> steps;
    for (const TaskGroup &g : s.groups) {
        anchors << g.submitAtMs;
        steps << g.spec.stepMs;
    }
    for (const ScenarioAction &a : s.actions) {
        if (a.verb == QLatin1String("resume"))
            anchors << a.atMs;
    }
    for (int i = 0; i < s.actions.size(); ++i) {
        const ScenarioAction &a = s.actions[i];
        for (qint64 anchor : anchors) {
            if (anchor > a.atMs || (a.verb == QLatin1String("resume") && anchor == a.atMs))
                continue;
            for (qint64 step : steps) {
                const qint64 into = (a.atMs - anchor) % step;
                const qint64 distance = std::min(into, step - into);
                QVERIFY2(distance * 10 >= step * 4,
                         qPrintable(QStringLiteral("actions[%1] at %2 ms is %3 ms from a step boundary (steps of %4 ms "
                                                   "from %5 ms)")
                                            .arg(i)
                                            .arg(a.atMs)
                                            .arg(distance)
                                            .arg(step)
                                            .arg(anchor)));
            }
        }
    }
}

void tst_QtModel::builtinOutcomes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<int>("stepsDone");
    QTest::addColumn<QString>("stoppedBy"); // the report's "stopped_by", empty for null
    QTest::addColumn<QString>("cancelResults"); // T/F per cancel() (Qt: isCanceled() right after it)
    QTest::addColumn<bool>("cleared");

    QTest::newRow("pending cancel: never cancelled, it completes")
            << "qt-cancel-pending" << "first" << "completed" << 3 << "" << "" << false;
    QTest::newRow("pending cancel: the queued task never runs")
            << "qt-cancel-pending" << "second" << "cancelled" << 0 << "" << "T" << false;
    QTest::newRow("running cancel: a polling task returns at isCanceled()")
            << "qt-cancel-running" << "polls" << "stopped" << 3 << "cancel" << "T" << false;
    QTest::newRow("running cancel: one that never polls runs to its end")
            << "qt-cancel-running" << "ignores" << "completed" << 5 << "" << "T" << false;
    QTest::newRow("the same program: cancel() asks, the task returns at its next poll")
            << "qt-same-program" << "download" << "stopped" << 3 << "cancel" << "T" << false;
    QTest::newRow("stop event: a checking task stops after its step")
            << "qt-stop-event" << "checker" << "stopped" << 3 << "event" << "" << false;
    QTest::newRow("stop event: an event-waiting task stops at once")
            << "qt-stop-event" << "waiter" << "stopped" << 2 << "event" << "" << false;
    QTest::newRow("stop event: cleared before it starts, it completes")
            << "qt-stop-event" << "late" << "completed" << 2 << "" << "" << false;
    QTest::newRow("suspend: held, resumed, completed") << "qt-suspend-resume" << "pausable" << "completed" << 5 << ""
                                                       << "" << false;
    QTest::newRow("suspend: never asks, never held") << "qt-suspend-resume" << "unpausable" << "completed" << 5 << ""
                                                     << "" << false;
    QTest::newRow("clear: the running task completes") << "qt-clear-queue" << "running" << "completed" << 3 << "" << ""
                                                       << false;
    for (const char *id : { "queued#1", "queued#2", "queued#3" })
        QTest::addRow("clear: %s is dropped", id) << "qt-clear-queue" << id << "cancelled" << 0 << "" << "" << true;
    QTest::newRow("wait: the waited task fails") << "qt-wait-failing" << "fails" << "failed" << 2 << "" << "" << false;
    QTest::newRow("wait: the next one stops at isCanceled()")
            << "qt-wait-failing" << "next" << "stopped" << 1 << "cancel" << "T" << false;
}

void tst_QtModel::builtinOutcomes()
{
    QFETCH(QString, name);
    QFETCH(QString, task);
    QFETCH(QString, outcome);
    QFETCH(int, stepsDone);
    QFETCH(QString, stoppedBy);
    QFETCH(QString, cancelResults);
    QFETCH(bool, cleared);
    const QtRunResult &r = runOf(name);
    QCOMPARE(r.report.value(QStringLiteral("model")).toString(), QStringLiteral("qt"));
    const QJsonObject t = reportTask(r.report, task);
    QVERIFY2(!t.isEmpty(), qPrintable(task));
    QCOMPARE(t.value(QStringLiteral("outcome")).toString(), outcome);
    QCOMPARE(t.value(QStringLiteral("steps_done")).toInt(-1), stepsDone);
    if (stoppedBy.isEmpty())
        QVERIFY(t.value(QStringLiteral("stopped_by")).isNull());
    else
        QCOMPARE(t.value(QStringLiteral("stopped_by")).toString(), stoppedBy);
    QString results;
    for (const QJsonValue &v : t.value(QStringLiteral("cancel_results")).toArray())
        results += v.toBool() ? QLatin1Char('T') : QLatin1Char('F');
    QCOMPARE(results, cancelResults);
    QCOMPARE(t.value(QStringLiteral("cleared")).toBool(), cleared);
    // Nothing here runs on the caller (no wait is made on a queued task).
    QCOMPARE(t.value(QStringLiteral("thread")).toString(), outcome == QLatin1String("cancelled") ? QString()
                                                                                                 : QStringLiteral("worker"));
}

void tst_QtModel::aQueuedCancelledTaskNeverStarts()
{
    const Run &run = runOf(QStringLiteral("qt-cancel-pending")).run;
    const quint32 second = taskIndex(run, QStringLiteral("second"));
    QVERIFY(eventsOf(run, EventKind::Start, second).empty());
    QVERIFY(eventsOf(run, EventKind::Step, second).empty());
    // Still queued after the cancel: the thread that dequeues it finds the future cancelled and skips it.
    const auto skips = eventsOf(run, EventKind::CancelSkip, second);
    QCOMPARE(skips.size(), size_t(1));
    const auto firstEnd = eventsOf(run, EventKind::End, taskIndex(run, QStringLiteral("first")));
    QCOMPARE(firstEnd.size(), size_t(1));
    QVERIFY(skips.front().tNs >= firstEnd.front().tNs);
}

void tst_QtModel::aRunningCancelledTaskStopsAtItsIsCanceledCheck()
{
    const Run &run = runOf(QStringLiteral("qt-cancel-running")).run;
    const quint32 polls = taskIndex(run, QStringLiteral("polls")), ignores = taskIndex(run, QStringLiteral("ignores"));
    const auto seen = eventsOf(run, EventKind::StopObserved, polls);
    QCOMPARE(seen.size(), size_t(1));
    QVERIFY(seen.front().flags & StopByCancelFlag);
    QVERIFY(eventsOf(run, EventKind::StopObserved, ignores).empty());
    // No stop event was set: the cancel is all that happened.
    QVERIFY(eventsOf(run, EventKind::StopSet).empty());
}

void tst_QtModel::suspendHoldsUntilResume()
{
    const Run &run = runOf(QStringLiteral("qt-suspend-resume")).run;
    const quint32 pausable = taskIndex(run, QStringLiteral("pausable"));
    const quint32 unpausable = taskIndex(run, QStringLiteral("unpausable"));
    const auto holds = eventsOf(run, EventKind::Hold, pausable);
    const auto releases = eventsOf(run, EventKind::Release, pausable);
    QCOMPARE(holds.size(), size_t(1));
    QCOMPARE(releases.size(), size_t(1));
    QVERIFY(holds.front().flags & HoldSuspendedFlag);
    QCOMPARE(holds.front().value, 2); // the step under way at the suspend() finishes first
    qint64 resumeNs = -1;
    for (const RecordedEvent &e : eventsOf(run, EventKind::SuspendCall, pausable)) {
        if (e.flags & ResumeFlag)
            resumeNs = e.tNs;
    }
    QVERIFY(resumeNs >= 0);
    QVERIFY(releases.front().tNs >= resumeNs); // held until resume(), not a moment less
    const auto end = eventsOf(run, EventKind::End, pausable);
    QCOMPARE(end.size(), size_t(1));
    QVERIFY(end.front().tNs - resumeNs >= 3 * 400 * Ms * 9 / 10); // its last three steps after it
    QVERIFY(eventsOf(run, EventKind::Hold, unpausable).empty());
}

void tst_QtModel::clearQueueDropsTheQueuedTasks()
{
    const Run &run = runOf(QStringLiteral("qt-clear-queue")).run;
    QCOMPARE(eventsOf(run, EventKind::QueueClear).size(), size_t(1));
    for (const char *id : { "queued#1", "queued#2", "queued#3" }) {
        const quint32 t = taskIndex(run, QString::fromLatin1(id));
        QVERIFY(eventsOf(run, EventKind::Start, t).empty());
        const auto drops = eventsOf(run, EventKind::CancelCall, t);
        QCOMPARE(drops.size(), size_t(1));
        QVERIFY(drops.front().flags & CancelByClearFlag);
    }
}

void tst_QtModel::waitBlocksTheCallerAndRethrows()
{
    const Run &run = runOf(QStringLiteral("qt-wait-failing")).run;
    const quint32 fails = taskIndex(run, QStringLiteral("fails")), next = taskIndex(run, QStringLiteral("next"));
    const auto begins = eventsOf(run, EventKind::CallerWait, fails);
    const auto ends = eventsOf(run, EventKind::CallerWaitEnd, fails);
    QCOMPARE(begins.size(), size_t(1));
    QCOMPARE(ends.size(), size_t(1));
    QVERIFY(ends.front().flags & WaitThrewFlag);
    const auto failEnd = eventsOf(run, EventKind::End, fails);
    QCOMPARE(failEnd.size(), size_t(1));
    QVERIFY(ends.front().tNs >= failEnd.front().tNs); // it returned only once the task had ended
    const auto cancels = eventsOf(run, EventKind::CancelCall, next);
    QCOMPARE(cancels.size(), size_t(1));
    QVERIFY(cancels.front().tNs >= ends.front().tNs);
}

// Qt's suspendIfRequested() releases the thread's place in the pool while it waits, so a queued task starts
// on a thread beyond maxThreadCount: a lane of its own, which a saved run must keep.
void tst_QtModel::aSuspendedTaskLendsItsThreadToTheQueue()
{
    const ScenarioParseResult parsed = parseScenario(R"({"format":"poolscope-scenario/1","name":"lend","model":"qt",
        "workers":1,"tasks":[{"id":"a","steps":3,"step_ms":200},{"id":"b","steps":2,"step_ms":200}],
        "actions":[{"at_ms":100,"do":"suspend","task":"a"},{"at_ms":900,"do":"resume","task":"a"}]})",
                                                     QStringLiteral("lend.json"));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    test::Watchdog watchdog(60s, "the lending run");
    const Run run = runScenario(*parsed.scenario, test::timeScale(1.0));
    const quint32 a = taskIndex(run, QStringLiteral("a")), b = taskIndex(run, QStringLiteral("b"));
    const auto hold = eventsOf(run, EventKind::Hold, a), release = eventsOf(run, EventKind::Release, a);
    const auto startB = eventsOf(run, EventKind::Start, b), startA = eventsOf(run, EventKind::Start, a);
    QCOMPARE(hold.size(), size_t(1));
    QCOMPARE(release.size(), size_t(1));
    QCOMPARE(startB.size(), size_t(1));
    QVERIFY(startB.front().tNs >= hold.front().tNs && startB.front().tNs < release.front().tNs);
    QVERIFY(startB.front().worker != startA.front().worker);
    QVERIFY(startB.front().worker >= run.info.workers); // beyond maxThreadCount
    QString error;
    const std::optional<Run> back = parseRunFile(serializeRun(run), QStringLiteral("lend.poolscope"), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(reportJson(*back), reportJson(run));
}

void tst_QtModel::otherModelsInputIsAnError_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("says");
    const QByteArray head = R"({"format":"poolscope-scenario/1","name":"x","workers":1,)";
    QTest::newRow("a Qt action in a Python scenario")
            << head + R"("tasks":[{"id":"t","steps":2,"step_ms":50}],"actions":[{"at_ms":10,"do":"suspend","task":"t"}]})"
            << "actions[0].do" << "qt";
    QTest::newRow("clear_queue in a Python scenario")
            << head + R"("tasks":[{"id":"t","steps":2,"step_ms":50}],"actions":[{"at_ms":10,"do":"clear_queue"}]})"
            << "actions[0].do" << "qt";
    QTest::newRow("a Qt field in a Python scenario")
            << head + R"("model":"python","tasks":[{"id":"t","steps":2,"step_ms":50,"checks_canceled":false}]})"
            << "tasks[0].checks_canceled" << "qt";
    QTest::newRow("a Python action in a Qt scenario")
            << head + R"("model":"qt","tasks":[{"id":"t","steps":2,"step_ms":50}],"actions":[{"at_ms":10,"do":"shutdown"}]})"
            << "actions[0].do" << "python";
    QTest::newRow("a Qt scenario that never resumes a suspended task")
            << head + R"("model":"qt","tasks":[{"id":"t","steps":2,"step_ms":50}],"actions":[{"at_ms":10,"do":"suspend","task":"t"}]})"
            << "actions[0].task" << "never resumed";
}

void tst_QtModel::otherModelsInputIsAnError()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, says);
    const ScenarioParseResult r = parseScenario(json, QStringLiteral("lesson.json"));
    QVERIFY(!r.scenario);
    QVERIFY2(!r.error.contains(QLatin1Char('\n')), qPrintable(r.error));
    QVERIFY2(r.error.startsWith(QLatin1String("lesson.json")), qPrintable(r.error));
    QVERIFY2(r.error.contains(field), qPrintable(r.error));
    QVERIFY2(r.error.contains(says), qPrintable(r.error));
}

QTEST_MAIN(tst_QtModel)
#include "tst_qtmodel.moc"
