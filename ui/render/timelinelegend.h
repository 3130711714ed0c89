// SPDX-License-Identifier: MIT
// The legend under the timeline: its entries in the model's words, their flow layout and their swatches.
#pragma once

#include <QList>
#include <QStringList>
#include <QRectF>

class QFont;
class QPainter;

namespace poolscope {

class ModelWords;
class RunHistory;

namespace timeline {

// The one list of what the timeline draws and the legend explains. A run's legend shows only the entries
// it needs (a bit each), so it stays short enough to be always visible.
quint32 legendContents(const RunHistory *data);

// Flow layout of the legend: entries left to right, wrapping, in a slightly smaller font than the lanes
// (legendFont) so it stays a row or two. Returns the rows' item rectangles.
QFont legendFont(const QFont &font);
QList<QRectF> legendLayout(const QFont &font, double width, const ModelWords &words, quint32 contents);

// Every mark the run's timeline uses, drawn by the same code as the timeline, into the layout's area.
void paintLegend(QPainter *p, const QRectF &area, const QFont &font, const ModelWords &words, quint32 contents,
    double markerSize, qreal dpr);

// The legend's words, in order, for this run (tests, accessibility).
QStringList legendTexts(const ModelWords &words, quint32 contents);

} // namespace timeline
} // namespace poolscope
