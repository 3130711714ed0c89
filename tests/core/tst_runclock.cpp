// SPDX-License-Identifier: MIT
// The run clock: manual time for tests, pause and rate for a live run, and waits that measure their
// deadline again whenever the clock changes.
#include "clock/runclock.h"
#include "threadtestsupport.h"

#include <QTest>
#include <atomic>
#include <thread>

using namespace poolscope;
using namespace std::chrono_literals;

namespace {

constexpr qint64 Ms = 1'000'000;

// Waits on the clock until `deadline`, as a task's step does; says when it came back.
class Sleeper
{
public:
    Sleeper(RunClock &clock, qint64 deadlineNs)
        : m_thread([this, &clock, deadlineNs] {
            std::unique_lock lock(m_mutex);
            clock.waitUntil(lock, m_cv, deadlineNs, [this] { return m_poked; });
            m_wokeAt = clock.nowNs();
            m_done = true;
        })
    {
    }
    ~Sleeper()
    {
        poke();
        join();
    }
    void poke()
    {
        {
            std::lock_guard lock(m_mutex);
            m_poked = true;
        }
        m_cv.notify_all();
    }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }
    bool done() const { return m_done.load(); }
    qint64 wokeAt() const { return m_wokeAt.load(); }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_poked = false;
    std::atomic<bool> m_done { false };
    std::atomic<qint64> m_wokeAt { -1 };
    std::thread m_thread;
};

// Wall time passing, for the tests of what a wall clock does with it (not a synchronisation).
void spinFor(std::chrono::milliseconds ms)
{
    const auto until = std::chrono::steady_clock::now() + ms;
    while (std::chrono::steady_clock::now() < until)
        std::this_thread::yield();
}

} // namespace

class tst_RunClock : public QObject
{
    Q_OBJECT
private slots:
    void manualClockMovesOnlyWhenAdvanced();
    void sleeperWakesAtItsDeadline_data();
    void sleeperWakesAtItsDeadline();
    void predicateWakesBeforeTheDeadline();
    void manyWaitersOneAdvance();
    void wallClockPauseStopsTime();
    void pausedSleeperWakesAfterResume();
    void rateScalesTime();
    void pauseAtStopsExactlyThere();
    void badArguments();
};

void tst_RunClock::manualClockMovesOnlyWhenAdvanced()
{
    RunClock clock(RunClock::Mode::Manual);
    QCOMPARE(clock.nowNs(), 0);
    spinFor(5ms);
    QCOMPARE(clock.nowNs(), 0);
    clock.advance(5 * Ms);
    QCOMPARE(clock.nowNs(), 5 * Ms);
    clock.pause(); // nothing to pause: it moves only by hand
    clock.advance(1);
    QCOMPARE(clock.nowNs(), 5 * Ms + 1);
}

void tst_RunClock::sleeperWakesAtItsDeadline_data()
{
    QTest::addColumn<QList<qint64>>("steps"); // advances, in ms
    QTest::addColumn<int>("wakesAfter"); // the advance after which it is awake (1-based)
    QTest::newRow("exactly at the deadline") << QList<qint64> { 100 } << 1;
    QTest::newRow("in two halves") << QList<qint64> { 50, 50 } << 2;
    QTest::newRow("past it") << QList<qint64> { 99, 5 } << 2;
    QTest::newRow("tiny steps") << QList<qint64> { 30, 30, 30, 9, 1 } << 5;
}

void tst_RunClock::sleeperWakesAtItsDeadline()
{
    QFETCH(QList<qint64>, steps);
    QFETCH(int, wakesAfter);
    test::Watchdog watchdog(30s, "a sleeper on a manual clock");
    RunClock clock(RunClock::Mode::Manual);
    Sleeper sleeper(clock, 100 * Ms);
    QVERIFY(clock.waitForSleepers(1));
    for (int i = 0; i < steps.size(); ++i) {
        clock.advance(steps[i] * Ms);
        if (i + 1 < wakesAfter) {
            // Still asleep with its deadline ahead: the advance woke it to measure again, and it went back.
            QVERIFY(clock.waitForSleepers(1));
            QVERIFY(!sleeper.done());
        }
    }
    sleeper.join();
    QCOMPARE(sleeper.wokeAt(), clock.nowNs());
    QVERIFY(sleeper.wokeAt() >= 100 * Ms);
}

void tst_RunClock::predicateWakesBeforeTheDeadline()
{
    test::Watchdog watchdog(30s, "a poked sleeper");
    RunClock clock(RunClock::Mode::Manual);
    Sleeper sleeper(clock, 1000 * Ms);
    QVERIFY(clock.waitForSleepers(1));
    sleeper.poke();
    sleeper.join();
    QCOMPARE(sleeper.wokeAt(), 0); // no time passed
    QCOMPARE(clock.sleeperCount(), 0);
}

void tst_RunClock::manyWaitersOneAdvance()
{
    test::Watchdog watchdog(30s, "twenty sleepers on a manual clock");
    RunClock clock(RunClock::Mode::Manual);
    std::vector<std::unique_ptr<Sleeper>> sleepers;
    for (int i = 1; i <= 20; ++i)
        sleepers.push_back(std::make_unique<Sleeper>(clock, i * 10 * Ms));
    QVERIFY(clock.waitForSleepers(20));
    clock.advance(105 * Ms); // the first ten are due
    QVERIFY(clock.waitForSleepers(10));
    for (int i = 0; i < 10; ++i) {
        sleepers[size_t(i)]->join();
        QCOMPARE(sleepers[size_t(i)]->wokeAt(), 105 * Ms);
    }
    for (int i = 10; i < 20; ++i)
        QVERIFY(!sleepers[size_t(i)]->done());
    clock.advance(100 * Ms);
    for (int i = 10; i < 20; ++i) {
        sleepers[size_t(i)]->join();
        QVERIFY(sleepers[size_t(i)]->done());
    }
    sleepers.clear();
}

void tst_RunClock::wallClockPauseStopsTime()
{
    RunClock clock;
    spinFor(2ms);
    clock.pause();
    QVERIFY(clock.isPaused());
    const qint64 at = clock.nowNs();
    spinFor(20ms);
    QCOMPARE(clock.nowNs(), at); // time stood still
    clock.resume();
    spinFor(20ms);
    const qint64 later = clock.nowNs();
    QVERIFY(later >= at + 20 * Ms); // and goes on from where it stopped, not from the wall
    QVERIFY2(later < at + 2000 * Ms, "resumed far ahead: the pause was not taken out");
}

void tst_RunClock::pausedSleeperWakesAfterResume()
{
    test::Watchdog watchdog(30s, "a sleeper across a pause");
    RunClock clock;
    clock.pause();
    const qint64 deadline = clock.nowNs() + 5 * Ms;
    Sleeper sleeper(clock, deadline);
    QVERIFY(clock.waitForSleepers(1));
    spinFor(30ms); // far past the deadline in wall time
    QVERIFY(!sleeper.done()); // paused: its deadline has not come
    clock.resume();
    sleeper.join();
    QVERIFY(sleeper.wokeAt() >= deadline);
}

void tst_RunClock::rateScalesTime()
{
    RunClock clock;
    clock.setRate(0.25);
    QCOMPARE(clock.rate(), 0.25);
    const qint64 run0 = clock.nowNs();
    const auto wall0 = std::chrono::steady_clock::now();
    spinFor(80ms);
    const double wall = double(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - wall0).count());
    const double ratio = double(clock.nowNs() - run0) / wall;
    QVERIFY2(ratio > 0.15 && ratio < 0.35, qPrintable(QString::number(ratio))); // wide: a loaded machine
    clock.setRate(1.0);
    const qint64 run1 = clock.nowNs();
    QVERIFY(run1 >= run0);
}

void tst_RunClock::pauseAtStopsExactlyThere()
{
    test::Watchdog watchdog(30s, "a sleeper across a pause point");
    RunClock clock;
    const qint64 point = clock.nowNs() + 20 * Ms;
    Sleeper before(clock, point - 10 * Ms); // due before the point: wakes
    Sleeper after(clock, point + 1 * Ms); // due after it: must not wake while the clock stands there
    clock.pauseAt(point);
    before.join();
    QVERIFY(before.wokeAt() >= point - 10 * Ms);
    QTRY_VERIFY_WITH_TIMEOUT(clock.isPaused(), 10000);
    QCOMPARE(clock.nowNs(), point); // stopped exactly at the point, not a little after
    spinFor(30ms);
    QCOMPARE(clock.nowNs(), point);
    QVERIFY(!after.done());
    clock.resume();
    QVERIFY(!clock.isPaused());
    after.join();
    QVERIFY(after.wokeAt() >= point + 1 * Ms);
    QVERIFY2(after.wokeAt() < point + 2000 * Ms, "resumed from the wall, not from the point");
}

void tst_RunClock::badArguments()
{
    RunClock clock;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, clock.setRate(0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, clock.setRate(-1));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, clock.advance(5)); // a wall clock is not driven by hand
    RunClock manual(RunClock::Mode::Manual);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, manual.advance(-1));
}

QTEST_GUILESS_MAIN(tst_RunClock)
#include "tst_runclock.moc"
