// SPDX-License-Identifier: MIT
#include "compare/sharedtimeaxis.h"

#include "render/timelineviewport.h"
#include "timeline/timelineview.h"
#include "window/rundocument.h"

#include <QScopedValueRollback>
#include <algorithm>

namespace poolscope {

SharedTimeAxis::SharedTimeAxis(QObject *parent)
    : QObject(parent)
{ }

void SharedTimeAxis::add(TimelineView *view, RunDocument *document)
{
    const Member member { view, document };
    m_members.append(member);
    TimelineViewport *viewport = view->viewport();
    connect(viewport, &TimelineViewport::rangeChanged, this, [this, member] { shareRange(member); });
    connect(viewport, &TimelineViewport::followingChanged, this,
        [this, member](bool following) { shareFollowing(member, following); });
    connect(viewport, &TimelineViewport::traceEndChanged, this, &SharedTimeAxis::shareTraceEnd);
    connect(document, &RunDocument::cursorChanged, this, [this, member](qint64 ns) { shareCursor(member, ns); });
    // The lane labels' width changes with the lanes: a new run, its pool's workers, a deeper queue.
    connect(document, &RunDocument::runReset, this, &SharedTimeAxis::shareGutter);
    connect(document, &RunDocument::eventsAppended, this, &SharedTimeAxis::shareGutter);
    shareTraceEnd();
    shareGutter();
    // The newcomer takes the axis the others already show.
    if (m_members.size() > 1) {
        const Member &first = m_members.first();
        shareFollowing(first, first.view->viewport()->following());
        shareRange(first);
        shareCursor(first, first.document->cursorNs());
    }
}

template<typename Apply>
void SharedTimeAxis::toOthers(const Member &from, Apply apply)
{
    if (m_sharing)
        return;
    QScopedValueRollback<bool> guard(m_sharing, true);
    for (const Member &m : std::as_const(m_members)) {
        if (m.view != from.view)
            apply(m);
    }
}

void SharedTimeAxis::shareRange(const Member &from)
{
    const TimelineViewport *source = from.view->viewport();
    toOthers(from, [source](const Member &m) { m.view->viewport()->setRange(source->rangeStart(), source->rangeEnd()); });
}

void SharedTimeAxis::shareFollowing(const Member &from, bool following)
{
    toOthers(from, [following](const Member &m) { m.view->viewport()->setFollowing(following); });
}

void SharedTimeAxis::shareTraceEnd()
{
    // Not guarded: a floor set here emits traceEndChanged again, which finds the same floor and stops.
    qint64 longest = 0;
    for (const Member &m : std::as_const(m_members))
        longest = std::max(longest, m.view->viewport()->traceEnd());
    for (const Member &m : std::as_const(m_members))
        m.view->viewport()->setTraceFloor(longest);
}

void SharedTimeAxis::shareCursor(const Member &from, qint64 ns)
{
    toOthers(from, [ns](const Member &m) { m.document->setCursorNs(ns); });
}

void SharedTimeAxis::shareGutter()
{
    double widest = 0;
    for (const Member &m : std::as_const(m_members))
        widest = std::max(widest, m.view->naturalGutterWidth());
    for (const Member &m : std::as_const(m_members))
        m.view->setMinimumGutterWidth(widest);
}

} // namespace poolscope
