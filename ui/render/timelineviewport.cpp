// SPDX-License-Identifier: MIT
#include "render/timelineviewport.h"

#include <algorithm>
#include <cmath>

namespace poolscope {

namespace {
constexpr int MaximumStackDepth = 64;
}

TimelineViewport::TimelineViewport(QObject *parent)
    : QObject(parent)
{ }

qint64 TimelineViewport::maximumRangeLength() const
{
    // 2 % of air after the end so the last bar's end marker is not glued to the edge.
    const qint64 end = std::max(m_traceEnd, m_traceFloor);
    return std::max(MinimumTraceLength, end + end / 50);
}

void TimelineViewport::applyRange(qint64 start, qint64 end)
{
    qint64 length = std::clamp(end - start, MinimumRangeLength, maximumRangeLength());
    // Keep the centre when the length had to change.
    if (length != end - start)
        start = start + (end - start) / 2 - length / 2;
    start = std::clamp<qint64>(start, 0, std::max<qint64>(0, maximumRangeLength() - length));
    end = start + length;
    if (start == m_start && end == m_end)
        return;
    m_start = start;
    m_end = end;
    emit rangeChanged(m_start, m_end);
}

void TimelineViewport::follow()
{
    if (m_fitting)
        applyRange(0, maximumRangeLength());
    else
        applyRange(maximumRangeLength() - rangeLength(), maximumRangeLength());
}

void TimelineViewport::setTraceEnd(qint64 end)
{
    end = std::max<qint64>(end, 0);
    if (end == m_traceEnd)
        return;
    m_traceEnd = end;
    emit traceEndChanged(end);
    if (m_following)
        follow();
    else
        applyRange(m_start, m_end); // a shorter trace (a new run) may clamp the range
}

void TimelineViewport::setTraceFloor(qint64 floor)
{
    floor = std::max<qint64>(floor, 0);
    if (floor == m_traceFloor)
        return;
    m_traceFloor = floor;
    emit traceEndChanged(m_traceEnd); // the scroll bar's extent changed with it
    if (m_following)
        follow();
    else
        applyRange(m_start, m_end);
}

void TimelineViewport::setRange(qint64 start, qint64 end)
{
    applyRange(start, end);
}

void TimelineViewport::zoomBy(double factor, qint64 anchor)
{
    if (!(factor > 0) || !std::isfinite(factor) || factor == 1.0)
        return;
    setFollowing(false);
    const double length = double(rangeLength()) / factor;
    const double fraction = rangeLength() > 0 ? double(anchor - m_start) / double(rangeLength()) : 0.5;
    const qint64 newLength = std::clamp<qint64>(qint64(std::llround(length)), MinimumRangeLength, maximumRangeLength());
    const qint64 start = anchor - qint64(std::llround(fraction * double(newLength)));
    applyRange(start, start + newLength);
}

void TimelineViewport::panBy(qint64 delta)
{
    if (delta == 0)
        return;
    setFollowing(false);
    applyRange(m_start + delta, m_end + delta);
}

void TimelineViewport::zoomTo(qint64 start, qint64 end)
{
    if (end < start)
        std::swap(start, end);
    setFollowing(false);
    if (start == m_start && end == m_end)
        return;
    m_stack.append({ m_start, m_end });
    if (m_stack.size() > MaximumStackDepth)
        m_stack.removeFirst();
    emit zoomStackChanged(true);
    applyRange(start, end);
}

void TimelineViewport::ensureVisible(qint64 t)
{
    const qint64 margin = rangeLength() / 20;
    if (t >= m_start + margin && t <= m_end - margin)
        return;
    setFollowing(false);
    const qint64 length = rangeLength();
    if (t < m_start + margin)
        applyRange(t - margin, t - margin + length);
    else
        applyRange(t + margin - length, t + margin);
}

void TimelineViewport::fitAll()
{
    m_fitting = true;
    if (!m_following) {
        m_following = true;
        emit followingChanged(true);
    }
    applyRange(0, maximumRangeLength());
}

void TimelineViewport::zoomBack()
{
    if (m_stack.isEmpty())
        return;
    const auto range = m_stack.takeLast();
    emit zoomStackChanged(!m_stack.isEmpty());
    setFollowing(false);
    applyRange(range.first, range.second);
}

void TimelineViewport::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    if (following) {
        // Following a range shorter than the whole run scrolls with the end; otherwise it fits all.
        m_fitting = rangeLength() >= maximumRangeLength();
        follow();
    }
    emit followingChanged(following);
}

void TimelineViewport::reset(qint64 traceEnd)
{
    if (!m_stack.isEmpty()) {
        m_stack.clear();
        emit zoomStackChanged(false);
    }
    m_traceEnd = std::max<qint64>(traceEnd, 0);
    emit traceEndChanged(m_traceEnd);
    fitAll();
}

} // namespace poolscope
