// SPDX-License-Identifier: MIT
#include "record/recorder.h"

#include "clock/runclock.h"

#include <algorithm>
#include <thread>

namespace poolscope {

// Named, not anonymous: Recorder::ThreadLog (declared in the header) holds chunks.
namespace recorderlog {
constexpr size_t ChunkSize = 2048;

struct Chunk
{
    RecordedEvent events[ChunkSize];
    std::atomic<Chunk *> next { nullptr };
};
} // namespace recorderlog
using recorderlog::Chunk;
using recorderlog::ChunkSize;

namespace {

std::atomic<quint64> g_recorderSerial { 1 };

struct ThreadCache
{
    quint64 serial = 0;
    void *log = nullptr;
};
thread_local ThreadCache t_cache;
} // namespace

// Written by one thread only; read by any. `published` is the count of events visible to readers.
struct Recorder::ThreadLog
{
    std::thread::id owner;
    Chunk *head = nullptr;
    Chunk *tail = nullptr; // writer only
    size_t tailUsed = 0; // writer only
    std::atomic<size_t> published { 0 };

    ThreadLog() : owner(std::this_thread::get_id()), head(new Chunk), tail(head) { }
    ~ThreadLog()
    {
        for (Chunk *c = head; c;) {
            Chunk *next = c->next.load(std::memory_order_relaxed);
            delete c;
            c = next;
        }
    }

    void append(const RecordedEvent &event)
    {
        if (tailUsed == ChunkSize) {
            auto *chunk = new Chunk;
            tail->next.store(chunk, std::memory_order_release);
            tail = chunk;
            tailUsed = 0;
        }
        tail->events[tailUsed++] = event;
        published.store(published.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }

    // Appends events [from, to) to out.
    void copy(size_t from, size_t to, std::vector<RecordedEvent> &out) const
    {
        const Chunk *c = head;
        size_t base = 0;
        while (c && base + ChunkSize <= from) {
            c = c->next.load(std::memory_order_acquire);
            base += ChunkSize;
        }
        for (size_t i = from; i < to;) {
            const size_t end = std::min(to, base + ChunkSize);
            out.insert(out.end(), c->events + (i - base), c->events + (end - base));
            i = end;
            if (i < to) {
                c = c->next.load(std::memory_order_acquire);
                base += ChunkSize;
            }
        }
    }
};

Recorder::Recorder(RunClock *clock)
    : m_serial(g_recorderSerial.fetch_add(1))
    , m_ownClock(clock ? nullptr : std::make_unique<RunClock>())
    , m_clock(clock ? clock : m_ownClock.get())
{
}

Recorder::~Recorder() = default;

qint64 Recorder::nowNs() const
{
    return m_clock->nowNs();
}

Recorder::ThreadLog *Recorder::logForThisThread()
{
    if (t_cache.serial == m_serial)
        return static_cast<ThreadLog *>(t_cache.log);
    std::lock_guard lock(m_logsMutex);
    const auto self = std::this_thread::get_id();
    ThreadLog *log = nullptr;
    for (const auto &l : m_logs) {
        if (l->owner == self) {
            log = l.get();
            break;
        }
    }
    if (!log) {
        m_logs.push_back(std::make_unique<ThreadLog>());
        log = m_logs.back().get();
    }
    t_cache = { m_serial, log };
    return log;
}

void Recorder::record(EventKind kind, quint32 task, qint16 worker, quint8 flags, qint32 value)
{
    RecordedEvent e;
    e.tNs = nowNs();
    e.task = task;
    e.worker = worker;
    e.kind = kind;
    e.flags = flags;
    e.value = value;
    logForThisThread()->append(e);
}

void Recorder::record(const RecordedEvent &event)
{
    logForThisThread()->append(event);
}

std::vector<RecordedEvent> Recorder::snapshot() const
{
    auto earlier = [](const RecordedEvent &a, const RecordedEvent &b) { return a.tNs < b.tNs; };
    std::vector<RecordedEvent> all;
    std::vector<size_t> bounds { 0 }; // each thread's events, in the order of the logs
    {
        std::lock_guard lock(m_logsMutex);
        size_t total = 0;
        for (const auto &log : m_logs)
            total += log->published.load(std::memory_order_acquire);
        all.reserve(total + 64);
        for (const auto &log : m_logs) {
            log->copy(0, log->published.load(std::memory_order_acquire), all);
            bounds.push_back(all.size());
        }
    }
    // A thread stamps its events in order (its clock never goes back), so each log is sorted already: merge
    // them, O(n log threads), stably (ties keep the logs' order, as a stable sort of the whole would).
    for (size_t i = 0; i + 1 < bounds.size(); ++i) {
        const auto b = all.begin() + qsizetype(bounds[i]), e = all.begin() + qsizetype(bounds[i + 1]);
        if (!std::is_sorted(b, e, earlier))
            std::stable_sort(b, e, earlier); // events recorded with times of their own (tests, imports)
    }
    while (bounds.size() > 2) {
        std::vector<size_t> merged { 0 };
        for (size_t i = 0; i + 1 < bounds.size(); i += 2) {
            if (i + 2 < bounds.size()) {
                std::inplace_merge(all.begin() + qsizetype(bounds[i]), all.begin() + qsizetype(bounds[i + 1]),
                                   all.begin() + qsizetype(bounds[i + 2]), earlier);
                merged.push_back(bounds[i + 2]);
            } else {
                merged.push_back(bounds[i + 1]);
            }
        }
        bounds = std::move(merged);
    }
    return all;
}

std::vector<RecordedEvent> Recorder::readNew(Cursor &cursor) const
{
    std::vector<RecordedEvent> out;
    std::lock_guard lock(m_logsMutex);
    cursor.m_read.resize(m_logs.size(), 0);
    for (size_t i = 0; i < m_logs.size(); ++i) {
        const size_t published = m_logs[i]->published.load(std::memory_order_acquire);
        m_logs[i]->copy(cursor.m_read[i], published, out);
        cursor.m_read[i] = published;
    }
    return out;
}

size_t Recorder::bytesUsed() const
{
    std::lock_guard lock(m_logsMutex);
    size_t bytes = sizeof(*this);
    for (const auto &log : m_logs) {
        const size_t n = log->published.load(std::memory_order_acquire);
        bytes += sizeof(ThreadLog) + (n / ChunkSize + 1) * sizeof(Chunk);
    }
    return bytes;
}

} // namespace poolscope
