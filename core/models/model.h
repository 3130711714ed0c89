// SPDX-License-Identifier: MIT
// What a model (Python's, Java's, Qt's executor rules) supplies: its scenario fields and verbs, its pool
// and task body for a run, and its words for what happened.
#pragma once

#include "record/run.h"
#include "runner/actioncall.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <memory>
#include <vector>

namespace poolscope {

class ModelWords;
class RunContext;
class RunState;
class ScenarioReader;
struct Scenario;
struct ScenarioAction;
struct ScenarioPlan;

// One run of a model's pool: its executor, its futures, its stop event. The runner calls submit(),
// perform() and finish() on its caller thread, in order; abort() from any thread.
class ModelRun
{
public:
    virtual ~ModelRun() = default;
    // False (after ctx.reportError) when the pool refuses the task: it is then no task of the run.
    virtual bool submit(quint32 task) = 0;
    // Tasks first .. first+count-1, submitted in a row (a caller's loop). Returns how many the pool took
    // (the rest were refused, after ctx.reportError). The default submits one by one.
    virtual quint32 submitMany(quint32 first, quint32 count);
    virtual void perform(const ActionCall &call) = 0; // may block the caller (a shutdown that waits)
    virtual void finish() = 0; // leaving the `with` block: shut down and wait for every task that can run
    // Closing the window: the pending never start, the checking ones stop. Never blocks.
    virtual void abort() = 0;
    virtual void drain() = 0; // after abort(), on the caller thread: wait for what still runs
    // The run is over (the runner is being destroyed, after abort()): a model whose tasks block where the
    // runner's sleep cannot reach them (Java's interruptible waits) lets them go now. Never blocks.
    virtual void tearDown() { }
    virtual std::vector<quint32> runningTasks() const = 0;
};

// A pool's shape as a run's info gives it: the threads it starts at most (the lanes a view or a run file
// may meet) and its queue's capacity.
struct PoolShape
{
    int coreThreads = 1;
    int maxThreads = 1;
    int queueCapacity = -1; // -1: unbounded; 0: a hand-off (Java's SynchronousQueue)
};

// A key a model adds to the report, its value already JSON ("true", "\"event\"", "[1, 2]").
struct ReportKey
{
    const char *name;
    QByteArray json;
};

// A model's verb as scenario files and the window name it.
struct VerbInfo
{
    quint16 verb;
    const char *name; // "cancel"
    bool takesTask; // "task": one instance or a group
};

class Model
{
public:
    virtual ~Model() = default;
    virtual QString name() const = 0; // the scenario's "model": "python"
    virtual QString title() const = 0; // "Python concurrent.futures"
    virtual const ModelWords &words() const = 0;

    // Scenario files. The parser reads the common fields (format, name, title, description, model,
    // workers, tasks[].id/count/submit_at_ms, actions[].at_ms/do) and hands the rest to the model.
    virtual QStringList poolKeys() const = 0; // top-level keys of its own
    virtual void readPool(const ScenarioReader &r, const QJsonObject &root, Scenario &scenario) const = 0;
    virtual QStringList taskKeys() const = 0;
    virtual void readTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec) const = 0;
    virtual const std::vector<VerbInfo> &verbs() const = 0;
    // Reads one action's own fields (the parser has read at_ms, do and task): unknown keys are warned.
    virtual void readAction(const ScenarioReader &r, const QJsonObject &obj, const QString &path,
                            ScenarioAction &action) const = 0;
    virtual void validate(const ScenarioReader &r, const Scenario &scenario) const;

    virtual std::unique_ptr<ModelRun> createRun(RunContext &ctx) const = 0;
    virtual PoolShape poolShape(const RunInfo &info) const;

    // The report's keys of the model's own, read from the interpreter's final state (never from raw events):
    // at the top level after the tasks, and per task after the common ones. The defaults add none.
    virtual void reportRunKeys(const Run &run, const RunState &state, std::vector<ReportKey> *keys) const;
    virtual void reportTaskKeys(const Run &run, const RunState &state, quint32 task, std::vector<ReportKey> *keys) const;

    // How many worker lanes a run of `workers` may record: a pool that lends a blocked task's thread back
    // (Qt's suspendIfRequested()) starts threads beyond its maximum, one at most per task. The run file
    // reader rejects a lane beyond it.
    virtual int maxLanes(int workers, quint64 taskCount) const
    {
        Q_UNUSED(taskCount);
        return workers;
    }

    // The scenario worked out on an ideal clock, if the model can (timing warnings, a third witness).
    virtual bool canPlan() const { return false; }
    virtual ScenarioPlan plan(const Scenario &scenario) const;
};

} // namespace poolscope
