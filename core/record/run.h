// SPDX-License-Identifier: MIT
// A recorded run: what was asked (the pool, the task specs) and what happened (the events).
#pragma once

#include "record/recordedevent.h"
#include "record/recording.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace poolscope {

enum class WaitMode : quint8 {
    Sleep, // each step sleeps step_ms
    Event, // each step waits on the stop event for step_ms (returns at once when it is set)
    Busy, // each step spins for step_ms (Java: cannot be interrupted)
};
const char *waitModeName(WaitMode mode); // "sleep", "event", "busy"
bool waitModeFromName(const QString &name, WaitMode *out);

// What the instances of one task group are asked to do: a scenario's "tasks" entry, one "Queue task" in
// the window. Instance ids are "<id>#1".."<id>#<n>", or just "<id>" for a group of one.
struct TaskSpec
{
    QString id;
    int steps = 0;
    int stepMs = 1; // before the time scale
    bool checksStop = false;
    WaitMode wait = WaitMode::Sleep;
    int failAtStep = -1; // -1: never fails
    quint32 options = 0; // switches of the model's own (it names them in scenario files)
    bool numbered = false; // instances are always "<id>#<n>" (a group of more than one, or a recording)
};

// One task instance: its group (an index into Run::specs) and its 1-based number in that group. Eight
// bytes a task: a run of a million tasks holds no string per task.
struct TaskRef
{
    quint32 spec = 0;
    quint32 ordinal = 1;
};

// The pool a run ran on and where it came from.
struct RunInfo
{
    QString scenarioName = QStringLiteral("interactive");
    QString title;
    QString description;
    QString model = QStringLiteral("python");
    int workers = 1;
    double timeScale = 1.0;
    QJsonObject pool; // the model's own pool settings, as the scenario gave them (empty for Python)
};

struct Run
{
    RunInfo info;
    std::vector<TaskSpec> specs;
    std::vector<TaskRef> tasks; // by task index (submission order)
    std::vector<RecordedEvent> events; // ordered by time
    bool incomplete = false; // the recording ended before its program did (a crash, a kill)
    Recording recording; // a recorded program's pools, threads and Events (inactive for a scenario)
    // What the caller's blocking calls returned (Python's wait, as_completed, result), one object per call
    // in call order, as the report's "caller_results" gives them (a run file keeps them in its END!).
    QJsonArray callerResults;

    size_t taskCount() const { return tasks.size(); }
    const TaskSpec &specOf(quint32 task) const { return specs[tasks[task].spec]; }
    QString taskId(quint32 task) const; // "#<n>" for an index with no task
    // Adds `count` instances of spec (a new group) and returns the first new task index.
    quint32 addTasks(TaskSpec spec, quint32 count);
    bool recorded() const { return recording.active; }
    // A lane's name: "worker-1" / "main" in a scenario, the thread's own name in a recording.
    QString laneName(qint16 worker) const;
    // A threading.Event's name: "stop" (the stop event) in a scenario, the program's name in a recording.
    QString flagName(int flag) const;
    // A worker lane's short label: "worker-2", or "pool 1 · worker-2" (its pool's second) in a recording of
    // several pools. laneName() is the thread's own, often longer, name.
    QString workerLabel(qint16 worker) const;
    // The pool a lane works for, or -1 for a caller lane (every worker lane is pool 0's in a scenario).
    int poolOfLane(qint16 worker) const;
};

QString instanceId(const TaskSpec &spec, quint32 ordinal);

} // namespace poolscope
