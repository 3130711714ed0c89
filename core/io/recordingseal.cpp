// SPDX-License-Identifier: MIT
#include "io/recordingseal.h"

#include "io/runfile.h"
#include "io/runfile_p.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

namespace poolscope {

using namespace runfile;

SealResult sealRecording(const QString &path, QString *error)
{
    SealResult r;
    auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, what);
        return r;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return fail(QStringLiteral("cannot open: %1").arg(file.errorString()));
    const qint64 size = file.size();
    uchar *mapped = size > 0 ? file.map(0, size) : nullptr;
    const QByteArray data = mapped ? QByteArray::fromRawData(reinterpret_cast<const char *>(mapped), qsizetype(size))
                                   : file.readAll();
    if (!data.startsWith(QByteArray(Signature, SignatureSize)))
        return fail(QStringLiteral("nothing was recorded (no poolscope-run/1 signature)"));

    // Walk the whole, intact sections; the first that is cut short or damaged ends what can be kept.
    qsizetype at = SignatureSize, kept = -1;
    quint64 specs = 0, tasks = 0, events = 0;
    bool haveInfo = false;
    while (data.size() - at >= 12) {
        const char *p = data.constData() + at;
        const quint32 t = qFromLittleEndian<quint32>(p);
        const quint32 n = qFromLittleEndian<quint32>(p + 4);
        if (n > MaxSection || quint64(data.size() - at) < 12 + quint64(n)
            || runFileCrc32(p, 8 + qsizetype(n)) != qFromLittleEndian<quint32>(p + 8 + n))
            break;
        const QByteArray payload = QByteArray::fromRawData(p + 8, qsizetype(n));
        if (t == EndTag) {
            const QJsonObject end = QJsonDocument::fromJson(payload).object();
            r.ok = true;
            r.complete = end.value(QLatin1String("complete")).toBool();
            r.tasks = quint64(end.value(QLatin1String("tasks")).toDouble());
            r.events = quint64(end.value(QLatin1String("events")).toDouble());
            if (mapped)
                file.unmap(mapped);
            return r;
        }
        if (t == InfoTag)
            haveInfo = true;
        else if (t == SpecTag)
            specs += quint64(QJsonDocument::fromJson(payload).object().value(QLatin1String("specs")).toArray().size());
        else if ((t == TaskTag || t == EventTag || t == BigEndianEventTag) && n >= 4)
            (t == TaskTag ? tasks : events) += qFromLittleEndian<quint32>(p + 8);
        at += 12 + qsizetype(n);
        kept = at;
    }
    if (mapped)
        file.unmap(mapped);
    if (!haveInfo || kept < 0)
        return fail(QStringLiteral("nothing was recorded (the file ends before its first section)"));

    // Cut the damaged tail and close the file: complete=false says the program did not end as it meant to.
    if (!file.resize(kept) || !file.seek(kept))
        return fail(QStringLiteral("cannot close the recording: %1").arg(file.errorString()));
    const QByteArray end = QJsonDocument(QJsonObject { { QStringLiteral("specs"), qint64(specs) },
                                                       { QStringLiteral("tasks"), qint64(tasks) },
                                                       { QStringLiteral("events"), qint64(events) },
                                                       { QStringLiteral("complete"), false } })
                                   .toJson(QJsonDocument::Compact);
    QByteArray section(8, Qt::Uninitialized);
    qToLittleEndian<quint32>(EndTag, section.data());
    qToLittleEndian<quint32>(quint32(end.size()), section.data() + 4);
    section += end;
    QByteArray crc(4, Qt::Uninitialized);
    qToLittleEndian<quint32>(runFileCrc32(section.constData(), section.size()), crc.data());
    section += crc;
    if (file.write(section) != section.size() || !file.flush())
        return fail(QStringLiteral("cannot close the recording: %1").arg(file.errorString()));
    r.ok = r.sealed = true;
    r.tasks = tasks;
    r.events = events;
    return r;
}

} // namespace poolscope
