// SPDX-License-Identifier: MIT
// Where things sit inside the lanes: drawing, outlines and hit-testing read the same numbers, so they agree.
#pragma once

#include "render/timelinerenderer.h"

#include <QFontMetricsF>
#include <algorithm>
#include <cstddef>

namespace poolscope::timeline {

// A worker's bars leave a little of the lane above and below them, for the lanes to read apart.
inline double barPadding(const TimelineLayout &l)
{
    return std::max(2.0, l.laneHeight * 0.12);
}

inline double barHeight(const TimelineLayout &l)
{
    return std::max(2.0, l.laneHeight - 2 * barPadding(l));
}

// A bar still running reaches the view's "now".
inline qint64 barEnd(const TimelineBar &b, qint64 now)
{
    return b.end < 0 ? std::max(now, b.start) : b.end;
}

// A task that ended without ever looking at the event it was asked to stop by: marked from the set on.
inline qint64 ignoredStopFrom(const TimelineBar &b, const TaskStatus &t)
{
    return (b.flags & BarIgnoredStop) && t.stopSetWhileRunningNs >= b.start ? t.stopSetWhileRunningNs : -1;
}

// A stopped task looked like any other until it was asked to stop (the first set() while it ran, or the
// moment it saw the event): its bar is plain before that and hatched only from then, so the hatch marks
// the time it spent stopping, not its whole run. -1: no such moment.
inline qint64 stopAskedSplit(const TimelineBar &b, const TaskStatus &t)
{
    if (b.state != TaskState::Stopped)
        return -1;
    if (t.stopSetWhileRunningNs >= b.start)
        return t.stopSetWhileRunningNs;
    return t.stopObservedNs >= b.start ? t.stopObservedNs : -1;
}

// A queued task that was cancelled waited like the others until the cancel.
inline TaskState waitStateAt(const TaskStatus &t, qint64 time)
{
    return t.startNs < 0 && t.cancelledAtNs >= 0 && time >= t.cancelledAtNs ? TaskState::Cancelled
                                                                             : TaskState::Pending;
}

// Half a lane, but readable in thin lanes and no taller than the text in thick ones.
inline double markerSize(const TimelineLayout &l, const QFontMetricsF &fm)
{
    return std::clamp(l.laneHeight * 0.5, 8.0, fm.height() * 1.05);
}

// The queue lane's rows of waits side by side, 2 px in from its edges.
inline double queueRowHeight(const TimelineLayout &l, size_t rows)
{
    return (l.queueHeight - 4) / double(std::max<size_t>(1, rows));
}

inline double queueRowTop(const TimelineLayout &l, int row, double rowHeight)
{
    return l.laneTop(l.queueLane()) + 2 + row * rowHeight + 1;
}

} // namespace poolscope::timeline
