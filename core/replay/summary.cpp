// SPDX-License-Identifier: MIT
#include "replay/summary.h"

#include "replay/runstate.h"

namespace poolscope {

std::vector<TaskSummary> summarize(const Run &run)
{
    RunState state;
    state.reset(run.tasks.size(), run.info.workers);
    for (const RecordedEvent &e : run.events)
        state.apply(e);
    std::vector<TaskSummary> out;
    out.reserve(run.tasks.size());
    for (quint32 i = 0; i < run.tasks.size(); ++i) {
        const TaskStatus &t = state.task(i);
        TaskSummary s;
        s.id = run.taskId(i);
        s.steps = run.specOf(i).steps;
        s.outcome = outcomeForState(t.state);
        s.stepsDone = t.stepsDone;
        s.cancelResults = t.cancelResults;
        s.submitNs = t.submitNs;
        s.startNs = t.startNs;
        s.endNs = t.endNs;
        s.stopLatencyNs = t.state == TaskState::Stopped ? t.stopLatencyNs : -1;
        s.ignoredStop = t.ignoredStop;
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace poolscope
