// SPDX-License-Identifier: MIT
#include "scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace poolscope {

QString instanceId(const TaskGroup &group, int ordinal)
{
    return group.count == 1 ? group.id : group.id + QLatin1Char('#') + QString::number(ordinal);
}

QList<TaskGroup> Scenario::groupsInSubmissionOrder() const
{
    QList<TaskGroup> ordered = groups;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const TaskGroup &a, const TaskGroup &b) { return a.submitAtMs < b.submitAtMs; });
    return ordered;
}

QStringList Scenario::instanceIds() const
{
    QStringList ids;
    for (const TaskGroup &g : groupsInSubmissionOrder()) {
        for (int i = 1; i <= g.count; ++i)
            ids << instanceId(g, i);
    }
    return ids;
}

namespace {

QString shown(const QString &value);

// Thrown inside the parser only; carries the one-line message.
struct ParseFailure
{
    QString message;
};

class Reader
{
public:
    Reader(QString source, QStringList *warnings) : m_source(std::move(source)), m_warnings(warnings) { }

    [[noreturn]] void fail(const QString &field, const QString &what) const
    {
        throw ParseFailure { QStringLiteral("%1: %2: %3").arg(m_source, field, what) };
    }

    void warnUnknownKeys(const QJsonObject &obj, const QString &path, std::initializer_list<const char *> known) const
    {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            const bool isKnown = std::any_of(known.begin(), known.end(),
                                             [&](const char *k) { return it.key() == QLatin1String(k); });
            if (!isKnown) {
                const QString field = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
                *m_warnings << QStringLiteral("%1: unknown key '%2' (ignored)").arg(m_source, shown(field));
            }
        }
    }

    QString string(const QJsonObject &obj, const QString &path, const char *key, const QString *fallback) const
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        const QString field = joined(path, key);
        if (v.isUndefined()) {
            if (!fallback)
                fail(field, QStringLiteral("missing (a string is required)"));
            return *fallback;
        }
        if (!v.isString())
            fail(field, QStringLiteral("must be a string (got %1)").arg(typeName(v)));
        return v.toString();
    }

    int integer(const QJsonObject &obj, const QString &path, const char *key, std::optional<int> fallback,
                int minimum) const
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        const QString field = joined(path, key);
        if (v.isUndefined()) {
            if (!fallback)
                fail(field, QStringLiteral("missing (a whole number ≥ %1 is required)").arg(minimum));
            return *fallback;
        }
        if (!v.isDouble())
            fail(field, QStringLiteral("must be a whole number ≥ %1 (got %2)").arg(minimum).arg(typeName(v)));
        const double d = v.toDouble();
        if (d != std::floor(d) || d > 1e9 || d < -1e9)
            fail(field, QStringLiteral("must be a whole number ≥ %1 (got %2)").arg(minimum).arg(d));
        if (d < minimum)
            fail(field, QStringLiteral("must be ≥ %1 (got %2)").arg(minimum).arg(d));
        return int(d);
    }

    bool boolean(const QJsonObject &obj, const QString &path, const char *key, bool fallback) const
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        if (!v.isBool())
            fail(joined(path, key), QStringLiteral("must be true or false (got %1)").arg(typeName(v)));
        return v.toBool();
    }

    static QString joined(const QString &path, const char *key)
    {
        return path.isEmpty() ? QString::fromLatin1(key) : path + QLatin1Char('.') + QLatin1String(key);
    }

    static QString typeName(const QJsonValue &v)
    {
        switch (v.type()) {
        case QJsonValue::Null: return QStringLiteral("null");
        case QJsonValue::Bool: return QStringLiteral("a boolean");
        case QJsonValue::Double: return QStringLiteral("a number");
        case QJsonValue::String: return QStringLiteral("a string");
        case QJsonValue::Array: return QStringLiteral("an array");
        case QJsonValue::Object: return QStringLiteral("an object");
        case QJsonValue::Undefined: break;
        }
        return QStringLiteral("nothing");
    }

private:
    QString m_source;
    QStringList *m_warnings;
};

// A value echoed in an error stays on one line and short, whatever the file held.
QString shown(const QString &value)
{
    QString out;
    for (const QChar c : value) {
        if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
                 || c.category() == QChar::Separator_Paragraph)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
        if (out.size() > 60)
            return out.left(60) + QStringLiteral("…");
    }
    return out;
}

QString lineColumn(const QByteArray &json, int offset)
{
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        if (json[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

TaskGroup readGroup(const Reader &r, const QJsonObject &obj, const QString &path)
{
    r.warnUnknownKeys(obj, path,
                      { "id", "count", "steps", "step_ms", "checks_stop", "wait", "fail_at_step", "submit_at_ms" });
    TaskGroup g;
    g.id = r.string(obj, path, "id", nullptr);
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (!idPattern.match(g.id).hasMatch())
        r.fail(path + QStringLiteral(".id"),
               QStringLiteral("'%1' must be letters, digits, '_', '.' or '-' (no '#': it numbers instances)").arg(shown(g.id)));
    g.count = r.integer(obj, path, "count", 1, 1);
    g.steps = r.integer(obj, path, "steps", std::nullopt, 0);
    g.stepMs = r.integer(obj, path, "step_ms", std::nullopt, 1);
    const QString waitDefault = QStringLiteral("sleep");
    const QString wait = r.string(obj, path, "wait", &waitDefault);
    if (wait == QLatin1String("sleep"))
        g.wait = WaitMode::Sleep;
    else if (wait == QLatin1String("event"))
        g.wait = WaitMode::Event;
    else
        r.fail(path + QStringLiteral(".wait"), QStringLiteral("must be \"sleep\" or \"event\" (got \"%1\")").arg(shown(wait)));
    g.checksStop = r.boolean(obj, path, "checks_stop", false) || g.wait == WaitMode::Event;
    g.failAtStep = obj.contains(QLatin1String("fail_at_step")) ? r.integer(obj, path, "fail_at_step", std::nullopt, 0) : -1;
    g.submitAtMs = r.integer(obj, path, "submit_at_ms", 0, 0);
    return g;
}

ScenarioAction readAction(const Reader &r, const QJsonObject &obj, const QString &path)
{
    ScenarioAction a;
    a.atMs = r.integer(obj, path, "at_ms", std::nullopt, 0);
    const QString what = r.string(obj, path, "do", nullptr);
    static const QList<std::pair<QString, ActionKind>> kinds = {
        { QStringLiteral("cancel"), ActionKind::Cancel },     { QStringLiteral("cancel_all"), ActionKind::CancelAll },
        { QStringLiteral("stop"), ActionKind::Stop },         { QStringLiteral("clear"), ActionKind::Clear },
        { QStringLiteral("shutdown"), ActionKind::Shutdown },
    };
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto &k) { return k.first == what; });
    if (it == kinds.end())
        r.fail(path + QStringLiteral(".do"),
               QStringLiteral("unknown action \"%1\" (expected cancel, cancel_all, stop, clear or shutdown)").arg(shown(what)));
    a.kind = it->second;
    switch (a.kind) {
    case ActionKind::Cancel:
        r.warnUnknownKeys(obj, path, { "at_ms", "do", "task" });
        a.task = r.string(obj, path, "task", nullptr);
        break;
    case ActionKind::Shutdown:
        r.warnUnknownKeys(obj, path, { "at_ms", "do", "wait", "cancel_futures" });
        a.wait = r.boolean(obj, path, "wait", true);
        a.cancelFutures = r.boolean(obj, path, "cancel_futures", false);
        break;
    default: r.warnUnknownKeys(obj, path, { "at_ms", "do" }); break;
    }
    return a;
}

Scenario readScenario(const Reader &r, const QJsonObject &root)
{
    r.warnUnknownKeys(root, QString(),
                      { "format", "name", "title", "description", "model", "workers", "tasks", "actions" });
    const QString format = r.string(root, QString(), "format", nullptr);
    if (format != QLatin1String("poolscope-scenario/1"))
        r.fail(QStringLiteral("format"), QStringLiteral("expected \"poolscope-scenario/1\" (got \"%1\")").arg(shown(format)));
    Scenario s;
    s.name = r.string(root, QString(), "name", nullptr);
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9-]+$"));
    if (!namePattern.match(s.name).hasMatch())
        r.fail(QStringLiteral("name"), QStringLiteral("'%1' must match [a-z0-9-]+").arg(shown(s.name)));
    s.title = r.string(root, QString(), "title", &s.name);
    const QString empty;
    s.description = r.string(root, QString(), "description", &empty);
    const QString python = QStringLiteral("python");
    s.model = r.string(root, QString(), "model", &python);
    if (s.model != python)
        r.fail(QStringLiteral("model"), QStringLiteral("\"%1\" is not supported yet (only \"python\")").arg(shown(s.model)));
    s.workers = r.integer(root, QString(), "workers", std::nullopt, 1);
    if (s.workers > 1024)
        r.fail(QStringLiteral("workers"), QStringLiteral("must be at most 1024 (got %1)").arg(s.workers));

    const QJsonValue tasks = root.value(QLatin1String("tasks"));
    if (tasks.isUndefined())
        r.fail(QStringLiteral("tasks"), QStringLiteral("missing (an array of task groups is required)"));
    if (!tasks.isArray())
        r.fail(QStringLiteral("tasks"), QStringLiteral("must be an array (got %1)").arg(Reader::typeName(tasks)));
    const QJsonArray taskArray = tasks.toArray();
    qint64 instances = 0;
    for (int i = 0; i < taskArray.size(); ++i) {
        const QString path = QStringLiteral("tasks[%1]").arg(i);
        if (!taskArray[i].isObject())
            r.fail(path, QStringLiteral("must be an object (got %1)").arg(Reader::typeName(taskArray[i])));
        s.groups << readGroup(r, taskArray[i].toObject(), path);
        instances += s.groups.last().count;
        if (instances > 1000000)
            r.fail(path + QStringLiteral(".count"), QStringLiteral("more than 1,000,000 tasks in all"));
    }

    const QJsonValue actions = root.value(QLatin1String("actions"));
    if (!actions.isUndefined() && !actions.isArray())
        r.fail(QStringLiteral("actions"), QStringLiteral("must be an array (got %1)").arg(Reader::typeName(actions)));
    const QJsonArray actionArray = actions.toArray();
    for (int i = 0; i < actionArray.size(); ++i) {
        const QString path = QStringLiteral("actions[%1]").arg(i);
        if (!actionArray[i].isObject())
            r.fail(path, QStringLiteral("must be an object (got %1)").arg(Reader::typeName(actionArray[i])));
        s.actions << readAction(r, actionArray[i].toObject(), path);
    }

    // Cross-field checks: unique ids, cancel targets submitted by then, no submit after a shutdown.
    QHash<QString, int> groupOf; // instance or group id -> group index
    for (int i = 0; i < s.groups.size(); ++i) {
        const TaskGroup &g = s.groups[i];
        QStringList names { g.id };
        for (int k = 1; k <= g.count && g.count > 1; ++k)
            names << instanceId(g, k);
        for (const QString &n : names) {
            if (groupOf.contains(n))
                r.fail(QStringLiteral("tasks[%1].id").arg(i), QStringLiteral("'%1' is used twice").arg(n));
            groupOf.insert(n, i);
        }
    }
    int firstShutdownAt = -1;
    for (int i = 0; i < s.actions.size(); ++i) {
        const ScenarioAction &a = s.actions[i];
        if (a.kind == ActionKind::Shutdown && firstShutdownAt < 0)
            firstShutdownAt = a.atMs;
        if (a.kind != ActionKind::Cancel)
            continue;
        const QString path = QStringLiteral("actions[%1].task").arg(i);
        if (!groupOf.contains(a.task))
            r.fail(path, QStringLiteral("no task or group with id '%1'").arg(shown(a.task)));
        const TaskGroup &g = s.groups[groupOf.value(a.task)];
        if (g.submitAtMs > a.atMs)
            r.fail(path, QStringLiteral("'%1' is submitted at %2 ms, after this cancel at %3 ms")
                                 .arg(shown(a.task)).arg(g.submitAtMs).arg(a.atMs));
    }
    if (firstShutdownAt >= 0) {
        for (int i = 0; i < s.groups.size(); ++i) {
            if (s.groups[i].submitAtMs > firstShutdownAt)
                r.fail(QStringLiteral("tasks[%1].submit_at_ms").arg(i),
                       QStringLiteral("submitted at %1 ms, after the shutdown at %2 ms "
                                      "(cannot schedule new futures after shutdown)")
                               .arg(s.groups[i].submitAtMs)
                               .arg(firstShutdownAt));
        }
    }
    return s;
}

} // namespace

ScenarioParseResult parseScenario(const QByteArray &json, const QString &sourceName)
{
    ScenarioParseResult result;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        result.error = QStringLiteral("%1: invalid JSON at offset %2 (%3): %4")
                               .arg(sourceName)
                               .arg(error.offset)
                               .arg(lineColumn(json, error.offset), error.errorString());
        return result;
    }
    if (!doc.isObject()) {
        result.error = QStringLiteral("%1: (top level): must be a JSON object").arg(sourceName);
        return result;
    }
    Reader reader(sourceName, &result.warnings);
    try {
        Scenario s = readScenario(reader, doc.object());
        s.source = sourceName;
        result.scenario = std::move(s);
    } catch (const ParseFailure &failure) {
        result.error = failure.message;
        result.warnings.clear();
    }
    return result;
}

ScenarioParseResult loadScenarioFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ScenarioParseResult result;
        result.error = QStringLiteral("%1: cannot read the file: %2").arg(path, file.errorString());
        return result;
    }
    return parseScenario(file.readAll(), path);
}

QStringList builtinScenarioNames()
{
    QStringList names;
    const QStringList files = QDir(QStringLiteral(":/scenarios")).entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    for (const QString &f : files)
        names << QFileInfo(f).completeBaseName();
    return names;
}

ScenarioParseResult loadBuiltinScenario(const QString &name)
{
    if (!builtinScenarioNames().contains(name)) {
        ScenarioParseResult result;
        result.error = QStringLiteral("%1: no such scenario file or built-in scenario (see --list-scenarios)").arg(name);
        return result;
    }
    return loadScenarioFile(QStringLiteral(":/scenarios/%1.json").arg(name));
}

ScenarioParseResult loadScenario(const QString &nameOrPath)
{
    if (QFileInfo::exists(nameOrPath) || nameOrPath.contains(QLatin1Char('/')) || nameOrPath.endsWith(QLatin1String(".json")))
        return loadScenarioFile(nameOrPath);
    return loadBuiltinScenario(nameOrPath);
}

} // namespace poolscope
