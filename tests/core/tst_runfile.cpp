// SPDX-License-Identifier: MIT
// Run files (save, open, damage) and the CSV export. Core only: also runs under the sanitizers.
#include "fakeruns.h"
#include "io/csvwriter.h"
#include "io/legacysessionfile.h"
#include "io/loadprogress.h"
#include "io/reportwriter.h"
#include "io/runfile.h"
#include "io/runoutput.h"
#include "io/tracewriter.h"
#include "replay/summary.h"
#include "runner/scenariorun.h"

#include <QFile>
#include <QFileInfo>
#include <array>
#include <QTemporaryDir>
#include "threadtestsupport.h"

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

void compareRuns(const Run &a, const Run &b)
{
    QCOMPARE(b.info.scenarioName, a.info.scenarioName);
    QCOMPARE(b.info.title, a.info.title);
    QCOMPARE(b.info.description, a.info.description);
    QCOMPARE(b.info.model, a.info.model);
    QCOMPARE(b.info.workers, a.info.workers);
    QCOMPARE(b.info.timeScale, a.info.timeScale); // exact: doubles round-trip
    QCOMPARE(b.info.pool, a.info.pool);
    QCOMPARE(b.incomplete, a.incomplete);
    QCOMPARE(b.tasks.size(), a.tasks.size());
    for (quint32 i = 0; i < a.tasks.size(); ++i) {
        QCOMPARE(b.taskId(i), a.taskId(i));
        QCOMPARE(b.tasks[i].spec, a.tasks[i].spec);
        QCOMPARE(b.tasks[i].ordinal, a.tasks[i].ordinal);
        const TaskSpec &x = a.specOf(i), &y = b.specOf(i);
        QCOMPARE(y.id, x.id);
        QCOMPARE(y.numbered, x.numbered);
        QCOMPARE(y.options, x.options);
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

// Where event `index` of the first event section starts.
qsizetype eventOffset(const QByteArray &file, int index)
{
    return synth::sectionPayload(file, "EVNT") + 4 + qsizetype(index) * 20;
}

// Replaces a JSON section's payload (the n-th with that tag), keeping the checksums right.
QByteArray withJson(const QByteArray &file, const char (&tag)[5], const QByteArray &json)
{
    const qsizetype at = synth::sectionPayload(file, tag);
    const quint32 size = qFromLittleEndian<quint32>(file.constData() + at - 4);
    QByteArray f = file.left(at) + json + file.mid(at + size);
    qToLittleEndian<quint32>(quint32(json.size()), f.data() + at - 4);
    fixChecksums(f);
    return f;
}

QByteArray jsonOf(const QByteArray &file, const char (&tag)[5])
{
    const qsizetype at = synth::sectionPayload(file, tag);
    return file.mid(at, qFromLittleEndian<quint32>(file.constData() + at - 4));
}

Run smallSession()
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

class TestRunFile : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void roundTripRealRun_data();
    void roundTripRealRun();
    void saveAndLoadFile();
    void looksLikeRun();
    void readsTheOlderSessionFormat();
    void readsBigEndianEvents();
    void damaged_data();
    void damaged();
    void truncatedEverywhere();
    void missingFile();
    void progressAndCancel();
    void csvHeaderAndRows();
    void csvQuoting();
    void checksumIsCrc32_data();
    void checksumIsCrc32();
    void checksumAnyLengthAndAlignment();
    void damagedLargeFile_data();
    void damagedLargeFile();
};

void TestRunFile::roundTrip_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("empty session") << 0;
    QTest::newRow("small, cancels and a stop") << 1;
    QTest::newRow("unicode and quotes in every string") << 2;
    QTest::newRow("20k tasks, jittered") << 3;
    QTest::newRow("extreme values") << 4;
    QTest::newRow("a group of many: one spec, numbered instances") << 5;
}

void TestRunFile::roundTrip()
{
    QFETCH(int, which);
    Run s;
    switch (which) {
    case 0:
        break;
    case 1:
        s = smallSession();
        break;
    case 2:
        s = smallSession();
        s.info.scenarioName = QStringLiteral("naïve-\"quoted\"");
        s.info.title = QStringLiteral("Ünïcödé ✓ title, with a comma");
        s.info.description = QStringLiteral("line one\nline two\t\"quoted\" \\ back\u0001slash");
        s.info.model = QStringLiteral("python");
        s.specs[0].id = QStringLiteral("t,1 \"x\"");
        s.specs[1].wait = WaitMode::Event;
        s.specs[2].options = 0xdeadbeef;
        s.info.timeScale = 0.123456789012345;
        s.info.pool = QJsonObject { { QStringLiteral("queue"), 3 }, { QStringLiteral("rejection"), QStringLiteral("abort") } };
        s.incomplete = true;
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
        s.info.workers = 4096;
        s.specs[0].steps = std::numeric_limits<int>::max();
        s.specs[0].stepMs = std::numeric_limits<int>::max();
        s.specs[0].failAtStep = std::numeric_limits<int>::max() - 1;
        RecordedEvent e;
        e.tNs = std::numeric_limits<qint64>::max();
        e.kind = EventKind::Step;
        e.task = 0;
        e.worker = 4095;
        e.value = std::numeric_limits<qint32>::max();
        s.events.push_back(e);
        break;
    }
    case 5: {
        s.info.workers = 2;
        TaskSpec spec;
        spec.id = QStringLiteral("job");
        spec.steps = 2;
        s.addTasks(spec, 70000); // two TASK sections, two EVNT sections
        for (quint32 i = 0; i < 70000; ++i) {
            RecordedEvent e;
            e.tNs = qint64(i) * 10;
            e.task = i;
            s.events.push_back(e);
        }
        break;
    }
    }
    const QByteArray file = serializeRun(s);
    QString error;
    const std::optional<Run> back = parseRunFile(file, QStringLiteral("mem.poolscope"), &error);
    QVERIFY2(back, qPrintable(error));
    compareRuns(s, *back);
    QCOMPARE(serializeRun(*back), file); // byte-identical when saved again
}

void TestRunFile::roundTripRealRun_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &name : test::builtinsForRealRuns())
        QTest::newRow(qPrintable(name)) << name;
}

// A run recorded by the real pool: the report written from the reopened file is the report of the run.
void TestRunFile::roundTripRealRun()
{
    QFETCH(QString, scenario);
    const ScenarioParseResult parsed = loadBuiltinScenario(scenario);
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    const Run run = runScenario(*parsed.scenario, 0.02);
    QVERIFY(!run.events.empty());
    QString error;
    const std::optional<Run> back = parseRunFile(serializeRun(run), scenario, &error);
    QVERIFY2(back, qPrintable(error));
    compareRuns(run, *back);
}

void TestRunFile::saveAndLoadFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.poolscope"));
    const Run s = smallSession();
    QString error;
    QVERIFY2(saveRunFile(s, path, &error), qPrintable(error));
    const std::optional<Run> back = loadRunFile(path, &error);
    QVERIFY2(back, qPrintable(error));
    compareRuns(s, *back);
    // No temporary file left beside it.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { QStringLiteral("run.poolscope") });
    // Saving into a directory that does not exist fails with a message naming the file.
    const QString bad = dir.filePath(QStringLiteral("missing/dir/run.poolscope"));
    QVERIFY(!saveRunFile(s, bad, &error));
    QVERIFY2(error.contains(bad), qPrintable(error));
}

void TestRunFile::looksLikeRun()
{
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("a.poolscope"));
    const QString other = dir.filePath(QStringLiteral("b.json"));
    QString error;
    QVERIFY(saveRunFile(smallSession(), session, &error));
    QFile f(other);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\":\"poolscope-scenario/1\"}");
    f.close();
    QVERIFY(looksLikeRunFile(session));
    QVERIFY(!looksLikeRunFile(other));
    QVERIFY(!looksLikeRunFile(dir.filePath(QStringLiteral("nope"))));
}

void TestRunFile::damaged_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("expected"); // a piece of the one-line message

    const QByteArray good = serializeRun(smallSession());
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("not a poolscope run");
    QTest::newRow("random bytes") << QByteArray("\x89PNG\r\n\x1a\n0000000000000000000000000000000000000000000000000",
        57) << QStringLiteral("not a poolscope run");
    QTest::newRow("a scenario file") << QByteArray("{\n  \"format\": \"poolscope-scenario/1\",\n  \"name\": \"x\"\n}\n")
                                     << QStringLiteral("this is a scenario file");
    QByteArray newer = good;
    newer[14] = '2';
    QTest::newRow("a newer format") << newer << QStringLiteral("unsupported run format 'poolscope-run/2'");
    QTest::newRow("signature only") << good.left(16) << QStringLiteral("truncated");
    QTest::newRow("header cut") << good.left(30) << QStringLiteral("truncated");
    QByteArray info = good;
    info[16 + 8 + 5] = char(info[16 + 8 + 5] ^ 0x01);
    QTest::newRow("info byte flipped") << info << QStringLiteral("section 'INFO' checksum mismatch");
    QByteArray events = good;
    events[eventOffset(events, 2) + 3] = char(events[eventOffset(events, 2) + 3] ^ 0x10);
    QTest::newRow("event byte flipped") << events << QStringLiteral("section 'EVNT' checksum mismatch");
    QTest::newRow("last section cut") << good.left(good.size() - 7) << QStringLiteral("truncated");
    const qsizetype end = synth::sectionPayload(good, "END!") - 8;
    QTest::newRow("no end section") << good.left(end) << QStringLiteral("ends before its 'END!' section");
    QTest::newRow("trailing garbage") << good + "xyz" << QStringLiteral("3 unexpected bytes after the end");

    // Consistent checksums, wrong content: the field checks name what is wrong.
    QByteArray task = good;
    qToLittleEndian<quint32>(999, task.data() + eventOffset(task, 0) + 8);
    fixChecksums(task);
    QTest::newRow("task index out of range") << task << QStringLiteral("field 'event 0 task': task 999 out of range");
    QByteArray kind = good;
    kind[eventOffset(kind, 1) + 18] = char(200);
    fixChecksums(kind);
    QTest::newRow("unknown event kind") << kind << QStringLiteral("field 'event 1 kind': unknown event kind 200");
    QByteArray worker = good;
    qToLittleEndian<qint16>(77, worker.data() + eventOffset(worker, 1) + 16);
    fixChecksums(worker);
    QTest::newRow("worker out of range") << worker << QStringLiteral("worker 77 out of range");
    QByteArray back = good;
    qToLittleEndian<qint64>(std::numeric_limits<qint64>::max(), back.data() + eventOffset(back, 0));
    fixChecksums(back);
    QTest::newRow("time going backwards") << back << QStringLiteral("t_ns");
    QByteArray count = good;
    qToLittleEndian<quint32>(quint32(1) << 30, count.data() + synth::sectionPayload(count, "EVNT") - 4);
    fixChecksums(count);
    QTest::newRow("forged huge section") << count << QStringLiteral("larger than any run file holds");
    QByteArray eventCount = good;
    qToLittleEndian<quint32>(12345, eventCount.data() + synth::sectionPayload(eventCount, "EVNT"));
    fixChecksums(eventCount);
    QTest::newRow("event count and size disagree") << eventCount << QStringLiteral("12345 events need");
    QByteArray spec = good;
    qToLittleEndian<quint32>(77, spec.data() + synth::sectionPayload(spec, "TASK") + 4);
    fixChecksums(spec);
    QTest::newRow("task of an unknown group") << spec << QStringLiteral("group 77 out of range");

    const QByteArray infoJson = jsonOf(good, "INFO");
    const QByteArray specJson = jsonOf(good, "SPEC");
    const QByteArray endJson = jsonOf(good, "END!");
    QTest::newRow("info not JSON") << withJson(good, "INFO", "{\"format\": oops}") << QStringLiteral("invalid JSON");
    QTest::newRow("workers zero") << withJson(good, "INFO", QByteArray(infoJson).replace("\"workers\":2", "\"workers\":0"))
                                  << QStringLiteral("run.workers");
    QTest::newRow("steps negative")
        << withJson(good, "SPEC", QByteArray(specJson).replace("[\"t1\",3,", "[\"t1\",-3,")) << QStringLiteral("specs[0].steps");
    QTest::newRow("wait mode unknown") << withJson(good, "SPEC", QByteArray(specJson).replace("\"sleep\"", "\"nap\""))
                                       << QStringLiteral("specs[0].wait");
    QTest::newRow("end counts disagree")
        << withJson(good, "END!", QByteArray(endJson).replace("\"tasks\":5", "\"tasks\":6")) << QStringLiteral("field 'tasks'");
    QByteArray noTasks = good;
    {
        // Drop the TASK section: the events then name tasks the file never declared.
        const qsizetype at = synth::sectionPayload(noTasks, "TASK") - 8;
        const quint32 size = qFromLittleEndian<quint32>(noTasks.constData() + at + 4);
        noTasks.remove(at, 12 + size);
    }
    QTest::newRow("tasks missing (fewer than events use)") << noTasks << QStringLiteral("out of range");
}

void TestRunFile::damaged()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, expected);
    QString error;
    const std::optional<Run> s = parseRunFile(file, QStringLiteral("/tmp/broken.poolscope"), &error);
    QVERIFY(!s);
    QVERIFY2(error.startsWith(QStringLiteral("/tmp/broken.poolscope: ")), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1Char('\n')), "one line");
}

// Every prefix of a valid file is refused, with a message, never a crash.
void TestRunFile::truncatedEverywhere()
{
    const QByteArray good = serializeRun(smallSession());
    for (qsizetype n = 0; n < good.size(); ++n) {
        QString error;
        QVERIFY(!parseRunFile(good.left(n), QStringLiteral("cut"), &error));
        QVERIFY(!error.isEmpty());
    }
}

// Files saved by earlier versions ("poolscope-session/1") still open, and tell the same story.
void TestRunFile::readsTheOlderSessionFormat()
{
    const Run s = smallSession();
    const QByteArray legacy = serializeLegacySession(s);
    QVERIFY(legacy.startsWith("poolscope-session/1\n"));
    QString error;
    const std::optional<Run> back = parseRunFile(legacy, QStringLiteral("old.poolscope"), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(reportJson(*back), reportJson(s));
    QCOMPARE(csvReport(*back), csvReport(s));
    for (quint32 i = 0; i < s.tasks.size(); ++i)
        QCOMPARE(back->taskId(i), s.taskId(i));
    // Damage in the old format is still named.
    QByteArray damaged = legacy;
    damaged[damaged.size() - 3] = char(damaged[damaged.size() - 3] ^ 0x10);
    QVERIFY(!parseRunFile(damaged, QStringLiteral("old.poolscope"), &error));
    QVERIFY2(error.contains(QLatin1String("event table checksum mismatch")), qPrintable(error));
    QVERIFY(!parseRunFile(legacy.left(30), QStringLiteral("old.poolscope"), &error));
    QVERIFY2(error.contains(QLatin1String("truncated")), qPrintable(error));
}

// The Python recorder's EVNB sections hold the same records big-endian: the file reads as the same run,
// and the same checks apply to the decoded fields.
void TestRunFile::readsBigEndianEvents()
{
    const Run run = smallSession();
    QByteArray file = serializeRun(run);
    int sections = 0;
    for (qsizetype at = 16; at + 12 <= file.size();) {
        char *p = file.data() + at;
        const quint32 size = qFromLittleEndian<quint32>(p + 4);
        if (QByteArray(p, 4) == "EVNT") {
            memcpy(p, "EVNB", 4);
            const quint32 n = qFromLittleEndian<quint32>(p + 8);
            for (quint32 i = 0; i < n; ++i) {
                char *ev = p + 12 + qsizetype(i) * 20;
                qToBigEndian<qint64>(qFromLittleEndian<qint64>(ev), ev);
                qToBigEndian<quint32>(qFromLittleEndian<quint32>(ev + 8), ev + 8);
                qToBigEndian<qint32>(qFromLittleEndian<qint32>(ev + 12), ev + 12);
                qToBigEndian<qint16>(qFromLittleEndian<qint16>(ev + 16), ev + 16);
            }
            ++sections;
        }
        at += 12 + qsizetype(size);
    }
    QVERIFY(sections > 0);
    fixChecksums(file);
    QString error;
    const std::optional<Run> back = parseRunFile(file, QStringLiteral("big.poolscope"), &error);
    QVERIFY2(back, qPrintable(error));
    compareRuns(run, *back);

    // The recorder writes a section's events in the order its threads added them: out of time order,
    // they read as the same run (stable by time), and one before the previous section's last moves up.
    QByteArray shuffled = file;
    const qsizetype first = synth::sectionPayload(shuffled, "EVNB") + 4;
    const quint32 n = qFromLittleEndian<quint32>(shuffled.constData() + first - 4);
    char *events = shuffled.data() + first;
    quint32 swapped = 0;
    for (quint32 i = 0; i + 1 < n && swapped < 2; ++i) {
        char *a = events + qsizetype(i) * 20;
        if (qFromBigEndian<qint64>(a) < qFromBigEndian<qint64>(a + 20)) {
            std::swap_ranges(a, a + 20, a + 20);
            ++swapped;
            ++i;
        }
    }
    QCOMPARE(swapped, 2u);
    fixChecksums(shuffled);
    const std::optional<Run> reordered = parseRunFile(shuffled, QStringLiteral("big.poolscope"), &error);
    QVERIFY2(reordered, qPrintable(error));
    compareRuns(run, *reordered);

    // Far out of order (reversed: not what the recorder writes) they are sorted all the same. With
    // distinct times first, so the reversed order sorts back to exactly the one written.
    QByteArray distinct = file;
    for (quint32 i = 0; i < n; ++i)
        qToBigEndian<qint64>(qint64(i) * 1000, distinct.data() + first + qsizetype(i) * 20);
    fixChecksums(distinct);
    const std::optional<Run> inOrder = parseRunFile(distinct, QStringLiteral("big.poolscope"), &error);
    QVERIFY2(inOrder, qPrintable(error));
    QVERIFY(n * n / 2 > 8 * n + 64); // more moves than the nearly-in-order path takes
    std::reverse(reinterpret_cast<std::array<char, 20> *>(distinct.data() + first),
                 reinterpret_cast<std::array<char, 20> *>(distinct.data() + first) + n);
    fixChecksums(distinct);
    const std::optional<Run> reversed = parseRunFile(distinct, QStringLiteral("big.poolscope"), &error);
    QVERIFY2(reversed, qPrintable(error));
    compareRuns(*inOrder, *reversed);

    // A negative time is named.
    qToBigEndian<qint64>(-5, file.data() + first + 20);
    fixChecksums(file);
    QVERIFY(!parseRunFile(file, QStringLiteral("big.poolscope"), &error));
    QVERIFY2(error.contains(QLatin1String("event 1 t_ns")) && error.contains(QLatin1String("negative")), qPrintable(error));
}

// A long open (the window's, off its GUI thread) reports the bytes read and stops when cancelled.
void TestRunFile::progressAndCancel()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.poolscope"));
    QString error;
    QVERIFY2(saveRunFile(smallSession(), path, &error), qPrintable(error));
    LoadProgress progress;
    QVERIFY2(loadRunFile(path, &error, &progress), qPrintable(error));
    QCOMPARE(progress.total.load(), QFileInfo(path).size());
    QCOMPARE(progress.done.load(), progress.total.load());

    LoadProgress cancelled;
    cancelled.cancel = true;
    QVERIFY(!loadRunFile(path, &error, &cancelled));
    QCOMPARE(error, QStringLiteral("cancelled"));
    QVERIFY(cancelled.done.load() < cancelled.total.load()); // it stopped after the first section
}

void TestRunFile::missingFile()
{
    QString error;
    QVERIFY(!loadRunFile(QStringLiteral("/nonexistent/run.poolscope"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("/nonexistent/run.poolscope: cannot open")), qPrintable(error));
}

void TestRunFile::csvHeaderAndRows()
{
    // One worker: t1 runs 0.001..300.001 ms; t2 and t4 are cancelled while queued; t3 sees the stop.
    synth::Options o;
    o.tasks = 4;
    o.workers = 1;
    o.steps = 3;
    o.stepNs = 100'000'000;
    o.cancelEvery = 2; // t2 and t4: cancel() 1 µs after submit, while queued -> True
    o.stopAtNs = 450'000'000;
    const Run s = synth::make(o);
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

void TestRunFile::csvQuoting()
{
    Run s = smallSession();
    s.specs[0].id = QStringLiteral("a,\"b\"");
    const QList<QByteArray> lines = csvReport(s).split('\n');
    QVERIFY2(lines[1].startsWith("\"a,\"\"b\"\"\","), lines[1].constData());
    QString error;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.csv"));
    QVERIFY(writeCsvFile(RunOutput(s), path, &error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), csvReport(s));
}

void TestRunFile::checksumIsCrc32_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<quint32>("crc");
    QTest::newRow("empty") << QByteArray() << 0u;
    QTest::newRow("the check value") << QByteArray("123456789") << 0xCBF43926u;
    QTest::newRow("a sentence") << QByteArray("The quick brown fox jumps over the lazy dog") << 0x414FA339u;
    QTest::newRow("a megabyte of zeros") << QByteArray(1 << 20, '\0') << 0xA738EA1Cu;
}

// The run file's checksum is zlib's CRC-32: files written before keep their checksums.
void TestRunFile::checksumIsCrc32()
{
    QFETCH(QByteArray, data);
    QFETCH(quint32, crc);
    QCOMPARE(runFileCrc32(data.constData(), data.size()), crc);
}

// Eight bytes a step, then the rest: every length and start (aligned or not) agrees with a byte at a time.
void TestRunFile::checksumAnyLengthAndAlignment()
{
    QByteArray data(200, '\0');
    for (int i = 0; i < data.size(); ++i)
        data[i] = char((i * 131 + 7) & 0xFF);
    auto bytewise = [](const char *p, qsizetype n) {
        quint32 c = 0xFFFFFFFFu;
        for (qsizetype i = 0; i < n; ++i) {
            c ^= uchar(p[i]);
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    };
    for (int start = 0; start < 8; ++start) {
        for (int length = 0; length + start <= data.size(); ++length)
            QCOMPARE(runFileCrc32(data.constData() + start, length), bytewise(data.constData() + start, length));
    }
}

void TestRunFile::damagedLargeFile_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("expected"); // a piece of the one-line message; empty: it opens

    // Large enough that its checksums are checked beside the decoding, not before it.
    synth::Options o;
    o.tasks = 60000;
    o.workers = 4;
    const QByteArray good = serializeRun(synth::make(o));
    QVERIFY(good.size() > 5'000'000);
    QTest::newRow("whole") << good << QString();
    QByteArray events = good;
    const qsizetype ev = eventOffset(events, 100000) + 3;
    events[ev] = char(events[ev] ^ 0x10);
    QTest::newRow("event byte flipped") << events << QStringLiteral("section 'EVNT' checksum mismatch");
    // Where the damaged section starts: the message names it, as when read one section after another.
    qsizetype section = 16;
    while (section + 12 + qFromLittleEndian<quint32>(events.constData() + section + 4) <= ev)
        section += 12 + qFromLittleEndian<quint32>(events.constData() + section + 4);
    QTest::newRow("event byte flipped: its section's offset")
        << events << QStringLiteral("offset %1: section").arg(section);
    QByteArray end = good;
    end[synth::sectionPayload(end, "END!") + 1] ^= 0x01;
    QTest::newRow("end section damaged") << end << QStringLiteral("section 'END!' checksum mismatch");
    // A wrong field early and damage late: the earlier one is named, as a reader reading in order would.
    QByteArray both = good;
    qToLittleEndian<quint32>(999999, both.data() + eventOffset(both, 0) + 8);
    fixChecksums(both);
    both[synth::sectionPayload(both, "END!") + 1] ^= 0x01;
    QTest::newRow("wrong field, later damage")
        << both << QStringLiteral("field 'event 0 task': task 999999 out of range");
    // Damage early and a wrong field later: the damage is named.
    QByteArray first = good;
    const qsizetype last = eventOffset(first, 300000);
    qToLittleEndian<quint32>(999999, first.data() + last + 8);
    fixChecksums(first);
    first[16 + 8 + 5] = char(first[16 + 8 + 5] ^ 0x01);
    QTest::newRow("damage, later wrong field") << first << QStringLiteral("section 'INFO' checksum mismatch");
}

void TestRunFile::damagedLargeFile()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, expected);
    QString error;
    const std::optional<Run> run = parseRunFile(file, QStringLiteral("big.poolscope"), &error);
    if (expected.isEmpty()) {
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->tasks.size(), size_t(60000));
        return;
    }
    QVERIFY(!run);
    QVERIFY2(error.startsWith(QStringLiteral("big.poolscope: offset ")), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRunFile)
#include "tst_runfile.moc"
