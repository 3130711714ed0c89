// SPDX-License-Identifier: MIT
#include "scenario/scenarioreader.h"

#include <algorithm>
#include <cmath>

namespace poolscope {

ScenarioReader::ScenarioReader(QString source, QStringList *warnings)
    : m_source(std::move(source)), m_warnings(warnings)
{
}

void ScenarioReader::fail(const QString &field, const QString &what) const
{
    throw ScenarioFieldError { QStringLiteral("%1: %2: %3").arg(m_source, field, what) };
}

void ScenarioReader::warnUnknownKeys(const QJsonObject &obj, const QString &path, const QStringList &known) const
{
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!known.contains(it.key())) {
            const QString field = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            *m_warnings << QStringLiteral("%1: unknown key '%2' (ignored)").arg(m_source, shown(field));
        }
    }
}

QString ScenarioReader::string(const QJsonObject &obj, const QString &path, const char *key,
                               const QString *fallback) const
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

int ScenarioReader::integer(const QJsonObject &obj, const QString &path, const char *key, std::optional<int> fallback,
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

bool ScenarioReader::boolean(const QJsonObject &obj, const QString &path, const char *key, bool fallback) const
{
    const QJsonValue v = obj.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isBool())
        fail(joined(path, key), QStringLiteral("must be true or false (got %1)").arg(typeName(v)));
    return v.toBool();
}

QString ScenarioReader::choice(const QJsonObject &obj, const QString &path, const char *key, const QStringList &choices,
                               const QString *fallback) const
{
    const QString value = string(obj, path, key, fallback);
    if (choices.contains(value))
        return value;
    QStringList quoted;
    for (const QString &c : choices)
        quoted << QLatin1Char('"') + c + QLatin1Char('"');
    const QString list = quoted.size() <= 2 ? quoted.join(QStringLiteral(" or "))
                                            : quoted.mid(0, quoted.size() - 1).join(QStringLiteral(", "))
                    + QStringLiteral(" or ") + quoted.last();
    fail(joined(path, key), QStringLiteral("must be %1 (got \"%2\")").arg(list, shown(value)));
}

QString ScenarioReader::joined(const QString &path, const char *key)
{
    return path.isEmpty() ? QString::fromLatin1(key) : path + QLatin1Char('.') + QLatin1String(key);
}

QString ScenarioReader::typeName(const QJsonValue &v)
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

QString ScenarioReader::shown(const QString &value)
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

} // namespace poolscope
