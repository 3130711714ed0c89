// SPDX-License-Identifier: MIT
// A model is a folder and one registration: a test-only "toy" model plugs into the scenario parser, the
// runner, the interpreter and the writers without any of them knowing it.
#include "io/reportwriter.h"
#include "models/modelregistry.h"
#include "replay/consolelines.h"
#include "replay/runstate.h"
#include "replay/summary.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "scenario/scenario.h"
#include "threadtestsupport.h"
#include "toymodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace poolscope;
using namespace std::chrono_literals;

class tst_ToyModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void registryKnowsIt();
    void scenarioReadsItsOwnFieldsAndVerbs();
    void itsErrorsListItsVerbs();
    void runsThroughTheRunnerUnchanged();
    void interactiveRunnerCallsReachIt();
};

void tst_ToyModel::initTestCase()
{
    QVERIFY(registerModel(std::make_unique<test::ToyModel>()));
    QVERIFY(!registerModel(std::make_unique<test::ToyModel>())); // a name is taken once
}

void tst_ToyModel::registryKnowsIt()
{
    QVERIFY(findModel(QStringLiteral("toy")));
    QVERIFY(findModel(QStringLiteral("python")));
    QVERIFY(modelNames().contains(QStringLiteral("toy")));
    QCOMPARE(modelNames().first(), QStringLiteral("python")); // built-ins first
}

void tst_ToyModel::scenarioReadsItsOwnFieldsAndVerbs()
{
    const ScenarioParseResult r = parseScenario(R"({"format":"poolscope-scenario/1","name":"toy-1","model":"toy",
        "workers":1,"tasks":[{"id":"t","count":3,"steps":4}],"actions":[{"at_ms":5,"do":"poke"}]})",
                                                QStringLiteral("toy.json"));
    QVERIFY2(r.scenario, qPrintable(r.error));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
    QCOMPARE(r.scenario->groups.first().spec.stepMs, 10); // the toy's own default
    QCOMPARE(r.scenario->actions.first().code, quint16(test::ToyRun::Poke));
    QCOMPARE(&r.scenario->modelRules(), findModel(QStringLiteral("toy")));
}

void tst_ToyModel::itsErrorsListItsVerbs()
{
    const ScenarioParseResult r = parseScenario(R"({"format":"poolscope-scenario/1","name":"toy-2","model":"toy",
        "workers":1,"tasks":[{"id":"t","steps":1,"checks_stop":true}],"actions":[{"at_ms":5,"do":"cancel","task":"t"}]})",
                                                QStringLiteral("toy.json"));
    QVERIFY(!r.scenario);
    QVERIFY2(r.error.contains(QLatin1String("actions[0].do")) && r.error.contains(QLatin1String("poke")),
             qPrintable(r.error));
    // A Python field in a toy scenario is the toy's unknown key, not a silent Python meaning.
    const ScenarioParseResult w = parseScenario(R"({"format":"poolscope-scenario/1","name":"toy-3","model":"toy",
        "workers":1,"tasks":[{"id":"t","steps":1,"checks_stop":true}]})",
                                                QStringLiteral("toy.json"));
    QVERIFY2(w.scenario, qPrintable(w.error));
    QCOMPARE(w.warnings.size(), 1);
    QVERIFY(w.warnings.first().contains(QLatin1String("tasks[0].checks_stop")));
}

void tst_ToyModel::runsThroughTheRunnerUnchanged()
{
    test::Watchdog watchdog(60s, "the toy scenario's run");
    const ScenarioParseResult r = parseScenario(R"({"format":"poolscope-scenario/1","name":"toy-run","model":"toy",
        "workers":1,"tasks":[{"id":"a","steps":40,"step_ms":10},{"id":"b","steps":2,"step_ms":10,"submit_at_ms":500}],
        "actions":[{"at_ms":105,"do":"poke"}]})",
                                                QStringLiteral("toy.json"));
    QVERIFY2(r.scenario, qPrintable(r.error));
    const Run run = runScenario(*r.scenario, 1.0);
    QCOMPARE(run.info.model, QStringLiteral("toy"));
    const std::vector<TaskSummary> tasks = summarize(run);
    QCOMPARE(tasks.size(), size_t(2));
    QCOMPARE(tasks[0].outcome, Outcome::Stopped); // poked while it ran
    QVERIFY(tasks[0].stepsDone >= 1 && tasks[0].stepsDone < 40);
    QCOMPARE(tasks[1].outcome, Outcome::Completed); // submitted after the poke
    QCOMPARE(tasks[1].stepsDone, 2);
    // The report and the console speak of it without knowing it.
    const QJsonObject report = QJsonDocument::fromJson(reportJson(run)).object();
    QCOMPARE(report.value(QLatin1String("model")).toString(), QStringLiteral("toy"));
    RunState state;
    state.reset(run.tasks.size(), run.info.workers);
    QStringList lines;
    for (const RecordedEvent &e : run.events)
        lines << consoleLines(state.apply(e), run, findModel(QStringLiteral("toy"))->words());
    QVERIFY2(lines.filter(QStringLiteral("b is done")).size() == 1, qPrintable(lines.join(QLatin1Char('\n'))));
}

void tst_ToyModel::interactiveRunnerCallsReachIt()
{
    test::Watchdog watchdog(60s, "the toy's interactive run");
    RunInfo info;
    info.model = QStringLiteral("toy");
    Runner runner(info); // found by name in the registry
    TaskSpec spec;
    spec.id = QStringLiteral("long");
    spec.steps = 100000;
    spec.stepMs = 5;
    runner.submit(spec);
    runner.act(ActionCall::model(test::ToyRun::Poke)); // reaches the toy's perform()
    runner.finish();
    QVERIFY(runner.waitFinished(30s));
    QCOMPARE(summarize(runner.run()).front().outcome, Outcome::Stopped);
}

QTEST_GUILESS_MAIN(tst_ToyModel)
#include "tst_toymodel.moc"
