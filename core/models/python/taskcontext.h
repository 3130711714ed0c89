// SPDX-License-Identifier: MIT
// What a task body run by the Python executor knows about itself.
#pragma once

#include "record/recordedevent.h"

#include <QVariant>
#include <functional>

namespace poolscope {

class Recorder;

// Who runs the task, and where to record its steps.
struct TaskContext
{
    quint32 taskIndex = NoTask;
    qint16 worker = CallerThread;
    Recorder *recorder = nullptr;
    Outcome outcome = Outcome::Completed; // a task that returns early on the stop event sets Stopped
    qint32 stepsDone = 0; // recorded with the task's end

    void record(EventKind kind, quint8 flags = 0, qint32 value = 0) const;
};

using TaskBody = std::function<QVariant(TaskContext &)>;

} // namespace poolscope
