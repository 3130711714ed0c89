// SPDX-License-Identifier: MIT
// The Java model's verbs and switches, as ActionCall carries them, and its task options.
#pragma once

#include "runner/actioncall.h"

#include <QtGlobal>

namespace poolscope::java {

enum Verb : quint16 {
    Cancel = 1, // future.cancel(mayInterruptIfRunning)
    CancelAll, // for every future submitted so far (rejected submits have none)
    Stop, // event.set()
    Clear, // event.clear()
    Shutdown, // executor.shutdown(): returns at once
    ShutdownNow, // executor.shutdownNow(): interrupts the workers, drains the queue
    AwaitTermination, // executor.awaitTermination(timeout_ms)
};

// Cancel's switch (ActionCall::flags): cancel(true).
constexpr quint32 CancelMayInterrupt = 0x1;

// TaskSpec::options of a Java task.
constexpr quint32 ChecksInterrupt = 0x1; // after each step: Thread.currentThread().isInterrupted()
constexpr quint32 SwallowsInterrupt = 0x2; // on_interrupt "swallow": catch InterruptedException and go on

// The calls, ready for Runner::act().
inline ActionCall cancel(quint32 task, bool mayInterrupt)
{
    return ActionCall::onTask(Cancel, task, mayInterrupt ? CancelMayInterrupt : 0);
}
inline ActionCall cancelAll(bool mayInterrupt)
{
    return ActionCall::model(CancelAll, mayInterrupt ? CancelMayInterrupt : 0);
}
inline ActionCall stop()
{
    return ActionCall::model(Stop);
}
inline ActionCall clear()
{
    return ActionCall::model(Clear);
}
inline ActionCall shutdown()
{
    return ActionCall::model(Shutdown);
}
inline ActionCall shutdownNow()
{
    return ActionCall::model(ShutdownNow);
}
inline ActionCall awaitTermination(qint64 timeoutMs)
{
    ActionCall c = ActionCall::model(AwaitTermination);
    c.timeoutMs = timeoutMs;
    return c;
}

} // namespace poolscope::java
