// SPDX-License-Identifier: MIT
// Where the Java model's threads block: Thread.sleep, the event's await and a busy spin, all woken by an
// interrupt, the event and the end of the run; and the threads' interrupt status.
#pragma once

#include <QtGlobal>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace poolscope {
class RunClock;
}

namespace poolscope::java {

// A Java thread as the model needs it: the lane it is drawn on (CallerThread for the caller) and its
// interrupt status. Set only through Parking::interrupt(), so a thread blocked in Parking wakes.
class JavaThread
{
public:
    explicit JavaThread(qint16 lane) : m_lane(lane) { }
    JavaThread(const JavaThread &) = delete;
    JavaThread &operator=(const JavaThread &) = delete;

    qint16 lane() const { return m_lane; }
    bool isInterrupted() const { return m_interrupted.load(std::memory_order_acquire); }
    bool interrupted() { return m_interrupted.exchange(false, std::memory_order_acq_rel); } // reads and clears

private:
    friend class Parking;
    const qint16 m_lane;
    std::atomic<bool> m_interrupted { false };
};

enum class WaitEnd : quint8 {
    TimedOut, // the time passed
    Signalled, // what it waited for happened (the event was set)
    Interrupted, // InterruptedException: the interrupt status is clear again
    TornDown, // the run is over: return at once
};

// One lock and one condition for every blocked thread of a run: an interrupt, a set event and the run's
// end each wake them all (a pool has a few threads; each measures again what it waits for). Timed waits
// read the run's clock, so they pause with it and a test's manual clock drives them.
class Parking
{
public:
    explicit Parking(RunClock &clock);

    void interrupt(JavaThread &thread); // Thread.interrupt()
    // Thread.sleep(): Interrupted at once if the status is set, or when interrupted while asleep.
    WaitEnd sleep(JavaThread &thread, qint64 ns);
    // A busy loop that never looks at the interrupt status: TimedOut, or TornDown.
    WaitEnd spin(qint64 ns);
    // Condition.awaitNanos() in a loop on `signalled` (read under the lock): Signalled at once if it holds,
    // else Interrupted at once if the status is set, else whichever comes first.
    WaitEnd await(JavaThread &thread, qint64 ns, const std::function<bool()> &signalled);
    // Changes what some `signalled` reads, under the lock, and wakes the waiters.
    void update(const std::function<void()> &change);

    void tearDown(); // every wait, now and later, returns TornDown
    bool isTornDown() const;

private:
    WaitEnd wait(JavaThread *thread, qint64 ns, const std::function<bool()> *signalled);

    RunClock &m_clock;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_tornDown = false;
};

} // namespace poolscope::java
