// SPDX-License-Identifier: MIT
// Every colour, glyph and word for a task state: the table, the pool, the legend and the timeline agree.
#pragma once

#include "replay/taskstatus.h"

#include <QColor>
#include <QIcon>
#include <QString>

class QPainter;
class QRectF;

namespace poolscope {

class ModelWords;

// Every colour, glyph and word the window uses for a task state lives here, so the table, the pool
// view, the legend, the status line and the timeline agree. The colours are the Okabe-Ito set (safe
// for the common forms of colour blindness), and no state is told by colour alone: each also has its
// own glyph shape and its own word.
namespace palette {

// The marks drawn beside a state (they are not states of their own). IgnoredStop stays after the task
// ended: it ran on after the event was set and never looked, which nothing else would show.
enum class Mark
{
    CancelRefused,
    StopRequested,
    IgnoredStop
};

QColor stateColor(TaskState state); // strong: glyphs, progress bars, borders
QColor stateTint(TaskState state); // pale: cell backgrounds behind dark text
QColor markColor(Mark mark);
QColor markTint(Mark mark);
QColor lampSetColor();
QColor lampClearColor();
QColor textColor(); // dark text on the pale tints
QColor mutedTextColor();
// Presenter mode: text black and secondary text nearly so, for a washed-out projector.
void setHighContrast(bool on);
bool highContrast();

QString stateText(TaskState state); // "pending", "running", ...
QString stateExplanation(TaskState state, const ModelWords &words); // one sentence for the legend and tooltips
QString markText(Mark mark); // "cancel refused", "stop requested", "ignored the stop"
QString markExplanation(Mark mark, const ModelWords &words);

// Glyphs drawn with QPainter so they are sharp at any size and device pixel ratio:
// pending = clock, running = play triangle, completed = check mark, stopped = filled square,
// cancelled = cross, failed = warning triangle; cancel refused = no-entry sign, stop requested = hollow square,
// ignored stop = hollow square struck through.
void paintStateGlyph(QPainter *painter, const QRectF &rect, TaskState state);
void paintMarkGlyph(QPainter *painter, const QRectF &rect, Mark mark);

QIcon stateIcon(TaskState state);
QIcon markIcon(Mark mark);

} // namespace palette
} // namespace poolscope
