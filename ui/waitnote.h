// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"
#include "sessionstate.h"

#include <QString>

namespace poolscope {

// The call that blocks the caller: shutdown(wait=True), or the final wait of leaving a `with` block.
enum class BlockingCall
{
    None,
    Shutdown,
    FinalWait
};
BlockingCall blockingCallOf(const RecordedEvent &event); // None for other events
// The latest blocking call at or before the moment (a backward scan: views that ask often keep an index).
BlockingCall blockingCallAt(const Session &session, qint64 ns);

// While the caller is blocked (in shutdown(wait=True) or the final wait of a `with` block), says what it
// waits for and why, e.g. "Waiting for t3: it never checks the stop event". Empty when the caller is not
// blocked. Plain text; pure, so it is tested with data.
QString waitingNote(const Session &session, const SessionState &state, BlockingCall call);
QString waitingNote(const Session &session, const SessionState &state);

// Why one running task has not ended yet (used by the waiting note and by the closing note).
QString whyStillRunning(const TaskSpec &spec, const TaskStatus &status, bool stopSet);

} // namespace poolscope
