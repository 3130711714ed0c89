// SPDX-License-Identifier: MIT
// The live reader: a running Runner's new tasks and events, pulled into a Run in time order.
#pragma once

#include "record/recorder.h"
#include "record/run.h"

namespace poolscope {

class Runner;

// The one reader of a run while it is recorded (the window calls pull() at display rate; nothing is
// pushed per event). Each thread's events arrive in order, but threads publish independently: an event
// stamped earlier than ones already read is merged in place and reported (firstEvent points at it).
class LiveReader
{
public:
    struct Batch
    {
        size_t firstEvent = 0; // run.events[firstEvent..] are new or moved (a late merge)
        size_t newEvents = 0;
        size_t firstTask = 0;
        size_t newTasks = 0;
        bool late = false; // an event went in before ones already read
        bool finished = false; // the runner finished and every event has been read
    };

    LiveReader(const Runner *runner, Run *run); // fills run->info; both must outlive the reader
    Batch pull();
    quint64 lateMerges() const { return m_lateMerges; }

private:
    const Runner *m_runner;
    Run *m_run;
    Recorder::Cursor m_cursor;
    bool m_finished = false;
    quint64 m_lateMerges = 0;
};

} // namespace poolscope
