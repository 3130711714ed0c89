// SPDX-License-Identifier: MIT
#include "models/qt/qtrun.h"

#include "models/python/pythonverbs.h"
#include "models/qt/qtverbs.h"
#include "record/recorder.h"
#include "runner/pausegate.h"
#include "runner/runcontext.h"

#include <QException>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <utility>

namespace poolscope {

using namespace qt;

// The window sends Python's numbers for the calls every lesson makes (ui/window/runcontroller.cpp).
constexpr bool sameVerb(qt::Verb q, python::Verb p)
{
    return quint16(q) == quint16(p);
}
static_assert(sameVerb(Cancel, python::Cancel) && sameVerb(CancelAll, python::CancelAll) && sameVerb(Stop, python::Stop)
              && sameVerb(Clear, python::Clear) && sameVerb(WindowShutdown, python::Shutdown));
static_assert(WindowShutdownWait == python::ShutdownWait && WindowShutdownClear == python::ShutdownCancelFutures);

namespace {

std::atomic<quint64> g_nextQtRunSerial { 1 };

// A pool thread's lane in one run: numbered as the run first meets the thread, so a thread the pool adds
// beyond maxThreadCount (it does while a task is suspended) gets a lane of its own.
struct QtThreadLane
{
    quint64 run = 0;
    qint16 lane = CallerThread;
};
thread_local QtThreadLane t_qtLane;
thread_local quint64 t_qtCallerWaiting = 0; // the run whose caller is in a wait call on this thread
thread_local quint64 t_qtClearing = 0; // the run whose pool.clear() this thread is in

// What a scenario task throws at fail_at_step. A QException, as Qt asks, so the future carries it to
// waitForFinished() as itself (anything else arrives as QUnhandledException).
class QtStepFailure : public QException
{
public:
    explicit QtStepFailure(QByteArray what) : m_what(std::move(what)) { }
    void raise() const override { throw *this; }
    QtStepFailure *clone() const override { return new QtStepFailure(*this); }
    const char *what() const noexcept override { return m_what.constData(); }

private:
    QByteArray m_what;
};

// The callable QtConcurrent::run stores in its runnable. Its destructor tells a task that never ran (the
// pool deleted its runnable: skipped as cancelled, or dropped by clear()) from one that did. Move-only:
// QtConcurrent moves it into the runnable and into the call; only the last holder speaks.
class QtQueuedTask
{
public:
    QtQueuedTask(QtRun *run, quint32 task) : m_run(run), m_task(task) { }
    QtQueuedTask(QtQueuedTask &&other) noexcept : m_run(std::exchange(other.m_run, nullptr)), m_task(other.m_task) { }
    QtQueuedTask(const QtQueuedTask &) = delete;
    QtQueuedTask &operator=(const QtQueuedTask &) = delete;
    QtQueuedTask &operator=(QtQueuedTask &&) = delete;
    ~QtQueuedTask()
    {
        if (m_run)
            m_run->droppedUnrun(m_task);
    }
    void operator()(QPromise<void> &promise) { std::exchange(m_run, nullptr)->runTask(promise, m_task); }

private:
    QtRun *m_run;
    quint32 m_task;
};

} // namespace

QtRun::QtRun(RunContext &ctx) : m_ctx(ctx), m_serial(g_nextQtRunSerial++), m_event(&ctx.clock())
{
    m_pool.setMaxThreadCount(std::max(1, ctx.info().workers));
    // Threads stay for the whole run, so a lane is one thread from start to end.
    m_pool.setExpiryTimeout(-1);
}

QtRun::~QtRun()
{
    // A suspended task would hold the pool (and this destructor) for ever: a cancel wakes it. Not recorded:
    // nobody reads the run any more (a finished run has nothing left to cancel).
    cancelUnended(false);
    m_pool.waitForDone();
}

qint16 QtRun::currentLane()
{
    if (t_qtCallerWaiting == m_serial)
        return CallerThread;
    if (t_qtLane.run != m_serial)
        t_qtLane = { m_serial, qint16(m_nextLane++) };
    return t_qtLane.lane;
}

bool QtRun::submit(quint32 task)
{
    {
        std::lock_guard lock(m_orderMutex);
        // Task indices are dense: the runner forgets a refused task before it numbers the next one.
        Q_ASSERT(task == m_phase.size());
        m_phase.push_back(Phase::Queued);
        m_ctx.recorder().record(EventKind::Submit, task);
    }
    QFuture<void> future = QtConcurrent::run(&m_pool, QtQueuedTask(this, task));
    std::lock_guard lock(m_mutex);
    m_futures.push_back(std::move(future));
    return true;
}

std::vector<QtRun::Target> QtRun::targetsOf(const ActionCall &call, bool every)
{
    std::vector<Target> out;
    std::vector<quint32> missing;
    {
        std::lock_guard lock(m_mutex);
        if (every || call.tasks.empty()) {
            for (quint32 i = 0; i < m_futures.size(); ++i)
                out.push_back({ i, m_futures[i] });
        } else {
            for (quint32 task : call.tasks) {
                if (task < m_futures.size())
                    out.push_back({ task, m_futures[task] });
                else
                    missing.push_back(task);
            }
        }
    }
    for (quint32 task : missing)
        m_ctx.reportError(QStringLiteral("no task #%1 has been submitted").arg(qint64(task) + 1));
    return out;
}

void QtRun::perform(const ActionCall &call)
{
    switch (call.verb) {
    case Cancel:
    case CancelAll:
        for (Target &t : targetsOf(call, call.verb == CancelAll))
            cancel(t.task, t.future);
        break;
    case Suspend:
    case Resume:
        for (Target &t : targetsOf(call, false))
            setSuspended(t.task, t.future, call.verb == Suspend);
        break;
    case Stop:
        // Recorded first, so every stop_observed comes after the stop_set it saw.
        m_ctx.recorder().record(EventKind::StopSet);
        m_event.set();
        break;
    case Clear:
        m_event.clear();
        m_ctx.recorder().record(EventKind::StopClear);
        break;
    case ClearQueue: clearQueue(); break;
    case Wait: wait(call); break;
    case WindowShutdown:
        if (call.flags & WindowShutdownClear)
            clearQueue();
        if (call.flags & WindowShutdownWait)
            wait(ActionCall::model(Wait));
        break;
    default: m_ctx.reportError(QStringLiteral("the Qt model has no verb %1").arg(call.verb)); break;
    }
}

void QtRun::cancel(quint32 task, QFuture<void> future)
{
    std::lock_guard lock(m_orderMutex);
    future.cancel();
    // Qt's cancel() returns nothing: what the program can ask next is isCanceled().
    m_ctx.recorder().record(EventKind::CancelCall, task, CallerThread, future.isCanceled() ? CancelResultFlag : 0);
}

void QtRun::setSuspended(quint32 task, QFuture<void> future, bool suspend)
{
    std::lock_guard lock(m_orderMutex);
    future.setSuspended(suspend);
    m_ctx.recorder().record(EventKind::SuspendCall, task, CallerThread, suspend ? 0 : ResumeFlag);
}

void QtRun::clearQueue()
{
    m_ctx.recorder().record(EventKind::QueueClear);
    // clear() deletes the queued runnables on this thread: each one's callable records its task dropped.
    t_qtClearing = m_serial;
    m_pool.clear();
    t_qtClearing = 0;
}

void QtRun::wait(const ActionCall &call)
{
    // A task waitForFinished() takes from the queue runs here, on the caller: its events say so.
    t_qtCallerWaiting = m_serial;
    if (call.tasks.empty()) {
        m_ctx.recorder().record(EventKind::CallerWait);
        m_pool.waitForDone();
        m_ctx.recorder().record(EventKind::CallerWaitEnd);
    } else {
        for (Target &t : targetsOf(call, false)) {
            m_ctx.recorder().record(EventKind::CallerWait, t.task);
            bool threw = false;
            try {
                t.future.waitForFinished();
            } catch (...) {
                threw = true; // the task's exception, rethrown by the future
            }
            m_ctx.recorder().record(EventKind::CallerWaitEnd, t.task, CallerThread, threw ? WaitThrewFlag : 0);
        }
    }
    t_qtCallerWaiting = 0;
}

void QtRun::finish()
{
    // The end of main(): the pool's destructor waits for every task (a suspended one would hold it for ever;
    // the scenario parser refuses a program that leaves one suspended).
    m_pool.waitForDone();
}

void QtRun::cancelUnended(bool record)
{
    std::vector<quint32> tasks;
    {
        std::lock_guard lock(m_orderMutex);
        for (quint32 i = 0; i < m_phase.size(); ++i) {
            if (m_phase[i] != Phase::Ended)
                tasks.push_back(i);
        }
    }
    std::vector<QFuture<void>> futures;
    {
        std::lock_guard lock(m_mutex);
        futures = m_futures;
    }
    for (quint32 task : tasks) {
        if (task >= futures.size() || futures[task].isCanceled())
            continue;
        if (record)
            cancel(task, futures[task]);
        else
            futures[task].cancel();
    }
}

void QtRun::abort()
{
    // Every future cancelled (the queued never run, the checking ones stop, a suspended one wakes), then
    // the event set (the ones that watch it stop).
    cancelUnended(true);
    if (!m_event.isSet()) {
        m_ctx.recorder().record(EventKind::StopSet);
        m_event.set();
    }
}

void QtRun::drain()
{
    cancelUnended(true); // a submit that raced with abort()
    m_pool.waitForDone();
}

std::vector<quint32> QtRun::runningTasks() const
{
    std::lock_guard lock(m_orderMutex);
    std::vector<quint32> running;
    for (quint32 i = 0; i < m_phase.size(); ++i) {
        if (m_phase[i] == Phase::Running)
            running.push_back(i);
    }
    return running;
}

void QtRun::droppedUnrun(quint32 task)
{
    std::lock_guard lock(m_orderMutex);
    if (task >= m_phase.size() || m_phase[task] != Phase::Queued)
        return;
    m_phase[task] = Phase::Ended;
    if (t_qtClearing == m_serial) {
        // Dropped by pool.clear(): the runnable's QPromise, deleted with it, cancels and finishes the future.
        m_ctx.recorder().record(EventKind::CancelCall, task, CallerThread, CancelByClearFlag);
    } else {
        // Qt's run() found the future cancelled and finished it without calling the body.
        m_ctx.recorder().record(EventKind::CancelSkip, task, currentLane());
    }
}

void QtRun::end(quint32 task, qint16 lane, Outcome outcome, int stepsDone)
{
    std::lock_guard lock(m_orderMutex);
    m_phase[task] = Phase::Ended;
    m_ctx.recorder().record(EventKind::End, task, lane, quint8(outcome), stepsDone);
}

void QtRun::suspendIfRequested(QPromise<void> &promise, quint32 task, qint16 lane, int stepsDone)
{
    const QFuture<void> future = promise.future();
    std::unique_lock lock(m_orderMutex);
    // suspend() and resume() are called under this lock, so while it is held the answer cannot change: a
    // task nobody asked to suspend passes Qt's own check here at once, and one that was asked is recorded
    // as held before it blocks.
    if (!(future.isSuspending() || future.isSuspended()) || future.isCanceled()) {
        promise.suspendIfRequested();
        return;
    }
    m_ctx.recorder().record(EventKind::Hold, task, lane, HoldSuspendedFlag, stepsDone);
    lock.unlock();
    promise.suspendIfRequested(); // until resume() or cancel(); Qt lets the pool start another thread meanwhile
    lock.lock();
    m_ctx.recorder().record(EventKind::Release, task, lane, HoldSuspendedFlag, stepsDone);
}

void QtRun::runTask(QPromise<void> &promise, quint32 task)
{
    const qint16 lane = currentLane();
    {
        std::lock_guard lock(m_orderMutex);
        m_phase[task] = Phase::Running;
        m_ctx.recorder().record(EventKind::Start, task, lane);
    }
    const TaskSpec &spec = m_ctx.specOf(task);
    const qint64 stepNs = m_ctx.scaledNs(spec.stepMs);
    Recorder &recorder = m_ctx.recorder();
    int done = 0;
    for (int i = 0; i < spec.steps; ++i) {
        if (!m_ctx.gate().pass(task, lane, i))
            return end(task, lane, Outcome::Stopped, done); // torn down with the process; nobody reads it
        if (i == spec.failAtStep) {
            end(task, lane, Outcome::Failed, done);
            throw QtStepFailure(QStringLiteral("%1 failed at step %2").arg(m_ctx.taskId(task)).arg(i).toUtf8());
        }
        if (spec.wait == WaitMode::Event) {
            if (m_event.wait(std::chrono::nanoseconds(stepNs))) {
                recorder.record(EventKind::StopObserved, task, lane, 0, done);
                return end(task, lane, Outcome::Stopped, done);
            }
        } else if (!m_ctx.sleep(stepNs)) {
            return end(task, lane, Outcome::Stopped, done); // torn down
        }
        recorder.record(EventKind::Step, task, lane, 0, ++done);
        if (spec.options & ChecksSuspend)
            suspendIfRequested(promise, task, lane, done);
        if (spec.options & ChecksCanceled) {
            // Looked at under the lock a cancel() is made and recorded under: the cancel comes first.
            std::unique_lock lock(m_orderMutex);
            if (promise.isCanceled()) {
                recorder.record(EventKind::StopObserved, task, lane, StopByCancelFlag, done);
                lock.unlock();
                return end(task, lane, Outcome::Stopped, done);
            }
        }
        if (spec.checksStop && m_event.isSet()) {
            recorder.record(EventKind::StopObserved, task, lane, 0, done);
            return end(task, lane, Outcome::Stopped, done);
        }
    }
    end(task, lane, Outcome::Completed, done);
}

} // namespace poolscope
