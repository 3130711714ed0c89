// SPDX-License-Identifier: MIT
// A finished run as the writers read it: the run, and its reading done once for every file written.
#pragma once

#include "record/run.h"
#include "replay/runreading.h"
#include "replay/runstate.h"

#include <memory>

namespace poolscope {

// Reads the events lazily, once: the state at the end for the report, trace and CSV; the whole reading
// (with the timeline's history) only when a picture asks for it. The run must outlive it.
class RunOutput
{
public:
    explicit RunOutput(const Run &run) : m_run(run) { }
    const Run &run() const { return m_run; }
    const RunState &finalState() const;
    const RunReading &reading() const;

private:
    const Run &m_run;
    mutable std::unique_ptr<RunState> m_state;
    mutable std::unique_ptr<RunReading> m_reading;
};

} // namespace poolscope
