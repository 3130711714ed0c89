// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>
#include <cstdint>
#include <limits>

namespace poolscope {

enum class EventKind : quint8 {
    Submit, // caller: task queued
    Start, // worker: task began running
    Step, // worker: a step finished; value = steps done so far
    CancelCall, // caller: cancel() called; flags: CancelResultFlag, CancelByShutdownFlag
    CancelSkip, // worker: dequeued a cancelled task and skipped it (CPython's CANCELLED_AND_NOTIFIED)
    StopSet, // caller: event.set()
    StopClear, // caller: event.clear()
    StopObserved, // worker: the task saw the event set and is returning early
    End, // worker: task ended; flags = Outcome, value = steps done
    ShutdownBegin, // caller: shutdown() called; flags: ShutdownWaitFlag, ShutdownCancelFuturesFlag
    ShutdownEnd, // caller: shutdown() returned
    WaitBegin, // caller: blocked waiting for every task (the end of a `with` block)
    WaitEnd, // caller: that wait returned
};

enum class Outcome : quint8 { None, Completed, Stopped, Cancelled, Failed };

constexpr quint8 CancelResultFlag = 0x1;
constexpr quint8 CancelByShutdownFlag = 0x2;
constexpr quint8 ShutdownWaitFlag = 0x1;
constexpr quint8 ShutdownCancelFuturesFlag = 0x2;

constexpr quint32 NoTask = std::numeric_limits<quint32>::max();
constexpr qint16 CallerThread = -1;

// One recorded moment. 24 bytes: the recorder's memory budget is 64 bytes an event.
struct RecordedEvent
{
    qint64 tNs = 0; // monotonic, from the recorder's start
    quint32 task = NoTask; // index in submission order
    qint32 value = 0;
    qint16 worker = CallerThread; // 0-based worker index, or CallerThread
    EventKind kind = EventKind::Submit;
    quint8 flags = 0;

    Outcome outcome() const { return Outcome(flags); }
    bool cancelResult() const { return flags & CancelResultFlag; }
};
static_assert(sizeof(RecordedEvent) <= 24);

const char *eventKindName(EventKind kind);
const char *outcomeName(Outcome outcome);
bool outcomeFromName(const QByteArray &name, Outcome *out);

} // namespace poolscope
