// SPDX-License-Identifier: MIT
// The clock of a run: what the recorder stamps, what the caller's schedule and every timed wait read.
#pragma once

#include <QtGlobal>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <limits>
#include <optional>

namespace poolscope {

// Run time in nanoseconds from the clock's start. A wall clock runs at real speed from its start; it can
// be paused and resumed, and run slower or faster (rate 0.25: a quarter of real speed), while a run is
// live. A manual clock (for tests) moves only when advance() is called, so a test decides what "later" is.
//
// Every timed wait of a run goes through waitUntil(): a pause, a new rate or an advance() wakes the
// waiters so they measure their deadline again. A sleeper never sleeps past a deadline in run time, and
// while the clock is paused nobody's deadline comes.
class RunClock
{
public:
    enum class Mode
    {
        Wall,
        Manual
    };
    explicit RunClock(Mode mode = Mode::Wall);
    ~RunClock();
    RunClock(const RunClock &) = delete;
    RunClock &operator=(const RunClock &) = delete;

    // A process-wide wall clock for primitives used outside a run (a bare StopEvent or future).
    static RunClock &system();

    Mode mode() const { return m_mode; }
    qint64 nowNs() const;

    void pause();
    void resume();
    bool isPaused() const; // paused, or stopped at its pause point
    // Wall clocks: the clock stops by itself when run time reaches ns, exactly there (no waiter's deadline
    // after it comes, nothing is stamped later), until resume(). For pictures of a chosen moment.
    void pauseAt(qint64 ns);
    void cancelPauseAt(); // the pause point set by pauseAt() is dropped; a pause already reached stays
    void setRate(double rate); // > 0; 1 is real time
    double rate() const;
    void advance(qint64 ns); // manual clocks only; ns >= 0
    // The run is over (its Runner is going): every wait on this clock, now and later, returns at once with
    // what its predicate says, so no thread of the run waits for what will never come (a caller in
    // wait() on a future that a shut-down pool will never finish).
    void abandon();

    // Blocks on cv (lock held on entry and on return, as std::condition_variable) until pred() is true or
    // the clock reaches deadlineNs (nullopt: no deadline). Returns pred(). Whoever makes pred() true must
    // notify cv while or after changing what it reads under the same mutex (as for any condition variable).
    template<typename Pred>
    bool waitUntil(std::unique_lock<std::mutex> &lock, std::condition_variable &cv, std::optional<qint64> deadlineNs,
                   Pred pred)
    {
        if (pred())
            return true;
        Waiter w { lock.mutex(), &cv, deadlineNs.value_or(NoDeadline) };
        enlist(&w);
        while (!pred() && !m_abandoned.load()) {
            const std::optional<std::chrono::nanoseconds> wall = wallTimeUntil(w.deadline);
            if (wall && wall->count() <= 0)
                break;
            if (wall)
                cv.wait_for(lock, *wall);
            else
                cv.wait(lock);
        }
        const bool result = pred();
        delist(&w, lock);
        return result || pred();
    }

    // Tests with a manual clock: blocks until exactly `count` threads wait on this clock with a deadline
    // still to come (or none), i.e. every thread that advance() made due has woken and gone back to sleep
    // or left. Returns false on timeout (wall time).
    bool waitForSleepers(int count, std::chrono::milliseconds timeout = std::chrono::seconds(20));
    int sleeperCount() const; // threads in waitUntil(), due or not

private:
    static constexpr qint64 NoDeadline = std::numeric_limits<qint64>::max();
    struct Waiter
    {
        std::mutex *mutex;
        std::condition_variable *cv;
        qint64 deadline;
        Waiter *next = nullptr;
        Waiter *prev = nullptr;
        int pins = 0; // a notifier holds it: it may not leave the list yet
    };
    void enlist(Waiter *w);
    void delist(Waiter *w, std::unique_lock<std::mutex> &lock);
    void changed(); // the mapping from wall time to run time changed: every waiter measures again
    std::optional<std::chrono::nanoseconds> wallTimeUntil(qint64 deadlineNs) const;
    qint64 wallNs() const;
    qint64 nowLocked() const;
    qint64 runningNowLocked() const; // ignoring the pause point
    void settleLocked(); // a pause point reached becomes a pause

    const Mode m_mode;
    const std::chrono::steady_clock::time_point m_start;
    // The plain case (wall, rate 1, running) reads the steady clock and one offset, without the lock.
    std::atomic<bool> m_plain { true };
    std::atomic<bool> m_abandoned { false }; // set before the waiters are woken: a late one sees it
    std::atomic<qint64> m_offset { 0 }; // plain case: run time = wall time - offset

    mutable std::mutex m_mutex;
    qint64 m_baseRun = 0; // run time at m_baseWall
    qint64 m_baseWall = 0;
    double m_rate = 1.0;
    bool m_paused = false;
    qint64 m_pauseAt = NoDeadline;
    qint64 m_manualNow = 0;

    std::condition_variable m_listChanged;
    Waiter *m_waiters = nullptr;
    int m_waiterCount = 0;
};

} // namespace poolscope
