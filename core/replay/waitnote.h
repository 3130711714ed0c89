// SPDX-License-Identifier: MIT
// What the blocked caller waits for, and why: "Waiting for t3: it never checks the stop event".
#pragma once

#include "record/run.h"
#include "replay/runstate.h"

#include <QString>

namespace poolscope {

class ModelWords;

// While the caller is blocked (in a shutdown that waits, or the final wait of a `with` block), says what
// it waits for and why. Empty when the caller is not blocked. Plain text; pure, so it is tested with data.
QString waitingNote(const Run &run, const RunState &state, const ModelWords &words);

} // namespace poolscope
