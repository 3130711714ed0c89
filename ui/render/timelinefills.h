// SPDX-License-Identifier: MIT
// Fills of bars, legend swatches and blocked bands: hatch textures on screen and in PNGs, hatch lines in SVGs.
#pragma once

#include "replay/taskstatus.h"

#include <QPen>
#include <QRectF>
#include <QVector>

class QPainter;

namespace poolscope::timeline {

bool isVectorDevice(QPainter *p); // SVG, PDF, QPicture: no texture brushes, no sprites

// Bars (and legend swatches) of a state: a texture on raster devices, lines on vector ones.
void fillStateRects(QPainter *p, const QVector<QRectF> &rects, TaskState state, qreal dpr, const QPen &outline);
void fillBlockedRects(QPainter *p, const QVector<QRectF> &rects, qreal dpr, const QPen &outline);

} // namespace poolscope::timeline
