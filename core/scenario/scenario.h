// SPDX-License-Identifier: MIT
// The scenario file ("poolscope-scenario/1"): a pool, its tasks and the caller's timed actions.
#pragma once

#include "record/run.h"
#include "runner/actioncall.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace poolscope {

class Model;

// One entry of "tasks": count instances of the same body, submitted together.
struct TaskGroup
{
    TaskSpec spec; // the id and the body
    int count = 1;
    int submitAtMs = 0;
};

// One entry of "actions", read by the model that owns its verb.
struct ScenarioAction
{
    int atMs = 0;
    QString verb; // as written: "cancel"
    quint16 code = 0; // the model's verb number
    RunnerVerb runnerVerb = RunnerVerb::None; // pause and resume belong to the runner, for every model
    QString task; // "task": an instance id, or a group id meaning each of its instances
    QStringList tasks; // "tasks" (calls over several futures); empty: every future submitted so far
    qint64 timeoutMs = -1; // "timeout_ms", -1: none
    quint32 flags = 0; // the model's switches (Python's shutdown: wait, cancel_futures)
};

// One step of a lesson's narration: from at_ms on, the sentence that says what to watch.
struct NarrationStep
{
    int atMs = 0;
    QString text;
};

struct Scenario
{
    QString name;
    QString title;
    QString description;
    QString model = QStringLiteral("python");
    int workers = 1;
    QJsonObject pool; // the model's own top-level fields, as written
    QList<TaskGroup> groups; // in file order
    QList<ScenarioAction> actions; // in file order
    QList<NarrationStep> narration; // optional; at_ms in order
    int lesson = 0; // its place in the list of lessons (1, 2, ...); 0: not one of them
    QString source; // the file path or ":/scenarios/NAME.json"

    // Groups in submission order: by submitAtMs, ties in file order.
    QList<TaskGroup> groupsInSubmissionOrder() const;
    // Instance ids in submission order: "<id>#1".."<id>#<count>", or "<id>" when count is 1.
    QStringList instanceIds() const;
    const Model &modelRules() const; // the model that read it

    // What an action's "task" names: a group (ordinal 0: each of its instances) or one instance.
    struct TaskReference
    {
        int group = -1; // index in groups; -1: nothing has that id
        int ordinal = 0; // 1-based instance, or 0 for every instance of the group
    };
    TaskReference resolve(const QString &id) const; // O(groups): no name per instance is ever made
};

QString instanceId(const TaskGroup &group, int ordinal); // ordinal is 1-based

struct ScenarioParseResult
{
    std::optional<Scenario> scenario;
    QString error; // the first error: one line naming the file and the field (and the JSON offset)
    QStringList errors; // every error found (a file can hold several), the first one first
    QStringList warnings; // e.g. unknown keys, each naming the file and the key
};

// Parses and validates (ids unique, cancel targets submitted before the cancel runs, no submit after a
// shutdown, numbers in range, and the model's own rules).
ScenarioParseResult parseScenario(const QByteArray &json, const QString &sourceName);
ScenarioParseResult loadScenarioFile(const QString &path);

// Built-in scenarios live in resources/scenarios and are compiled in.
QStringList builtinScenarioNames(); // the lessons in their order first, then the others by name
ScenarioParseResult loadBuiltinScenario(const QString &name);
// A path if it names an existing file, else a built-in name.
ScenarioParseResult loadScenario(const QString &nameOrPath);

} // namespace poolscope
