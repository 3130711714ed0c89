// SPDX-License-Identifier: MIT
#include "models/python/pythonrun.h"

#include "clock/runclock.h"
#include "models/python/futureerrors.h"
#include "models/python/futurewait.h"
#include "models/python/pythonverbs.h"
#include "models/python/threadpoolexecutor.h"
#include "record/recorder.h"
#include "runner/pausegate.h"
#include "runner/runcontext.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <unordered_set>

namespace poolscope {

using namespace python;

PythonRun::PythonRun(RunContext &ctx)
    : m_ctx(ctx)
    , m_event(&ctx.clock())
    , m_executor(std::make_unique<ThreadPoolExecutor>(std::max(1, ctx.info().workers), &ctx.recorder(),
                                                      QStringLiteral("worker")))
{
}

PythonRun::~PythonRun()
{
    m_executor.reset();
}

std::vector<TaskFuture> PythonRun::futures() const
{
    std::lock_guard lock(m_mutex);
    return m_futures;
}

bool PythonRun::submit(quint32 task)
{
    try {
        // Only the index is captured: the closure fits std::function's inline storage, so a pending task
        // costs no allocation beyond its future.
        TaskFuture f = m_executor->submit(TaskBody([this, task](TaskContext &tc) { return runTask(task, tc); }));
        std::lock_guard lock(m_mutex);
        // Task indices are dense: the runner forgets a refused task before it numbers the next one.
        Q_ASSERT(task == m_futures.size());
        m_futures.push_back(std::move(f));
        return true;
    } catch (const ExecutorShutdownError &e) {
        m_ctx.reportError(QStringLiteral("submit(%1): RuntimeError: %2").arg(m_ctx.taskId(task), QString::fromUtf8(e.what())));
        return false;
    }
}

quint32 PythonRun::submitMany(quint32 first, quint32 count)
{
    try {
        std::vector<TaskFuture> fs = m_executor->submitMany(count, [this, first](quint32 i) {
            return TaskBody([this, task = first + i](TaskContext &tc) { return runTask(task, tc); });
        });
        std::lock_guard lock(m_mutex);
        Q_ASSERT(first == m_futures.size());
        m_futures.insert(m_futures.end(), std::make_move_iterator(fs.begin()), std::make_move_iterator(fs.end()));
        return count;
    } catch (const ExecutorShutdownError &e) {
        m_ctx.reportError(QStringLiteral("submit(%1): RuntimeError: %2").arg(m_ctx.taskId(first), QString::fromUtf8(e.what())));
        return 0;
    }
}

void PythonRun::perform(const ActionCall &call)
{
    switch (call.verb) {
    case Cancel: {
        const std::vector<TaskFuture> all = futures();
        for (quint32 task : call.tasks) {
            if (task >= all.size() || !all[task].isValid()) {
                m_ctx.reportError(QStringLiteral("cancel: no task #%1 has been submitted").arg(task));
                continue;
            }
            TaskFuture f = all[task];
            f.cancel();
        }
        break;
    }
    case CancelAll:
        for (TaskFuture &f : futures()) {
            if (f.isValid())
                f.cancel();
        }
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
    case Shutdown: {
        const bool wait = call.flags & ShutdownWait;
        const bool cancelFutures = call.flags & ShutdownCancelFutures;
        m_ctx.recorder().record(EventKind::ShutdownBegin, NoTask, CallerThread,
                                quint8((wait ? ShutdownWaitFlag : 0) | (cancelFutures ? ShutdownCancelFuturesFlag : 0)));
        m_executor->shutdown(wait, cancelFutures);
        m_ctx.recorder().record(EventKind::ShutdownEnd);
        break;
    }
    case WaitCall:
    case AsCompletedCall:
    case ResultCall: blockingCall(call); break;
    default:
        m_ctx.reportError(QStringLiteral("the Python model has no verb %1").arg(call.verb));
        break;
    }
}

std::vector<TaskFuture> PythonRun::callTargets(const ActionCall &call) const
{
    const std::vector<TaskFuture> all = futures();
    std::vector<TaskFuture> out;
    if (call.allSubmitted) {
        for (const TaskFuture &f : all) {
            if (f.isValid())
                out.push_back(f);
        }
        return out;
    }
    // In submission order, each once (a group and one of its instances may both be named).
    std::vector<quint32> tasks = call.tasks;
    std::sort(tasks.begin(), tasks.end());
    tasks.erase(std::unique(tasks.begin(), tasks.end()), tasks.end());
    for (quint32 task : tasks) {
        if (task < all.size() && all[task].isValid())
            out.push_back(all[task]);
        else
            m_ctx.reportError(QStringLiteral("no task #%1 has been submitted").arg(task));
    }
    return out;
}

// wait(), as_completed() and result(): the caller blocks, as in CPython; what they returned goes to the
// report's caller_results.
void PythonRun::blockingCall(const ActionCall &call)
{
    const std::vector<TaskFuture> fs = callTargets(call);
    const Timeout timeout = call.timeoutMs > 0 ? Timeout(std::chrono::nanoseconds(m_ctx.scaledNs(call.timeoutMs)))
                                               : std::nullopt;
    Recorder &rec = m_ctx.recorder();
    QJsonObject result;
    if (call.verb == WaitCall) {
        const ReturnWhen when = call.flags & WaitFirstCompleted ? ReturnWhen::FirstCompleted
                : call.flags & WaitFirstException               ? ReturnWhen::FirstException
                                                                : ReturnWhen::AllCompleted;
        const WaitReturnWhen recorded = when == ReturnWhen::FirstCompleted ? WaitReturnWhen::FirstCompleted
                : when == ReturnWhen::FirstException                      ? WaitReturnWhen::FirstException
                                                                          : WaitReturnWhen::AllCompleted;
        const quint8 flags = quint8(quint8(BlockingCall::Wait) | quint8(recorded) << 4);
        rec.record(EventKind::CallBegin, NoTask, CallerThread, flags, qint32(fs.size()));
        const DoneAndNotDone r = wait(fs, timeout, when, &m_ctx.clock());
        rec.record(EventKind::CallEnd, NoTask, CallerThread, flags, qint32(r.done.size()));
        std::unordered_set<const FutureShared *> done;
        for (const TaskFuture &f : r.done)
            done.insert(f.shared());
        QJsonArray doneIds, notDoneIds;
        for (const TaskFuture &f : fs)
            (done.count(f.shared()) ? doneIds : notDoneIds).append(m_ctx.taskId(f.taskIndex()));
        result = { { QStringLiteral("call"), QStringLiteral("wait") },
                   { QStringLiteral("done"), doneIds },
                   { QStringLiteral("not_done"), notDoneIds } };
    } else if (call.verb == AsCompletedCall) {
        const quint8 flags = quint8(BlockingCall::AsCompleted);
        // CPython's "done" (a finished future, or a cancelled one a worker has skipped) when the call began:
        // those come first, in submission order (CPython yields them in a set's order).
        std::unordered_set<const FutureShared *> doneAtBegin;
        for (const TaskFuture &f : fs) {
            const FutureState st = f.state();
            if (st == FutureState::Finished || st == FutureState::CancelledAndNotified)
                doneAtBegin.insert(f.shared());
        }
        AsCompleted it(fs, timeout, &m_ctx.clock());
        std::vector<TaskFuture> yielded;
        bool timedOut = false;
        for (size_t n = 0; n < fs.size(); ++n) {
            rec.record(EventKind::CallBegin, NoTask, CallerThread, flags, qint32(fs.size()));
            try {
                const std::optional<TaskFuture> f = it.next();
                rec.record(EventKind::CallEnd, f ? f->taskIndex() : NoTask, CallerThread, flags);
                if (!f)
                    break;
                yielded.push_back(*f);
            } catch (const TimeoutError &) {
                rec.record(EventKind::CallEnd, NoTask, CallerThread, flags);
                timedOut = true;
                break;
            }
        }
        std::vector<quint32> early, late;
        for (const TaskFuture &f : yielded)
            (doneAtBegin.count(f.shared()) ? early : late).push_back(f.taskIndex());
        std::sort(early.begin(), early.end());
        QJsonArray order;
        for (quint32 t : early)
            order.append(m_ctx.taskId(t));
        for (quint32 t : late)
            order.append(m_ctx.taskId(t));
        result = { { QStringLiteral("call"), QStringLiteral("as_completed") },
                   { QStringLiteral("order"), order },
                   { QStringLiteral("timeout"), timedOut } };
    } else {
        if (fs.empty())
            return;
        const TaskFuture f = fs.front();
        const quint8 flags = quint8(BlockingCall::Result);
        rec.record(EventKind::CallBegin, f.taskIndex(), CallerThread, flags, 1);
        QString outcome = QStringLiteral("value");
        try {
            f.result(timeout);
        } catch (const CancelledError &) {
            outcome = QStringLiteral("cancelled");
        } catch (const TimeoutError &) {
            outcome = QStringLiteral("timeout");
        } catch (...) {
            outcome = QStringLiteral("exception");
        }
        rec.record(EventKind::CallEnd, f.taskIndex(), CallerThread, flags);
        result = { { QStringLiteral("call"), QStringLiteral("result") },
                   { QStringLiteral("task"), m_ctx.taskId(f.taskIndex()) },
                   { QStringLiteral("outcome"), outcome } };
    }
    m_ctx.addCallerResult(result);
}

void PythonRun::finish()
{
    // Leaving Python's `with` block: shutdown(wait=True) waits for every task.
    m_executor->shutdown(true, false);
}

void PythonRun::cancelPending()
{
    for (TaskFuture &f : futures()) {
        if (f.isValid() && f.state() == FutureState::Pending)
            f.cancel();
    }
}

void PythonRun::abort()
{
    // The recipe: cancel every future (the pending ones end), then set the event (the running ones stop).
    cancelPending();
    if (!m_event.isSet()) {
        m_ctx.recorder().record(EventKind::StopSet);
        m_event.set();
    }
}

void PythonRun::drain()
{
    // A submit that raced with abort() may have queued a future after abort() cancelled the rest.
    cancelPending();
    m_executor->shutdown(true, false);
}

std::vector<quint32> PythonRun::runningTasks() const
{
    std::vector<quint32> running;
    for (const TaskFuture &f : futures()) {
        if (f.isValid() && f.running())
            running.push_back(f.taskIndex());
    }
    return running;
}

QVariant PythonRun::runTask(quint32 task, TaskContext &tc)
{
    const TaskSpec &spec = m_ctx.specOf(task);
    const qint64 stepNs = m_ctx.scaledNs(spec.stepMs);
    PauseGate &gate = m_ctx.gate();
    for (int i = 0; i < spec.steps; ++i) {
        // Held tasks wait here, before anything of the step (its failure included); they do not look at
        // the event while held.
        if (!gate.pass(tc.taskIndex, tc.worker, i)) {
            tc.outcome = Outcome::Stopped; // torn down with the process; nobody reads it any more
            return QStringLiteral("abandoned");
        }
        if (i == spec.failAtStep)
            throw TaskFailure(QStringLiteral("%1 failed at step %2").arg(m_ctx.taskId(task)).arg(i).toStdString());
        if (spec.wait == WaitMode::Event) {
            if (m_event.wait(std::chrono::nanoseconds(stepNs))) {
                tc.record(EventKind::StopObserved, 0, tc.stepsDone);
                tc.outcome = Outcome::Stopped;
                return QStringLiteral("stopped");
            }
        } else if (!m_ctx.sleep(stepNs)) {
            tc.outcome = Outcome::Stopped; // torn down with the process; nobody reads it any more
            return QStringLiteral("abandoned");
        }
        ++tc.stepsDone;
        tc.record(EventKind::Step, 0, tc.stepsDone);
        if (spec.checksStop && m_event.isSet()) {
            tc.record(EventKind::StopObserved, 0, tc.stepsDone);
            tc.outcome = Outcome::Stopped;
            return QStringLiteral("stopped");
        }
    }
    return QStringLiteral("completed");
}

} // namespace poolscope
