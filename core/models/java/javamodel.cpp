// SPDX-License-Identifier: MIT
#include "models/java/javamodel.h"

#include "models/java/javapool.h"
#include "models/java/javarun.h"
#include "models/java/javaverbs.h"
#include "replay/runstate.h"
#include "scenario/scenario.h"
#include "scenario/scenarioreader.h"
#include "scenario/taskbody.h"

#include <QJsonArray>

namespace poolscope {

QStringList JavaModel::poolKeys() const
{
    return { QStringLiteral("max_workers"), QStringLiteral("queue"), QStringLiteral("rejection") };
}

void JavaModel::readPool(const ScenarioReader &r, const QJsonObject &root, Scenario &s) const
{
    java::PoolSettings pool;
    pool.coreThreads = s.workers;
    pool.maxThreads = r.integer(root, QString(), "max_workers", s.workers, 1);
    if (pool.maxThreads < s.workers)
        r.fail(QStringLiteral("max_workers"), QStringLiteral("must be ≥ workers (%1): maximumPoolSize cannot be below "
                                                             "corePoolSize (got %2)")
                                                      .arg(s.workers)
                                                      .arg(pool.maxThreads));
    if (pool.maxThreads > 1024)
        r.fail(QStringLiteral("max_workers"), QStringLiteral("must be at most 1024 (got %1)").arg(pool.maxThreads));

    const QJsonValue queue = root.value(QLatin1String("queue"));
    if (queue.isDouble()) {
        pool.queueCapacity = r.integer(root, QString(), "queue", std::nullopt, 0);
    } else if (!queue.isUndefined() && queue != QJsonValue(QStringLiteral("unbounded"))) {
        r.fail(QStringLiteral("queue"),
               QStringLiteral("must be \"unbounded\" (LinkedBlockingQueue) or a whole number ≥ 0 (ArrayBlockingQueue(n); "
                              "0: SynchronousQueue) (got %1)")
                       .arg(queue.isString() ? QStringLiteral("\"%1\"").arg(ScenarioReader::shown(queue.toString()))
                                             : ScenarioReader::typeName(queue)));
    }

    const QString abort = QStringLiteral("abort");
    java::rejectionFromName(r.choice(root, QString(), "rejection", java::rejectionNames(), &abort), &pool.rejection);
    if (pool.rejection == java::Rejection::DiscardOldest && pool.queueCapacity == 0)
        r.fail(QStringLiteral("rejection"),
               QStringLiteral("\"discard_oldest\" with \"queue\": 0 never ends (a SynchronousQueue holds nothing to "
                              "discard: the real DiscardOldestPolicy retries until StackOverflowError)"));
    s.pool = pool.toJson();
}

QStringList JavaModel::taskKeys() const
{
    return taskBodyKeys() << QStringLiteral("checks_interrupt") << QStringLiteral("on_interrupt");
}

void JavaModel::readTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec) const
{
    readTaskBody(r, obj, path, { QStringLiteral("sleep"), QStringLiteral("event"), QStringLiteral("busy") }, spec);
    const QString onReturn = QStringLiteral("return");
    const QString onInterrupt =
            r.choice(obj, path, "on_interrupt", { QStringLiteral("return"), QStringLiteral("swallow") }, &onReturn);
    spec.options = (r.boolean(obj, path, "checks_interrupt", false) ? java::ChecksInterrupt : 0)
            | (onInterrupt == QLatin1String("swallow") ? java::SwallowsInterrupt : 0);
}

const std::vector<VerbInfo> &JavaModel::verbs() const
{
    static const std::vector<VerbInfo> verbs = {
        { java::Cancel, "cancel", true },         { java::CancelAll, "cancel_all", false },     { java::Stop, "stop", false },
        { java::Clear, "clear", false },          { java::Shutdown, "shutdown", false },        { java::ShutdownNow, "shutdown_now", false },
        { java::AwaitTermination, "await_termination", false },
    };
    return verbs;
}

void JavaModel::readAction(const ScenarioReader &r, const QJsonObject &obj, const QString &path, ScenarioAction &a) const
{
    QStringList known = { QStringLiteral("at_ms"), QStringLiteral("do") };
    switch (a.code) {
    case java::Cancel:
    case java::CancelAll:
        if (a.code == java::Cancel)
            known << QStringLiteral("task");
        known << QStringLiteral("interrupt");
        a.flags = r.boolean(obj, path, "interrupt", false) ? java::CancelMayInterrupt : 0;
        break;
    case java::Shutdown:
        for (const char *key : { "wait", "cancel_futures" }) {
            if (obj.contains(QLatin1String(key)))
                r.fail(ScenarioReader::joined(path, key),
                       QStringLiteral("Java's shutdown() takes no %1: it returns at once and queued tasks still run "
                                      "(wait with await_termination, drain with shutdown_now)")
                               .arg(QLatin1String(key)));
        }
        break;
    case java::AwaitTermination: {
        known << QStringLiteral("timeout_ms");
        const QJsonValue timeout = obj.value(QLatin1String("timeout_ms"));
        if (timeout.isUndefined())
            r.fail(ScenarioReader::joined(path, "timeout_ms"),
                   QStringLiteral("missing: awaitTermination needs a timeout (a whole number ≥ 1)"));
        a.timeoutMs = r.integer(obj, path, "timeout_ms", std::nullopt, 1);
        break;
    }
    default: break;
    }
    r.warnUnknownKeys(obj, path, known);
}

std::unique_ptr<ModelRun> JavaModel::createRun(RunContext &ctx) const
{
    return std::make_unique<JavaRun>(ctx);
}

PoolShape JavaModel::poolShape(const RunInfo &info) const
{
    const java::PoolSettings s = java::PoolSettings::fromJson(info.workers, info.pool);
    return { s.coreThreads, s.maxThreads, s.queueCapacity };
}

namespace {

// What future.get() does once the program has ended.
const char *futureWord(const TaskStatus &t)
{
    if (t.state == TaskState::Rejected)
        return "none"; // submit() threw: there is no future
    if (t.futureCancelled || t.state == TaskState::Cancelled)
        return "cancelled"; // isCancelled(), even where the body ran on to its end
    if (!t.ran())
        return "never"; // discarded or drained: nobody will run it
    return t.state == TaskState::Failed ? "failed" : "done";
}

} // namespace

namespace {

// JSON on one line with ", " between items, as JavaReference.java writes it: the two reports are compared
// as text. The values are ids, words, booleans and counts.
QByteArray jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return v.toBool() ? "true" : "false";
    case QJsonValue::Double: return QByteArray::number(qint64(v.toDouble()));
    case QJsonValue::String: {
        QByteArray out = "\"";
        for (const char c : v.toString().toUtf8()) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        return out + '"';
    }
    case QJsonValue::Array: {
        QByteArray out = "[";
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            out += (i ? ", " : "") + jsonText(a[i]);
        return out + ']';
    }
    default: return "null";
    }
}

} // namespace

void JavaModel::reportTaskKeys(const Run &, const RunState &state, quint32 task, std::vector<ReportKey> *keys) const
{
    const TaskStatus &t = state.task(task);
    const QJsonValue thread = !t.ran()      ? QJsonValue(QJsonValue::Null)
            : t.ranOnCaller()               ? QJsonValue(QStringLiteral("caller"))
                                            : QJsonValue(QStringLiteral("worker"));
    keys->push_back({ "future", jsonText(QString::fromLatin1(futureWord(t))) });
    keys->push_back({ "thread", jsonText(thread) });
}

void JavaModel::reportRunKeys(const Run &run, const RunState &state, std::vector<ReportKey> *keys) const
{
    QJsonArray returned;
    for (const std::vector<quint32> &call : state.shutdownNowReturned()) {
        QJsonArray ids;
        for (quint32 task : call)
            ids.append(run.taskId(task));
        returned.append(ids);
    }
    QJsonArray awaited;
    for (bool result : state.awaitTerminationResults())
        awaited.append(result);
    keys->push_back({ "shutdown_now_returned", jsonText(returned) });
    keys->push_back({ "await_termination_results", jsonText(awaited) });
    keys->push_back({ "largest_pool_size", QByteArray::number(state.largestPoolSize()) });
}

} // namespace poolscope
