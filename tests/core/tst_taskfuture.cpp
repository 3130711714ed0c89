// SPDX-License-Identifier: MIT
// TaskFuture, wait() and AsCompleted against CPython's Lib/test/test_concurrent_futures (test_future.py,
// test_wait.py, test_as_completed.py): docs guide cpython-futures.md section (d), rows 1-20 and 40-53.
// Each test names the CPython test it ports. Where CPython sleeps to let another thread block first, the
// outcome here does not depend on who gets there first (a helper that must act while the test thread is
// blocked watches that thread's state in /proc); the gates are StopEvents, as CPython's are Events.
#include "models/python/futureerrors.h"
#include "models/python/futurewait.h"
#include "models/python/stopevent.h"
#include "models/python/taskfuture.h"
#include "models/python/threadpoolexecutor.h"
#include "threadtestsupport.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

Q_DECLARE_METATYPE(poolscope::FutureState)

namespace {

// CPython's fixtures use OSError for EXCEPTION_FUTURE.
struct OSError : std::runtime_error
{
    OSError()
        : std::runtime_error("OSError")
    { }
};

// The fixtures of CPython's test_concurrent_futures/util.py.
enum class Fixture
{
    Pending,
    Running,
    Cancelled,
    CancelledAndNotified,
    Exception,
    Success
};

TaskFuture makeFuture(Fixture fixture)
{
    TaskFuture f;
    switch (fixture) {
    case Fixture::Pending:
        break;
    case Fixture::Running:
        f.setRunningOrNotifyCancel();
        break;
    case Fixture::Cancelled:
        f.cancel();
        break;
    case Fixture::CancelledAndNotified:
        f.cancel();
        f.setRunningOrNotifyCancel();
        break;
    case Fixture::Exception:
        f.setException(std::make_exception_ptr(OSError()));
        break;
    case Fixture::Success:
        f.setResult(42);
        break;
    }
    return f;
}

void addFixtureRows()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::newRow("PENDING") << Fixture::Pending;
    QTest::newRow("RUNNING") << Fixture::Running;
    QTest::newRow("CANCELLED") << Fixture::Cancelled;
    QTest::newRow("CANCELLED_AND_NOTIFIED") << Fixture::CancelledAndNotified;
    QTest::newRow("EXCEPTION") << Fixture::Exception;
    QTest::newRow("SUCCESS") << Fixture::Success;
}

// Names futures so that set comparisons print readably.
class Names
{
public:
    TaskFuture add(const QString &name, TaskFuture f)
    {
        m_names.insert(f.shared(), name);
        return f;
    }
    QStringList operator()(const std::vector<TaskFuture> &futures) const
    {
        QStringList out;
        for (const TaskFuture &f : futures)
            out << m_names.value(f.shared(), QStringLiteral("?"));
        out.sort();
        return out;
    }

private:
    QHash<const FutureShared *, QString> m_names;
};

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

template <typename Exception> bool throws(const std::function<void()> &fn)
{
    try {
        fn();
    } catch (const Exception &) {
        return true;
    } catch (...) {
        return false;
    }
    return false;
}

QString rethrownWhat(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("<not a std::exception>");
    }
}

int mul(int x, int y)
{
    return x * y;
}

} // namespace

Q_DECLARE_METATYPE(Fixture)

class tst_TaskFuture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // test_future.py
    void doneCallbackWithResult();
    void doneCallbackWithException();
    void doneCallbackWithCancel();
    void doneCallbackRaises_data();
    void doneCallbackRaises();
    void doneCallbackAlreadySuccessful();
    void doneCallbackAlreadyFailed();
    void doneCallbackAlreadyCancelled();
    void doneCallbackRaisesAlreadySucceeded();
    void doneCallbacksRunInOrderExactlyOnce();
    void doneCallbackRunsInCompletingThread_data();
    void doneCallbackRunsInCompletingThread();
    void repr_data();
    void repr();
    void cancel_data();
    void cancel();
    void cancelled_data();
    void cancelled();
    void done_data();
    void done();
    void running_data();
    void running();
    void resultWithTimeout_data();
    void resultWithTimeout();
    void resultTimeoutWaits();
    void resultWithSuccess();
    void resultWithCancel();
    void exceptionWithTimeout_data();
    void exceptionWithTimeout();
    void exceptionWithSuccess();
    void multipleSetResult();
    void multipleSetException();
    void setResultWhenDone_data();
    void setResultWhenDone();
    void setRunningOrNotifyCancel_data();
    void setRunningOrNotifyCancel();
    void cancelRacesWithSetRunning();
    void bareFutureHasNoTask();

    // test_wait.py
    void wait20369();
    void waitFirstCompleted();
    void waitFirstCompletedSomeAlreadyCompleted();
    void waitFirstException();
    void waitFirstExceptionSomeAlreadyComplete();
    void waitFirstExceptionOneAlreadyFailed();
    void waitAllCompleted();
    void waitTimeout();
    void waitPendingCallsRace();
    void waitIsNotWokenByCancelOnly();

    // test_as_completed.py
    void asCompletedNoTimeout();
    void asCompletedFutureTimesOut_data();
    void asCompletedFutureTimesOut();
    void asCompletedDuplicateFutures();
    void asCompletedFreeReferenceYieldedFuture();
    void asCompletedCorrectTimeoutExceptionMsg();
    void asCompletedYieldsInCompletionOrder();
    void asCompletedNeverYieldsPlainCancelled();

private:
    void waitingFor(QByteArray what) { m_watchdog->waitingFor(std::move(what)); }

    // One per test function: a lost wake-up fails in seconds, naming the wait, instead of running into
    // CTest's timeout (the gates' own 60 s timeouts are only there to let the threads go eventually).
    // Every function takes milliseconds (a second or two under a sanitizer); the limit is also below the
    // 20 s timeouts of the waits, so a wake-up lost in a timed wait fails too, not just slowly passes.
    std::optional<Watchdog> m_watchdog;
    static constexpr std::chrono::seconds FunctionLimit { 15 };
};

void tst_TaskFuture::initTestCase()
{
    qRegisterMetaType<Fixture>();
}

void tst_TaskFuture::init()
{
    // Expected warnings are declared with ignoreMessage(); any other warning is a failure.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_watchdog.emplace(FunctionLimit, testFunctionName(metaObject()->className(), QTest::currentTestFunction(),
                                             QTest::currentDataTag()));
}

void tst_TaskFuture::cleanup()
{
    m_watchdog.reset();
}

// ---------------------------------------------------------------- test_future.py

void tst_TaskFuture::doneCallbackWithResult()
{
    QVariant callbackResult;
    TaskFuture f;
    f.addDoneCallback([&](const TaskFuture &cf) { callbackResult = cf.result(); });
    QVERIFY(!callbackResult.isValid());
    f.setResult(5);
    QCOMPARE(callbackResult, QVariant(5));
}

void tst_TaskFuture::doneCallbackWithException()
{
    QString what;
    TaskFuture f;
    f.addDoneCallback([&](const TaskFuture &cf) { what = rethrownWhat(cf.exception()); });
    f.setException(std::make_exception_ptr(std::runtime_error("test")));
    QCOMPARE(what, QStringLiteral("test"));
}

void tst_TaskFuture::doneCallbackWithCancel()
{
    std::optional<bool> wasCancelled;
    TaskFuture f;
    f.addDoneCallback([&](const TaskFuture &cf) { wasCancelled = cf.cancelled(); });
    QVERIFY(f.cancel());
    QVERIFY(wasCancelled.has_value());
    QVERIFY(*wasCancelled);
}

void tst_TaskFuture::doneCallbackRaises_data()
{
    QTest::addColumn<bool>("stdException");
    QTest::newRow("std::runtime_error") << true;
    QTest::newRow("not a std::exception") << false;
}

// CPython logs 'exception calling callback for <Future ...>' and the traceback, then runs the others.
void tst_TaskFuture::doneCallbackRaises()
{
    QFETCH(bool, stdException);
    bool raisingWasCalled = false;
    bool fnWasCalled = false;
    TaskFuture f;
    f.addDoneCallback([&](const TaskFuture &) {
        raisingWasCalled = true;
        if (stdException)
            throw std::runtime_error("doh!");
        throw 42;
    });
    f.addDoneCallback([&](const TaskFuture &) { fnWasCalled = true; });
    if (stdException)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("callback.*doh!")));
    else
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("callback")));
    f.setResult(5);
    QVERIFY(raisingWasCalled);
    QVERIFY(fnWasCalled);
    QCOMPARE(f.result(), QVariant(5));
}

void tst_TaskFuture::doneCallbackAlreadySuccessful()
{
    QVariant callbackResult;
    TaskFuture f;
    f.setResult(5);
    f.addDoneCallback([&](const TaskFuture &cf) { callbackResult = cf.result(); });
    QCOMPARE(callbackResult, QVariant(5));
}

void tst_TaskFuture::doneCallbackAlreadyFailed()
{
    QString what;
    TaskFuture f;
    f.setException(std::make_exception_ptr(std::runtime_error("test")));
    f.addDoneCallback([&](const TaskFuture &cf) { what = rethrownWhat(cf.exception()); });
    QCOMPARE(what, QStringLiteral("test"));
}

void tst_TaskFuture::doneCallbackAlreadyCancelled()
{
    std::optional<bool> wasCancelled;
    TaskFuture f;
    QVERIFY(f.cancel());
    f.addDoneCallback([&](const TaskFuture &cf) { wasCancelled = cf.cancelled(); });
    QVERIFY(wasCancelled.has_value());
    QVERIFY(*wasCancelled);
}

void tst_TaskFuture::doneCallbackRaisesAlreadySucceeded()
{
    TaskFuture f;
    f.setResult(5);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("callback.*doh!")));
    bool called = false;
    f.addDoneCallback([&](const TaskFuture &) {
        called = true;
        throw std::runtime_error("doh!");
    }); // does not throw
    QVERIFY(called);
}

// Callbacks run in the order added, once: a second cancel() and the worker's notify do not re-run them.
void tst_TaskFuture::doneCallbacksRunInOrderExactlyOnce()
{
    QList<int> calls;
    TaskFuture f;
    for (int i = 0; i < 5; ++i)
        f.addDoneCallback([&calls, i](const TaskFuture &) { calls << i; });
    QVERIFY(calls.isEmpty());
    QVERIFY(f.cancel());
    QCOMPARE(calls, QList<int>({ 0, 1, 2, 3, 4 }));
    QVERIFY(f.cancel());
    QVERIFY(!f.setRunningOrNotifyCancel()); // CANCELLED -> CANCELLED_AND_NOTIFIED
    QVERIFY(f.cancel());
    QCOMPARE(calls.size(), 5);
    f.addDoneCallback([&calls](const TaskFuture &) { calls << 5; }); // at once, already done
    QCOMPARE(calls, QList<int>({ 0, 1, 2, 3, 4, 5 }));
}

void tst_TaskFuture::doneCallbackRunsInCompletingThread_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("setResult") << QStringLiteral("result");
    QTest::newRow("setException") << QStringLiteral("exception");
    QTest::newRow("cancel") << QStringLiteral("cancel");
}

// B:364-381 and B:537-565: the thread that finishes or cancels the future runs the callbacks.
void tst_TaskFuture::doneCallbackRunsInCompletingThread()
{
    QFETCH(QString, how);
    TaskFuture f;
    std::thread::id callbackThread;
    int calls = 0;
    f.addDoneCallback([&](const TaskFuture &) {
        callbackThread = std::this_thread::get_id();
        ++calls;
    });
    std::thread::id completer;
    std::thread t([&] {
        completer = std::this_thread::get_id();
        if (how == QLatin1String("result"))
            f.setResult(1);
        else if (how == QLatin1String("exception"))
            f.setException(std::make_exception_ptr(OSError()));
        else
            f.cancel();
    });
    waitingFor("the completing thread to finish " + how.toUtf8());
    t.join();
    QCOMPARE(calls, 1);
    QVERIFY(callbackThread == completer);
    QVERIFY(callbackThread != std::this_thread::get_id());
}

void tst_TaskFuture::repr_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<FutureState>("state");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("PENDING") << Fixture::Pending << FutureState::Pending << QByteArray("PENDING");
    QTest::newRow("RUNNING") << Fixture::Running << FutureState::Running << QByteArray("RUNNING");
    QTest::newRow("CANCELLED") << Fixture::Cancelled << FutureState::Cancelled << QByteArray("CANCELLED");
    QTest::newRow("CANCELLED_AND_NOTIFIED")
        << Fixture::CancelledAndNotified << FutureState::CancelledAndNotified << QByteArray("CANCELLED_AND_NOTIFIED");
    QTest::newRow("EXCEPTION") << Fixture::Exception << FutureState::Finished << QByteArray("FINISHED");
    QTest::newRow("SUCCESS") << Fixture::Success << FutureState::Finished << QByteArray("FINISHED");
}

// test_repr: there is no repr here; the state and its name (CPython's state constants) stand for it.
void tst_TaskFuture::repr()
{
    QFETCH(Fixture, fixture);
    QFETCH(FutureState, state);
    QFETCH(QByteArray, name);
    const TaskFuture f = makeFuture(fixture);
    QCOMPARE(f.state(), state);
    QCOMPARE(QByteArray(futureStateName(f.state())), name);
}

void tst_TaskFuture::cancel_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<bool>("result");
    QTest::addColumn<FutureState>("after");
    QTest::newRow("PENDING") << Fixture::Pending << true << FutureState::Cancelled;
    QTest::newRow("RUNNING") << Fixture::Running << false << FutureState::Running;
    QTest::newRow("CANCELLED") << Fixture::Cancelled << true << FutureState::Cancelled;
    QTest::newRow("CANCELLED_AND_NOTIFIED")
        << Fixture::CancelledAndNotified << true << FutureState::CancelledAndNotified;
    QTest::newRow("EXCEPTION") << Fixture::Exception << false << FutureState::Finished;
    QTest::newRow("SUCCESS") << Fixture::Success << false << FutureState::Finished;
}

void tst_TaskFuture::cancel()
{
    QFETCH(Fixture, fixture);
    QFETCH(bool, result);
    QFETCH(FutureState, after);
    TaskFuture f = makeFuture(fixture);
    QCOMPARE(f.cancel(), result);
    QCOMPARE(f.state(), after);
    QCOMPARE(f.cancel(), result); // and again: nothing changes
    QCOMPARE(f.state(), after);
}

void tst_TaskFuture::cancelled_data()
{
    addFixtureRows();
}

void tst_TaskFuture::cancelled()
{
    QFETCH(Fixture, fixture);
    const bool expected = fixture == Fixture::Cancelled || fixture == Fixture::CancelledAndNotified;
    QCOMPARE(makeFuture(fixture).cancelled(), expected);
}

void tst_TaskFuture::done_data()
{
    addFixtureRows();
}

void tst_TaskFuture::done()
{
    QFETCH(Fixture, fixture);
    const bool expected = fixture != Fixture::Pending && fixture != Fixture::Running;
    QCOMPARE(makeFuture(fixture).done(), expected);
}

void tst_TaskFuture::running_data()
{
    addFixtureRows();
}

void tst_TaskFuture::running()
{
    QFETCH(Fixture, fixture);
    QCOMPARE(makeFuture(fixture).running(), fixture == Fixture::Running);
}

void tst_TaskFuture::resultWithTimeout_data()
{
    addFixtureRows();
}

void tst_TaskFuture::resultWithTimeout()
{
    QFETCH(Fixture, fixture);
    const TaskFuture f = makeFuture(fixture);
    switch (fixture) {
    case Fixture::Pending:
    case Fixture::Running:
        QVERIFY_THROWS_EXCEPTION(TimeoutError, f.result(0ns));
        break;
    case Fixture::Cancelled:
    case Fixture::CancelledAndNotified:
        QVERIFY_THROWS_EXCEPTION(CancelledError, f.result(0ns));
        break;
    case Fixture::Exception:
        QVERIFY_THROWS_EXCEPTION(OSError, f.result(0ns));
        QVERIFY_THROWS_EXCEPTION(OSError, f.result()); // no timeout: done, so no wait
        break;
    case Fixture::Success:
        QCOMPARE(f.result(0ns), QVariant(42));
        QCOMPARE(f.result(), QVariant(42));
        break;
    }
}

void tst_TaskFuture::resultTimeoutWaits()
{
    const TaskFuture f = makeFuture(Fixture::Running);
    const auto start = Clock::now();
    QVERIFY_THROWS_EXCEPTION(TimeoutError, f.result(30ms));
    QVERIFY(Clock::now() - start >= 29ms);
    const auto start2 = Clock::now();
    QVERIFY_THROWS_EXCEPTION(TimeoutError, f.exception(30ms));
    QVERIFY(Clock::now() - start2 >= 29ms);
}

void tst_TaskFuture::resultWithSuccess()
{
    TaskFuture f1 = makeFuture(Fixture::Pending);
    std::thread t([f1, waiter = gettid()]() mutable {
        waitUntilAsleep(waiter); // until the main thread is waiting for the result
        f1.setResult(42);
    });
    waitingFor("result() to be woken by setResult(42) from another thread");
    const QVariant result = f1.result(20s);
    t.join();
    QCOMPARE(result, QVariant(42));
}

void tst_TaskFuture::resultWithCancel()
{
    TaskFuture f1 = makeFuture(Fixture::Pending);
    std::atomic<bool> cancelResult { false };
    std::thread t([f1, &cancelResult, waiter = gettid()]() mutable {
        waitUntilAsleep(waiter);
        cancelResult = f1.cancel();
    });
    waitingFor("result() to be woken by cancel() from another thread");
    const bool threw = throws<CancelledError>([&] { f1.result(20s); });
    t.join();
    QVERIFY(threw);
    QVERIFY(cancelResult.load());
}

void tst_TaskFuture::exceptionWithTimeout_data()
{
    addFixtureRows();
}

void tst_TaskFuture::exceptionWithTimeout()
{
    QFETCH(Fixture, fixture);
    const TaskFuture f = makeFuture(fixture);
    switch (fixture) {
    case Fixture::Pending:
    case Fixture::Running:
        QVERIFY_THROWS_EXCEPTION(TimeoutError, f.exception(0ns));
        break;
    case Fixture::Cancelled:
    case Fixture::CancelledAndNotified:
        QVERIFY_THROWS_EXCEPTION(CancelledError, f.exception(0ns));
        break;
    case Fixture::Exception: {
        const std::exception_ptr e = f.exception(0ns);
        QVERIFY(e);
        QVERIFY(throws<OSError>([&] { std::rethrow_exception(e); }));
        break;
    }
    case Fixture::Success:
        QVERIFY(!f.exception(0ns));
        QVERIFY(!f.exception());
        break;
    }
}

void tst_TaskFuture::exceptionWithSuccess()
{
    TaskFuture f1 = makeFuture(Fixture::Pending);
    std::thread t([f1, waiter = gettid()]() mutable {
        waitUntilAsleep(waiter);
        f1.setException(std::make_exception_ptr(OSError()));
    });
    waitingFor("exception() to be woken by setException() from another thread");
    const std::exception_ptr e = f1.exception(20s);
    t.join();
    QVERIFY(e);
    QVERIFY(throws<OSError>([&] { std::rethrow_exception(e); }));
}

// CPython: InvalidStateError('FINISHED: <Future at 0x... state=finished returned int>'); result stays 1.
void tst_TaskFuture::multipleSetResult()
{
    TaskFuture f = makeFuture(Fixture::Pending);
    f.setResult(1);
    QString message;
    try {
        f.setResult(2);
    } catch (const InvalidStateError &e) {
        message = QString::fromUtf8(e.what());
    }
    // CPython: 'FINISHED: <Future at 0x... state=finished returned int>'.
    QVERIFY2(message.startsWith(QLatin1String("FINISHED: ")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("returned")), qPrintable(message));
    QVERIFY(f.done());
    QCOMPARE(f.result(), QVariant(1));
}

void tst_TaskFuture::multipleSetException()
{
    TaskFuture f = makeFuture(Fixture::Pending);
    f.setException(std::make_exception_ptr(std::invalid_argument("first")));
    QString message;
    try {
        f.setException(std::make_exception_ptr(std::runtime_error("2nd")));
    } catch (const InvalidStateError &e) {
        message = QString::fromUtf8(e.what());
    }
    // CPython: 'FINISHED: <Future at 0x... state=finished raised ValueError>'.
    QVERIFY2(message.startsWith(QLatin1String("FINISHED: ")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("raised")), qPrintable(message));
    QCOMPARE(rethrownWhat(f.exception()), QStringLiteral("first"));
    QVERIFY(throws<std::invalid_argument>([&] { f.result(); }));
}

void tst_TaskFuture::setResultWhenDone_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<FutureState>("state");
    QTest::newRow("CANCELLED") << Fixture::Cancelled << FutureState::Cancelled;
    QTest::newRow("CANCELLED_AND_NOTIFIED") << Fixture::CancelledAndNotified << FutureState::CancelledAndNotified;
    QTest::newRow("EXCEPTION") << Fixture::Exception << FutureState::Finished;
    QTest::newRow("SUCCESS") << Fixture::Success << FutureState::Finished;
}

// B:537-565: set_result/set_exception on any done future raise InvalidStateError and change nothing.
void tst_TaskFuture::setResultWhenDone()
{
    QFETCH(Fixture, fixture);
    QFETCH(FutureState, state);
    TaskFuture f = makeFuture(fixture);
    int calls = 0;
    f.addDoneCallback([&](const TaskFuture &) { ++calls; });
    QCOMPARE(calls, 1);
    QVERIFY_THROWS_EXCEPTION(InvalidStateError, f.setResult(7));
    QVERIFY_THROWS_EXCEPTION(InvalidStateError, f.setException(std::make_exception_ptr(OSError())));
    QCOMPARE(f.state(), state);
    QCOMPARE(calls, 1);
    if (fixture == Fixture::Success)
        QCOMPARE(f.result(), QVariant(42));
}

void tst_TaskFuture::setRunningOrNotifyCancel_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<int>("expected"); // 1 true, 0 false, -1 throws
    QTest::addColumn<FutureState>("after");
    QTest::newRow("PENDING") << Fixture::Pending << 1 << FutureState::Running;
    QTest::newRow("CANCELLED") << Fixture::Cancelled << 0 << FutureState::CancelledAndNotified;
    QTest::newRow("RUNNING") << Fixture::Running << -1 << FutureState::Running;
    QTest::newRow("CANCELLED_AND_NOTIFIED") << Fixture::CancelledAndNotified << -1 << FutureState::CancelledAndNotified;
    QTest::newRow("EXCEPTION") << Fixture::Exception << -1 << FutureState::Finished;
    QTest::newRow("SUCCESS") << Fixture::Success << -1 << FutureState::Finished;
}

// B:497-535: PENDING -> RUNNING (True), CANCELLED -> CANCELLED_AND_NOTIFIED (False), else RuntimeError.
void tst_TaskFuture::setRunningOrNotifyCancel()
{
    QFETCH(Fixture, fixture);
    QFETCH(int, expected);
    QFETCH(FutureState, after);
    TaskFuture f = makeFuture(fixture);
    if (expected < 0) {
        // CPython logs CRITICAL 'Future ... in unexpected state' and raises RuntimeError.
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("unexpected state")));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, f.setRunningOrNotifyCancel());
    } else {
        QCOMPARE(f.setRunningOrNotifyCancel(), expected == 1);
    }
    QCOMPARE(f.state(), after);
}

// A worker's setRunningOrNotifyCancel() racing a caller's cancel(): exactly one wins, consistently, and
// the callbacks run once. One long-lived canceller thread, released future by future.
void tst_TaskFuture::cancelRacesWithSetRunning()
{
    constexpr int N = 3000;
    std::vector<TaskFuture> fs(N);
    std::vector<std::atomic<int>> calls(N);
    for (int i = 0; i < N; ++i)
        fs[i].addDoneCallback([&calls, i](const TaskFuture &) { calls[i].fetch_add(1); });
    std::vector<char> cancelResult(N, 0);
    // A two-party barrier per future: both sides arrive, then race.
    std::atomic<int> arrivals { 0 };
    auto meet = [&arrivals](int i) {
        arrivals.fetch_add(1);
        for (int spins = 0; arrivals.load() < 2 * (i + 1); ++spins) {
            if (spins > 256)
                std::this_thread::yield();
        }
    };
    waitingFor("3000 races of cancel() with setRunningOrNotifyCancel(), and the canceller thread");
    std::thread canceller([&] {
        for (int i = 0; i < N; ++i) {
            meet(i);
            cancelResult[i] = fs[i].cancel();
        }
    });
    std::vector<char> ran(N, 0);
    for (int i = 0; i < N; ++i) {
        meet(i);
        ran[i] = fs[i].setRunningOrNotifyCancel();
        if (ran[i])
            fs[i].setResult(i);
    }
    canceller.join();
    int cancelWins = 0;
    for (int i = 0; i < N; ++i) {
        QCOMPARE(bool(cancelResult[i]), !ran[i]);
        QCOMPARE(calls[i].load(), 1);
        QCOMPARE(fs[i].state(), ran[i] ? FutureState::Finished : FutureState::CancelledAndNotified);
        cancelWins += !ran[i];
    }
    qInfo("cancel won %d times, the worker %d times", cancelWins, N - cancelWins);
}

void tst_TaskFuture::bareFutureHasNoTask()
{
    TaskFuture f;
    QVERIFY(f.isValid());
    QCOMPARE(f.taskIndex(), NoTask);
    TaskFuture copy = f;
    QVERIFY(copy == f);
    QVERIFY(!(TaskFuture() == f));
    copy.setResult(3);
    QCOMPARE(f.result(), QVariant(3)); // every copy is the same future
}

// ---------------------------------------------------------------- test_wait.py
// CPython's ThreadPoolMixin uses 5 workers.

void tst_TaskFuture::wait20369()
{
    ThreadPoolExecutor executor(5);
    TaskFuture future = executor.submit([] { return QVariant(mul(1, 2)); });
    waitingFor("wait(ALL_COMPLETED) on a submitted mul(1, 2)");
    const DoneAndNotDone r = poolscope::wait({ future, future }, 20s, ReturnWhen::AllCompleted);
    QCOMPARE(r.done.size(), size_t(1));
    QVERIFY(r.done.front() == future);
    QVERIFY(r.notDone.empty());
}

void tst_TaskFuture::waitFirstCompleted()
{
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    Names n;
    const TaskFuture cancelledF = n.add("CANCELLED", makeFuture(Fixture::Cancelled));
    const TaskFuture future1 = n.add("future1", executor.submit([] { return QVariant(mul(21, 2)); }));
    const TaskFuture future2 = n.add("future2", executor.submit([&] { return QVariant(event.wait(60s)); }));
    waitingFor("wait(FIRST_COMPLETED) to be woken by future1's end");
    const DoneAndNotDone r = poolscope::wait({ cancelledF, future1, future2 }, 20s, ReturnWhen::FirstCompleted);
    QCOMPARE(n(r.done), QStringList({ "future1" }));
    QCOMPARE(n(r.notDone), sorted({ "CANCELLED", "future2" }));
    waitingFor("future2's worker to return from event.wait() after event.set()");
    event.set();
    QCOMPARE(future2.result(20s), QVariant(true));
}

void tst_TaskFuture::waitFirstCompletedSomeAlreadyCompleted()
{
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    Names n;
    const TaskFuture cn = n.add("C&N", makeFuture(Fixture::CancelledAndNotified));
    const TaskFuture ok = n.add("SUCCESS", makeFuture(Fixture::Success));
    const TaskFuture future1 = n.add("future1", executor.submit([&] { return QVariant(event.wait(60s)); }));
    const auto start = Clock::now();
    waitingFor("wait(FIRST_COMPLETED) on futures already done, then the worker woken by event.set()");
    const DoneAndNotDone r = poolscope::wait({ cn, ok, future1 }, 30s, ReturnWhen::FirstCompleted);
    QVERIFY(Clock::now() - start < 15s); // at once, not at the timeout
    QCOMPARE(n(r.done), sorted({ "C&N", "SUCCESS" }));
    QCOMPARE(n(r.notDone), QStringList({ "future1" }));
}

void tst_TaskFuture::waitFirstException()
{
    StopEvent event1;
    StopEvent event2;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] {
        event1.set();
        event2.set();
    });
    Names n;
    const TaskFuture future1 = n.add("future1", executor.submit([] { return QVariant(mul(2, 21)); }));
    const TaskFuture future2 = n.add("future2", executor.submit([&]() -> QVariant {
        event1.wait(60s);
        throw std::runtime_error("this is an exception");
    }));
    const TaskFuture future3 = n.add("future3", executor.submit([&] { return QVariant(event2.wait(60s)); }));
    // Ensure that future1 is completed before future2 finishes.
    std::thread t([&] {
        future1.result(20s);
        event1.set();
    });
    waitingFor("wait(FIRST_EXCEPTION) to be woken by future2, released by event1.set()");
    const DoneAndNotDone r = poolscope::wait({ future1, future2, future3 }, 20s, ReturnWhen::FirstException);
    t.join();
    QCOMPARE(n(r.done), sorted({ "future1", "future2" }));
    QCOMPARE(n(r.notDone), QStringList({ "future3" }));
    waitingFor("future3's worker to return from event2.wait() after event2.set()");
    event2.set();
    QCOMPARE(future3.result(20s), QVariant(true));
}

void tst_TaskFuture::waitFirstExceptionSomeAlreadyComplete()
{
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    Names n;
    const TaskFuture future1 = n.add("future1", executor.submit([]() -> QVariant {
        throw std::domain_error("integer division or modulo by zero"); // divmod(21, 0)
    }));
    const TaskFuture future2 = n.add("future2", executor.submit([&] { return QVariant(event.wait(60s)); }));
    waitingFor("wait(FIRST_EXCEPTION) to be woken by future1's exception, then future2's worker after event.set()");
    const DoneAndNotDone r = poolscope::wait(
        { n.add("SUCCESS", makeFuture(Fixture::Success)), n.add("CANCELLED", makeFuture(Fixture::Cancelled)),
            n.add("C&N", makeFuture(Fixture::CancelledAndNotified)), future1, future2 },
        20s, ReturnWhen::FirstException);
    QCOMPARE(n(r.done), sorted({ "SUCCESS", "C&N", "future1" }));
    QCOMPARE(n(r.notDone), sorted({ "CANCELLED", "future2" }));
}

void tst_TaskFuture::waitFirstExceptionOneAlreadyFailed()
{
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    Names n;
    const TaskFuture future1 = n.add("future1", executor.submit([&] { return QVariant(event.wait(60s)); }));
    const auto start = Clock::now();
    waitingFor("wait(FIRST_EXCEPTION) on a failed future, then future1's worker after event.set()");
    const DoneAndNotDone r = poolscope::wait(
        { n.add("EXCEPTION", makeFuture(Fixture::Exception)), future1 }, 30s, ReturnWhen::FirstException);
    QVERIFY(Clock::now() - start < 15s);
    QCOMPARE(n(r.done), QStringList({ "EXCEPTION" }));
    QCOMPARE(n(r.notDone), QStringList({ "future1" }));
}

void tst_TaskFuture::waitAllCompleted()
{
    ThreadPoolExecutor executor(5);
    Names n;
    const TaskFuture future1 = n.add("future1", executor.submit([]() -> QVariant {
        throw std::domain_error("integer division or modulo by zero"); // divmod(2, 0)
    }));
    const TaskFuture future2 = n.add("future2", executor.submit([] { return QVariant(mul(2, 21)); }));
    waitingFor("wait(ALL_COMPLETED) to be woken by future1 and future2");
    const DoneAndNotDone r = poolscope::wait(
        { n.add("SUCCESS", makeFuture(Fixture::Success)), n.add("C&N", makeFuture(Fixture::CancelledAndNotified)),
            n.add("EXCEPTION", makeFuture(Fixture::Exception)), future1, future2 },
        20s, ReturnWhen::AllCompleted);
    QCOMPARE(n(r.done), sorted({ "SUCCESS", "C&N", "EXCEPTION", "future1", "future2" }));
    QVERIFY(r.notDone.empty());
    QCOMPARE(future2.result(), QVariant(42));
}

// Never throws on timeout: returns what is done by then.
void tst_TaskFuture::waitTimeout()
{
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    Names n;
    const TaskFuture future = n.add("future", executor.submit([&] { return QVariant(event.wait(60s)); }));
    const auto start = Clock::now();
    DoneAndNotDone r;
    waitingFor("wait(timeout 50 ms) to time out");
    try {
        r = poolscope::wait({ n.add("C&N", makeFuture(Fixture::CancelledAndNotified)),
                                n.add("EXCEPTION", makeFuture(Fixture::Exception)),
                                n.add("SUCCESS", makeFuture(Fixture::Success)), future },
            50ms, ReturnWhen::AllCompleted);
    } catch (...) {
        QFAIL("wait() threw on timeout");
    }
    const auto elapsed = Clock::now() - start;
    QVERIFY(elapsed >= 49ms);
    QVERIFY(elapsed < 15s);
    QCOMPARE(n(r.done), sorted({ "C&N", "EXCEPTION", "SUCCESS" }));
    QCOMPARE(n(r.notDone), QStringList({ "future" }));
    waitingFor("the future's worker to return from event.wait() after event.set()");
    event.set();
    QCOMPARE(future.result(20s), QVariant(true));
}

// bpo-14406: 100 tasks blocked on one event; wait(ALL_COMPLETED) returns once it is set.
void tst_TaskFuture::waitPendingCallsRace()
{
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 100; ++i)
        fs.push_back(executor.submit([&] { return QVariant(event.wait(60s)); }));
    event.set();
    waitingFor("wait(ALL_COMPLETED) on 100 tasks released by one event.set()");
    const DoneAndNotDone r = poolscope::wait(fs, 60s, ReturnWhen::AllCompleted);
    QCOMPARE(r.done.size(), size_t(100));
    QVERIFY(r.notDone.empty());
    for (const TaskFuture &f : fs)
        QCOMPARE(f.result(0ns), QVariant(true));
}

// B:364-381: cancel() does not notify wait()'s waiters; the worker dequeuing the item (CANCELLED_AND_
// NOTIFIED) does. So a wait() on a cancelled pending future returns only once the worker reaches it.
void tst_TaskFuture::waitIsNotWokenByCancelOnly()
{
    StopEvent gate;
    ThreadPoolExecutor executor(1);
    auto release = qScopeGuard([&] { gate.set(); });
    std::atomic<bool> started { false };
    const TaskFuture blocker = executor.submit([&] {
        started = true;
        return QVariant(gate.wait(60s));
    });
    TaskFuture pending = executor.submit([] { return QVariant(1); });
    QVERIFY(pending.cancel());
    QCOMPARE(pending.state(), FutureState::Cancelled);
    // Still CANCELLED: not done for wait(), although done() says so.
    QVERIFY(pending.done());
    waitingFor("wait(timeout 30 ms) on a plain CANCELLED future to time out");
    DoneAndNotDone r = poolscope::wait({ pending }, 30ms, ReturnWhen::FirstCompleted);
    QVERIFY(r.done.empty());
    QCOMPARE(r.notDone.size(), size_t(1));
    waitingFor("the worker, released by gate.set(), to dequeue the cancelled item and wake wait()");
    gate.set();
    r = poolscope::wait({ pending }, 20s, ReturnWhen::FirstCompleted);
    QCOMPARE(r.done.size(), size_t(1));
    QCOMPARE(pending.state(), FutureState::CancelledAndNotified);
    QVERIFY(started.load());
}

// ---------------------------------------------------------------- test_as_completed.py

void tst_TaskFuture::asCompletedNoTimeout()
{
    ThreadPoolExecutor executor(5);
    Names n;
    const std::vector<TaskFuture> fs { n.add("C&N", makeFuture(Fixture::CancelledAndNotified)),
        n.add("EXCEPTION", makeFuture(Fixture::Exception)), n.add("SUCCESS", makeFuture(Fixture::Success)),
        n.add("future1", executor.submit([] { return QVariant(mul(2, 21)); })),
        n.add("future2", executor.submit([] { return QVariant(mul(7, 6)); })) };
    std::vector<TaskFuture> completed;
    waitingFor("as_completed() without a timeout to yield all five");
    AsCompleted it(fs);
    while (auto f = it.next())
        completed.push_back(*f);
    QCOMPARE(n(completed), sorted({ "C&N", "EXCEPTION", "SUCCESS", "future1", "future2" }));
}

void tst_TaskFuture::asCompletedFutureTimesOut_data()
{
    QTest::addColumn<int>("timeoutMs");
    QTest::newRow("timeout 0") << 0;
    QTest::newRow("timeout 100 ms") << 100;
}

void tst_TaskFuture::asCompletedFutureTimesOut()
{
    QFETCH(int, timeoutMs);
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    Names n;
    const TaskFuture future = n.add("future", executor.submit([&] { return QVariant(event.wait(60s)); }));
    const std::vector<TaskFuture> fs { n.add("C&N", makeFuture(Fixture::CancelledAndNotified)),
        n.add("EXCEPTION", makeFuture(Fixture::Exception)), n.add("SUCCESS", makeFuture(Fixture::Success)), future };
    const auto start = Clock::now();
    waitingFor("as_completed() to time out, then the worker to return from event.wait() after event.set()");
    AsCompleted it(fs, std::chrono::milliseconds(timeoutMs));
    std::vector<TaskFuture> completed;
    QString error;
    try {
        while (auto f = it.next())
            completed.push_back(*f);
    } catch (const TimeoutError &e) {
        error = QString::fromUtf8(e.what());
    }
    QVERIFY(Clock::now() - start >= std::chrono::milliseconds(timeoutMs) - 1ms);
    QCOMPARE(error, QStringLiteral("1 (of 4) futures unfinished"));
    QCOMPARE(n(completed), sorted({ "C&N", "EXCEPTION", "SUCCESS" }));
    QVERIFY(!future.done());
}

// bpo-20367: a future passed several times is yielded once.
void tst_TaskFuture::asCompletedDuplicateFutures()
{
    StopEvent event;
    ThreadPoolExecutor executor(5);
    auto release = qScopeGuard([&] { event.set(); });
    const TaskFuture future1 = executor.submit([&] { return QVariant(event.wait(20ms)); });
    waitingFor("as_completed() to yield a future that times out of event.wait(20 ms)");
    AsCompleted it({ future1, future1, future1 }, 20s);
    std::vector<TaskFuture> completed;
    while (auto f = it.next())
        completed.push_back(*f);
    QCOMPARE(completed.size(), size_t(1));
    QVERIFY(completed.front() == future1);
}

// bpo-14406. The "no reference kept" half of the CPython test needs a weak reference to a future, which
// TaskFuture does not offer; what is checked is the yield-then-TimeoutError half, twice over.
void tst_TaskFuture::asCompletedFreeReferenceYieldedFuture()
{
    Names n;
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 8; ++i)
        fs.push_back(n.add(QStringLiteral("pending%1").arg(i), TaskFuture()));
    fs.push_back(n.add("C&N", makeFuture(Fixture::CancelledAndNotified)));
    fs.push_back(n.add("FINISHED", makeFuture(Fixture::Success)));
    std::vector<TaskFuture> completed;
    QString error;
    try {
        AsCompleted it(fs, 0ns);
        while (auto f = it.next())
            completed.push_back(*f);
    } catch (const TimeoutError &e) {
        error = QString::fromUtf8(e.what());
    }
    QCOMPARE(n(completed), sorted({ "C&N", "FINISHED" }));
    QCOMPARE(error, QStringLiteral("8 (of 10) futures unfinished"));

    // Then the rest, each set only once the previous one was yielded.
    waitingFor("as_completed() to yield the 8 futures set one after another");
    std::vector<TaskFuture> rest(fs.begin(), fs.begin() + 8);
    rest.front().setResult("test");
    AsCompleted it(rest, 20s);
    int yielded = 0;
    while (auto f = it.next()) {
        QVERIFY(f->done());
        ++yielded;
        if (yielded < 8)
            rest[yielded].setResult("test");
    }
    QCOMPARE(yielded, 8);
}

void tst_TaskFuture::asCompletedCorrectTimeoutExceptionMsg()
{
    const std::vector<TaskFuture> fs { makeFuture(Fixture::CancelledAndNotified), makeFuture(Fixture::Pending),
        makeFuture(Fixture::Running), makeFuture(Fixture::Success) };
    QString error;
    int yielded = 0;
    try {
        AsCompleted it(fs, 0ns);
        while (it.next())
            ++yielded;
    } catch (const TimeoutError &e) {
        error = QString::fromUtf8(e.what());
    }
    QCOMPARE(error, QStringLiteral("2 (of 4) futures unfinished"));
    QCOMPARE(yielded, 2);
}

// Done futures first, then the others in the order they complete (not the order given).
void tst_TaskFuture::asCompletedYieldsInCompletionOrder()
{
    StopEvent gate1;
    StopEvent gate2;
    ThreadPoolExecutor executor(2);
    auto release = qScopeGuard([&] {
        gate1.set();
        gate2.set();
    });
    Names n;
    const TaskFuture g1 = n.add("g1", executor.submit([&] { return QVariant(gate1.wait(60s)); }));
    const TaskFuture g2 = n.add("g2", executor.submit([&] { return QVariant(gate2.wait(60s)); }));
    const TaskFuture ok = n.add("SUCCESS", makeFuture(Fixture::Success));
    waitingFor("as_completed() to yield SUCCESS");
    AsCompleted it({ g1, g2, ok }, 20s);
    QStringList order;
    auto first = it.next();
    QVERIFY(first);
    order << n({ *first });
    waitingFor("g2.result() after gate2.set(), then g1.result() after gate1.set()");
    gate2.set();
    QCOMPARE(g2.result(20s), QVariant(true));
    gate1.set();
    QCOMPARE(g1.result(20s), QVariant(true));
    while (auto f = it.next())
        order << n({ *f });
    QCOMPARE(order, QStringList({ "SUCCESS", "g2", "g1" }));
}

// A plain CANCELLED future (never dequeued by a worker) is never yielded: python/cpython#87893.
void tst_TaskFuture::asCompletedNeverYieldsPlainCancelled()
{
    QString error;
    try {
        AsCompleted it({ makeFuture(Fixture::Cancelled) }, 30ms);
        while (it.next()) { }
    } catch (const TimeoutError &e) {
        error = QString::fromUtf8(e.what());
    }
    QCOMPARE(error, QStringLiteral("1 (of 1) futures unfinished"));
}

QTEST_GUILESS_MAIN(tst_TaskFuture)
#include "tst_taskfuture.moc"
