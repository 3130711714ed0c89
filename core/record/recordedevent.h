// SPDX-License-Identifier: MIT
// One recorded moment of a run, in every model's terms: what the recorder stores and the run file holds.
#pragma once

#include <QtGlobal>
#include <cstdint>
#include <limits>

class QByteArray;

namespace poolscope {

// The numbers are the run file's: never renumber, only add at the end.
enum class EventKind : quint8 {
    Submit, // caller: task queued
    Start, // worker: task began running
    Step, // worker: a step finished; value = steps done so far
    CancelCall, // caller: cancel() called; flags: CancelResultFlag, CancelByShutdownFlag
    CancelSkip, // worker: dequeued a cancelled task and dropped it (CPython's CANCELLED_AND_NOTIFIED)
    StopSet, // caller: the stop event was set
    StopClear, // caller: the stop event was cleared
    StopObserved, // worker: the task saw the event set and is returning early
    End, // worker: task ended; flags = Outcome, value = steps done
    ShutdownBegin, // caller: shutdown() called; flags: ShutdownWaitFlag, ShutdownCancelFuturesFlag
    ShutdownEnd, // caller: shutdown() returned
    WaitBegin, // caller: blocked waiting for every task (the end of a `with` block)
    WaitEnd, // caller: that wait returned
    Pause, // caller (or the window): the pause gate closed; tasks hold at their next step
    Resume, // caller (or the window): the gate opened
    Hold, // worker: the task waits at the closed gate before step `value`
    Release, // worker: the task goes on past the gate (resumed, or one step granted)
    // Hold and Release with HoldSuspendedFlag: held by its future's suspension (Qt's suspendIfRequested()).
    SuspendCall, // caller: a future's suspend(); with ResumeFlag its resume() (Qt)
    QueueClear, // caller: the pool dropped its queued work (Qt's QThreadPool::clear()); value: tasks dropped
    CallerWait, // caller: blocked waiting for one future (task) or for the whole pool (NoTask)
    CallerWaitEnd, // caller: that wait returned; flags: WaitThrewFlag
    // A recorded program's (poolscope record): a run of a real Python program.
    Check, // worker: the running task asked a threading.Event (is_set() or wait()); value = the Event's
           // index, flags: CheckSetFlag (the answer), CheckWaitFlag (wait(), not is_set())
    CallBegin, // any thread: entered a call that blocks on futures; flags: BlockingCall and WaitReturnWhen,
               // value = futures given
    CallEnd, // it returned; flags as CallBegin's; value = futures done (wait()), task = the future yielded
             // (as_completed()) or none
    // Java's (java.util.concurrent): what its threads, interrupts and rejection handlers add.
    Interrupt, // caller: a pool thread was interrupted; worker = that thread, task = what it runs (NoTask: idle);
               // flags: InterruptByShutdownNowFlag (else by cancel(true))
    InterruptSeen, // the task's thread: it saw its interrupt (InterruptedException, or isInterrupted());
                   // flags: InterruptSwallowedFlag (it caught it and goes on); value = steps done
    Reject, // caller: the pool refused the task; flags = Outcome::Rejected (submit threw) or Outcome::Discarded
            // (a rejection policy dropped it, or dropped this queued task to make room)
    Drain, // caller: shutdownNow() took the task from the queue unstarted and returns it
    ThreadStart, // the pool started a thread; worker = its lane; value = the pool's size after
    ThreadExit, // worker: a pool thread ended; value = the pool's size after
    AwaitBegin, // caller: blocked in awaitTermination; value = its timeout in ms (before the time scale)
    AwaitEnd, // caller: awaitTermination returned; flags: AwaitTerminatedFlag
};
constexpr quint8 LastEventKind = quint8(EventKind::AwaitEnd);

// How a task's run ended (End's flags), or the fate of one that never ran. Model-neutral: each model
// uses the ones its rules can produce.
enum class Outcome : quint8 {
    None, // not ended (yet)
    Completed,
    Stopped, // returned early after seeing the stop event
    Cancelled,
    Failed,
    Interrupted, // returned early after an interrupt (Java)
    Rejected, // the pool refused it (Java's RejectedExecutionException)
    Discarded, // a rejection policy dropped it silently
    Drained, // removed from the queue unstarted by shutdownNow()
};
constexpr quint8 LastOutcome = quint8(Outcome::Drained);

constexpr quint8 CancelResultFlag = 0x1;
constexpr quint8 CancelByShutdownFlag = 0x2; // the pool's own cancel (shutdown(cancel_futures=True))
constexpr quint8 CancelByClearFlag = 0x4; // the pool dropped it from its queue (Qt's QThreadPool::clear())
constexpr quint8 StopByCancelFlag = 0x1; // StopObserved: the task saw its future cancelled (Qt's isCanceled())
constexpr quint8 HoldSuspendedFlag = 0x1; // Hold/Release: the future's suspension, not the pause gate
constexpr quint8 ResumeFlag = 0x1; // SuspendCall: resume()
constexpr quint8 WaitThrewFlag = 0x1; // CallerWaitEnd: the future held an exception and the wait rethrew it
constexpr quint8 CancelInternalFlag = 0x8; // made inside the library but not by shutdown (Python's map())
constexpr quint8 ShutdownWaitFlag = 0x1;
constexpr quint8 ShutdownCancelFuturesFlag = 0x2;
constexpr quint8 CheckSetFlag = 0x1;
constexpr quint8 CheckWaitFlag = 0x2;
constexpr quint8 CancelInterruptFlag = 0x10; // Java's cancel(mayInterruptIfRunning=true)
constexpr quint8 ShutdownNowFlag = 0x4; // Java's shutdownNow(): interrupts the workers, drains the queue
constexpr quint8 InterruptByShutdownNowFlag = 0x1;
constexpr quint8 InterruptSwallowedFlag = 0x1;
constexpr quint8 AwaitTerminatedFlag = 0x1;

// What a CallBegin/CallEnd blocked in: the low four bits of their flags; a wait()'s return_when in the high
// four (WaitReturnWhen).
enum class BlockingCall : quint8 {
    None,
    Wait, // concurrent.futures.wait()
    AsCompleted, // one step of as_completed(): the time until it yields the next future
    Result, // a future's result(timeout): task = that future
};
constexpr quint8 LastBlockingCall = quint8(BlockingCall::Result);
constexpr quint8 BlockingCallMask = 0x0f;
enum class WaitReturnWhen : quint8 { Unknown, FirstCompleted, FirstException, AllCompleted };
inline BlockingCall blockingCall(quint8 flags) { return BlockingCall(flags & BlockingCallMask); }
inline WaitReturnWhen returnWhen(quint8 flags) { return WaitReturnWhen(flags >> 4 <= 3 ? flags >> 4 : 0); }

constexpr quint32 NoTask = std::numeric_limits<quint32>::max();
// An event's thread: a worker lane (0, 1, ...) or a caller lane. A scenario has one caller, CallerThread;
// a recorded program has one caller lane per thread that is no pool's worker: CallerThread is its main
// thread, -2, -3, ... the others in the order they first did something.
constexpr qint16 CallerThread = -1;
constexpr int MaxCallerLanes = 4096;
constexpr qint16 callerLane(int index) { return qint16(-1 - index); }
constexpr int callerIndex(qint16 worker) { return -1 - int(worker); } // for worker < 0

// 24 bytes: the recorder's memory budget is 64 bytes an event.
struct RecordedEvent
{
    qint64 tNs = 0; // run time, from the clock's start
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
const char *outcomeName(Outcome outcome); // the report's words: "completed", "stopped", ...
bool outcomeFromName(const QByteArray &name, Outcome *out);
// Events that name a task, and those that name a pool thread (the run file checks both). A task's own
// events (start, steps, end) may happen on the caller too: Java's CallerRunsPolicy runs it there, and Qt's
// waitForFinished() runs a queued task on the waiting thread.
bool eventNeedsTask(EventKind kind);
bool eventOnWorker(EventKind kind);

} // namespace poolscope
