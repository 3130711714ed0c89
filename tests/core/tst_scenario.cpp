// SPDX-License-Identifier: MIT
// The scenario parser: valid files, every kind of bad input (one line naming the source and the field),
// unknown keys, instance ids and submission order, and the built-in scenarios.

#include "models/modelregistry.h"
#include "models/python/pythonverbs.h"
#include "scenario/scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTemporaryDir>
#include <QtTest>

using namespace poolscope;

namespace {

const QString Source = QStringLiteral("/some/dir/lesson.json");

// A valid scenario with one task group and no actions; bad inputs are made by editing it.
QByteArray withBody(const QByteArray &tasks, const QByteArray &actions = "[]",
                    const QByteArray &head = R"("format": "poolscope-scenario/1", "name": "lesson", "workers": 2)")
{
    return "{" + head + ", \"tasks\": " + tasks + ", \"actions\": " + actions + "}";
}

const QByteArray OneTask = R"([{ "id": "t", "steps": 3, "step_ms": 100 }])";

// The built-ins the issue asks for (more may exist).
const QStringList RequiredBuiltins = {
    QStringLiteral("cancel-running"),   QStringLiteral("stop-event"),
    QStringLiteral("cancel-then-stop"), QStringLiteral("cancel-pending"),
    QStringLiteral("shutdown-cancel-futures"), QStringLiteral("never-checks"),
    QStringLiteral("event-wait"),       QStringLiteral("failing-task"),
};

} // namespace

class TestScenario : public QObject
{
    Q_OBJECT

private slots:
    void fullScenario();
    void defaults();
    void validFiles_data();
    void validFiles();
    void badInput_data();
    void badInput();
    void invalidJsonNamesThePosition();
    void unreadableFile();
    void unknownKeysWarn();
    void instanceIdsInSubmissionOrder();
    void instanceIdHelper();
    void requiredBuiltinsExist();
    void builtinsParseCleanly_data();
    void builtinsParseCleanly();
    void builtinListMatchesResources();
    void loadScenarioByNameOrPath();
};

void TestScenario::fullScenario()
{
    const QByteArray json = R"({
        "format": "poolscope-scenario/1",
        "name": "full-1",
        "title": "A title",
        "description": "Some words.",
        "model": "python",
        "workers": 3,
        "tasks": [
            { "id": "a", "count": 2, "steps": 5, "step_ms": 250, "checks_stop": true, "submit_at_ms": 100 },
            { "id": "b", "steps": 0, "step_ms": 1, "wait": "event" },
            { "id": "c", "steps": 4, "step_ms": 10, "fail_at_step": 2, "wait": "sleep" }
        ],
        "actions": [
            { "at_ms": 100, "do": "cancel", "task": "a#2" },
            { "at_ms": 150, "do": "cancel", "task": "a" },
            { "at_ms": 200, "do": "cancel_all" },
            { "at_ms": 300, "do": "stop" },
            { "at_ms": 300, "do": "clear" },
            { "at_ms": 400, "do": "shutdown", "wait": false, "cancel_futures": true },
            { "at_ms": 500, "do": "shutdown" }
        ]
    })";
    const ScenarioParseResult r = parseScenario(json, Source);
    QVERIFY2(r.scenario, qPrintable(r.error));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
    const Scenario &s = *r.scenario;
    QCOMPARE(s.name, QStringLiteral("full-1"));
    QCOMPARE(s.title, QStringLiteral("A title"));
    QCOMPARE(s.description, QStringLiteral("Some words."));
    QCOMPARE(s.model, QStringLiteral("python"));
    QCOMPARE(s.workers, 3);
    QCOMPARE(s.source, Source);

    QCOMPARE(s.groups.size(), 3);
    const TaskGroup &a = s.groups[0];
    QCOMPARE(a.spec.id, QStringLiteral("a"));
    QCOMPARE(a.count, 2);
    QCOMPARE(a.spec.steps, 5);
    QCOMPARE(a.spec.stepMs, 250);
    QCOMPARE(a.spec.checksStop, true);
    QCOMPARE(a.spec.wait, WaitMode::Sleep);
    QCOMPARE(a.spec.failAtStep, -1);
    QCOMPARE(a.submitAtMs, 100);
    const TaskGroup &b = s.groups[1];
    QCOMPARE(b.spec.steps, 0);
    QCOMPARE(b.spec.stepMs, 1);
    QCOMPARE(b.spec.wait, WaitMode::Event);
    const TaskGroup &c = s.groups[2];
    QCOMPARE(c.spec.failAtStep, 2);
    QCOMPARE(c.spec.wait, WaitMode::Sleep);
    QCOMPARE(c.spec.checksStop, false);

    QCOMPARE(s.actions.size(), 7);
    QCOMPARE(s.actions[0].code, quint16(python::Cancel));
    QCOMPARE(s.actions[0].atMs, 100);
    QCOMPARE(s.actions[0].task, QStringLiteral("a#2"));
    QCOMPARE(s.actions[1].code, quint16(python::Cancel));
    QCOMPARE(s.actions[1].task, QStringLiteral("a"));
    QCOMPARE(s.actions[2].code, quint16(python::CancelAll));
    QCOMPARE(s.actions[3].code, quint16(python::Stop));
    QCOMPARE(s.actions[3].atMs, 300);
    QCOMPARE(s.actions[4].code, quint16(python::Clear));
    QCOMPARE(s.actions[5].code, quint16(python::Shutdown));
    QCOMPARE(bool(s.actions[5].flags & python::ShutdownWait), false);
    QCOMPARE(bool(s.actions[5].flags & python::ShutdownCancelFutures), true);
    QCOMPARE(s.actions[6].code, quint16(python::Shutdown));
    QCOMPARE(bool(s.actions[6].flags & python::ShutdownWait), true); // the defaults: shutdown(wait=True, cancel_futures=False)
    QCOMPARE(bool(s.actions[6].flags & python::ShutdownCancelFutures), false);

    QCOMPARE(s.instanceIds(), (QStringList { QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a#1"),
                                             QStringLiteral("a#2") }));
}

void TestScenario::defaults()
{
    const ScenarioParseResult r = parseScenario(withBody(OneTask, "[]"), Source);
    QVERIFY2(r.scenario, qPrintable(r.error));
    QVERIFY(r.warnings.isEmpty());
    const Scenario &s = *r.scenario;
    QCOMPARE(s.model, QStringLiteral("python"));
    QCOMPARE(s.groups.size(), 1);
    const TaskGroup &g = s.groups[0];
    QCOMPARE(g.count, 1);
    QCOMPARE(g.spec.checksStop, false);
    QCOMPARE(g.spec.wait, WaitMode::Sleep);
    QCOMPARE(g.spec.failAtStep, -1);
    QCOMPARE(g.submitAtMs, 0);
    QVERIFY(s.actions.isEmpty());
    QCOMPARE(s.instanceIds(), QStringList { QStringLiteral("t") });

    // "actions" may be left out altogether.
    const QByteArray noActions =
        R"({"format": "poolscope-scenario/1", "name": "lesson", "workers": 1, "tasks": [{"id": "t", "steps": 1, "step_ms": 5}]})";
    const ScenarioParseResult r2 = parseScenario(noActions, Source);
    QVERIFY2(r2.scenario, qPrintable(r2.error));
    QVERIFY(r2.scenario->actions.isEmpty());
}

void TestScenario::validFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("ids");

    QTest::newRow("one task") << withBody(OneTask) << QStringList { QStringLiteral("t") };
    QTest::newRow("count 3") << withBody(R"([{ "id": "w", "count": 3, "steps": 1, "step_ms": 5 }])")
                             << QStringList { QStringLiteral("w#1"), QStringLiteral("w#2"), QStringLiteral("w#3") };
    QTest::newRow("zero steps") << withBody(R"([{ "id": "z", "steps": 0, "step_ms": 5 }])")
                                << QStringList { QStringLiteral("z") };
    QTest::newRow("cancel at its submit time")
        << withBody(R"([{ "id": "late", "steps": 1, "step_ms": 5, "submit_at_ms": 300 }])",
                    R"([{ "at_ms": 300, "do": "cancel", "task": "late" }])")
        << QStringList { QStringLiteral("late") };
    QTest::newRow("cancel a group by its id")
        << withBody(R"([{ "id": "g", "count": 2, "steps": 1, "step_ms": 5 }])",
                    R"([{ "at_ms": 1, "do": "cancel", "task": "g" }])")
        << QStringList { QStringLiteral("g#1"), QStringLiteral("g#2") };
    QTest::newRow("submit at the shutdown's time")
        << withBody(R"([{ "id": "a", "steps": 1, "step_ms": 5, "submit_at_ms": 50 }])",
                    R"([{ "at_ms": 50, "do": "shutdown" }])")
        << QStringList { QStringLiteral("a") };
    QTest::newRow("cancel after shutdown")
        << withBody(OneTask, R"([{ "at_ms": 10, "do": "shutdown", "wait": false },
                                 { "at_ms": 20, "do": "cancel", "task": "t" }])")
        << QStringList { QStringLiteral("t") };
    QTest::newRow("integral number written as 2.0")
        << withBody(R"([{ "id": "t", "steps": 2.0, "step_ms": 5 }])") << QStringList { QStringLiteral("t") };
    QTest::newRow("every action kind")
        << withBody(OneTask, R"([{ "at_ms": 1, "do": "cancel", "task": "t" }, { "at_ms": 2, "do": "cancel_all" },
                                 { "at_ms": 3, "do": "stop" }, { "at_ms": 4, "do": "clear" },
                                 { "at_ms": 5, "do": "shutdown", "wait": true, "cancel_futures": false }])")
        << QStringList { QStringLiteral("t") };
    QTest::newRow("java: every field and action")
        << withBody(R"([{ "id": "t", "count": 2, "steps": 3, "step_ms": 100, "wait": "busy", "checks_interrupt": true,
                          "on_interrupt": "swallow" }])",
                    R"([{ "at_ms": 1, "do": "cancel", "task": "t#1", "interrupt": true }, { "at_ms": 2, "do": "cancel_all" },
                        { "at_ms": 3, "do": "stop" }, { "at_ms": 4, "do": "clear" }, { "at_ms": 5, "do": "shutdown" },
                        { "at_ms": 6, "do": "await_termination", "timeout_ms": 10 }, { "at_ms": 7, "do": "shutdown_now" }])",
                    R"("format": "poolscope-scenario/1", "name": "lesson", "model": "java", "workers": 2,
                       "max_workers": 3, "queue": 1, "rejection": "caller_runs")")
        << QStringList { QStringLiteral("t#1"), QStringLiteral("t#2") };
    QTest::newRow("java: queue unbounded, queue 0")
        << withBody(OneTask, "[]", R"("format": "poolscope-scenario/1", "name": "lesson", "model": "java", "workers": 1,
                                      "queue": "unbounded", "rejection": "discard_oldest")")
        << QStringList { QStringLiteral("t") };
}

void TestScenario::validFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, ids);
    const ScenarioParseResult r = parseScenario(json, Source);
    QVERIFY2(r.scenario, qPrintable(r.error));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
    QCOMPARE(r.scenario->instanceIds(), ids);
    QCOMPARE(r.scenario->source, Source);
}

void TestScenario::badInput_data()
{
    // "mustName": every entry must appear in the error; "a|b" means either.
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("mustName");

    const QByteArray head = R"("format": "poolscope-scenario/1", "name": "lesson")";
    const auto doc = [&](const QByteArray &top) { return withBody(OneTask, "[]", head + ", " + top); };
    const auto task = [](const QByteArray &t) { return withBody("[" + t + "]"); };
    const auto action = [](const QByteArray &a) { return withBody(OneTask, "[" + a + "]"); };

    // The top level.
    QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringList {};
    // Narration and the lesson's place.
    QTest::newRow("narration not an array") << doc(R"("workers": 1, "narration": "watch")") << QStringList { "narration" };
    QTest::newRow("narration step without text")
        << doc(R"("workers": 1, "narration": [{"at_ms": 0}])") << QStringList { "narration[0]", "text" };
    QTest::newRow("narration step with empty text")
        << doc(R"("workers": 1, "narration": [{"at_ms": 0, "text": "  "}])") << QStringList { "narration[0].text" };
    QTest::newRow("narration out of order")
        << doc(R"("workers": 1, "narration": [{"at_ms": 500, "text": "a"}, {"at_ms": 100, "text": "b"}])")
        << QStringList { "narration[1].at_ms", "time order" };
    QTest::newRow("narration negative time")
        << doc(R"("workers": 1, "narration": [{"at_ms": -1, "text": "a"}])") << QStringList { "narration[0]", "at_ms" };
    QTest::newRow("lesson mistyped") << doc(R"("workers": 1, "lesson": "first")") << QStringList { "lesson" };
    QTest::newRow("missing format")
        << withBody(OneTask, "[]", R"("name": "lesson", "workers": 1)") << QStringList { "format" };
    QTest::newRow("wrong format")
        << withBody(OneTask, "[]", R"("format": "poolscope-scenario/2", "name": "lesson", "workers": 1)")
        << QStringList { "format" };
    QTest::newRow("format mistyped")
        << withBody(OneTask, "[]", R"("format": 1, "name": "lesson", "workers": 1)") << QStringList { "format" };
    QTest::newRow("missing name")
        << withBody(OneTask, "[]", R"("format": "poolscope-scenario/1", "workers": 1)") << QStringList { "name" };
    QTest::newRow("name mistyped")
        << withBody(OneTask, "[]", R"("format": "poolscope-scenario/1", "name": 7, "workers": 1)")
        << QStringList { "name" };
    QTest::newRow("bad name: capitals and a space")
        << withBody(OneTask, "[]", R"("format": "poolscope-scenario/1", "name": "My Lesson", "workers": 1)")
        << QStringList { "name", "My Lesson" };
    QTest::newRow("bad name: underscore")
        << withBody(OneTask, "[]", R"("format": "poolscope-scenario/1", "name": "my_lesson", "workers": 1)")
        << QStringList { "name" };
    QTest::newRow("bad name: empty")
        << withBody(OneTask, "[]", R"("format": "poolscope-scenario/1", "name": "", "workers": 1)")
        << QStringList { "name" };
    QTest::newRow("title mistyped") << doc(R"("workers": 1, "title": ["x"])") << QStringList { "title" };
    QTest::newRow("description mistyped") << doc(R"("workers": 1, "description": 3)") << QStringList { "description" };
    QTest::newRow("unknown model") << doc(R"("workers": 1, "model": "go")") << QStringList { "model" };
    QTest::newRow("missing workers") << withBody(OneTask, "[]", head) << QStringList { "workers" };
    QTest::newRow("workers 0") << doc(R"("workers": 0)") << QStringList { "workers" };
    QTest::newRow("workers negative") << doc(R"("workers": -2)") << QStringList { "workers" };
    QTest::newRow("workers mistyped") << doc(R"("workers": "two")") << QStringList { "workers" };
    QTest::newRow("workers fractional") << doc(R"("workers": 1.5)") << QStringList { "workers" };
    QTest::newRow("missing tasks")
        << QByteArray(R"({"format": "poolscope-scenario/1", "name": "lesson", "workers": 1})")
        << QStringList { "tasks" };
    QTest::newRow("tasks mistyped") << withBody(R"({"id": "t"})") << QStringList { "tasks" };
    QTest::newRow("task not an object") << withBody("[3]") << QStringList { "tasks[0]" };
    QTest::newRow("actions mistyped") << withBody(OneTask, R"("stop")") << QStringList { "actions" };
    QTest::newRow("action not an object") << withBody(OneTask, R"(["stop"])") << QStringList { "actions[0]" };

    // Task groups.
    QTest::newRow("task: missing id") << task(R"({ "steps": 1, "step_ms": 5 })") << QStringList { "tasks[0].id" };
    QTest::newRow("task: id mistyped") << task(R"({ "id": 4, "steps": 1, "step_ms": 5 })")
                                       << QStringList { "tasks[0].id" };
    QTest::newRow("task: id with '#'") << task(R"({ "id": "a#1", "steps": 1, "step_ms": 5 })")
                                       << QStringList { "tasks[0].id" };
    QTest::newRow("task: missing steps") << task(R"({ "id": "t", "step_ms": 5 })") << QStringList { "tasks[0].steps" };
    QTest::newRow("task: negative steps") << task(R"({ "id": "t", "steps": -1, "step_ms": 5 })")
                                          << QStringList { "tasks[0].steps" };
    QTest::newRow("task: steps mistyped") << task(R"({ "id": "t", "steps": "ten", "step_ms": 5 })")
                                          << QStringList { "tasks[0].steps" };
    QTest::newRow("task: steps fractional") << task(R"({ "id": "t", "steps": 2.5, "step_ms": 5 })")
                                            << QStringList { "tasks[0].steps" };
    QTest::newRow("task: missing step_ms") << task(R"({ "id": "t", "steps": 1 })")
                                           << QStringList { "tasks[0].step_ms" };
    QTest::newRow("task: step_ms 0") << task(R"({ "id": "t", "steps": 1, "step_ms": 0 })")
                                     << QStringList { "tasks[0].step_ms" };
    QTest::newRow("task: step_ms negative") << task(R"({ "id": "t", "steps": 1, "step_ms": -5 })")
                                            << QStringList { "tasks[0].step_ms" };
    QTest::newRow("task: step_ms mistyped") << task(R"({ "id": "t", "steps": 1, "step_ms": "5" })")
                                            << QStringList { "tasks[0].step_ms" };
    QTest::newRow("task: count 0") << task(R"({ "id": "t", "count": 0, "steps": 1, "step_ms": 5 })")
                                   << QStringList { "tasks[0].count" };
    QTest::newRow("task: count negative") << task(R"({ "id": "t", "count": -3, "steps": 1, "step_ms": 5 })")
                                          << QStringList { "tasks[0].count" };
    QTest::newRow("task: count mistyped") << task(R"({ "id": "t", "count": true, "steps": 1, "step_ms": 5 })")
                                          << QStringList { "tasks[0].count" };
    QTest::newRow("task: checks_stop mistyped")
        << task(R"({ "id": "t", "steps": 1, "step_ms": 5, "checks_stop": "yes" })")
        << QStringList { "tasks[0].checks_stop" };
    QTest::newRow("task: unknown wait") << task(R"({ "id": "t", "steps": 1, "step_ms": 5, "wait": "spin" })")
                                        << QStringList { "tasks[0].wait", "spin" };
    QTest::newRow("task: wait mistyped") << task(R"({ "id": "t", "steps": 1, "step_ms": 5, "wait": 1 })")
                                         << QStringList { "tasks[0].wait" };
    QTest::newRow("task: fail_at_step negative")
        << task(R"({ "id": "t", "steps": 1, "step_ms": 5, "fail_at_step": -1 })")
        << QStringList { "tasks[0].fail_at_step" };
    QTest::newRow("task: fail_at_step mistyped")
        << task(R"({ "id": "t", "steps": 1, "step_ms": 5, "fail_at_step": "2" })")
        << QStringList { "tasks[0].fail_at_step" };
    QTest::newRow("task: submit_at_ms negative")
        << task(R"({ "id": "t", "steps": 1, "step_ms": 5, "submit_at_ms": -10 })")
        << QStringList { "tasks[0].submit_at_ms" };
    QTest::newRow("task: submit_at_ms mistyped")
        << task(R"({ "id": "t", "steps": 1, "step_ms": 5, "submit_at_ms": "soon" })")
        << QStringList { "tasks[0].submit_at_ms" };
    QTest::newRow("the second task is the bad one")
        << withBody(R"([{ "id": "a", "steps": 1, "step_ms": 5 }, { "id": "b", "steps": 1, "step_ms": 0 }])")
        << QStringList { "tasks[1].step_ms" };
    QTest::newRow("duplicate ids")
        << withBody(R"([{ "id": "twin", "steps": 1, "step_ms": 5 }, { "id": "twin", "steps": 2, "step_ms": 5 }])")
        << QStringList { "tasks[1].id", "twin" };

    // Actions.
    QTest::newRow("action: missing at_ms") << action(R"({ "do": "stop" })") << QStringList { "actions[0].at_ms" };
    QTest::newRow("action: at_ms negative") << action(R"({ "at_ms": -1, "do": "stop" })")
                                            << QStringList { "actions[0].at_ms" };
    QTest::newRow("action: at_ms mistyped") << action(R"({ "at_ms": "1s", "do": "stop" })")
                                            << QStringList { "actions[0].at_ms" };
    QTest::newRow("action: missing do") << action(R"({ "at_ms": 5 })") << QStringList { "actions[0].do" };
    QTest::newRow("action: do mistyped") << action(R"({ "at_ms": 5, "do": 3 })") << QStringList { "actions[0].do" };
    QTest::newRow("action: unknown action") << action(R"({ "at_ms": 5, "do": "explode" })")
                                            << QStringList { "actions[0].do", "explode" };
    QTest::newRow("action: cancel without a task") << action(R"({ "at_ms": 5, "do": "cancel" })")
                                                   << QStringList { "actions[0].task" };
    QTest::newRow("action: cancel task mistyped") << action(R"({ "at_ms": 5, "do": "cancel", "task": 1 })")
                                                  << QStringList { "actions[0].task" };
    QTest::newRow("action: unknown task id") << action(R"({ "at_ms": 5, "do": "cancel", "task": "nope" })")
                                             << QStringList { "actions[0].task", "nope" };
    QTest::newRow("action: unknown instance") << action(R"({ "at_ms": 5, "do": "cancel", "task": "t#2" })")
                                              << QStringList { "actions[0].task", "t#2" };
    QTest::newRow("action: cancel before the submit")
        << withBody(R"([{ "id": "late", "steps": 1, "step_ms": 5, "submit_at_ms": 1000 }])",
                    R"([{ "at_ms": 500, "do": "cancel", "task": "late" }])")
        << QStringList { "actions[0].task", "late" };
    QTest::newRow("action: cancel an instance before its submit")
        << withBody(R"([{ "id": "now", "steps": 1, "step_ms": 5 },
                        { "id": "late", "count": 2, "steps": 1, "step_ms": 5, "submit_at_ms": 1000 }])",
                    R"([{ "at_ms": 5, "do": "cancel", "task": "now" }, { "at_ms": 999, "do": "cancel", "task": "late#2" }])")
        << QStringList { "actions[1].task", "late#2" };
    QTest::newRow("submit after shutdown")
        << withBody(R"([{ "id": "early", "steps": 1, "step_ms": 5 },
                        { "id": "afterwards", "steps": 1, "step_ms": 5, "submit_at_ms": 200 }])",
                    R"([{ "at_ms": 100, "do": "shutdown", "wait": false }])")
        << QStringList { "tasks[1].submit_at_ms|afterwards", "shutdown" };
    QTest::newRow("submit after a blocking shutdown")
        << withBody(R"([{ "id": "afterwards", "steps": 1, "step_ms": 5, "submit_at_ms": 101 }])",
                    R"([{ "at_ms": 100, "do": "shutdown" }])")
        << QStringList { "tasks[0].submit_at_ms|afterwards", "shutdown" };
    QTest::newRow("action: shutdown wait mistyped") << action(R"({ "at_ms": 5, "do": "shutdown", "wait": "yes" })")
                                                    << QStringList { "actions[0].wait" };
    QTest::newRow("action: shutdown cancel_futures mistyped")
        << action(R"({ "at_ms": 5, "do": "shutdown", "cancel_futures": 1 })")
        << QStringList { "actions[0].cancel_futures" };
    QTest::newRow("the third action is the bad one")
        << action(R"({ "at_ms": 1, "do": "stop" }, { "at_ms": 2, "do": "clear" }, { "at_ms": 3, "do": "halt" })")
        << QStringList { "actions[2].do", "halt" };

    // Models: a field of the other model is an error naming it, never a warning (it would run silently
    // under the wrong rules); the Java model's own values are checked like every other field.
    const auto py = [](const QByteArray &top, const QByteArray &task = {}, const QByteArray &act = {}) {
        return withBody("[{ \"id\": \"t\", \"steps\": 3, \"step_ms\": 100" + task + " }]", "[" + act + "]",
                        R"("format": "poolscope-scenario/1", "name": "lesson", "model": "python", "workers": 2)" + top);
    };
    const auto java = [](const QByteArray &top, const QByteArray &task = {}, const QByteArray &act = {}) {
        return withBody("[{ \"id\": \"t\", \"steps\": 3, \"step_ms\": 100" + task + " }]", "[" + act + "]",
                        R"("format": "poolscope-scenario/1", "name": "lesson", "model": "java", "workers": 2)" + top);
    };
    QTest::newRow("python: queue") << py(R"(, "queue": 4)") << QStringList { "queue", "java" };
    QTest::newRow("python: queue unbounded") << py(R"(, "queue": "unbounded")") << QStringList { "queue", "java" };
    QTest::newRow("python: rejection") << py(R"(, "rejection": "abort")") << QStringList { "rejection", "java" };
    QTest::newRow("python: max_workers") << py(R"(, "max_workers": 4)") << QStringList { "max_workers", "java" };
    QTest::newRow("python: on_interrupt") << py("", R"(, "on_interrupt": "swallow")")
                                          << QStringList { "tasks[0].on_interrupt", "java" };
    QTest::newRow("python: checks_interrupt") << py("", R"(, "checks_interrupt": true)")
                                              << QStringList { "tasks[0].checks_interrupt", "java" };
    QTest::newRow("python: wait busy") << py("", R"(, "wait": "busy")") << QStringList { "tasks[0].wait", "busy" };
    QTest::newRow("python: cancel with interrupt")
        << py("", "", R"({ "at_ms": 50, "do": "cancel", "task": "t", "interrupt": true })")
        << QStringList { "actions[0].interrupt", "java" };
    QTest::newRow("python: cancel_all with interrupt false")
        << py("", "", R"({ "at_ms": 50, "do": "cancel_all", "interrupt": false })")
        << QStringList { "actions[0].interrupt", "java" };
    QTest::newRow("python: shutdown_now") << py("", "", R"({ "at_ms": 50, "do": "shutdown_now" })")
                                          << QStringList { "actions[0].do", "shutdown_now", "java" };
    QTest::newRow("python: await_termination")
        << py("", "", R"({ "at_ms": 50, "do": "await_termination", "timeout_ms": 100 })")
        << QStringList { "actions[0].do", "await_termination", "java" };
    QTest::newRow("java: shutdown wait") << java("", "", R"({ "at_ms": 50, "do": "shutdown", "wait": true })")
                                         << QStringList { "actions[0].wait" };
    QTest::newRow("java: shutdown cancel_futures false")
        << java("", "", R"({ "at_ms": 50, "do": "shutdown", "cancel_futures": false })")
        << QStringList { "actions[0].cancel_futures" };
    QTest::newRow("java: queue a word") << java(R"(, "queue": "bounded")") << QStringList { "queue", "bounded" };
    QTest::newRow("java: queue negative") << java(R"(, "queue": -1)") << QStringList { "queue" };
    QTest::newRow("java: queue fractional") << java(R"(, "queue": 2.5)") << QStringList { "queue" };
    QTest::newRow("java: queue mistyped") << java(R"(, "queue": true)") << QStringList { "queue" };
    QTest::newRow("java: unknown rejection") << java(R"(, "rejection": "ignore")") << QStringList { "rejection", "ignore" };
    QTest::newRow("java: rejection mistyped") << java(R"(, "rejection": 1)") << QStringList { "rejection" };
    QTest::newRow("java: discard_oldest on a synchronous queue")
        << java(R"(, "queue": 0, "rejection": "discard_oldest")") << QStringList { "rejection" };
    QTest::newRow("java: max_workers below workers") << java(R"(, "max_workers": 1)") << QStringList { "max_workers" };
    QTest::newRow("java: max_workers mistyped") << java(R"(, "max_workers": "2")") << QStringList { "max_workers" };
    QTest::newRow("java: unknown on_interrupt") << java("", R"(, "on_interrupt": "ignore")")
                                                << QStringList { "tasks[0].on_interrupt", "ignore" };
    QTest::newRow("java: on_interrupt mistyped") << java("", R"(, "on_interrupt": false)")
                                                 << QStringList { "tasks[0].on_interrupt" };
    QTest::newRow("java: checks_interrupt mistyped") << java("", R"(, "checks_interrupt": "yes")")
                                                     << QStringList { "tasks[0].checks_interrupt" };
    QTest::newRow("java: unknown wait") << java("", R"(, "wait": "spin")") << QStringList { "tasks[0].wait" };
    QTest::newRow("java: interrupt mistyped")
        << java("", "", R"({ "at_ms": 50, "do": "cancel", "task": "t", "interrupt": 1 })")
        << QStringList { "actions[0].interrupt" };
    QTest::newRow("java: await_termination without timeout_ms")
        << java("", "", R"({ "at_ms": 50, "do": "await_termination" })") << QStringList { "actions[0].timeout_ms" };
    QTest::newRow("java: await_termination timeout_ms 0")
        << java("", "", R"({ "at_ms": 50, "do": "await_termination", "timeout_ms": 0 })")
        << QStringList { "actions[0].timeout_ms" };
    QTest::newRow("java: await_termination timeout_ms negative")
        << java("", "", R"({ "at_ms": 50, "do": "await_termination", "timeout_ms": -100 })")
        << QStringList { "actions[0].timeout_ms" };
    QTest::newRow("java: await_termination timeout_ms mistyped")
        << java("", "", R"({ "at_ms": 50, "do": "await_termination", "timeout_ms": "1s" })")
        << QStringList { "actions[0].timeout_ms" };
}

void TestScenario::badInput()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, mustName);
    const ScenarioParseResult r = parseScenario(json, Source);
    QVERIFY2(!r.scenario, "bad input was accepted");
    QVERIFY(!r.error.isEmpty());
    QVERIFY2(r.error.contains(Source), qPrintable(QStringLiteral("does not name the source: ") + r.error));
    QVERIFY2(!r.error.contains(QLatin1Char('\n')), qPrintable(QStringLiteral("more than one line: ") + r.error));
    for (const QString &need : mustName) {
        const QStringList anyOf = need.split(QLatin1Char('|'));
        const bool found =
            std::any_of(anyOf.begin(), anyOf.end(), [&](const QString &s) { return r.error.contains(s); });
        QVERIFY2(found, qPrintable(QStringLiteral("does not name \"%1\": %2").arg(need, r.error)));
    }
}

void TestScenario::invalidJsonNamesThePosition()
{
    const QList<QByteArray> cases = {
        R"({"format": "poolscope-scenario/1", "name": })",
        "{\n  \"format\": \"poolscope-scenario/1\",\n  \"name\": \"x\"\n  \"workers\": 1\n}",
        R"({"format": "poolscope-scenario/1", "tasks": [ {"id": "a",, } ]})",
        "",
        "{",
    };
    for (const QByteArray &json : cases) {
        QJsonParseError expected;
        QJsonDocument::fromJson(json, &expected);
        QVERIFY(expected.error != QJsonParseError::NoError);
        const ScenarioParseResult r = parseScenario(json, Source);
        QVERIFY2(!r.scenario, json.constData());
        QVERIFY2(r.error.contains(Source), qPrintable(r.error));
        QVERIFY2(r.error.contains(QStringLiteral("JSON"), Qt::CaseInsensitive), qPrintable(r.error));
        QVERIFY2(r.error.contains(QString::number(expected.offset)),
                 qPrintable(QStringLiteral("does not give the offset %1: %2").arg(expected.offset).arg(r.error)));
        QVERIFY2(!r.error.contains(QLatin1Char('\n')), qPrintable(r.error));
    }
}

void TestScenario::unreadableFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    const ScenarioParseResult r = loadScenarioFile(missing);
    QVERIFY(!r.scenario);
    QVERIFY2(r.error.contains(missing), qPrintable(r.error));
    QVERIFY(!r.error.contains(QLatin1Char('\n')));

    // A readable file with bad content names the path it was read from.
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(withBody(R"([{ "id": "t", "steps": 1, "step_ms": 0 }])"));
    f.close();
    const ScenarioParseResult r2 = loadScenarioFile(bad);
    QVERIFY(!r2.scenario);
    QVERIFY2(r2.error.contains(bad) && r2.error.contains(QStringLiteral("step_ms")), qPrintable(r2.error));

    // And a good one parses, with the path as its source.
    const QString good = dir.filePath(QStringLiteral("good.json"));
    QFile g(good);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(withBody(OneTask));
    g.close();
    const ScenarioParseResult r3 = loadScenarioFile(good);
    QVERIFY2(r3.scenario, qPrintable(r3.error));
    QCOMPARE(r3.scenario->source, good);
}

void TestScenario::unknownKeysWarn()
{
    const QByteArray json = R"({
        "format": "poolscope-scenario/1", "name": "lesson", "workers": 1, "colour": "blue",
        "tasks": [ { "id": "t", "steps": 1, "step_ms": 5, "priority": 3 } ],
        "actions": [ { "at_ms": 1, "do": "stop", "reason": "enough" },
                     { "at_ms": 2, "do": "cancel", "task": "t", "force": true } ]
    })";
    const ScenarioParseResult r = parseScenario(json, Source);
    QVERIFY2(r.scenario, qPrintable(r.error));
    QCOMPARE(r.warnings.size(), 4);
    for (const QString &key : { QStringLiteral("colour"), QStringLiteral("priority"), QStringLiteral("reason"),
                                QStringLiteral("force") }) {
        const bool named = std::any_of(r.warnings.begin(), r.warnings.end(), [&](const QString &w) {
            return w.contains(key) && w.contains(Source);
        });
        QVERIFY2(named, qPrintable(QStringLiteral("no warning names '%1' and the source: %2")
                                       .arg(key, r.warnings.join(QStringLiteral(" / ")))));
    }
    for (const QString &w : r.warnings)
        QVERIFY2(!w.contains(QLatin1Char('\n')), qPrintable(w));
    // The scenario itself is unaffected.
    QCOMPARE(r.scenario->instanceIds(), QStringList { QStringLiteral("t") });
    QCOMPARE(r.scenario->actions.size(), 2);
}

void TestScenario::instanceIdsInSubmissionOrder()
{
    // Groups are submitted by submit_at_ms, ties in file order; instances numbered from 1.
    const QByteArray json = withBody(R"([
        { "id": "late", "count": 2, "steps": 1, "step_ms": 5, "submit_at_ms": 500 },
        { "id": "first", "steps": 1, "step_ms": 5 },
        { "id": "mid", "count": 3, "steps": 1, "step_ms": 5, "submit_at_ms": 100 },
        { "id": "also-first", "count": 2, "steps": 1, "step_ms": 5, "submit_at_ms": 0 },
        { "id": "tie", "steps": 1, "step_ms": 5, "submit_at_ms": 100 }
    ])");
    const ScenarioParseResult r = parseScenario(json, Source);
    QVERIFY2(r.scenario, qPrintable(r.error));
    const QStringList expected = {
        QStringLiteral("first"), QStringLiteral("also-first#1"), QStringLiteral("also-first#2"),
        QStringLiteral("mid#1"), QStringLiteral("mid#2"),        QStringLiteral("mid#3"),
        QStringLiteral("tie"),   QStringLiteral("late#1"),       QStringLiteral("late#2"),
    };
    QCOMPARE(r.scenario->instanceIds(), expected);

    QStringList groupOrder;
    for (const TaskGroup &g : r.scenario->groupsInSubmissionOrder())
        groupOrder << g.spec.id;
    QCOMPARE(groupOrder, (QStringList { QStringLiteral("first"), QStringLiteral("also-first"), QStringLiteral("mid"),
                                        QStringLiteral("tie"), QStringLiteral("late") }));
    // groups keeps file order.
    QCOMPARE(r.scenario->groups.first().spec.id, QStringLiteral("late"));
}

void TestScenario::instanceIdHelper()
{
    TaskGroup one;
    one.spec.id = QStringLiteral("solo");
    QCOMPARE(instanceId(one, 1), QStringLiteral("solo"));
    TaskGroup many;
    many.spec.id = QStringLiteral("job");
    many.count = 12;
    QCOMPARE(instanceId(many, 1), QStringLiteral("job#1"));
    QCOMPARE(instanceId(many, 12), QStringLiteral("job#12"));
}

void TestScenario::builtinsParseCleanly_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : builtinScenarioNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestScenario::requiredBuiltinsExist()
{
    const QStringList names = builtinScenarioNames();
    for (const QString &required : RequiredBuiltins)
        QVERIFY2(names.contains(required), qPrintable(QStringLiteral("no built-in scenario ") + required));
}

void TestScenario::builtinsParseCleanly()
{
    QFETCH(QString, name);
    const ScenarioParseResult r = loadBuiltinScenario(name);
    QVERIFY2(r.scenario, qPrintable(r.error));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
    const Scenario &s = *r.scenario;
    QCOMPARE(s.name, name); // the file is named after the scenario
    QVERIFY2(s.source.contains(name), qPrintable(s.source));
    QVERIFY(!s.title.isEmpty());
    QVERIFY2(s.description.size() > 40, "a built-in needs a description a lecturer would give");
    QVERIFY2(modelNames().contains(s.model), qPrintable(s.model));
    // A built-in of a model other than Python's says so in its name (the Qt ones are qt-*).
    QCOMPARE(s.model != QLatin1String("python"), name.startsWith(s.model + QLatin1Char('-')));
    QVERIFY(s.workers >= 1);
    QVERIFY(!s.groups.isEmpty());
    QVERIFY(!s.instanceIds().isEmpty());
}

void TestScenario::builtinListMatchesResources()
{
    // Every resources/scenarios/*.json is a built-in and parses from the source tree as well.
    const QString sourceDir = qEnvironmentVariable("POOLSCOPE_SOURCE_DIR");
    if (sourceDir.isEmpty())
        QSKIP("POOLSCOPE_SOURCE_DIR is not set (CTest sets it)");
    const QDir dir(sourceDir + QStringLiteral("/resources/scenarios"));
    QVERIFY2(dir.exists(), qPrintable(dir.path()));
    QStringList onDisk;
    for (const QFileInfo &fi : dir.entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        onDisk << fi.completeBaseName();
        const ScenarioParseResult r = loadScenarioFile(fi.filePath());
        QVERIFY2(r.scenario, qPrintable(r.error));
        QCOMPARE(r.scenario->name, fi.completeBaseName());
    }
    QStringList names = builtinScenarioNames();
    // The lessons first, in their order, each number once; then the others.
    int last = 0;
    bool othersBegan = false;
    for (const QString &name : names) {
        const ScenarioParseResult r = loadBuiltinScenario(name);
        QVERIFY2(r.scenario, qPrintable(r.error));
        if (r.scenario->lesson == 0) {
            othersBegan = true;
            continue;
        }
        QVERIFY2(!othersBegan, qPrintable(name + QStringLiteral(": a lesson after the other built-ins")));
        QVERIFY2(r.scenario->lesson > last, qPrintable(name + QStringLiteral(": lessons out of order or numbered twice")));
        last = r.scenario->lesson;
        // A lesson tells its story: narrated, from its start.
        QVERIFY2(!r.scenario->narration.isEmpty(), qPrintable(name + QStringLiteral(": a lesson without narration")));
        QCOMPARE(r.scenario->narration.first().atMs, 0);
        // Each step its own moment: a step sharing one with the step after it would never be shown.
        for (qsizetype i = 1; i < r.scenario->narration.size(); ++i)
            QVERIFY2(r.scenario->narration[i].atMs > r.scenario->narration[i - 1].atMs, qPrintable(name));
    }
    QVERIFY(last >= 10);
    names.sort();
    onDisk.sort(); // by name, not by file name (".json" sorts after "-")
    QCOMPARE(names, onDisk);
}

void TestScenario::loadScenarioByNameOrPath()
{
    const ScenarioParseResult byName = loadScenario(QStringLiteral("cancel-running"));
    QVERIFY2(byName.scenario, qPrintable(byName.error));
    QCOMPARE(byName.scenario->name, QStringLiteral("cancel-running"));

    const ScenarioParseResult unknown = loadScenario(QStringLiteral("no-such-lesson"));
    QVERIFY(!unknown.scenario);
    QVERIFY2(unknown.error.contains(QStringLiteral("no-such-lesson")), qPrintable(unknown.error));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mine.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(withBody(OneTask));
    f.close();
    const ScenarioParseResult byPath = loadScenario(path);
    QVERIFY2(byPath.scenario, qPrintable(byPath.error));
    QCOMPARE(byPath.scenario->source, path);
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
