// SPDX-License-Identifier: MIT
// The timeline widget: the painter on screen, with zoom, pan, the time cursor and hit-testing.
#pragma once

#include "render/timelinerenderer.h"
#include "replay/runhistory.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

namespace poolscope {

class RunDocument;
class TimelineViewport;

// The painted Gantt timeline. Reads the run from the RunDocument (rebuilding on runReset, extending
// on eventsAppended), its range from the TimelineViewport, and paints through TimelineRenderer.
//
// Mouse: wheel zooms around the pointer (Shift+wheel pans), drag pans, drag the time cursor (or click
// anywhere on the lanes or the axis) to replay; a click on a bar also selects its task, on a merged
// block it zooms into it. While live, the display-rate tick (RunDocument::nowAdvanced) moves "now".
// Keys: Left/Right step the cursor to the previous/next event, Shift+Left/Right move it by a fiftieth
// of the view, Ctrl+Left/Right pan, +/- zoom around the cursor, F or 0 fits all, Backspace zooms back,
// Home puts the cursor at the start, End or Escape returns to the live end (and follows it).
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    TimelineView(RunDocument *model, TimelineViewport *viewport, QWidget *parent = nullptr);
    ~TimelineView() override;

    const RunHistory &data() const; // the document's reading: the timeline never reads events itself
    TimelineRenderer &renderer() { return m_renderer; }
    TimelineViewport *viewport() const { return m_viewport; }

    int selectedTask() const { return m_selected; }
    void setSelectedTask(int task); // highlight (and bring into view); -1: none
    qint64 cursorNs() const; // the cursor shown (while dragging, ahead of the model)
    void setCursorTime(qint64 ns); // moves the model's cursor (coalesced while dragging); -1: live
    void stepCursor(int direction); // to the previous (-1) or next (+1) event time

    TimelineViewParams params() const;
    // The lane labels' own width, and a wider one to use: timelines compared line up their time axes.
    double naturalGutterWidth() const;
    void setMinimumGutterWidth(double width);
    TimelineHit hitAt(const QPointF &pos) const;
    QString toolTipAt(const QPointF &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void taskClicked(int task);
    void hoveredTaskChanged(int task);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void onEventsAppended(int first, int count);
    void onCursorChanged(qint64 ns);
    void onNowAdvanced(qint64 ns);
    void onLiveFinished();
    void flushCursor();
    void setHovered(int task);
    qint64 timeAt(double x) const;
    void updateFont();

    RunDocument *m_model;
    TimelineViewport *m_viewport;
    TimelineRenderer m_renderer;
    qint64 m_nowNs = 0; // where open bars end: the display-rate tick's "now" while live
    bool m_recording = false; // a live run still records: the now edge is drawn and moves
    int m_selected = -1;
    int m_hovered = -1;
    double m_minimumGutter = 0;

    enum class Drag
    {
        None,
        Pending,
        Pan,
        Cursor
    };
    Drag m_drag = Drag::None;
    QPointF m_pressPos;
    qint64 m_pressRangeStart = 0;
    qint64 m_pendingCursor = -2; // a cursor move not yet sent to the model (-2: none)
    QTimer m_cursorTimer; // coalesces cursor moves: the model replays events for each
    QElapsedTimer m_frameClock;
};

} // namespace poolscope
