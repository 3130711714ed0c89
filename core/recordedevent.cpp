// SPDX-License-Identifier: MIT
#include "recordedevent.h"

#include <QByteArray>

namespace poolscope {

const char *eventKindName(EventKind kind)
{
    switch (kind) {
    case EventKind::Submit: return "submit";
    case EventKind::Start: return "start";
    case EventKind::Step: return "step";
    case EventKind::CancelCall: return "cancel";
    case EventKind::CancelSkip: return "cancel_skip";
    case EventKind::StopSet: return "stop_set";
    case EventKind::StopClear: return "stop_clear";
    case EventKind::StopObserved: return "stop_observed";
    case EventKind::End: return "end";
    case EventKind::ShutdownBegin: return "shutdown";
    case EventKind::ShutdownEnd: return "shutdown_end";
    case EventKind::WaitBegin: return "wait";
    case EventKind::WaitEnd: return "wait_end";
    }
    return "unknown";
}

const char *outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::None: return "none";
    case Outcome::Completed: return "completed";
    case Outcome::Stopped: return "stopped";
    case Outcome::Cancelled: return "cancelled";
    case Outcome::Failed: return "failed";
    }
    return "none";
}

bool outcomeFromName(const QByteArray &name, Outcome *out)
{
    for (Outcome o : { Outcome::None, Outcome::Completed, Outcome::Stopped, Outcome::Cancelled, Outcome::Failed }) {
        if (name == outcomeName(o)) {
            *out = o;
            return true;
        }
    }
    return false;
}

} // namespace poolscope
