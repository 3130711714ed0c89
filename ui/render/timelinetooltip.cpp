// SPDX-License-Identifier: MIT
// What the tooltip says about a hit: exact times, in the words of the run's model.
#include "render/timelinemarkers.h"
#include "render/timelinerenderer.h"
#include "render/timelinerenderer_p.h"

#include "models/modelwords.h"
#include "render/statepalette.h"

namespace poolscope {

namespace {

using timeline::markerBefore;
using timeline::markerText;

QString taskToolTip(const RunHistory &d, const ModelWords &words, quint32 index)
{
    if (index >= d.tasks().size())
        return QString();
    const TaskStatus &t = d.tasks()[index];
    QStringList lines;
    lines << QStringLiteral("%1 — %2").arg(d.taskId(index), palette::stateText(t.state));
    const Run *session = d.run();
    const bool recorded = session && session->recorded();
    if (t.worker >= 0) // a recording's thread by its whole name (its lane shows a short label)
        lines << QStringLiteral("ran on %1").arg(session ? session->laneName(t.worker) : QStringLiteral("worker-%1").arg(t.worker + 1));
    if (t.submitNs >= 0)
        lines << QStringLiteral("submitted  %1").arg(formatTimelineTime(t.submitNs));
    if (t.startNs >= 0)
        lines << QStringLiteral("started    %1  (waited %2)")
                     .arg(formatTimelineTime(t.startNs), formatTimelineDuration(t.startNs - t.submitNs));
    if (t.cancelledAtNs >= 0 && t.startNs < 0)
        lines << QStringLiteral("cancelled  %1  (waited %2)")
                     .arg(formatTimelineTime(t.cancelledAtNs), formatTimelineDuration(t.cancelledAtNs - t.submitNs));
    if (t.stopObservedNs >= 0)
        lines << QStringLiteral("saw stop   %1").arg(formatTimelineTime(t.stopObservedNs));
    if (t.endNs >= 0 && t.startNs >= 0)
        lines << QStringLiteral("ended      %1  (ran %2)")
                     .arg(formatTimelineTime(t.endNs), formatTimelineDuration(t.endNs - t.startNs));
    if (recorded)
        lines << (t.stepsDone == 1 ? QStringLiteral("1 check") : QStringLiteral("%1 checks").arg(t.stepsDone));
    else if (session && index < session->tasks.size())
        lines << QStringLiteral("steps %1 of %2").arg(t.stepsDone).arg(session->specOf(index).steps);
    QStringList results;
    // Every caller's cancels of it, in time order (callers are few; each lane is sorted by time).
    std::vector<const TimelineMarker *> cancels;
    for (const CallerLane &lane : d.callers()) {
        for (const TimelineMarker &m : lane.markers) {
            if (m.task == index && (m.kind == MarkerKind::CancelTrue || m.kind == MarkerKind::CancelFalse))
                cancels.push_back(&m);
        }
    }
    std::stable_sort(
        cancels.begin(), cancels.end(), [](const TimelineMarker *a, const TimelineMarker *b) { return a->t < b->t; });
    for (const TimelineMarker *m : cancels) {
        QString result = QStringLiteral("%1 at %2")
                             .arg(words.boolean(m->kind == MarkerKind::CancelTrue), formatTimelineTime(m->t));
        if (d.callerCount() > 1 && session && m->worker < 0)
            result += QStringLiteral(" (%1)").arg(session->laneName(m->worker));
        results << result;
    }
    if (!results.isEmpty())
        lines << QStringLiteral("%1 → %2").arg(
            words.call(ModelWords::Call::CancelShort), results.join(QStringLiteral(", ")));
    if (t.ignoredStop)
        lines << QStringLiteral("%1: ran %2 after %3 at %4, never looking")
                     .arg(palette::markText(palette::Mark::IgnoredStop),
                         QStringLiteral("%1 %2%3").arg(t.stepsAfterStop())
                                 .arg(recorded ? QLatin1String("check") : QLatin1String("step"),
                                     t.stepsAfterStop() == 1 ? QLatin1String("") : QLatin1String("s")))
                     .arg(words.call(ModelWords::Call::StopSet), formatTimelineTime(t.stopSetWhileRunningNs));
    if (t.stopLatencyNs >= 0)
        lines << QStringLiteral("stop latency %1 (event set → returned)").arg(formatTimelineDuration(t.stopLatencyNs));
    return lines.join(QLatin1Char('\n'));
}

// A caller thread by name: "thread MainThread". `worker` is its lane (an event's worker field).
QString callerName(const RunHistory &d, qint16 worker)
{
    return QStringLiteral("thread %1").arg(d.run() ? d.run()->laneName(worker) : QStringLiteral("main"));
}

// Everything the caller did around that moment, one line each; empty if nothing. A lane holding several
// threads names each action's thread.
QString callerActionsToolTip(
    const RunHistory &d, const ModelWords &words, const TimelineHit &hit, const CallerLane &lane)
{
    QStringList lines;
    const auto &cm = lane.markers;
    for (auto m = std::lower_bound(cm.begin(), cm.end(), hit.t0, markerBefore);
         m != cm.end() && m->t <= hit.t1 && lines.size() < 12; ++m) {
        QString what = markerText(m->kind, words);
        if (m->kind == MarkerKind::CancelTrue || m->kind == MarkerKind::CancelFalse)
            what = words.cancelResult(d.taskId(m->task), m->kind == MarkerKind::CancelTrue);
        else if (m->kind == MarkerKind::CancelByShutdown)
            what = QStringLiteral("%1 cancelled by %2")
                       .arg(d.taskId(m->task), words.shutdownCall(ShutdownCancelFuturesFlag));
        else if (m->kind == MarkerKind::ShutdownBegin)
            what = words.shutdownCall(m->flags);
        if (hit.threads > 1)
            what = QStringLiteral("%1: %2").arg(callerName(d, m->worker), what);
        lines << QStringLiteral("%1  %2").arg(formatTimelineTime(m->t), what);
    }
    if (hit.count > lines.size())
        lines << QStringLiteral("… %1 more").arg(hit.count - lines.size());
    if (!lines.isEmpty() && hit.threads == 1 && d.callerCount() > 1)
        lines.prepend(callerName(d, callerLane(hit.lane)));
    return lines.join(QLatin1Char('\n'));
}

QString markerToolTip(const RunHistory &d, const ModelWords &words, const TimelineHit &hit, const CallerLane *lane)
{
    if (lane) {
        const QString actions = callerActionsToolTip(d, words, hit, *lane);
        if (!actions.isEmpty())
            return actions;
    }
    QString what = markerText(hit.marker, words);
    if (hit.task != NoTask && hit.count <= 1)
        what = hit.marker == MarkerKind::CancelTrue || hit.marker == MarkerKind::CancelFalse
            ? words.cancelResult(d.taskId(hit.task), hit.marker == MarkerKind::CancelTrue)
            : QStringLiteral("%1: %2").arg(d.taskId(hit.task), what);
    QString text = hit.count > 1
        ? QStringLiteral("%1× %2 around %3").arg(hit.count).arg(what, formatTimelineTime(hit.t0))
        : QStringLiteral("%1 at %2").arg(what, formatTimelineTime(hit.t0));
    if (hit.marker == MarkerKind::CancelFalse)
        text += QStringLiteral("\nalready running: %1 cannot stop it").arg(words.call(ModelWords::Call::CancelShort));
    return text;
}

} // namespace

QString TimelineRenderer::toolTip(const TimelineHit &hit) const
{
    if (!m_data)
        return {};
    const RunHistory &d = *m_data;
    const ModelWords &words = timeline::wordsFor(m_data);
    switch (hit.kind) {
    case TimelineHit::Bar:
    case TimelineHit::QueueSpan:
    case TimelineHit::Latency:
        return taskToolTip(d, words, hit.task);
    case TimelineHit::Merged:
        return QStringLiteral("%1 runs from %2 to %3\nclick to zoom in")
            .arg(hit.count)
            .arg(formatTimelineTime(hit.t0), formatTimelineTime(hit.t1));
    case TimelineHit::QueueDepth:
        return QStringLiteral("%1 tasks waiting at %2").arg(hit.count).arg(formatTimelineTime(hit.time));
    case TimelineHit::Marker:
        return markerToolTip(d, words, hit, hit.threads > 0 ? &callerData(hit.lane, hit.threads) : nullptr);
    case TimelineHit::Blocked: {
        // A recording's caller by its thread's name: several threads may block at once.
        const bool recorded = d.run() && d.run()->recorded();
        const QString who = recorded ? callerName(d, hit.thread) : QStringLiteral("the caller");
        return QStringLiteral("%1\nfrom %2 to %3")
            .arg(hit.count == int(SpanKind::ShutdownWait)
                    ? QStringLiteral("%1 is blocked in %2").arg(who, words.shutdownCall(ShutdownWaitFlag))
                    : hit.count == int(SpanKind::Paused)   ? QStringLiteral("paused: tasks hold before their next step")
                    : hit.count == int(SpanKind::CallWait) ? words.blockingNote(CallerBlock::Wait).trimmed()
                    : hit.count == int(SpanKind::FuturesWait)
                    ? QStringLiteral("%1 is blocked in wait() or as_completed()").arg(who)
                    : QStringLiteral("%1 waits for every task (%2)").arg(who, words.call(ModelWords::Call::FinalWait)),
                formatTimelineTime(hit.t0),
                hit.t1 >= 0 ? formatTimelineTime(hit.t1) : QStringLiteral("(still waiting)"));
    }
    case TimelineHit::LaneLabel: {
        // A recording's lane by the thread's whole name (the label is a short one).
        const Run *run = d.run();
        if (!run || !run->recorded())
            return {};
        if (hit.worker >= 0) {
            const qint16 worker = qint16(hit.worker);
            const int pool = run->poolOfLane(worker);
            QString text = QStringLiteral("thread %1").arg(run->laneName(worker));
            if (pool >= 0 && size_t(pool) < run->recording.pools.size()) {
                const RecordedPool &p = run->recording.pools[size_t(pool)];
                text += QStringLiteral("\nworker of pool %1 (%2, max_workers=%3)").arg(pool).arg(p.type).arg(p.maxWorkers);
            }
            return text;
        }
        if (hit.threads > 1) {
            QStringList names;
            for (int k = hit.lane; k < hit.lane + hit.threads; ++k)
                names << run->laneName(callerLane(k));
            return QStringLiteral("%1 caller threads, in one lane (more room shows each in its own): %2")
                .arg(hit.threads)
                .arg(names.join(QStringLiteral(", ")));
        }
        if (hit.threads == 1) {
            const size_t k = size_t(hit.lane);
            QString text = QStringLiteral("a caller: thread %1").arg(run->laneName(callerLane(hit.lane)));
            if (k < run->recording.callers.size())
                text += QStringLiteral(" (ident %1)").arg(run->recording.callers[k].ident);
            return text + (k == 0 ? QStringLiteral("\nthe program's main thread") : QString());
        }
        return {};
    }
    case TimelineHit::Axis:
    case TimelineHit::Cursor:
        return formatTimelineTime(hit.time);
    default:
        return {};
    }
}

} // namespace poolscope
