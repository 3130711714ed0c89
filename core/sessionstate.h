// SPDX-License-Identifier: MIT
#pragma once

#include "recordedevent.h"

#include <array>
#include <vector>

namespace poolscope {

// What a person sees of one task at some moment.
enum class TaskState : quint8 { Pending, Running, Completed, Stopped, Cancelled, Failed };
constexpr int TaskStateCount = 6;
const char *taskStateName(TaskState state);

struct TaskStatus
{
    TaskState state = TaskState::Pending;
    bool submitted = false;
    int stepsDone = 0;
    qint16 worker = CallerThread; // the worker that ran it
    qint64 submitNs = -1;
    qint64 startNs = -1;
    qint64 endNs = -1; // end of the run, or the moment it was cancelled
    qint64 stopObservedNs = -1;
    qint64 dequeuedNs = -1; // a worker skipped it (cancelled items) or started it
    std::vector<bool> cancelResults; // every cancel() an action made on it, in order (not shutdown's)
    bool cancelledByShutdown = false;

    bool cancelRefused() const; // a cancel() returned false while it ran or after it ended
    bool isTerminal() const { return state >= TaskState::Completed; }
};

// The state of a run rebuilt from its events: the live views apply new events as they come, the time
// cursor replays from the start up to a moment. apply() is O(1) per event.
class SessionState
{
public:
    void reset(size_t taskCount, int workers);
    void ensureTaskCount(size_t taskCount); // interactive runs grow
    void reserve(size_t taskCount) { m_tasks.reserve(taskCount); }
    void apply(const RecordedEvent &event);

    const std::vector<TaskStatus> &tasks() const { return m_tasks; }
    const TaskStatus &task(quint32 index) const { return m_tasks[index]; }
    // The task each worker runs now, or NoTask.
    const std::vector<quint32> &workerTasks() const { return m_workerTask; }
    // The pending queue in order (cancelled items stay in it until a worker dequeues them, as in CPython).
    std::vector<quint32> queue() const;
    bool stopSet() const { return m_stopSet; }
    qint64 stopSetNs() const { return m_stopSetNs; }
    bool shutdownCalled() const { return m_shutdownCalled; }
    bool callerBlocked() const { return m_callerBlocked; } // in shutdown(wait=True) or the final wait
    qint64 lastEventNs() const { return m_lastNs; }
    std::array<int, TaskStateCount> stateCounts() const;
    int refusedCancels() const { return m_refusedCancels; }
    int workerCount() const { return int(m_workerTask.size()); }

private:
    std::vector<TaskStatus> m_tasks;
    std::vector<quint32> m_workerTask;
    quint32 m_submitted = 0;
    mutable quint32 m_dequeued = 0; // FIFO: every task below this index has left the queue (a cache)
    bool m_stopSet = false;
    qint64 m_stopSetNs = -1;
    bool m_shutdownCalled = false;
    bool m_callerBlocked = false;
    qint64 m_lastNs = 0;
    int m_refusedCancels = 0;
};

} // namespace poolscope
