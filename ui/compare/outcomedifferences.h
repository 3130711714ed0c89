// SPDX-License-Identifier: MIT
// What differs between two runs' outcomes, task by task, in words.
#pragma once

#include <QSet>
#include <QStringList>

namespace poolscope {

class ModelWords;
class RunState;
struct Run;

// How many tasks ended in each state, in words: "2 stopped, 3 cancelled" ("no tasks").
QString outcomeCounts(const RunState &end);

// For each task id both runs have (in A's order) whose outcome or cancel() results differ, one phrase:
// "download: completed in A, stopped in B", "job#2: cancel() → False in A, True in B". Empty when every
// shared task ended alike; sharedIds (if given) counts the ids both have.
// differingIds (if given) receives the ids of those tasks.
QStringList outcomeDifferences(const Run &a, const RunState &endA, const Run &b, const RunState &endB,
                               const ModelWords &words, int *sharedIds = nullptr, QSet<QString> *differingIds = nullptr);

// The line under a comparison: the differences, a few of them and how many more, or what else there is to
// say ("The 3 tasks both runs have ended alike", or with no id in both, each run's outcomes and cancel()
// results: "No task id is in both runs.  A: 1 completed; cancel() → False ×1  ·  B: ...").
QString differencesLine(const Run &a, const RunState &endA, const Run &b, const RunState &endB, const ModelWords &words);

} // namespace poolscope
