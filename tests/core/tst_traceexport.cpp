// SPDX-License-Identifier: MIT
// The Chrome Trace Event export (report.h's traceJson) agrees with the session it came from.
#include "runner/scenariorun.h"
#include "io/reportwriter.h"
#include "io/tracewriter.h"
#include "replay/summary.h"
#include "fakeruns.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace poolscope;
Q_DECLARE_METATYPE(poolscope::Run)

namespace {

QJsonArray traceEvents(const Run &s, QByteArray *raw = nullptr)
{
    const QByteArray json = traceJson(s);
    if (raw)
        *raw = json;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError)
        qWarning() << "trace is not JSON:" << err.errorString() << "at" << err.offset;
    return doc.object().value(QLatin1String("traceEvents")).toArray();
}

// Trace timestamps are microseconds written with three decimals: they must match to the nanosecond.
bool sameTime(double us, qint64 ns)
{
    return std::llround(us * 1000.0) == ns;
}

} // namespace

class TestTraceExport : public QObject
{
    Q_OBJECT
private slots:
    void sessions_data();
    void sessions();
    void objectFormAndClosed();
    void recordingNamesItsThreadsAndChecks();
};

void TestTraceExport::sessions_data()
{
    QTest::addColumn<Run>("session");
    synth::Options o;
    o.tasks = 8;
    o.workers = 3;
    o.cancelEvery = 3;
    o.stopAtNs = 250'000'000;
    o.clearAtNs = 260'000'000;
    o.failEvery = 5;
    o.jitter = true;
    QTest::newRow("synthetic: cancels, a stop and a clear, failures") << synth::make(o);
    for (const QString &name : { QStringLiteral("cancel-then-stop"), QStringLiteral("shutdown-cancel-futures"),
             QStringLiteral("stop-then-clear") }) {
        const ScenarioParseResult parsed = loadBuiltinScenario(name);
        if (parsed.scenario)
            QTest::newRow(qPrintable(QStringLiteral("real run: ") + name)) << runScenario(*parsed.scenario, 0.02);
    }
}

void TestTraceExport::sessions()
{
    QFETCH(Run, session);
    const QJsonArray events = traceEvents(session);
    QVERIFY(!events.isEmpty());

    // Thread names: the caller and every worker.
    QMap<int, QString> threadNames;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("ph")).toString() == QLatin1String("M")
            && e.value(QLatin1String("name")).toString() == QLatin1String("thread_name"))
            threadNames.insert(e.value(QLatin1String("tid")).toInt(),
                e.value(QLatin1String("args")).toObject().value(QLatin1String("name")).toString());
    }
    QVERIFY(threadNames.values().contains(QStringLiteral("caller")));
    for (int w = 1; w <= session.info.workers; ++w)
        QCOMPARE(threadNames.value(w), QStringLiteral("worker-%1").arg(w));

    // One X per run, on its worker, named with its outcome, with the session's start and duration.
    const std::vector<TaskSummary> tasks = summarize(session);
    QMap<QString, QJsonObject> runs;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("ph")).toString() == QLatin1String("X")
            && e.value(QLatin1String("cat")).toString() == QLatin1String("task")) {
            const QString task = e.value(QLatin1String("args")).toObject().value(QLatin1String("task")).toString();
            QVERIFY2(!runs.contains(task), qPrintable(task));
            runs.insert(task, e);
        }
    }
    std::vector<int> workerOf(session.tasks.size(), -1);
    for (const RecordedEvent &e : session.events) {
        if (e.kind == EventKind::Start)
            workerOf[e.task] = e.worker;
    }
    int ran = 0;
    for (size_t i = 0; i < tasks.size(); ++i) {
        const TaskSummary &t = tasks[i];
        if (t.startNs < 0) {
            QVERIFY2(!runs.contains(t.id), qPrintable(t.id));
            continue;
        }
        ++ran;
        QVERIFY2(runs.contains(t.id), qPrintable(t.id));
        const QJsonObject x = runs.value(t.id);
        QCOMPARE(x.value(QLatin1String("tid")).toInt(), workerOf[i] + 1);
        QCOMPARE(x.value(QLatin1String("name")).toString(),
            QStringLiteral("%1 [%2]").arg(t.id, QLatin1String(outcomeName(t.outcome))));
        QVERIFY(sameTime(x.value(QLatin1String("ts")).toDouble(), t.startNs));
        QVERIFY(sameTime(x.value(QLatin1String("dur")).toDouble(), t.endNs - t.startNs));
        QCOMPARE(x.value(QLatin1String("args")).toObject().value(QLatin1String("outcome")).toString(),
            QLatin1String(outcomeName(t.outcome)));
    }
    QCOMPARE(runs.size(), ran);

    // An instant per cancel() (with its result), stop set/clear, and stop observed, at the session's times.
    auto instants = [&](const char *name) {
        QList<QJsonObject> out;
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            if (e.value(QLatin1String("ph")).toString() == QLatin1String("i")
                && e.value(QLatin1String("name")).toString() == QLatin1String(name))
                out.append(e);
        }
        return out;
    };
    auto recorded = [&](EventKind kind) {
        std::vector<RecordedEvent> out;
        for (const RecordedEvent &e : session.events) {
            if (e.kind == kind)
                out.push_back(e);
        }
        return out;
    };
    const struct
    {
        const char *name;
        EventKind kind;
    } pairs[] = { { "cancel", EventKind::CancelCall }, { "stop_set", EventKind::StopSet },
        { "stop_clear", EventKind::StopClear }, { "stop_observed", EventKind::StopObserved },
        { "submit", EventKind::Submit }, { "shutdown", EventKind::ShutdownBegin } };
    for (const auto &pair : pairs) {
        const QList<QJsonObject> got = instants(pair.name);
        const std::vector<RecordedEvent> want = recorded(pair.kind);
        QVERIFY2(size_t(got.size()) == want.size(), pair.name);
        for (size_t i = 0; i < want.size(); ++i) {
            const QJsonObject e = got[qsizetype(i)];
            QVERIFY2(sameTime(e.value(QLatin1String("ts")).toDouble(), want[i].tNs), pair.name);
            const QJsonObject args = e.value(QLatin1String("args")).toObject();
            if (want[i].task != NoTask)
                QCOMPARE(args.value(QLatin1String("task")).toString(), session.taskId(want[i].task));
            if (pair.kind == EventKind::CancelCall)
                QCOMPARE(args.value(QLatin1String("result")).toBool(), want[i].cancelResult());
            const int tid = e.value(QLatin1String("tid")).toInt();
            QCOMPARE(tid, want[i].worker >= 0 ? want[i].worker + 1 : 1000);
        }
    }
}

void TestTraceExport::objectFormAndClosed()
{
    const Run s = synth::make({});
    QByteArray raw;
    traceEvents(s, &raw);
    QVERIFY(raw.startsWith("{\"traceEvents\":["));
    QVERIFY(!raw.contains("displayTimeUnit"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(raw, &err);
    QCOMPARE(err.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QLatin1String("otherData")).toObject().value(QLatin1String("scenario")).toString(),
        s.info.scenarioName);
}

// A recorded program's trace: its own thread names, a thread per caller (a cancel made on another
// thread is drawn there), and each task's checks with their answer and the Event they looked at.
void TestTraceExport::recordingNamesItsThreadsAndChecks()
{
    test::RunBuilder b(1);
    const quint32 t = b.task(QStringLiteral("work"), 0);
    const quint32 q = b.task(QStringLiteral("later"), 0);
    b.event(0, EventKind::Submit, t, CallerThread, 0, 0);
    b.event(0, EventKind::Submit, q, CallerThread, 0, 0);
    b.event(1, EventKind::Start, t, 0);
    b.event(2, EventKind::Check, t, 0, 0, 0); // is_set() on "stop": clear
    b.event(3, EventKind::CancelCall, q, qint16(-2), CancelResultFlag, 0); // from the second caller
    b.event(4, EventKind::StopSet, NoTask, qint16(-2), 0, 0);
    b.event(5, EventKind::Check, t, 0, CheckSetFlag | CheckWaitFlag, 0);
    b.event(6, EventKind::End, t, 0, quint8(Outcome::Completed), 2);
    b.event(6, EventKind::CancelSkip, q, 0);
    Run s = b.build();
    s.recording.active = true;
    s.recording.pools.push_back(RecordedPool { 1, QString(), QStringLiteral("ThreadPoolExecutor") });
    s.recording.workers.push_back(RecordedThread { QStringLiteral("ThreadPoolExecutor-0_0"), 10, 0 });
    s.recording.callers.push_back(RecordedThread { QStringLiteral("MainThread"), 1, -1 });
    s.recording.callers.push_back(RecordedThread { QStringLiteral("canceller"), 2, -1 });
    s.recording.flags.push_back(RecordedFlag { QStringLiteral("stop") });

    const QJsonArray events = traceEvents(s);
    QVERIFY(!events.isEmpty());
    QMap<QString, int> tidOf; // thread name -> tid
    QList<QJsonObject> checks;
    int cancelTid = -1, setTid = -1;
    QString setEvent;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QString name = e.value(QLatin1String("name")).toString();
        const QJsonObject args = e.value(QLatin1String("args")).toObject();
        if (name == QLatin1String("thread_name"))
            tidOf.insert(args.value(QLatin1String("name")).toString(), e.value(QLatin1String("tid")).toInt());
        else if (name == QLatin1String("check"))
            checks << e;
        else if (name == QLatin1String("cancel"))
            cancelTid = e.value(QLatin1String("tid")).toInt();
        else if (name == QLatin1String("stop_set")) {
            setTid = e.value(QLatin1String("tid")).toInt();
            setEvent = args.value(QLatin1String("event")).toString();
        }
    }
    QCOMPARE(tidOf.keys(), (QStringList { "MainThread", "ThreadPoolExecutor-0_0", "canceller" }));
    QCOMPARE(QSet<int>(tidOf.begin(), tidOf.end()).size(), 3);
    QCOMPARE(cancelTid, tidOf.value(QStringLiteral("canceller")));
    QCOMPARE(setTid, tidOf.value(QStringLiteral("canceller")));
    QCOMPARE(setEvent, QStringLiteral("stop"));
    QCOMPARE(checks.size(), 2);
    for (const QJsonObject &c : checks) {
        QCOMPARE(c.value(QLatin1String("tid")).toInt(), tidOf.value(QStringLiteral("ThreadPoolExecutor-0_0")));
        QCOMPARE(c.value(QLatin1String("args")).toObject().value(QLatin1String("task")).toString(), QStringLiteral("work"));
        QCOMPARE(c.value(QLatin1String("args")).toObject().value(QLatin1String("event")).toString(), QStringLiteral("stop"));
    }
    QCOMPARE(checks[0].value(QLatin1String("args")).toObject().value(QLatin1String("answer")).toString(), QStringLiteral("clear"));
    QCOMPARE(checks[0].value(QLatin1String("args")).toObject().value(QLatin1String("how")).toString(), QStringLiteral("is_set"));
    QCOMPARE(checks[1].value(QLatin1String("args")).toObject().value(QLatin1String("answer")).toString(), QStringLiteral("set"));
    QCOMPARE(checks[1].value(QLatin1String("args")).toObject().value(QLatin1String("how")).toString(), QStringLiteral("wait"));
}

QTEST_GUILESS_MAIN(TestTraceExport)
#include "tst_traceexport.moc"
