// SPDX-License-Identifier: MIT
// The Qt model's verbs and switches, as ActionCall and TaskSpec carry them.
#pragma once

#include "runner/actioncall.h"

#include <QtGlobal>

namespace poolscope::qt {

enum Verb : quint16 {
    // The calls every lesson makes keep Python's numbers: the window's Cancel and Stop buttons send these.
    Cancel = 1, // future.cancel()
    CancelAll = 2, // for (QFuture<void> &f : futures) f.cancel()
    Stop = 3, // stopEvent.set()
    Clear = 4, // stopEvent.clear()
    // The window's Shutdown button sends Python's shutdown(wait, cancel_futures), number 5. Qt's pool has no
    // shutdown; the nearest calls are pool.clear() for cancel_futures, then pool.waitForDone() for wait.
    // Not a scenario verb: a Qt scenario writes clear_queue and wait.
    WindowShutdown = 5,
    // Qt's own.
    Suspend = 10, // future.suspend()
    Resume = 11, // future.resume()
    ClearQueue = 12, // pool.clear()
    Wait = 13, // future.waitForFinished() for each target, or pool.waitForDone() with none
};

// WindowShutdown's switches (Python's ShutdownWait and ShutdownCancelFutures).
constexpr quint32 WindowShutdownWait = 0x1;
constexpr quint32 WindowShutdownClear = 0x2;

// TaskSpec::options: what the task body does between steps besides the stop event.
constexpr quint32 ChecksCanceled = 0x1; // if (promise.isCanceled()) return;
constexpr quint32 ChecksSuspend = 0x2; // promise.suspendIfRequested();

inline ActionCall cancel(quint32 task)
{
    return ActionCall::onTask(Cancel, task);
}
inline ActionCall suspend(quint32 task)
{
    return ActionCall::onTask(Suspend, task);
}
inline ActionCall resume(quint32 task)
{
    return ActionCall::onTask(Resume, task);
}
inline ActionCall clearQueue()
{
    return ActionCall::model(ClearQueue);
}
inline ActionCall waitFor(quint32 task)
{
    return ActionCall::onTask(Wait, task);
}
inline ActionCall waitForDone()
{
    return ActionCall::model(Wait);
}
inline ActionCall stop()
{
    return ActionCall::model(Stop);
}

} // namespace poolscope::qt
