// SPDX-License-Identifier: MIT
#include "replay/livereader.h"

#include "runner/runner.h"

#include <algorithm>

namespace poolscope {

namespace {
bool earlier(const RecordedEvent &a, const RecordedEvent &b)
{
    return a.tNs < b.tNs;
}
} // namespace

LiveReader::LiveReader(const Runner *runner, Run *run) : m_runner(runner), m_run(run)
{
    *m_run = Run();
    m_run->info = runner->info();
}

LiveReader::Batch LiveReader::pull()
{
    Batch batch;
    // Read "finished" before the events: if it is true now, every event is already published.
    const bool finished = m_runner->isFinished();
    std::vector<RecordedEvent> fresh = m_runner->recorder().readNew(m_cursor);

    // New tasks first, so readers have rows for the events that follow. A task is known to the runner
    // before its Submit is recorded, so the tasks are fetched only when an event names one we lack
    // (fetching takes the runner's lock: not on every tick).
    quint32 maxTask = 0;
    bool anyTask = false;
    for (const RecordedEvent &e : fresh) {
        if (e.task != NoTask) {
            maxTask = anyTask ? std::max(maxTask, e.task) : e.task;
            anyTask = true;
        }
    }
    batch.firstTask = m_run->tasks.size();
    const size_t needed = anyTask ? size_t(maxTask) + 1 : 0;
    if (needed > m_run->tasks.size() || (finished && !m_finished)) {
        m_runner->copyTasks(m_run->tasks.size(), m_run->specs.size(), &m_run->specs, &m_run->tasks);
        // An event can name a task the runner has forgotten (a refused submit): give it a placeholder.
        if (m_run->tasks.size() < needed) {
            const quint32 spec = quint32(m_run->specs.size());
            TaskSpec unknown;
            unknown.id = QStringLiteral("#");
            unknown.numbered = true;
            m_run->specs.push_back(unknown);
            while (m_run->tasks.size() < needed)
                m_run->tasks.push_back({ spec, quint32(m_run->tasks.size() + 1) });
        }
    }
    batch.newTasks = m_run->tasks.size() - batch.firstTask;

    std::vector<RecordedEvent> &events = m_run->events;
    batch.firstEvent = events.size();
    if (!fresh.empty()) {
        // readNew gives each thread's events in order, one thread after another: sort across threads.
        std::stable_sort(fresh.begin(), fresh.end(), earlier);
        const size_t oldSize = events.size();
        const bool inOrder = events.empty() || fresh.front().tNs >= events.back().tNs;
        // Grow by a quarter, not double: a long run's copy of the events is most of the window's memory.
        if (events.capacity() < oldSize + fresh.size())
            events.reserve(oldSize + fresh.size() + std::max<size_t>(oldSize / 4, 4096));
        events.insert(events.end(), fresh.begin(), fresh.end());
        if (!inOrder) {
            // An event recorded earlier was published later than newer ones already read (a thread was
            // preempted between its timestamp and its publish). Merge it in place.
            ++m_lateMerges;
            batch.late = true;
            const auto mid = events.begin() + qsizetype(oldSize);
            batch.firstEvent = size_t(std::upper_bound(events.begin(), mid, fresh.front(), earlier) - events.begin());
            std::inplace_merge(events.begin(), mid, events.end(), earlier);
        }
        batch.newEvents = events.size() - batch.firstEvent;
    }
    if (finished && !m_finished) {
        m_finished = true;
        events.shrink_to_fit(); // nothing more will come
    }
    batch.finished = m_finished;
    return batch;
}

} // namespace poolscope
