// SPDX-License-Identifier: MIT
// A model's words: how its program spells the calls, values and prints that the views show.
#pragma once

#include "record/run.h"
#include "replay/happening.h"
#include "replay/taskstatus.h"

#include <QString>
#include <vector>

namespace poolscope {

// Every Python (or Java, or Qt) spelling a view shows comes from here, once: views and writers never
// format a call or a value of a language themselves.
class ModelWords
{
public:
    enum class Call {
        Submit, // executor.submit(task)
        Cancel, // future.cancel()
        CancelShort, // cancel()
        CancelAll, // for future in futures: future.cancel()
        StopSet, // event.set()
        StopClear, // event.clear()
        StopIsSet, // event.is_set()
        Shutdown, // shutdown()
        ShutdownCall, // executor.shutdown()
        FinalWait, // leaving the with block
        StopEventName, // "the stop event"
    };
    virtual ~ModelWords() = default;
    virtual QString boolean(bool value) const = 0; // True / False
    virtual QString call(Call c) const = 0;
    virtual QString cancelResult(const QString &taskId, bool result) const = 0; // "t1.cancel() → False"
    virtual QString shutdownCall(quint8 shutdownFlags) const = 0; // "executor.shutdown(wait=True, cancel_futures=False)"
    // What the program prints or calls at this happening (lines separated by '\n'), or empty.
    virtual QString consoleLine(const Happening &h, const Run &run) const = 0;
    // Why a running task has not ended yet, in the lesson's words.
    virtual QString whyStillRunning(const TaskSpec &spec, const TaskStatus &status, bool stopSet) const = 0;
    // A recorded program's task still running: what is known of it (it has no steps, only its checks).
    virtual QString recordedStillRunning(const TaskStatus &status) const
    {
        return status.stepsDone > 0 ? QStringLiteral("it has checked an Event %1 time(s)").arg(status.stepsDone)
                                    : QStringLiteral("it has not checked an Event");
    }
    // What blocks the caller, as a sentence start: "shutdown(wait=True) blocks the caller. "
    virtual QString blockingNote(CallerBlock block) const = 0;
    // Why the queued tasks still count while the caller waits: "3 queued task(s): shutdown without ..."
    virtual QString queuedStillRun(int queued) const = 0;
    // The interactive pool's title and description (what the window says when a person drives a pool).
    virtual QString interactiveTitle() const { return QStringLiteral("Interactive pool"); }
    virtual QString interactiveDescription(int workers) const = 0;
    // What a task's state word alone does not say, as short words shown beside it (never by colour alone):
    // Java's "cancelled, runs on", "interrupt swallowed", "future never completes". None for Python,
    // whose marks (cancel refused, stop requested) are the views' own.
    struct TaskNote
    {
        QString text; // a few words for the table
        QString explanation; // one sentence for the tooltip
    };
    virtual std::vector<TaskNote> taskNotes(const TaskSpec &, const TaskStatus &) const { return {}; }
    // The states this model's tasks can be in (the legend lists these, no others).
    virtual std::vector<TaskState> taskStates() const
    {
        return { TaskState::Pending, TaskState::Running, TaskState::Completed,
                 TaskState::Stopped, TaskState::Cancelled, TaskState::Failed };
    }
};

} // namespace poolscope
