// SPDX-License-Identifier: MIT
#include "replay/taskstatus.h"

#include <algorithm>

namespace poolscope {

const char *taskStateName(TaskState state)
{
    switch (state) {
    case TaskState::Pending: return "pending";
    case TaskState::Running: return "running";
    case TaskState::Completed: return "completed";
    case TaskState::Stopped: return "stopped";
    case TaskState::Cancelled: return "cancelled";
    case TaskState::Failed: return "failed";
    case TaskState::Interrupted: return "interrupted";
    case TaskState::Rejected: return "rejected";
    case TaskState::Discarded: return "discarded";
    case TaskState::Drained: return "drained";
    }
    return "?";
}

TaskState stateForOutcome(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Stopped: return TaskState::Stopped;
    case Outcome::Cancelled: return TaskState::Cancelled;
    case Outcome::Failed: return TaskState::Failed;
    case Outcome::Interrupted: return TaskState::Interrupted;
    case Outcome::Rejected: return TaskState::Rejected;
    case Outcome::Discarded: return TaskState::Discarded;
    case Outcome::Drained: return TaskState::Drained;
    case Outcome::None:
    case Outcome::Completed: break;
    }
    return TaskState::Completed;
}

Outcome outcomeForState(TaskState state)
{
    switch (state) {
    case TaskState::Pending:
    case TaskState::Running: return Outcome::None;
    case TaskState::Completed: return Outcome::Completed;
    case TaskState::Stopped: return Outcome::Stopped;
    case TaskState::Cancelled: return Outcome::Cancelled;
    case TaskState::Failed: return Outcome::Failed;
    case TaskState::Interrupted: return Outcome::Interrupted;
    case TaskState::Rejected: return Outcome::Rejected;
    case TaskState::Discarded: return Outcome::Discarded;
    case TaskState::Drained: return Outcome::Drained;
    }
    return Outcome::None;
}

bool TaskStatus::cancelRefused() const
{
    return std::find(cancelResults.begin(), cancelResults.end(), false) != cancelResults.end();
}

} // namespace poolscope
