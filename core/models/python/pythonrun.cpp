// SPDX-License-Identifier: MIT
#include "models/python/pythonrun.h"

#include "clock/runclock.h"
#include "models/python/futureerrors.h"
#include "models/python/pythonverbs.h"
#include "models/python/threadpoolexecutor.h"
#include "record/recorder.h"
#include "runner/pausegate.h"
#include "runner/runcontext.h"

#include <algorithm>

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
    default:
        m_ctx.reportError(QStringLiteral("the Python model has no verb %1").arg(call.verb));
        break;
    }
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
