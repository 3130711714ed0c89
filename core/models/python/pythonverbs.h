// SPDX-License-Identifier: MIT
// The Python model's verbs and switches, as ActionCall carries them.
#pragma once

#include "runner/actioncall.h"

#include <QtGlobal>

namespace poolscope::python {

enum Verb : quint16 {
    Cancel = 1, // future.cancel()
    CancelAll, // for every future submitted so far: future.cancel()
    Stop, // event.set()
    Clear, // event.clear()
    Shutdown, // executor.shutdown(wait, cancel_futures)
    WaitCall, // concurrent.futures.wait(futures, timeout, return_when): blocks the caller
    AsCompletedCall, // for f in concurrent.futures.as_completed(futures, timeout): blocks the caller
    ResultCall, // future.result(timeout): blocks the caller
};

// wait()'s return_when (ActionCall::flags of a WaitCall): ALL_COMPLETED is 0, the default.
constexpr quint32 WaitFirstCompleted = 0x1;
constexpr quint32 WaitFirstException = 0x2;

// Shutdown's switches (ActionCall::flags).
constexpr quint32 ShutdownWait = 0x1;
constexpr quint32 ShutdownCancelFutures = 0x2;

// The calls, ready for Runner::act().
inline ActionCall cancel(quint32 task)
{
    return ActionCall::onTask(Cancel, task);
}
inline ActionCall cancelAll()
{
    return ActionCall::model(CancelAll);
}
inline ActionCall stop()
{
    return ActionCall::model(Stop);
}
inline ActionCall clear()
{
    return ActionCall::model(Clear);
}
inline ActionCall shutdown(bool wait, bool cancelFutures)
{
    return ActionCall::model(Shutdown, (wait ? ShutdownWait : 0) | (cancelFutures ? ShutdownCancelFutures : 0));
}

} // namespace poolscope::python
