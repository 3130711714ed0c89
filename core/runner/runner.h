// SPDX-License-Identifier: MIT
// The runner: one run of a model's pool, driven by a caller thread that plays the program's main thread.
#pragma once

#include <QJsonArray>

#include "clock/runclock.h"
#include "record/recorder.h"
#include "record/run.h"
#include "record/stablevector.h"
#include "runner/actioncall.h"
#include "runner/pausegate.h"
#include "runner/runcontext.h"

#include <QStringList>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace poolscope {

class Model;
class ModelRun;

// Model-neutral: the runner owns the caller thread, the timed command queue, the recorder, the clock, the
// pause gate and teardown; the model (found by info.model) supplies the pool. Commands run on the caller
// thread in the order they are due, so a blocking call (a shutdown that waits) delays what comes after it,
// as in the program it plays, while the window stays responsive. Scenarios queue timed commands; the
// window queues immediate ones.
class Runner final : private RunContext
{
public:
    // clock: nullptr for a wall clock of the runner's own; a manual clock lets a test drive time.
    explicit Runner(RunInfo info, const Model *model = nullptr, RunClock *clock = nullptr);
    ~Runner() override; // abort() and join
    Runner(const Runner &) = delete;
    Runner &operator=(const Runner &) = delete;

    // Every command takes a due time in unscaled milliseconds from the start (-1: now); equal due times
    // run in the order they were queued; durations are multiplied by the time scale. A command is refused
    // (false, and a line in errors()) once the final wait has begun or after abort().
    bool submit(TaskSpec spec, quint32 count = 1, qint64 atMs = -1);
    bool act(ActionCall call, qint64 atMs = -1);
    // After every queued command: wait for every task (leaving the `with` block), then the caller thread
    // ends. Commands queued later still run before it while it has not begun.
    bool finish(qint64 atMs = -1);
    bool acceptsCommands() const;

    // Closing the window: drops the commands not yet run and lets the model end what it can (Python: the
    // pending are cancelled, the event set). Does not block; waitFinished() does.
    void abort();
    bool waitFinished(std::chrono::milliseconds timeout);
    bool isFinished() const;
    std::vector<quint32> runningTasks() const;

    // The window's Pause: the gate closes (tasks hold at their next step) and the caller's schedule stops
    // (what was due later stays as far ahead); resume() undoes both; stepOnce() lets each held task do one
    // more step. Immediate: not queued behind a blocking call.
    void pause();
    void resume();
    void stepOnce();
    bool isPaused() const;

    Recorder &recorder() override { return m_recorder; }
    const Recorder &recorder() const { return m_recorder; }
    RunClock &clock() override { return *m_clock; }
    PauseGate &gate() override { return m_gate; }
    const RunInfo &info() const override { return m_info; }
    const Model &model() const { return *m_model; }

    size_t taskCount() const;
    // The specs and task refs submitted so far, from task `from` on (for a live reader).
    void copyTasks(size_t fromTask, size_t fromSpec, std::vector<TaskSpec> *specs, std::vector<TaskRef> *tasks) const;
    Run run() const; // a snapshot of everything recorded so far
    // A finished run's recording, after the model's pool is let go (its futures' memory is freed before
    // the events are copied: the peak of a million-task run stays low). The runner can do nothing after.
    Run takeRun();
    QStringList errors() const; // e.g. a submit after shutdown, refused as CPython's RuntimeError

    // Called on the caller thread after each command ran (tests, waking views).
    void setCommandHook(std::function<void()> hook);

private:
    struct Command;
    bool enqueue(Command command, qint64 atMs);
    void callerLoop();
    void execute(Command &command);
    qint64 dueNs(qint64 atMs) const; // with m_mutex held

    // RunContext
    const TaskSpec &specOf(quint32 task) const override;
    QString taskId(quint32 task) const override;
    quint32 submittedCount() const override;
    bool sleep(qint64 ns) override;
    bool isTornDown() const override;
    void reportError(const QString &message) override;
    void addCallerResult(const QJsonObject &result) override;

    const RunInfo m_info;
    const Model *m_model;
    std::unique_ptr<RunClock> m_ownClock;
    RunClock *m_clock;
    Recorder m_recorder;
    PauseGate m_gate;
    std::unique_ptr<ModelRun> m_run;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    quint64 m_wakeGeneration = 0;
    std::deque<Command> m_commands; // sorted by due time, stable; a Finish is always last
    quint64 m_commandSerial = 0;
    // Appended by the caller thread under m_mutex; workers read a submitted task's entries without a lock.
    StableVector<TaskSpec> m_specs;
    StableVector<TaskRef> m_tasks;
    QStringList m_errors;
    QJsonArray m_callerResults; // under m_mutex
    bool m_finishQueued = false;
    bool m_finishStarted = false;
    bool m_aborted = false;
    bool m_finished = false;
    bool m_schedulePaused = false;
    qint64 m_pausedAtNs = 0;
    qint64 m_scheduleShiftNs = 0; // the caller's schedule runs this late: the time it spent paused
    std::condition_variable m_finishedCv;
    std::function<void()> m_hook;

    mutable std::mutex m_teardownMutex;
    std::condition_variable m_teardownCv;
    bool m_teardown = false;
    std::thread m_caller;
};

} // namespace poolscope
