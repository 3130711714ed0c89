// SPDX-License-Identifier: MIT
#include "io/runoutput.h"

namespace poolscope {

const RunState &RunOutput::finalState() const
{
    if (m_reading)
        return m_reading->state();
    if (!m_state) {
        m_state = std::make_unique<RunState>();
        m_state->reset(m_run.tasks.size(), m_run.info.workers);
        for (const RecordedEvent &e : m_run.events)
            m_state->apply(e);
    }
    return *m_state;
}

const RunReading &RunOutput::reading() const
{
    if (!m_reading) {
        m_state.reset(); // the reading holds its own state
        m_reading = std::make_unique<RunReading>();
        m_reading->reset(&m_run);
    }
    return *m_reading;
}

} // namespace poolscope
