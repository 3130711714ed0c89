// SPDX-License-Identifier: MIT
// The ideal-clock plan of a scenario: Python's semantics worked out without threads, and the warnings
// for actions so near a boundary that thread scheduling would decide the outcome.
#include "replay/summary.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "scenario/scenarioplan.h"
#include "threadtestsupport.h"

#include <QTest>

using namespace poolscope;
using namespace std::chrono_literals;

namespace {

// The rows' steps are 100 ms and their actions keep 40% of a step (40 ms) from every boundary; the real
// run stretches time by this factor, so scheduling noise on a loaded 2-core machine (or under a sanitizer)
// has 60 ms to get wrong before it changes an outcome. All rows together take about 6 s.
constexpr double RealRunTimeScale = 1.5;

Scenario scenarioFrom(const QByteArray &body)
{
    const QByteArray json = R"({"format":"poolscope-scenario/1","name":"plan",)" + body + "}";
    const ScenarioParseResult r = parseScenario(json, QStringLiteral("inline"));
    if (!r.scenario)
        qFatal("bad inline scenario: %s", qPrintable(r.error));
    return *r.scenario;
}

// "id:outcome:steps_done[:cancel results as T/F]" per task, for a plan's tasks or a real run's.
template<typename Tasks>
QString summary(const Tasks &tasks)
{
    QStringList parts;
    for (const auto &t : tasks) {
        QString results;
        for (bool r : t.cancelResults)
            results += r ? QLatin1Char('T') : QLatin1Char('F');
        parts << QStringLiteral("%1:%2:%3%4").arg(t.id, QLatin1String(outcomeName(t.outcome))).arg(t.stepsDone)
                         .arg(results.isEmpty() ? QString() : QLatin1Char(':') + results);
    }
    return parts.join(QLatin1Char(' '));
}

QString summary(const ScenarioPlan &plan)
{
    return summary(plan.tasks);
}

} // namespace

class tst_ScenarioPlan : public QObject
{
    Q_OBJECT
private slots:
    void builtinsKeepTheirMargins_data();
    void builtinsKeepTheirMargins();
    void outcomes_data();
    void outcomes();
    void outcomesOfTheRealRun_data() { outcomes_data(); }
    void outcomesOfTheRealRun();
    void warnsOfTies_data();
    void warnsOfTies();
};

void tst_ScenarioPlan::builtinsKeepTheirMargins_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : builtinScenarioNames())
        QTest::newRow(qPrintable(name)) << name;
}

void tst_ScenarioPlan::builtinsKeepTheirMargins()
{
    QFETCH(QString, name);
    const ScenarioPlan plan = planScenario(*loadBuiltinScenario(name).scenario);
    QVERIFY2(plan.timingWarnings.isEmpty(), qPrintable(plan.timingWarnings.join(QLatin1Char('\n'))));
    for (const PlannedTask &t : plan.tasks)
        QVERIFY2(t.outcome != Outcome::None, qPrintable(t.id));
}

void tst_ScenarioPlan::outcomes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("cancel() on a running task is refused")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":10,"step_ms":100}],
                "actions":[{"at_ms":250,"do":"cancel","task":"t"}])")
            << "t:completed:10:F";
    QTest::newRow("checked after each step: stops at the next boundary")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":10,"step_ms":100,"checks_stop":true}],
                "actions":[{"at_ms":250,"do":"stop"}])")
            << "t:stopped:3";
    QTest::newRow("waiting on the event: stops at once, mid-step")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":10,"step_ms":100,"wait":"event"}],
                "actions":[{"at_ms":250,"do":"stop"}])")
            << "t:stopped:2";
    QTest::newRow("never checks: runs to its end")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":4,"step_ms":100}],"actions":[{"at_ms":150,"do":"stop"}])")
            << "t:completed:4";
    QTest::newRow("the recipe on two workers")
            << QByteArray(R"("workers":2,"tasks":[{"id":"j","count":4,"steps":5,"step_ms":100,"checks_stop":true}],
                "actions":[{"at_ms":150,"do":"cancel_all"},{"at_ms":150,"do":"stop"}])")
            << "j#1:stopped:2:F j#2:stopped:2:F j#3:cancelled:0:T j#4:cancelled:0:T";
    QTest::newRow("a pending task cancelled; the worker skips it")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":2,"step_ms":100},{"id":"b","steps":1,"step_ms":100},
                {"id":"c","steps":1,"step_ms":100}],"actions":[{"at_ms":50,"do":"cancel","task":"b"}])")
            << "a:completed:2 b:cancelled:0:T c:completed:1";
    QTest::newRow("shutdown(cancel_futures) cancels the queue, not in cancel_results")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":2,"step_ms":100},{"id":"b","steps":1,"step_ms":100}],
                "actions":[{"at_ms":50,"do":"shutdown","wait":false,"cancel_futures":true}])")
            << "a:completed:2 b:cancelled:0";
    QTest::newRow("a blocking shutdown holds the next cancel until every task ended")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":3,"step_ms":100}],
                "actions":[{"at_ms":50,"do":"shutdown"},{"at_ms":60,"do":"cancel","task":"a"}])")
            << "a:completed:3:F";
    QTest::newRow("fails before its step")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":4,"step_ms":100,"fail_at_step":2},{"id":"b","steps":1,"step_ms":100}])")
            << "a:failed:2 b:completed:1";
    QTest::newRow("set and cleared within a step: never seen")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":3,"step_ms":100,"checks_stop":true}],
                "actions":[{"at_ms":145,"do":"stop"},{"at_ms":155,"do":"clear"}])")
            << "a:completed:3";
    QTest::newRow("an event already set: an event-waiting task returns at its start")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":2,"step_ms":100},
                {"id":"b","steps":3,"step_ms":100,"wait":"event"}],"actions":[{"at_ms":50,"do":"stop"}])")
            << "a:completed:2 b:stopped:0";
    // The check comes after the step (the README's task body), never before it: these two rows tell the
    // two places apart, as the built-ins stop-before-start and stop-during-last-step do against CPython.
    QTest::newRow("an event already set: a checking task still does its first step")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":2,"step_ms":100},
                {"id":"b","steps":3,"step_ms":100,"checks_stop":true}],"actions":[{"at_ms":50,"do":"stop"}])")
            << "a:completed:2 b:stopped:1";
    QTest::newRow("stopped during its last step: stopped, not completed")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":2,"step_ms":100,"checks_stop":true}],
                "actions":[{"at_ms":150,"do":"stop"}])")
            << "t:stopped:2";
    // The caller's blocking calls hold what comes after them (the plan once took them as instant).
    QTest::newRow("result() without a timeout: the stop comes after the task ended")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":4,"step_ms":100,"checks_stop":true}],
                "actions":[{"at_ms":50,"do":"result","task":"t"},{"at_ms":250,"do":"stop"}])")
            << "t:completed:4";
    QTest::newRow("wait() with a timeout returns at its timeout")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":4,"step_ms":100,"checks_stop":true}],
                "actions":[{"at_ms":50,"do":"wait","timeout_ms":100},{"at_ms":60,"do":"stop"}])")
            << "t:stopped:2";
    QTest::newRow("wait(FIRST_COMPLETED) returns when the first task ends")
            << QByteArray(R"("workers":2,"tasks":[{"id":"a","steps":2,"step_ms":100},
                {"id":"b","steps":5,"step_ms":80,"checks_stop":true}],
                "actions":[{"at_ms":40,"do":"wait","return_when":"FIRST_COMPLETED"},{"at_ms":100,"do":"stop"}])")
            << "a:completed:2 b:stopped:3";
    QTest::newRow("result() of a cancelled future returns at once, before the worker skips it")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":3,"step_ms":100,"checks_stop":true},
                {"id":"b","steps":1,"step_ms":100}],
                "actions":[{"at_ms":50,"do":"cancel","task":"b"},{"at_ms":60,"do":"result","task":"b"},
                {"at_ms":150,"do":"stop"}])")
            << "a:stopped:2 b:cancelled:0:T";
}

void tst_ScenarioPlan::outcomes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const ScenarioPlan plan = planScenario(scenarioFrom(body));
    QCOMPARE(summary(plan), expected);
    QVERIFY2(plan.timingWarnings.isEmpty(), qPrintable(plan.timingWarnings.join(QLatin1Char('\n'))));
}

// The same rows through the real runner (threads, sleeps, the event): the plan is only a witness if the
// run it stands for tells the same story.
void tst_ScenarioPlan::outcomesOfTheRealRun()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const Scenario scenario = scenarioFrom(body);
    poolscope::test::Watchdog watchdog(60s, "runScenario() of the row \"" + QByteArray(QTest::currentDataTag()) + '"');
    const Run session = runScenario(scenario, test::timeScale(RealRunTimeScale));
    QCOMPARE(summary(summarize(session)), expected);
}

void tst_ScenarioPlan::warnsOfTies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mustMention");
    QTest::newRow("cancel at the instant the task starts")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":2,"step_ms":100}],"actions":[{"at_ms":0,"do":"cancel","task":"t"}])")
            << "actions[0] (cancel at 0 ms) is 0% of a step from t's start";
    QTest::newRow("stop 10% of a step after a boundary")
            << QByteArray(R"("workers":1,"tasks":[{"id":"t","steps":5,"step_ms":100,"checks_stop":true}],"actions":[{"at_ms":210,"do":"stop"}])")
            << "10% of a step from t's step 2 boundary at 200 ms";
    QTest::newRow("cancel just before the worker frees up")
            << QByteArray(R"("workers":1,"tasks":[{"id":"a","steps":2,"step_ms":100},{"id":"b","steps":2,"step_ms":100}],
                "actions":[{"at_ms":195,"do":"cancel","task":"b"}])")
            << "actions[0]";
}

void tst_ScenarioPlan::warnsOfTies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mustMention);
    const ScenarioPlan plan = planScenario(scenarioFrom(body));
    QCOMPARE(plan.timingWarnings.size(), 1);
    QVERIFY2(plan.timingWarnings.first().contains(mustMention), qPrintable(plan.timingWarnings.first()));
}

QTEST_GUILESS_MAIN(tst_ScenarioPlan)
#include "tst_scenarioplan.moc"
