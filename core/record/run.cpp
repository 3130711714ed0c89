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

QString Run::laneName(qint16 worker) const
{
    if (worker >= 0) {
        if (recording.active && size_t(worker) < recording.workers.size() && !recording.workers[size_t(worker)].name.isEmpty())
            return recording.workers[size_t(worker)].name;
        return QStringLiteral("worker-%1").arg(int(worker) + 1);
    }
    const int k = callerIndex(worker);
    if (recording.active && size_t(k) < recording.callers.size() && !recording.callers[size_t(k)].name.isEmpty())
        return recording.callers[size_t(k)].name;
    return k == 0 ? QStringLiteral("main") : QStringLiteral("thread-%1").arg(k + 1);
}

QString Run::flagName(int flag) const
{
    if (recording.active && flag >= 0 && size_t(flag) < recording.flags.size())
        return recording.flags[size_t(flag)].name;
    return flag == 0 ? QStringLiteral("stop") : QStringLiteral("event-%1").arg(flag + 1);
}

QString Run::workerLabel(qint16 worker) const
{
    if (recording.active && recording.pools.size() > 1 && worker >= 0 && size_t(worker) < recording.workers.size()) {
        const int pool = recording.workers[size_t(worker)].pool;
        int k = 0;
        for (int w = 0; w <= worker; ++w)
            k += recording.workers[size_t(w)].pool == pool ? 1 : 0;
        if (pool >= 0)
            return QStringLiteral("pool %1 · worker-%2").arg(pool).arg(k);
    }
    return QStringLiteral("worker-%1").arg(int(worker) + 1);
}

int Run::poolOfLane(qint16 worker) const
{
    if (!recording.active || worker < 0 || size_t(worker) >= recording.workers.size())
        return worker < 0 ? -1 : 0;
    return recording.workers[size_t(worker)].pool;
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
