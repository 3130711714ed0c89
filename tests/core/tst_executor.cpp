// SPDX-License-Identifier: MIT
// ThreadPoolExecutor with real threads, against CPython's ThreadPoolExecutor (Lib/concurrent/futures/
// thread.py; Lib/test/test_concurrent_futures/test_thread_pool.py and test_shutdown.py). Running tasks are
// held by gates (StopEvents, as CPython's tests use threading.Event), never by sleeps.
#include "models/python/futureerrors.h"
#include "models/python/futurewait.h"
#include "record/recorder.h"
#include "models/python/stopevent.h"
#include "models/python/threadpoolexecutor.h"
#include "threadtestsupport.h"

#include <QScopeGuard>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <vector>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(poolscope::FutureState)

namespace {

// Things tasks write from worker threads and the test reads after joining.
template <typename T> class Locked
{
public:
    void push(T value)
    {
        std::lock_guard lock(m_mutex);
        m_values.push_back(std::move(value));
    }
    std::vector<T> values()
    {
        std::lock_guard lock(m_mutex);
        return m_values;
    }

private:
    std::mutex m_mutex;
    std::vector<T> m_values;
};

QString currentThreadName()
{
    char name[32] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    return QString::fromUtf8(name);
}

std::vector<RecordedEvent> eventsOf(const std::vector<RecordedEvent> &events, quint32 task)
{
    std::vector<RecordedEvent> out;
    std::copy_if(events.begin(), events.end(), std::back_inserter(out),
        [task](const RecordedEvent &e) { return e.task == task; });
    return out;
}

QStringList kindNames(const std::vector<RecordedEvent> &events)
{
    QStringList out;
    for (const RecordedEvent &e : events)
        out << QString::fromUtf8(eventKindName(e.kind));
    return out;
}

int countKind(const std::vector<RecordedEvent> &events, EventKind kind)
{
    return int(std::count_if(events.begin(), events.end(), [kind](const RecordedEvent &e) { return e.kind == kind; }));
}

const RecordedEvent *findKind(std::vector<RecordedEvent> &&, EventKind) = delete; // would dangle
const RecordedEvent *findKind(const std::vector<RecordedEvent> &events, EventKind kind)
{
    auto it = std::find_if(events.begin(), events.end(), [kind](const RecordedEvent &e) { return e.kind == kind; });
    return it == events.end() ? nullptr : &*it;
}

} // namespace

class tst_Executor : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void submitReturnsResult();
    void taskContext();
    void maxWorkersMustBePositive_data();
    void maxWorkersMustBePositive();
    void submitEmptyTaskThrows();
    void cancelInEachState_data();
    void cancelInEachState();
    void noCancelledTaskEverRuns_data();
    void noCancelledTaskEverRuns();
    void fifoOnOneWorker();
    void idleThreadReuse();
    void saturation();
    void threadsTerminate();
    void noThreadBeforeFirstSubmit();
    void threadNames_data();
    void threadNames();
    void exceptionsKeptInFutures();
    void doneCallbacksExactlyOnce();
    void shutdownLetsQueuedWorkRun();
    void shutdownWaitReturnsOnlyAfterAllEnded_data();
    void shutdownWaitReturnsOnlyAfterAllEnded();
    void shutdownCancelFutures();
    void shutdownCancelFuturesWaitFalseWhileRunning();
    void submitAfterShutdownThrows_data();
    void submitAfterShutdownThrows();
    void shutdownTwiceIsSafe();
    void concurrentShutdownsAllWait();
    void shutdownWaitsForAnotherShutdownsCancels();
    void joiningShutdownWaitsForALaterShutdownsCancels();
    void destructorWaits();
    void hangGh94440();
    void recorderEvents();
    void recorderWorkersMatchContext();
};

void tst_Executor::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void tst_Executor::submitReturnsResult()
{
    ThreadPoolExecutor executor(2);
    QCOMPARE(executor.maxWorkers(), 2);
    TaskFuture f0 = executor.submit([] { return QVariant(42); });
    TaskFuture f1 = executor.submit([](TaskContext &) { return QVariant(QStringLiteral("x")); });
    QCOMPARE(f0.result(20s), QVariant(42));
    QCOMPARE(f1.result(20s), QVariant(QStringLiteral("x")));
    QCOMPARE(f0.state(), FutureState::Finished);
    QVERIFY(f0.done() && !f0.running() && !f0.cancelled());
    QCOMPARE(f0.taskIndex(), 0u);
    QCOMPARE(f1.taskIndex(), 1u);
    QVERIFY(!f0.exception());
}

void tst_Executor::taskContext()
{
    Recorder recorder;
    ThreadPoolExecutor executor(3, &recorder);
    QCOMPARE(executor.recorder(), &recorder);
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 10; ++i) {
        fs.push_back(executor.submit([&recorder](TaskContext &ctx) {
            const bool ok = ctx.recorder == &recorder && ctx.worker >= 0 && ctx.worker < 3
                && currentThreadName() == QStringLiteral("worker-%1").arg(ctx.worker + 1);
            return QVariant(ok ? qint64(ctx.taskIndex) : -1);
        }));
    }
    for (size_t i = 0; i < fs.size(); ++i)
        QCOMPARE(fs[i].result(20s), QVariant(qint64(i)));
}

// P/executor.py test_max_workers_negative: ValueError("max_workers must be greater than 0").
void tst_Executor::maxWorkersMustBePositive_data()
{
    QTest::addColumn<int>("workers");
    QTest::newRow("0") << 0;
    QTest::newRow("-1") << -1;
}

void tst_Executor::maxWorkersMustBePositive()
{
    QFETCH(int, workers);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ThreadPoolExecutor executor(workers));
}

void tst_Executor::submitEmptyTaskThrows()
{
    ThreadPoolExecutor executor(1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, executor.submit(ThreadPoolExecutor::Task()));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, executor.submit(std::function<QVariant()>()));
    QCOMPARE(executor.threadCount(), 0);
    QCOMPARE(executor.submit([] { return QVariant(1); }).taskIndex(), 0u); // the refused ones took no index
}

void tst_Executor::cancelInEachState_data()
{
    QTest::addColumn<FutureState>("state"); // the target's state when cancel() is called
    QTest::addColumn<bool>("expected");
    QTest::addColumn<FutureState>("finalState"); // after the pool shut down
    QTest::addColumn<bool>("ran");
    QTest::newRow("PENDING") << FutureState::Pending << true << FutureState::CancelledAndNotified << false;
    QTest::newRow("RUNNING") << FutureState::Running << false << FutureState::Finished << true;
    QTest::newRow("FINISHED") << FutureState::Finished << false << FutureState::Finished << true;
    QTest::newRow("CANCELLED") << FutureState::Cancelled << true << FutureState::CancelledAndNotified << false;
    QTest::newRow("CANCELLED_AND_NOTIFIED")
        << FutureState::CancelledAndNotified << true << FutureState::CancelledAndNotified << false;
}

void tst_Executor::cancelInEachState()
{
    QFETCH(FutureState, state);
    QFETCH(bool, expected);
    QFETCH(FutureState, finalState);
    QFETCH(bool, ran);

    StopEvent gate;
    Arrivals started;
    std::atomic<bool> targetRan { false };
    ThreadPoolExecutor executor(1);
    auto release = qScopeGuard([&] { gate.set(); });
    auto blocking = [&] {
        started.arrive();
        return QVariant(gate.wait(60s));
    };
    auto target = [&] {
        targetRan = true;
        return QVariant(7);
    };

    TaskFuture f;
    switch (state) {
    case FutureState::Pending:
        executor.submit(blocking);
        f = executor.submit(target);
        break;
    case FutureState::Running:
        f = executor.submit([&] {
            targetRan = true;
            started.arrive();
            gate.wait(60s);
            return QVariant(7);
        });
        QVERIFY(started.waitFor(1));
        break;
    case FutureState::Finished:
        f = executor.submit(target);
        QCOMPARE(f.result(20s), QVariant(7));
        break;
    case FutureState::Cancelled:
        executor.submit(blocking);
        f = executor.submit(target);
        QVERIFY(f.cancel());
        break;
    case FutureState::CancelledAndNotified:
        executor.submit(blocking);
        f = executor.submit(target);
        QVERIFY(f.cancel());
        gate.set(); // the worker dequeues f and skips it
        QCOMPARE(poolscope::wait({ f }, 20s).done.size(), size_t(1)); // done for wait(): notified
        break;
    }
    QCOMPARE(f.state(), state);
    QCOMPARE(f.cancel(), expected);
    const FutureState after
        = expected ? (state == FutureState::CancelledAndNotified ? state : FutureState::Cancelled) : state;
    QCOMPARE(f.state(), after);
    QCOMPARE(f.cancelled(), expected);

    gate.set();
    executor.shutdown(true);
    QCOMPARE(f.state(), finalState);
    QCOMPARE(targetRan.load(), ran);
    if (finalState == FutureState::Finished)
        QCOMPARE(f.result(0ns), QVariant(7));
    else
        QVERIFY_THROWS_EXCEPTION(CancelledError, f.result(0ns));
}

void tst_Executor::noCancelledTaskEverRuns_data()
{
    QTest::addColumn<int>("workers");
    QTest::newRow("1 worker") << 1;
    QTest::newRow("3 workers") << 3;
}

// Cancelled items are skipped by the worker that dequeues them (CANCELLED_AND_NOTIFIED) and never run;
// the others run in submission order on one worker.
void tst_Executor::noCancelledTaskEverRuns()
{
    QFETCH(int, workers);
    constexpr int N = 300;
    StopEvent gate;
    Arrivals started;
    Locked<int> ranOrder;
    ThreadPoolExecutor executor(workers);
    auto release = qScopeGuard([&] { gate.set(); });
    std::vector<TaskFuture> blockers;
    for (int w = 0; w < workers; ++w) {
        blockers.push_back(executor.submit([&] {
            started.arrive();
            return QVariant(gate.wait(60s));
        }));
    }
    QVERIFY(started.waitFor(workers)); // every worker busy: the rest stay queued
    std::vector<TaskFuture> fs;
    for (int i = 0; i < N; ++i)
        fs.push_back(executor.submit([&ranOrder, i] {
            ranOrder.push(i);
            return QVariant(i);
        }));
    for (int i = 0; i < N; ++i) {
        if (i % 3 == 1) {
            QVERIFY(fs[i].cancel());
            QVERIFY(fs[i].cancel()); // again: still true
        }
    }
    gate.set();
    executor.shutdown(true);

    std::vector<int> expectedRun;
    for (int i = 0; i < N; ++i) {
        if (i % 3 == 1) {
            QCOMPARE(fs[i].state(), FutureState::CancelledAndNotified);
        } else {
            QCOMPARE(fs[i].state(), FutureState::Finished);
            QCOMPARE(fs[i].result(0ns), QVariant(i));
            expectedRun.push_back(i);
        }
    }
    std::vector<int> order = ranOrder.values();
    if (workers > 1)
        std::sort(order.begin(), order.end()); // several workers: every one ran, in any order
    QCOMPARE(order, expectedRun);
}

void tst_Executor::fifoOnOneWorker()
{
    StopEvent gate;
    Arrivals started;
    Locked<int> order;
    ThreadPoolExecutor executor(1);
    auto release = qScopeGuard([&] { gate.set(); });
    executor.submit([&] {
        started.arrive();
        return QVariant(gate.wait(60s));
    });
    QVERIFY(started.waitFor(1));
    std::vector<int> expected;
    for (int i = 0; i < 100; ++i) {
        executor.submit([&order, i] {
            order.push(i);
            return QVariant();
        });
        expected.push_back(i);
    }
    gate.set();
    executor.shutdown(true);
    QCOMPARE(order.values(), expected);
    QCOMPARE(executor.threadCount(), 1);
}

// P/test_thread_pool.py test_idle_thread_reuse: three sequential submit().result() use one thread. The
// caller submits again the moment it sees a result, so the worker must count itself idle before that
// result is visible; repeated, since losing that race depends on the scheduler.
void tst_Executor::idleThreadReuse()
{
    for (int round = 0; round < 20; ++round) {
        ThreadPoolExecutor executor(5);
        QCOMPARE(executor.submit([] { return QVariant(21 * 2); }).result(20s), QVariant(42));
        QCOMPARE(executor.submit([] { return QVariant(6 * 7); }).result(20s), QVariant(42));
        QCOMPARE(executor.submit([] { return QVariant(3 * 14); }).result(20s), QVariant(42));
        QVERIFY2(executor.threadCount() == 1,
            qPrintable(QStringLiteral("round %1: %2 threads").arg(round).arg(executor.threadCount())));
        executor.shutdown(true);
    }
}

// P/test_thread_pool.py test_saturation: TPE(4) with 60 blocking tasks has exactly 4 threads.
void tst_Executor::saturation()
{
    StopEvent gate;
    Arrivals started;
    ThreadPoolExecutor executor(4);
    auto release = qScopeGuard([&] { gate.set(); });
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 15 * 4; ++i)
        fs.push_back(executor.submit([&] {
            started.arrive();
            return QVariant(gate.wait(60s));
        }));
    QCOMPARE(executor.threadCount(), 4);
    QVERIFY(started.waitFor(4));
    QCOMPARE(started.count(), 4); // the others wait in the queue
    gate.set();
    executor.shutdown(true);
    QCOMPARE(executor.threadCount(), 4);
    QCOMPARE(started.count(), 60);
    for (const TaskFuture &f : fs)
        QCOMPARE(f.result(0ns), QVariant(true));
}

// P/test_shutdown.py test_threads_terminate: 3 blocked tasks on 5 workers give 3 threads; shutdown joins.
void tst_Executor::threadsTerminate()
{
    StopEvent gate;
    Arrivals started;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { gate.set(); });
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 3; ++i)
        fs.push_back(executor.submit([&] {
            started.arrive();
            return QVariant(gate.wait(60s));
        }));
    QVERIFY(started.waitFor(3));
    QCOMPARE(executor.threadCount(), 3);
    gate.set();
    {
        Watchdog watchdog(60s, "shutdown(wait=true)");
        executor.shutdown(true);
    }
    for (const TaskFuture &f : fs)
        QCOMPARE(f.state(), FutureState::Finished);
    QCOMPARE(executor.threadCount(), 3);
}

void tst_Executor::noThreadBeforeFirstSubmit()
{
    ThreadPoolExecutor executor(3);
    QCOMPARE(executor.threadCount(), 0);
    QVERIFY(!executor.isShutdown());
    executor.shutdown(true);
    QCOMPARE(executor.threadCount(), 0);
    QVERIFY(executor.isShutdown());
}

void tst_Executor::threadNames_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::newRow("default") << QString();
    QTest::newRow("SpecialPool") << QStringLiteral("SpecialPool");
}

// P/test_shutdown.py test_thread_names_assigned / _default, with poolscope's "<prefix>-<n>" from 1.
void tst_Executor::threadNames()
{
    QFETCH(QString, prefix);
    StopEvent gate;
    Arrivals started;
    Locked<QString> names;
    auto executor = prefix.isEmpty() ? std::make_unique<ThreadPoolExecutor>(3)
                                     : std::make_unique<ThreadPoolExecutor>(3, nullptr, prefix);
    auto release = qScopeGuard([&] { gate.set(); });
    const QString expectedPrefix = prefix.isEmpty() ? QStringLiteral("worker") : prefix;
    std::atomic<int> mismatches { 0 };
    for (int i = 0; i < 3; ++i) {
        executor->submit([&](TaskContext &ctx) {
            const QString name = currentThreadName();
            names.push(name);
            if (name != expectedPrefix + QLatin1Char('-') + QString::number(ctx.worker + 1))
                mismatches.fetch_add(1);
            started.arrive();
            return QVariant(gate.wait(60s)); // hold the thread so that each task gets its own
        });
    }
    QVERIFY(started.waitFor(3));
    gate.set();
    executor->shutdown(true);
    QStringList got;
    for (const QString &n : names.values())
        got << n;
    got.sort();
    QCOMPARE(got, QStringList({ expectedPrefix + "-1", expectedPrefix + "-2", expectedPrefix + "-3" }));
    QCOMPARE(mismatches.load(), 0);
}

// CPython's _WorkItem.run passes any exception to set_exception: it is kept in the future, and the worker
// carries on.
void tst_Executor::exceptionsKeptInFutures()
{
    Recorder recorder;
    ThreadPoolExecutor executor(1, &recorder);
    TaskFuture failing = executor.submit([]() -> QVariant { throw TaskFailure("boom"); });
    TaskFuture odd = executor.submit([]() -> QVariant { throw 42; });
    TaskFuture ok = executor.submit([] { return QVariant(1); });
    QCOMPARE(ok.result(20s), QVariant(1));
    QCOMPARE(failing.state(), FutureState::Finished);
    QVERIFY(!failing.cancelled());
    QString what;
    try {
        failing.result(0ns);
    } catch (const TaskFailure &e) {
        what = QString::fromUtf8(e.what());
    }
    QCOMPARE(what, QStringLiteral("boom"));
    const std::exception_ptr e = failing.exception(0ns);
    QVERIFY(e);
    QVERIFY_THROWS_EXCEPTION(TaskFailure, std::rethrow_exception(e));
    int thrown = 0;
    try {
        odd.result(0ns);
    } catch (int value) {
        thrown = value;
    }
    QCOMPARE(thrown, 42);
    QCOMPARE(odd.cancel(), false);
    executor.shutdown(true);

    const auto events = recorder.snapshot();
    const auto events0 = eventsOf(events, 0);
    const auto events1 = eventsOf(events, 1);
    const auto events2 = eventsOf(events, 2);
    const RecordedEvent *end0 = findKind(events0, EventKind::End);
    const RecordedEvent *end1 = findKind(events1, EventKind::End);
    const RecordedEvent *end2 = findKind(events2, EventKind::End);
    QVERIFY(end0 && end1 && end2);
    QCOMPARE(end0->outcome(), Outcome::Failed);
    QCOMPARE(end1->outcome(), Outcome::Failed);
    QCOMPARE(end2->outcome(), Outcome::Completed);
}

// Every callback runs exactly once: the worker runs it for a finished task, the cancelling thread for a
// cancel, the adding thread when the future is already done.
void tst_Executor::doneCallbacksExactlyOnce()
{
    constexpr int N = 200;
    StopEvent gate;
    Arrivals started;
    ThreadPoolExecutor executor(2);
    auto release = qScopeGuard([&] { gate.set(); });
    for (int w = 0; w < 2; ++w)
        executor.submit([&] {
            started.arrive();
            return QVariant(gate.wait(60s));
        });
    QVERIFY(started.waitFor(2));
    std::vector<std::atomic<int>> calls(N);
    std::vector<std::atomic<int>> wrongThread(N);
    std::vector<TaskFuture> fs;
    const auto mainThread = std::this_thread::get_id();
    for (int i = 0; i < N; ++i) {
        fs.push_back(executor.submit([i] { return QVariant(i); }));
        fs.back().addDoneCallback([&, i](const TaskFuture &f) {
            calls[i].fetch_add(1);
            const bool onWorker = currentThreadName().startsWith(QLatin1String("worker-"));
            const bool onMain = std::this_thread::get_id() == mainThread;
            if (f.cancelled() ? !onMain : !onWorker)
                wrongThread[i].fetch_add(1);
        });
    }
    for (int i = 0; i < N; i += 4)
        QVERIFY(fs[i].cancel());
    gate.set();
    executor.shutdown(true);
    for (int i = 0; i < N; ++i) {
        QCOMPARE(calls[i].load(), 1);
        QCOMPARE(wrongThread[i].load(), 0);
    }
    // Added after the end: runs at once, in this thread, once.
    int late = 0;
    fs[1].addDoneCallback([&](const TaskFuture &) {
        if (std::this_thread::get_id() == mainThread)
            ++late;
    });
    QCOMPARE(late, 1);
    QCOMPARE(calls[1].load(), 1);
}

// P/test_shutdown.py test_hang_issue12364: without cancel_futures, queued work still runs after shutdown().
// shutdown(wait=false) returns while tasks are still blocked.
void tst_Executor::shutdownLetsQueuedWorkRun()
{
    StopEvent gate;
    Arrivals started;
    ThreadPoolExecutor executor(2);
    auto release = qScopeGuard([&] { gate.set(); });
    std::vector<TaskFuture> fs;
    for (int w = 0; w < 2; ++w)
        fs.push_back(executor.submit([&] {
            started.arrive();
            return QVariant(gate.wait(60s));
        }));
    for (int i = 0; i < 50; ++i)
        fs.push_back(executor.submit([i] { return QVariant(i); }));
    QVERIFY(started.waitFor(2));
    {
        Watchdog watchdog(30s, "shutdown(wait=false)");
        executor.shutdown(false);
    }
    QVERIFY(executor.isShutdown());
    QVERIFY(!fs.back().done()); // shutdown(wait=false) did not wait, and did not cancel
    QCOMPARE(fs.back().state(), FutureState::Pending);
    gate.set();
    executor.shutdown(true);
    QCOMPARE(fs[0].result(0ns), QVariant(true));
    QCOMPARE(fs[1].result(0ns), QVariant(true));
    for (int i = 0; i < 50; ++i)
        QCOMPARE(fs[2 + i].result(0ns), QVariant(i));
}

void tst_Executor::shutdownWaitReturnsOnlyAfterAllEnded_data()
{
    QTest::addColumn<bool>("cancelFutures");
    QTest::newRow("shutdown(wait=True)") << false;
    QTest::newRow("shutdown(wait=True, cancel_futures=True)") << true;
}

// shutdown(wait=true) joins the workers: when it returns, every task that was not cancelled has ended and
// its future is finished, running ones included (they are never interrupted).
void tst_Executor::shutdownWaitReturnsOnlyAfterAllEnded()
{
    QFETCH(bool, cancelFutures);
    StopEvent gate;
    Arrivals started;
    std::atomic<int> ended { 0 };
    ThreadPoolExecutor executor(2);
    auto release = qScopeGuard([&] { gate.set(); });
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 12; ++i) {
        fs.push_back(executor.submit([&] {
            started.arrive();
            gate.wait(60s);
            ended.fetch_add(1);
            return QVariant(true);
        }));
    }
    QVERIFY(started.waitFor(2));

    struct Seen
    {
        int ended = -1;
        int finished = 0;
        int cancelled = 0;
        int other = 0;
    } seen;
    std::thread shutter([&] {
        executor.shutdown(true, cancelFutures);
        seen.ended = ended.load();
        for (const TaskFuture &f : fs) {
            const FutureState s = f.state();
            (s == FutureState::Finished ? seen.finished : s == FutureState::Cancelled ? seen.cancelled : seen.other)++;
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(executor.isShutdown(), 20000);
    // The two running tasks are held; shutdown(wait=true) cannot have returned yet.
    QCOMPARE(ended.load(), 0);
    gate.set();
    {
        Watchdog watchdog(60s, "shutdown(wait=true)");
        shutter.join();
    }
    QCOMPARE(seen.ended, cancelFutures ? 2 : 12);
    QCOMPARE(seen.finished, cancelFutures ? 2 : 12);
    QCOMPARE(seen.cancelled, cancelFutures ? 10 : 0);
    QCOMPARE(seen.other, 0);
}

// P/test_shutdown.py test_cancel_futures: the queued items are cancelled, the running ones finish. Those
// futures stay CANCELLED for ever (no worker dequeues them), so wait() and as_completed() never count
// them as done (python/cpython#87893, #92001, #109934). Their callbacks run in the thread calling shutdown.
void tst_Executor::shutdownCancelFutures()
{
    constexpr int Queued = 20;
    Recorder recorder;
    StopEvent gate;
    Arrivals started;
    std::atomic<int> queuedRan { 0 };
    ThreadPoolExecutor executor(1, &recorder);
    auto release = qScopeGuard([&] { gate.set(); });
    TaskFuture running = executor.submit([&] {
        started.arrive();
        return QVariant(gate.wait(60s));
    });
    QVERIFY(started.waitFor(1));
    std::vector<TaskFuture> queued;
    std::vector<std::atomic<int>> calls(Queued);
    std::atomic<int> offThread { 0 };
    const auto mainThread = std::this_thread::get_id();
    for (int i = 0; i < Queued; ++i) {
        queued.push_back(executor.submit([&] {
            queuedRan.fetch_add(1);
            return QVariant();
        }));
        queued.back().addDoneCallback([&, i](const TaskFuture &) {
            calls[i].fetch_add(1);
            if (std::this_thread::get_id() != mainThread)
                offThread.fetch_add(1);
        });
    }
    QVERIFY(queued[3].cancel()); // cancelled by the user before shutdown: shutdown cancels it again (true)

    executor.shutdown(false, true);
    for (int i = 0; i < Queued; ++i) {
        QCOMPARE(queued[i].state(), FutureState::Cancelled);
        QCOMPARE(calls[i].load(), 1);
    }
    QCOMPARE(offThread.load(), 0);
    QCOMPARE(running.state(), FutureState::Running);
    QVERIFY(!running.cancel());
    QVERIFY(queued[0].cancel()); // a later cancel() on a future shutdown cancelled returns true

    gate.set();
    executor.shutdown(true);
    QCOMPARE(running.result(0ns), QVariant(true));
    QCOMPARE(queuedRan.load(), 0);
    for (int i = 0; i < Queued; ++i) {
        QCOMPARE(queued[i].state(), FutureState::Cancelled); // for ever: never CANCELLED_AND_NOTIFIED
        QCOMPARE(calls[i].load(), 1);
        QVERIFY(queued[i].done());
    }
    const DoneAndNotDone r = poolscope::wait(queued, 50ms);
    QVERIFY(r.done.empty());
    QCOMPARE(r.notDone.size(), size_t(Queued));
    QString error;
    try {
        AsCompleted it(queued, 20ms);
        while (it.next()) { }
    } catch (const TimeoutError &e) {
        error = QString::fromUtf8(e.what());
    }
    QCOMPARE(error, QStringLiteral("20 (of 20) futures unfinished"));

    // Recorded: one cancel by shutdown per queued item, none skipped by a worker.
    const auto events = recorder.snapshot();
    for (int i = 0; i < Queued; ++i) {
        const auto mine = eventsOf(events, queued[i].taskIndex());
        QCOMPARE(countKind(mine, EventKind::Start), 0);
        QCOMPARE(countKind(mine, EventKind::CancelSkip), 0);
        int byShutdown = 0;
        for (const RecordedEvent &e : mine) {
            if (e.kind == EventKind::CancelCall && (e.flags & CancelByShutdownFlag)) {
                ++byShutdown;
                QVERIFY(e.cancelResult());
            }
        }
        QCOMPARE(byShutdown, 1);
    }
}

// P/test_shutdown.py test_cancel_futures_wait_false, made deterministic: the running task is held, so the
// queued one is cancelled and never runs; shutdown returns at once.
void tst_Executor::shutdownCancelFuturesWaitFalseWhileRunning()
{
    StopEvent gate;
    Arrivals started;
    std::atomic<bool> secondRan { false };
    TaskFuture first, second;
    {
        ThreadPoolExecutor executor(1);
        auto release = qScopeGuard([&] { gate.set(); });
        first = executor.submit([&] {
            started.arrive();
            return QVariant(gate.wait(60s));
        });
        second = executor.submit([&] {
            secondRan = true;
            return QVariant();
        });
        QVERIFY(started.waitFor(1));
        executor.shutdown(false, true);
        QCOMPARE(first.state(), FutureState::Running);
        QCOMPARE(second.state(), FutureState::Cancelled);
        // release: the destructor then waits for the running task (leaving a `with` block)
    }
    QCOMPARE(first.result(0ns), QVariant(true));
    QVERIFY(!secondRan.load());
    QCOMPARE(second.state(), FutureState::Cancelled);
}

void tst_Executor::submitAfterShutdownThrows_data()
{
    QTest::addColumn<bool>("wait");
    QTest::addColumn<bool>("cancelFutures");
    QTest::newRow("shutdown()") << true << false;
    QTest::newRow("shutdown(wait=False)") << false << false;
    QTest::newRow("shutdown(cancel_futures=True)") << true << true;
}

// P/test_shutdown.py test_run_after_shutdown: RuntimeError('cannot schedule new futures after shutdown').
void tst_Executor::submitAfterShutdownThrows()
{
    QFETCH(bool, wait);
    QFETCH(bool, cancelFutures);
    ThreadPoolExecutor executor(2);
    QCOMPARE(executor.submit([] { return QVariant(1); }).result(20s), QVariant(1));
    executor.shutdown(wait, cancelFutures);
    QVERIFY(executor.isShutdown());
    QString message;
    try {
        executor.submit([] { return QVariant(2); });
    } catch (const ExecutorShutdownError &e) {
        message = QString::fromUtf8(e.what());
    }
    QCOMPARE(message, QStringLiteral("cannot schedule new futures after shutdown"));
    QVERIFY_THROWS_EXCEPTION(ExecutorShutdownError, executor.submit([](TaskContext &) { return QVariant(); }));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, executor.submit([] { return QVariant(); })); // a RuntimeError
}

// B:630: calling shutdown more than once is safe, in any combination.
void tst_Executor::shutdownTwiceIsSafe()
{
    ThreadPoolExecutor executor(2);
    TaskFuture f = executor.submit([] { return QVariant(5); });
    Watchdog watchdog(60s, "repeated shutdown()");
    executor.shutdown(true);
    executor.shutdown(true);
    executor.shutdown(false);
    executor.shutdown(true, true);
    executor.shutdown(false, true);
    QCOMPARE(f.result(0ns), QVariant(5));
    QVERIFY(executor.isShutdown());
}

// Several threads in shutdown(wait=true) at once: each returns only after every task ended.
void tst_Executor::concurrentShutdownsAllWait()
{
    StopEvent gate;
    Arrivals started;
    Arrivals callers;
    std::atomic<int> ended { 0 };
    ThreadPoolExecutor executor(3);
    auto release = qScopeGuard([&] { gate.set(); });
    for (int i = 0; i < 9; ++i)
        executor.submit([&] {
            started.arrive();
            gate.wait(60s);
            ended.fetch_add(1);
            return QVariant();
        });
    QVERIFY(started.waitFor(3));
    std::vector<std::atomic<int>> seenEnded(3);
    std::vector<std::thread> shutters;
    for (int t = 0; t < 3; ++t) {
        shutters.emplace_back([&, t] {
            callers.arrive();
            executor.shutdown(true, t == 2);
            seenEnded[t] = ended.load();
        });
    }
    QVERIFY(callers.waitFor(3));
    QTRY_VERIFY_WITH_TIMEOUT(executor.isShutdown(), 20000);
    gate.set();
    {
        Watchdog watchdog(60s, "concurrent shutdown(wait=true)");
        for (auto &t : shutters)
            t.join();
    }
    // Whether the last caller's cancel_futures caught any queued task depends on timing; what never
    // changes is that each caller saw every task that was going to run already ended.
    const int total = ended.load();
    QVERIFY(total >= 3);
    for (int t = 0; t < 3; ++t)
        QCOMPARE(seenEnded[t].load(), total);
}

// Found by tst_stress: shutdown(wait=false, cancel_futures=True) in one thread drains the queue, and while
// it is still cancelling what it drained, shutdown(wait=True) in another must not return (CPython holds
// _shutdown_lock across both). Here a done-callback holds the first shutdown inside its cancels.
void tst_Executor::shutdownWaitsForAnotherShutdownsCancels()
{
    StopEvent busyStarted, releaseWorker, inCallback, releaseCallback;
    ThreadPoolExecutor executor(1);
    auto release = qScopeGuard([&] {
        releaseWorker.set();
        releaseCallback.set();
    });
    TaskFuture busy = executor.submit([&] {
        busyStarted.set();
        releaseWorker.wait(60s);
        return QVariant();
    });
    QVERIFY(busyStarted.wait(20s)); // else the drain below could take it too
    TaskFuture first = executor.submit([] { return QVariant(); });
    TaskFuture second = executor.submit([] { return QVariant(); });
    first.addDoneCallback([&](const TaskFuture &) {
        inCallback.set();
        releaseCallback.wait(60s);
    });
    std::thread drainer([&] { executor.shutdown(false, true); });
    QVERIFY(inCallback.wait(20s)); // the drainer is between its two cancels
    releaseWorker.set();
    busy.result(20s); // the worker is done and will find the queue empty

    std::atomic<pid_t> waiterTid { 0 };
    std::atomic<bool> waiterReturned { false };
    std::atomic<int> secondStateOnReturn { -1 };
    std::thread waiter([&] {
        waiterTid = currentTid();
        executor.shutdown(true, false);
        secondStateOnReturn = int(second.state());
        waiterReturned = true;
    });
    // Let the waiter either return (the bug) or fall asleep on the shutdown lock (the fix) before the
    // drainer may go on.
    QTRY_VERIFY_WITH_TIMEOUT(waiterTid.load() != 0, 20000);
    waitUntilAsleep(waiterTid.load(), [&] { return waiterReturned.load(); }, 5s, 3);
    releaseCallback.set();
    drainer.join();
    waiter.join();
    QCOMPARE(FutureState(secondStateOnReturn.load()), FutureState::Cancelled);
}

// The other order: shutdown(wait=True) is already joining the workers when shutdown(cancel_futures=True)
// drains the queue. The worker that finds the queue empty must not exit (and let the join return) before
// the drained futures are cancelled: CPython puts the exit sentinel after those cancels. Found by tst_stress.
void tst_Executor::joiningShutdownWaitsForALaterShutdownsCancels()
{
    Watchdog watchdog(60s, "a joining shutdown(wait=true) and a cancelling shutdown");
    StopEvent busyStarted, releaseWorker, inCallback, releaseCallback;
    ThreadPoolExecutor executor(1);
    auto release = qScopeGuard([&] {
        releaseWorker.set();
        releaseCallback.set();
    });
    std::atomic<pid_t> workerTid { 0 };
    TaskFuture busy = executor.submit([&] {
        workerTid = currentTid();
        busyStarted.set();
        releaseWorker.wait(60s);
        return QVariant();
    });
    QVERIFY(busyStarted.wait(20s));
    TaskFuture first = executor.submit([] { return QVariant(); });
    TaskFuture second = executor.submit([] { return QVariant(); });
    first.addDoneCallback([&](const TaskFuture &) {
        inCallback.set();
        releaseCallback.wait(60s);
    });
    std::atomic<pid_t> waiterTid { 0 };
    std::atomic<bool> waiterReturned { false };
    std::atomic<int> secondStateOnReturn { -1 };
    std::thread waiter([&] {
        waiterTid = currentTid();
        executor.shutdown(true, false);
        secondStateOnReturn = int(second.state());
        waiterReturned = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(waiterTid.load() != 0, 20000);
    waitUntilAsleep(waiterTid.load(), [&] { return waiterReturned.load(); }, 5s, 3); // joining
    std::thread drainer([&] { executor.shutdown(false, true); });
    QVERIFY(inCallback.wait(20s)); // the drainer is between its two cancels
    releaseWorker.set();
    busy.result(20s);
    // The worker either exits (the bug: the waiter then returns) or sleeps until the cancels are done.
    waitUntilAsleep(workerTid.load(), [&] { return waiterReturned.load(); }, 5s, 3);
    releaseCallback.set();
    drainer.join();
    waiter.join();
    QCOMPARE(FutureState(secondStateOnReturn.load()), FutureState::Cancelled);
}

// The destructor is shutdown(wait=true), as leaving a `with` block.
void tst_Executor::destructorWaits()
{
    StopEvent gate;
    Arrivals started;
    Arrivals destroying;
    std::atomic<int> ended { 0 };
    std::vector<TaskFuture> fs;
    std::thread releaser([&] {
        destroying.waitFor(1, 60s);
        gate.set();
    });
    {
        ThreadPoolExecutor executor(2);
        for (int i = 0; i < 20; ++i)
            fs.push_back(executor.submit([&] {
                started.arrive();
                gate.wait(60s);
                ended.fetch_add(1);
                return QVariant(true);
            }));
        QVERIFY(started.waitFor(2));
        destroying.arrive();
    }
    QCOMPARE(ended.load(), 20);
    for (const TaskFuture &f : fs)
        QCOMPARE(f.state(), FutureState::Finished);
    releaser.join();
}

// P/test_shutdown.py test_hang_gh94440: submit().result(), submit().cancel(), shutdown(wait=True) returns.
void tst_Executor::hangGh94440()
{
    Watchdog watchdog(30s, "test_hang_gh94440");
    ThreadPoolExecutor executor(1);
    QCOMPARE(executor.submit([] { return QVariant(0); }).result(20s), QVariant(0));
    TaskFuture f = executor.submit([] { return QVariant(0); });
    const bool cancelled = f.cancel();
    executor.shutdown(true);
    QVERIFY(f.done());
    QCOMPARE(f.cancelled(), cancelled);
}

// Every submit, start, step, cancel call (with its result), skip and end, with the right task index and
// worker, in a consistent order.
void tst_Executor::recorderEvents()
{
    Recorder recorder;
    StopEvent gate;
    Arrivals started;
    ThreadPoolExecutor executor(1, &recorder);
    auto release = qScopeGuard([&] { gate.set(); });
    TaskFuture t0 = executor.submit([&](TaskContext &ctx) {
        started.arrive();
        gate.wait(60s);
        ctx.record(EventKind::Step, 0, 1);
        ctx.stepsDone = 1;
        return QVariant();
    });
    QVERIFY(started.waitFor(1));
    TaskFuture t1 = executor.submit([] { return QVariant(); });
    TaskFuture t2 = executor.submit([] { return QVariant(); });
    TaskFuture t3 = executor.submit([]() -> QVariant { throw TaskFailure("x"); });
    TaskFuture t4 = executor.submit([](TaskContext &ctx) {
        ctx.stepsDone = 2;
        ctx.outcome = Outcome::Stopped;
        return QVariant();
    });
    QVERIFY(t1.cancel());
    QVERIFY(!t0.cancel());
    gate.set();
    executor.shutdown(true);

    const std::vector<RecordedEvent> events = recorder.snapshot();
    for (size_t i = 1; i < events.size(); ++i)
        QVERIFY(events[i - 1].tNs <= events[i].tNs);
    QCOMPARE(countKind(events, EventKind::Submit), 5);
    for (quint32 task = 0; task < 5; ++task) {
        const auto mine = eventsOf(events, task);
        const RecordedEvent *submit = findKind(mine, EventKind::Submit);
        QVERIFY(submit);
        QCOMPARE(submit->worker, CallerThread);
    }

    auto shape = [&](quint32 task) { return kindNames(eventsOf(events, task)); };
    auto name = [](EventKind k) { return QString::fromUtf8(eventKindName(k)); };
    QCOMPARE(shape(0),
        QStringList({ name(EventKind::Submit), name(EventKind::Start), name(EventKind::CancelCall),
            name(EventKind::Step), name(EventKind::End) }));
    QCOMPARE(
        shape(1), QStringList({ name(EventKind::Submit), name(EventKind::CancelCall), name(EventKind::CancelSkip) }));
    for (quint32 task : { 2u, 3u, 4u })
        QCOMPARE(shape(task), QStringList({ name(EventKind::Submit), name(EventKind::Start), name(EventKind::End) }));

    const auto e0 = eventsOf(events, 0);
    QCOMPARE(e0[1].worker, qint16(0)); // Start on worker 0
    QVERIFY(!e0[2].cancelResult()); // cancel() on a running task: False
    QCOMPARE(e0[2].worker, CallerThread);
    QCOMPARE(e0[3].value, 1); // the step
    QCOMPARE(e0[3].worker, qint16(0));
    QCOMPARE(e0[4].outcome(), Outcome::Completed);
    QCOMPARE(e0[4].value, 1);
    const auto e1 = eventsOf(events, 1);
    QVERIFY(e1[1].cancelResult());
    QCOMPARE(e1[1].flags & CancelByShutdownFlag, 0);
    QCOMPARE(e1[2].worker, qint16(0));
    QCOMPARE(eventsOf(events, 2)[2].outcome(), Outcome::Completed);
    QCOMPARE(eventsOf(events, 3)[2].outcome(), Outcome::Failed);
    QCOMPARE(eventsOf(events, 4)[2].outcome(), Outcome::Stopped);
    QCOMPARE(eventsOf(events, 4)[2].value, 2);

    // FIFO on one worker: starts and skips in task order.
    QList<quint32> dequeued;
    for (const RecordedEvent &e : events)
        if (e.kind == EventKind::Start || e.kind == EventKind::CancelSkip)
            dequeued << e.task;
    QCOMPARE(dequeued, QList<quint32>({ 0, 1, 2, 3, 4 }));
}

// With several workers, each task starts and ends on the worker that ran it, and the recorded worker is
// the one in its thread's name.
void tst_Executor::recorderWorkersMatchContext()
{
    constexpr int N = 200;
    Recorder recorder;
    ThreadPoolExecutor executor(3, &recorder);
    std::vector<std::atomic<int>> workerOf(N);
    std::vector<TaskFuture> fs;
    for (int i = 0; i < N; ++i)
        fs.push_back(executor.submit([&workerOf, i](TaskContext &ctx) {
            workerOf[i] = currentThreadName() == QStringLiteral("worker-%1").arg(ctx.worker + 1) ? ctx.worker : -2;
            return QVariant();
        }));
    for (int i = 0; i < N; i += 7)
        fs[i].cancel();
    executor.shutdown(true);
    const auto events = recorder.snapshot();
    for (int i = 0; i < N; ++i) {
        const auto mine = eventsOf(events, fs[i].taskIndex());
        const RecordedEvent *start = findKind(mine, EventKind::Start);
        const RecordedEvent *end = findKind(mine, EventKind::End);
        const RecordedEvent *skip = findKind(mine, EventKind::CancelSkip);
        if (fs[i].cancelled()) {
            QVERIFY(!start && !end && skip);
            QVERIFY(skip->worker >= 0 && skip->worker < 3);
        } else {
            QVERIFY(start && end && !skip);
            QCOMPARE(start->worker, qint16(workerOf[i].load()));
            QCOMPARE(end->worker, start->worker);
            QVERIFY(start->tNs <= end->tNs);
        }
    }
}

QTEST_GUILESS_MAIN(tst_Executor)
#include "tst_executor.moc"
