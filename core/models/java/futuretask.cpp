// SPDX-License-Identifier: MIT
#include "models/java/futuretask.h"

#include "models/java/parking.h"
#include "record/recorder.h"

namespace poolscope::java {

FutureTask::FutureTask(quint32 task, TaskBody body, Recorder *recorder)
    : m_task(task), m_recorder(recorder), m_body(std::move(body))
{
}

bool FutureTask::run(JavaThread &thread)
{
    TaskBody body;
    {
        std::lock_guard lock(m_mutex);
        if (m_state != State::New || m_runner || !m_body) {
            // Cancelled while it waited: FutureTask.run() returns at once.
            if (m_recorder && m_state == State::Cancelled)
                m_recorder->record(EventKind::CancelSkip, m_task, thread.lane());
            return false;
        }
        m_runner = &thread;
        body = std::move(m_body);
        m_body = nullptr;
        if (m_recorder)
            m_recorder->record(EventKind::Start, m_task, thread.lane());
    }
    TaskRun run { thread };
    bool failed = false;
    try {
        body(run);
    } catch (...) {
        failed = true;
        run.outcome = Outcome::Failed;
    }
    body = nullptr; // release captures before the end is told
    std::lock_guard lock(m_mutex);
    m_runner = nullptr;
    // A cancelled future keeps its state: the body's result (or exception) is dropped.
    if (m_state == State::New)
        m_state = failed ? State::Exceptional : State::Normal;
    if (m_recorder)
        m_recorder->record(EventKind::End, m_task, thread.lane(), quint8(run.outcome), run.stepsDone);
    return true;
}

bool FutureTask::cancel(bool mayInterruptIfRunning, Parking &parking)
{
    std::lock_guard lock(m_mutex);
    const quint8 how = mayInterruptIfRunning ? CancelInterruptFlag : 0;
    if (m_state != State::New) {
        if (m_recorder)
            m_recorder->record(EventKind::CancelCall, m_task, CallerThread, how);
        return false;
    }
    m_state = State::Cancelled;
    if (m_recorder)
        m_recorder->record(EventKind::CancelCall, m_task, CallerThread, quint8(how | CancelResultFlag));
    if (mayInterruptIfRunning && m_runner) {
        if (m_recorder)
            m_recorder->record(EventKind::Interrupt, m_task, m_runner->lane());
        parking.interrupt(*m_runner);
    }
    return true;
}

FutureTask::State FutureTask::state() const
{
    std::lock_guard lock(m_mutex);
    return m_state;
}

bool FutureTask::isRunning() const
{
    std::lock_guard lock(m_mutex);
    return m_runner != nullptr;
}

} // namespace poolscope::java
