// SPDX-License-Identifier: MIT
// Session files (save, open, damage) and the CSV export. Core only: also runs under the sanitizers.
#include "csvexport.h"
#include "poolsession.h"
#include "report.h"
#include "sessionfile.h"
#include "synthsession.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace poolscope;
using poolscope::synth::fixChecksums;

namespace {

bool sameEvents(const std::vector<RecordedEvent> &a, const std::vector<RecordedEvent> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const RecordedEvent &x = a[i], &y = b[i];
        if (x.tNs != y.tNs || x.task != y.task || x.value != y.value || x.worker != y.worker || x.kind != y.kind
            || x.flags != y.flags)
            return false;
    }
    return true;
}

void compareSessions(const Session &a, const Session &b)
{
    QCOMPARE(b.scenarioName, a.scenarioName);
    QCOMPARE(b.title, a.title);
    QCOMPARE(b.description, a.description);
    QCOMPARE(b.model, a.model);
    QCOMPARE(b.workers, a.workers);
    QCOMPARE(b.timeScale, a.timeScale); // exact: doubles round-trip
    QCOMPARE(b.tasks.size(), a.tasks.size());
    for (size_t i = 0; i < a.tasks.size(); ++i) {
        const TaskSpec &x = a.tasks[i], &y = b.tasks[i];
        QCOMPARE(y.id, x.id);
        QCOMPARE(y.group, x.group);
        QCOMPARE(y.steps, x.steps);
        QCOMPARE(y.stepMs, x.stepMs);
        QCOMPARE(y.checksStop, x.checksStop);
        QCOMPARE(int(y.wait), int(x.wait));
        QCOMPARE(y.failAtStep, x.failAtStep);
    }
    QVERIFY(sameEvents(a.events, b.events));
    QCOMPARE(reportJson(b), reportJson(a));
    QCOMPARE(traceJson(b), traceJson(a));
}

qsizetype eventOffset(const QByteArray &file, int index)
{
    return 48 + qFromLittleEndian<quint32>(file.constData() + 20) + qsizetype(index) * 20;
}

Session smallSession()
{
    synth::Options o;
    o.tasks = 5;
    o.workers = 2;
    o.steps = 3;
    o.cancelEvery = 2;
    o.stopAtNs = 250'000'000;
    return synth::make(o);
}

} // namespace

class TestSessionFile : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void roundTripRealRun_data();
    void roundTripRealRun();
    void saveAndLoadFile();
    void looksLikeSession();
    void damaged_data();
    void damaged();
    void truncatedEverywhere();
    void missingFile();
    void csvHeaderAndRows();
    void csvQuoting();
};

void TestSessionFile::roundTrip_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("empty session") << 0;
    QTest::newRow("small, cancels and a stop") << 1;
    QTest::newRow("unicode and quotes in every string") << 2;
    QTest::newRow("20k tasks, jittered") << 3;
    QTest::newRow("extreme values") << 4;
}

void TestSessionFile::roundTrip()
{
    QFETCH(int, which);
    Session s;
    switch (which) {
    case 0:
        break;
    case 1:
        s = smallSession();
        break;
    case 2:
        s = smallSession();
        s.scenarioName = QStringLiteral("naïve-\"quoted\"");
        s.title = QStringLiteral("Ünïcödé ✓ title, with a comma");
        s.description = QStringLiteral("line one\nline two\t\"quoted\" \\ back\u0001slash");
        s.model = QStringLiteral("python");
        s.tasks[0].id = QStringLiteral("t,1 \"x\"");
        s.tasks[1].wait = WaitMode::Event;
        s.timeScale = 0.123456789012345;
        break;
    case 3: {
        synth::Options o;
        o.tasks = 20000;
        o.workers = 7;
        o.jitter = true;
        o.submitGapNs = 10'000;
        o.cancelEvery = 13;
        o.failEvery = 17;
        o.stopAtNs = 20'000'000'000;
        s = synth::make(o);
        break;
    }
    case 4: {
        s = smallSession();
        s.workers = 4096;
        s.tasks[0].steps = std::numeric_limits<int>::max();
        s.tasks[0].stepMs = std::numeric_limits<int>::max();
        s.tasks[0].failAtStep = std::numeric_limits<int>::max() - 1;
        RecordedEvent e;
        e.tNs = std::numeric_limits<qint64>::max();
        e.kind = EventKind::Step;
        e.task = 0;
        e.worker = 4095;
        e.value = std::numeric_limits<qint32>::max();
        s.events.push_back(e);
        break;
    }
    }
    const QByteArray file = serializeSession(s);
    QString error;
    const std::optional<Session> back = parseSessionFile(file, QStringLiteral("mem.poolscope"), &error);
    QVERIFY2(back, qPrintable(error));
    compareSessions(s, *back);
    QCOMPARE(serializeSession(*back), file); // byte-identical when saved again
}

void TestSessionFile::roundTripRealRun_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &name : builtinScenarioNames())
        QTest::newRow(qPrintable(name)) << name;
}

// A run recorded by the real pool: the report written from the reopened file is the report of the run.
void TestSessionFile::roundTripRealRun()
{
    QFETCH(QString, scenario);
    const ScenarioParseResult parsed = loadBuiltinScenario(scenario);
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    const Session run = runScenario(*parsed.scenario, 0.02);
    QVERIFY(!run.events.empty());
    QString error;
    const std::optional<Session> back = parseSessionFile(serializeSession(run), scenario, &error);
    QVERIFY2(back, qPrintable(error));
    compareSessions(run, *back);
}

void TestSessionFile::saveAndLoadFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.poolscope"));
    const Session s = smallSession();
    QString error;
    QVERIFY2(saveSessionFile(s, path, &error), qPrintable(error));
    const std::optional<Session> back = loadSessionFile(path, &error);
    QVERIFY2(back, qPrintable(error));
    compareSessions(s, *back);
    // No temporary file left beside it.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { QStringLiteral("run.poolscope") });
    // Saving into a directory that does not exist fails with a message naming the file.
    const QString bad = dir.filePath(QStringLiteral("missing/dir/run.poolscope"));
    QVERIFY(!saveSessionFile(s, bad, &error));
    QVERIFY2(error.contains(bad), qPrintable(error));
}

void TestSessionFile::looksLikeSession()
{
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("a.poolscope"));
    const QString other = dir.filePath(QStringLiteral("b.json"));
    QString error;
    QVERIFY(saveSessionFile(smallSession(), session, &error));
    QFile f(other);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\":\"poolscope-scenario/1\"}");
    f.close();
    QVERIFY(looksLikeSessionFile(session));
    QVERIFY(!looksLikeSessionFile(other));
    QVERIFY(!looksLikeSessionFile(dir.filePath(QStringLiteral("nope"))));
}

void TestSessionFile::damaged_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("expected"); // a piece of the one-line message

    const QByteArray good = serializeSession(smallSession());
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("not a poolscope session");
    QTest::newRow("random bytes") << QByteArray("\x89PNG\r\n\x1a\n0000000000000000000000000000000000000000000000000",
        57) << QStringLiteral("not a poolscope session");
    QTest::newRow("a scenario file") << QByteArray("{\n  \"format\": \"poolscope-scenario/1\",\n  \"name\": \"x\"\n}\n")
                                     << QStringLiteral("this is a scenario file");
    QByteArray newer = good;
    newer[18] = '2';
    QTest::newRow("a newer format") << newer << QStringLiteral("unsupported session format 'poolscope-session/2'");
    QTest::newRow("header only, cut") << good.left(30) << QStringLiteral("truncated");
    QByteArray header = good;
    header[33] = char(header[33] ^ 0x40);
    QTest::newRow("header byte flipped") << header << QStringLiteral("offset 44: header checksum mismatch");
    QByteArray meta = good;
    meta[60] = char(meta[60] ^ 0x01);
    QTest::newRow("metadata byte flipped") << meta << QStringLiteral("metadata checksum mismatch");
    QByteArray events = good;
    events[events.size() - 3] = char(events[events.size() - 3] ^ 0x10);
    QTest::newRow("event byte flipped") << events << QStringLiteral("event table checksum mismatch");
    QTest::newRow("last event cut") << good.left(good.size() - 7) << QStringLiteral("truncated");
    QTest::newRow("trailing garbage") << good + "xyz" << QStringLiteral("3 unexpected bytes after the last event");

    // Consistent checksums, wrong content: the field checks name what is wrong.
    QByteArray task = good;
    qToLittleEndian<quint32>(999, task.data() + eventOffset(task, 0) + 8);
    fixChecksums(task);
    QTest::newRow("task index out of range") << task << QStringLiteral("event 0 (offset");
    QByteArray kind = good;
    kind[eventOffset(kind, 1) + 18] = char(200);
    fixChecksums(kind);
    QTest::newRow("unknown event kind") << kind << QStringLiteral("field 'kind': unknown event kind 200");
    QByteArray worker = good;
    qToLittleEndian<qint16>(77, worker.data() + eventOffset(worker, 1) + 16);
    fixChecksums(worker);
    QTest::newRow("worker out of range") << worker << QStringLiteral("field 'worker': worker 77 out of range");
    QByteArray back = good;
    qToLittleEndian<qint64>(std::numeric_limits<qint64>::max(), back.data() + eventOffset(back, 0));
    fixChecksums(back);
    QTest::newRow("time going backwards") << back << QStringLiteral("field 't_ns'");
    QByteArray count = good;
    qToLittleEndian<quint64>(quint64(1) << 60, count.data() + 32);
    fixChecksums(count);
    QTest::newRow("forged huge event count") << count << QStringLiteral("truncated");
    QByteArray record = good;
    qToLittleEndian<quint32>(24, record.data() + 28);
    fixChecksums(record);
    QTest::newRow("other record size") << record << QStringLiteral("event record size");

    auto withMeta = [&](QByteArray json) {
        QByteArray f = good.left(48) + json + good.mid(48 + qFromLittleEndian<quint32>(good.constData() + 20));
        qToLittleEndian<quint32>(quint32(json.size()), f.data() + 20);
        fixChecksums(f);
        return f;
    };
    const qsizetype metaSize = qFromLittleEndian<quint32>(good.constData() + 20);
    const QByteArray metaJson = good.mid(48, metaSize);
    QTest::newRow("metadata not JSON") << withMeta("{\"format\": oops}") << QStringLiteral("invalid metadata JSON");
    QTest::newRow("workers zero") << withMeta(QByteArray(metaJson).replace("\"workers\":2", "\"workers\":0"))
                                  << QStringLiteral("scenario.workers");
    QTest::newRow("steps negative") << withMeta(QByteArray(metaJson).replace("[\"t1\",\"t\",3,", "[\"t1\",\"t\",-3,"))
                                    << QStringLiteral("tasks[0].steps");
    QTest::newRow("wait mode unknown") << withMeta(QByteArray(metaJson).replace("\"sleep\"", "\"nap\""))
                                       << QStringLiteral("tasks[0].wait");
    QTest::newRow("tasks missing (fewer than events use)")
        << withMeta(QByteArray(metaJson).replace("\"tasks\":[", "\"tasks\":[],\"x\":["))
        << QStringLiteral("out of range");
}

void TestSessionFile::damaged()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, expected);
    QString error;
    const std::optional<Session> s = parseSessionFile(file, QStringLiteral("/tmp/broken.poolscope"), &error);
    QVERIFY(!s);
    QVERIFY2(error.startsWith(QStringLiteral("/tmp/broken.poolscope: ")), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1Char('\n')), "one line");
}

// Every prefix of a valid file is refused, with a message, never a crash.
void TestSessionFile::truncatedEverywhere()
{
    const QByteArray good = serializeSession(smallSession());
    for (qsizetype n = 0; n < good.size(); ++n) {
        QString error;
        QVERIFY(!parseSessionFile(good.left(n), QStringLiteral("cut"), &error));
        QVERIFY(!error.isEmpty());
    }
}

void TestSessionFile::missingFile()
{
    QString error;
    QVERIFY(!loadSessionFile(QStringLiteral("/nonexistent/run.poolscope"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("/nonexistent/run.poolscope: cannot open")), qPrintable(error));
}

void TestSessionFile::csvHeaderAndRows()
{
    // One worker: t1 runs 0.001..300.001 ms; t2 and t4 are cancelled while queued; t3 sees the stop.
    synth::Options o;
    o.tasks = 4;
    o.workers = 1;
    o.steps = 3;
    o.stepNs = 100'000'000;
    o.cancelEvery = 2; // t2 and t4: cancel() 1 µs after submit, while queued -> True
    o.stopAtNs = 450'000'000;
    const Session s = synth::make(o);
    const QList<QByteArray> lines = csvReport(s).split('\n');
    QCOMPARE(lines.first(),
        QByteArray("id,outcome,queued_ms,started_ms,ended_ms,steps_done,steps,cancel_results,stop_latency_ms\r"));
    QCOMPARE(lines.last(), QByteArray()); // ends with a line break
    QCOMPARE(lines.size(), 1 + 4 + 1);
    const std::vector<TaskSummary> sum = summarize(s);
    // t1: completed 3 steps; t2: cancelled before it started; t3: saw the stop after its 2nd step.
    QCOMPARE(lines[1], QByteArray("t1,completed,0.000,0.001,300.001,3,3,,\r"));
    QCOMPARE(lines[2], QByteArray("t2,cancelled,0.000,,0.001,0,3,True,\r"));
    QCOMPARE(sum[2].outcome, Outcome::Stopped);
    // Started when t2's slot was dropped (300.0021 ms) + 1 µs; saw the stop (set at 450 ms) after step 2.
    QCOMPARE(lines[3], QByteArray("t3,stopped,0.000,300.003,500.004,2,3,,50.004\r"));
    QCOMPARE(sum[2].stopLatencyNs, 500'004'200 - 450'000'000);
    QCOMPARE(lines[4], QByteArray("t4,cancelled,0.000,,0.001,0,3,True,\r"));
    for (int i = 1; i <= 4; ++i)
        QCOMPARE(lines[i].count(','), 8);
}

void TestSessionFile::csvQuoting()
{
    Session s = smallSession();
    s.tasks[0].id = QStringLiteral("a,\"b\"");
    const QList<QByteArray> lines = csvReport(s).split('\n');
    QVERIFY2(lines[1].startsWith("\"a,\"\"b\"\"\","), lines[1].constData());
    QString error;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.csv"));
    QVERIFY(exportCsvFile(s, path, &error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), csvReport(s));
}

QTEST_GUILESS_MAIN(TestSessionFile)
#include "tst_sessionfile.moc"
