// SPDX-License-Identifier: MIT
// Runs every Java built-in scenario through the poolscope program (--headless NAME --report R, the real
// binary) and through the real java.util.concurrent classes (JavaReference.java, compiled with javac into
// the build dir once), at the same time, and requires identical reports: every task's outcome,
// steps_done, cancel_results, future and thread, what each shutdownNow() returned, what each
// awaitTermination() returned and the largest pool size.
//
// The JVM is started first; once it has started up (and loaded the classes it runs) it prints "started",
// and only then is poolscope started, so the two runs overlap without the JVM's start-up competing with
// poolscope's run for the CPU. Both run at the same time scale (POOLSCOPE_REFERENCE_TIME_SCALE, default
// 1.5): the built-ins keep every action at least 40% of a step (200 ms) from any boundary, 120 ms here,
// because with two CPU hogs on a 2-core machine a run's threads wake up to ~90 ms late (measured, and
// printed per row). Java's Thread.sleep rounds a sub-millisecond part up, so scaled steps must be whole
// milliseconds.

#include "io/runfile.h"
#include "record/run.h"
#include "scenario/scenario.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

using namespace poolscope;

namespace {

const QStringList TaskKeys = { QStringLiteral("id"), QStringLiteral("outcome"), QStringLiteral("steps_done"),
                               QStringLiteral("cancel_results"), QStringLiteral("future"), QStringLiteral("thread") };
const QStringList RunKeys = { QStringLiteral("format"), QStringLiteral("scenario"), QStringLiteral("model"),
                              QStringLiteral("tasks"), QStringLiteral("shutdown_now_returned"),
                              QStringLiteral("await_termination_results"), QStringLiteral("largest_pool_size") };

QString compact(const QJsonValue &v)
{
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble());
    return v.isNull() ? QStringLiteral("null") : QStringLiteral("(missing)");
}

// The report, or why it is not one: the keys Java's report has, in its order.
QString checkShape(const QByteArray &json, QJsonObject *out)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return QStringLiteral("invalid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString());
    *out = doc.object();
    if (out->keys().size() != RunKeys.size())
        return QStringLiteral("keys %1, expected %2").arg(out->keys().join(QLatin1Char(',')), RunKeys.join(QLatin1Char(',')));
    // QJsonObject sorts its keys: the order is read from the text.
    qsizetype at = 0;
    for (const QString &key : RunKeys) {
        const qsizetype found = json.indexOf(QByteArray("\"") + key.toUtf8() + "\":", at);
        if (found < 0)
            return QStringLiteral("\"%1\" missing or out of order").arg(key);
        at = found;
    }
    for (const QJsonValue &t : out->value(QLatin1String("tasks")).toArray()) {
        if (t.toObject().keys().size() != TaskKeys.size())
            return QStringLiteral("a task with keys %1").arg(t.toObject().keys().join(QLatin1Char(',')));
    }
    return {};
}

// One line per value that differs, then both runs task by task.
QStringList compareReports(const QJsonObject &ps, const QJsonObject &jvm)
{
    QStringList diff;
    auto line = [&diff](const QString &where, const QString &key, const QString &a, const QString &b) {
        diff << QStringLiteral("  %1 %2 poolscope: %3   jvm: %4").arg(where, -14).arg(key, -26).arg(a, -24).arg(b);
    };
    for (const QString &key : RunKeys) {
        if (key != QLatin1String("tasks") && ps.value(key) != jvm.value(key))
            line(QStringLiteral("(report)"), key, compact(ps.value(key)), compact(jvm.value(key)));
    }
    const QJsonArray a = ps.value(QLatin1String("tasks")).toArray();
    const QJsonArray b = jvm.value(QLatin1String("tasks")).toArray();
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const QJsonObject x = a.at(i).toObject(), y = b.at(i).toObject();
        const QString id = y.value(QLatin1String("id")).toString(x.value(QLatin1String("id")).toString());
        for (const QString &key : TaskKeys) {
            if (x.value(key) != y.value(key))
                line(id, key, compact(x.value(key)), compact(y.value(key)));
        }
    }
    if (diff.isEmpty())
        return diff;
    diff << QStringLiteral("  the two runs, task by task (poolscope | jvm):");
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i)
        diff << QStringLiteral("    %1 | %2").arg(compact(a.at(i)), -96).arg(compact(b.at(i)));
    return diff;
}

// How late this run ran against its own schedule: the latest a caller point came after its due time, or a
// task's boundaries after where the causes before them put them (a thread started after its submit or
// after its lane's previous task ended, a sleep that overslept), accumulated along each chain. On a quiet
// machine a few milliseconds; on a loaded one tens, and the measured margins shrink by as much while the
// scenario's own stay what they were.
qint64 runLatenessNs(const Run &run, const Scenario &scenario)
{
    std::vector<qint64> due;
    for (const TaskGroup &g : scenario.groups)
        due.push_back(qint64(g.submitAtMs * run.info.timeScale * 1e6));
    for (const ScenarioAction &a : scenario.actions)
        due.push_back(qint64(a.atMs * run.info.timeScale * 1e6));
    std::sort(due.begin(), due.end());
    const auto callerLate = [&due](qint64 t) {
        const auto it = std::upper_bound(due.begin(), due.end(), t);
        return it == due.begin() ? qint64(0) : t - *(it - 1);
    };
    const size_t n = run.taskCount();
    std::vector<qint64> late(n, 0), boundary(n, -1), submitAt(n, -1), submitLate(n, 0);
    std::map<qint16, std::pair<qint64, qint64>> laneEnd; // lane -> (time, lateness) of its last task's end
    qint64 worst = 0;
    for (const RecordedEvent &e : run.events) {
        if (e.task == NoTask || e.task >= n)
            continue;
        const qint64 step = qint64(run.specOf(e.task).stepMs * run.info.timeScale * 1e6);
        switch (e.kind) {
        case EventKind::Submit:
            submitAt[e.task] = e.tNs;
            submitLate[e.task] = callerLate(e.tNs);
            worst = std::max(worst, submitLate[e.task]);
            break;
        case EventKind::Start: {
            qint64 cause = submitAt[e.task], causeLate = submitLate[e.task];
            const auto prev = laneEnd.find(e.worker);
            if (prev != laneEnd.end() && prev->second.first > cause)
                std::tie(cause, causeLate) = prev->second;
            late[e.task] = causeLate + std::max<qint64>(0, e.tNs - cause);
            boundary[e.task] = e.tNs;
            break;
        }
        case EventKind::Step:
            late[e.task] += std::max<qint64>(0, e.tNs - boundary[e.task] - step);
            boundary[e.task] = e.tNs;
            break;
        case EventKind::InterruptSeen:
            if (e.flags & InterruptSwallowedFlag)
                boundary[e.task] = e.tNs; // the lost step starts again from the interrupt
            break;
        case EventKind::End:
            laneEnd[e.worker] = { e.tNs, late[e.task] };
            break;
        default:
            break;
        }
        worst = std::max(worst, late[e.task]);
    }
    return worst;
}

// The built-ins promise every caller point at least 40% of a step from any task's start, step boundary or
// end; Java has no ideal-clock planner, so this reads it off poolscope's own recorded run. A caller point
// is a call made on schedule (a submit, cancel, event set/clear, shutdown, pause, an awaitTermination
// called or timing out); a call made because a blocking call just returned is decided by that return.
// The boundaries the clock alone decides are the step ends (a task's end is its last step's, or an
// effect of a call; its start follows a submit or an earlier task's last step), and the end of the step
// each running task is in, which an interrupt may keep from happening. The run's own lateness
// (runLatenessNs) and a little jitter (SlackNs) are allowed for: what must hold is the scenario's margin,
// not this run's luck.
QStringList marginViolations(const Run &run, qint64 latenessNs)
{
    constexpr qint64 CausedNs = 15'000'000, SlackNs = 5'000'000;
    const auto isCallerPoint = [](const RecordedEvent &e) {
        switch (e.kind) {
        case EventKind::Submit: case EventKind::CancelCall: case EventKind::StopSet: case EventKind::StopClear:
        case EventKind::ShutdownBegin: case EventKind::AwaitBegin: case EventKind::Pause: case EventKind::Resume:
            return true;
        case EventKind::AwaitEnd:
            return !(e.flags & AwaitTerminatedFlag); // a timeout is the clock's, a termination the pool's
        default:
            return false;
        }
    };
    const auto unblocksCaller = [](const RecordedEvent &e) {
        return e.kind == EventKind::AwaitEnd || e.kind == EventKind::ShutdownEnd
            || (e.kind == EventKind::End && e.worker == CallerThread);
    };
    std::vector<qint64> points, unblocks;
    for (const RecordedEvent &e : run.events) {
        if (unblocksCaller(e))
            unblocks.push_back(e.tNs);
        if (!isCallerPoint(e))
            continue;
        const bool delayed = std::any_of(unblocks.begin(), unblocks.end(),
                                         [&](qint64 u) { return e.tNs - u >= 0 && e.tNs - u < CausedNs; });
        if (!delayed)
            points.push_back(e.tNs);
    }
    const auto ms = [](qint64 ns) { return QString::number(double(ns) / 1e6, 'f', 1); };

    QStringList out;
    std::vector<qint64> lastBoundary(run.taskCount(), -1); // while running: its start, last step or swallowed interrupt
    std::vector<char> ended(run.taskCount(), 0);
    size_t next = 0;
    const auto check = [&](qint64 point, qint64 boundary, quint32 task, const char *what) {
        const qint64 need = qint64(0.4 * run.specOf(task).stepMs * run.info.timeScale * 1e6) - SlackNs - latenessNs;
        if (std::abs(point - boundary) < need)
            out << QStringLiteral("caller at %1 ms is %2 ms from %3's %4 at %5 ms (needs 40% of %6 ms, less the "
                                  "run's lateness %7 ms)")
                       .arg(ms(point), ms(std::abs(point - boundary)), run.taskId(task), QLatin1String(what), ms(boundary))
                       .arg(run.specOf(task).stepMs * run.info.timeScale)
                       .arg(ms(latenessNs));
    };
    for (const qint64 point : points) {
        for (const RecordedEvent &e : run.events) {
            if (e.kind == EventKind::Step && e.task != NoTask)
                check(point, e.tNs, e.task, "step");
        }
        // And the step each running task was in: its next boundary may never happen (an interrupt ends it).
        for (; next < run.events.size() && run.events[next].tNs <= point; ++next) {
            const RecordedEvent &e = run.events[next];
            if (e.task == NoTask || e.task >= run.taskCount())
                continue;
            if (e.kind == EventKind::Start || e.kind == EventKind::Step
                || (e.kind == EventKind::InterruptSeen && (e.flags & InterruptSwallowedFlag)))
                lastBoundary[e.task] = e.tNs;
            else if (e.kind == EventKind::End)
                ended[e.task] = 1;
        }
        for (quint32 t = 0; t < run.taskCount(); ++t) {
            if (lastBoundary[t] >= 0 && !ended[t] && run.specOf(t).wait != WaitMode::Event)
                check(point, lastBoundary[t] + qint64(run.specOf(t).stepMs * run.info.timeScale * 1e6), t, "next step");
        }
    }
    out.removeDuplicates();
    return out;
}

bool stopProcess(QProcess &p)
{
    if (p.state() == QProcess::NotRunning)
        return true;
    p.kill();
    return p.waitForFinished(5000);
}

} // namespace

class TestReferenceJava : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesTheJvm_data();
    void matchesTheJvm();
    void cleanupTestCase();

private:
    QString m_java;
    const QString m_classes = QStringLiteral(POOLSCOPE_JAVA_CLASSES); // JavaReference.class
    double m_timeScale = 1.5;
    QElapsedTimer m_total;
};

void TestReferenceJava::initTestCase()
{
    m_total.start();
    const QString javac = QStandardPaths::findExecutable(QStringLiteral("javac"));
    m_java = QStandardPaths::findExecutable(QStringLiteral("java"));
    // Never a skip: a missing JDK would otherwise let the Java model drift from the JVM unnoticed.
    if (javac.isEmpty() || m_java.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 not found on PATH: the JVM cross-check needs a JDK; install "
                                        "default-jdk-headless (scripts/setup.sh does)")
                                 .arg(javac.isEmpty() ? QStringLiteral("javac") : QStringLiteral("java"))));

    QString source = QStringLiteral(POOLSCOPE_JAVA_REFERENCE);
    if (!QFileInfo::exists(source) && qEnvironmentVariableIsSet("POOLSCOPE_SOURCE_DIR"))
        source = qEnvironmentVariable("POOLSCOPE_SOURCE_DIR") + QStringLiteral("/tests/reference/JavaReference.java");
    QVERIFY2(QFileInfo::exists(source), qPrintable(QStringLiteral("no JavaReference.java at ") + source));
    QVERIFY2(QFileInfo::exists(QStringLiteral(POOLSCOPE_BINARY)), POOLSCOPE_BINARY);
    QVERIFY2(QDir().mkpath(m_classes), qPrintable(m_classes));

    // javac costs a JVM start-up and more: the class in the build dir is reused until the source changes.
    const QFileInfo compiled(m_classes + QStringLiteral("/JavaReference.class"));
    QElapsedTimer compile;
    compile.start();
    if (!compiled.exists() || compiled.lastModified() < QFileInfo(source).lastModified()) {
        QProcess javacRun;
        javacRun.setProcessChannelMode(QProcess::MergedChannels);
        javacRun.start(javac, { QStringLiteral("-d"), m_classes, source });
        QVERIFY2(javacRun.waitForFinished(180000), "javac did not finish within 180 s");
        QVERIFY2(javacRun.exitStatus() == QProcess::NormalExit && javacRun.exitCode() == 0,
                 qPrintable(QStringLiteral("javac failed:\n") + QString::fromLocal8Bit(javacRun.readAll())));
        QVERIFY2(QFileInfo::exists(compiled.filePath()), "javac wrote no JavaReference.class");
    }

    if (qEnvironmentVariableIsSet("POOLSCOPE_REFERENCE_TIME_SCALE")) {
        bool ok = false;
        m_timeScale = qEnvironmentVariable("POOLSCOPE_REFERENCE_TIME_SCALE").toDouble(&ok);
        QVERIFY2(ok && m_timeScale > 0, "POOLSCOPE_REFERENCE_TIME_SCALE must be a positive number");
    }
    qInfo("java: %s, classes in %s (javac/up-to-date check %lld ms), time scale %g", qPrintable(m_java),
          qPrintable(m_classes), compile.elapsed(), m_timeScale);
}

void TestReferenceJava::matchesTheJvm_data()
{
    QTest::addColumn<QString>("name");
    int rows = 0;
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult parsed = loadBuiltinScenario(name);
        if (parsed.scenario && parsed.scenario->model == QLatin1String("java")) {
            QTest::newRow(qPrintable(name)) << name;
            ++rows;
        }
    }
    QVERIFY2(rows >= 8, "fewer Java built-ins than the issue's points need");
}

void TestReferenceJava::matchesTheJvm()
{
    QFETCH(QString, name);
    QElapsedTimer rowTimer;
    rowTimer.start();
    const ScenarioParseResult parsed = loadBuiltinScenario(name);
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    for (const TaskGroup &g : parsed.scenario->groups) {
        const double scaled = g.spec.stepMs * m_timeScale;
        QVERIFY2(scaled == std::floor(scaled),
                 qPrintable(QStringLiteral("%1: step_ms %2 at time scale %3 is not whole milliseconds (Java's "
                                           "Thread.sleep would round it up)")
                                    .arg(g.spec.id)
                                    .arg(g.spec.stepMs)
                                    .arg(m_timeScale)));
    }

    // The JVM reads the very bytes compiled into poolscope.
    QFile resource(QStringLiteral(":/scenarios/%1.json").arg(name));
    QVERIFY2(resource.open(QIODevice::ReadOnly), qPrintable(resource.fileName()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString scenarioPath = dir.filePath(name + QStringLiteral(".json"));
    const QString jvmReportPath = dir.filePath(QStringLiteral("jvm-report.json"));
    const QString psReportPath = dir.filePath(QStringLiteral("poolscope-report.json"));
    const QString psRunPath = dir.filePath(QStringLiteral("poolscope.poolscope"));
    {
        QFile out(scenarioPath);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(out.write(resource.readAll()) > 0);
    }
    const QString scale = QString::number(m_timeScale, 'g', 17);

    QProcess jvm;
    jvm.start(m_java, { QStringLiteral("-cp"), m_classes, QStringLiteral("JavaReference"), scenarioPath,
                        QStringLiteral("--report"), jvmReportPath, QStringLiteral("--time-scale"), scale });
    QVERIFY2(jvm.waitForStarted(30000), qPrintable(jvm.errorString()));
    QByteArray jvmOut;
    const QDeadlineTimer startDeadline(60000);
    while (!jvmOut.contains("started\n") && jvm.state() == QProcess::Running && !startDeadline.hasExpired()) {
        jvm.waitForReadyRead(1000);
        jvmOut += jvm.readAllStandardOutput();
    }
    if (!jvmOut.contains("started\n")) {
        stopProcess(jvm);
        QFAIL(qPrintable(QStringLiteral("JavaReference did not start the scenario: %1")
                                 .arg(QString::fromLocal8Bit(jvm.readAllStandardError()))));
    }
    QElapsedTimer jvmTimer;
    jvmTimer.start();

    QElapsedTimer psTimer;
    psTimer.start();
    QProcess poolscope;
    poolscope.start(QStringLiteral(POOLSCOPE_BINARY), { QStringLiteral("--headless"), name, QStringLiteral("--report"),
                                                        psReportPath, QStringLiteral("--save-run"), psRunPath,
                                                        QStringLiteral("--time-scale"), scale });
    const bool psFinished = poolscope.waitForFinished(120000);
    const qint64 psMs = psTimer.elapsed();
    const bool jvmFinished = jvm.waitForFinished(120000);
    const qint64 jvmMs = jvmTimer.elapsed();
    if (!psFinished || !jvmFinished) {
        stopProcess(poolscope);
        stopProcess(jvm);
        QFAIL(psFinished ? "JavaReference did not finish within 120 s" : "poolscope did not finish within 120 s");
    }
    QVERIFY2(poolscope.exitStatus() == QProcess::NormalExit && poolscope.exitCode() == 0,
             qPrintable(QStringLiteral("poolscope exited with %1: %2")
                                .arg(poolscope.exitCode())
                                .arg(QString::fromLocal8Bit(poolscope.readAllStandardError()))));
    QVERIFY2(jvm.exitStatus() == QProcess::NormalExit && jvm.exitCode() == 0,
             qPrintable(QStringLiteral("JavaReference exited with %1: %2")
                                .arg(jvm.exitCode())
                                .arg(QString::fromLocal8Bit(jvm.readAllStandardError()))));

    QFile psFile(psReportPath), jvmFile(jvmReportPath);
    QVERIFY2(psFile.open(QIODevice::ReadOnly), "poolscope wrote no report");
    QVERIFY2(jvmFile.open(QIODevice::ReadOnly), "JavaReference wrote no report");
    const QByteArray psJson = psFile.readAll(), jvmJson = jvmFile.readAll();
    QJsonObject ps, jvmReport;
    const QString psShape = checkShape(psJson, &ps), jvmShape = checkShape(jvmJson, &jvmReport);
    QVERIFY2(psShape.isEmpty(), qPrintable(QStringLiteral("poolscope's report: %1\n%2").arg(psShape, QString::fromUtf8(psJson))));
    QVERIFY2(jvmShape.isEmpty(), qPrintable(QStringLiteral("the JVM's report: %1\n%2").arg(jvmShape, QString::fromUtf8(jvmJson))));

    // Outcomes agreeing by luck near a boundary would prove nothing: the margins are checked first.
    QString runError;
    const std::optional<Run> run = loadRunFile(psRunPath, &runError);
    QVERIFY2(run, qPrintable(runError));
    const qint64 lateness = runLatenessNs(*run, *parsed.scenario);
    const QStringList tight = marginViolations(*run, lateness);
    QVERIFY2(tight.isEmpty(), qPrintable(name + QStringLiteral(": an action too close to a boundary\n  ")
                                         + tight.join(QStringLiteral("\n  "))));

    const QStringList diff = compareReports(ps, jvmReport);
    qInfo("%-30s poolscope %5lld ms, jvm %5lld ms, row %5lld ms, poolscope ran up to %.1f ms late", qPrintable(name),
          psMs, jvmMs, rowTimer.elapsed(), double(lateness) / 1e6);
    if (!diff.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 (time scale %2): poolscope and the JVM disagree\n%3")
                                 .arg(name)
                                 .arg(m_timeScale)
                                 .arg(diff.join(QLatin1Char('\n')))));
    QCOMPARE(ps.value(QLatin1String("model")).toString(), QStringLiteral("java"));
    QStringList ids;
    for (const QJsonValue &t : ps.value(QLatin1String("tasks")).toArray())
        ids << t.toObject().value(QLatin1String("id")).toString();
    QCOMPARE(ids, parsed.scenario->instanceIds());
    // The same content; the same text too (one writer's layout mirrors the other's).
    QCOMPARE(QString::fromUtf8(psJson), QString::fromUtf8(jvmJson));
}

void TestReferenceJava::cleanupTestCase()
{
    qInfo("all scenarios: %lld ms", m_total.elapsed());
}

QTEST_MAIN(TestReferenceJava)
#include "tst_reference_java.moc"
