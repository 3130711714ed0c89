// SPDX-License-Identifier: MIT
// What the timeline renderer's files share: a margin, the colours several of them draw, the model's words.
#pragma once

#include "replay/runhistory.h"

#include <QColor>

namespace poolscope {

class ModelWords;

namespace timeline {

constexpr double RightMargin = 14; // room right of the plot for the last axis label
constexpr QRgb EdgeColor = 0x1A1A1A;
constexpr QRgb ClearLineColor = 0x4D4D4D;
constexpr QRgb BlockedEdgeColor = 0x8A8F98;

inline int stateIndex(TaskState s)
{
    return int(s);
}

// The order of binary searches over markers, which every list keeps sorted by time.
inline constexpr auto markerBefore = [](const TimelineMarker &m, qint64 t) { return m.t < t; };

// The run's model speaks (cancel(), shutdown(wait=True)); with no run yet, Python's words.
const ModelWords &wordsFor(const RunHistory *data);

} // namespace timeline
} // namespace poolscope
