// SPDX-License-Identifier: MIT
// bench_core: the core's speed and memory figures (issue "Core", section Speed), each beside anchors
// measured the same way in the same run, printed as a table with the target and PASS/MISS.
//
//   bench_core [--quick] [--no-python]
//
// --quick divides the task counts by 10 (a smoke run; the figures are then not comparable to the targets).
#include "models/python/futurewait.h"
#include "record/recorder.h"
#include "models/python/stopevent.h"
#include "models/python/threadpoolexecutor.h"
#include "threadtestsupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRunnable>
#include <QStandardPaths>
#include <QThreadPool>
#include <QtConcurrent>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <latch>
#include <malloc.h>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace poolscope;
using poolscope::test::threadIsSleeping;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

int g_scaleDown = 1;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Row
{
    QByteArray name;
    std::optional<double> value; // nullopt: not measured (the note says why)
    QByteArray unit;
    std::optional<double> target; // "at most"; nullopt for anchors
    QByteArray note;
};

std::vector<Row> g_rows;

void add(Row row)
{
    g_rows.push_back(std::move(row));
}

void printTable()
{
    std::printf("\n%-58s %14s %-10s %12s %-6s %s\n", "measure", "value", "unit", "target", "result", "note");
    std::printf("%s\n", QByteArray(120, '-').constData());
    for (const Row &r : g_rows) {
        const QByteArray value = r.value ? QByteArray::number(*r.value, 'f', *r.value < 10 ? 3 : 1) : "n/a";
        const QByteArray target = r.target ? "<= " + QByteArray::number(*r.target) : QByteArray();
        const char *result = !r.target ? "" : !r.value ? "n/a" : *r.value <= *r.target ? "PASS" : "MISS";
        std::printf("%-58s %14s %-10s %12s %-6s %s\n", r.name.constData(), value.constData(), r.unit.constData(),
            target.constData(), result, r.note.constData());
    }
    std::printf("\n");
}

// Best of a few runs: the figures are costs, and noise from the other users of the machine only adds.
template <typename F> double bestOf(int runs, F &&measure)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i)
        best = std::min(best, measure());
    return best;
}

// --- 1. submit -> done --------------------------------------------------------------------------

double poolscopeSubmitToDoneUs(int n, bool withRecorder)
{
    std::optional<Recorder> recorder;
    if (withRecorder)
        recorder.emplace();
    const auto start = Clock::now();
    {
        ThreadPoolExecutor executor(2, withRecorder ? &*recorder : nullptr);
        for (int i = 0; i < n; ++i)
            executor.submit([](TaskContext &) { return QVariant(); });
        executor.shutdown(true); // leaving the `with` block: every task done
    }
    return secondsSince(start) * 1e6 / n;
}

double poolscopeSubmitKeepFuturesUs(int n)
{
    Recorder recorder;
    std::vector<TaskFuture> futures;
    futures.reserve(size_t(n));
    const auto start = Clock::now();
    ThreadPoolExecutor executor(2, &recorder);
    for (int i = 0; i < n; ++i)
        futures.push_back(executor.submit([](TaskContext &) { return QVariant(); }));
    for (const TaskFuture &f : futures)
        f.result();
    const double us = secondsSince(start) * 1e6 / n;
    executor.shutdown(true);
    return us;
}

double qthreadpoolUs(int n)
{
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i)
        pool.start([] {});
    pool.waitForDone();
    return secondsSince(start) * 1e6 / n;
}

double qtconcurrentUs(int n)
{
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    QList<QFuture<void>> futures;
    futures.reserve(n);
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i)
        futures.append(QtConcurrent::run(&pool, [] {}));
    for (QFuture<void> &f : futures)
        f.waitForFinished();
    return secondsSince(start) * 1e6 / n;
}

// --- 2. cancel() on pending futures ---------------------------------------------------------------

double poolscopeCancelMs(int n, bool withRecorder)
{
    std::optional<Recorder> recorder;
    if (withRecorder)
        recorder.emplace();
    StopEvent gate;
    std::latch started(1);
    ThreadPoolExecutor executor(1, withRecorder ? &*recorder : nullptr);
    executor.submit([&] {
        started.count_down();
        return QVariant(gate.wait());
    });
    started.wait(); // the only worker is busy: everything below stays pending
    std::vector<TaskFuture> futures;
    futures.reserve(size_t(n));
    for (int i = 0; i < n; ++i)
        futures.push_back(executor.submit([](TaskContext &) { return QVariant(); }));
    const auto start = Clock::now();
    int cancelled = 0;
    for (TaskFuture &f : futures)
        cancelled += f.cancel();
    const double ms = secondsSince(start) * 1e3;
    gate.set();
    executor.shutdown(true);
    if (cancelled != n)
        qFatal("cancel benchmark: %d of %d cancels returned true", cancelled, n);
    return ms;
}

// --- 3. stop event set -> 64 waiting tasks returned -------------------------------------------------

// Every waiter really asleep in the kernel, so that the figure is a wake-up, not a race with arrival.
void waitUntilAsleep(const std::vector<std::atomic<pid_t>> &tids)
{
    const auto deadline = Clock::now() + 10s;
    int stable = 0;
    while (stable < 2 && Clock::now() < deadline) {
        bool all = true;
        for (const auto &tid : tids)
            all = all && tid.load() != 0 && threadIsSleeping(tid.load());
        stable = all ? stable + 1 : 0;
        std::this_thread::sleep_for(1ms);
    }
}

constexpr int Waiters = 64;

double poolscopeEventWakeMedianMs(int rounds)
{
    Recorder recorder;
    ThreadPoolExecutor executor(Waiters, &recorder);
    StopEvent event;
    std::vector<double> ms;
    for (int r = 0; r < rounds; ++r) {
        event.clear();
        std::vector<std::atomic<pid_t>> tids(Waiters);
        std::atomic<int> arrived { 0 };
        std::latch returned(Waiters);
        std::vector<TaskFuture> futures;
        for (int i = 0; i < Waiters; ++i) {
            futures.push_back(executor.submit([&](TaskContext &ctx) {
                tids[arrived.fetch_add(1)] = gettid();
                const bool stopped = event.wait(60s); // the scenario's event-waiting step
                if (stopped)
                    ctx.outcome = Outcome::Stopped;
                returned.count_down();
                return QVariant(stopped);
            }));
        }
        while (arrived.load() < Waiters)
            std::this_thread::sleep_for(200us);
        waitUntilAsleep(tids);
        const auto start = Clock::now();
        event.set();
        returned.wait();
        ms.push_back(secondsSince(start) * 1e3);
        poolscope::wait(futures); // before the next round reuses the workers
    }
    executor.shutdown(true);
    return median(ms);
}

// The same 64 threads for every round, as the pool's workers are: each round they block on one
// condition variable until the main thread bumps the round number and broadcasts.
double condvarWakeMedianMs(int rounds)
{
    std::mutex mutex;
    std::condition_variable cv;
    int go = -1;
    std::vector<std::atomic<pid_t>> tids(Waiters);
    std::atomic<int> arrived { 0 };
    std::vector<std::unique_ptr<std::latch>> returned;
    for (int r = 0; r < rounds; ++r)
        returned.push_back(std::make_unique<std::latch>(Waiters));
    std::vector<std::thread> threads;
    for (int i = 0; i < Waiters; ++i) {
        threads.emplace_back([&, i] {
            tids[i] = gettid();
            for (int r = 0; r < rounds; ++r) {
                arrived.fetch_add(1);
                std::unique_lock lock(mutex);
                cv.wait(lock, [&] { return go >= r; });
                lock.unlock();
                returned[r]->count_down();
            }
        });
    }
    std::vector<double> ms;
    for (int r = 0; r < rounds; ++r) {
        while (arrived.load() < Waiters * (r + 1))
            std::this_thread::sleep_for(200us);
        waitUntilAsleep(tids);
        const auto start = Clock::now();
        {
            std::lock_guard lock(mutex);
            go = r;
        }
        cv.notify_all();
        returned[r]->wait();
        ms.push_back(secondsSince(start) * 1e3);
    }
    for (auto &t : threads)
        t.join();
    return median(ms);
}

// --- 4. memory -------------------------------------------------------------------------------------

size_t heapInUse()
{
    return mallinfo2().uordblks; // the main arena: the allocations below are all made on this thread
}

double bytesPerPendingTask(int n, bool withRecorder, bool functionOverload)
{
    std::optional<Recorder> recorder;
    if (withRecorder)
        recorder.emplace();
    StopEvent gate;
    std::latch started(1);
    ThreadPoolExecutor executor(1, withRecorder ? &*recorder : nullptr);
    executor.submit([&] {
        started.count_down();
        return QVariant(gate.wait());
    });
    started.wait();
    std::vector<TaskFuture> futures;
    futures.reserve(size_t(n)); // the caller's handles are not the executor's cost
    malloc_trim(0);
    const size_t before = heapInUse();
    for (int i = 0; i < n; ++i) {
        if (functionOverload)
            futures.push_back(executor.submit([] { return QVariant(); }));
        else
            futures.push_back(executor.submit([](TaskContext &) { return QVariant(); }));
    }
    const size_t after = heapInUse();
    gate.set();
    executor.shutdown(true);
    return double(after - before) / n;
}

struct EventMemory
{
    double bytesUsedPerEvent = 0;
    double heapPerEvent = 0;
};

EventMemory bytesPerRecordedEvent(int n)
{
    malloc_trim(0);
    const size_t before = heapInUse();
    EventMemory out;
    {
        Recorder recorder;
        for (int i = 0; i < n; ++i)
            recorder.record(EventKind::Step, quint32(i % 1000), 0, 0, i);
        out.bytesUsedPerEvent = double(recorder.bytesUsed()) / n;
        out.heapPerEvent = double(heapInUse() - before) / n;
    }
    return out;
}

double bytesUsedPerEventThreaded(int perThread, int threads)
{
    Recorder recorder;
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
            for (int i = 0; i < perThread; ++i)
                recorder.record(EventKind::Step, quint32(i), qint16(t), 0, i);
        });
    for (auto &t : ts)
        t.join();
    return double(recorder.bytesUsed()) / (double(perThread) * threads);
}

// --- CPython ---------------------------------------------------------------------------------------

const char *pythonScript = R"PY(
import statistics, sys, threading, time
from concurrent.futures import ThreadPoolExecutor
N, C, ROUNDS = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def noop(): pass
t = time.perf_counter()
with ThreadPoolExecutor(2) as ex:
    for _ in range(N): ex.submit(noop)
print("submit_us", (time.perf_counter() - t) / N * 1e6, flush=True)
gate, started = threading.Event(), threading.Event()
def block(): started.set(); gate.wait()
with ThreadPoolExecutor(1) as ex:
    ex.submit(block); started.wait()
    fs = [ex.submit(noop) for _ in range(C)]
    t = time.perf_counter()
    for f in fs: f.cancel()
    el = time.perf_counter() - t
    gate.set()
print("cancel_ms", el * 1e3, flush=True)
lat = []
with ThreadPoolExecutor(64) as ex:
    for r in range(ROUNDS):
        ev, lock, done, ready = threading.Event(), threading.Lock(), threading.Event(), threading.Barrier(65)
        count = [0]
        def task():
            ready.wait(); ev.wait()
            with lock:
                count[0] += 1
                if count[0] == 64: done.set()
        for _ in range(64): ex.submit(task)
        ready.wait(); time.sleep(0.02)
        t = time.perf_counter(); ev.set(); done.wait(); lat.append(time.perf_counter() - t)
print("event_ms", statistics.median(lat) * 1e3, flush=True)
print("version", sys.version.split()[0], flush=True)
)PY";

struct PythonFigures
{
    std::optional<double> submitUs, cancelMs, eventMs;
    QByteArray version;
    QByteArray error;
};

PythonFigures runPython(int n, int cancels, int rounds)
{
    PythonFigures out;
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        out.error = "python3 not found";
        return out;
    }
    QProcess process;
    process.start(python,
        { QStringLiteral("-c"), QString::fromUtf8(pythonScript), QString::number(n), QString::number(cancels),
            QString::number(rounds) });
    if (!process.waitForFinished(300000) || process.exitCode() != 0) {
        out.error = "python3 failed: " + process.readAllStandardError().left(200);
        process.kill();
        return out;
    }
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> parts = line.trimmed().split(' ');
        if (parts.size() != 2)
            continue;
        if (parts[0] == "submit_us")
            out.submitUs = parts[1].toDouble();
        else if (parts[0] == "cancel_ms")
            out.cancelMs = parts[1].toDouble();
        else if (parts[0] == "event_ms")
            out.eventMs = parts[1].toDouble();
        else if (parts[0] == "version")
            out.version = parts[1];
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.contains(QStringLiteral("--quick")))
        g_scaleDown = 10;
    const bool python = !args.contains(QStringLiteral("--no-python"));

    const int tasks = 200000 / g_scaleDown;
    const int cancels = 100000 / g_scaleDown;
    const int rounds = std::max(5, 50 / g_scaleDown);
    std::printf("bench_core: %u hardware threads, %d tasks, %d cancels, %d event rounds%s\n",
        std::thread::hardware_concurrency(), tasks, cancels, rounds,
        g_scaleDown > 1 ? " (--quick: not comparable to the targets)" : "");
    std::fflush(stdout);

    // Our figures first, CPython last (so that it does not load the machine meanwhile); rows are then
    // printed with each anchor under the figure it belongs to.
    std::vector<Row> submitRows, cancelRows, eventRows, memoryRows;
    std::fprintf(stderr, "submit -> done ...\n");
    submitRows.push_back({ "submit->done, no-op tasks, 2 workers, recorder on",
        bestOf(3, [&] { return poolscopeSubmitToDoneUs(tasks, true); }), "us/task", 1.0,
        "best of 3; submit all, then shutdown(wait=True)" });
    submitRows.push_back({ "  same, recorder off", bestOf(3, [&] { return poolscopeSubmitToDoneUs(tasks, false); }),
        "us/task", std::nullopt, "" });
    submitRows.push_back({ "  same, keeping every future and calling result()",
        bestOf(3, [&] { return poolscopeSubmitKeepFuturesUs(tasks); }), "us/task", std::nullopt, "recorder on" });
    submitRows.push_back({ "  anchor: raw QThreadPool::start, 2 threads",
        bestOf(3, [&] { return qthreadpoolUs(tasks); }), "us/task", std::nullopt, "start() all, then waitForDone()" });
    submitRows.push_back(
        { "  anchor: QtConcurrent::run + QFuture, 2 threads", bestOf(3, [&] { return qtconcurrentUs(tasks); }),
            "us/task", std::nullopt, "run() all, then waitForFinished() each" });

    std::fprintf(stderr, "cancel ...\n");
    cancelRows.push_back({ "cancel() on " + QByteArray::number(cancels) + " pending futures, recorder on",
        bestOf(3, [&] { return poolscopeCancelMs(cancels, true); }), "ms total", 10.0,
        "best of 3; queued behind a worker held by a latch" });
    cancelRows.push_back({ "  same, recorder off", bestOf(3, [&] { return poolscopeCancelMs(cancels, false); }),
        "ms total", std::nullopt, "" });

    std::fprintf(stderr, "stop event ...\n");
    eventRows.push_back({ "event set -> 64 event-waiting tasks returned", poolscopeEventWakeMedianMs(rounds),
        "ms median", 3.0, "median of " + QByteArray::number(rounds) + " rounds; all 64 asleep in wait() first" });
    eventRows.push_back({ "  anchor: std::condition_variable broadcast to 64 threads", condvarWakeMedianMs(rounds),
        "ms median", std::nullopt, "same rounds, same measurement" });

    std::fprintf(stderr, "memory ...\n");
    memoryRows.push_back({ "memory per pending task", bytesPerPendingTask(cancels, false, false), "bytes", 256.0,
        "mallinfo2() delta over " + QByteArray::number(cancels) + " submits; recorder off, Task overload" });
    memoryRows.push_back({ "  same, recorder on (adds the submit event)", bytesPerPendingTask(cancels, true, false),
        "bytes", std::nullopt, "" });
    memoryRows.push_back(
        { "  same, submit(std::function<QVariant()>) overload", bytesPerPendingTask(cancels, false, true), "bytes",
            std::nullopt, "its wrapper lambda does not fit std::function's buffer" });
    const int events = 1000000 / g_scaleDown;
    const EventMemory em = bytesPerRecordedEvent(events);
    memoryRows.push_back({ "memory per recorded event (Recorder::bytesUsed()/events)", em.bytesUsedPerEvent, "bytes",
        64.0, QByteArray::number(events) + " events from one thread" });
    memoryRows.push_back({ "  same, heap (mallinfo2() delta)", em.heapPerEvent, "bytes", std::nullopt, "" });
    memoryRows.push_back({ "  same, 4 threads", bytesUsedPerEventThreaded(events / 4, 4), "bytes", std::nullopt,
        "Recorder::bytesUsed()/events" });

    if (python) {
        std::fprintf(stderr, "CPython (this takes a while) ...\n");
        const int pyRounds = std::max(5, rounds / 2);
        const PythonFigures py = runPython(tasks, cancels, pyRounds);
        const QByteArray note = py.error.isEmpty() ? "CPython " + py.version : py.error;
        submitRows.push_back(
            { "  anchor: CPython ThreadPoolExecutor submit->done", py.submitUs, "us/task", std::nullopt, note });
        cancelRows.push_back(
            { "  anchor: CPython cancel() on pending futures", py.cancelMs, "ms total", std::nullopt, note });
        eventRows.push_back({ "  anchor: CPython Event.set -> 64 waiting tasks", py.eventMs, "ms median", std::nullopt,
            note + ", median of " + QByteArray::number(pyRounds) + " rounds" });
    }
    for (auto *group : { &submitRows, &cancelRows, &eventRows, &memoryRows })
        for (Row &r : *group)
            add(std::move(r));
    printTable();

    int misses = 0;
    for (const Row &r : g_rows)
        if (r.target && r.value && *r.value > *r.target)
            ++misses;
    std::printf("%d target(s) missed\n", misses);
    std::fflush(stdout);
    return 0;
}
