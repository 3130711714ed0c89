// SPDX-License-Identifier: MIT
// `poolscope record` as a user runs it: real Python programs (programs/), each written so that its
// outcomes do not depend on thread timing (latches, not sleeps, where order matters). Each program
// writes what it computed from its own futures (expect.py); the report must say the same, and match the
// fixed lines here too, so that the recorder and the program cannot agree on a wrong answer.
#include "io/runfile.h"
#include "record/run.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int Crashed = -1; // the program (and so poolscope) ended by a signal

struct Ended
{
    bool finished = false;
    int exitCode = -2; // Crashed when killed by a signal
    QString out;
    QString err;
};

Ended run(const QString &program, const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Ended e;
    // Wide: two busy processes on a 2-core machine slow a Python start-up many times over.
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return e;
    }
    e.finished = true;
    e.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : Crashed;
    e.out = QString::fromUtf8(p.readAllStandardOutput());
    e.err = QString::fromUtf8(p.readAllStandardError());
    return e;
}

QJsonArray readTasks(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("tasks")).toArray();
}

// "id pool outcome steps_done [cancel results]", one a task.
QStringList lines(const QJsonArray &tasks)
{
    QStringList out;
    for (const QJsonValue &v : tasks) {
        const QJsonObject t = v.toObject();
        QStringList results;
        for (const QJsonValue &r : t.value(QStringLiteral("cancel_results")).toArray())
            results << (r.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        out << QStringLiteral("%1 %2 %3 %4 [%5]")
                       .arg(t.value(QStringLiteral("id")).toString())
                       .arg(t.value(QStringLiteral("pool")).toInt(-1))
                       .arg(t.value(QStringLiteral("outcome")).toString())
                       .arg(t.value(QStringLiteral("steps_done")).toInt(-1))
                       .arg(results.join(QLatin1Char(',')));
    }
    return out;
}

// A fixed line may say "*" for a number of checks that depends on timing (the program's own count is
// compared exactly), "+" for one or more, "?" for completed or stopped.
bool matches(const QString &expected, const QString &actual)
{
    QString pattern = QRegularExpression::escape(expected);
    pattern.replace(QStringLiteral("\\*"), QStringLiteral("[0-9]+")).replace(QStringLiteral("\\+"), QStringLiteral("[1-9][0-9]*"))
            .replace(QStringLiteral("\\?"), QStringLiteral("(?:completed|stopped)"));
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern)).match(actual).hasMatch();
}

QString python()
{
    return QStandardPaths::findExecutable(QStringLiteral("python3"));
}

QString programPath(const QString &name)
{
    return QStringLiteral(POOLSCOPE_RECORD_PROGRAMS "/%1.py").arg(name);
}

} // namespace

class tst_Record : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void recordsProgram_data();
    void recordsProgram();
    void pythonModuleRecordsTheSame();
    void badInputExitsTwo_data();
    void badInputExitsTwo();

private:
    QString m_python;
};

void tst_Record::initTestCase()
{
    m_python = python();
    if (m_python.isEmpty()) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL("python3 is needed to record Python programs");
        QSKIP("no python3");
    }
}

void tst_Record::recordsProgram_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("how"); // crash.py's way to end
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<QString>("stdoutHas");
    QTest::addColumn<QString>("stderrHas");
    QTest::addColumn<QStringList>("tasks");

    QTest::newRow("map") << "map_cancel" << "" << 0 << true << "map raised item 0" << ""
                         << QStringList { "square#1 0 completed 0 []", "square#2 0 completed 0 []",
                                          "square#3 0 completed 0 []", "square#4 0 completed 0 []",
                                          // map()'s own cancels: the running one refused, the queued ones went,
                                          // and none is the program's
                                          "parse#1 0 failed 0 []", "parse#2 0 completed 0 []",
                                          "parse#3 0 cancelled 0 []", "parse#4 0 cancelled 0 []",
                                          "parse#5 0 cancelled 0 []" };
    QTest::newRow("as_completed cancels the rest")
            << "as_completed_cancel" << "" << 0 << true << "first 0" << ""
            << QStringList { "fetch#1 0 completed 0 []", "fetch#2 0 completed 0 [false]", "fetch#3 0 cancelled 0 [true]",
                             "fetch#4 0 cancelled 0 [true]", "fetch#5 0 cancelled 0 [true]", "fetch#6 0 cancelled 0 [true]" };
    QTest::newRow("wait FIRST_COMPLETED")
            << "wait_first" << "" << 0 << true << "done 1 not done 3" << ""
            << QStringList { "quick#1 0 completed 0 []", "slow#1 0 completed 0 [false]", "slow#2 0 cancelled 0 [true]",
                             "slow#3 0 cancelled 0 [true]" };
    QTest::newRow("two pools, every kind of callable")
            << "two_pools" << "" << 0 << true << "refused: cannot schedule new futures after shutdown" << ""
            << QStringList { "load#1 0 completed 0 []",
                             "crunch#1 1 completed 0 []",
                             "load#2 0 completed 0 []",
                             "crunch#2 1 completed 0 []", // a partial is what it wraps
                             "Parser.parse#1 0 completed 0 []",
                             "main.<locals>.inner#1 1 completed 0 []",
                             "main.<locals>.<lambda>#1 0 completed 0 []",
                             "<lambda>#1 1 completed 0 []",
                             "Job#1 0 completed 0 []", // a callable object: its type
                             "explode#1 1 failed 0 []" }; // and the submit after shutdown is no task
    QTest::newRow("a done-callback submits")
            << "callback_submits" << "" << 0 << true << "" << ""
            << QStringList { "first#1 0 completed 1 []", "follow_up#1 0 completed 0 []" };
    QTest::newRow("shutdown(cancel_futures=True) from another thread")
            << "shutdown_thread" << "" << 0 << true << "cancel queued#1: True" << ""
            << QStringList { "busy#1 0 completed 0 []", "queued#1 0 cancelled 0 [true]", "queued#2 0 cancelled 0 []",
                             "queued#3 0 cancelled 0 []" };
    QTest::newRow("a stop Event set by a Timer")
            << "stop_event" << "" << 0 << true << "main sees stop: True" << ""
            << QStringList { "gated#1 0 completed 4 []", "poll#1 0 stopped + []", "waits#1 0 stopped + []",
                             "never_checks#1 0 completed 0 []" };
    QTest::newRow("exit status and output pass through")
            << "exits_three" << "" << 3 << true << "hello from a worker" << "goodbye on stderr"
            << QStringList { "print#1 0 completed 0 []" };
    QStringList checks;
    for (int i = 1; i <= 3000; ++i)
        checks << QStringLiteral("work#%1 0 ? 1 []").arg(i);
    QTest::newRow("a signal handler sets an Event, never a deadlock")
            << "signals" << "" << 0 << true << "no deadlock" << "" << checks;
    const QStringList three { "work#1 0 completed 0 []", "work#2 0 completed 0 []", "work#3 0 completed 0 []" };
    QTest::newRow("crash: uncaught exception") << "crash" << "raise" << 1 << false << "tasks done"
                                               << "RuntimeError: crashed on purpose" << three;
    QTest::newRow("crash: Ctrl-C") << "crash" << "sigint" << Crashed << false << "tasks done" << "KeyboardInterrupt" << three;
    QTest::newRow("crash: SIGKILL") << "crash" << "kill" << Crashed << false << "tasks done" << "incomplete" << three;
}

void tst_Record::recordsProgram()
{
    QFETCH(QString, program);
    QFETCH(QString, how);
    QFETCH(int, exitCode);
    QFETCH(bool, complete);
    QFETCH(QString, stdoutHas);
    QFETCH(QString, stderrHas);
    QFETCH(QStringList, tasks);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString recording = dir.filePath(QStringLiteral("run.poolscope"));
    const QString report = dir.filePath(QStringLiteral("report.json"));
    const QString expected = dir.filePath(QStringLiteral("expected.json"));
    QStringList args { QStringLiteral("record"), QStringLiteral("--output"), recording, QStringLiteral("--report"), report,
                       QStringLiteral("--"), m_python, programPath(program), expected };
    if (!how.isEmpty())
        args << how;
    const Ended e = run(QStringLiteral(POOLSCOPE_BINARY), args);
    QVERIFY2(e.finished, "poolscope record did not end within 120 s");
    QVERIFY2(e.exitCode == exitCode, qPrintable(QStringLiteral("exit %1, expected %2; stderr:\n%3").arg(e.exitCode).arg(exitCode).arg(e.err)));
    QVERIFY2(e.out.contains(stdoutHas), qPrintable(e.out));
    QVERIFY2(e.err.contains(stderrHas), qPrintable(e.err));
    QVERIFY2(e.err.contains(QStringLiteral("poolscope: recorded %1 tasks").arg(tasks.size())), qPrintable(e.err));

    // The report: what the program computed from its futures, and the fixed lines.
    const QStringList got = lines(readTasks(report));
    QCOMPARE(got, lines(readTasks(expected)));
    QCOMPARE(got.size(), tasks.size());
    for (qsizetype i = 0; i < tasks.size(); ++i)
        QVERIFY2(matches(tasks[i], got[i]), qPrintable(QStringLiteral("task %1: %2, expected %3").arg(i).arg(got[i], tasks[i])));

    // The saved run reads back as a run, complete or not, and the headless report of it is the same file.
    QString error;
    const std::optional<poolscope::Run> saved = poolscope::loadRunFile(recording, &error);
    QVERIFY2(saved, qPrintable(error));
    QVERIFY(saved->recorded());
    QCOMPARE(!saved->incomplete, complete);
    QCOMPARE(saved->taskCount(), size_t(tasks.size()));
    // Several pools stack their lanes: the worker lanes are numbered pool by pool, and every task still
    // starts on a lane of the pool it was submitted to.
    for (size_t w = 1; w < saved->recording.workers.size(); ++w)
        QVERIFY(saved->recording.workers[w - 1].pool <= saved->recording.workers[w].pool);
    std::vector<int> poolOf(saved->taskCount(), -1);
    for (const poolscope::RecordedEvent &ev : saved->events) {
        if (ev.kind == poolscope::EventKind::Submit && ev.task < poolOf.size())
            poolOf[ev.task] = ev.value;
        else if (ev.kind == poolscope::EventKind::Start && ev.task < poolOf.size())
            QCOMPARE(saved->poolOfLane(ev.worker), poolOf[ev.task]);
    }
    const QString again = dir.filePath(QStringLiteral("again.json"));
    const Ended headless = run(QStringLiteral(POOLSCOPE_BINARY),
                               { QStringLiteral("--headless"), recording, QStringLiteral("--report"), again });
    QCOMPARE(headless.exitCode, 0);
    QFile a(report), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QByteArray reportBytes = a.readAll();
    QCOMPARE(b.readAll(), reportBytes);
    QCOMPARE(reportBytes.contains("\"complete\": false"), !complete);
    // Nothing left behind but what was asked for.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 4);
}

void tst_Record::pythonModuleRecordsTheSame()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(POOLSCOPE_PYTHON_PACKAGE_DIR));
    const QString recording = dir.filePath(QStringLiteral("module.poolscope"));
    const QString expected = dir.filePath(QStringLiteral("expected.json"));
    const Ended e = run(m_python, { QStringLiteral("-m"), QStringLiteral("poolscope_record"), QStringLiteral("-o"), recording,
                                    programPath(QStringLiteral("exits_three")), expected },
                        env);
    QVERIFY(e.finished);
    QCOMPARE(e.exitCode, 3);
    QVERIFY2(e.out.contains(QStringLiteral("hello from a worker")), qPrintable(e.out));
    const QString report = dir.filePath(QStringLiteral("report.json"));
    const Ended headless = run(QStringLiteral(POOLSCOPE_BINARY), { QStringLiteral("--headless"), recording, QStringLiteral("--report"), report });
    QVERIFY2(headless.exitCode == 0, qPrintable(headless.err));
    QCOMPARE(lines(readTasks(report)), lines(readTasks(expected)));
    QCOMPARE(lines(readTasks(report)), QStringList { QStringLiteral("print#1 0 completed 0 []") });
}

void tst_Record::badInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("program");
    QTest::addColumn<QString>("message");
    QTest::newRow("no program") << QStringList {} << "no PROGRAM";
    QTest::newRow("not found") << QStringList { "/nonexistent/python9" } << "not found";
    QTest::newRow("not Python") << QStringList { "true" } << "nothing was recorded";
}

void tst_Record::badInputExitsTwo()
{
    QFETCH(QStringList, program);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ended e = run(QStringLiteral(POOLSCOPE_BINARY),
                        QStringList { QStringLiteral("record"), QStringLiteral("-o"), dir.filePath(QStringLiteral("x.poolscope")),
                                      QStringLiteral("--") }
                                + program);
    QCOMPARE(e.exitCode, 2);
    const QStringList errLines = e.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(errLines.size(), 1);
    QVERIFY2(errLines.first().contains(message), qPrintable(errLines.first()));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

QTEST_MAIN(tst_Record)
#include "tst_record.moc"
