// SPDX-License-Identifier: MIT
#include "poolsession.h"

#include "futureerrors.h"
#include "threadpoolexecutor.h"

#include <QLoggingCategory>
#include <algorithm>
#include <pthread.h>

namespace poolscope {

struct PoolSession::Command
{
    enum Kind { Submit, Cancel, CancelAll, Stop, Clear, Shutdown, Finish };
    Kind kind = Stop;
    qint64 dueNs = 0;
    quint64 serial = 0;
    TaskSpec spec;
    quint32 task = NoTask;
    bool wait = true;
    bool cancelFutures = false;
};

PoolSession::PoolSession(Info info) : m_info(std::move(info))
{
    m_executor = std::make_unique<ThreadPoolExecutor>(std::max(1, m_info.workers), &m_recorder, QStringLiteral("worker"));
    m_caller = std::thread([this] { callerLoop(); });
}

PoolSession::~PoolSession()
{
    abort();
    {
        // Past this point nobody will look at the run: a task that never checks the event is let go at
        // its next sleep instead of holding the process (this is not the stop event; the run is over).
        std::lock_guard lock(m_teardownMutex);
        m_teardown = true;
    }
    m_teardownCv.notify_all();
    if (m_caller.joinable())
        m_caller.join();
}

qint64 PoolSession::scaledNs(qint64 ms) const
{
    return qint64(double(ms) * m_info.timeScale * 1e6);
}

bool PoolSession::enqueue(Command command)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_aborted || m_finishStarted || (command.kind == Command::Finish && m_finishQueued)) {
            static const char *const names[] = { "submit", "cancel", "cancel_all", "stop", "clear", "shutdown", "finish" };
            m_errors << QStringLiteral("%1: refused: the program has %2")
                                .arg(QLatin1String(names[command.kind]),
                                     m_aborted ? QStringLiteral("been closed")
                                               : QStringLiteral("left its `with` block and waits for every task"));
            return false;
        }
        command.serial = m_commandSerial++;
        if (command.kind == Command::Finish)
            m_finishQueued = true;
        auto pos = std::upper_bound(m_commands.begin(), m_commands.end(), command,
                                    [](const Command &a, const Command &b) { return a.dueNs < b.dueNs; });
        // A command due after the final wait is scheduled runs just before it: nothing comes after a Finish.
        if (pos == m_commands.end() && !m_commands.empty() && m_commands.back().kind == Command::Finish)
            --pos;
        m_commands.insert(pos, std::move(command));
    }
    m_wake.notify_all();
    return true;
}

bool PoolSession::acceptsCommands() const
{
    std::lock_guard lock(m_mutex);
    return !m_aborted && !m_finishStarted;
}

qint64 PoolSession::dueNs(qint64 atMs) const
{
    return atMs < 0 ? m_recorder.nowNs() : scaledNs(atMs);
}

bool PoolSession::submit(TaskSpec spec, qint64 atMs)
{
    Command c;
    c.kind = Command::Submit;
    c.dueNs = dueNs(atMs);
    c.spec = std::move(spec);
    return enqueue(std::move(c));
}

bool PoolSession::cancel(quint32 taskIndex, qint64 atMs)
{
    Command c;
    c.kind = Command::Cancel;
    c.dueNs = dueNs(atMs);
    c.task = taskIndex;
    return enqueue(std::move(c));
}

bool PoolSession::cancelAll(qint64 atMs)
{
    Command c;
    c.kind = Command::CancelAll;
    c.dueNs = dueNs(atMs);
    return enqueue(std::move(c));
}

bool PoolSession::stop(qint64 atMs)
{
    Command c;
    c.kind = Command::Stop;
    c.dueNs = dueNs(atMs);
    return enqueue(std::move(c));
}

bool PoolSession::clear(qint64 atMs)
{
    Command c;
    c.kind = Command::Clear;
    c.dueNs = dueNs(atMs);
    return enqueue(std::move(c));
}

bool PoolSession::shutdown(bool wait, bool cancelFutures, qint64 atMs)
{
    Command c;
    c.kind = Command::Shutdown;
    c.dueNs = dueNs(atMs);
    c.wait = wait;
    c.cancelFutures = cancelFutures;
    return enqueue(std::move(c));
}

bool PoolSession::finish(qint64 atMs)
{
    Command c;
    c.kind = Command::Finish;
    c.dueNs = dueNs(atMs);
    return enqueue(std::move(c));
}

void PoolSession::abort()
{
    std::vector<TaskFuture> futures;
    {
        std::lock_guard lock(m_mutex);
        if (m_aborted)
            return;
        m_aborted = true;
        m_commands.clear();
        futures = m_futures;
    }
    m_wake.notify_all();
    // The recipe: cancel every future (the pending ones end), then set the event (the running ones stop).
    for (TaskFuture &f : futures) {
        if (f.state() == FutureState::Pending)
            f.cancel();
    }
    if (!m_event.isSet()) {
        m_recorder.record(EventKind::StopSet);
        m_event.set();
    }
}

bool PoolSession::waitFinished(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_finishedCv.wait_for(lock, timeout, [this] { return m_finished; });
}

bool PoolSession::isFinished() const
{
    std::lock_guard lock(m_mutex);
    return m_finished;
}

std::vector<quint32> PoolSession::runningTasks() const
{
    std::vector<TaskFuture> futures;
    {
        std::lock_guard lock(m_mutex);
        futures = m_futures;
    }
    std::vector<quint32> running;
    for (const TaskFuture &f : futures) {
        if (f.running())
            running.push_back(f.taskIndex());
    }
    return running;
}

std::vector<TaskSpec> PoolSession::taskSpecs(size_t from) const
{
    std::lock_guard lock(m_mutex);
    if (from >= m_specs.size())
        return {};
    return std::vector<TaskSpec>(m_specs.begin() + qsizetype(from), m_specs.end());
}

size_t PoolSession::taskCount() const
{
    std::lock_guard lock(m_mutex);
    return m_specs.size();
}

Session PoolSession::session() const
{
    Session s;
    s.scenarioName = m_info.scenarioName;
    s.title = m_info.title;
    s.description = m_info.description;
    s.model = m_info.model;
    s.workers = m_info.workers;
    s.timeScale = m_info.timeScale;
    // Events first: every task an event names is then in the specs taken after.
    s.events = m_recorder.snapshot();
    s.tasks = taskSpecs();
    return s;
}

QStringList PoolSession::errors() const
{
    std::lock_guard lock(m_mutex);
    return m_errors;
}

void PoolSession::setCommandHook(std::function<void()> hook)
{
    std::lock_guard lock(m_mutex);
    m_hook = std::move(hook);
}

void PoolSession::callerLoop()
{
    pthread_setname_np(pthread_self(), "caller");
    for (;;) {
        Command command;
        std::function<void()> hook;
        {
            std::unique_lock lock(m_mutex);
            for (;;) {
                if (m_aborted)
                    break;
                if (!m_commands.empty()) {
                    const qint64 now = m_recorder.nowNs();
                    const qint64 due = m_commands.front().dueNs;
                    if (due <= now)
                        break;
                    m_wake.wait_for(lock, std::chrono::nanoseconds(due - now));
                } else {
                    m_wake.wait(lock);
                }
            }
            if (m_aborted)
                break;
            command = std::move(m_commands.front());
            m_commands.pop_front();
            if (command.kind == Command::Finish)
                m_finishStarted = true;
            hook = m_hook;
        }
        execute(command);
        if (hook)
            hook();
        if (command.kind == Command::Finish)
            break;
    }

    bool aborted;
    {
        std::lock_guard lock(m_mutex);
        aborted = m_aborted;
    }
    if (aborted) {
        // A submit that raced with abort() may have queued a future after abort() cancelled the rest.
        std::vector<TaskFuture> futures;
        {
            std::lock_guard lock(m_mutex);
            futures = m_futures;
        }
        for (TaskFuture &f : futures) {
            if (f.state() == FutureState::Pending)
                f.cancel();
        }
        m_recorder.record(EventKind::WaitBegin);
        m_executor->shutdown(true, false);
        m_recorder.record(EventKind::WaitEnd);
    }
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_finishedCv.notify_all();
}

void PoolSession::execute(Command &c)
{
    switch (c.kind) {
    case Command::Submit: {
        std::unique_lock lock(m_mutex);
        // The spec is visible before the task can start, so a view never meets an unknown index.
        m_specs.push_back(c.spec);
        const TaskSpec &spec = c.spec;
        const size_t index = m_specs.size() - 1;
        try {
            lock.unlock();
            // Only the index is captured: the closure fits std::function's inline storage, so a pending
            // task costs no allocation beyond its future.
            TaskFuture f = m_executor->submit(
                    ThreadPoolExecutor::Task([this, index](TaskContext &ctx) { return runTask(index, ctx); }));
            lock.lock();
            m_futures.push_back(f);
        } catch (const ExecutorShutdownError &e) {
            if (!lock.owns_lock())
                lock.lock();
            m_specs.pop_back();
            m_errors << QStringLiteral("submit(%1): RuntimeError: %2").arg(spec.id, QString::fromUtf8(e.what()));
        }
        break;
    }
    case Command::Cancel: {
        TaskFuture f;
        {
            std::lock_guard lock(m_mutex);
            if (c.task >= m_futures.size()) {
                m_errors << QStringLiteral("cancel: no task #%1 has been submitted").arg(c.task);
                break;
            }
            f = m_futures[c.task];
        }
        f.cancel();
        break;
    }
    case Command::CancelAll: {
        std::vector<TaskFuture> futures;
        {
            std::lock_guard lock(m_mutex);
            futures = m_futures;
        }
        for (TaskFuture &f : futures)
            f.cancel();
        break;
    }
    case Command::Stop:
        // Recorded first, so every stop_observed comes after the stop_set it saw.
        m_recorder.record(EventKind::StopSet);
        m_event.set();
        break;
    case Command::Clear:
        m_event.clear();
        m_recorder.record(EventKind::StopClear);
        break;
    case Command::Shutdown:
        m_recorder.record(EventKind::ShutdownBegin, NoTask, CallerThread,
                          quint8((c.wait ? ShutdownWaitFlag : 0) | (c.cancelFutures ? ShutdownCancelFuturesFlag : 0)));
        m_executor->shutdown(c.wait, c.cancelFutures);
        m_recorder.record(EventKind::ShutdownEnd);
        break;
    case Command::Finish:
        // Leaving Python's `with` block: shutdown(wait=True) waits for every task.
        m_recorder.record(EventKind::WaitBegin);
        m_executor->shutdown(true, false);
        m_recorder.record(EventKind::WaitEnd);
        break;
    }
}

bool PoolSession::sleepUnlessTornDown(std::chrono::nanoseconds duration)
{
    std::unique_lock lock(m_teardownMutex);
    return !m_teardownCv.wait_for(lock, duration, [this] { return m_teardown; });
}

QVariant PoolSession::runTask(size_t index, TaskContext &ctx)
{
    TaskSpec spec;
    {
        std::lock_guard lock(m_mutex);
        spec = m_specs[index];
    }
    const auto step = std::chrono::nanoseconds(scaledNs(spec.stepMs));
    for (int i = 0; i < spec.steps; ++i) {
        if (i == spec.failAtStep)
            throw TaskFailure(QStringLiteral("%1 failed at step %2").arg(spec.id).arg(i).toStdString());
        if (spec.wait == WaitMode::Event) {
            if (m_event.wait(step)) {
                ctx.record(EventKind::StopObserved, 0, ctx.stepsDone);
                ctx.outcome = Outcome::Stopped;
                return QStringLiteral("stopped");
            }
        } else if (!sleepUnlessTornDown(step)) {
            ctx.outcome = Outcome::Stopped; // torn down with the process; nobody reads it any more
            return QStringLiteral("abandoned");
        }
        ++ctx.stepsDone;
        ctx.record(EventKind::Step, 0, ctx.stepsDone);
        if (spec.checksStop && m_event.isSet()) {
            ctx.record(EventKind::StopObserved, 0, ctx.stepsDone);
            ctx.outcome = Outcome::Stopped;
            return QStringLiteral("stopped");
        }
    }
    return QStringLiteral("completed");
}

PoolSession::Info sessionInfoFor(const Scenario &scenario, double timeScale)
{
    PoolSession::Info info;
    info.scenarioName = scenario.name;
    info.title = scenario.title;
    info.description = scenario.description;
    info.model = scenario.model;
    info.workers = scenario.workers;
    info.timeScale = timeScale;
    return info;
}

void queueScenario(PoolSession &session, const Scenario &scenario)
{
    struct Item
    {
        qint64 atMs;
        int order; // submits (0) before actions (1) due at the same time
        int seq;
        std::function<void()> queue;
    };
    std::vector<Item> items;
    QHash<QString, QList<quint32>> indicesOf; // instance id or group id -> task indices
    quint32 index = 0;
    int seq = 0;
    for (const TaskGroup &g : scenario.groupsInSubmissionOrder()) {
        for (int k = 1; k <= g.count; ++k, ++index) {
            TaskSpec spec;
            spec.id = instanceId(g, k);
            spec.group = g.id;
            spec.steps = g.steps;
            spec.stepMs = g.stepMs;
            spec.checksStop = g.checksStop;
            spec.wait = g.wait;
            spec.failAtStep = g.failAtStep;
            indicesOf[spec.id] << index;
            if (g.count > 1)
                indicesOf[g.id] << index;
            items.push_back({ g.submitAtMs, 0, seq++, [&session, spec, at = g.submitAtMs] { session.submit(spec, at); } });
        }
    }
    qint64 lastAt = 0;
    for (const ScenarioAction &a : scenario.actions) {
        const qint64 at = a.atMs;
        lastAt = std::max(lastAt, at);
        std::function<void()> queue;
        switch (a.kind) {
        case ActionKind::Cancel: {
            const QList<quint32> targets = indicesOf.value(a.task);
            queue = [&session, targets, at] {
                for (quint32 t : targets)
                    session.cancel(t, at);
            };
            break;
        }
        case ActionKind::CancelAll: queue = [&session, at] { session.cancelAll(at); }; break;
        case ActionKind::Stop: queue = [&session, at] { session.stop(at); }; break;
        case ActionKind::Clear: queue = [&session, at] { session.clear(at); }; break;
        case ActionKind::Shutdown:
            queue = [&session, at, w = a.wait, cf = a.cancelFutures] { session.shutdown(w, cf, at); };
            break;
        }
        items.push_back({ at, 1, seq++, std::move(queue) });
    }
    std::stable_sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return a.atMs != b.atMs ? a.atMs < b.atMs : a.order < b.order;
    });
    for (const Item &item : items) {
        lastAt = std::max(lastAt, item.atMs);
        item.queue();
    }
    session.finish(lastAt);
}

Session runScenario(const Scenario &scenario, double timeScale)
{
    PoolSession session(sessionInfoFor(scenario, timeScale));
    queueScenario(session, scenario);
    while (!session.waitFinished(std::chrono::hours(1))) { }
    return session.session();
}

} // namespace poolscope
