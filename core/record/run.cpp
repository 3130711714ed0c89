// SPDX-License-Identifier: MIT
#include "record/run.h"

namespace poolscope {

const char *waitModeName(WaitMode mode)
{
    switch (mode) {
    case WaitMode::Sleep: return "sleep";
    case WaitMode::Event: return "event";
    case WaitMode::Busy: return "busy";
    }
    return "sleep";
}

bool waitModeFromName(const QString &name, WaitMode *out)
{
    for (WaitMode m : { WaitMode::Sleep, WaitMode::Event, WaitMode::Busy }) {
        if (name == QLatin1String(waitModeName(m))) {
            *out = m;
            return true;
        }
    }
    return false;
}

QString instanceId(const TaskSpec &spec, quint32 ordinal)
{
    if (!spec.numbered)
        return spec.id;
    return spec.id + QLatin1Char('#') + QString::number(ordinal);
}

QString Run::taskId(quint32 task) const
{
    if (task >= tasks.size() || tasks[task].spec >= specs.size())
        return QStringLiteral("#%1").arg(qint64(task) + 1);
    return instanceId(specs[tasks[task].spec], tasks[task].ordinal);
}

quint32 Run::addTasks(TaskSpec spec, quint32 count)
{
    const quint32 first = quint32(tasks.size());
    const quint32 specIndex = quint32(specs.size());
    if (count > 1)
        spec.numbered = true;
    specs.push_back(std::move(spec));
    tasks.reserve(tasks.size() + count);
    for (quint32 k = 1; k <= count; ++k)
        tasks.push_back({ specIndex, k });
    return first;
}

} // namespace poolscope
