// SPDX-License-Identifier: MIT
// Paints a built Geometry, then what no cache holds: hover, selection, the time cursor, the header and the legend.
#pragma once

#include "render/timelinegeometry.h"

namespace poolscope::timeline {

// The renderer gives its font, its data (the legend's words) and the rectangles of the hovered and selected tasks.
void paintTimeline(QPainter *p, const Geometry &g, const TimelineRenderer &renderer, const QSizeF &size,
    const TimelineViewParams &params);

} // namespace poolscope::timeline
