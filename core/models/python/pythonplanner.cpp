// SPDX-License-Identifier: MIT
#include "models/python/pythonplanner.h"

#include "models/python/pythonverbs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>

namespace poolscope {

namespace {

struct SimTask
{
    PlannedTask planned;
    int steps = 0;
    double stepMs = 1;
    bool checksStop = false;
    bool waitsOnEvent = false;
    int failAtStep = -1;
    enum class Phase { Unsubmitted, Queued, Running, Done } phase = Phase::Unsubmitted;
    double nextDecision = 0; // while running: when the current step ends
    bool held = false; // running, held by the pause before its next step
    double doneAt = -1; // when it became done as wait() sees it (a cancelled one: when a worker skipped it)
    struct Boundary
    {
        double at;
        int causedBy; // the action whose own effect it is (an event-waiting task stopped by it), or -1
    };
    std::vector<Boundary> boundaries; // start, every step end, end
};

// Python's pool and event on an ideal clock. Worker events due at the same moment as a caller action run
// first; such ties are exactly what the timing warnings are for.
class Simulator
{
public:
    Simulator(std::vector<SimTask> tasks, int workers) : m_tasks(std::move(tasks)), m_workerTask(size_t(workers), -1) { }

    // The running task whose step ends first (a held one has none), or -1.
    int nextDecider() const
    {
        int next = -1;
        for (int k : m_workerTask) {
            if (k >= 0 && !m_tasks[size_t(k)].held
                && (next < 0 || m_tasks[size_t(k)].nextDecision < m_tasks[size_t(next)].nextDecision))
                next = k;
        }
        return next;
    }

    void advanceTo(double t)
    {
        for (;;) {
            const int next = nextDecider();
            if (next < 0 || m_tasks[size_t(next)].nextDecision > t)
                return;
            stepEnd(next, m_tasks[size_t(next)].nextDecision);
        }
    }

    // The caller blocked in wait()/as_completed()/result(): the pool runs, decision by decision, until
    // done() holds or the deadline passes. Returns when the caller is free again. A call that nothing
    // could end (the scenario reader refuses those) returns at once rather than never.
    double blockUntil(double t, double deadline, const std::function<bool()> &done)
    {
        for (;;) {
            if (done())
                return t;
            const int next = nextDecider();
            if (next < 0)
                return std::isfinite(deadline) ? deadline : t;
            const double at = m_tasks[size_t(next)].nextDecision;
            if (at > deadline)
                return deadline;
            stepEnd(next, at);
            t = at;
        }
    }

    double runUntilIdle(double from)
    {
        advanceTo(std::numeric_limits<double>::infinity());
        double last = from;
        for (const SimTask &t : m_tasks)
            last = std::max(last, t.planned.endMs);
        return last;
    }

    void submit(int k, double t)
    {
        m_tasks[size_t(k)].phase = SimTask::Phase::Queued;
        m_queue.push_back(k);
        for (size_t w = 0; w < m_workerTask.size(); ++w) {
            if (m_workerTask[w] < 0) {
                takeNext(int(w), t);
                break;
            }
        }
    }

    bool cancel(int k, double t)
    {
        SimTask &task = m_tasks[size_t(k)];
        if (task.planned.outcome == Outcome::Cancelled)
            return true;
        if (task.phase != SimTask::Phase::Queued)
            return false;
        task.planned.outcome = Outcome::Cancelled;
        task.planned.endMs = t;
        task.phase = SimTask::Phase::Done; // stays in the queue until a worker skips it
        return true;
    }

    void stop(double t)
    {
        m_eventSet = true;
        // event.wait() returns at once for every task waiting on the event: its current step is not done.
        // A held task does not look at the event until it is released.
        for (int k : std::vector<int>(m_workerTask)) {
            if (k >= 0 && m_tasks[size_t(k)].waitsOnEvent && !m_tasks[size_t(k)].held)
                finish(k, t, Outcome::Stopped);
        }
    }

    void clear() { m_eventSet = false; }

    // The pause gate: each task holds at the top of its next step (a step in progress finishes and its
    // check runs first); a worker still takes a task and holds it before step 0. A second pause, or a
    // resume without one, does nothing.
    void pause() { m_paused = true; }
    void resume(double t)
    {
        if (!m_paused)
            return;
        m_paused = false;
        for (int k : std::vector<int>(m_workerTask)) {
            if (k >= 0 && m_tasks[size_t(k)].held) {
                m_tasks[size_t(k)].held = false;
                stepStart(k, t);
            }
        }
    }
    bool paused() const { return m_paused; }

    void cancelQueued(double t)
    {
        for (int k : m_queue)
            cancel(k, t);
        m_queue.clear();
    }

    std::vector<SimTask> &tasks() { return m_tasks; }
    void setCause(int action) { m_cause = action; }

private:
    void start(int k, int w, double t)
    {
        SimTask &task = m_tasks[size_t(k)];
        task.phase = SimTask::Phase::Running;
        task.planned.startMs = t;
        task.boundaries.push_back({ t, m_cause });
        m_workerTask[size_t(w)] = k;
        stepStart(k, t);
    }

    void stepStart(int k, double t)
    {
        SimTask &task = m_tasks[size_t(k)];
        const int i = task.planned.stepsDone;
        if (i == task.steps)
            finish(k, t, Outcome::Completed);
        else if (m_paused)
            task.held = true;
        else if (i == task.failAtStep)
            finish(k, t, Outcome::Failed);
        else if (task.waitsOnEvent && m_eventSet)
            finish(k, t, Outcome::Stopped);
        else
            task.nextDecision = t + task.stepMs;
    }

    void stepEnd(int k, double t)
    {
        SimTask &task = m_tasks[size_t(k)];
        ++task.planned.stepsDone;
        task.boundaries.push_back({ t, m_cause });
        if (task.checksStop && m_eventSet)
            finish(k, t, Outcome::Stopped);
        else
            stepStart(k, t);
    }

    void finish(int k, double t, Outcome outcome)
    {
        SimTask &task = m_tasks[size_t(k)];
        task.planned.outcome = outcome;
        task.planned.endMs = t;
        task.doneAt = t;
        task.phase = SimTask::Phase::Done;
        if (task.boundaries.empty() || task.boundaries.back().at != t)
            task.boundaries.push_back({ t, m_cause });
        for (size_t w = 0; w < m_workerTask.size(); ++w) {
            if (m_workerTask[w] == k) {
                takeNext(int(w), t);
                return;
            }
        }
    }

    void takeNext(int w, double t)
    {
        m_workerTask[size_t(w)] = -1;
        while (!m_queue.empty()) {
            const int k = m_queue.front();
            m_queue.pop_front();
            if (m_tasks[size_t(k)].planned.outcome == Outcome::Cancelled) {
                m_tasks[size_t(k)].doneAt = t; // skipped: only now done for wait() and as_completed()
                continue;
            }
            start(k, w, t);
            return;
        }
    }

    std::vector<SimTask> m_tasks;
    std::vector<int> m_workerTask;
    std::deque<int> m_queue;
    bool m_eventSet = false;
    bool m_paused = false;
    int m_cause = -1;
};

} // namespace

ScenarioPlan planPythonScenario(const Scenario &scenario)
{
    // The caller's program, in the order queueScenario() gives it: by time, submits before actions.
    struct Item
    {
        int atMs;
        int order;
        int index; // task index for a submit, action index otherwise
    };
    std::vector<Item> items;
    std::vector<SimTask> tasks;
    const QList<TaskGroup> ordered = scenario.groupsInSubmissionOrder();
    // The task indices an action names (an instance, or each instance of a group), without a name per task.
    auto indicesOf = [&](const QString &id) {
        std::vector<int> out;
        const Scenario::TaskReference ref = scenario.resolve(id);
        if (ref.group < 0)
            return out;
        int first = 0;
        for (const TaskGroup &g : ordered) {
            if (g.spec.id == scenario.groups[ref.group].spec.id) {
                for (int k = 1; k <= g.count; ++k) {
                    if (ref.ordinal == 0 || ref.ordinal == k)
                        out.push_back(first + k - 1);
                }
                break;
            }
            first += g.count;
        }
        return out;
    };
    for (const TaskGroup &g : ordered) {
        for (int k = 1; k <= g.count; ++k) {
            SimTask t;
            t.planned.id = instanceId(g, k);
            t.steps = g.spec.steps;
            t.stepMs = g.spec.stepMs;
            t.checksStop = g.spec.checksStop;
            t.waitsOnEvent = g.spec.wait == WaitMode::Event;
            t.failAtStep = g.spec.failAtStep;
            items.push_back({ g.submitAtMs, 0, int(tasks.size()) });
            tasks.push_back(std::move(t));
        }
    }
    for (int i = 0; i < scenario.actions.size(); ++i)
        items.push_back({ scenario.actions[i].atMs, 1, i });
    std::stable_sort(items.begin(), items.end(),
                     [](const Item &a, const Item &b) { return a.atMs != b.atMs ? a.atMs < b.atMs : a.order < b.order; });

    Simulator sim(std::move(tasks), scenario.workers);
    struct Acted
    {
        int action;
        double at;
    };
    std::vector<Acted> onTime; // actions not held back by a blocking shutdown
    double callerFree = 0;
    double lastActionAt = 0;
    for (const Item &item : items) {
        const double t = std::max<double>(item.atMs, callerFree);
        sim.advanceTo(t);
        if (item.order == 0) {
            sim.submit(item.index, t);
            continue;
        }
        const ScenarioAction &a = scenario.actions[item.index];
        if (t == item.atMs)
            onTime.push_back({ item.index, t });
        lastActionAt = t;
        sim.setCause(item.index);
        const auto uncaused = qScopeGuard([&sim] { sim.setCause(-1); });
        if (a.runnerVerb == RunnerVerb::Pause) {
            sim.pause();
            continue;
        }
        if (a.runnerVerb == RunnerVerb::Resume) {
            sim.resume(t);
            continue;
        }
        if (a.runnerVerb != RunnerVerb::None)
            continue;
        switch (a.code) {
        case python::Cancel:
            for (int k : indicesOf(a.task))
                sim.tasks()[size_t(k)].planned.cancelResults.push_back(sim.cancel(k, t));
            break;
        case python::CancelAll:
            for (size_t k = 0; k < sim.tasks().size(); ++k) {
                if (sim.tasks()[k].phase != SimTask::Phase::Unsubmitted)
                    sim.tasks()[k].planned.cancelResults.push_back(sim.cancel(int(k), t));
            }
            break;
        case python::Stop: sim.stop(t); break;
        case python::Clear: sim.clear(); break;
        case python::WaitCall:
        case python::AsCompletedCall:
        case python::ResultCall: {
            // Which futures: result()'s one task, else those named, else every future submitted so far.
            std::vector<int> targets;
            if (a.code == python::ResultCall) {
                targets = indicesOf(a.task);
            } else if (a.tasks.isEmpty()) {
                for (size_t k = 0; k < sim.tasks().size(); ++k) {
                    if (sim.tasks()[k].phase != SimTask::Phase::Unsubmitted)
                        targets.push_back(int(k));
                }
            } else {
                for (const QString &id : a.tasks) {
                    for (int k : indicesOf(id))
                        targets.push_back(k);
                }
            }
            auto isDone = [&](int k) {
                const SimTask &task = sim.tasks()[size_t(k)];
                // result() raises CancelledError at once for a cancelled future, skipped or not.
                return task.doneAt >= 0 || (a.code == python::ResultCall && task.planned.outcome == Outcome::Cancelled);
            };
            auto done = [&] {
                const bool all = std::all_of(targets.begin(), targets.end(), isDone);
                if (a.code != python::WaitCall || all)
                    return all;
                if (a.flags & python::WaitFirstCompleted)
                    return std::any_of(targets.begin(), targets.end(), isDone);
                if (a.flags & python::WaitFirstException)
                    return std::any_of(targets.begin(), targets.end(), [&](int k) {
                        return isDone(k) && sim.tasks()[size_t(k)].planned.outcome == Outcome::Failed;
                    });
                return false;
            };
            const double deadline = a.timeoutMs >= 0 ? t + double(a.timeoutMs) : std::numeric_limits<double>::infinity();
            sim.setCause(-1); // what ends the wait is the tasks' doing, not this call's
            callerFree = sim.blockUntil(t, deadline, done);
            break;
        }
        case python::Shutdown:
            if (a.flags & python::ShutdownCancelFutures)
                sim.cancelQueued(t);
            if (a.flags & python::ShutdownWait) {
                sim.setCause(-1); // what runs while the caller waits is not this call's doing
                callerFree = sim.runUntilIdle(t);
            }
            break;
        }
    }

    sim.resume(lastActionAt); // a pause left open ends right after the last action
    ScenarioPlan plan;
    plan.endMs = sim.runUntilIdle(callerFree);
    for (const Acted &acted : onTime) {
        // The nearest boundary of any task, measured in that task's steps.
        double best = std::numeric_limits<double>::infinity();
        QString where;
        for (const SimTask &task : sim.tasks()) {
            for (size_t b = 0; b < task.boundaries.size(); ++b) {
                if (task.boundaries[b].causedBy == acted.action)
                    continue; // its own effect, not a race with it
                const double distance = std::abs(acted.at - task.boundaries[b].at) / task.stepMs;
                if (distance < best) {
                    best = distance;
                    const QString what = b == 0 ? QStringLiteral("start")
                            : b + 1 == task.boundaries.size() ? QStringLiteral("end")
                                                              : QStringLiteral("step %1 boundary").arg(b);
                    where = QStringLiteral("%1's %2 at %3 ms").arg(task.planned.id, what).arg(task.boundaries[b].at);
                }
            }
        }
        if (best < SafeMarginSteps) {
            const ScenarioAction &a = scenario.actions[acted.action];
            plan.timingWarnings << QStringLiteral("actions[%1] (%2 at %3 ms) is %4% of a step from %5: its outcome "
                                                  "may depend on thread scheduling (keep ≥ %6%)")
                                           .arg(acted.action)
                                           .arg(a.verb)
                                           .arg(a.atMs)
                                           .arg(qRound(best * 100))
                                           .arg(where)
                                           .arg(qRound(SafeMarginSteps * 100));
        }
    }
    for (SimTask &task : sim.tasks())
        plan.tasks.push_back(std::move(task.planned));
    return plan;
}

} // namespace poolscope
