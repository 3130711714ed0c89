// SPDX-License-Identifier: MIT
// Python's threading.Event, waiting in run time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace poolscope {

class RunClock;

// isSet() is one atomic load, so a task may check it every step for free; wait() wakes every waiter at
// once when set() is called. Timed waits read the run's clock (paused with it).
class StopEvent
{
public:
    explicit StopEvent(RunClock *clock = nullptr); // nullptr: the system wall clock

    void set();
    void clear();
    bool isSet() const noexcept { return m_flag.load(std::memory_order_acquire); }

    // Returns at once when set; otherwise blocks up to timeout. Returns whether the event is set.
    bool wait(std::chrono::nanoseconds timeout);
    bool wait(); // no timeout

private:
    RunClock *const m_clock;
    std::atomic<bool> m_flag { false };
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::uint64_t m_generation = 0; // bumped by set() under m_mutex: a waiter blocked at set() returns true even if clear() follows
};

} // namespace poolscope
