// SPDX-License-Identifier: MIT
// Java's spelling of what happened: true/false, future.cancel(true), executor.shutdownNow(), the prints.
#pragma once

#include "models/modelwords.h"

namespace poolscope {

class JavaWords final : public ModelWords
{
public:
    QString boolean(bool value) const override;
    QString call(Call c) const override;
    QString cancelResult(const QString &taskId, bool result) const override;
    QString shutdownCall(quint8 shutdownFlags) const override;
    QString consoleLine(const Happening &h, const Run &run) const override;
    QString whyStillRunning(const TaskSpec &spec, const TaskStatus &status, bool stopSet) const override;
    QString blockingNote(CallerBlock block) const override;
    QString queuedStillRun(int queued) const override;
    QString interactiveDescription(int workers) const override;
    std::vector<TaskNote> taskNotes(const TaskSpec &spec, const TaskStatus &status) const override;
    std::vector<TaskState> taskStates() const override;
};

} // namespace poolscope
