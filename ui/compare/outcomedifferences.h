// SPDX-License-Identifier: MIT
// What differs between two runs' outcomes, task by task, in words.
#pragma once

#include <QStringList>

namespace poolscope {

class ModelWords;
class RunState;
struct Run;

// For each task id both runs have (in A's order) whose outcome or cancel() results differ, one phrase:
// "download: completed in A, stopped in B", "job#2: cancel() → False in A, True in B". Empty when every
// shared task ended alike; sharedIds (if given) counts the ids both have.
QStringList outcomeDifferences(const Run &a, const RunState &endA, const Run &b, const RunState &endB,
                               const ModelWords &words, int *sharedIds = nullptr);

// The line under a comparison: the differences, a few of them and how many more, or what else there is to
// say ("Every task both runs have ended alike", "No task id is in both runs").
QString differencesLine(const Run &a, const RunState &endA, const Run &b, const RunState &endB, const ModelWords &words);

} // namespace poolscope
