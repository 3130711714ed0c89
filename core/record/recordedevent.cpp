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
    case EventKind::Pause: return "pause";
    case EventKind::Resume: return "resume";
    case EventKind::Hold: return "hold";
    case EventKind::Release: return "release";
    case EventKind::SuspendCall: return "suspend";
    case EventKind::QueueClear: return "queue_clear";
    case EventKind::CallerWait: return "caller_wait";
    case EventKind::CallerWaitEnd: return "caller_wait_end";
    case EventKind::Check: return "check";
    case EventKind::CallBegin: return "call";
    case EventKind::CallEnd: return "call_end";
    case EventKind::Interrupt: return "interrupt";
    case EventKind::InterruptSeen: return "interrupt_seen";
    case EventKind::Reject: return "reject";
    case EventKind::Drain: return "drain";
    case EventKind::ThreadStart: return "thread_start";
    case EventKind::ThreadExit: return "thread_exit";
    case EventKind::AwaitBegin: return "await_termination";
    case EventKind::AwaitEnd: return "await_termination_end";
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
    case Outcome::Interrupted: return "interrupted";
    case Outcome::Rejected: return "rejected";
    case Outcome::Discarded: return "discarded";
    case Outcome::Drained: return "drained";
    }
    return "none";
}

bool outcomeFromName(const QByteArray &name, Outcome *out)
{
    for (quint8 o = 0; o <= LastOutcome; ++o) {
        if (name == outcomeName(Outcome(o))) {
            *out = Outcome(o);
            return true;
        }
    }
    return false;
}

bool eventNeedsTask(EventKind kind)
{
    switch (kind) {
    case EventKind::Submit:
    case EventKind::Start:
    case EventKind::Step:
    case EventKind::CancelCall:
    case EventKind::CancelSkip:
    case EventKind::StopObserved:
    case EventKind::End:
    case EventKind::Hold:
    case EventKind::Release:
    case EventKind::SuspendCall:
    case EventKind::Check:
    case EventKind::InterruptSeen:
    case EventKind::Reject:
    case EventKind::Drain:
        return true;
    default:
        return false;
    }
}

bool eventOnWorker(EventKind kind)
{
    switch (kind) {
    case EventKind::Interrupt:
    case EventKind::ThreadStart:
    case EventKind::ThreadExit:
        return true;
    default:
        return false;
    }
}

} // namespace poolscope
