// SPDX-License-Identifier: MIT
// The timeline's time axis as pure functions: time to x and back, lanes by y.
#pragma once

#include <QtGlobal>
#include <cmath>

namespace poolscope {

// The timeline's coordinate mapping as pure functions, so it is tested with data and shared by the
// painter, hit testing and the exporters. Times are nanoseconds; x is relative to the left edge of the
// time area (width pixels wide). A degenerate range (end <= start, or width <= 0) maps everything to
// 0. Nothing is clamped: callers clamp where drawing needs it.

inline double timeToX(qint64 t, qint64 rangeStart, qint64 rangeEnd, double width)
{
    if (rangeEnd <= rangeStart || !(width > 0))
        return 0;
    // Subtract in integers first: doubles would lose nanoseconds on long runs.
    return double(t - rangeStart) * width / double(rangeEnd - rangeStart);
}

inline qint64 xToTime(double x, qint64 rangeStart, qint64 rangeEnd, double width)
{
    if (rangeEnd <= rangeStart || !(width > 0) || !std::isfinite(x))
        return 0;
    return rangeStart + qint64(std::llround(x * double(rangeEnd - rangeStart) / width));
}

// Nanoseconds one pixel spans (at least 1).
inline qint64 nsPerPixel(qint64 rangeStart, qint64 rangeEnd, double width)
{
    if (rangeEnd <= rangeStart || !(width > 0))
        return 1;
    return qMax<qint64>(1, qint64(std::ceil(double(rangeEnd - rangeStart) / width)));
}

// Lanes of equal height stacked from top: the lane under y, or -1 above the first lane, below the last
// one, or when there are no lanes.
inline int laneAt(double y, double top, double laneHeight, int laneCount)
{
    if (!(laneHeight > 0) || laneCount <= 0 || !(y >= top))
        return -1;
    const double lane = std::floor((y - top) / laneHeight);
    return lane < double(laneCount) ? int(lane) : -1;
}

inline double laneTop(int lane, double top, double laneHeight)
{
    return top + lane * laneHeight;
}

} // namespace poolscope
