// SPDX-License-Identifier: MIT
#include "models/python/stopevent.h"

#include "clock/runclock.h"

namespace poolscope {

StopEvent::StopEvent(RunClock *clock) : m_clock(clock ? clock : &RunClock::system()) { }

void StopEvent::set()
{
    {
        // The store happens under the mutex so a waiter cannot check the flag, miss the store and then sleep.
        std::lock_guard lock(m_mutex);
        m_flag.store(true, std::memory_order_release);
        ++m_generation;
    }
    m_cv.notify_all();
}

void StopEvent::clear()
{
    std::lock_guard lock(m_mutex);
    m_flag.store(false, std::memory_order_release);
}

bool StopEvent::wait(std::chrono::nanoseconds timeout)
{
    if (isSet())
        return true;
    std::unique_lock lock(m_mutex);
    const auto generation = m_generation;
    return m_clock->waitUntil(lock, m_cv, m_clock->nowNs() + timeout.count(),
                              [&] { return m_flag.load(std::memory_order_relaxed) || m_generation != generation; });
}

bool StopEvent::wait()
{
    if (isSet())
        return true;
    std::unique_lock lock(m_mutex);
    const auto generation = m_generation;
    m_cv.wait(lock, [&] { return m_flag.load(std::memory_order_relaxed) || m_generation != generation; });
    return true;
}

} // namespace poolscope
