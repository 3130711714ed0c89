// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace poolscope {

enum class WaitMode { Sleep, Event };

// One entry of a scenario's "tasks": count instances of the same body.
struct TaskGroup
{
    QString id;
    int count = 1;
    int steps = 0;
    int stepMs = 1;
    bool checksStop = false;
    WaitMode wait = WaitMode::Sleep; // Event implies checksStop
    int failAtStep = -1; // -1: never fails
    int submitAtMs = 0;
};

enum class ActionKind { Cancel, CancelAll, Stop, Clear, Shutdown };

struct ScenarioAction
{
    int atMs = 0;
    ActionKind kind = ActionKind::Stop;
    QString task; // Cancel: an instance id, or a group id meaning each of its instances
    bool wait = true; // Shutdown
    bool cancelFutures = false; // Shutdown
};

// A parsed "poolscope-scenario/1" file.
struct Scenario
{
    QString name;
    QString title;
    QString description;
    QString model = QStringLiteral("python");
    int workers = 1;
    QList<TaskGroup> groups; // in file order
    QList<ScenarioAction> actions; // in file order
    QString source; // the file path or ":/scenarios/NAME.json"

    // Groups in submission order: by submitAtMs, ties in file order.
    QList<TaskGroup> groupsInSubmissionOrder() const;
    // Instance ids in submission order: "<id>#1".."<id>#<count>", or "<id>" when count is 1.
    QStringList instanceIds() const;
};

QString instanceId(const TaskGroup &group, int ordinal); // ordinal is 1-based

struct ScenarioParseResult
{
    std::optional<Scenario> scenario;
    QString error; // one line naming the file and the field (and the JSON offset where there is one)
    QStringList warnings; // e.g. unknown keys, each naming the file and the key
};

// Parses and validates (ids unique, cancel targets submitted before the cancel runs, no submit after a
// shutdown, numbers in range).
ScenarioParseResult parseScenario(const QByteArray &json, const QString &sourceName);
ScenarioParseResult loadScenarioFile(const QString &path);

// Built-in scenarios live in resources/scenarios and are compiled in.
QStringList builtinScenarioNames();
ScenarioParseResult loadBuiltinScenario(const QString &name);
// A path if it names an existing file, else a built-in name.
ScenarioParseResult loadScenario(const QString &nameOrPath);

} // namespace poolscope
