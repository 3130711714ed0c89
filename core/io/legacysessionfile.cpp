// SPDX-License-Identifier: MIT
#include "io/legacysessionfile.h"

#include "io/eventcheck.h"
#include "io/runfile.h"
#include "io/runfile_p.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>
#include <array>
#include <cmath>
#include <cstring>

namespace poolscope {

using runfile::MaxWorkers;
using runfile::readInt;

namespace {

constexpr qsizetype HeaderSize = 48;
constexpr quint8 LegacyLastEventKind = quint8(EventKind::WaitEnd);
constexpr quint8 LegacyLastOutcome = quint8(Outcome::Failed);
const char SessionFileFormat[] = "poolscope-session/1";



const QStringList TaskFields = { QStringLiteral("id"), QStringLiteral("group"), QStringLiteral("steps"),
    QStringLiteral("step_ms"), QStringLiteral("checks_stop"), QStringLiteral("wait"), QStringLiteral("fail_at_step") };
const QStringList EventFields = { QStringLiteral("t_ns:i64"), QStringLiteral("task:u32"), QStringLiteral("value:i32"),
    QStringLiteral("worker:i16"), QStringLiteral("kind:u8"), QStringLiteral("flags:u8") };

// Collects the first error with its context, so every failure reads "FILE: where: what".
struct Reader
{
    QString source;
    QString *error;

    bool fail(const QString &where, const QString &what) const
    {
        if (error)
            *error = QStringLiteral("%1: %2: %3").arg(source, where, what);
        return false;
    }
};

bool parseMetadata(const QByteArray &json, const Reader &r, Run *s)
{
    const QString at = QStringLiteral("metadata (offset %1)").arg(HeaderSize);
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    if (perr.error != QJsonParseError::NoError)
        return r.fail(QStringLiteral("offset %1").arg(HeaderSize + perr.offset),
            QStringLiteral("invalid metadata JSON: %1").arg(perr.errorString()));
    if (!doc.isObject())
        return r.fail(at, QStringLiteral("expected a JSON object"));
    const QJsonObject root = doc.object();
    const QJsonValue format = root.value(QLatin1String("format"));
    if (format.toString() != QLatin1String(SessionFileFormat))
        return r.fail(at + QStringLiteral(" field 'format'"),
            QStringLiteral("expected \"%1\"").arg(QLatin1String(SessionFileFormat)));

    const QJsonValue scenarioValue = root.value(QLatin1String("scenario"));
    if (!scenarioValue.isObject())
        return r.fail(at + QStringLiteral(" field 'scenario'"), QStringLiteral("expected an object"));
    const QJsonObject sc = scenarioValue.toObject();
    auto str = [&](const char *key, QString *out) {
        const QJsonValue v = sc.value(QLatin1String(key));
        if (!v.isString())
            return r.fail(at + QStringLiteral(" field 'scenario.%1'").arg(QLatin1String(key)),
                QStringLiteral("expected a string"));
        *out = v.toString();
        return true;
    };
    if (!str("name", &s->info.scenarioName) || !str("title", &s->info.title) || !str("description", &s->info.description)
        || !str("model", &s->info.model))
        return false;
    qint64 workers = 0;
    if (!readInt(sc.value(QLatin1String("workers")), 1, MaxWorkers, &workers))
        return r.fail(at + QStringLiteral(" field 'scenario.workers'"),
            QStringLiteral("expected an integer from 1 to %1").arg(MaxWorkers));
    s->info.workers = int(workers);
    const QJsonValue scale = sc.value(QLatin1String("time_scale"));
    if (!scale.isDouble() || !std::isfinite(scale.toDouble()) || scale.toDouble() <= 0)
        return r.fail(at + QStringLiteral(" field 'scenario.time_scale'"), QStringLiteral("expected a number above 0"));
    s->info.timeScale = scale.toDouble();

    if (root.value(QLatin1String("task_fields")).toArray() != QJsonArray::fromStringList(TaskFields))
        return r.fail(at + QStringLiteral(" field 'task_fields'"),
            QStringLiteral("expected [%1]").arg(TaskFields.join(QLatin1Char(','))));
    const QJsonValue tasksValue = root.value(QLatin1String("tasks"));
    if (!tasksValue.isArray())
        return r.fail(at + QStringLiteral(" field 'tasks'"), QStringLiteral("expected an array"));
    const QJsonArray tasks = tasksValue.toArray();
    s->tasks.reserve(size_t(tasks.size()));
    s->specs.reserve(size_t(tasks.size()));
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        auto field = [&](const char *name) {
            return at + QStringLiteral(" field 'tasks[%1].%2'").arg(i).arg(QLatin1String(name));
        };
        const QJsonArray a = tasks.at(i).toArray();
        if (!tasks.at(i).isArray() || a.size() != TaskFields.size())
            return r.fail(at + QStringLiteral(" field 'tasks[%1]'").arg(i),
                QStringLiteral("expected an array of %1 values").arg(TaskFields.size()));
        TaskSpec t;
        if (!a.at(0).isString() || a.at(0).toString().isEmpty())
            return r.fail(field("id"), QStringLiteral("expected a non-empty string"));
        t.id = a.at(0).toString(); // the instance id: a group of one keeps it whole
        if (!a.at(1).isString())
            return r.fail(field("group"), QStringLiteral("expected a string"));
        qint64 n = 0;
        if (!readInt(a.at(2), 0, std::numeric_limits<int>::max(), &n))
            return r.fail(field("steps"), QStringLiteral("expected an integer >= 0"));
        t.steps = int(n);
        if (!readInt(a.at(3), 1, std::numeric_limits<int>::max(), &n))
            return r.fail(field("step_ms"), QStringLiteral("expected an integer >= 1"));
        t.stepMs = int(n);
        if (!a.at(4).isBool())
            return r.fail(field("checks_stop"), QStringLiteral("expected true or false"));
        t.checksStop = a.at(4).toBool();
        const QString wait = a.at(5).toString();
        if (wait == QLatin1String("sleep"))
            t.wait = WaitMode::Sleep;
        else if (wait == QLatin1String("event"))
            t.wait = WaitMode::Event;
        else
            return r.fail(field("wait"), QStringLiteral("expected \"sleep\" or \"event\""));
        if (!readInt(a.at(6), -1, std::numeric_limits<int>::max(), &n))
            return r.fail(field("fail_at_step"), QStringLiteral("expected an integer >= -1"));
        t.failAtStep = int(n);
        s->tasks.push_back({ quint32(s->specs.size()), 1 });
        s->specs.push_back(std::move(t));
    }
    return true;
}

} // namespace


QByteArray serializeLegacySession(const Run &s)
{
    QJsonObject scenario;
    scenario.insert(QLatin1String("name"), s.info.scenarioName);
    scenario.insert(QLatin1String("title"), s.info.title);
    scenario.insert(QLatin1String("description"), s.info.description);
    scenario.insert(QLatin1String("model"), s.info.model);
    scenario.insert(QLatin1String("workers"), s.info.workers);
    scenario.insert(QLatin1String("time_scale"), s.info.timeScale);
    QJsonArray tasks;
    for (quint32 i = 0; i < s.tasks.size(); ++i) {
        const TaskSpec &t = s.specOf(i);
        tasks.append(QJsonArray { s.taskId(i), t.id, t.steps, t.stepMs, t.checksStop,
            t.wait == WaitMode::Event ? QStringLiteral("event") : QStringLiteral("sleep"), t.failAtStep });
    }
    QJsonObject root;
    root.insert(QLatin1String("format"), QLatin1String(SessionFileFormat));
    root.insert(QLatin1String("tool"), QLatin1String("poolscope"));
    root.insert(QLatin1String("scenario"), scenario);
    root.insert(QLatin1String("task_fields"), QJsonArray::fromStringList(TaskFields));
    root.insert(QLatin1String("tasks"), tasks);
    root.insert(QLatin1String("event_fields"), QJsonArray::fromStringList(EventFields));
    root.insert(QLatin1String("event_count"), qint64(s.events.size()));
    const QByteArray meta = QJsonDocument(root).toJson(QJsonDocument::Compact);

    const qsizetype eventBytes = qsizetype(s.events.size()) * EventRecordSize;
    QByteArray out(HeaderSize + meta.size() + eventBytes, Qt::Uninitialized);
    char *p = out.data();
    std::memcpy(p, LegacySessionSignature, sizeof LegacySessionSignature - 1);
    char *ev = p + HeaderSize + meta.size();
    for (const RecordedEvent &e : s.events) {
        encodeEvent(e, ev);
        ev += EventRecordSize;
    }
    std::memcpy(p + HeaderSize, meta.constData(), size_t(meta.size()));
    qToLittleEndian<quint32>(quint32(meta.size()), p + 20);
    qToLittleEndian<quint32>(runFileCrc32(meta.constData(), meta.size()), p + 24);
    qToLittleEndian<quint32>(EventRecordSize, p + 28);
    qToLittleEndian<quint64>(quint64(s.events.size()), p + 32);
    qToLittleEndian<quint32>(runFileCrc32(p + HeaderSize + meta.size(), eventBytes), p + 40);
    qToLittleEndian<quint32>(runFileCrc32(p, 44), p + 44);
    return out;
}

std::optional<Run> parseLegacySessionFile(const QByteArray &data, const QString &sourceName, QString *error)
{
    const Reader r { sourceName, error };
    const char *p = data.constData();
    const qsizetype size = data.size();

    if (size < HeaderSize) {
        r.fail(QStringLiteral("offset %1").arg(size),
            QStringLiteral("truncated: the header needs %1 bytes, the file has %2").arg(HeaderSize).arg(size));
        return std::nullopt;
    }
    if (qFromLittleEndian<quint32>(p + 44) != runFileCrc32(p, 44)) {
        r.fail(QStringLiteral("offset 44"), QStringLiteral("header checksum mismatch (the file is damaged)"));
        return std::nullopt;
    }
    const quint32 metaSize = qFromLittleEndian<quint32>(p + 20);
    const quint32 metaCrc = qFromLittleEndian<quint32>(p + 24);
    const quint32 recordSize = qFromLittleEndian<quint32>(p + 28);
    const quint64 eventCount = qFromLittleEndian<quint64>(p + 32);
    const quint32 eventsCrc = qFromLittleEndian<quint32>(p + 40);
    if (recordSize != EventRecordSize) {
        r.fail(QStringLiteral("offset 28 field 'event record size'"),
            QStringLiteral("expected %1, found %2").arg(EventRecordSize).arg(recordSize));
        return std::nullopt;
    }
    // Sizes in 64 bits (unsigned, each bounded) so a forged count can neither overflow nor allocate.
    const quint64 available = quint64(size - HeaderSize);
    if (metaSize > available) {
        r.fail(QStringLiteral("offset %1").arg(HeaderSize),
            QStringLiteral("truncated: metadata of %1 bytes expected, %2 bytes left").arg(metaSize).arg(available));
        return std::nullopt;
    }
    const quint64 eventsOffset = quint64(HeaderSize) + metaSize;
    const quint64 eventsAvailable = available - metaSize;
    if (eventCount > eventsAvailable / EventRecordSize) {
        r.fail(QStringLiteral("offset %1").arg(eventsOffset),
            QStringLiteral("truncated: %1 events expected, room for %2")
                .arg(eventCount)
                .arg(eventsAvailable / EventRecordSize));
        return std::nullopt;
    }
    if (eventCount * EventRecordSize != eventsAvailable) {
        r.fail(QStringLiteral("offset %1").arg(eventsOffset + eventCount * EventRecordSize),
            QStringLiteral("%1 unexpected bytes after the last event")
                .arg(eventsAvailable - eventCount * EventRecordSize));
        return std::nullopt;
    }
    if (runFileCrc32(p + HeaderSize, qsizetype(metaSize)) != metaCrc) {
        r.fail(QStringLiteral("offset %1").arg(HeaderSize),
            QStringLiteral("metadata checksum mismatch (the file is damaged)"));
        return std::nullopt;
    }
    const char *ev = p + eventsOffset;
    if (runFileCrc32(ev, qsizetype(eventCount * EventRecordSize)) != eventsCrc) {
        r.fail(QStringLiteral("offset %1").arg(eventsOffset),
            QStringLiteral("event table checksum mismatch (the file is damaged)"));
        return std::nullopt;
    }

    Run s;
    if (!parseMetadata(QByteArray::fromRawData(p + HeaderSize, qsizetype(metaSize)), r, &s))
        return std::nullopt;

    // The checksums prove the bytes are the ones written; these checks prove the story is one the
    // views can index safely (a file written by a buggy or hostile tool still passes the checksums).
    const quint64 taskCount = s.tasks.size();
    s.events.resize(size_t(eventCount));
    qint64 previous = 0;
    EventLimits limits;
    limits.tasks = taskCount;
    limits.workers = s.info.workers;
    for (quint64 i = 0; i < eventCount; ++i, ev += EventRecordSize) {
        RecordedEvent &e = s.events[size_t(i)];
        const char *field = nullptr;
        QString what;
        bool ok = decodeEvent(ev, limits, previous, &e, &field, &what);
        // This format knew fewer kinds and outcomes than today's.
        if (ok && quint8(e.kind) > LegacyLastEventKind)
            ok = false, field = "kind", what = QStringLiteral("unknown event kind %1").arg(quint8(e.kind));
        if (ok && e.kind == EventKind::End && e.flags > LegacyLastOutcome)
            ok = false, field = "flags", what = QStringLiteral("unknown outcome %1").arg(e.flags);
        if (!ok) {
            r.fail(QStringLiteral("event %1 (offset %2) field '%3'")
                           .arg(i)
                           .arg(eventsOffset + i * EventRecordSize)
                           .arg(QLatin1String(field)),
                   what);
            return std::nullopt;
        }
        previous = e.tNs;
    }
    return s;
}

} // namespace poolscope
