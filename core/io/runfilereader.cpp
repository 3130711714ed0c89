// SPDX-License-Identifier: MIT
// Reading a run file: every section checked, every event checked before a view can index with it.
#include "io/runfile.h"

#include "io/eventcheck.h"
#include "io/loadprogress.h"
#include "io/legacysessionfile.h"
#include "io/runfile_p.h"
#include "models/model.h"
#include "models/modelregistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QtEndian>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <thread>
#include <vector>

namespace poolscope {

using namespace runfile;

namespace {

class RunFileReader
{
public:
    RunFileReader(const QByteArray &data, QString source, QString *error, LoadProgress *progress)
        : m_data(data), m_source(std::move(source)), m_error(error), m_progress(progress)
    {
        if (m_progress)
            m_progress->total.store(data.size(), std::memory_order_relaxed);
    }

    std::optional<Run> read()
    {
        // A large file's checksums are checked on another core while this one decodes: together they
        // were most of an open. The result is the same as checking each section before decoding it: a
        // damaged section is reported as such unless an earlier one failed first.
        if (m_data.size() < ParallelChecksumBytes)
            return readSections(true);
        BadChecksum bad;
        std::thread checker([this, &bad] { bad = firstBadChecksum(); });
        std::optional<Run> run = readSections(false);
        checker.join();
        if (bad.at >= 0 && (run || bad.at <= m_failedSection))
            return fail(bad.at, checksumMismatch(bad.tag));
        return run;
    }

private:
    static constexpr qsizetype ParallelChecksumBytes = 4 << 20;

    struct BadChecksum
    {
        qsizetype at = -1; // the first damaged section, or -1
        quint32 tag = 0;
    };

    static QString checksumMismatch(quint32 tag)
    {
        return QStringLiteral("section '%1' checksum mismatch (the file is damaged)").arg(tagName(tag));
    }

    // Every whole section's checksum, in order, up to the end section or the first section cut short
    // (readSections reports that).
    BadChecksum firstBadChecksum() const
    {
        qsizetype at = SignatureSize;
        while (m_data.size() - at >= 12) {
            const char *p = m_data.constData() + at;
            const quint32 t = qFromLittleEndian<quint32>(p);
            const quint32 size = qFromLittleEndian<quint32>(p + 4);
            if (size > MaxSection || quint64(m_data.size() - at) < 12 + quint64(size))
                break;
            if (runFileCrc32(p, 8 + qsizetype(size)) != qFromLittleEndian<quint32>(p + 8 + size))
                return { at, t };
            if (t == EndTag)
                break;
            at += 12 + qsizetype(size);
        }
        return {};
    }

    std::optional<Run> readSections(bool checkSums)
    {
        reserveEvents();
        qsizetype at = SignatureSize;
        auto failedHere = qScopeGuard([&] { m_failedSection = at; });
        bool haveInfo = false, haveEnd = false;
        while (at < m_data.size()) {
            if (haveEnd)
                return fail(at, QStringLiteral("%1 unexpected bytes after the end").arg(m_data.size() - at));
            if (m_data.size() - at < 12)
                return fail(at, QStringLiteral("truncated: a section header needs 8 bytes and a checksum 4"));
            const char *p = m_data.constData() + at;
            const quint32 t = qFromLittleEndian<quint32>(p);
            const quint32 size = qFromLittleEndian<quint32>(p + 4);
            if (size > MaxSection)
                return fail(at + 4, QStringLiteral("section '%1' of %2 bytes is larger than any run file holds")
                                            .arg(tagName(t))
                                            .arg(size));
            if (quint64(m_data.size() - at) < 12 + quint64(size))
                return fail(at, QStringLiteral("truncated: section '%1' needs %2 bytes, %3 are left")
                                        .arg(tagName(t))
                                        .arg(12 + quint64(size))
                                        .arg(m_data.size() - at));
            const quint32 crc = qFromLittleEndian<quint32>(p + 8 + size);
            if (checkSums && runFileCrc32(p, 8 + qsizetype(size)) != crc)
                return fail(at, checksumMismatch(t));
            const QByteArray payload = QByteArray::fromRawData(p + 8, qsizetype(size));
            const qsizetype payloadAt = at + 8;
            if (!haveInfo && t != InfoTag)
                return fail(at, QStringLiteral("the first section is '%1', not 'INFO'").arg(tagName(t)));
            bool ok = false;
            switch (t) {
            case InfoTag:
                if (haveInfo)
                    return fail(at, QStringLiteral("a second 'INFO' section"));
                ok = readInfo(payload, payloadAt);
                haveInfo = true;
                break;
            case SpecTag: ok = readSpecs(payload, payloadAt); break;
            case TaskTag: ok = readTasks(payload, payloadAt); break;
            case EventTag: ok = readEvents(payload, payloadAt, RecordByteOrder::Little); break;
            case BigEndianEventTag: ok = readEvents(payload, payloadAt, RecordByteOrder::Big); break;
            case DeclTag: ok = readDeclarations(payload, payloadAt); break;
            case EndTag:
                ok = readEnd(payload, payloadAt);
                haveEnd = true;
                break;
            default: return fail(at, QStringLiteral("unknown section '%1'").arg(tagName(t)));
            }
            if (!ok)
                return std::nullopt;
            at += 12 + qsizetype(size);
            if (m_progress) {
                m_progress->done.store(at, std::memory_order_relaxed);
                if (m_progress->cancel.load(std::memory_order_relaxed)) {
                    if (m_error)
                        *m_error = QStringLiteral("cancelled");
                    return std::nullopt;
                }
            }
        }
        if (!haveEnd)
            return fail(at, QStringLiteral("truncated: the file ends before its 'END!' section"));
        if (m_run.recording.active) { // its worker lanes are the threads it declared
            m_run.info.workers = std::max(1, int(m_run.recording.workers.size()));
            stackPools(m_run);
        }
        failedHere.dismiss();
        return std::move(m_run);
    }

    // A recording streams its events in many sections: reserving section by section copied the whole
    // vector each time (a 10M-event file: ten copies, most of the open's time in page faults). One pass
    // over the section headers first sizes it once; bounded by the file's own size, so a hostile header
    // cannot make it reserve more than the bytes that are there.
    void reserveEvents()
    {
        size_t total = 0;
        size_t tasks = 0; // the same for the tasks: a recording has a TASK section per flush
        qsizetype at = SignatureSize;
        while (m_data.size() - at >= 12) {
            const char *p = m_data.constData() + at;
            const quint32 size = qFromLittleEndian<quint32>(p + 4);
            if (size > MaxSection || quint64(m_data.size() - at) < 12 + quint64(size))
                break;
            const quint32 t = qFromLittleEndian<quint32>(p);
            if ((t == EventTag || t == BigEndianEventTag) && size >= 4)
                total += (size - 4) / EventRecordSize;
            else if (t == TaskTag && size >= 4)
                tasks += (size - 4) / 8;
            at += 12 + qsizetype(size);
        }
        m_run.events.reserve(total);
        m_run.tasks.reserve(tasks);
    }

    // The recorder declares a worker when its thread first runs, so two pools' threads interleave: number
    // them pool by pool (in order within each), so that the window stacks a pool's lanes together. O(events).
    static void stackPools(Run &run)
    {
        auto &workers = run.recording.workers;
        std::vector<qint16> order(workers.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = qint16(i);
        std::stable_sort(order.begin(), order.end(), [&](qint16 a, qint16 b) {
            return workers[size_t(a)].pool < workers[size_t(b)].pool;
        });
        bool identity = true;
        for (size_t i = 0; i < order.size(); ++i)
            identity = identity && order[i] == qint16(i);
        if (identity)
            return;
        std::vector<qint16> newIndex(order.size());
        std::vector<RecordedThread> sorted;
        sorted.reserve(workers.size());
        for (size_t i = 0; i < order.size(); ++i) {
            newIndex[size_t(order[i])] = qint16(i);
            sorted.push_back(std::move(workers[size_t(order[i])]));
        }
        workers = std::move(sorted);
        for (RecordedEvent &e : run.events) {
            if (e.worker >= 0 && size_t(e.worker) < newIndex.size())
                e.worker = newIndex[size_t(e.worker)];
        }
    }

    std::nullopt_t fail(qint64 offset, const QString &what)
    {
        if (m_error)
            *m_error = QStringLiteral("%1: offset %2: %3").arg(m_source).arg(offset).arg(what);
        return std::nullopt;
    }
    bool failField(qint64 offset, const QString &field, const QString &what)
    {
        if (m_error)
            *m_error = QStringLiteral("%1: offset %2 field '%3': %4").arg(m_source).arg(offset).arg(field, what);
        return false;
    }

    std::optional<QJsonObject> json(const QByteArray &payload, qsizetype at)
    {
        QJsonParseError perr;
        const QJsonDocument doc = QJsonDocument::fromJson(payload, &perr);
        if (perr.error != QJsonParseError::NoError) {
            fail(at + perr.offset, QStringLiteral("invalid JSON: %1").arg(perr.errorString()));
            return std::nullopt;
        }
        if (!doc.isObject()) {
            fail(at, QStringLiteral("expected a JSON object"));
            return std::nullopt;
        }
        return doc.object();
    }

    bool readInfo(const QByteArray &payload, qsizetype at)
    {
        const std::optional<QJsonObject> root = json(payload, at);
        if (!root)
            return false;
        if (root->value(QLatin1String("format")).toString() != QLatin1String(RunFileFormat))
            return failField(at, QStringLiteral("format"), QStringLiteral("expected \"%1\"").arg(QLatin1String(RunFileFormat)));
        const QJsonValue runValue = root->value(QLatin1String("run"));
        if (!runValue.isObject())
            return failField(at, QStringLiteral("run"), QStringLiteral("expected an object"));
        const QJsonObject r = runValue.toObject();
        RunInfo &info = m_run.info;
        for (auto [key, out] : { std::pair { "scenario", &info.scenarioName }, std::pair { "title", &info.title },
                                 std::pair { "description", &info.description }, std::pair { "model", &info.model } }) {
            const QJsonValue v = r.value(QLatin1String(key));
            if (!v.isString())
                return failField(at, QStringLiteral("run.%1").arg(QLatin1String(key)), QStringLiteral("expected a string"));
            *out = v.toString();
        }
        qint64 workers = 0;
        if (!readInt(r.value(QLatin1String("workers")), 1, MaxWorkers, &workers))
            return failField(at, QStringLiteral("run.workers"), QStringLiteral("expected an integer from 1 to %1").arg(MaxWorkers));
        info.workers = int(workers);
        const QJsonValue scale = r.value(QLatin1String("time_scale"));
        if (!scale.isDouble() || !std::isfinite(scale.toDouble()) || scale.toDouble() <= 0)
            return failField(at, QStringLiteral("run.time_scale"), QStringLiteral("expected a number above 0"));
        info.timeScale = scale.toDouble();
        const QJsonValue pool = r.value(QLatin1String("pool"));
        if (!pool.isUndefined() && !pool.isObject())
            return failField(at, QStringLiteral("run.pool"), QStringLiteral("expected an object"));
        info.pool = pool.toObject();
        const QJsonValue recording = r.value(QLatin1String("recording"));
        if (!recording.isUndefined()) {
            if (!recording.isObject())
                return failField(at, QStringLiteral("run.recording"), QStringLiteral("expected an object"));
            m_run.recording.active = true;
            m_run.recording.program = recording.toObject();
        }
        return true;
    }

    // A recording's pools, threads and Events, each list continuing the ones before.
    bool readDeclarations(const QByteArray &payload, qsizetype at)
    {
        Recording &rec = m_run.recording;
        if (!rec.active)
            return failField(at, QStringLiteral("DECL"), QStringLiteral("only a recorded program's run declares threads"));
        const std::optional<QJsonObject> root = json(payload, at);
        if (!root)
            return false;
        // Every list is optional; each item carries its index, which must be the next one.
        auto list = [&](const char *key, size_t have, size_t max, const char *indexKey,
                        const std::function<bool(const QJsonObject &, const QString &)> &add) {
            const QJsonValue v = root->value(QLatin1String(key));
            if (v.isUndefined())
                return true;
            if (!v.isArray())
                return failField(at, QLatin1String(key), QStringLiteral("expected an array"));
            const QJsonArray items = v.toArray();
            for (qsizetype i = 0; i < items.size(); ++i, ++have) {
                const QString field = QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(have);
                const QJsonObject o = items.at(i).toObject();
                qint64 index = -1;
                if (!items.at(i).isObject() || !readInt(o.value(QLatin1String(indexKey)), 0, qint64(max) - 1, &index)
                    || quint64(index) != have)
                    return failField(at, field, QStringLiteral("expected an object whose \"%1\" is %2 (at most %3)")
                                                        .arg(QLatin1String(indexKey))
                                                        .arg(have)
                                                        .arg(max));
                if (!add(o, field))
                    return false;
            }
            return true;
        };
        auto name = [&](const QJsonObject &o, const QString &field, const char *key, QString *out) {
            const QJsonValue v = o.value(QLatin1String(key));
            if (!v.isString())
                return failField(at, field + QLatin1Char('.') + QLatin1String(key), QStringLiteral("expected a string"));
            *out = v.toString();
            return true;
        };
        auto thread = [&](const QJsonObject &o, const QString &field, int pool, RecordedThread *t) {
            if (!name(o, field, "name", &t->name))
                return false;
            t->pool = pool;
            qint64 ident = 0;
            const QJsonValue id = o.value(QLatin1String("ident"));
            if (!id.isUndefined() && !readInt(id, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(), &ident))
                return failField(at, field + QStringLiteral(".ident"), QStringLiteral("expected an integer"));
            t->ident = ident;
            return true;
        };
        return list("pools", rec.pools.size(), MaxPools, "index",
                    [&](const QJsonObject &o, const QString &field) {
                        RecordedPool p;
                        qint64 n = 0;
                        if (!readInt(o.value(QLatin1String("max_workers")), 1, std::numeric_limits<int>::max(), &n))
                            return failField(at, field + QStringLiteral(".max_workers"), QStringLiteral("expected an integer >= 1"));
                        p.maxWorkers = int(n);
                        if (!name(o, field, "thread_name_prefix", &p.namePrefix) || !name(o, field, "type", &p.type))
                            return false;
                        rec.pools.push_back(std::move(p));
                        return true;
                    })
                && list("workers", rec.workers.size(), MaxWorkers, "lane",
                        [&](const QJsonObject &o, const QString &field) {
                            qint64 pool = -1;
                            if (!readInt(o.value(QLatin1String("pool")), 0, qint64(rec.pools.size()) - 1, &pool))
                                return failField(at, field + QStringLiteral(".pool"),
                                                 QStringLiteral("expected a pool declared before (%1 pools)").arg(rec.pools.size()));
                            RecordedThread t;
                            if (!thread(o, field, int(pool), &t))
                                return false;
                            rec.workers.push_back(std::move(t));
                            return true;
                        })
                && list("callers", rec.callers.size(), MaxCallerLanes, "lane",
                        [&](const QJsonObject &o, const QString &field) {
                            RecordedThread t;
                            if (!thread(o, field, -1, &t))
                                return false;
                            rec.callers.push_back(std::move(t));
                            return true;
                        })
                && list("events", rec.flags.size(), MaxFlags, "index", [&](const QJsonObject &o, const QString &field) {
                       RecordedFlag f;
                       if (!name(o, field, "name", &f.name))
                           return false;
                       rec.flags.push_back(std::move(f));
                       return true;
                   });
    }

    bool readSpecs(const QByteArray &payload, qsizetype at)
    {
        const std::optional<QJsonObject> root = json(payload, at);
        if (!root)
            return false;
        if (root->value(QLatin1String("fields")).toArray() != QJsonArray::fromStringList(specFields()))
            return failField(at, QStringLiteral("fields"), QStringLiteral("expected [%1]").arg(specFields().join(QLatin1Char(','))));
        const QJsonValue list = root->value(QLatin1String("specs"));
        if (!list.isArray())
            return failField(at, QStringLiteral("specs"), QStringLiteral("expected an array"));
        const QJsonArray specs = list.toArray();
        for (qsizetype i = 0; i < specs.size(); ++i) {
            const qsizetype index = qsizetype(m_run.specs.size());
            auto field = [&](const char *name) { return QStringLiteral("specs[%1].%2").arg(index).arg(QLatin1String(name)); };
            const QJsonArray a = specs.at(i).toArray();
            if (!specs.at(i).isArray() || a.size() != specFields().size())
                return failField(at, QStringLiteral("specs[%1]").arg(index),
                                 QStringLiteral("expected an array of %1 values").arg(specFields().size()));
            TaskSpec s;
            if (!a.at(0).isString() || a.at(0).toString().isEmpty())
                return failField(at, field("id"), QStringLiteral("expected a non-empty string"));
            s.id = a.at(0).toString();
            qint64 n = 0;
            if (!readInt(a.at(1), 0, std::numeric_limits<int>::max(), &n))
                return failField(at, field("steps"), QStringLiteral("expected an integer >= 0"));
            s.steps = int(n);
            if (!readInt(a.at(2), 1, std::numeric_limits<int>::max(), &n))
                return failField(at, field("step_ms"), QStringLiteral("expected an integer >= 1"));
            s.stepMs = int(n);
            if (!a.at(3).isBool())
                return failField(at, field("checks_stop"), QStringLiteral("expected true or false"));
            s.checksStop = a.at(3).toBool();
            if (!a.at(4).isString() || !waitModeFromName(a.at(4).toString(), &s.wait))
                return failField(at, field("wait"), QStringLiteral("expected \"sleep\", \"event\" or \"busy\""));
            if (!readInt(a.at(5), -1, std::numeric_limits<int>::max(), &n))
                return failField(at, field("fail_at_step"), QStringLiteral("expected an integer >= -1"));
            s.failAtStep = int(n);
            if (!readInt(a.at(6), 0, std::numeric_limits<quint32>::max(), &n))
                return failField(at, field("options"), QStringLiteral("expected an integer >= 0"));
            s.options = quint32(n);
            if (!a.at(7).isBool())
                return failField(at, field("numbered"), QStringLiteral("expected true or false"));
            s.numbered = a.at(7).toBool();
            m_run.specs.push_back(std::move(s));
        }
        return true;
    }

    bool readTasks(const QByteArray &payload, qsizetype at)
    {
        if (payload.size() < 4)
            return failField(at, QStringLiteral("count"), QStringLiteral("missing"));
        const quint32 n = qFromLittleEndian<quint32>(payload.constData());
        if (quint64(payload.size()) != 4 + quint64(n) * 8)
            return failField(at, QStringLiteral("count"),
                             QStringLiteral("%1 tasks need %2 bytes, the section has %3").arg(n).arg(4 + quint64(n) * 8).arg(payload.size()));
        const char *p = payload.constData() + 4; // room reserved once for every section (reserveEvents)
        for (quint32 i = 0; i < n; ++i, p += 8) {
            TaskRef ref { qFromLittleEndian<quint32>(p), qFromLittleEndian<quint32>(p + 4) };
            if (ref.spec >= m_run.specs.size())
                return failField(at + 4 + qsizetype(i) * 8, QStringLiteral("task %1 spec").arg(m_run.tasks.size()),
                                 QStringLiteral("group %1 out of range (%2 groups)").arg(ref.spec).arg(m_run.specs.size()));
            if (ref.ordinal == 0)
                return failField(at + 4 + qsizetype(i) * 8 + 4, QStringLiteral("task %1 ordinal").arg(m_run.tasks.size()),
                                 QStringLiteral("ordinals count from 1"));
            m_run.tasks.push_back(ref);
        }
        return true;
    }

    bool readEvents(const QByteArray &payload, qsizetype at, RecordByteOrder order)
    {
        if (payload.size() < 4)
            return failField(at, QStringLiteral("count"), QStringLiteral("missing"));
        const quint32 n = qFromLittleEndian<quint32>(payload.constData());
        if (quint64(payload.size()) != 4 + quint64(n) * EventRecordSize)
            return failField(at, QStringLiteral("count"), QStringLiteral("%1 events need %2 bytes, the section has %3")
                                                                  .arg(n)
                                                                  .arg(4 + quint64(n) * EventRecordSize)
                                                                  .arg(payload.size()));
        // The checksums prove the bytes are the ones written; these checks prove the story is one the
        // views can index safely (a file written by a buggy or hostile tool still passes the checksums).
        // A pool may grow past its workers: Java's threads beyond the core (its pool shape says how far),
        // Qt's threads lent while a task is suspended (maxLanes).
        const Model *model = findModel(m_run.info.model);
        const int lanes = model ? std::max(model->maxLanes(m_run.info.workers, m_run.tasks.size()),
                                           model->poolShape(m_run.info).maxThreads)
                                : m_run.info.workers;
        const Recording &rec = m_run.recording;
        EventLimits limits;
        limits.tasks = m_run.tasks.size();
        limits.workers = rec.active ? int(rec.workers.size()) : lanes;
        limits.callers = rec.active ? int(rec.callers.size()) : 1;
        limits.recording = rec.active;
        limits.pools = int(rec.pools.size());
        limits.flags = int(rec.flags.size());
        const char *p = payload.constData() + 4;
        // The Python recorder's sections (EVNB) come in the order its threads appended, not quite the
        // order they read the clock: their times are checked and ordered after decoding (putInTimeOrder).
        const bool appendOrder = order == RecordByteOrder::Big;
        const size_t first = m_run.events.size();
        for (quint32 i = 0; i < n; ++i, p += EventRecordSize) {
            RecordedEvent e;
            const char *field = nullptr;
            QString what;
            if (!decodeEvent(p, limits, appendOrder ? 0 : m_previousNs, &e, &field, &what, order)) {
                if (appendOrder && e.tNs < 0 && qstrcmp(field, "t_ns") == 0)
                    what = QStringLiteral("negative time %1").arg(e.tNs);
                return failField(at + 4 + qsizetype(i) * EventRecordSize,
                                 QStringLiteral("event %1 %2").arg(m_run.events.size()).arg(QLatin1String(field)), what);
            }
            if (!appendOrder)
                m_previousNs = e.tNs;
            m_run.events.push_back(e);
        }
        if (appendOrder && m_run.events.size() > first) {
            putInTimeOrder(m_run.events.data() + first, m_run.events.data() + m_run.events.size(), m_previousNs);
            m_previousNs = m_run.events.back().tNs;
        }
        return true;
    }

    // Orders one EVNB section's events by time (stable), and moves any before the previous section's
    // last event up to its time, as if the recorder had held it back. Ordering here, once, costs the
    // recorded program nothing; its sections are nearly in order (a few events a GIL switch late), so
    // moving each late one back to its place is linear. A section far out of order (not the recorder's)
    // is sorted instead.
    static void putInTimeOrder(RecordedEvent *begin, RecordedEvent *end, qint64 floorNs)
    {
        const size_t n = size_t(end - begin);
        size_t moves = 0;
        const size_t budget = 8 * n + 64;
        for (size_t i = 1; i < n && moves <= budget; ++i) {
            if (begin[i - 1].tNs <= begin[i].tNs)
                continue;
            const RecordedEvent late = begin[i];
            size_t j = i;
            for (; j > 0 && begin[j - 1].tNs > late.tNs && moves <= budget; --j, ++moves)
                begin[j] = begin[j - 1];
            begin[j] = late;
        }
        if (moves > budget)
            std::stable_sort(begin, end, [](const RecordedEvent &a, const RecordedEvent &b) { return a.tNs < b.tNs; });
        for (RecordedEvent *e = begin; e != end && e->tNs < floorNs; ++e)
            e->tNs = floorNs;
    }

    bool readEnd(const QByteArray &payload, qsizetype at)
    {
        const std::optional<QJsonObject> root = json(payload, at);
        if (!root)
            return false;
        for (auto [key, have] : { std::pair { "specs", m_run.specs.size() }, std::pair { "tasks", m_run.tasks.size() },
                                  std::pair { "events", m_run.events.size() } }) {
            qint64 n = -1;
            if (!readInt(root->value(QLatin1String(key)), 0, std::numeric_limits<qint64>::max(), &n) || quint64(n) != have)
                return failField(at, QLatin1String(key), QStringLiteral("the file holds %1, the end says %2")
                                                                 .arg(have)
                                                                 .arg(root->value(QLatin1String(key)).toVariant().toString()));
        }
        const QJsonValue complete = root->value(QLatin1String("complete"));
        if (!complete.isBool())
            return failField(at, QStringLiteral("complete"), QStringLiteral("expected true or false"));
        m_run.incomplete = !complete.toBool();
        const QJsonValue calls = root->value(QLatin1String("caller_results"));
        if (!calls.isUndefined()) {
            if (!calls.isArray())
                return failField(at, QStringLiteral("caller_results"), QStringLiteral("expected an array"));
            for (const QJsonValue &c : calls.toArray()) {
                if (!c.isObject() || !c.toObject().value(QLatin1String("call")).isString())
                    return failField(at, QStringLiteral("caller_results"), QStringLiteral("expected objects with a \"call\""));
            }
            m_run.callerResults = calls.toArray();
        }
        return true;
    }

    const QByteArray &m_data;
    const QString m_source;
    QString *m_error;
    LoadProgress *m_progress;
    Run m_run;
    qsizetype m_failedSection = std::numeric_limits<qsizetype>::max(); // where readSections stopped on an error
    qint64 m_previousNs = std::numeric_limits<qint64>::min();
};

} // namespace

std::optional<Run> parseRunFile(const QByteArray &data, const QString &sourceName, QString *error, LoadProgress *progress)
{
    auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("%1: offset 0: %2").arg(sourceName, what);
        return std::nullopt;
    };
    if (data.startsWith(QByteArray(Signature, SignatureSize)))
        return RunFileReader(data, sourceName, error, progress).read();
    if (data.startsWith(QByteArray(LegacySessionSignature)))
        return parseLegacySessionFile(data, sourceName, error);
    // Say what it is when we can tell: the most common mistake is passing a scenario.
    if (data.left(4096).contains("poolscope-scenario/"))
        return fail(QStringLiteral("not a poolscope run: this is a scenario file (run it with --scenario)"));
    if (data.startsWith("poolscope-run/") || data.startsWith("poolscope-session/")) {
        // Quote the signature it has: printable characters only, so the message stays one line.
        QByteArray name;
        for (char c : data.left(40)) {
            if (c == '\n')
                break;
            name += (uchar(c) >= 0x20 && uchar(c) < 0x7f) ? c : '?';
        }
        return fail(QStringLiteral("unsupported run format '%1' (this poolscope reads %2 and poolscope-session/1)")
                            .arg(QString::fromLatin1(name), QLatin1String(RunFileFormat)));
    }
    return fail(QStringLiteral("not a poolscope run (no \"%1\" signature)").arg(QLatin1String(RunFileFormat)));
}

std::optional<Run> loadRunFile(const QString &path, QString *error, LoadProgress *progress)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // Map the file when possible: no copy of a large event table before it is decoded.
    const qint64 size = file.size();
    if (size > 0) {
        if (uchar *mapped = file.map(0, size)) {
            const QByteArray view = QByteArray::fromRawData(reinterpret_cast<const char *>(mapped), qsizetype(size));
            auto result = parseRunFile(view, path, error, progress);
            file.unmap(mapped);
            return result;
        }
    }
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseRunFile(data, path, error, progress);
}

} // namespace poolscope
