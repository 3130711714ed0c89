// SPDX-License-Identifier: MIT
#include "replay/runreading.h"

namespace poolscope {

void RunReading::reset(const Run *run)
{
    m_run = run;
    m_state.reset(run ? run->tasks.size() : 0, run ? run->info.workers : 0);
    m_history.reset(run, &m_state);
    m_read = 0;
    read(0);
    m_replayed = true;
    if (run && !run->events.empty())
        m_history.squeeze();
}

void RunReading::append(size_t firstEvent)
{
    if (!m_run)
        return;
    if (firstEvent < m_read) {
        m_state.reset(m_run->tasks.size(), m_run->info.workers);
        m_history.reset(m_run, &m_state);
        m_read = 0;
        read(0);
        m_replayed = true;
        return;
    }
    m_state.ensureTaskCount(m_run->tasks.size());
    read(m_read);
    m_replayed = false;
}

void RunReading::read(size_t from)
{
    m_latest.clear();
    m_dropped = 0;
    if (!m_run)
        return;
    const std::vector<RecordedEvent> &events = m_run->events;
    m_state.ensureTaskCount(m_run->tasks.size());
    for (size_t i = from; i < events.size(); ++i) {
        const Happening h = m_state.apply(events[i]);
        m_history.add(h);
        if (h.kind == Happening::Nothing || h.kind == Happening::StepDone || h.kind == Happening::Held
            || h.kind == Happening::Released || h.kind == Happening::Checked)
            continue;
        if (m_latest.size() == MaxKept) {
            // Keep the newest: drop the older half at once (amortised O(1) a happening).
            m_latest.erase(m_latest.begin(), m_latest.begin() + MaxKept / 2);
            m_dropped += MaxKept / 2;
        }
        m_latest.push_back(h);
    }
    m_read = events.size();
    m_history.touch();
}

} // namespace poolscope
