// SPDX-License-Identifier: MIT
#include "io/eventcheck.h"

#include <QtEndian>

namespace poolscope {

void encodeEvent(const RecordedEvent &e, char *ev)
{
    qToLittleEndian<qint64>(e.tNs, ev);
    qToLittleEndian<quint32>(e.task, ev + 8);
    qToLittleEndian<qint32>(e.value, ev + 12);
    qToLittleEndian<qint16>(e.worker, ev + 16);
    ev[18] = char(e.kind);
    ev[19] = char(e.flags);
}

bool decodeEvent(const char *ev, const EventLimits &limits, qint64 previousNs, RecordedEvent *e,
                 const char **field, QString *what, RecordByteOrder order)
{
    if (order == RecordByteOrder::Little) {
        e->tNs = qFromLittleEndian<qint64>(ev);
        e->task = qFromLittleEndian<quint32>(ev + 8);
        e->value = qFromLittleEndian<qint32>(ev + 12);
        e->worker = qFromLittleEndian<qint16>(ev + 16);
    } else {
        e->tNs = qFromBigEndian<qint64>(ev);
        e->task = qFromBigEndian<quint32>(ev + 8);
        e->value = qFromBigEndian<qint32>(ev + 12);
        e->worker = qFromBigEndian<qint16>(ev + 16);
    }
    const quint8 kind = quint8(ev[18]);
    e->flags = quint8(ev[19]);
    auto bad = [&](const char *f, const QString &w) {
        *field = f;
        *what = w;
        return false;
    };
    if (kind > LastEventKind)
        return bad("kind", QStringLiteral("unknown event kind %1").arg(kind));
    e->kind = EventKind(kind);
    if (e->tNs < previousNs)
        return bad("t_ns", QStringLiteral("time %1 is before the previous event's %2").arg(e->tNs).arg(previousNs));
    if (e->task != NoTask && e->task >= limits.tasks)
        return bad("task", QStringLiteral("task %1 out of range (%2 tasks)").arg(e->task).arg(limits.tasks));
    if (e->worker >= limits.workers)
        return bad("worker", QStringLiteral("worker %1 out of range (%2 workers)").arg(e->worker).arg(limits.workers));
    if (e->worker < 0 && callerIndex(e->worker) >= limits.callers)
        return bad("worker", QStringLiteral("caller lane %1 out of range (%2 callers)").arg(e->worker).arg(limits.callers));
    if (eventNeedsTask(e->kind) && e->task == NoTask)
        return bad("task", QStringLiteral("a %1 event needs a task").arg(QLatin1String(eventKindName(e->kind))));
    if (eventOnWorker(e->kind) && e->worker < 0)
        return bad("worker", QStringLiteral("a %1 event happens on a worker").arg(QLatin1String(eventKindName(e->kind))));
    if ((e->kind == EventKind::End || e->kind == EventKind::Reject) && e->flags > LastOutcome)
        return bad("flags", QStringLiteral("unknown outcome %1").arg(e->flags));
    if ((e->kind == EventKind::Step || e->kind == EventKind::End) && e->value < 0)
        return bad("value", QStringLiteral("negative step count %1").arg(e->value));
    if ((e->kind == EventKind::CallBegin || e->kind == EventKind::CallEnd)
        && ((e->flags & BlockingCallMask) == 0 || (e->flags & BlockingCallMask) > LastBlockingCall || (e->flags >> 4) > 3))
        return bad("flags", QStringLiteral("unknown blocking call %1").arg(e->flags));
    if (!limits.recording)
        return true;
    switch (e->kind) {
    case EventKind::Submit:
    case EventKind::ShutdownBegin:
    case EventKind::ShutdownEnd:
        if (e->value < 0 || e->value >= limits.pools)
            return bad("value", QStringLiteral("pool %1 out of range (%2 pools)").arg(e->value).arg(limits.pools));
        break;
    case EventKind::StopSet:
    case EventKind::StopClear:
    case EventKind::Check:
        if (e->value < 0 || e->value >= limits.flags)
            return bad("value", QStringLiteral("Event %1 out of range (%2 Events)").arg(e->value).arg(limits.flags));
        break;
    default: break;
    }
    return true;
}

} // namespace poolscope
