// SPDX-License-Identifier: MIT
// The timeline's markers: their words, their shapes, and the sprites that stamp them on raster devices.
#pragma once

#include "replay/runhistory.h"

#include <QPointF>
#include <QString>

class QPainter;
class QPixmap;

namespace poolscope {

class ModelWords;

namespace timeline {

QString markerText(MarkerKind kind, const ModelWords &w);

// Every marker has its own shape (colour only repeats it): no-entry sign = cancel refused, cross in a
// disc = cancelled, filled/hollow square = stop set/clear, triangle = the task saw the stop,
// pentagon = shutdown, small down-triangle = submit, end stop = dropped from the queue.
void drawMarker(QPainter *p, MarkerKind kind, const QPointF &c, double size);

// A marker drawn once into a pixmap (with a pixel of margin for antialiasing), stamped many times.
const QPixmap &markerSprite(MarkerKind kind, double size, qreal dpr);

} // namespace timeline
} // namespace poolscope
