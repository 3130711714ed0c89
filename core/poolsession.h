// SPDX-License-Identifier: MIT
#pragma once

#include "recorder.h"
#include "scenario.h"
#include "session.h"
#include "stopevent.h"
#include "taskfuture.h"

#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace poolscope {

class ThreadPoolExecutor;
struct TaskContext;

// One run of a pool: an executor, a stop event, a recorder, and the "caller" thread that plays the
// Python program's main thread. Commands (submit, cancel, stop, ...) run on the caller thread in the
// order they are due, so a blocking shutdown(wait=True) blocks what comes after it, as in Python, while
// the GUI stays responsive. Scenarios queue timed commands; the window queues immediate ones.
class PoolSession
{
public:
    struct Info
    {
        QString scenarioName = QStringLiteral("interactive");
        QString title;
        QString description;
        QString model = QStringLiteral("python");
        int workers = 1;
        double timeScale = 1.0;
    };
    explicit PoolSession(Info info);
    ~PoolSession(); // abort() and join
    PoolSession(const PoolSession &) = delete;
    PoolSession &operator=(const PoolSession &) = delete;

    // Every command takes a due time in unscaled milliseconds from the start (-1: now); equal due
    // times run in the order they were queued. Durations are multiplied by the time scale.
    // A command is refused (false, and a line in errors()) once the final wait has begun or after
    // abort(): the Python program's main thread is blocked there, or gone.
    bool submit(TaskSpec spec, qint64 atMs = -1);
    bool cancel(quint32 taskIndex, qint64 atMs = -1); // index in submission order
    bool cancelAll(qint64 atMs = -1);
    bool stop(qint64 atMs = -1);
    bool clear(qint64 atMs = -1);
    bool shutdown(bool wait, bool cancelFutures, qint64 atMs = -1);
    // After every queued command: wait for all tasks to end (leaving Python's `with` block), then the
    // caller thread ends. Commands queued later still run before it while it has not begun.
    bool finish(qint64 atMs = -1);
    bool acceptsCommands() const; // false once the final wait has begun or after abort()

    // Closing the window: drops the commands not yet run, cancels every pending future, sets the event,
    // and lets running tasks end. Does not block; waitFinished() does.
    void abort();

    bool waitFinished(std::chrono::milliseconds timeout);
    bool isFinished() const;
    // Tasks still running (abort and finish wait for them); those that never check the event.
    std::vector<quint32> runningTasks() const;

    Recorder &recorder() { return m_recorder; }
    const Info &info() const { return m_info; }
    std::vector<TaskSpec> taskSpecs(size_t from = 0) const; // submitted so far, by task index, from `from` on
    size_t taskCount() const;
    Session session() const; // a snapshot of everything recorded so far
    QStringList errors() const; // e.g. a submit after shutdown, refused as CPython's RuntimeError

    // Called on the caller thread after each command ran (for tests and for waking views).
    void setCommandHook(std::function<void()> hook);

private:
    struct Command;
    bool enqueue(Command command);
    void callerLoop();
    void execute(Command &command);
    QVariant runTask(size_t index, TaskContext &ctx);
    qint64 scaledNs(qint64 ms) const;
    qint64 dueNs(qint64 atMs) const; // -1: now
    bool sleepUnlessTornDown(std::chrono::nanoseconds duration); // false once the session is destroyed

    const Info m_info;
    Recorder m_recorder;
    StopEvent m_event;
    std::unique_ptr<ThreadPoolExecutor> m_executor;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Command> m_commands; // sorted by due time, stable; a Finish is always last
    quint64 m_commandSerial = 0;
    std::vector<TaskSpec> m_specs;
    std::vector<TaskFuture> m_futures;
    QStringList m_errors;
    bool m_finishQueued = false;
    bool m_finishStarted = false;
    bool m_aborted = false;
    bool m_finished = false;
    std::condition_variable m_finishedCv;
    std::function<void()> m_hook;
    std::mutex m_teardownMutex;
    std::condition_variable m_teardownCv;
    bool m_teardown = false;
    std::thread m_caller;
};

// Queues a scenario's submits and actions on a session, then finish(). Submits come before actions due
// at the same time. The caller may watch session.recorder() while it runs.
void queueScenario(PoolSession &session, const Scenario &scenario);
PoolSession::Info sessionInfoFor(const Scenario &scenario, double timeScale);

// Runs a scenario to its end on this thread's behalf (blocks) and returns what was recorded.
Session runScenario(const Scenario &scenario, double timeScale = 1.0);

} // namespace poolscope
