// SPDX-License-Identifier: MIT
// StopEvent against Python's threading.Event (Lib/test/lock_tests.py EventTests).
#include "models/python/stopevent.h"
#include "threadtestsupport.h"

#include <QFile>
#include <QScopeGuard>
#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <sched.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Polls until every thread has been seen asleep twice in a row (a thread blocked briefly on the event's
// mutex on its way into the condition variable also shows 'S', but not for long).
bool waitUntilAllSleeping(const std::vector<std::atomic<pid_t>> &tids, std::chrono::milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    int stableRounds = 0;
    while (Clock::now() < deadline) {
        bool all = true;
        for (const auto &tid : tids)
            all = all && tid.load() != 0 && threadIsSleeping(tid.load());
        stableRounds = all ? stableRounds + 1 : 0;
        if (stableRounds >= 3)
            return true;
        std::this_thread::sleep_for(2ms);
    }
    return false;
}

} // namespace

class tst_StopEvent : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void initiallyClear();
    void setAndClear();
    void setIsIdempotent();
    void waitReturnsAtOnceWhenSet_data();
    void waitReturnsAtOnceWhenSet();
    void waitTimesOut();
    void zeroTimeoutPolls();
    void clearAfterSet();
    void setWakesAllWaiters_data();
    void setWakesAllWaiters();
    void setThenClearStillWakesBlockedWaiters();
    void clearDoesNotWakeWaiters();
    void manyCycles();

private:
    void waitingFor(QByteArray what) { m_watchdog->waitingFor(std::move(what)); }

    // One per test function: a lost wake-up fails in seconds, naming the wait, instead of running into
    // CTest's timeout. Every function takes under a second (a few under a sanitizer); the limit is below
    // the 20 s the assertions wait, so the watchdog's message, which names the wait, is the one seen.
    std::optional<Watchdog> m_watchdog;
    static constexpr std::chrono::seconds FunctionLimit { 15 };
};

void tst_StopEvent::init()
{
    m_watchdog.emplace(FunctionLimit, testFunctionName(metaObject()->className(), QTest::currentTestFunction(),
                                             QTest::currentDataTag()));
}

void tst_StopEvent::cleanup()
{
    m_watchdog.reset();
}

void tst_StopEvent::initiallyClear()
{
    StopEvent event;
    QVERIFY(!event.isSet());
    QVERIFY(!event.wait(0ns));
}

void tst_StopEvent::setAndClear()
{
    StopEvent event;
    event.set();
    QVERIFY(event.isSet());
    event.clear();
    QVERIFY(!event.isSet());
    event.set();
    QVERIFY(event.isSet());
}

void tst_StopEvent::setIsIdempotent()
{
    StopEvent event;
    event.set();
    event.set();
    QVERIFY(event.isSet());
    QVERIFY(event.wait(0ns));
    event.clear();
    event.clear();
    QVERIFY(!event.isSet());
}

void tst_StopEvent::waitReturnsAtOnceWhenSet_data()
{
    QTest::addColumn<bool>("withTimeout");
    QTest::newRow("wait(60 s)") << true;
    QTest::newRow("wait()") << false;
}

void tst_StopEvent::waitReturnsAtOnceWhenSet()
{
    QFETCH(bool, withTimeout);
    StopEvent event;
    event.set();
    const auto start = Clock::now();
    waitingFor("wait() on an event already set");
    const bool result = withTimeout ? event.wait(60s) : event.wait();
    QVERIFY(result);
    // "At once": far below the timeout even on a loaded machine under ThreadSanitizer.
    QVERIFY(Clock::now() - start < 5s);
}

void tst_StopEvent::waitTimesOut()
{
    StopEvent event;
    const auto start = Clock::now();
    QVERIFY(!event.wait(30ms));
    const auto elapsed = Clock::now() - start;
    // A timed wait on a steady clock never returns early (a spurious wake-up re-checks the flag).
    QVERIFY2(elapsed >= 29ms, qPrintable(QString::number(elapsed / 1us) + " us"));
    QVERIFY(!event.isSet());
}

void tst_StopEvent::zeroTimeoutPolls()
{
    StopEvent event;
    QVERIFY(!event.wait(0ns));
    QVERIFY(!event.wait(-5ms)); // a negative timeout behaves as zero, like Python's
    event.set();
    QVERIFY(event.wait(0ns));
    QVERIFY(event.wait(-5ms));
}

void tst_StopEvent::clearAfterSet()
{
    StopEvent event;
    event.set();
    QVERIFY(event.wait(0ns));
    event.clear();
    QVERIFY(!event.isSet());
    const auto start = Clock::now();
    QVERIFY(!event.wait(20ms)); // cleared: waits again, and times out
    QVERIFY(Clock::now() - start >= 19ms);
}

void tst_StopEvent::setWakesAllWaiters_data()
{
    QTest::addColumn<bool>("withTimeout");
    QTest::newRow("wait(60 s)") << true;
    QTest::newRow("wait()") << false;
}

// Many threads blocked in wait() all return true after a single set(), long before their timeout.
void tst_StopEvent::setWakesAllWaiters()
{
    QFETCH(bool, withTimeout);
    constexpr int N = 16;
    StopEvent event;
    std::vector<std::atomic<pid_t>> tids(N);
    std::vector<std::atomic<int>> results(N); // 0: not returned, 1: true, 2: false
    Arrivals returned;
    std::vector<std::thread> threads;
    for (int i = 0; i < N; ++i) {
        threads.emplace_back([&, i] {
            tids[i] = gettid();
            const bool r = withTimeout ? event.wait(60s) : event.wait();
            results[i] = r ? 1 : 2;
            returned.arrive();
        });
    }
    waitingFor("the 16 waiters to block in wait()");
    const bool allBlocked = waitUntilAllSleeping(tids, 20s);
    QCOMPARE(returned.count(), 0); // nobody returns while the event is clear
    event.set();
    waitingFor("the 16 waiters blocked in wait() to return after set()");
    const bool allReturned = returned.waitFor(N, 20s);
    if (!allReturned)
        event.set(); // let the threads go so the test can fail cleanly
    for (auto &t : threads)
        t.join();
    QVERIFY(allBlocked);
    QVERIFY(allReturned);
    for (int i = 0; i < N; ++i)
        QCOMPARE(results[i].load(), 1);
}

// Lib/test/lock_tests.py EventTests.test_set_and_clear (bpo-13502): wait() returns true even when the
// event is cleared before the waiting thread wakes up. Every thread blocked at the moment of set() has
// been notified, and threading.Condition.wait() then returns True whatever the flag says.
// Whether clear() gets in before the woken threads look at the flag is up to the scheduler. To make it
// likely, this thread and the waiters are kept on different CPUs (so that the woken waiters cannot preempt
// the caller between set() and clear()), and the round is repeated: a correct event passes every round, a
// flag-checking one fails nearly always.
void tst_StopEvent::setThenClearStillWakesBlockedWaiters()
{
    constexpr int N = 5;
    constexpr int Rounds = 20;
    cpu_set_t original;
    CPU_ZERO(&original);
    pthread_getaffinity_np(pthread_self(), sizeof original, &original);
    auto restore = qScopeGuard([&] { pthread_setaffinity_np(pthread_self(), sizeof original, &original); });
    cpu_set_t mine, theirs;
    CPU_ZERO(&mine);
    CPU_ZERO(&theirs);
    for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &original))
            CPU_SET(cpu, seen++ == 0 ? &mine : &theirs);
    }
    const bool split = CPU_COUNT(&theirs) > 0;
    if (split)
        pthread_setaffinity_np(pthread_self(), sizeof mine, &mine);
    for (int round = 0; round < Rounds; ++round) {
        StopEvent event;
        std::vector<std::atomic<pid_t>> tids(N);
        std::vector<std::atomic<int>> results(N);
        Arrivals returned;
        std::vector<std::thread> threads;
        for (int i = 0; i < N; ++i) {
            threads.emplace_back([&, i] {
                if (split)
                    pthread_setaffinity_np(pthread_self(), sizeof theirs, &theirs);
                tids[i] = gettid();
                results[i] = event.wait(2s) ? 1 : 2; // CPython's test waits 1 s
                returned.arrive();
            });
        }
        waitingFor("round " + QByteArray::number(round) + ": the 5 waiters to block in wait(2 s)");
        const bool allBlocked = waitUntilAllSleeping(tids, 20s);
        event.set();
        event.clear();
        waitingFor("round " + QByteArray::number(round) + ": the 5 waiters to return after set(); clear()");
        const bool allReturned = returned.waitFor(N, 30s);
        for (auto &t : threads)
            t.join();
        QVERIFY(allBlocked);
        QVERIFY(allReturned);
        int falses = 0;
        for (int i = 0; i < N; ++i)
            falses += results[i].load() != 1;
        QVERIFY2(falses == 0,
            qPrintable(QStringLiteral("round %1: %2 of %3 waiters returned false after set(); "
                                      "clear()")
                           .arg(round)
                           .arg(falses)
                           .arg(N)));
        QVERIFY(!event.isSet());
    }
}

void tst_StopEvent::clearDoesNotWakeWaiters()
{
    StopEvent event;
    std::vector<std::atomic<pid_t>> tids(1);
    std::atomic<int> result { 0 };
    std::atomic<qint64> elapsedUs { 0 };
    std::thread waiter([&] {
        tids[0] = gettid();
        const auto start = Clock::now();
        result = event.wait(300ms) ? 1 : 2;
        elapsedUs = (Clock::now() - start) / 1us;
    });
    waitUntilAllSleeping(tids, 250ms); // best effort: the assertions hold either way
    event.clear();
    waitingFor("a wait(300 ms) to time out after clear()");
    waiter.join();
    QCOMPARE(result.load(), 2);
    QVERIFY2(elapsedUs.load() >= 299000, qPrintable(QString::number(elapsedUs.load()) + " us"));
}

// Set/clear cycles racing with short waits: every wait() returns, and returns true when the event was set
// all along its call.
void tst_StopEvent::manyCycles()
{
    StopEvent event;
    std::atomic<bool> done { false };
    std::atomic<int> waits { 0 };
    std::atomic<int> wrong { 0 };
    Arrivals started;
    std::vector<std::thread> waiters;
    for (int i = 0; i < 4; ++i) {
        waiters.emplace_back([&] {
            started.arrive();
            do {
                event.wait(200us);
                waits.fetch_add(1);
            } while (!done.load());
        });
    }
    waitingFor("4 waiter threads to start");
    QVERIFY(started.waitFor(4, 20s)); // the waiters overlap the cycles below
    waitingFor("2000 set()/clear() cycles against 4 threads in wait(200 us), then the threads to return");
    for (int i = 0; i < 2000; ++i) {
        event.set();
        if (!event.wait(0ns))
            wrong.fetch_add(1);
        event.clear();
        if (event.isSet())
            wrong.fetch_add(1);
    }
    done = true;
    event.set();
    for (auto &t : waiters)
        t.join();
    QCOMPARE(wrong.load(), 0);
    QVERIFY(waits.load() >= 4);
}

QTEST_GUILESS_MAIN(tst_StopEvent)
#include "tst_stopevent.moc"
