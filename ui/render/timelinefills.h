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
// Over a bar's own fill: the part after a set the task never looked at, struck through ("\\\\" and a line
// along the middle), so it reads without colour and never like the stopped "///" or failed "xxx".
void fillIgnoredRects(QPainter *p, const QVector<QRectF> &rects, qreal dpr);
void fillBlockedRects(QPainter *p, const QVector<QRectF> &rects, qreal dpr, const QPen &outline);

} // namespace poolscope::timeline
