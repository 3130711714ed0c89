// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace poolscope {

// Python's threading.Event. isSet() is one atomic load, so a task may check it every step for free;
// wait() wakes every waiter at once when set() is called.
class StopEvent
{
public:
    void set();
    void clear();
    bool isSet() const noexcept { return m_flag.load(std::memory_order_acquire); }

    // Returns at once when set; otherwise blocks up to timeout. Returns whether the event is set.
    bool wait(std::chrono::nanoseconds timeout);
    bool wait(); // no timeout

private:
    std::atomic<bool> m_flag { false };
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::uint64_t m_generation = 0; // bumped by set() under m_mutex: a waiter blocked at set() returns true even if clear() follows
};

} // namespace poolscope
