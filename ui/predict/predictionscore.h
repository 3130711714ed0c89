// SPDX-License-Identifier: MIT
// Predict, then run: a person's guesses for each task, marked against what the ended run recorded.
#pragma once

#include "replay/taskstatus.h"

#include <QList>
#include <QSet>
#include <QString>
#include <optional>
#include <vector>

namespace poolscope {

class ModelWords;
class RunState;
struct Run;
struct Scenario;
struct TaskSpec;

// One task's guesses: how it ends and, for a task the scenario cancels, what its first cancel() returns.
struct Prediction
{
    QString taskId;
    std::optional<TaskState> outcome; // nullopt: not guessed yet
    bool cancelAsked = false;
    std::optional<bool> cancelReturns;
};

struct PredictionVerdict
{
    bool found = false; // the run has a task of that id
    TaskState actual = TaskState::Pending;
    std::optional<bool> actualCancel; // the first cancel() result, if one was made
    bool outcomeRight = false;
    bool cancelRight = false; // only counted when the cancel question was asked
    QString why; // one line, from the recorded facts: "it never checks the event: it ran all 10 steps"
};

// Marks guesses against an ended run's final state. Every reason is built from the task's recorded
// facts (its steps, its checks, its cancel() results, the event), never written per scenario, so a
// teacher's own scenario gets reasons too.
class PredictionScore
{
public:
    PredictionScore() = default;
    PredictionScore(
        const std::vector<Prediction> &predictions, const Run &run, const RunState &state, const ModelWords &words);

    const std::vector<PredictionVerdict> &verdicts() const { return m_verdicts; }
    int right() const { return m_right; }
    int asked() const { return m_asked; } // outcome guesses plus cancel() guesses
    QString text() const; // "4 of 6 right"

    // The outcomes a person chooses from for a model's tasks, in menu order.
    static QList<TaskState> choices(const QString &model);
    // The instance ids a scenario's actions call cancel() on (a group's id names each of its instances;
    // cancel_all, every instance submitted by then).
    static QSet<QString> cancelledByScenario(const Scenario &scenario);
    // Why the task ended as it did / what its first cancel() found: one line each.
    static QString whyEnded(const TaskSpec &spec, const TaskStatus &status, const ModelWords &words);
    static QString whyCancelReturned(const TaskStatus &status, const ModelWords &words);

private:
    std::vector<PredictionVerdict> m_verdicts;
    int m_right = 0;
    int m_asked = 0;
};

} // namespace poolscope
