// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QVector>

namespace poolscope {

// The timeline's view state, apart from painting: the trace length, the visible range, whether the
// view follows the live end of a run, and a zoom stack for "back". Setters return early when nothing
// changes and emit one rangeChanged per change. User gestures (zoom, pan) stop following; fitAll() and
// setFollowing(true) start it again. Times are nanoseconds from the start of the run.
class TimelineViewport : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 rangeStart READ rangeStart NOTIFY rangeChanged)
    Q_PROPERTY(qint64 rangeEnd READ rangeEnd NOTIFY rangeChanged)
    Q_PROPERTY(bool following READ following WRITE setFollowing NOTIFY followingChanged)
public:
    static constexpr qint64 MinimumRangeLength = 1000; // 1 µs across the whole width
    static constexpr qint64 MinimumTraceLength = 1000000; // an empty run still shows 1 ms

    explicit TimelineViewport(QObject *parent = nullptr);

    qint64 traceEnd() const { return m_traceEnd; }
    qint64 rangeStart() const { return m_start; }
    qint64 rangeEnd() const { return m_end; }
    qint64 rangeLength() const { return m_end - m_start; }
    bool following() const { return m_following; }
    bool canZoomBack() const { return !m_stack.isEmpty(); }
    // The longest range the view may show: the whole trace and a little air on the right.
    qint64 maximumRangeLength() const;

    // The run grew (live) or a new one was loaded. While following, the range keeps up with it.
    void setTraceEnd(qint64 end);
    // The axis reaches at least this far, whatever this run's length: runs compared on one time axis
    // share the longer one's (0: none). Kept across reset().
    void setTraceFloor(qint64 floor);
    qint64 traceFloor() const { return m_traceFloor; }
    // Shows [start, end], clamped to the trace and to the length limits. Does not change following.
    void setRange(qint64 start, qint64 end);

    // User gestures: they stop following.
    void zoomBy(double factor, qint64 anchor); // factor > 1 zooms in, keeping anchor in place
    void panBy(qint64 delta);
    void zoomTo(qint64 start, qint64 end); // pushes the current range on the zoom stack
    void ensureVisible(qint64 t); // pans (not zooms) so t is inside, with a margin

    void fitAll(); // the whole run; follows it while live
    void zoomBack(); // pops the zoom stack
    void setFollowing(bool following);
    void reset(qint64 traceEnd); // a new run: empty stack, fit all, following

signals:
    void rangeChanged(qint64 start, qint64 end);
    void followingChanged(bool following);
    void traceEndChanged(qint64 end);
    void zoomStackChanged(bool canZoomBack);

private:
    void applyRange(qint64 start, qint64 end);
    void follow();

    qint64 m_traceEnd = MinimumTraceLength;
    qint64 m_traceFloor = 0;
    qint64 m_start = 0;
    qint64 m_end = MinimumTraceLength;
    bool m_following = true;
    bool m_fitting = true; // following shows everything (fit all) rather than a fixed-length window
    QVector<QPair<qint64, qint64>> m_stack;
};

} // namespace poolscope
