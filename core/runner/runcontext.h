// SPDX-License-Identifier: MIT
// What the runner lends a model's run: the recorder, the clock, the pause gate, the task specs.
#pragma once

#include "record/run.h"

#include <QJsonObject>
#include <QString>
#include <condition_variable>
#include <mutex>

namespace poolscope {

class PauseGate;
class Recorder;
class RunClock;

// A model's run reaches the runner only through this. Task bodies sleep through sleep() (run time, pausable,
// and let go when the run is torn down) and pass the gate at the top of each step.
class RunContext
{
public:
    virtual ~RunContext() = default;
    virtual const RunInfo &info() const = 0;
    virtual Recorder &recorder() = 0;
    virtual RunClock &clock() = 0;
    virtual PauseGate &gate() = 0;

    // The spec of a task and its id. Safe from any thread, without a lock, for a task already submitted.
    virtual const TaskSpec &specOf(quint32 task) const = 0;
    virtual QString taskId(quint32 task) const = 0;
    virtual quint32 submittedCount() const = 0;

    qint64 scaledNs(qint64 ms) const { return qint64(double(ms) * info().timeScale * 1e6); }

    // Sleeps ns of run time. Returns false when the run is torn down (the process is leaving; a task that
    // never checks the stop event is let go here, so closing never hangs).
    virtual bool sleep(qint64 ns) = 0;
    virtual bool isTornDown() const = 0;
    // Errors a model reports from the caller thread (a refused submit, a call the pool rejected).
    virtual void reportError(const QString &message) = 0;
    // What one of the caller's blocking calls returned (the report's "caller_results"), in call order.
    virtual void addCallerResult(const QJsonObject &result) = 0;
};

} // namespace poolscope
