// SPDX-License-Identifier: MIT
// The legend under the timeline: its entries in the model's words, their flow layout and their swatches.
#pragma once

#include <QList>
#include <QRectF>

class QFontMetricsF;
class QPainter;

namespace poolscope {

class ModelWords;

namespace timeline {

// Flow layout of the legend: entries left to right, wrapping. Returns the rows' item rectangles.
QList<QRectF> legendLayout(const QFontMetricsF &fm, double width, const ModelWords &words);

// Every mark the timeline uses, drawn by the same code as the timeline, into the layout's area.
void paintLegend(
    QPainter *p, const QRectF &area, const QFontMetricsF &fm, const ModelWords &words, double markerSize, qreal dpr);

} // namespace timeline
} // namespace poolscope
