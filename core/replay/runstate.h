// SPDX-License-Identifier: MIT
// THE interpreter of recorded events: the state of a run at any moment, built one event at a time.
#pragma once

#include "replay/happening.h"
#include "replay/taskstatus.h"

#include <array>
#include <vector>

namespace poolscope {

struct LatencySummary
{
    int count = 0;
    qint64 maxNs = -1;
    qint64 medianNs = -1;
    quint32 maxTask = NoTask;
};

// A threading.Event's state: the one stop event of a scenario, each Event of a recorded program.
struct FlagState
{
    bool set = false;
    qint64 setSinceNs = -1; // when it last went from clear to set
};

// Every view, report and writer reads a run through this: apply() interprets one event (O(1)) and says
// what it meant; the accessors give the state after it. Live views apply new events as they come; the
// time cursor replays from the start up to a moment.
class RunState
{
public:
    void reset(size_t taskCount, int workers);
    void ensureTaskCount(size_t taskCount); // live runs grow
    void reserve(size_t taskCount) { m_tasks.reserve(taskCount); }
    Happening apply(const RecordedEvent &event);

    const std::vector<TaskStatus> &tasks() const { return m_tasks; }
    const TaskStatus &task(quint32 index) const { return m_tasks[index]; }
    size_t taskCount() const { return m_tasks.size(); }
    // The task each worker runs now, or NoTask.
    const std::vector<quint32> &workerTasks() const { return m_workerTask; }
    int workerCount() const { return int(m_workerTask.size()); }
    // The pending queue in order (cancelled items stay in it until a worker dequeues them, as in CPython).
    std::vector<quint32> queue() const;
    int queueLength() const { return m_queued; }
    int runningCount() const { return m_running; }

    bool stopSet() const { return m_stopSet; } // the stop event (a recording: any of its Events) is set
    qint64 stopSetNs() const { return m_stopSetNs; } // the latest set()
    // Each Event by index (a scenario has one, the stop event); an Event not seen yet is clear.
    const std::vector<FlagState> &flags() const { return m_flags; }
    bool flagSet(int flag) const { return flag >= 0 && size_t(flag) < m_flags.size() && m_flags[size_t(flag)].set; }
    bool shutdownCalled() const { return m_shutdownCalled; }
    bool callerBlocked() const { return m_blockedIn != CallerBlock::None; }
    CallerBlock callerBlockedIn() const { return m_blockedIn; }
    qint64 callerBlockedSinceNs() const { return m_blockedSinceNs; }
    bool paused() const { return m_paused; }
    int heldCount() const { return m_held; } // at the pause gate
    int suspendedCount() const { return m_suspended; } // in suspendIfRequested() (Qt)
    qint64 lastEventNs() const { return m_lastNs; }
    size_t appliedCount() const { return m_applied; }

    // Java's pool: the threads alive now and the most there ever were (getLargestPoolSize()), the task the
    // caller runs itself (CallerRunsPolicy) or NoTask, what each shutdownNow() returned (task indices in
    // queue order) and what each awaitTermination() returned.
    int poolSize() const { return m_poolSize; }
    int largestPoolSize() const { return m_largestPoolSize; }
    quint32 callerTask() const { return m_callerTask; }
    const std::vector<std::vector<quint32>> &shutdownNowReturned() const { return m_shutdownNowReturned; }
    const std::vector<bool> &awaitTerminationResults() const { return m_awaitResults; }

    const std::array<int, TaskStateCount> &stateCounts() const { return m_counts; } // submitted tasks only
    int refusedCancels() const { return m_refusedCancels; }
    LatencySummary latencySummary() const; // every stop latency so far (O(stopped tasks))

private:
    TaskStatus *taskFor(const RecordedEvent &e);
    void setState(TaskStatus &t, TaskState s);
    FlagState &flag(qint32 index);

    std::vector<TaskStatus> m_tasks;
    std::vector<quint32> m_workerTask;
    std::array<int, TaskStateCount> m_counts {};
    quint32 m_submitted = 0;
    mutable quint32 m_dequeued = 0; // FIFO: every task below this index has left the queue (a cache)
    int m_queued = 0;
    int m_running = 0;
    bool m_stopSet = false;
    qint64 m_stopSetNs = -1;
    std::vector<FlagState> m_flags;
    int m_flagsSet = 0;
    bool m_shutdownCalled = false;
    CallerBlock m_blockedIn = CallerBlock::None;
    qint64 m_blockedSinceNs = -1;
    bool m_paused = false;
    int m_held = 0;
    int m_suspended = 0;
    qint64 m_lastNs = 0;
    size_t m_applied = 0;
    int m_refusedCancels = 0;
    int m_poolSize = 0;
    int m_largestPoolSize = 0;
    quint32 m_callerTask = NoTask;
    std::vector<std::vector<quint32>> m_shutdownNowReturned;
    std::vector<bool> m_awaitResults;
};

} // namespace poolscope
