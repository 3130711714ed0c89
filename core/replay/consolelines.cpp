// SPDX-License-Identifier: MIT
#include "replay/consolelines.h"

#include "models/modelwords.h"

namespace poolscope {

QString consoleStamp(qint64 ns, qint16 worker, const Run *run)
{
    const QString who = run && run->recorded() ? run->laneName(worker)
            : worker < 0                       ? QStringLiteral("main")
                                               : QStringLiteral("worker-%1").arg(worker + 1);
    return QStringLiteral("%1 s  %2  ").arg(double(ns) / 1e9, 7, 'f', 2).arg(who, -9);
}

QStringList consoleLines(const Happening &h, const Run &run, const ModelWords &words)
{
    const QString text = words.consoleLine(h, run);
    if (text.isEmpty())
        return {};
    const QString head = consoleStamp(h.tNs, h.worker, &run);
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &l : lines)
        l.prepend(head);
    return lines;
}

} // namespace poolscope
