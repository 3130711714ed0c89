// SPDX-License-Identifier: MIT
#include "models/java/parking.h"

#include "clock/runclock.h"

namespace poolscope::java {

Parking::Parking(RunClock &clock) : m_clock(clock) { }

void Parking::interrupt(JavaThread &thread)
{
    {
        // Under the lock: a thread about to block cannot miss it.
        std::lock_guard lock(m_mutex);
        thread.m_interrupted.store(true, std::memory_order_release);
    }
    m_cv.notify_all();
}

WaitEnd Parking::sleep(JavaThread &thread, qint64 ns)
{
    return wait(&thread, ns, nullptr);
}

WaitEnd Parking::spin(qint64 ns)
{
    return wait(nullptr, ns, nullptr);
}

WaitEnd Parking::await(JavaThread &thread, qint64 ns, const std::function<bool()> &signalled)
{
    return wait(&thread, ns, &signalled);
}

void Parking::update(const std::function<void()> &change)
{
    {
        std::lock_guard lock(m_mutex);
        change();
    }
    m_cv.notify_all();
}

WaitEnd Parking::wait(JavaThread *thread, qint64 ns, const std::function<bool()> *signalled)
{
    std::unique_lock lock(m_mutex);
    auto isSignalled = [&] { return signalled && (*signalled)(); };
    auto takeInterrupt = [&] { return thread && thread->m_interrupted.exchange(false, std::memory_order_acq_rel); };
    // Java's order: a set event is seen before a pending interrupt (the await loop's test comes first).
    if (m_tornDown)
        return WaitEnd::TornDown;
    if (isSignalled())
        return WaitEnd::Signalled;
    if (takeInterrupt())
        return WaitEnd::Interrupted;
    const qint64 deadline = m_clock.nowNs() + std::max<qint64>(0, ns);
    m_clock.waitUntil(lock, m_cv, deadline, [&] {
        return m_tornDown || isSignalled() || (thread && thread->m_interrupted.load(std::memory_order_acquire));
    });
    if (m_tornDown)
        return WaitEnd::TornDown;
    if (isSignalled())
        return WaitEnd::Signalled;
    if (takeInterrupt())
        return WaitEnd::Interrupted;
    return WaitEnd::TimedOut;
}

void Parking::tearDown()
{
    {
        std::lock_guard lock(m_mutex);
        m_tornDown = true;
    }
    m_cv.notify_all();
}

bool Parking::isTornDown() const
{
    std::lock_guard lock(m_mutex);
    return m_tornDown;
}

} // namespace poolscope::java
