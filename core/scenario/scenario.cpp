// SPDX-License-Identifier: MIT
#include "scenario/scenario.h"

#include "models/model.h"
#include "models/modelregistry.h"
#include "models/steptask.h"
#include "scenario/scenarioreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>

namespace poolscope {

QString instanceId(const TaskGroup &group, int ordinal)
{
    return group.count == 1 ? group.spec.id : group.spec.id + QLatin1Char('#') + QString::number(ordinal);
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

const Model &Scenario::modelRules() const
{
    const Model *m = findModel(model);
    Q_ASSERT(m); // a parsed scenario names a registered model
    return *m;
}

Scenario::TaskReference Scenario::resolve(const QString &id) const
{
    for (int i = 0; i < groups.size(); ++i) {
        if (groups[i].spec.id == id)
            return { i, 0 };
    }
    // "<group>#<n>": ids cannot hold '#', so the last one splits the name.
    const qsizetype hash = id.lastIndexOf(QLatin1Char('#'));
    if (hash <= 0)
        return {};
    bool ok = false;
    const int k = id.mid(hash + 1).toInt(&ok);
    const QString group = id.left(hash);
    for (int i = 0; i < groups.size(); ++i) {
        const TaskGroup &g = groups[i];
        if (g.spec.id == group && g.count > 1 && ok && k >= 1 && k <= g.count && instanceId(g, k) == id)
            return { i, k };
    }
    return {};
}

namespace {

using Shown = ScenarioReader;

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

const QStringList CommonRootKeys = { QStringLiteral("format"), QStringLiteral("name"), QStringLiteral("title"),
                                     QStringLiteral("description"), QStringLiteral("model"), QStringLiteral("workers"),
                                     QStringLiteral("tasks"), QStringLiteral("actions") };
const QStringList CommonTaskKeys = { QStringLiteral("id"), QStringLiteral("count"), QStringLiteral("submit_at_ms") };
const QStringList CommonActionKeys = { QStringLiteral("at_ms"), QStringLiteral("do") };

// A key this model does not know but another one does is a mistake, not a typo to warn about: the file
// was written for the other model's rules ("checks_canceled" in a Python scenario). The step body's keys
// are shared by the built-in models, so a model with a body of its own (the tests' toy) only warns of them.
void rejectOtherModelsKeys(const ScenarioReader &r, const Model &model, const QJsonObject &obj, const QString &path,
                           const QStringList &known, QStringList (Model::*keysOf)() const)
{
    const QStringList shared = stepTaskKeys();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (known.contains(it.key()) || shared.contains(it.key()))
            continue;
        for (const QString &name : modelNames()) {
            const Model *other = findModel(name);
            if (other && other != &model && (other->*keysOf)().contains(it.key()))
                r.fail(ScenarioReader::joined(path, it.key().toUtf8().constData()),
                       QStringLiteral("a field of the %1 model, not of this scenario's model \"%2\"")
                               .arg(name, model.name()));
        }
    }
}

TaskGroup readGroup(const ScenarioReader &r, const Model &model, const QJsonObject &obj, const QString &path)
{
    rejectOtherModelsKeys(r, model, obj, path, CommonTaskKeys + model.taskKeys(), &Model::taskKeys);
    r.warnUnknownKeys(obj, path, CommonTaskKeys + model.taskKeys());
    TaskGroup g;
    g.spec.id = r.string(obj, path, "id", nullptr);
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (!idPattern.match(g.spec.id).hasMatch())
        r.fail(path + QStringLiteral(".id"),
               QStringLiteral("'%1' must be letters, digits, '_', '.' or '-' (no '#': it numbers instances)")
                       .arg(Shown::shown(g.spec.id)));
    g.count = r.integer(obj, path, "count", 1, 1);
    model.readTask(r, obj, path, g.spec);
    g.spec.numbered = g.count > 1;
    g.submitAtMs = r.integer(obj, path, "submit_at_ms", 0, 0);
    return g;
}

QString verbList(const Model &model)
{
    QStringList names;
    for (const VerbInfo &v : model.verbs())
        names << QString::fromLatin1(v.name);
    names << QStringLiteral("pause") << QStringLiteral("resume");
    names.removeDuplicates(); // Qt's resume (of a future) shares the runner's name
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + names.last();
}

ScenarioAction readAction(const ScenarioReader &r, const Model &model, const QJsonObject &obj, const QString &path)
{
    ScenarioAction a;
    a.atMs = r.integer(obj, path, "at_ms", std::nullopt, 0);
    a.verb = r.string(obj, path, "do", nullptr);
    const auto &verbs = model.verbs();
    auto it = std::find_if(verbs.begin(), verbs.end(), [&](const VerbInfo &v) { return a.verb == QLatin1String(v.name); });
    // A model's verb of the runner's name that names a task is the model's: Qt's {"do":"resume","task":"t"}
    // is QFuture::resume(); without a task, "resume" opens the pause gate as in every model.
    const bool modelsOwn = it != verbs.end() && it->takesTask && obj.contains(QLatin1String("task"));
    if (!modelsOwn && (a.verb == QLatin1String("pause") || a.verb == QLatin1String("resume"))) {
        r.warnUnknownKeys(obj, path, CommonActionKeys);
        a.runnerVerb = a.verb == QLatin1String("pause") ? RunnerVerb::Pause : RunnerVerb::Resume;
        return a;
    }
    if (it == verbs.end()) {
        // Another model's call ("suspend" in a Python scenario, "shutdown" in a Qt one): say whose it is.
        for (const QString &name : modelNames()) {
            const Model *other = findModel(name);
            if (!other || other == &model)
                continue;
            for (const VerbInfo &v : other->verbs()) {
                if (a.verb == QLatin1String(v.name))
                    r.fail(path + QStringLiteral(".do"),
                           QStringLiteral("\"%1\" is an action of the %2 model, not of this scenario's model \"%3\" "
                                          "(expected %4)")
                                   .arg(a.verb, name, model.name(), verbList(model)));
            }
        }
        r.fail(path + QStringLiteral(".do"),
               QStringLiteral("unknown action \"%1\" (expected %2)").arg(Shown::shown(a.verb), verbList(model)));
    }
    a.code = it->verb;
    if (it->takesTask)
        a.task = r.string(obj, path, "task", nullptr);
    model.readAction(r, obj, path, a);
    return a;
}

// Cross-field checks every model shares: unique ids, cancel targets that exist and are submitted by then.
void checkReferences(const ScenarioReader &r, const Scenario &s)
{
    // Ids cannot hold '#', so an instance's name ("a#2") never equals another group's id: only group ids
    // can clash.
    QHash<QString, int> groupOf;
    for (int i = 0; i < s.groups.size(); ++i) {
        const QString &id = s.groups[i].spec.id;
        if (groupOf.contains(id))
            r.fail(QStringLiteral("tasks[%1].id").arg(i), QStringLiteral("'%1' is used twice").arg(id));
        groupOf.insert(id, i);
    }
    auto check = [&](const QString &id, const ScenarioAction &a, const QString &path) {
        const Scenario::TaskReference ref = s.resolve(id);
        if (ref.group < 0)
            r.fail(path, QStringLiteral("no task or group with id '%1'").arg(Shown::shown(id)));
        const TaskGroup &g = s.groups[ref.group];
        if (g.submitAtMs > a.atMs)
            r.fail(path, QStringLiteral("'%1' is submitted at %2 ms, after this %3 at %4 ms")
                                 .arg(Shown::shown(id))
                                 .arg(g.submitAtMs)
                                 .arg(a.verb)
                                 .arg(a.atMs));
    };
    for (int i = 0; i < s.actions.size(); ++i) {
        const ScenarioAction &a = s.actions[i];
        if (!a.task.isEmpty())
            check(a.task, a, QStringLiteral("actions[%1].task").arg(i));
        for (int k = 0; k < a.tasks.size(); ++k)
            check(a.tasks[k], a, QStringLiteral("actions[%1].tasks[%2]").arg(i).arg(k));
    }
}

// Reads every part it can, so that one file with several mistakes reports them all.
void readScenario(const ScenarioReader &r, const QJsonObject &root, Scenario &s, QStringList &errors)
{
    auto attempt = [&](auto &&read) {
        try {
            read();
            return true;
        } catch (const ScenarioFieldError &e) {
            errors << e.message;
            return false;
        }
    };
    // A file that is not a scenario at all gets one line saying so, not a list of every missing field.
    if (!attempt([&] {
            const QString format = r.string(root, QString(), "format", nullptr);
            if (format != QLatin1String("poolscope-scenario/1"))
                r.fail(QStringLiteral("format"),
                       QStringLiteral("expected \"poolscope-scenario/1\" (got \"%1\")").arg(Shown::shown(format)));
        }))
        return;
    attempt([&] {
        s.name = r.string(root, QString(), "name", nullptr);
        static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9-]+$"));
        if (!namePattern.match(s.name).hasMatch())
            r.fail(QStringLiteral("name"),
                   QStringLiteral("'%1' must be lower-case letters, digits and '-' (it names files and the "
                                  "command line's scenario), e.g. \"my-lesson\"")
                           .arg(Shown::shown(s.name)));
    });
    attempt([&] { s.title = r.string(root, QString(), "title", &s.name); });
    attempt([&] {
        const QString empty;
        s.description = r.string(root, QString(), "description", &empty);
    });
    const Model *model = nullptr;
    attempt([&] {
        const QString python = QStringLiteral("python");
        s.model = r.string(root, QString(), "model", &python);
        model = findModel(s.model);
        if (!model)
            r.fail(QStringLiteral("model"), QStringLiteral("\"%1\" is not one of the models (%2)")
                                                    .arg(Shown::shown(s.model), modelNames().join(QStringLiteral(", "))));
    });
    attempt([&] {
        s.workers = r.integer(root, QString(), "workers", std::nullopt, 1);
        if (s.workers > 1024)
            r.fail(QStringLiteral("workers"), QStringLiteral("must be at most 1024 (got %1)").arg(s.workers));
    });
    if (!model)
        return;
    attempt([&] { rejectOtherModelsKeys(r, *model, root, QString(), CommonRootKeys + model->poolKeys(), &Model::poolKeys); });
    r.warnUnknownKeys(root, QString(), CommonRootKeys + model->poolKeys());
    attempt([&] { model->readPool(r, root, s); });

    const QJsonValue tasks = root.value(QLatin1String("tasks"));
    attempt([&] {
        if (tasks.isUndefined())
            r.fail(QStringLiteral("tasks"), QStringLiteral("missing (an array of task groups is required)"));
        if (!tasks.isArray())
            r.fail(QStringLiteral("tasks"), QStringLiteral("must be an array (got %1)").arg(Shown::typeName(tasks)));
    });
    const QJsonArray taskArray = tasks.toArray();
    qint64 instances = 0;
    for (int i = 0; i < taskArray.size(); ++i) {
        attempt([&] {
            const QString path = QStringLiteral("tasks[%1]").arg(i);
            if (!taskArray[i].isObject())
                r.fail(path, QStringLiteral("must be an object (got %1)").arg(Shown::typeName(taskArray[i])));
            s.groups << readGroup(r, *model, taskArray[i].toObject(), path);
            instances += s.groups.last().count;
            if (instances > 1000000)
                r.fail(path + QStringLiteral(".count"), QStringLiteral("more than 1,000,000 tasks in all"));
        });
    }

    const QJsonValue actions = root.value(QLatin1String("actions"));
    attempt([&] {
        if (!actions.isUndefined() && !actions.isArray())
            r.fail(QStringLiteral("actions"), QStringLiteral("must be an array (got %1)").arg(Shown::typeName(actions)));
    });
    const QJsonArray actionArray = actions.toArray();
    for (int i = 0; i < actionArray.size(); ++i) {
        attempt([&] {
            const QString path = QStringLiteral("actions[%1]").arg(i);
            if (!actionArray[i].isObject())
                r.fail(path, QStringLiteral("must be an object (got %1)").arg(Shown::typeName(actionArray[i])));
            s.actions << readAction(r, *model, actionArray[i].toObject(), path);
        });
    }
    if (!errors.isEmpty())
        return; // the cross-field checks need every field read
    if (attempt([&] { checkReferences(r, s); }))
        attempt([&] { model->validate(r, s); });
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
        result.errors << result.error;
        return result;
    }
    if (!doc.isObject()) {
        result.error = QStringLiteral("%1: (top level): must be a JSON object").arg(sourceName);
        result.errors << result.error;
        return result;
    }
    ScenarioReader reader(sourceName, &result.warnings);
    Scenario s;
    readScenario(reader, doc.object(), s, result.errors);
    if (!result.errors.isEmpty()) {
        result.error = result.errors.first();
        result.warnings.clear();
        return result;
    }
    s.source = sourceName;
    result.scenario = std::move(s);
    return result;
}

ScenarioParseResult loadScenarioFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ScenarioParseResult result;
        result.error = QStringLiteral("%1: cannot read the file: %2").arg(path, file.errorString());
        result.errors << result.error;
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
        result.errors << result.error;
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
