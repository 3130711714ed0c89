// SPDX-License-Identifier: MIT
// One call the caller thread makes on a model's pool (cancel, stop, shutdown, ...), resolved to task indices.
#pragma once

#include "record/recordedevent.h"

#include <QtGlobal>
#include <vector>

namespace poolscope {

// The runner's own verbs, the same for every model; a model's verbs are its own numbers (verb).
enum class RunnerVerb : quint8 {
    None, // a model verb
    Pause, // close the pause gate: tasks hold at their next step
    Resume, // open it
};

struct ActionCall
{
    RunnerVerb runnerVerb = RunnerVerb::None;
    quint16 verb = 0; // the model's verb
    std::vector<quint32> tasks; // targets by task index, in the order given
    bool allSubmitted = false; // targets: every task submitted when the call runs
    qint64 timeoutMs = -1; // before the time scale; -1: none
    quint32 flags = 0; // the model's switches (e.g. Python's wait and cancel_futures)

    static ActionCall model(quint16 verb, quint32 flags = 0)
    {
        ActionCall c;
        c.verb = verb;
        c.flags = flags;
        return c;
    }
    static ActionCall onTask(quint16 verb, quint32 task, quint32 flags = 0)
    {
        ActionCall c = model(verb, flags);
        c.tasks.push_back(task);
        return c;
    }
    static ActionCall runner(RunnerVerb v)
    {
        ActionCall c;
        c.runnerVerb = v;
        return c;
    }
};

} // namespace poolscope
