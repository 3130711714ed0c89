// SPDX-License-Identifier: MIT
// The one loop that reads a run's events: the interpreter's latest state, the history built from what it
// says, and what the newest events meant (the console prints those).
#pragma once

#include "record/run.h"
#include "replay/happening.h"
#include "replay/runhistory.h"
#include "replay/runstate.h"

#include <functional>
#include <vector>

namespace poolscope {

class RunReading
{
public:
    // Longest run of happenings kept from one batch (the console shows fewer; the rest are counted).
    static constexpr size_t MaxKept = 2048;

    // Reads every event of the run (it must outlive this object). A long read (a large file opened off
    // the GUI thread) calls progress with the events read so far now and then; false stops it there,
    // leaving a reading of part of the run.
    void reset(const Run *run, const std::function<bool(size_t)> &progress = {});
    // The run read was moved (a std::vector's move keeps its events where they were), or this reading
    // was: read from run now. Views that drew the previous reading see a newer history revision.
    void rebind(const Run *run, quint64 previousRevision);
    // Reads run->events[firstEvent..]. A late event merged before ones already read (firstEvent below
    // what was read) makes it read the whole run again: replayed() says so.
    void append(size_t firstEvent);

    const Run *run() const { return m_run; }
    const RunState &state() const { return m_state; }
    const RunHistory &history() const { return m_history; }
    size_t readCount() const { return m_read; }

    // The last batch: its happenings worth printing (steps left out), the newest MaxKept of them.
    const std::vector<Happening> &latest() const { return m_latest; }
    size_t latestDropped() const { return m_dropped; }
    bool replayed() const { return m_replayed; }

private:
    bool read(size_t from, const std::function<bool(size_t)> &progress = {});

    const Run *m_run = nullptr;
    RunState m_state;
    RunHistory m_history;
    size_t m_read = 0;
    std::vector<Happening> m_latest;
    size_t m_dropped = 0;
    bool m_replayed = false;
};

} // namespace poolscope
