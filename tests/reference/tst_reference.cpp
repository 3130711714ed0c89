// SPDX-License-Identifier: MIT
// Runs every built-in scenario through poolscope's core (in this process) and through the real CPython
// ThreadPoolExecutor and threading.Event (cpython_reference.py under python3, at the same time), and
// requires the same outcome, steps_done and cancel_results for every task.
//
// The python side is started first; once its interpreter has started up it prints "started", and only
// then does the C++ side start its own clock, so the two runs overlap without the interpreter's
// start-up competing with the C++ run for the CPU. Both sides run at the same time scale
// (POOLSCOPE_REFERENCE_TIME_SCALE, default 0.5): the built-ins keep every action at least 40% of a
// step away from any step boundary, task start or end, which at 0.5 is at least 50 ms here.

#include "runner/scenariorun.h"
#include "io/reportwriter.h"
#include "io/tracewriter.h"
#include "replay/summary.h"
#include "scenario/scenario.h"
#include "scenario/scenarioplan.h"
#include "referencetest.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace poolscope;

namespace {

struct TaskRow
{
    QString outcome;
    int stepsDone = -1;
    QList<bool> cancelResults;
};

struct ParsedReport
{
    QString error; // empty when the report is well-formed
    QString scenario;
    QStringList ids; // in report order
    QHash<QString, TaskRow> tasks;
    // What the caller's wait/as_completed/result calls returned, one compact JSON entry per call (the
    // ideal-clock plan has none: it is compared on its tasks only).
    QStringList callerResults;
};

ParsedReport parseReport(const QByteArray &json)
{
    ParsedReport r;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        r.error = QStringLiteral("invalid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString());
        return r;
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != QLatin1String("poolscope-report/1")) {
        r.error = QStringLiteral("\"format\" is not \"poolscope-report/1\"");
        return r;
    }
    r.scenario = root.value(QLatin1String("scenario")).toString();
    const QJsonValue tasks = root.value(QLatin1String("tasks"));
    if (!tasks.isArray()) {
        r.error = QStringLiteral("\"tasks\" is not an array");
        return r;
    }
    for (const QJsonValue &v : tasks.toArray()) {
        const QJsonObject t = v.toObject();
        const QString id = t.value(QLatin1String("id")).toString();
        if (id.isEmpty() || r.tasks.contains(id)) {
            r.error = QStringLiteral("a task without an id, or a duplicate id \"%1\"").arg(id);
            return r;
        }
        TaskRow row;
        row.outcome = t.value(QLatin1String("outcome")).toString();
        const QJsonValue steps = t.value(QLatin1String("steps_done"));
        row.stepsDone = steps.isDouble() ? steps.toInt(-1) : -1;
        const QJsonValue cancels = t.value(QLatin1String("cancel_results"));
        if (!cancels.isArray()) {
            r.error = QStringLiteral("task \"%1\": \"cancel_results\" is not an array").arg(id);
            return r;
        }
        for (const QJsonValue &c : cancels.toArray()) {
            if (!c.isBool()) {
                r.error = QStringLiteral("task \"%1\": \"cancel_results\" holds a non-boolean").arg(id);
                return r;
            }
            row.cancelResults.append(c.toBool());
        }
        r.ids.append(id);
        r.tasks.insert(id, row);
    }
    for (const QJsonValue &c : root.value(QLatin1String("caller_results")).toArray())
        r.callerResults.append(QString::fromUtf8(QJsonDocument(c.toObject()).toJson(QJsonDocument::Compact)));
    return r;
}

QString cancelsText(const QList<bool> &results)
{
    QStringList parts;
    for (bool b : results)
        parts.append(b ? QStringLiteral("true") : QStringLiteral("false"));
    return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
}

QString rowText(const TaskRow &row)
{
    return QStringLiteral("%1, %2 steps, cancels %3")
        .arg(row.outcome)
        .arg(row.stepsDone)
        .arg(cancelsText(row.cancelResults));
}

// A readable diff: one line per field that differs, then both reports side by side.
QStringList compareReports(const ParsedReport &cpp, const ParsedReport &py, bool compareCalls = true)
{
    QStringList diff;
    const auto line = [&diff](const QString &id, const QString &field, const QString &a,
                              const QString &b) {
        diff.append(QStringLiteral("  %1 %2 poolscope: %3   cpython: %4")
                        .arg(id, -14)
                        .arg(field, -15)
                        .arg(a, -24)
                        .arg(b));
    };
    if (cpp.scenario != py.scenario)
        line(QStringLiteral("(report)"), QStringLiteral("scenario"), cpp.scenario, py.scenario);
    if (cpp.ids != py.ids)
        line(QStringLiteral("(report)"), QStringLiteral("task order"), cpp.ids.join(QLatin1Char(' ')),
             py.ids.join(QLatin1Char(' ')));
    QStringList ids = py.ids;
    for (const QString &id : cpp.ids)
        if (!ids.contains(id))
            ids.append(id);
    for (const QString &id : std::as_const(ids)) {
        if (!cpp.tasks.contains(id)) {
            line(id, QStringLiteral("task"), QStringLiteral("(missing)"), rowText(py.tasks[id]));
            continue;
        }
        if (!py.tasks.contains(id)) {
            line(id, QStringLiteral("task"), rowText(cpp.tasks[id]), QStringLiteral("(missing)"));
            continue;
        }
        const TaskRow &a = cpp.tasks[id];
        const TaskRow &b = py.tasks[id];
        if (a.outcome != b.outcome)
            line(id, QStringLiteral("outcome"), a.outcome, b.outcome);
        if (a.stepsDone != b.stepsDone)
            line(id, QStringLiteral("steps_done"), QString::number(a.stepsDone),
                 QString::number(b.stepsDone));
        if (a.cancelResults != b.cancelResults)
            line(id, QStringLiteral("cancel_results"), cancelsText(a.cancelResults),
                 cancelsText(b.cancelResults));
    }
    if (compareCalls) {
        for (qsizetype i = 0; i < std::max(cpp.callerResults.size(), py.callerResults.size()); ++i) {
            const QString a = cpp.callerResults.value(i, QStringLiteral("(missing)"));
            const QString b = py.callerResults.value(i, QStringLiteral("(missing)"));
            if (a != b)
                diff.append(QStringLiteral("  caller_results[%1]\n    poolscope: %2\n    cpython:   %3").arg(i).arg(a, b));
        }
    }
    if (diff.isEmpty())
        return diff;
    diff.append(QStringLiteral("  the two runs, task by task (poolscope | cpython):"));
    for (const QString &id : std::as_const(ids))
        diff.append(QStringLiteral("    %1 %2 | %3")
                        .arg(id, -14)
                        .arg(cpp.tasks.contains(id) ? rowText(cpp.tasks[id]) : QStringLiteral("-"), -42)
                        .arg(py.tasks.contains(id) ? rowText(py.tasks[id]) : QStringLiteral("-")));
    return diff;
}

using test::runningInCI;
using test::SkipMarker;

} // namespace

class TestReference : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesCPython_data();
    void matchesCPython();
    void cleanupTestCase();

private:
    QString m_python;
    QString m_script;
    double m_timeScale = 0.5;
    QElapsedTimer m_total;
};

void TestReference::initTestCase()
{
    m_total.start();
    m_python = qEnvironmentVariable("POOLSCOPE_PYTHON");
    if (m_python.isEmpty())
        m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (m_python.isEmpty()) {
        // In CI a missing interpreter is a broken set-up, not a reason to skip the cross-check.
        if (runningInCI())
            QFAIL("python3 is not installed and CI=true: the CPython cross-check must run in CI");
        // CTest would count a QSKIP as passed (exit status 0): this line makes it report the test as
        // skipped (SKIP_REGULAR_EXPRESSION in CMakeLists.txt).
        qInfo("%s python3 is not installed: the CPython cross-check cannot run", SkipMarker);
        QSKIP("python3 is not installed: the CPython cross-check cannot run");
    }

    m_script = QStringLiteral(POOLSCOPE_REFERENCE_SCRIPT);
    if (!QFileInfo::exists(m_script) && qEnvironmentVariableIsSet("POOLSCOPE_SOURCE_DIR"))
        m_script = qEnvironmentVariable("POOLSCOPE_SOURCE_DIR")
                   + QStringLiteral("/tests/reference/cpython_reference.py");
    QVERIFY2(QFileInfo::exists(m_script), qPrintable(QStringLiteral("no script at ") + m_script));

    if (qEnvironmentVariableIsSet("POOLSCOPE_REFERENCE_TIME_SCALE")) {
        bool ok = false;
        m_timeScale = qEnvironmentVariable("POOLSCOPE_REFERENCE_TIME_SCALE").toDouble(&ok);
        QVERIFY2(ok && m_timeScale > 0, "POOLSCOPE_REFERENCE_TIME_SCALE must be a positive number");
    }
    QVERIFY2(!builtinScenarioNames().isEmpty(), "no built-in scenarios");
    qInfo("python: %s, script: %s, time scale %g", qPrintable(m_python), qPrintable(m_script),
          m_timeScale);
}

void TestReference::matchesCPython_data()
{
    QTest::addColumn<QString>("name");
    // CPython is the reference of the Python model's built-ins only (Java's is the JVM: tst_reference_java;
    // Qt's is Qt: tst_qtmodel).
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult parsed = loadBuiltinScenario(name);
        if (!parsed.scenario || parsed.scenario->model == QLatin1String("python"))
            QTest::newRow(qPrintable(name)) << name;
    }
    // Scenarios written for the cross-check alone (pause and resume, which no lesson uses): by path.
    const QDir extra(QStringLiteral(POOLSCOPE_REFERENCE_SCENARIOS));
    const QStringList files = extra.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(QStringLiteral("no scenarios in ") + extra.path()));
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << extra.filePath(file);
}

void TestReference::matchesCPython()
{
    QFETCH(QString, name);
    QElapsedTimer rowTimer;
    rowTimer.start();

    const bool builtin = !name.endsWith(QLatin1String(".json"));
    const ScenarioParseResult parsed = builtin ? loadBuiltinScenario(name) : loadScenarioFile(name);
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    QVERIFY2(parsed.scenario->model == QLatin1String("python"), qPrintable(name));
    const Scenario &scenario = *parsed.scenario;

    // The python side reads the very bytes poolscope reads (a built-in's are compiled into it).
    QFile resource(builtin ? QStringLiteral(":/scenarios/%1.json").arg(name) : name);
    QVERIFY2(resource.open(QIODevice::ReadOnly), qPrintable(resource.fileName()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString scenarioPath = dir.filePath(QFileInfo(name).completeBaseName() + QStringLiteral(".json"));
    const QString pyReportPath = dir.filePath(QStringLiteral("cpython-report.json"));
    {
        QFile out(scenarioPath);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(out.write(resource.readAll()) > 0);
    }

    QProcess python;
    python.setProgram(m_python);
    python.setArguments({m_script, scenarioPath, QStringLiteral("--report"), pyReportPath,
                         QStringLiteral("--time-scale"), QString::number(m_timeScale, 'g', 17)});
    python.start();
    QVERIFY2(python.waitForStarted(30000), qPrintable(python.errorString()));
    QByteArray pyOut;
    const QDeadlineTimer startDeadline(60000);
    while (!pyOut.contains("started\n") && python.state() == QProcess::Running
           && !startDeadline.hasExpired()) {
        python.waitForReadyRead(30000);
        pyOut += python.readAllStandardOutput();
    }
    if (!pyOut.contains("started\n")) {
        if (!python.waitForFinished(5000)) {
            python.kill();
            python.waitForFinished(5000);
        }
        QFAIL(qPrintable(QStringLiteral("cpython_reference.py did not start the scenario: %1")
                             .arg(QString::fromLocal8Bit(python.readAllStandardError()))));
    }
    QElapsedTimer pyTimer;
    pyTimer.start();

    QElapsedTimer cppTimer;
    cppTimer.start();
    const Run session = runScenario(scenario, m_timeScale);
    const qint64 cppMs = cppTimer.elapsed();
    const QByteArray cppJson = reportJson(session);

    const bool pyFinished = python.waitForFinished(120000);
    const qint64 pyMs = pyTimer.elapsed();
    if (!pyFinished) {
        python.kill();
        python.waitForFinished(5000);
        QFAIL("cpython_reference.py did not finish within 120 s");
    }
    const QString pyErr = QString::fromLocal8Bit(python.readAllStandardError());
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             qPrintable(QStringLiteral("cpython_reference.py exited with %1: %2")
                            .arg(python.exitCode())
                            .arg(pyErr)));
    QFile pyFile(pyReportPath);
    QVERIFY2(pyFile.open(QIODevice::ReadOnly), "cpython_reference.py wrote no report");
    const QByteArray pyJson = pyFile.readAll();

    const ParsedReport cpp = parseReport(cppJson);
    const ParsedReport py = parseReport(pyJson);
    QVERIFY2(cpp.error.isEmpty(), qPrintable(QStringLiteral("poolscope's report: %1\n%2")
                                                 .arg(cpp.error, QString::fromUtf8(cppJson))));
    QVERIFY2(py.error.isEmpty(), qPrintable(QStringLiteral("cpython's report: %1\n%2")
                                                .arg(py.error, QString::fromUtf8(pyJson))));

    const QStringList diff = compareReports(cpp, py);
    qInfo("%-24s poolscope %5lld ms, cpython %5lld ms, row %5lld ms, %lld tasks", qPrintable(name),
          cppMs, pyMs, rowTimer.elapsed(), qlonglong(py.ids.size()));
    if (!diff.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 (time scale %2): poolscope and CPython disagree\n%3")
                             .arg(name)
                             .arg(m_timeScale)
                             .arg(diff.join(QLatin1Char('\n')))));
    // Both agree; both must also list every task once, in submission order.
    QCOMPARE(py.scenario, scenario.name);
    QCOMPARE(py.ids, scenario.instanceIds());

    // The third witness: the ideal-clock plan, worked out without threads, tells the same story.
    const ParsedReport planned = parseReport(planReportJson(scenario, planScenario(scenario)));
    const QStringList planDiff = compareReports(planned, py, false);
    if (!planDiff.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1: the plan and CPython disagree\n%2").arg(name, planDiff.join(QLatin1Char('\n')))));
}

void TestReference::cleanupTestCase()
{
    qInfo("all scenarios: %lld ms", m_total.elapsed());
}

QTEST_GUILESS_MAIN(TestReference)
#include "tst_reference.moc"
