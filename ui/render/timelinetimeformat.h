// SPDX-License-Identifier: MIT
// How times read on the timeline: the axis's steps and labels (exact times and durations are in timelinerenderer.h).
#pragma once

#include <QString>

namespace poolscope::timeline {

qint64 niceStep(double raw); // 1, 2 or 5 × 10^n, at least raw: ticks on round numbers
QString axisLabel(qint64 t, qint64 step, qint64 rangeEnd);

} // namespace poolscope::timeline
