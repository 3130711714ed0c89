// SPDX-License-Identifier: MIT
// Random submit/cancel/stop/clear/wait/shutdown interleavings from several threads against one executor,
// round after round, checking the invariants CPython's design guarantees:
//  - every future ends in exactly one terminal state (FINISHED, CANCELLED or CANCELLED_AND_NOTIFIED);
//  - every done-callback runs exactly once;
//  - no task whose cancel() returned true ever starts, and a task that started is never cancelled;
//  - steps_done <= steps, and the recorder saw exactly what happened;
//  - shutdown(wait=true) returns only after every task ended.
// POOLSCOPE_STRESS_SCALE (e.g. 0.1 under ThreadSanitizer) scales the number of rounds;
// POOLSCOPE_STRESS_SEED replays a run (the seed is printed).
#include "models/python/futureerrors.h"
#include "models/python/futurewait.h"
#include "record/recorder.h"
#include "models/python/stopevent.h"
#include "models/python/threadpoolexecutor.h"
#include "threadtestsupport.h"

#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;

namespace {

// What a task and its callbacks report about themselves.
struct Probe
{
    int steps = 0;
    int failAt = -1;
    bool eventWait = false;
    bool checksStop = false;
    std::chrono::microseconds stepDuration { 0 };

    std::atomic<int> started { 0 };
    std::atomic<int> ended { 0 };
    std::atomic<int> stepsDone { 0 };
    std::atomic<int> stopped { 0 };
    std::atomic<int> callbacksAdded { 0 };
    std::atomic<int> callbacksRun { 0 };
    std::atomic<int> cancelTrue { 0 };
    std::atomic<int> cancelFalse { 0 };
};

struct Entry
{
    TaskFuture future;
    std::shared_ptr<Probe> probe;
};

// The futures submitted so far in a round, shared by the threads playing callers.
class Registry
{
public:
    void add(Entry entry)
    {
        std::lock_guard lock(m_mutex);
        m_entries.push_back(std::move(entry));
    }
    std::optional<Entry> pick(QRandomGenerator &rng)
    {
        std::lock_guard lock(m_mutex);
        if (m_entries.empty())
            return std::nullopt;
        return m_entries[rng.bounded(int(m_entries.size()))];
    }
    std::vector<Entry> all()
    {
        std::lock_guard lock(m_mutex);
        return m_entries;
    }

private:
    std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

class Violations
{
public:
    void add(const QString &what)
    {
        std::lock_guard lock(m_mutex);
        ++m_count;
        if (m_first.size() < 12)
            m_first << what;
    }
    int count()
    {
        std::lock_guard lock(m_mutex);
        return m_count;
    }
    QString text()
    {
        std::lock_guard lock(m_mutex);
        return m_first.join(QLatin1Char('\n'));
    }

private:
    std::mutex m_mutex;
    int m_count = 0;
    QStringList m_first;
};

constexpr std::chrono::seconds RoundLimit { 30 };

double stressScale()
{
    bool ok = false;
    const double scale = qEnvironmentVariable("POOLSCOPE_STRESS_SCALE").toDouble(&ok);
    return ok && scale > 0 ? scale : 1.0;
}

bool isTerminal(FutureState s)
{
    return s == FutureState::Finished || s == FutureState::Cancelled || s == FutureState::CancelledAndNotified;
}

struct Round
{
    int index = 0;
    int workers = 1;
    StopEvent event;
    Recorder recorder;
    std::unique_ptr<ThreadPoolExecutor> executor;
    Registry registry;
    Violations &violations;
    std::atomic<int> inFlight { 0 };
    std::atomic<int> submitsRefused { 0 };
    std::atomic<int> shutdownsWaited { 0 };

    explicit Round(Violations &v)
        : violations(v)
    { }

    void violation(const QString &what) { violations.add(QStringLiteral("round %1: %2").arg(index).arg(what)); }

    ThreadPoolExecutor::Task body(std::shared_ptr<Probe> p)
    {
        return [this, p](TaskContext &ctx) -> QVariant {
            p->started.fetch_add(1);
            inFlight.fetch_add(1);
            struct Leave
            {
                Round *round;
                Probe *probe;
                ~Leave()
                {
                    probe->ended.fetch_add(1);
                    round->inFlight.fetch_sub(1);
                }
            } leave { this, p.get() };
            int done = 0;
            for (int i = 0; i < p->steps; ++i) {
                if (i == p->failAt)
                    throw TaskFailure("fail_at_step");
                if (p->eventWait) {
                    if (event.wait(p->stepDuration)) { // interrupted: the step does not count
                        ctx.record(EventKind::StopObserved);
                        ctx.outcome = Outcome::Stopped;
                        p->stopped = 1;
                        break;
                    }
                } else if (p->stepDuration.count() > 0) {
                    std::this_thread::sleep_for(p->stepDuration);
                } else {
                    std::this_thread::yield();
                }
                ++done;
                p->stepsDone = done;
                ctx.stepsDone = done;
                ctx.record(EventKind::Step, 0, done);
                if (p->checksStop && event.isSet()) {
                    ctx.record(EventKind::StopObserved);
                    ctx.outcome = Outcome::Stopped;
                    p->stopped = 1;
                    break;
                }
            }
            return QVariant(done);
        };
    }

    void addCallback(Entry e)
    {
        e.probe->callbacksAdded.fetch_add(1);
        e.future.addDoneCallback([p = e.probe](const TaskFuture &f) {
            p->callbacksRun.fetch_add(1);
            (void)f.done();
        });
    }

    void submit(QRandomGenerator &rng)
    {
        auto p = std::make_shared<Probe>();
        p->steps = rng.bounded(5);
        p->eventWait = rng.bounded(3) == 0;
        p->checksStop = p->eventWait || rng.bounded(2) == 0;
        p->failAt = rng.bounded(8) == 0 ? rng.bounded(p->steps + 1) : -1;
        p->stepDuration = std::chrono::microseconds(rng.bounded(3) == 0 ? 0 : rng.bounded(20, 150));
        try {
            Entry e { executor->submit(body(p)), p };
            if (rng.bounded(2) == 0)
                addCallback(e); // before it ends, mostly
            registry.add(e);
        } catch (const ExecutorShutdownError &) {
            submitsRefused.fetch_add(1);
        }
    }

    void cancel(QRandomGenerator &rng)
    {
        auto e = registry.pick(rng);
        if (!e)
            return;
        if (e->future.cancel())
            e->probe->cancelTrue.fetch_add(1);
        else
            e->probe->cancelFalse.fetch_add(1);
    }

    void waitSome(QRandomGenerator &rng)
    {
        std::vector<TaskFuture> fs;
        for (int i = 0, n = rng.bounded(1, 6); i < n; ++i) {
            if (const auto e = registry.pick(rng))
                fs.push_back(e->future);
        }
        if (fs.empty())
            return;
        const ReturnWhen how = ReturnWhen(rng.bounded(3));
        const DoneAndNotDone r = poolscope::wait(fs, std::chrono::microseconds(rng.bounded(1000)), how);
        for (const TaskFuture &f : r.done) {
            const FutureState s = f.state();
            if (s != FutureState::Finished && s != FutureState::CancelledAndNotified)
                violation(QStringLiteral("wait() reported task %1 done in state %2")
                              .arg(f.taskIndex())
                              .arg(futureStateName(s)));
        }
        if (r.done.size() + r.notDone.size() > fs.size())
            violation(QStringLiteral("wait() returned more futures than given"));
    }

    void resultOf(QRandomGenerator &rng)
    {
        auto e = registry.pick(rng);
        if (!e)
            return;
        try {
            const QVariant v = e->future.result(std::chrono::microseconds(rng.bounded(500)));
            if (e->future.state() != FutureState::Finished || v.toInt() > e->probe->steps)
                violation(QStringLiteral("result() returned from task %1 in state %2")
                              .arg(e->future.taskIndex())
                              .arg(futureStateName(e->future.state())));
        } catch (const CancelledError &) {
            if (!e->future.cancelled())
                violation(QStringLiteral("CancelledError from a task not cancelled"));
        } catch (const TimeoutError &) {
        } catch (const TaskFailure &) { }
    }

    // shutdown(wait=true) joins every worker: when it returns nothing runs and every future submitted
    // before it is done.
    void shutdown(QRandomGenerator &rng)
    {
        const bool wait = rng.bounded(3) != 0;
        const bool cancelFutures = rng.bounded(2) == 0;
        executor->shutdown(wait, cancelFutures);
        if (!wait)
            return;
        shutdownsWaited.fetch_add(1);
        if (const int running = inFlight.load())
            violation(QStringLiteral("shutdown(wait=true) returned with %1 tasks still running").arg(running));
        for (const Entry &e : registry.all()) {
            if (!e.future.done())
                violation(QStringLiteral("shutdown(wait=true) returned with task %1 %2")
                              .arg(e.future.taskIndex())
                              .arg(futureStateName(e.future.state())));
        }
    }

    // shutdownAt: the operation at which this caller calls shutdown() (-1: only by chance, rarely).
    void play(quint32 seed, int ops, int shutdownAt)
    {
        QRandomGenerator rng(seed);
        for (int i = 0; i < ops; ++i) {
            if (i == shutdownAt) {
                shutdown(rng);
                continue;
            }
            const int op = rng.bounded(1000) / 10;
            if (op < 42)
                submit(rng);
            else if (op < 67)
                cancel(rng);
            else if (op < 72)
                event.set();
            else if (op < 77)
                event.clear();
            else if (op < 85) {
                if (auto e = registry.pick(rng))
                    addCallback(*e);
            } else if (op < 91)
                waitSome(rng);
            else if (op < 99 || rng.bounded(5) != 0)
                resultOf(rng);
            else
                shutdown(rng); // 0.2% of the operations
        }
    }

    // After the final shutdown(wait=true): every invariant, future by future and against the recorder.
    void check()
    {
        if (executor->threadCount() > workers)
            violation(QStringLiteral("%1 threads for %2 workers").arg(executor->threadCount()).arg(workers));
        const std::vector<RecordedEvent> events = recorder.snapshot();
        std::vector<std::vector<RecordedEvent>> byTask(registry.all().size() + 1024);
        for (const RecordedEvent &ev : events) {
            if (ev.task != NoTask && ev.task < byTask.size())
                byTask[ev.task].push_back(ev);
        }
        for (const Entry &e : registry.all()) {
            const TaskFuture &f = e.future;
            const Probe &p = *e.probe;
            const quint32 t = f.taskIndex();
            const FutureState s = f.state();
            auto bad = [&](const QString &what) {
                violation(QStringLiteral("task %1 (%2, started %3, cancel true %4 false %5): %6")
                              .arg(t)
                              .arg(futureStateName(s))
                              .arg(p.started.load())
                              .arg(p.cancelTrue.load())
                              .arg(p.cancelFalse.load())
                              .arg(what));
            };
            if (!isTerminal(s) || !f.done() || f.running())
                bad(QStringLiteral("not in a terminal state"));
            if (f.cancelled() == (s == FutureState::Finished))
                bad(QStringLiteral("cancelled() disagrees with the state"));
            if (p.callbacksRun.load() != p.callbacksAdded.load())
                bad(QStringLiteral("%1 callbacks added, %2 runs")
                        .arg(p.callbacksAdded.load())
                        .arg(p.callbacksRun.load()));
            if (p.started.load() > 1 || p.ended.load() != p.started.load())
                bad(QStringLiteral("started %1 times, ended %2 times").arg(p.started.load()).arg(p.ended.load()));
            if (p.stepsDone.load() > p.steps)
                bad(QStringLiteral("steps_done %1 > steps %2").arg(p.stepsDone.load()).arg(p.steps));
            if (f.cancelled() && p.started.load() != 0)
                bad(QStringLiteral("a cancelled task started"));
            if (p.cancelTrue.load() > 0 && !f.cancelled())
                bad(QStringLiteral("cancel() returned true but the task was not cancelled"));
            if (p.cancelFalse.load() > 0 && s != FutureState::Finished)
                bad(QStringLiteral("cancel() returned false but the task did not run"));
            if (s == FutureState::Finished && p.started.load() != 1)
                bad(QStringLiteral("finished without running"));

            bool failed = false;
            if (s == FutureState::Finished) {
                try {
                    const int value = f.result(0ns).toInt();
                    if (value != p.stepsDone.load())
                        bad(QStringLiteral("result %1, steps_done %2").arg(value).arg(p.stepsDone.load()));
                } catch (const TaskFailure &) {
                    failed = true;
                    if (p.failAt != p.stepsDone.load() || p.stopped.load())
                        bad(QStringLiteral("failed at step %1, fail_at_step %2").arg(p.stepsDone.load()).arg(p.failAt));
                }
            }

            // The recorder saw the same story.
            if (t >= byTask.size()) {
                bad(QStringLiteral("task index out of range"));
                continue;
            }
            const auto &mine = byTask[t];
            int submits = 0, starts = 0, ends = 0, skips = 0, steps = 0, trueCancels = 0, falseCancels = 0;
            const RecordedEvent *end = nullptr;
            qint16 startWorker = -2;
            for (const RecordedEvent &ev : mine) {
                switch (ev.kind) {
                case EventKind::Submit:
                    ++submits;
                    break;
                case EventKind::Start:
                    ++starts;
                    startWorker = ev.worker;
                    break;
                case EventKind::End:
                    ++ends;
                    end = &ev;
                    break;
                case EventKind::CancelSkip:
                    ++skips;
                    break;
                case EventKind::Step:
                    ++steps;
                    break;
                case EventKind::CancelCall:
                    (ev.cancelResult() ? trueCancels : falseCancels)++;
                    break;
                default:
                    break;
                }
            }
            const bool ran = s == FutureState::Finished;
            if (submits != 1 || starts != int(ran) || ends != int(ran)
                || skips != int(s == FutureState::CancelledAndNotified) || steps != p.stepsDone.load())
                bad(QStringLiteral("recorded %1 submits, %2 starts, %3 ends, %4 skips, %5 steps")
                        .arg(submits)
                        .arg(starts)
                        .arg(ends)
                        .arg(skips)
                        .arg(steps));
            if (trueCancels < p.cancelTrue.load() || falseCancels != p.cancelFalse.load())
                bad(QStringLiteral("recorded %1 true and %2 false cancels").arg(trueCancels).arg(falseCancels));
            if (ran && (trueCancels > 0 || starts != 1))
                bad(QStringLiteral("recorded a successful cancel of a task that ran"));
            if (end) {
                const Outcome expected = failed ? Outcome::Failed
                    : p.stopped.load()          ? Outcome::Stopped
                                                : Outcome::Completed;
                if (end->outcome() != expected || end->value != p.stepsDone.load() || end->worker != startWorker
                    || end->worker < 0 || end->worker >= workers)
                    bad(QStringLiteral("recorded end outcome %1 value %2 worker %3")
                            .arg(outcomeName(end->outcome()))
                            .arg(end->value)
                            .arg(end->worker));
            }
        }
    }
};

} // namespace

class tst_Stress : public QObject
{
    Q_OBJECT

private slots:
    void randomInterleavings();
    void cancelStormAgainstWorkers();
};

void tst_Stress::randomInterleavings()
{
    quint32 seed = 0;
    bool seeded = false;
    seed = qEnvironmentVariable("POOLSCOPE_STRESS_SEED").toUInt(&seeded);
    if (!seeded)
        seed = QRandomGenerator::global()->generate();
    const double scale = stressScale();
    const int rounds = std::max(3, int(1500 * scale));
    constexpr int Callers = 3;
    constexpr int OpsPerCaller = 80;
    qInfo("seed %u (POOLSCOPE_STRESS_SEED=%u replays the operations), %d rounds x %d callers x %d operations", seed,
        seed, rounds, Callers, OpsPerCaller);

    Violations violations;
    QRandomGenerator master(seed);
    qint64 futures = 0, refused = 0, waitedShutdowns = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds && violations.count() == 0; ++r) {
        // A round takes milliseconds (a second or so under a sanitizer on a loaded machine): a lost wake-up
        // fails here in seconds, naming the round, the seed and the wait, not at CTest's timeout.
        Watchdog watchdog(RoundLimit, QByteArray("randomInterleavings round ") + QByteArray::number(r) + " of seed "
                                          + QByteArray::number(seed));
        watchdog.waitingFor("the 3 callers' operations (result(), wait(), shutdown() with their timeouts)");
        Round round(violations);
        round.index = r;
        round.workers = master.bounded(1, 5);
        round.executor = std::make_unique<ThreadPoolExecutor>(round.workers, &round.recorder);
        // Half the rounds shut down part-way through, from one of the callers, racing the others' submits.
        const int shutdownCaller = master.bounded(2 * Callers);
        const int shutdownAt = master.bounded(OpsPerCaller / 4, OpsPerCaller);
        std::vector<std::thread> callers;
        for (int c = 0; c < Callers; ++c) {
            const quint32 callerSeed = master.generate();
            const int at = c == shutdownCaller ? shutdownAt : -1;
            callers.emplace_back([&round, callerSeed, at] { round.play(callerSeed, OpsPerCaller, at); });
        }
        for (auto &t : callers)
            t.join();
        // Leaving the `with` block.
        watchdog.waitingFor("the final shutdown(wait=true) to join the workers");
        round.executor->shutdown(true, master.bounded(2) == 0);
        if (round.inFlight.load() != 0)
            round.violation(QStringLiteral("final shutdown(wait=true) returned with tasks running"));
        round.check();
        futures += qint64(round.registry.all().size());
        refused += round.submitsRefused.load();
        waitedShutdowns += round.shutdownsWaited.load();
    }
    const auto elapsed
        = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    qInfo("%lld futures checked, %lld submits refused after shutdown, %lld shutdown(wait=true) checked, %lld ms",
        futures, refused, waitedShutdowns, qlonglong(elapsed.count()));
    QVERIFY2(violations.count() == 0,
        qPrintable(QStringLiteral("seed %1: %2 violations, first:\n%3")
                       .arg(seed)
                       .arg(violations.count())
                       .arg(violations.text())));
    QVERIFY(futures > rounds); // the run did something
}

// Many threads cancelling the same futures while the workers dequeue them: each future is either run or
// skipped, never both; every cancel() result agrees with the outcome; callbacks run once.
void tst_Stress::cancelStormAgainstWorkers()
{
    const int rounds = std::max(2, int(150 * stressScale()));
    constexpr int N = 400;
    constexpr int Workers = 2;
    constexpr int Cancellers = 3;
    int cancelledTotal = 0, ranTotal = 0;
    for (int r = 0; r < rounds; ++r) {
        Watchdog watchdog(RoundLimit, "cancelStormAgainstWorkers round " + QByteArray::number(r));
        StopEvent gate;
        std::atomic<int> blocked { 0 };
        std::atomic<int> ready { 0 };
        ThreadPoolExecutor executor(Workers);
        // Hold the workers until the cancellers are ready, then let both sides go at once.
        for (int w = 0; w < Workers; ++w)
            executor.submit([&] {
                blocked.fetch_add(1);
                return QVariant(gate.wait(60s));
            });
        std::vector<TaskFuture> fs;
        std::vector<std::atomic<int>> ran(N), calls(N), trueCancels(N), falseCancels(N);
        for (int i = 0; i < N; ++i) {
            fs.push_back(executor.submit([&ran, i] {
                ran[i].fetch_add(1);
                return QVariant(i);
            }));
            fs.back().addDoneCallback([&calls, i](const TaskFuture &) { calls[i].fetch_add(1); });
        }
        std::vector<std::thread> cancellers;
        for (int c = 0; c < Cancellers; ++c) {
            cancellers.emplace_back([&, c] {
                ready.fetch_add(1);
                while (!gate.isSet())
                    std::this_thread::yield();
                // Start at different places, so that some cancels meet the workers' front.
                for (int k = 0; k < N; ++k) {
                    const int i = (c * N / Cancellers + k) % N;
                    (fs[i].cancel() ? trueCancels[i] : falseCancels[i]).fetch_add(1);
                }
            });
        }
        watchdog.waitingFor("the 2 workers to start their blockers and the 3 cancellers to be ready");
        while (ready.load() < Cancellers || blocked.load() < Workers)
            std::this_thread::yield();
        gate.set();
        watchdog.waitingFor("the 3 cancellers to cancel 400 futures each");
        for (auto &t : cancellers)
            t.join();
        // The blockers return from gate.wait(60 s) only if set() woke them: the watchdog, not the 60 s
        // timeout, ends a lost wake-up.
        watchdog.waitingFor("the 2 workers blocked in gate.wait() to be woken by gate.set(), then shutdown(wait=true)");
        executor.shutdown(true);
        for (int i = 0; i < N; ++i) {
            const bool cancelled = fs[i].cancelled();
            QVERIFY2(calls[i].load() == 1,
                qPrintable(QStringLiteral("round %1 task %2: %3 callback runs").arg(r).arg(i).arg(calls[i].load())));
            QCOMPARE(ran[i].load(), cancelled ? 0 : 1);
            QCOMPARE(fs[i].state(), cancelled ? FutureState::CancelledAndNotified : FutureState::Finished);
            if (cancelled)
                QCOMPARE(falseCancels[i].load(), 0); // once cancelled, every cancel() says true
            else
                QCOMPARE(trueCancels[i].load(), 0);
            (cancelled ? cancelledTotal : ranTotal)++;
        }
    }
    qInfo("%d cancelled, %d ran", cancelledTotal, ranTotal);
    QVERIFY(cancelledTotal > 0);
}

QTEST_GUILESS_MAIN(tst_Stress)
#include "tst_stress.moc"
