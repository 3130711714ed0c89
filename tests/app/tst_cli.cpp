// SPDX-License-Identifier: MIT
// The headless command line, run as a user would: the real program in a QProcess.
#include "scenario/scenario.h"
#include "threadtestsupport.h"

#ifdef POOLSCOPE_HAS_GUI
#include <QImage>
#endif
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QStringList errLines;
};

Run runPoolscope(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(POOLSCOPE_BINARY), args);
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.errLines = QString::fromUtf8(p.readAllStandardError()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return r;
}

const char *validScenario = R"({"format":"poolscope-scenario/1","name":"tiny","workers":1,
  "tasks":[{"id":"t","steps":2,"step_ms":5}],"actions":[{"at_ms":1,"do":"stop"}]})";

QJsonObject readJsonObject(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// A report's tasks as one line per task, "id outcome steps_done [cancel results]", to compare with fixed text.
QStringList reportTasks(const QJsonObject &report)
{
    QStringList lines;
    for (const QJsonValue &v : report.value(QStringLiteral("tasks")).toArray()) {
        const QJsonObject t = v.toObject();
        QStringList results;
        for (const QJsonValue &r : t.value(QStringLiteral("cancel_results")).toArray())
            results << (r.isBool() ? (r.toBool() ? QStringLiteral("true") : QStringLiteral("false")) : QStringLiteral("?"));
        lines << QStringLiteral("%1 %2 %3 [%4]")
                         .arg(t.value(QStringLiteral("id")).toString(), t.value(QStringLiteral("outcome")).toString())
                         .arg(t.value(QStringLiteral("steps_done")).toInt(-1))
                         .arg(results.join(QLatin1Char(',')));
    }
    return lines;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    void badInputExitsTwoAndWritesNothing_data();
    void badInputExitsTwoAndWritesNothing();
    void runWritesReportAndTrace();
    void unknownKeysWarnButRun();
    void sessionGivesTheSameReportWithoutRunning();
    void damagedSessionExitsTwo();
    void exportsPicturesAndCsv();
    void warnsOfActionsOnABoundary();
    void listsBuiltins();
    void version();

private:
    QTemporaryDir m_dir;
};

void tst_Cli::badInputExitsTwoAndWritesNothing_data()
{
    QTest::addColumn<QByteArray>("content"); // written to bad.json when not empty
    QTest::addColumn<QStringList>("args"); // BAD stands for bad.json, OUT for the report path
    QTest::addColumn<QString>("mustName"); // what the one stderr line must name
    const QStringList run { "--headless", "BAD", "--report", "OUT" };
    QTest::newRow("unreadable file") << QByteArray() << QStringList { "--headless", "/nonexistent/x.json", "--report", "OUT" }
                                     << "/nonexistent/x.json";
    QTest::newRow("invalid JSON") << QByteArray("{\"format\": ") << run << "invalid JSON at offset";
    QTest::newRow("step_ms below 1")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"tasks":[{"id":"t","steps":1,"step_ms":0}]})")
            << run << "tasks[0].step_ms";
    QTest::newRow("negative steps")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"tasks":[{"id":"t","steps":-1,"step_ms":5}]})")
            << run << "tasks[0].steps";
    QTest::newRow("unknown action")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"tasks":[],"actions":[{"at_ms":0,"do":"kill"}]})")
            << run << "actions[0].do";
    QTest::newRow("unknown task id")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"tasks":[],"actions":[{"at_ms":0,"do":"cancel","task":"nope"}]})")
            << run << "actions[0].task";
    QTest::newRow("a Qt action in a Python scenario")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"tasks":[{"id":"t","steps":1,"step_ms":5}],"actions":[{"at_ms":0,"do":"suspend","task":"t"}]})")
            << run << "actions[0].do";
    QTest::newRow("a Qt field in a Python scenario")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"tasks":[{"id":"t","steps":1,"step_ms":5,"checks_suspend":true}]})")
            << run << "tasks[0].checks_suspend";
    QTest::newRow("a Python action in a Qt scenario")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","model":"qt","workers":1,"tasks":[],"actions":[{"at_ms":0,"do":"shutdown"}]})")
            << run << "actions[0].do";
    QTest::newRow("mistyped workers")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":"two","tasks":[]})") << run << "workers";
    // The models' fields: the same one line and exit status as every other field.
    QTest::newRow("java field in a python scenario")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"queue":2,"tasks":[]})") << run << "queue";
    QTest::newRow("java action in a python scenario")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"tasks":[],"actions":[{"at_ms":0,"do":"shutdown_now"}]})")
            << run << "actions[0].do";
    QTest::newRow("python field in a java scenario")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","model":"java","workers":1,"tasks":[],"actions":[{"at_ms":0,"do":"shutdown","cancel_futures":true}]})")
            << run << "actions[0].cancel_futures";
    QTest::newRow("java: bad queue")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","model":"java","workers":1,"queue":"small","tasks":[]})")
            << run << "queue";
    QTest::newRow("java: bad rejection")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","model":"java","workers":1,"rejection":"drop","tasks":[]})")
            << run << "rejection";
    QTest::newRow("java: bad on_interrupt")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","model":"java","workers":1,"tasks":[{"id":"t","steps":1,"step_ms":5,"on_interrupt":"log"}]})")
            << run << "tasks[0].on_interrupt";
    QTest::newRow("java: await_termination without timeout_ms")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","model":"java","workers":1,"tasks":[],"actions":[{"at_ms":0,"do":"await_termination"}]})")
            << run << "actions[0].timeout_ms";
    QTest::newRow("java: max_workers below workers")
            << QByteArray(R"({"format":"poolscope-scenario/1","name":"x","model":"java","workers":2,"max_workers":1,"tasks":[]})")
            << run << "max_workers";
    QTest::newRow("bad time scale") << QByteArray(validScenario)
                                    << QStringList { "--headless", "BAD", "--report", "OUT", "--time-scale", "fast" }
                                    << "--time-scale";
    QTest::newRow("zero time scale") << QByteArray(validScenario)
                                     << QStringList { "--headless", "BAD", "--report", "OUT", "--time-scale", "0" }
                                     << "--time-scale";
    QTest::newRow("report in a missing directory")
            << QByteArray(validScenario) << QStringList { "--headless", "BAD", "--report", "/nonexistent/dir/r.json" } << "--report";
    QTest::newRow("unknown option") << QByteArray(validScenario) << QStringList { "--headless", "BAD", "--frobnicate" }
                                    << "frobnicate";
    QTest::newRow("unknown pane") << QByteArray(validScenario) << QStringList { "BAD", "--pane", "code" } << "--pane code";
    QTest::newRow("pane with --headless") << QByteArray(validScenario)
                                          << QStringList { "--headless", "BAD", "--report", "OUT", "--pane", "python" } << "--pane";
    QTest::newRow("no scenario") << QByteArray() << QStringList { "--headless", "--report", "OUT" } << "SCENARIO";
    QTest::newRow("unknown built-in") << QByteArray() << QStringList { "--headless", "no-such-lesson", "--report", "OUT" }
                                      << "no-such-lesson";
    QTest::newRow("predict is the window's") << QByteArray() << QStringList { "--headless", "stop-event", "--predict", "download=stopped" }
                                             << "--predict";
#ifdef POOLSCOPE_HAS_GUI // the guesses are checked against the scenario by the window (a build without one says so)
    QTest::newRow("predict: no such task")
            << QByteArray() << QStringList { "--scenario", "stop-event", "--predict", "upload=stopped", "--screenshot", "OUT" }
            << "--predict upload=stopped";
    QTest::newRow("predict: no such outcome")
            << QByteArray() << QStringList { "--scenario", "stop-event", "--predict", "download=finished", "--screenshot", "OUT" }
            << "must be one of completed, stopped, cancelled, failed";
#endif
}

void tst_Cli::badInputExitsTwoAndWritesNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, args);
    QFETCH(QString, mustName);
    QVERIFY(m_dir.isValid());
    const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
    const QString out = m_dir.filePath(QStringLiteral("report.json"));
    QFile::remove(out);
    if (!content.isEmpty()) {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    // A report left by an earlier run must survive a failed one untouched.
    {
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("earlier");
    }
    args.replaceInStrings(QRegularExpression(QStringLiteral("^BAD$")), bad);
    args.replaceInStrings(QRegularExpression(QStringLiteral("^OUT$")), out);
    Run r = runPoolscope(args);
    QCOMPARE(r.exitCode, 2);
    // The window's rows start Qt's GUI, which may note the machine's missing XDG_RUNTIME_DIR: Qt's line, not ours.
    r.errLines.removeIf([](const QString &line) { return line.startsWith(QLatin1String("QStandardPaths: ")); });
    QCOMPARE(r.errLines.size(), 1);
    QVERIFY2(r.errLines.first().contains(mustName), qPrintable(r.errLines.first()));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("earlier"));
    const QStringList leftovers = QDir(m_dir.path()).entryList({ QStringLiteral("report.json.*") });
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
}

// stop-event at a fifth of real time: ten steps of 200 ms, the event set at 500 ms, seen after the third step
// at 600 ms. The margins (100 ms) leave the outcome to the lesson, not to the scheduler.
void tst_Cli::runWritesReportAndTrace()
{
    const QString report = m_dir.filePath(QStringLiteral("ok.json"));
    const QString trace = m_dir.filePath(QStringLiteral("ok.trace.json"));
    const Run r = runPoolscope({ "--headless", "stop-event", "--report", report, "--trace", trace, "--time-scale", poolscope::test::timeScaleArg(0.2) });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("stopped")));
    QFile rf(report), tf(trace);
    QVERIFY(rf.open(QIODevice::ReadOnly));
    QVERIFY(tf.open(QIODevice::ReadOnly));
    const QJsonObject rep = QJsonDocument::fromJson(rf.readAll()).object();
    QCOMPARE(rep.value(QStringLiteral("scenario")).toString(), QStringLiteral("stop-event"));
    QCOMPARE(rep.value(QStringLiteral("format")).toString(), QStringLiteral("poolscope-report/1"));
    QCOMPARE(reportTasks(rep), QStringList { "download stopped 3 []" });
    const QJsonObject tr = QJsonDocument::fromJson(tf.readAll()).object();
    QVERIFY(tr.value(QStringLiteral("traceEvents")).isArray());

    // ts and dur are microseconds from the scenario's start: the run is 600 ms long, the set at 500 ms.
    // The bounds are wide (a loaded machine runs late, never early), but a unit off by 1000 falls far
    // outside them either way.
    const double Ms = 1000.0 * poolscope::test::timeScale(0.2) / 0.2; // a scenario millisecond, at the scale it ran
    int runs = 0, submits = 0, sets = 0, observed = 0;
    double setAt = -1, observedAt = -1;
    const QJsonArray events = tr.value(QStringLiteral("traceEvents")).toArray();
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QString ph = e.value(QStringLiteral("ph")).toString();
        const QString name = e.value(QStringLiteral("name")).toString();
        const double ts = e.value(QStringLiteral("ts")).toDouble(-1);
        if (ph == QLatin1String("X") && e.value(QStringLiteral("cat")).toString() == QLatin1String("task")) {
            ++runs;
            QCOMPARE(name, QStringLiteral("download [stopped]"));
            const double dur = e.value(QStringLiteral("dur")).toDouble(-1);
            QVERIFY2(ts >= 0 && ts < 150 * Ms, qPrintable(QStringLiteral("run starts at ts %1").arg(ts)));
            QVERIFY2(dur >= 599 * Ms && dur < 1500 * Ms, qPrintable(QStringLiteral("3 steps of 200 ms take dur %1").arg(dur)));
        } else if (ph == QLatin1String("i") && name == QLatin1String("submit")) {
            ++submits;
            QVERIFY2(ts >= 0 && ts < 150 * Ms, qPrintable(QStringLiteral("submit at ts %1").arg(ts)));
        } else if (ph == QLatin1String("i") && name == QLatin1String("stop_set")) {
            ++sets;
            setAt = ts;
            QVERIFY2(ts >= 499 * Ms && ts < 600 * Ms, qPrintable(QStringLiteral("stop_set (due at 500 ms) at ts %1").arg(ts)));
        } else if (ph == QLatin1String("i") && name == QLatin1String("stop_observed")) {
            ++observed;
            observedAt = ts;
            QVERIFY2(ts >= 599 * Ms && ts < 1500 * Ms, qPrintable(QStringLiteral("stop_observed (after step 3) at ts %1").arg(ts)));
        }
    }
    QCOMPARE(runs, 1);
    QCOMPARE(submits, 1);
    QCOMPARE(sets, 1);
    QCOMPARE(observed, 1);
    QVERIFY(observedAt > setAt);
}

void tst_Cli::unknownKeysWarnButRun()
{
    const QString path = m_dir.filePath(QStringLiteral("extra.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format":"poolscope-scenario/1","name":"x","workers":1,"colour":"red",
        "tasks":[{"id":"t","steps":1,"step_ms":5,"speed":3}]})");
    f.close();
    const Run r = runPoolscope({ "--headless", path });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.errLines.size(), 2);
    QVERIFY(r.errLines.join(QLatin1Char('\n')).contains(QLatin1String("'colour'")));
    QVERIFY(r.errLines.join(QLatin1Char('\n')).contains(QLatin1String("'tasks[0].speed'")));
}

void tst_Cli::sessionGivesTheSameReportWithoutRunning()
{
    const QString session = m_dir.filePath(QStringLiteral("run.poolscope"));
    const QString first = m_dir.filePath(QStringLiteral("first.json"));
    const QString second = m_dir.filePath(QStringLiteral("second.json"));
    // A quarter of real time: steps of 100 ms, the cancels and the set 50 ms from any boundary.
    QCOMPARE(runPoolscope({ "--headless", "cancel-then-stop", "--time-scale", poolscope::test::timeScaleArg(0.25), "--report", first,
                            "--save-session", session })
                     .exitCode,
             0);
    QCOMPARE(runPoolscope({ "--headless", session, "--report", second }).exitCode, 0);
    QFile a(first), b(second);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll());
    // Not just equal to each other: both tell the lesson (the README's cancel-then-stop, and CPython's).
    const QStringList expected { "job#1 stopped 3 [false]", "job#2 stopped 3 [false]", "job#3 cancelled 0 [true]",
                                 "job#4 cancelled 0 [true]", "job#5 cancelled 0 [true]" };
    QCOMPARE(reportTasks(readJsonObject(first)), expected);
    QCOMPARE(reportTasks(readJsonObject(second)), expected);
}

void tst_Cli::damagedSessionExitsTwo()
{
    const QString session = m_dir.filePath(QStringLiteral("damaged.poolscope"));
    QCOMPARE(runPoolscope({ "--headless", "stop-event", "--time-scale", "0.05", "--save-session", session }).exitCode, 0);
    QFile f(session);
    QVERIFY(f.open(QIODevice::ReadWrite));
    const QByteArray whole = f.readAll();
    f.resize(whole.size() / 2); // truncated, as by a full disk
    f.close();
    const QString out = m_dir.filePath(QStringLiteral("never.json"));
    const Run r = runPoolscope({ "--headless", session, "--report", out });
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines.size(), 1);
    QVERIFY2(r.errLines.first().contains(session), qPrintable(r.errLines.first()));
    QVERIFY(!QFile::exists(out));
}

void tst_Cli::exportsPicturesAndCsv()
{
    const QString csv = m_dir.filePath(QStringLiteral("t.csv"));
    QStringList args { "--headless", "cancel-pending", "--time-scale", "0.05", "--export-csv", csv };
#ifdef POOLSCOPE_HAS_GUI
    const QString svg = m_dir.filePath(QStringLiteral("t.svg"));
    const QString png = m_dir.filePath(QStringLiteral("t.png"));
    args << "--export-svg" << svg << "--export-png" << png;
#endif
    const Run r = runPoolscope(args);
    QCOMPARE(r.exitCode, 0);
    QFile c(csv);
    QVERIFY(c.open(QIODevice::ReadOnly));
    QCOMPARE(c.readLine().trimmed(),
             QByteArray("id,outcome,queued_ms,started_ms,ended_ms,steps_done,steps,cancel_results,stop_latency_ms"));
#ifdef POOLSCOPE_HAS_GUI
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    QVERIFY(s.readAll().contains("<svg"));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800);
#endif
}

void tst_Cli::warnsOfActionsOnABoundary()
{
    const QString path = m_dir.filePath(QStringLiteral("tie.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format":"poolscope-scenario/1","name":"tie","workers":1,
        "tasks":[{"id":"t","steps":3,"step_ms":20,"checks_stop":true}],"actions":[{"at_ms":40,"do":"stop"}]})");
    f.close();
    const Run r = runPoolscope({ "--headless", path });
    QCOMPARE(r.exitCode, 0); // a warning, not an error: the run still happens
    QCOMPARE(r.errLines.size(), 1);
    QVERIFY2(r.errLines.first().contains(QLatin1String("actions[0]"))
                     && r.errLines.first().contains(QLatin1String("may depend on thread scheduling")),
             qPrintable(r.errLines.first()));
}

void tst_Cli::listsBuiltins()
{
    const Run r = runPoolscope({ "--list-scenarios" });
    QCOMPARE(r.exitCode, 0);
    const QStringList names = poolscope::builtinScenarioNames();
    QVERIFY(names.size() >= 8);
    for (const QString &name : names)
        QVERIFY2(r.out.contains(name), qPrintable(name));
}

void tst_Cli::version()
{
    const Run r = runPoolscope({ "--version" });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QLatin1String("poolscope ")));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
