// SPDX-License-Identifier: MIT
// Typed reading of a scenario's JSON with one-line errors naming the file and the field.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <optional>

namespace poolscope {

// Thrown by ScenarioReader::fail; the parser catches it per task and per action, so one file reports
// every bad entry it has, not just the first.
struct ScenarioFieldError
{
    QString message;
};

// Shared by the parser and the models: every model reads its own fields with the same messages.
class ScenarioReader
{
public:
    ScenarioReader(QString source, QStringList *warnings);

    const QString &source() const { return m_source; }
    [[noreturn]] void fail(const QString &field, const QString &what) const;
    void warnUnknownKeys(const QJsonObject &obj, const QString &path, const QStringList &known) const;

    QString string(const QJsonObject &obj, const QString &path, const char *key, const QString *fallback) const;
    int integer(const QJsonObject &obj, const QString &path, const char *key, std::optional<int> fallback,
                int minimum) const;
    bool boolean(const QJsonObject &obj, const QString &path, const char *key, bool fallback) const;
    // One of `choices` (the error lists them).
    QString choice(const QJsonObject &obj, const QString &path, const char *key, const QStringList &choices,
                   const QString *fallback) const;

    static QString joined(const QString &path, const char *key);
    static QString typeName(const QJsonValue &v);
    static QString shown(const QString &value); // one line, short: safe to echo in an error

private:
    QString m_source;
    QStringList *m_warnings;
};

} // namespace poolscope
