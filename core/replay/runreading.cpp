// SPDX-License-Identifier: MIT
#include "replay/runreading.h"

namespace poolscope {

void RunReading::reset(const Run *run, const std::function<bool(size_t)> &progress)
{
    m_run = run;
    m_state.reset(run ? run->tasks.size() : 0, run ? run->info.workers : 0);
    m_history.reset(run, &m_state);
    m_read = 0;
    const bool whole = read(0, progress);
    m_replayed = true;
    if (whole && run && !run->events.empty())
        m_history.squeeze();
}

void RunReading::rebind(const Run *run, quint64 previousRevision)
{
    m_run = run;
    m_history.rebind(run, &m_state, previousRevision);
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

bool RunReading::read(size_t from, const std::function<bool(size_t)> &progress)
{
    m_latest.clear();
    m_dropped = 0;
    if (!m_run)
        return true;
    const std::vector<RecordedEvent> &events = m_run->events;
    m_state.ensureTaskCount(m_run->tasks.size());
    constexpr size_t ProgressEvery = 1 << 16;
    for (size_t i = from; i < events.size(); ++i) {
        if (progress && i % ProgressEvery == 0 && !progress(i)) {
            m_read = i;
            m_history.touch();
            return false;
        }
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
    return true;
}

} // namespace poolscope
