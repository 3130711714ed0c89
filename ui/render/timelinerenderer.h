// SPDX-License-Identifier: MIT
// The timeline painter: lanes of workers, the queue and the caller, on any QPainter.
#pragma once

#include "replay/runhistory.h"

#include <QFont>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <memory>

class QPainter;

namespace poolscope {

namespace timeline {
struct Geometry; // what is drawn, cached (timelinegeometry.h)
}

// Where things are, for a given size. Lanes, top to bottom: the caller, the queue, then one per worker.
struct TimelineLayout
{
    static constexpr int CallerLane = 0;
    static constexpr int QueueLane = 1;
    static constexpr int FirstWorkerLane = 2;

    QRectF header; // title and the stop-latency summary
    QRectF axis; // time ruler
    QRectF plot; // the time area of the lanes (x = time, excluding the lane labels on the left)
    QRectF gutter; // lane labels
    QRectF legend;
    double legendScale = 0.88; // its font, relative to the lanes' (smaller still when room is short)
    double laneHeight = 0; // the caller's and every worker's
    double queueHeight = 0; // the queue lane grows with the waits it shows side by side
    int laneCount = 0;

    double laneTop(int lane) const
    {
        if (lane <= CallerLane)
            return plot.top();
        if (lane == QueueLane)
            return plot.top() + laneHeight;
        return plot.top() + laneHeight + queueHeight + (lane - FirstWorkerLane) * laneHeight;
    }
    double heightOf(int lane) const { return lane == QueueLane ? queueHeight : laneHeight; }
    int laneAt(double y) const; // -1 outside the lanes
    static int laneForWorker(int worker) { return FirstWorkerLane + worker; }
};

// What to show, besides the data: the range, the moment live bars run to, and the decorations.
struct TimelineViewParams
{
    qint64 rangeStart = 0;
    qint64 rangeEnd = 1;
    qint64 nowNs = -1; // open bars end here (live); < 0: the latest event
    bool live = false; // the run is still recording: a "now" edge is drawn at nowNs
    qint64 cursorNs = -1; // < 0: no time cursor
    int selectedTask = -1;
    int hoveredTask = -1;
    bool showHeader = true;
    bool showLegend = true;
    double minimumGutterWidth = 0; // lane labels at least this wide: timelines compared share one left edge
};

struct TimelineHit
{
    enum Kind
    {
        None,
        Bar,
        QueueSpan,
        QueueDepth,
        Marker,
        Merged,
        Latency,
        Blocked,
        Axis,
        Cursor,
        LaneLabel
    };
    Kind kind = None;
    int lane = -1;
    quint32 task = NoTask;
    qint64 time = 0; // the time under the point
    qint64 t0 = 0, t1 = 0; // the item's (or the merged block's) extent
    int count = 0; // merged items, queue depth, markers in one pixel
    MarkerKind marker = MarkerKind::Submit;
    // Bar and QueueSpan: how the task is drawn at `time` (a stopped task runs until it saw the stop, a
    // cancelled wait is pending until its cancel), and whether that is the part after a set it ignored.
    TaskState drawnAs = TaskState::Pending;
    bool ignoredStop = false;
};

// A marker as placed on screen (tests, accessibility): at its time, stacked when simultaneous.
struct TimelinePlacedMarker
{
    MarkerKind kind = MarkerKind::Submit;
    QPointF pos;
    double size = 0;
    int count = 1;
    quint32 task = NoTask;
};

// Paints the timeline of a RunHistory onto any QPainter (a widget, a QImage, an SVG generator),
// with geometry cached for the last (range, size, data revision): hover, selection and cursor moves
// repaint from the cache. Only the visible range is visited (binary search per lane) and items
// narrower than a pixel are merged, the widest one giving the colour, so a frame costs about
// O(width x lanes), whatever the number of events.
class TimelineRenderer
{
public:
    explicit TimelineRenderer(const RunHistory *data = nullptr);
    ~TimelineRenderer();

    void setData(const RunHistory *data);
    const RunHistory *data() const { return m_data; }
    void setFont(const QFont &font);
    QFont font() const { return m_font; }
    void invalidate(); // forget cached geometry (the data changed in place without a new revision)

    TimelineLayout layout(const QSizeF &size, const TimelineViewParams &params) const;
    // A height that gives every lane a comfortable size at this width (exports, size hints).
    double preferredHeight(double width, const TimelineViewParams &params) const;
    double minimumHeight(double width, const TimelineViewParams &params) const;

    void paint(QPainter *painter, const QSizeF &size, const TimelineViewParams &params);

    TimelineHit hitTest(const QPointF &pos, const QSizeF &size, const TimelineViewParams &params) const;
    QString toolTip(const TimelineHit &hit) const; // exact times, plain text
    // The on-screen rectangle of a task's run (or its wait in the queue if it never ran); null if none.
    QRectF taskRect(quint32 task, const QSizeF &size, const TimelineViewParams &params) const;

    QString summaryText() const; // the stop-latency summary in full, or empty
    // The same, from the fullest to the shortest wording: a view shows the longest that fits, whole.
    QStringList summaryTexts() const;
    // Every marker drawn for this size and range (built or read from the cache).
    QVector<TimelinePlacedMarker> placedMarkers(const QSizeF &size, const TimelineViewParams &params);
    quint32 legendContents() const; // which legend entries this run needs (timelinelegend.h)
    QString laneName(int lane) const;

    struct Stats
    {
        int rects = 0, markers = 0, lines = 0, labels = 0;
        bool cached = false;
    };
    Stats lastStats() const { return m_stats; }

private:
    const timeline::Geometry &ensureGeometry(const QSizeF &size, const TimelineViewParams &params);
    void buildGeometry(timeline::Geometry &g, const TimelineViewParams &params) const;
    qint64 nowFor(const TimelineViewParams &params) const;
    bool queueShowsDepth(const TimelineViewParams &params, double width) const;
    double queueLaneWeight() const;
    int maxQueueDepth() const;

    const RunHistory *m_data = nullptr;
    QFont m_font;
    std::unique_ptr<timeline::Geometry> m_geometry;
    Stats m_stats;
    mutable quint64 m_legendRevision = ~quint64(0);
    mutable quint32 m_legend = 0;
    mutable quint64 m_depthRevision = ~quint64(0);
    mutable int m_maxDepth = 0;
};

QString formatTimelineTime(qint64 ns); // "1.234567 s": exact to the microsecond
QString formatTimelineDuration(qint64 ns); // "834.0 ms", "12.5 µs", "2.35 s"

} // namespace poolscope
