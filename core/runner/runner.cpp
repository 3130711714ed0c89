// SPDX-License-Identifier: MIT
#include "runner/runner.h"

#include "models/model.h"
#include "models/modelregistry.h"

#include <algorithm>
#include <pthread.h>
#include <stdexcept>

namespace poolscope {

struct Runner::Command
{
    enum Kind { Submit, Act, Finish };
    Kind kind = Act;
    qint64 dueNs = 0;
    quint64 serial = 0;
    TaskSpec spec;
    quint32 count = 1;
    ActionCall call;
};

namespace {
const Model *modelFor(const RunInfo &info, const Model *given)
{
    if (given)
        return given;
    const Model *m = findModel(info.model);
    if (!m)
        throw std::invalid_argument("no model named " + info.model.toStdString());
    return m;
}
} // namespace

Runner::Runner(RunInfo info, const Model *model, RunClock *clock)
    : m_info(std::move(info))
    , m_model(modelFor(m_info, model))
    , m_ownClock(clock ? nullptr : std::make_unique<RunClock>())
    , m_clock(clock ? clock : m_ownClock.get())
    , m_recorder(m_clock)
    , m_gate(&m_recorder)
{
    m_run = m_model->createRun(*this);
    m_caller = std::thread([this] { callerLoop(); });
}

Runner::~Runner()
{
    abort();
    {
        // Past this point nobody will look at the run: a task that never checks the event is let go at
        // its next sleep instead of holding the process (this is not the stop event; the run is over).
        std::lock_guard lock(m_teardownMutex);
        m_teardown = true;
    }
    m_teardownCv.notify_all();
    m_gate.tearDown();
    m_clock->abandon();
    if (m_run)
        m_run->tearDown();
    if (m_caller.joinable())
        m_caller.join();
    m_run.reset(); // joins the pool's threads while the recorder and the clock still exist
}

qint64 Runner::dueNs(qint64 atMs) const
{
    if (atMs >= 0)
        return scaledNs(atMs);
    // "Now" in the schedule's time, which stands still while the window's Pause holds it: a call made
    // while paused runs when the run resumes.
    return (m_schedulePaused ? m_pausedAtNs : m_clock->nowNs()) - m_scheduleShiftNs;
}

bool Runner::enqueue(Command command, qint64 atMs)
{
    {
        std::lock_guard lock(m_mutex);
        command.dueNs = dueNs(atMs);
        if (m_aborted || m_finishStarted || (command.kind == Command::Finish && m_finishQueued)) {
            QString name;
            switch (command.kind) {
            case Command::Submit: name = QStringLiteral("submit"); break;
            case Command::Finish: name = QStringLiteral("finish"); break;
            case Command::Act: name = QStringLiteral("call"); break;
            }
            m_errors << QStringLiteral("%1: refused: the program has %2")
                                .arg(name, m_aborted ? QStringLiteral("been closed")
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
        ++m_wakeGeneration;
    }
    m_wake.notify_all();
    return true;
}

bool Runner::submit(TaskSpec spec, quint32 count, qint64 atMs)
{
    if (count == 0)
        return true;
    Command c;
    c.kind = Command::Submit;
    c.spec = std::move(spec);
    c.count = count;
    return enqueue(std::move(c), atMs);
}

bool Runner::act(ActionCall call, qint64 atMs)
{
    Command c;
    c.kind = Command::Act;
    c.call = std::move(call);
    return enqueue(std::move(c), atMs);
}

bool Runner::finish(qint64 atMs)
{
    Command c;
    c.kind = Command::Finish;
    return enqueue(std::move(c), atMs);
}

bool Runner::acceptsCommands() const
{
    std::lock_guard lock(m_mutex);
    return !m_aborted && !m_finishStarted;
}

void Runner::abort()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_aborted)
            return;
        m_aborted = true;
        m_commands.clear();
        ++m_wakeGeneration;
    }
    m_wake.notify_all();
    m_gate.open(); // a held task must reach its check of the stop event
    if (m_run)
        m_run->abort();
}

bool Runner::waitFinished(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_finishedCv.wait_for(lock, timeout, [this] { return m_finished; });
}

bool Runner::isFinished() const
{
    std::lock_guard lock(m_mutex);
    return m_finished;
}

std::vector<quint32> Runner::runningTasks() const
{
    return m_run ? m_run->runningTasks() : std::vector<quint32>();
}

void Runner::pause()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_aborted || m_schedulePaused)
            return;
        m_schedulePaused = true;
        m_pausedAtNs = m_clock->nowNs();
        ++m_wakeGeneration;
    }
    m_wake.notify_all();
    if (m_gate.close())
        m_recorder.record(EventKind::Pause, NoTask, CallerThread, 1);
}

void Runner::resume()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_schedulePaused)
            return;
        m_schedulePaused = false;
        m_scheduleShiftNs += m_clock->nowNs() - m_pausedAtNs;
        ++m_wakeGeneration;
    }
    m_wake.notify_all();
    if (m_gate.open())
        m_recorder.record(EventKind::Resume, NoTask, CallerThread, 1);
}

void Runner::stepOnce()
{
    m_gate.stepOnce();
}

bool Runner::isPaused() const
{
    std::lock_guard lock(m_mutex);
    return m_schedulePaused;
}

size_t Runner::taskCount() const
{
    std::lock_guard lock(m_mutex);
    return m_tasks.size();
}

void Runner::copyTasks(size_t fromTask, size_t fromSpec, std::vector<TaskSpec> *specs, std::vector<TaskRef> *tasks) const
{
    std::lock_guard lock(m_mutex);
    if (specs) {
        for (size_t i = fromSpec; i < m_specs.size(); ++i)
            specs->push_back(m_specs[i]);
    }
    if (tasks) {
        tasks->reserve(m_tasks.size());
        for (size_t i = fromTask; i < m_tasks.size(); ++i)
            tasks->push_back(m_tasks[i]);
    }
}

Run Runner::run() const
{
    Run r;
    r.info = m_info;
    // Events first: every task an event names is then in the tasks copied after.
    r.events = m_recorder.snapshot();
    copyTasks(0, 0, &r.specs, &r.tasks);
    {
        std::lock_guard lock(m_mutex);
        r.callerResults = m_callerResults;
    }
    return r;
}

Run Runner::takeRun()
{
    if (m_caller.joinable())
        m_caller.join();
    m_run.reset();
    return run();
}

QStringList Runner::errors() const
{
    std::lock_guard lock(m_mutex);
    return m_errors;
}

void Runner::setCommandHook(std::function<void()> hook)
{
    std::lock_guard lock(m_mutex);
    m_hook = std::move(hook);
}

const TaskSpec &Runner::specOf(quint32 task) const
{
    return m_specs[m_tasks[task].spec];
}

QString Runner::taskId(quint32 task) const
{
    std::lock_guard lock(m_mutex);
    if (task >= m_tasks.size())
        return QStringLiteral("#%1").arg(qint64(task) + 1);
    return instanceId(m_specs[m_tasks[task].spec], m_tasks[task].ordinal);
}

quint32 Runner::submittedCount() const
{
    std::lock_guard lock(m_mutex);
    return quint32(m_tasks.size());
}

bool Runner::sleep(qint64 ns)
{
    std::unique_lock lock(m_teardownMutex);
    const qint64 deadline = m_clock->nowNs() + std::max<qint64>(0, ns);
    return !m_clock->waitUntil(lock, m_teardownCv, deadline, [this] { return m_teardown; });
}

bool Runner::isTornDown() const
{
    std::lock_guard lock(m_teardownMutex);
    return m_teardown;
}

void Runner::reportError(const QString &message)
{
    std::lock_guard lock(m_mutex);
    m_errors << message;
}

void Runner::addCallerResult(const QJsonObject &result)
{
    std::lock_guard lock(m_mutex);
    m_callerResults.append(result);
}

void Runner::callerLoop()
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
                const quint64 seen = m_wakeGeneration;
                auto changed = [&] { return m_aborted || m_wakeGeneration != seen; };
                if (m_schedulePaused || m_commands.empty()) {
                    m_wake.wait(lock, changed);
                    continue;
                }
                const qint64 due = m_commands.front().dueNs + m_scheduleShiftNs;
                if (due <= m_clock->nowNs())
                    break;
                m_clock->waitUntil(lock, m_wake, due, changed);
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
        m_recorder.record(EventKind::WaitBegin);
        m_run->drain();
        m_recorder.record(EventKind::WaitEnd);
    }
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_finishedCv.notify_all();
}

void Runner::execute(Command &c)
{
    switch (c.kind) {
    case Command::Submit: {
        quint32 specIndex;
        {
            std::lock_guard lock(m_mutex);
            specIndex = quint32(m_specs.size());
            if (c.count > 1)
                c.spec.numbered = true;
            m_specs.push_back(c.spec);
        }
        // In slices, so the workers get going while a large group is still being submitted.
        constexpr quint32 Slice = 256;
        for (quint32 k = 1; k <= c.count; k += Slice) {
            const quint32 n = std::min(Slice, c.count - k + 1);
            quint32 first;
            {
                // The tasks are known before they can start, so a view never meets an unknown index.
                std::lock_guard lock(m_mutex);
                first = quint32(m_tasks.size());
                for (quint32 j = 0; j < n; ++j)
                    m_tasks.push_back({ specIndex, k + j });
            }
            const quint32 taken = n == 1 ? (m_run->submit(first) ? 1 : 0) : m_run->submitMany(first, n);
            if (taken < n) {
                std::lock_guard lock(m_mutex);
                for (quint32 j = taken; j < n; ++j)
                    m_tasks.pop_back();
                break; // the pool refuses from now on (it was shut down)
            }
        }
        break;
    }
    case Command::Act:
        switch (c.call.runnerVerb) {
        case RunnerVerb::Pause:
            if (m_gate.close())
                m_recorder.record(EventKind::Pause);
            break;
        case RunnerVerb::Resume:
            if (m_gate.open())
                m_recorder.record(EventKind::Resume);
            break;
        case RunnerVerb::None:
            m_run->perform(c.call);
            break;
        }
        break;
    case Command::Finish:
        m_recorder.record(EventKind::WaitBegin);
        m_run->finish();
        m_recorder.record(EventKind::WaitEnd);
        break;
    }
}

} // namespace poolscope
