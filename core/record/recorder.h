// SPDX-License-Identifier: MIT
// The recorder: every event of a run, stamped with the run's clock, in per-thread logs.
#pragma once

#include "record/recordedevent.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace poolscope {

class RunClock;

// Timestamps every event of a run with the run's clock. Each thread appends to a log of its own (found
// through a thread_local cache), so recording takes no lock and allocates only a new chunk every
// ChunkSize events. Readers (the GUI at display rate, the report at the end) may read concurrently:
// a chunk's published count is released after the event is written.
class Recorder
{
public:
    explicit Recorder(RunClock *clock = nullptr); // nullptr: a wall clock of its own
    ~Recorder();
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    qint64 nowNs() const;
    RunClock &clock() const { return *m_clock; }
    void record(EventKind kind, quint32 task = NoTask, qint16 worker = CallerThread, quint8 flags = 0,
                qint32 value = 0);
    void record(const RecordedEvent &event);

    // Every event recorded so far, ordered by time (ties keep each thread's order).
    std::vector<RecordedEvent> snapshot() const;

    // Incremental reading for live views: returns the events recorded since the cursor, each thread's
    // events in order, the threads one after another (sort by tNs if order across threads matters).
    class Cursor
    {
        friend class Recorder;
        std::vector<size_t> m_read;
    };
    std::vector<RecordedEvent> readNew(Cursor &cursor) const;

    size_t bytesUsed() const;

private:
    struct ThreadLog;
    ThreadLog *logForThisThread();

    const quint64 m_serial; // tells a reused address apart in the thread_local cache
    std::unique_ptr<RunClock> m_ownClock;
    RunClock *m_clock;
    mutable std::mutex m_logsMutex; // taken only when a thread first records, and by readers
    std::vector<std::unique_ptr<ThreadLog>> m_logs;
};

} // namespace poolscope
