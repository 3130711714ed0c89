// SPDX-License-Identifier: MIT
#include "timeline/timelineview.h"

#include "window/rundocument.h"
#include "layout/timecoordinates.h"
#include "render/timelineviewport.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLoggingCategory>
#include <QMouseEvent>
#include <QPainter>
#include <QThread>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

Q_DECLARE_LOGGING_CATEGORY(timelinePaintLog)

namespace poolscope {

namespace {
constexpr double DragThreshold = 4;
constexpr int CursorFlushMs = 30; // the model replays the run up to the cursor: at most ~33 times a second
}

TimelineView::TimelineView(RunDocument *model, TimelineViewport *viewport, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_viewport(viewport)
    , m_renderer(nullptr)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Timeline"));
    updateFont();
    m_cursorTimer.setSingleShot(true);
    m_cursorTimer.setInterval(CursorFlushMs);
    connect(&m_cursorTimer, &QTimer::timeout, this, &TimelineView::flushCursor);
    connect(m_viewport, &TimelineViewport::rangeChanged, this, qOverload<>(&QWidget::update));
    if (m_model) {
        connect(m_model, &RunDocument::runReset, this, &TimelineView::rebuild);
        connect(m_model, &RunDocument::eventsAppended, this, &TimelineView::onEventsAppended);
        connect(m_model, &RunDocument::tasksAdded, this, [this] { update(); });
        connect(m_model, &RunDocument::cursorChanged, this, &TimelineView::onCursorChanged);
        connect(m_model, &RunDocument::nowAdvanced, this, &TimelineView::onNowAdvanced);
        connect(m_model, &RunDocument::liveFinished, this, &TimelineView::onLiveFinished);
    }
    rebuild();
}

TimelineView::~TimelineView() = default;

void TimelineView::updateFont()
{
    m_renderer.setFont(font());
    updateGeometry();
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateFont();
    QWidget::changeEvent(event);
}

const RunHistory &TimelineView::data() const
{
    return m_model->reading().history();
}

void TimelineView::rebuild()
{
    m_renderer.setData(&data());
    m_renderer.invalidate();
    if (m_selected >= int(data().tasks().size()))
        m_selected = -1;
    m_hovered = -1;
    m_recording = m_model && m_model->isLive();
    m_nowNs = m_model ? m_model->endNs() : 0;
    m_viewport->reset(m_nowNs);
    updateGeometry();
    update();
}

void TimelineView::onEventsAppended(int first, int count)
{
    Q_UNUSED(count);
    Q_ASSERT(thread() == QThread::currentThread());
    Q_UNUSED(first);
    m_renderer.invalidate(); // the reading grew (or started over after a late merge)
    m_nowNs = std::max(m_nowNs, m_model->endNs());
    m_viewport->setTraceEnd(m_nowNs);
    update();
}

// The display-rate tick: running bars grow to now and, while following, the axis keeps now in view.
// Nothing was recorded, so the cached geometry is rebuilt only because its "now" changed.
void TimelineView::onNowAdvanced(qint64 ns)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (ns <= m_nowNs)
        return;
    m_nowNs = ns;
    m_viewport->setTraceEnd(ns);
    update();
}

void TimelineView::onLiveFinished()
{
    m_recording = false;
    m_nowNs = m_model->endNs();
    m_viewport->setTraceEnd(m_nowNs);
    update();
}

void TimelineView::onCursorChanged(qint64 ns)
{
    Q_UNUSED(ns);
    update();
}

qint64 TimelineView::cursorNs() const
{
    if (m_pendingCursor != -2)
        return m_pendingCursor;
    return m_model ? m_model->cursorNs() : -1;
}

void TimelineView::setCursorTime(qint64 ns)
{
    if (ns < 0)
        ns = -1;
    m_pendingCursor = ns;
    update();
    if (m_drag == Drag::Cursor) {
        if (!m_cursorTimer.isActive())
            m_cursorTimer.start();
    } else {
        flushCursor();
    }
}

void TimelineView::flushCursor()
{
    if (m_pendingCursor == -2)
        return;
    const qint64 ns = m_pendingCursor;
    m_pendingCursor = -2;
    if (m_model)
        m_model->setCursorNs(ns);
    update();
}

void TimelineView::stepCursor(int direction)
{
    if (!m_model)
        return;
    const auto &events = m_model->run().events;
    if (events.empty())
        return;
    const qint64 cur = cursorNs();
    auto byTime = [](const RecordedEvent &e, qint64 t) { return e.tNs < t; };
    qint64 target;
    if (direction > 0) {
        if (cur < 0)
            return; // already at the live end
        auto it = std::upper_bound(
            events.begin(), events.end(), cur, [](qint64 t, const RecordedEvent &e) { return t < e.tNs; });
        if (it == events.end())
            return;
        target = it->tNs;
    } else {
        const qint64 from = cur < 0 ? events.back().tNs + 1 : cur;
        auto it = std::lower_bound(events.begin(), events.end(), from, byTime);
        if (it == events.begin()) {
            target = 0;
        } else {
            target = std::prev(it)->tNs;
        }
    }
    setCursorTime(target);
    m_viewport->ensureVisible(target);
}

TimelineViewParams TimelineView::params() const
{
    TimelineViewParams p;
    p.rangeStart = m_viewport->rangeStart();
    p.rangeEnd = m_viewport->rangeEnd();
    p.nowNs = m_model ? m_nowNs : -1;
    p.live = m_recording;
    p.cursorNs = cursorNs();
    p.selectedTask = m_selected;
    p.hoveredTask = m_hovered;
    // In the window the panel's tool bar carries the title and the summary. The legend always shows: it
    // lists only what this run draws, so it stays a row or two.
    p.showHeader = false;
    p.showLegend = true;
    p.minimumGutterWidth = m_minimumGutter;
    return p;
}

double TimelineView::naturalGutterWidth() const
{
    TimelineViewParams p = params();
    p.minimumGutterWidth = 0;
    return m_renderer.layout(size(), p).plot.left();
}

void TimelineView::setMinimumGutterWidth(double width)
{
    if (width == m_minimumGutter)
        return;
    m_minimumGutter = width;
    m_renderer.invalidate(); // its cached geometry is keyed on the size, not on where the plot begins
    update();
}

TimelineHit TimelineView::hitAt(const QPointF &pos) const
{
    return m_renderer.hitTest(pos, size(), params());
}

QString TimelineView::toolTipAt(const QPointF &pos) const
{
    return m_renderer.toolTip(hitAt(pos));
}

qint64 TimelineView::timeAt(double x) const
{
    const TimelineLayout l = m_renderer.layout(size(), params());
    return xToTime(x - l.plot.left(), m_viewport->rangeStart(), m_viewport->rangeEnd(), l.plot.width());
}

void TimelineView::setSelectedTask(int task)
{
    if (task < -1)
        task = -1;
    if (task == m_selected)
        return;
    m_selected = task;
    if (task >= 0 && size_t(task) < data().tasks().size()) {
        // Bring it into view if it is outside (a selection in the table should be findable here).
        const TaskStatus &t = data().tasks()[size_t(task)];
        const qint64 at = t.startNs >= 0 ? t.startNs : t.submitNs;
        const qint64 until = t.endNs >= 0 ? t.endNs : at;
        if (at >= 0 && (until < m_viewport->rangeStart() || at > m_viewport->rangeEnd()))
            m_viewport->ensureVisible(at);
    }
    update();
}

void TimelineView::setHovered(int task)
{
    if (task == m_hovered)
        return;
    m_hovered = task;
    emit hoveredTaskChanged(task);
    update();
}

QSize TimelineView::sizeHint() const
{
    TimelineViewParams p;
    p.showHeader = false;
    return QSize(800, int(std::min(420.0, m_renderer.preferredHeight(800, p))));
}

QSize TimelineView::minimumSizeHint() const
{
    TimelineViewParams p;
    p.showHeader = false;
    p.showLegend = false;
    return QSize(320, int(m_renderer.minimumHeight(320, p)));
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    m_frameClock.start();
    QPainter p(this);
    m_renderer.paint(&p, size(), params());
    if (timelinePaintLog().isDebugEnabled()) {
        const auto stats = m_renderer.lastStats();
        qCDebug(timelinePaintLog) << "frame" << m_frameClock.nsecsElapsed() / 1000 << "us"
                                  << (stats.cached ? "cached" : "built") << stats.rects << "rects" << stats.markers
                                  << "markers";
    }
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    m_pressPos = event->position();
    m_pressRangeStart = m_viewport->rangeStart();
    const TimelineHit hit = hitAt(event->position());
    if (hit.kind == TimelineHit::Cursor || hit.kind == TimelineHit::Axis) {
        // Grab the cursor (or put it where the axis was clicked) and drag it.
        m_drag = Drag::Cursor;
        setCursorTime(std::max<qint64>(0, hit.time));
        setCursor(Qt::SizeHorCursor);
        return;
    }
    m_drag = Drag::Pending;
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    switch (m_drag) {
    case Drag::Cursor:
        setCursorTime(std::max<qint64>(0, timeAt(pos.x())));
        return;
    case Drag::Pending:
        if (std::abs(pos.x() - m_pressPos.x()) < DragThreshold && std::abs(pos.y() - m_pressPos.y()) < DragThreshold)
            return;
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
        Q_FALLTHROUGH();
    case Drag::Pan: {
        const TimelineLayout l = m_renderer.layout(size(), params());
        const double nsPerPx = double(m_viewport->rangeLength()) / std::max(1.0, l.plot.width());
        const qint64 wanted = m_pressRangeStart - qint64(std::llround((pos.x() - m_pressPos.x()) * nsPerPx));
        m_viewport->panBy(wanted - m_viewport->rangeStart());
        return;
    }
    case Drag::None:
        break;
    }
    const TimelineHit hit = hitAt(pos);
    const bool onTask
        = hit.kind == TimelineHit::Bar || hit.kind == TimelineHit::QueueSpan || hit.kind == TimelineHit::Latency;
    setHovered(onTask ? int(hit.task) : -1);
    if (hit.kind == TimelineHit::Cursor || hit.kind == TimelineHit::Axis)
        setCursor(Qt::SizeHorCursor);
    else if (onTask || hit.kind == TimelineHit::Merged)
        setCursor(Qt::PointingHandCursor);
    else
        setCursor(Qt::OpenHandCursor);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const Drag drag = m_drag;
    m_drag = Drag::None;
    unsetCursor();
    if (drag == Drag::Cursor) {
        m_cursorTimer.stop();
        flushCursor();
        return;
    }
    if (drag != Drag::Pending)
        return;
    // A click: the time cursor goes there (the views show that moment), and what was hit is selected.
    const TimelineHit hit = hitAt(event->position());
    if (hit.lane >= 0 && hit.kind != TimelineHit::LaneLabel)
        setCursorTime(std::max<qint64>(0, hit.time));
    if (event->modifiers() & Qt::ShiftModifier)
        return;
    switch (hit.kind) {
    case TimelineHit::Bar:
    case TimelineHit::QueueSpan:
    case TimelineHit::Latency:
        setSelectedTask(int(hit.task));
        emit taskClicked(int(hit.task));
        break;
    case TimelineHit::Marker:
        if (hit.task != NoTask && hit.count <= 1) {
            setSelectedTask(int(hit.task));
            emit taskClicked(int(hit.task));
        }
        break;
    case TimelineHit::Merged: {
        const qint64 margin = std::max<qint64>((hit.t1 - hit.t0) / 10, TimelineViewport::MinimumRangeLength);
        m_viewport->zoomTo(hit.t0 - margin, hit.t1 + margin);
        break;
    }
    default:
        if (m_selected >= 0) {
            setSelectedTask(-1);
            emit taskClicked(-1);
        }
        break;
    }
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    const bool pan = (event->modifiers() & Qt::ShiftModifier) || std::abs(delta.x()) > std::abs(delta.y());
    if (pan) {
        const int d = std::abs(delta.x()) > std::abs(delta.y()) ? delta.x() : delta.y();
        m_viewport->panBy(-qint64(double(d) / 120.0 * double(m_viewport->rangeLength()) / 8.0));
    } else if (delta.y() != 0) {
        // Around the pointer: the time under it stays under it.
        m_viewport->zoomBy(std::pow(1.25, delta.y() / 120.0), timeAt(event->position().x()));
    }
    event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const qint64 cursor = cursorNs();
    const qint64 anchor = cursor >= 0 && cursor >= m_viewport->rangeStart() && cursor <= m_viewport->rangeEnd()
        ? cursor
        : (m_viewport->rangeStart() + m_viewport->rangeEnd()) / 2;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right: {
        const int dir = event->key() == Qt::Key_Left ? -1 : 1;
        if (ctrl) {
            m_viewport->panBy(dir * m_viewport->rangeLength() / 4);
        } else if (shift) {
            const qint64 base = cursor >= 0 ? cursor : (m_model ? m_model->endNs() : 0);
            const qint64 t = std::max<qint64>(0, base + dir * std::max<qint64>(1, m_viewport->rangeLength() / 50));
            setCursorTime(t);
            m_viewport->ensureVisible(t);
        } else {
            stepCursor(dir);
        }
        break;
    }
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_Up:
        m_viewport->zoomBy(1.5, anchor);
        break;
    case Qt::Key_Minus:
    case Qt::Key_Down:
        m_viewport->zoomBy(1 / 1.5, anchor);
        break;
    case Qt::Key_F:
    case Qt::Key_0:
        m_viewport->fitAll();
        break;
    case Qt::Key_Backspace:
        m_viewport->zoomBack();
        break;
    case Qt::Key_Home:
        setCursorTime(0);
        m_viewport->ensureVisible(0);
        break;
    case Qt::Key_End:
    case Qt::Key_Escape:
        setCursorTime(-1);
        m_viewport->setFollowing(true);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineView::leaveEvent(QEvent *event)
{
    setHovered(-1);
    QWidget::leaveEvent(event);
}

} // namespace poolscope
