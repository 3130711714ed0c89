// SPDX-License-Identifier: MIT
#include "runner/pausegate.h"

#include "record/recorder.h"

namespace poolscope {

PauseGate::PauseGate(Recorder *recorder) : m_recorder(recorder) { }

bool PauseGate::close()
{
    std::lock_guard lock(m_mutex);
    if (m_tornDown || m_closed.load(std::memory_order_relaxed))
        return false;
    m_closed.store(true, std::memory_order_release);
    return true;
}

bool PauseGate::open()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_closed.load(std::memory_order_relaxed))
            return false;
        m_closed.store(false, std::memory_order_release);
    }
    m_cv.notify_all();
    return true;
}

void PauseGate::stepOnce()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_stepGeneration;
    }
    m_cv.notify_all();
}

int PauseGate::heldCount() const
{
    std::lock_guard lock(m_mutex);
    return m_held;
}

bool PauseGate::pass(quint32 task, qint16 worker, int step)
{
    if (!m_closed.load(std::memory_order_acquire))
        return true;
    std::unique_lock lock(m_mutex);
    if (m_tornDown)
        return false;
    if (!m_closed.load(std::memory_order_relaxed))
        return true;
    const quint64 generation = m_stepGeneration;
    ++m_held;
    if (m_recorder)
        m_recorder->record(EventKind::Hold, task, worker, 0, step);
    m_cv.wait(lock, [&] {
        return m_tornDown || !m_closed.load(std::memory_order_relaxed) || m_stepGeneration != generation;
    });
    --m_held;
    if (m_tornDown)
        return false;
    if (m_recorder)
        m_recorder->record(EventKind::Release, task, worker, 0, step);
    return true;
}

void PauseGate::tearDown()
{
    {
        std::lock_guard lock(m_mutex);
        m_tornDown = true;
        m_closed.store(false, std::memory_order_release);
    }
    m_cv.notify_all();
}

} // namespace poolscope
