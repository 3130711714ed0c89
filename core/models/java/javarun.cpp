// SPDX-License-Identifier: MIT
#include "models/java/javarun.h"

#include "clock/runclock.h"
#include "models/java/javaverbs.h"
#include "models/java/threadpoolexecutor.h"
#include "record/recorder.h"
#include "runner/pausegate.h"
#include "runner/runcontext.h"

#include <stdexcept>

namespace poolscope {

namespace {
// What a scenario task throws at fail_at_step (Java's RuntimeException).
struct JavaTaskFailure : std::runtime_error
{
    using std::runtime_error::runtime_error;
};
} // namespace

JavaRun::JavaRun(RunContext &ctx)
    : m_ctx(ctx)
    , m_settings(java::PoolSettings::fromJson(ctx.info().workers, ctx.info().pool))
    , m_parking(ctx.clock())
    , m_event(m_parking)
    , m_executor(std::make_unique<java::ThreadPoolExecutor>(m_settings, ctx.scaledNs(m_settings.keepAliveMs), ctx.clock(),
                                                      m_parking, m_caller, &ctx.recorder()))
{
}

JavaRun::~JavaRun()
{
    m_parking.tearDown();
    m_executor.reset();
}

std::vector<std::shared_ptr<java::FutureTask>> JavaRun::futures() const
{
    std::lock_guard lock(m_mutex);
    return m_futures;
}

bool JavaRun::submit(quint32 task)
{
    auto future = std::make_shared<java::FutureTask>(
            task, [this, task](java::TaskRun &run) { runTask(task, run); }, &m_ctx.recorder());
    {
        std::lock_guard lock(m_mutex);
        // Task indices are dense: the runner numbers them in order and this model never refuses one.
        Q_ASSERT(task == m_futures.size());
        m_futures.push_back(future);
        m_callerRuns = task; // until execute() returns, if the policy makes the caller run it
    }
    m_ctx.recorder().record(EventKind::Submit, task);
    const java::ThreadPoolExecutor::Fate fate = m_executor->execute(future);
    std::lock_guard lock(m_mutex);
    m_callerRuns = NoTask;
    if (fate == java::ThreadPoolExecutor::Fate::Rejected)
        m_futures[task] = nullptr; // submit() threw RejectedExecutionException: the program holds no future
    return true;
}

void JavaRun::cancel(const std::shared_ptr<java::FutureTask> &future, bool mayInterrupt)
{
    future->cancel(mayInterrupt, m_parking);
}

void JavaRun::perform(const ActionCall &call)
{
    const bool mayInterrupt = call.flags & java::CancelMayInterrupt;
    switch (call.verb) {
    case java::Cancel: {
        const std::vector<std::shared_ptr<java::FutureTask>> all = futures();
        for (quint32 task : call.tasks) {
            if (task >= all.size()) {
                m_ctx.reportError(QStringLiteral("cancel: no task #%1 has been submitted").arg(task));
                continue;
            }
            if (all[task]) // a rejected submit left the program no future to cancel
                cancel(all[task], mayInterrupt);
        }
        break;
    }
    case java::CancelAll:
        for (const std::shared_ptr<java::FutureTask> &f : futures()) {
            if (f)
                cancel(f, mayInterrupt);
        }
        break;
    case java::Stop:
        // Recorded first, so every stop_observed comes after the stop_set it saw.
        m_ctx.recorder().record(EventKind::StopSet);
        m_event.set();
        break;
    case java::Clear:
        m_event.clear();
        m_ctx.recorder().record(EventKind::StopClear);
        break;
    case java::Shutdown:
        m_ctx.recorder().record(EventKind::ShutdownBegin);
        m_executor->shutdown();
        m_ctx.recorder().record(EventKind::ShutdownEnd);
        break;
    case java::ShutdownNow:
        // The executor records the interrupts it sends and the tasks it drains, in queue order.
        m_ctx.recorder().record(EventKind::ShutdownBegin, NoTask, CallerThread, ShutdownNowFlag);
        m_executor->shutdownNow();
        m_ctx.recorder().record(EventKind::ShutdownEnd);
        break;
    case java::AwaitTermination: {
        m_ctx.recorder().record(EventKind::AwaitBegin, NoTask, CallerThread, 0, qint32(call.timeoutMs));
        const bool terminated = m_executor->awaitTermination(m_ctx.scaledNs(std::max<qint64>(0, call.timeoutMs)));
        m_ctx.recorder().record(EventKind::AwaitEnd, NoTask, CallerThread, terminated ? AwaitTerminatedFlag : 0);
        break;
    }
    default:
        m_ctx.reportError(QStringLiteral("the Java model has no verb %1").arg(call.verb));
        break;
    }
}

void JavaRun::finish()
{
    m_executor->shutdown();
    m_executor->awaitTermination();
}

void JavaRun::abort()
{
    // The Java program's way out: set the event (the checking tasks return), then shutdownNow() (the
    // queue is drained, the sleepers are interrupted). Never blocks.
    if (!m_event.isSet()) {
        m_ctx.recorder().record(EventKind::StopSet);
        m_event.set();
    }
    if (!m_executor->isShutdown() || m_executor->queueSize() > 0) {
        m_ctx.recorder().record(EventKind::ShutdownBegin, NoTask, CallerThread, ShutdownNowFlag);
        m_executor->shutdownNow();
        m_ctx.recorder().record(EventKind::ShutdownEnd);
    }
}

void JavaRun::drain()
{
    m_executor->awaitTermination();
}

void JavaRun::tearDown()
{
    m_parking.tearDown();
    m_executor->tearDown();
}

std::vector<quint32> JavaRun::runningTasks() const
{
    std::vector<quint32> running = m_executor->runningTasks();
    std::lock_guard lock(m_mutex);
    if (m_callerRuns != NoTask && m_futures[m_callerRuns] && m_futures[m_callerRuns]->isRunning())
        running.push_back(m_callerRuns);
    return running;
}

void JavaRun::runTask(quint32 task, java::TaskRun &run)
{
    const TaskSpec &spec = m_ctx.specOf(task);
    const qint64 stepNs = m_ctx.scaledNs(spec.stepMs);
    const bool checksInterrupt = spec.options & java::ChecksInterrupt;
    const bool swallows = spec.options & java::SwallowsInterrupt;
    java::JavaThread &self = run.thread;
    const qint16 lane = self.lane();
    Recorder &recorder = m_ctx.recorder();
    PauseGate &gate = m_ctx.gate();
    auto returns = [&](Outcome outcome) { run.outcome = outcome; };
    for (int i = 0; i < spec.steps; ++i) {
        // Held tasks wait here, before anything of the step (its failure included).
        if (!gate.pass(task, lane, i))
            return returns(Outcome::Stopped); // torn down with the process; nobody reads it any more
        if (i == spec.failAtStep)
            throw JavaTaskFailure("RuntimeException");
        java::WaitEnd end = java::WaitEnd::TimedOut;
        switch (spec.wait) {
        case WaitMode::Sleep: end = m_parking.sleep(self, stepNs); break;
        case WaitMode::Event: end = m_event.await(self, stepNs); break;
        case WaitMode::Busy: end = m_parking.spin(stepNs); break;
        }
        switch (end) {
        case java::WaitEnd::TornDown: return returns(Outcome::Stopped);
        case java::WaitEnd::Signalled:
            recorder.record(EventKind::StopObserved, task, lane, 0, run.stepsDone);
            return returns(Outcome::Stopped);
        case java::WaitEnd::Interrupted:
            // catch (InterruptedException e): the status is clear now.
            recorder.record(EventKind::InterruptSeen, task, lane, swallows ? InterruptSwallowedFlag : 0, run.stepsDone);
            if (swallows)
                continue; // the classic bug: the step is lost and the interrupt forgotten
            m_parking.interrupt(self); // Thread.currentThread().interrupt(): restore the status, return
            return returns(Outcome::Interrupted);
        case java::WaitEnd::TimedOut: break;
        }
        ++run.stepsDone;
        recorder.record(EventKind::Step, task, lane, 0, run.stepsDone);
        if (spec.checksStop && m_event.isSet()) {
            recorder.record(EventKind::StopObserved, task, lane, 0, run.stepsDone);
            return returns(Outcome::Stopped);
        }
        if (checksInterrupt && self.isInterrupted()) {
            recorder.record(EventKind::InterruptSeen, task, lane, 0, run.stepsDone);
            return returns(Outcome::Interrupted);
        }
    }
    returns(Outcome::Completed);
}

} // namespace poolscope
