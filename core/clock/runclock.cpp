// SPDX-License-Identifier: MIT
#include "runclock.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace poolscope {

RunClock::RunClock(Mode mode) : m_mode(mode), m_start(std::chrono::steady_clock::now())
{
    m_plain.store(mode == Mode::Wall, std::memory_order_relaxed);
}

RunClock::~RunClock() = default;

RunClock &RunClock::system()
{
    static RunClock clock;
    return clock;
}

qint64 RunClock::wallNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_start).count();
}

qint64 RunClock::nowNs() const
{
    if (m_plain.load(std::memory_order_acquire))
        return wallNs() - m_offset.load(std::memory_order_acquire);
    std::lock_guard lock(m_mutex);
    return nowLocked();
}

qint64 RunClock::nowLocked() const
{
    return std::min(runningNowLocked(), m_pauseAt);
}

qint64 RunClock::runningNowLocked() const
{
    if (m_mode == Mode::Manual)
        return m_manualNow;
    if (m_paused)
        return m_baseRun;
    if (m_rate == 1.0)
        return wallNs() - m_offset.load(std::memory_order_relaxed);
    return m_baseRun + qint64(std::llround(double(wallNs() - m_baseWall) * m_rate));
}

void RunClock::settleLocked()
{
    if (m_pauseAt == NoDeadline || m_paused || runningNowLocked() < m_pauseAt)
        return;
    m_baseRun = m_pauseAt;
    m_baseWall = wallNs();
    m_paused = true;
    m_pauseAt = NoDeadline;
}

void RunClock::pauseAt(qint64 ns)
{
    if (m_mode == Mode::Manual)
        return;
    {
        std::lock_guard lock(m_mutex);
        settleLocked();
        if (m_paused)
            return;
        m_pauseAt = std::max(ns, runningNowLocked());
        m_plain.store(false, std::memory_order_release); // every read must see the pause point
    }
    changed(); // sleepers past the point measure again
}

void RunClock::pause()
{
    if (m_mode == Mode::Manual)
        return;
    {
        std::lock_guard lock(m_mutex);
        settleLocked();
        if (m_paused)
            return;
        m_baseRun = nowLocked();
        m_baseWall = wallNs();
        m_paused = true;
        m_pauseAt = NoDeadline;
        m_plain.store(false, std::memory_order_release);
    }
    changed();
}

void RunClock::cancelPauseAt()
{
    if (m_mode == Mode::Manual)
        return;
    {
        std::lock_guard lock(m_mutex);
        settleLocked();
        m_pauseAt = NoDeadline;
        m_plain.store(!m_paused && m_rate == 1.0, std::memory_order_release);
    }
    changed();
}

void RunClock::resume()
{
    if (m_mode == Mode::Manual)
        return;
    {
        std::lock_guard lock(m_mutex);
        settleLocked();
        if (!m_paused)
            return;
        m_paused = false;
        m_baseWall = wallNs();
        m_offset.store(m_baseWall - m_baseRun, std::memory_order_release);
        m_plain.store(m_rate == 1.0, std::memory_order_release);
    }
    changed();
}

bool RunClock::isPaused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused || runningNowLocked() >= m_pauseAt;
}

void RunClock::setRate(double rate)
{
    if (!(rate > 0) || !std::isfinite(rate))
        throw std::invalid_argument("the clock's rate must be a number above 0");
    if (m_mode == Mode::Manual)
        return;
    {
        std::lock_guard lock(m_mutex);
        settleLocked();
        if (rate == m_rate)
            return;
        m_baseRun = nowLocked();
        m_baseWall = wallNs();
        m_rate = rate;
        m_offset.store(m_baseWall - m_baseRun, std::memory_order_release);
        m_plain.store(m_rate == 1.0 && !m_paused && m_pauseAt == NoDeadline, std::memory_order_release);
    }
    changed();
}

double RunClock::rate() const
{
    std::lock_guard lock(m_mutex);
    return m_rate;
}

void RunClock::advance(qint64 ns)
{
    if (m_mode != Mode::Manual)
        throw std::logic_error("advance() is for manual clocks");
    if (ns < 0)
        throw std::invalid_argument("a clock does not go back");
    {
        std::lock_guard lock(m_mutex);
        m_manualNow += ns;
    }
    changed();
}

std::optional<std::chrono::nanoseconds> RunClock::wallTimeUntil(qint64 deadlineNs) const
{
    if (deadlineNs == NoDeadline)
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    const qint64 now = nowLocked();
    const qint64 left = deadlineNs - now;
    if (left <= 0)
        return std::chrono::nanoseconds(0);
    if (m_mode == Mode::Manual || m_paused || now >= m_pauseAt)
        return std::nullopt;
    // Wake at the pause point at the latest: from there the deadline is measured again (and not met).
    const qint64 until = std::min(deadlineNs, m_pauseAt) - now;
    return std::chrono::nanoseconds(qint64(std::ceil(double(until) / m_rate)));
}

void RunClock::enlist(Waiter *w)
{
    {
        std::lock_guard lock(m_mutex);
        w->next = m_waiters;
        if (m_waiters)
            m_waiters->prev = w;
        m_waiters = w;
        ++m_waiterCount;
    }
    m_listChanged.notify_all();
}

void RunClock::delist(Waiter *w, std::unique_lock<std::mutex> &waiterLock)
{
    std::unique_lock lock(m_mutex);
    if (w->pins > 0) {
        // A notifier is about to lock the waiter's mutex: let go of it until the notifier is done.
        waiterLock.unlock();
        m_listChanged.wait(lock, [w] { return w->pins == 0; });
    }
    if (w->prev)
        w->prev->next = w->next;
    else
        m_waiters = w->next;
    if (w->next)
        w->next->prev = w->prev;
    --m_waiterCount;
    lock.unlock();
    m_listChanged.notify_all();
    if (!waiterLock.owns_lock())
        waiterLock.lock();
}

void RunClock::abandon()
{
    m_abandoned.store(true);
    changed();
}

void RunClock::changed()
{
    // Pin the waiters under the clock's lock, then wake each under its own mutex (never holding both:
    // a waiter takes its own mutex first, then the clock's), so no wake-up is lost and nobody deadlocks.
    std::vector<Waiter *> pinned;
    {
        std::lock_guard lock(m_mutex);
        pinned.reserve(size_t(m_waiterCount));
        for (Waiter *w = m_waiters; w; w = w->next) {
            ++w->pins;
            pinned.push_back(w);
        }
    }
    for (Waiter *w : pinned) {
        {
            std::lock_guard lock(*w->mutex);
        }
        w->cv->notify_all();
    }
    {
        std::lock_guard lock(m_mutex);
        for (Waiter *w : pinned)
            --w->pins;
    }
    m_listChanged.notify_all();
}

int RunClock::sleeperCount() const
{
    std::lock_guard lock(m_mutex);
    return m_waiterCount;
}

bool RunClock::waitForSleepers(int count, std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_listChanged.wait_for(lock, timeout, [&] {
        const qint64 now = nowLocked();
        int sleeping = 0;
        for (Waiter *w = m_waiters; w; w = w->next)
            sleeping += w->deadline > now;
        return sleeping == count;
    });
}

} // namespace poolscope
