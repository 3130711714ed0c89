// SPDX-License-Identifier: MIT
// A seeded fuzz test of the two file readers (session files and scenarios): thousands of mutated and
// truncated files, each of which must give a clear error or a valid result that every consumer can
// use, and never a crash (run it under AddressSanitizer+UBSan to make "never" mean something).
#include "io/csvwriter.h"
#include "io/reportwriter.h"
#include "io/tracewriter.h"
#include "replay/summary.h"
#include "scenario/scenario.h"
#include "io/runfile.h"
#include "replay/runstate.h"
#include "fakeruns.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

using namespace poolscope;
using poolscope::synth::fixChecksums;

namespace {

constexpr quint32 Seed = 20240604;

QByteArray mutate(QByteArray data, QRandomGenerator &rng)
{
    const int rounds = 1 + int(rng.bounded(4));
    for (int r = 0; r < rounds; ++r) {
        const qsizetype n = data.size();
        switch (rng.bounded(8)) {
        case 0: // flip a bit
            if (n)
                data[qsizetype(rng.bounded(quint32(n)))] ^= char(1u << rng.bounded(8));
            break;
        case 1: // set a byte to an interesting value
            if (n) {
                static const char values[] = { 0, '\x7f', '\x80', '\xff', '"', '{', '[', '-', '9', '\\' };
                data[qsizetype(rng.bounded(quint32(n)))] = values[rng.bounded(quint32(sizeof values))];
            }
            break;
        case 2: // truncate
            data.truncate(n ? qsizetype(rng.bounded(quint32(n))) : 0);
            break;
        case 3: // delete a run
            if (n)
                data.remove(qsizetype(rng.bounded(quint32(n))), qsizetype(rng.bounded(16u) + 1));
            break;
        case 4: // insert a run of random bytes
        {
            QByteArray junk;
            for (quint32 i = 0, len = rng.bounded(12u) + 1; i < len; ++i)
                junk += char(rng.bounded(256u));
            data.insert(n ? qsizetype(rng.bounded(quint32(n))) : 0, junk);
            break;
        }
        case 5: // duplicate a slice
            if (n > 2) {
                const qsizetype at = qsizetype(rng.bounded(quint32(n)));
                data.insert(qsizetype(rng.bounded(quint32(n))), data.mid(at, qsizetype(rng.bounded(32u) + 1)));
            }
            break;
        case 6: // overwrite a 32-bit word with an extreme value (counts, sizes, indices)
            if (n >= 4) {
                static const quint32 words[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffe, 20, 48 };
                qToLittleEndian<quint32>(
                    words[rng.bounded(quint32(std::size(words)))], data.data() + rng.bounded(quint32(n - 3)));
            }
            break;
        default: // replace a number in JSON text with something hostile
        {
            static const char *numbers[]
                = { "-1", "0", "1e309", "-1e309", "2147483648", "0.5", "\"3\"", "null", "[]", "{}" };
            const qsizetype at = n ? qsizetype(rng.bounded(quint32(n))) : 0;
            qsizetype i = at;
            while (i < n && !(data[i] >= '0' && data[i] <= '9'))
                ++i;
            if (i < n) {
                qsizetype j = i;
                while (j < n && data[j] >= '0' && data[j] <= '9')
                    ++j;
                data.replace(i, j - i, numbers[rng.bounded(quint32(std::size(numbers)))]);
            }
            break;
        }
        }
    }
    return data;
}

// Everything downstream of the reader, so a "valid" result that is not actually usable is caught.
void useSession(const Run &s)
{
    RunState state;
    state.reset(s.tasks.size(), s.info.workers);
    for (const RecordedEvent &e : s.events) {
        state.apply(e);
        (void)state.queue().size();
    }
    (void)state.stateCounts();
    QVERIFY(!reportJson(s).isEmpty());
    QVERIFY(traceJson(s).startsWith("{\"traceEvents\":["));
    QVERIFY(csvReport(s).startsWith("id,outcome,"));
    QVERIFY(parseRunFile(serializeRun(s), QStringLiteral("again"), nullptr).has_value());
}

QList<QByteArray> scenarioCorpus()
{
    QList<QByteArray> corpus;
    QDirIterator it(QStringLiteral(":/scenarios"), { QStringLiteral("*.json") });
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            corpus.append(f.readAll());
    }
    // and a hand-written one using every field
    corpus.append(
        R"({"format":"poolscope-scenario/1","name":"all-fields","title":"T","description":"D","model":"python",
"workers":2,"tasks":[{"id":"a","count":3,"steps":4,"step_ms":100,"checks_stop":true,"wait":"event","fail_at_step":2,"submit_at_ms":0},
{"id":"b","steps":0,"step_ms":1,"submit_at_ms":50}],
"actions":[{"at_ms":10,"do":"cancel","task":"a#2"},{"at_ms":20,"do":"cancel","task":"a"},{"at_ms":30,"do":"cancel_all"},
{"at_ms":40,"do":"stop"},{"at_ms":60,"do":"clear"},{"at_ms":70,"do":"shutdown","wait":false,"cancel_futures":true}]})");
    return corpus;
}

} // namespace

class TestReaderFuzz : public QObject
{
    Q_OBJECT
private slots:
    void sessionFiles();
    void scenarioFiles();
    void scenarioErrorsAreOneLine(); // checked apart: the command line promises one line on stderr
};

void TestReaderFuzz::sessionFiles()
{
    QList<QByteArray> corpus;
    synth::Options o;
    corpus.append(serializeRun(synth::make(o)));
    o.tasks = 40;
    o.workers = 3;
    o.cancelEvery = 4;
    o.stopAtNs = 500'000'000;
    o.clearAtNs = 600'000'000;
    o.failEvery = 7;
    o.jitter = true;
    corpus.append(serializeRun(synth::make(o)));
    corpus.append(serializeRun(Run()));

    QRandomGenerator rng(Seed);
    QElapsedTimer clock;
    clock.start();
    int valid = 0, refused = 0;
    const int cases = 4000;
    for (int i = 0; i < cases; ++i) {
        QByteArray file = mutate(corpus[qsizetype(rng.bounded(quint32(corpus.size())))], rng);
        // Three in four get consistent checksums, so the deeper checks are exercised too.
        if (rng.bounded(4u) != 0)
            fixChecksums(file);
        QString error;
        const std::optional<Run> s = parseRunFile(file, QStringLiteral("fuzz-%1.poolscope").arg(i), &error);
        if (s) {
            ++valid;
            useSession(*s);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("case %1 (seed %2) read but unusable").arg(i).arg(Seed)));
        } else {
            ++refused;
            QVERIFY2(error.startsWith(QStringLiteral("fuzz-%1.poolscope: ").arg(i)), qPrintable(error));
            QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
        }
    }
    qInfo("session files: %d cases, %d read, %d refused, %lld ms", cases, valid, refused, clock.elapsed());
    QVERIFY(refused > cases / 2);
}

void TestReaderFuzz::scenarioFiles()
{
    const QList<QByteArray> corpus = scenarioCorpus();
    QVERIFY(corpus.size() >= 2);
    for (const QByteArray &seed : corpus)
        QVERIFY2(parseScenario(seed, QStringLiteral("seed")).scenario,
            qPrintable(parseScenario(seed, QStringLiteral("seed")).error));

    QRandomGenerator rng(Seed + 1);
    QElapsedTimer clock;
    clock.start();
    int valid = 0, refused = 0;
    const int cases = 4000;
    for (int i = 0; i < cases; ++i) {
        const QByteArray file = mutate(corpus[qsizetype(rng.bounded(quint32(corpus.size())))], rng);
        const QString name = QStringLiteral("fuzz-%1.json").arg(i);
        const ScenarioParseResult r = parseScenario(file, name);
        if (r.scenario) {
            ++valid;
            // Usable: instance ids are unique and the submission order covers every group.
            const QStringList ids = r.scenario->instanceIds();
            QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
            QCOMPARE(r.scenario->groupsInSubmissionOrder().size(), r.scenario->groups.size());
            QVERIFY(r.scenario->workers >= 1);
            QVERIFY(r.error.isEmpty());
        } else {
            ++refused;
            QVERIFY2(r.error.contains(name), qPrintable(r.error));
        }
    }
    qInfo("scenario files: %d cases, %d read, %d refused, %lld ms", cases, valid, refused, clock.elapsed());
    QVERIFY(refused > 0);
}

// Stands alone: hand-written files that put line breaks where an error message would echo them, then the
// same mutations as scenarioFiles() (same seed), each parsed here.
void TestReaderFuzz::scenarioErrorsAreOneLine()
{
    const QByteArray head = R"({"format":"poolscope-scenario/1","name":"x","workers":1,)";
    const QList<QByteArray> handWritten {
        R"({"format":"poolscope-scenario/1\nx","name":"x","workers":1,"tasks":[]})",
        R"({"format":"poolscope-scenario/1","name":"a\nb","workers":1,"tasks":[]})",
        R"({"format":"poolscope-scenario/1","name":"x","model":"java\r\nqt","workers":1,"tasks":[]})",
        head + R"("tasks":[{"id":"a\nb","steps":1,"step_ms":1}]})",
        head + R"("tasks":[{"id":"a","steps":1,"step_ms":1,"wait":"sl\neep"}]})",
        head + R"("tasks":[{"id":"a","steps":1,"step_ms":1}],"actions":[{"at_ms":0,"do":"st\nop"}]})",
        head + R"("tasks":[{"id":"a","steps":1,"step_ms":1}],"actions":[{"at_ms":0,"do":"cancel","task":"a\u2028b"}]})",
        head + "\n\n\"tasks\": [\n{\"id\": }\n]}", // invalid JSON over several lines
    };
    QList<QByteArray> files = handWritten;
    const QList<QByteArray> corpus = scenarioCorpus();
    QVERIFY(!corpus.isEmpty());
    QRandomGenerator rng(Seed + 1);
    for (int i = 0; i < 4000; ++i)
        files << mutate(corpus[qsizetype(rng.bounded(quint32(corpus.size())))], rng);

    QStringList multiLineScenarioErrors;
    int refused = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString name = QStringLiteral("case-%1.json").arg(i);
        const ScenarioParseResult r = parseScenario(files[i], name);
        QVERIFY2(!r.scenario || i >= handWritten.size(), qPrintable(name + QStringLiteral(" was accepted")));
        if (r.scenario)
            continue;
        ++refused;
        if (r.error.contains(QLatin1Char('\n')) || r.error.contains(QLatin1Char('\r')) || r.error.contains(QChar(0x2028)))
            multiLineScenarioErrors.append(r.error);
    }
    QVERIFY(refused > handWritten.size()); // the mutations gave errors to check too
    QVERIFY2(multiLineScenarioErrors.isEmpty(),
        qPrintable(QStringLiteral("%1 scenario errors span lines, e.g.: %2")
                       .arg(multiLineScenarioErrors.size())
                       .arg(multiLineScenarioErrors.value(0).replace(QLatin1Char('\n'), QLatin1String("\\n")))));
}

QTEST_GUILESS_MAIN(TestReaderFuzz)
#include "tst_readerfuzz.moc"
