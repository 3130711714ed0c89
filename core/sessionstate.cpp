// SPDX-License-Identifier: MIT
#include "sessionstate.h"

#include <algorithm>

namespace poolscope {

const char *taskStateName(TaskState state)
{
    switch (state) {
    case TaskState::Pending: return "pending";
    case TaskState::Running: return "running";
    case TaskState::Completed: return "completed";
    case TaskState::Stopped: return "stopped";
    case TaskState::Cancelled: return "cancelled";
    case TaskState::Failed: return "failed";
    }
    return "?";
}

bool TaskStatus::cancelRefused() const
{
    return std::find(cancelResults.begin(), cancelResults.end(), false) != cancelResults.end();
}

void SessionState::reset(size_t taskCount, int workers)
{
    *this = SessionState();
    m_tasks.resize(taskCount);
    m_workerTask.assign(size_t(std::max(workers, 0)), NoTask);
}

void SessionState::ensureTaskCount(size_t taskCount)
{
    if (m_tasks.size() < taskCount)
        m_tasks.resize(taskCount);
}

void SessionState::apply(const RecordedEvent &e)
{
    m_lastNs = std::max(m_lastNs, e.tNs);
    TaskStatus *t = nullptr;
    if (e.task != NoTask) {
        ensureTaskCount(size_t(e.task) + 1);
        t = &m_tasks[e.task];
    }
    if (e.worker >= 0 && size_t(e.worker) >= m_workerTask.size())
        m_workerTask.resize(size_t(e.worker) + 1, NoTask);

    switch (e.kind) {
    case EventKind::Submit:
        if (!t)
            break;
        t->submitted = true;
        t->submitNs = e.tNs;
        m_submitted = std::max(m_submitted, e.task + 1);
        break;
    case EventKind::Start:
        if (!t)
            break;
        t->state = TaskState::Running;
        t->worker = e.worker;
        t->startNs = t->dequeuedNs = e.tNs;
        if (e.worker >= 0)
            m_workerTask[size_t(e.worker)] = e.task;
        break;
    case EventKind::Step:
        if (t)
            t->stepsDone = e.value;
        break;
    case EventKind::CancelCall:
        if (!t)
            break;
        if (e.flags & CancelByShutdownFlag) {
            if (t->state == TaskState::Pending) {
                t->state = TaskState::Cancelled;
                t->cancelledByShutdown = true;
                t->endNs = t->dequeuedNs = e.tNs;
            }
            break;
        }
        t->cancelResults.push_back(e.cancelResult());
        if (!e.cancelResult())
            ++m_refusedCancels;
        else if (t->state == TaskState::Pending) {
            t->state = TaskState::Cancelled;
            t->endNs = e.tNs;
        }
        break;
    case EventKind::CancelSkip:
        if (t)
            t->dequeuedNs = e.tNs;
        break;
    case EventKind::StopSet:
        m_stopSet = true;
        m_stopSetNs = e.tNs;
        break;
    case EventKind::StopClear: m_stopSet = false; break;
    case EventKind::StopObserved:
        if (t)
            t->stopObservedNs = e.tNs;
        break;
    case EventKind::End:
        if (!t)
            break;
        switch (e.outcome()) {
        case Outcome::Stopped: t->state = TaskState::Stopped; break;
        case Outcome::Failed: t->state = TaskState::Failed; break;
        case Outcome::Cancelled: t->state = TaskState::Cancelled; break;
        default: t->state = TaskState::Completed; break;
        }
        t->stepsDone = e.value;
        t->endNs = e.tNs;
        if (e.worker >= 0 && m_workerTask[size_t(e.worker)] == e.task)
            m_workerTask[size_t(e.worker)] = NoTask;
        break;
    case EventKind::ShutdownBegin:
        m_shutdownCalled = true;
        if (e.flags & ShutdownWaitFlag)
            m_callerBlocked = true;
        break;
    case EventKind::ShutdownEnd:
    case EventKind::WaitEnd: m_callerBlocked = false; break;
    case EventKind::WaitBegin: m_callerBlocked = true; break;
    }
}

std::vector<quint32> SessionState::queue() const
{
    // Workers dequeue FIFO, but two workers may record their starts out of order, so skip, not cut.
    while (m_dequeued < m_submitted && m_dequeued < m_tasks.size() && m_tasks[m_dequeued].dequeuedNs >= 0)
        ++m_dequeued;
    std::vector<quint32> q;
    for (quint32 i = m_dequeued; i < m_submitted && i < m_tasks.size(); ++i) {
        const TaskStatus &t = m_tasks[i];
        if (t.submitted && t.dequeuedNs < 0)
            q.push_back(i);
    }
    return q;
}

std::array<int, TaskStateCount> SessionState::stateCounts() const
{
    std::array<int, TaskStateCount> counts {};
    for (const TaskStatus &t : m_tasks) {
        if (t.submitted)
            ++counts[size_t(t.state)];
    }
    return counts;
}

} // namespace poolscope
