// SPDX-License-Identifier: MIT
#include "io/runfile.h"

#include "io/eventcheck.h"
#include "io/outputfile.h"
#include "io/runoutput.h"
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

namespace runfile {

namespace {

// CRC-32 (zlib's: reflected, polynomial 0xEDB88320), eight bytes a step ("slicing by 8"): table k gives a
// byte's effect k bytes further on. A byte at a time was a quarter of opening a 200 MB recording.
using CrcTables = std::array<std::array<quint32, 256>, 8>;
constexpr CrcTables makeCrcTables()
{
    CrcTables t {};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[0][i] = c;
    }
    for (size_t k = 1; k < t.size(); ++k) {
        for (quint32 i = 0; i < 256; ++i)
            t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    }
    return t;
}
constexpr CrcTables Crc = makeCrcTables();

} // namespace

quint32 crcUpdate(quint32 c, const char *data, qsizetype size)
{
    const auto *p = reinterpret_cast<const uchar *>(data);
    for (; size >= 8; size -= 8, p += 8) {
        const quint32 lo = c ^ qFromLittleEndian<quint32>(p);
        const quint32 hi = qFromLittleEndian<quint32>(p + 4);
        c = Crc[7][lo & 0xFF] ^ Crc[6][(lo >> 8) & 0xFF] ^ Crc[5][(lo >> 16) & 0xFF] ^ Crc[4][lo >> 24]
            ^ Crc[3][hi & 0xFF] ^ Crc[2][(hi >> 8) & 0xFF] ^ Crc[1][(hi >> 16) & 0xFF] ^ Crc[0][hi >> 24];
    }
    for (; size > 0; --size, ++p)
        c = Crc[0][(c ^ *p) & 0xFF] ^ (c >> 8);
    return c;
}

const QStringList &specFields()
{
    static const QStringList fields = { QStringLiteral("id"),          QStringLiteral("steps"),
                                        QStringLiteral("step_ms"),     QStringLiteral("checks_stop"),
                                        QStringLiteral("wait"),        QStringLiteral("fail_at_step"),
                                        QStringLiteral("options"),     QStringLiteral("numbered") };
    return fields;
}

bool readInt(const QJsonValue &v, qint64 min, qint64 max, qint64 *out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d != std::floor(d) || d < double(min) || d > double(max))
        return false;
    *out = qint64(d);
    return true;
}

QString tagName(quint32 t)
{
    QString s;
    for (int i = 0; i < 4; ++i) {
        const char c = char((t >> (8 * i)) & 0xff);
        s += (uchar(c) >= 0x20 && uchar(c) < 0x7f) ? QChar::fromLatin1(c) : QLatin1Char('?');
    }
    return s;
}

} // namespace runfile

using namespace runfile;

namespace {
constexpr size_t EventsPerSection = 1 << 16; // 1.25 MiB sections
} // namespace

quint32 runFileCrc32(const char *data, qsizetype size)
{
    return crcUpdate(0xFFFFFFFFu, data, size) ^ 0xFFFFFFFFu;
}

// --- writing --------------------------------------------------------------------------------------

struct RunFileWriter::Private
{
    OutputFile out;
    int workers = 1;
    size_t specs = 0, tasks = 0, events = 0;
    bool begun = false, finished = false;

    explicit Private(const QString &path) : out(path) { }

    void section(quint32 t, const QByteArray &payload)
    {
        char head[8];
        qToLittleEndian<quint32>(t, head);
        qToLittleEndian<quint32>(quint32(payload.size()), head + 4);
        out.write(head, 8);
        out.write(payload.constData(), payload.size());
        char crc[4];
        qToLittleEndian<quint32>(crcUpdate(crcUpdate(0xFFFFFFFFu, head, 8), payload.constData(), payload.size()) ^ 0xFFFFFFFFu,
                                 crc);
        out.write(crc, 4);
    }
};

RunFileWriter::RunFileWriter(const QString &path) : d(std::make_unique<Private>(path)) { }

RunFileWriter::~RunFileWriter() = default;

QString RunFileWriter::errorString() const
{
    return d->out.errorString();
}

bool RunFileWriter::begin(const RunInfo &info, const Recording *recording)
{
    d->out.write(Signature, SignatureSize);
    d->workers = info.workers;
    QJsonObject run {
        { QStringLiteral("scenario"), info.scenarioName }, { QStringLiteral("title"), info.title },
        { QStringLiteral("description"), info.description }, { QStringLiteral("model"), info.model },
        { QStringLiteral("workers"), info.workers },        { QStringLiteral("time_scale"), info.timeScale },
        { QStringLiteral("pool"), info.pool },
    };
    if (recording && recording->active)
        run.insert(QStringLiteral("recording"), recording->program);
    const QJsonObject root { { QStringLiteral("format"), QLatin1String(RunFileFormat) },
                             { QStringLiteral("tool"), QStringLiteral("poolscope") },
                             { QStringLiteral("run"), run } };
    d->section(InfoTag, QJsonDocument(root).toJson(QJsonDocument::Compact));
    d->begun = true;
    return d->out.isOpen();
}

bool RunFileWriter::addDeclarations(const Recording &r)
{
    QJsonArray pools, workers, callers, flags;
    for (size_t i = 0; i < r.pools.size(); ++i)
        pools.append(QJsonObject { { QStringLiteral("index"), qint64(i) },
                                   { QStringLiteral("max_workers"), r.pools[i].maxWorkers },
                                   { QStringLiteral("thread_name_prefix"), r.pools[i].namePrefix },
                                   { QStringLiteral("type"), r.pools[i].type } });
    auto thread = [](size_t lane, const RecordedThread &t, bool worker) {
        QJsonObject o { { QStringLiteral("lane"), qint64(lane) }, { QStringLiteral("name"), t.name },
                        { QStringLiteral("ident"), t.ident } };
        if (worker)
            o.insert(QStringLiteral("pool"), t.pool);
        return o;
    };
    for (size_t i = 0; i < r.workers.size(); ++i)
        workers.append(thread(i, r.workers[i], true));
    for (size_t i = 0; i < r.callers.size(); ++i)
        callers.append(thread(i, r.callers[i], false));
    for (size_t i = 0; i < r.flags.size(); ++i)
        flags.append(QJsonObject { { QStringLiteral("index"), qint64(i) }, { QStringLiteral("name"), r.flags[i].name } });
    d->section(DeclTag, QJsonDocument(QJsonObject { { QStringLiteral("pools"), pools },
                                                    { QStringLiteral("workers"), workers },
                                                    { QStringLiteral("callers"), callers },
                                                    { QStringLiteral("events"), flags } })
                                .toJson(QJsonDocument::Compact));
    return d->out.isOpen();
}

bool RunFileWriter::addSpecs(const std::vector<TaskSpec> &specs, size_t from)
{
    // In slices, so no section outgrows the format's limit whatever the number of groups.
    for (size_t start = from; start < specs.size(); start += 4096) {
        QJsonArray list;
        for (size_t i = start; i < std::min(specs.size(), start + 4096); ++i) {
            const TaskSpec &s = specs[i];
            list.append(QJsonArray { s.id, s.steps, s.stepMs, s.checksStop, QLatin1String(waitModeName(s.wait)),
                                     s.failAtStep, qint64(s.options), s.numbered });
        }
        d->section(SpecTag, QJsonDocument(QJsonObject { { QStringLiteral("fields"), QJsonArray::fromStringList(specFields()) },
                                                        { QStringLiteral("specs"), list } })
                                    .toJson(QJsonDocument::Compact));
        d->specs += size_t(list.size());
    }
    return d->out.isOpen();
}

bool RunFileWriter::addTasks(const std::vector<TaskRef> &tasks, size_t from)
{
    constexpr size_t PerSection = 1 << 20;
    for (size_t start = from; start < tasks.size(); start += PerSection) {
        const size_t n = std::min(tasks.size() - start, PerSection);
        QByteArray payload(qsizetype(4 + n * 8), Qt::Uninitialized);
        char *p = payload.data();
        qToLittleEndian<quint32>(quint32(n), p);
        p += 4;
        for (size_t i = start; i < start + n; ++i, p += 8) {
            qToLittleEndian<quint32>(tasks[i].spec, p);
            qToLittleEndian<quint32>(tasks[i].ordinal, p + 4);
        }
        d->section(TaskTag, payload);
        d->tasks += n;
    }
    return d->out.isOpen();
}

bool RunFileWriter::addEvents(const RecordedEvent *events, size_t count)
{
    for (size_t start = 0; start < count; start += EventsPerSection) {
        const size_t n = std::min(count - start, EventsPerSection);
        QByteArray payload(qsizetype(4 + n * EventRecordSize), Qt::Uninitialized);
        char *p = payload.data();
        qToLittleEndian<quint32>(quint32(n), p);
        p += 4;
        for (size_t i = 0; i < n; ++i, p += EventRecordSize)
            encodeEvent(events[start + i], p);
        d->section(EventTag, payload);
        d->events += n;
    }
    return d->out.isOpen();
}

bool RunFileWriter::finish(bool complete, const QJsonArray &callerResults)
{
    QJsonObject end { { QStringLiteral("specs"), qint64(d->specs) },
                      { QStringLiteral("tasks"), qint64(d->tasks) },
                      { QStringLiteral("events"), qint64(d->events) },
                      { QStringLiteral("complete"), complete } };
    if (!callerResults.isEmpty())
        end.insert(QStringLiteral("caller_results"), callerResults);
    d->section(EndTag, QJsonDocument(end).toJson(QJsonDocument::Compact));
    d->finished = true;
    return d->out.commit();
}

QByteArray RunFileWriter::bytes()
{
    return d->out.takeBytes();
}

namespace {
void writeWhole(RunFileWriter &w, const Run &run)
{
    w.begin(run.info, &run.recording);
    if (run.recording.active)
        w.addDeclarations(run.recording);
    w.addSpecs(run.specs);
    w.addTasks(run.tasks);
    w.addEvents(run.events.data(), run.events.size());
}
} // namespace

QByteArray serializeRun(const Run &run)
{
    RunFileWriter w;
    writeWhole(w, run);
    w.finish(!run.incomplete, run.callerResults);
    return w.bytes();
}

bool saveRunFile(const Run &run, const QString &path, QString *error)
{
    RunFileWriter w(path);
    writeWhole(w, run);
    if (w.finish(!run.incomplete, run.callerResults))
        return true;
    if (error)
        *error = w.errorString();
    return false;
}

bool saveRunFile(const RunOutput &run, const QString &path, QString *error)
{
    return saveRunFile(run.run(), path, error);
}

bool looksLikeRunFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(20);
    return head.startsWith(QByteArray(Signature, SignatureSize)) || head.startsWith("poolscope-session/1\n");
}

} // namespace poolscope
