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

// The legend's font: the lanes' font scaled (smaller, so the legend stays a row or two).
QFont legendFont(const QFont &font, double scale);
// Flow layout of the legend in its font: entries left to right, wrapping. Returns the item rectangles.
QList<QRectF> legendLayout(const QFont &legendFont, double width, const ModelWords &words, quint32 contents);

// Every mark the run's timeline uses, drawn by the same code as the timeline, into the layout's area.
void paintLegend(QPainter *p, const QRectF &area, const QFont &legendFont, const ModelWords &words, quint32 contents,
    double markerSize, qreal dpr);

// The legend's words, in order, for this run (tests, accessibility).
QStringList legendTexts(const ModelWords &words, quint32 contents);

} // namespace timeline
} // namespace poolscope
