// SPDX-License-Identifier: MIT
// The timeline widget: viewport (zoom, pan, follow), hit testing, selection sync, the time cursor,
// live updates and the picture exports. Offscreen, fixed font, real RunDocument.
#include "runner/scenariorun.h"
#include "replay/summary.h"
#include "window/rundocument.h"
#include "fakeruns.h"
#include "layout/timecoordinates.h"
#include "replay/runhistory.h"
#include "render/pictures.h"
#include "timeline/timelinepanel.h"
#include "render/timelinerenderer.h"
#include "replay/runreading.h"
#include "runner/runner.h"
#include "timeline/timelineview.h"
#include "render/timelineviewport.h"

#include "clock/runclock.h"
#include "render/timelinelegend.h"
#include "render/timelinerenderer_p.h"

#include <QApplication>
#include <QLabel>
#include <QScopeGuard>
#include <QSet>
#include <QPushButton>
#include <QVBoxLayout>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

using namespace poolscope;

namespace {

Run lessonSession()
{
    synth::Options o;
    o.tasks = 6;
    o.workers = 2;
    o.steps = 4;
    o.stepNs = 100'000'000;
    o.cancelEvery = 3; // t3: refused (it runs at once? no: queued) -- see the hit tests
    o.stopAtNs = 450'000'000;
    return synth::make(o);
}

struct Fixture
{
    RunDocument model;
    TimelinePanel panel { &model };
    TimelineView *view = panel.view();
    TimelineViewport *viewport = panel.viewport();

    explicit Fixture(Run s)
    {
        QFont f = QApplication::font();
        f.setPixelSize(13);
        panel.setFont(f);
        panel.resize(1000, 420);
        panel.show();
        model.setRun(std::move(s));
        QCoreApplication::processEvents();
    }
    TimelineLayout layout() const { return view->renderer().layout(view->size(), view->params()); }
    double xOf(qint64 t) const
    {
        const TimelineLayout l = layout();
        return l.plot.left() + timeToX(t, viewport->rangeStart(), viewport->rangeEnd(), l.plot.width());
    }
    QPoint center(quint32 task) const
    {
        return view->renderer().taskRect(task, view->size(), view->params()).center().toPoint();
    }
};

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    void viewportSignalsOnlyOnChange();
    void viewportZoomKeepsAnchor_data();
    void viewportZoomKeepsAnchor();
    void viewportPanClampsAndStopsFollowing();
    void viewportFollowsLiveEnd();
    void viewportZoomStack();

    void hitTesting();
    void hitTestingMergedBlock();
    void hitTestingQueueDepth();
    void latenciesAgreeWithReport();

    void clickBarSelectsTask();
    void selectTaskHighlightsWithoutEcho();
    void cursorDragMovesModelCursor();
    void cursorKeysStepThroughEvents();
    void wheelZoomsAroundPointer();
    void dragPans();
    void liveRunFollowsUnlessUserZoomed();

    void exportPictures();

    // Issue 8: the lesson readable from the timeline.
    void ignoredStopSegment_data();
    void ignoredStopSegment();
    void cancelledWaitIsPendingBeforeItsCancel();
    void simultaneousMarkersShareX();
    void keysWorkRightAfterOpening();
    void clickMovesCursor();
    void liveAxisGrowsBetweenTicks();
    void summaryNeverCut();
    void recordedPoolsNameTheirLanes_data();
    void recordedPoolsNameTheirLanes();
    void recordedCallersHaveALaneEach_data();
    void recordedCallersHaveALaneEach();
    void manyCallersFoldIntoTheLastLane();
};

void TestTimelineView::initTestCase()
{
    QFont f = QApplication::font();
    f.setPixelSize(13);
    QApplication::setFont(f);
}

void TestTimelineView::viewportSignalsOnlyOnChange()
{
    TimelineViewport v;
    v.reset(10'000'000'000);
    QSignalSpy range(&v, &TimelineViewport::rangeChanged);
    QSignalSpy following(&v, &TimelineViewport::followingChanged);
    v.setRange(v.rangeStart(), v.rangeEnd());
    v.fitAll();
    v.setFollowing(true);
    v.panBy(0);
    v.zoomBy(1.0, 5);
    QCOMPARE(range.count(), 0);
    QCOMPARE(following.count(), 0);
    v.setRange(1'000'000'000, 2'000'000'000);
    QCOMPARE(range.count(), 1);
    QCOMPARE(range.at(0).at(0).toLongLong(), 1'000'000'000);
    QCOMPARE(range.at(0).at(1).toLongLong(), 2'000'000'000);
    v.setRange(1'000'000'000, 2'000'000'000);
    QCOMPARE(range.count(), 1);
    // Never shorter than the minimum, never longer than the trace allows.
    v.setRange(5, 6);
    QCOMPARE(v.rangeLength(), TimelineViewport::MinimumRangeLength);
    v.setRange(0, 1'000'000'000'000);
    QCOMPARE(v.rangeLength(), v.maximumRangeLength());
}

void TestTimelineView::viewportZoomKeepsAnchor_data()
{
    QTest::addColumn<double>("factor");
    QTest::addColumn<qint64>("anchor");
    QTest::newRow("in at the middle") << 2.0 << qint64(5'000'000'000);
    QTest::newRow("in near the start") << 4.0 << qint64(100'000'000);
    QTest::newRow("in near the end") << 3.0 << qint64(9'900'000'000);
    QTest::newRow("deep") << 1e6 << qint64(1'234'567'890);
}

void TestTimelineView::viewportZoomKeepsAnchor()
{
    QFETCH(double, factor);
    QFETCH(qint64, anchor);
    TimelineViewport v;
    v.reset(10'000'000'000);
    const double before = double(anchor - v.rangeStart()) / double(v.rangeLength());
    QSignalSpy range(&v, &TimelineViewport::rangeChanged);
    v.zoomBy(factor, anchor);
    QCOMPARE(range.count(), 1);
    QVERIFY(!v.following());
    const double after = double(anchor - v.rangeStart()) / double(v.rangeLength());
    QVERIFY2(std::abs(after - before) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(before).arg(after)));
    QVERIFY(v.rangeLength() >= TimelineViewport::MinimumRangeLength);
    // and back out: at most the whole trace
    v.zoomBy(1 / (factor * 100), anchor);
    QCOMPARE(v.rangeStart(), 0);
    QCOMPARE(v.rangeLength(), v.maximumRangeLength());
}

void TestTimelineView::viewportPanClampsAndStopsFollowing()
{
    TimelineViewport v;
    v.reset(10'000'000'000);
    v.zoomBy(10, 5'000'000'000);
    const qint64 length = v.rangeLength();
    v.panBy(-100'000'000'000);
    QCOMPARE(v.rangeStart(), 0);
    QCOMPARE(v.rangeLength(), length);
    v.panBy(100'000'000'000);
    QCOMPARE(v.rangeEnd(), v.maximumRangeLength());
    QCOMPARE(v.rangeLength(), length);
    QVERIFY(!v.following());
}

void TestTimelineView::viewportFollowsLiveEnd()
{
    TimelineViewport v;
    v.reset(1'000'000'000);
    QVERIFY(v.following());
    v.setTraceEnd(2'000'000'000);
    QCOMPARE(v.rangeStart(), 0); // fit all keeps growing
    QCOMPARE(v.rangeEnd(), v.maximumRangeLength());
    // A user zoom stops following: the range stays put as the run grows.
    v.zoomBy(4, 1'000'000'000);
    const qint64 s = v.rangeStart(), e = v.rangeEnd();
    v.setTraceEnd(3'000'000'000);
    QCOMPARE(v.rangeStart(), s);
    QCOMPARE(v.rangeEnd(), e);
    // Following again with a zoomed range scrolls with the end, keeping the length.
    QSignalSpy following(&v, &TimelineViewport::followingChanged);
    v.setFollowing(true);
    QCOMPARE(following.count(), 1);
    QCOMPARE(v.rangeEnd(), v.maximumRangeLength());
    QCOMPARE(v.rangeLength(), e - s);
    v.setTraceEnd(4'000'000'000);
    QCOMPARE(v.rangeEnd(), v.maximumRangeLength());
    QCOMPARE(v.rangeLength(), e - s);
}

void TestTimelineView::viewportZoomStack()
{
    TimelineViewport v;
    v.reset(10'000'000'000);
    QSignalSpy stack(&v, &TimelineViewport::zoomStackChanged);
    QVERIFY(!v.canZoomBack());
    v.zoomTo(1'000'000'000, 2'000'000'000);
    v.zoomTo(1'500'000'000, 1'600'000'000);
    QVERIFY(v.canZoomBack());
    v.zoomBack();
    QCOMPARE(v.rangeStart(), 1'000'000'000);
    QCOMPARE(v.rangeEnd(), 2'000'000'000);
    v.zoomBack();
    QCOMPARE(v.rangeStart(), 0);
    QVERIFY(!v.canZoomBack());
    QCOMPARE(stack.count(), 4); // true, true, true, false
    QCOMPARE(stack.last().at(0).toBool(), false);
}

void TestTimelineView::hitTesting()
{
    const Run s = lessonSession();
    RunReading reading;
    reading.reset(&s);
    const RunHistory &data = reading.history();
    TimelineRenderer r(&data);
    QFont f;
    f.setPixelSize(13);
    r.setFont(f);
    TimelineViewport v;
    v.reset(s.events.back().tNs);
    TimelineViewParams p;
    p.rangeStart = v.rangeStart();
    p.rangeEnd = v.rangeEnd();
    const QSizeF size(1000, 400);
    const TimelineLayout l = r.layout(size, p);
    QCOMPARE(l.laneCount, 2 + s.info.workers);
    auto xOf = [&](qint64 t) { return l.plot.left() + timeToX(t, p.rangeStart, p.rangeEnd, l.plot.width()); };

    // Every run is hit at its middle, on its worker's lane.
    const std::vector<TaskSummary> sum = summarize(s);
    for (quint32 i = 0; i < sum.size(); ++i) {
        if (sum[i].startNs < 0)
            continue;
        const TaskStatus &t = data.tasks()[i];
        const double x = xOf((sum[i].startNs + sum[i].endNs) / 2);
        const double y = l.laneTop(l.laneForWorker(t.worker)) + l.laneHeight * 0.4;
        const TimelineHit hit = r.hitTest(QPointF(x, y), size, p);
        QCOMPARE(hit.kind, TimelineHit::Bar);
        QCOMPARE(hit.task, i);
        QCOMPARE(hit.t0, sum[i].startNs);
        QCOMPARE(hit.t1, sum[i].endNs);
        QVERIFY(r.toolTip(hit).contains(s.taskId(quint32(i))));
        QVERIFY(r.toolTip(hit).contains(formatTimelineTime(sum[i].startNs)));
        // taskRect agrees with the hit test
        QVERIFY(r.taskRect(i, size, p).contains(QPointF(x, y)));
    }
    // A cancelled task is found in the queue lane, where it waited.
    for (quint32 i = 0; i < sum.size(); ++i) {
        if (sum[i].outcome != Outcome::Cancelled)
            continue;
        const QRectF rect = r.taskRect(i, size, p);
        QVERIFY(!rect.isNull());
        const TimelineHit hit = r.hitTest(rect.center(), size, p);
        QCOMPARE(hit.lane, l.queueLane());
        QCOMPARE(hit.kind, TimelineHit::QueueSpan);
        QCOMPARE(hit.task, i);
    }
    // The stop line, in a lane where no bar is at that moment (bars come first), at the moment it was set.
    {
        const TimelineHit hit = r.hitTest(QPointF(xOf(450'000'000), l.laneTop(l.queueLane()) + 2), size, p);
        QCOMPARE(hit.kind, TimelineHit::Marker);
        QCOMPARE(hit.marker, MarkerKind::StopSet);
        QVERIFY(r.toolTip(hit).contains(QStringLiteral("0.450000 s")));
    }
    // The caller lane: the stop marker there too.
    {
        const TimelineHit hit = r.hitTest(QPointF(xOf(450'000'000), l.laneTop(0) + l.laneHeight * 0.4), size, p);
        QCOMPARE(hit.kind, TimelineHit::Marker);
        QCOMPARE(hit.marker, MarkerKind::StopSet);
    }
    // Outside everything.
    QCOMPARE(r.hitTest(QPointF(500, -5), size, p).kind, TimelineHit::None); // negative y
    QCOMPARE(r.hitTest(QPointF(500, l.plot.bottom() + 1), size, p).kind, TimelineHit::None); // beyond the last lane
    QCOMPARE(r.hitTest(QPointF(5, l.laneTop(2) + 3), size, p).kind, TimelineHit::LaneLabel);
    QCOMPARE(r.hitTest(QPointF(500, l.axis.center().y()), size, p).kind, TimelineHit::Axis);
    // An empty range hits nothing (and does not divide by zero).
    TimelineViewParams empty = p;
    empty.rangeEnd = empty.rangeStart;
    QCOMPARE(r.hitTest(QPointF(500, l.laneTop(2) + 3), size, empty).kind, TimelineHit::None);
}

void TestTimelineView::hitTestingMergedBlock()
{
    synth::Options o = synth::millionEvents();
    o.tasks = 20000;
    const Run s = synth::make(o);
    RunReading reading;
    reading.reset(&s);
    const RunHistory &data = reading.history();
    TimelineRenderer r(&data);
    TimelineViewport v;
    v.reset(s.events.back().tNs);
    TimelineViewParams p;
    p.rangeStart = v.rangeStart();
    p.rangeEnd = v.rangeEnd();
    const QSizeF size(800, 500);
    const TimelineLayout l = r.layout(size, p);
    // Submissions run for 17.6 s (then a stop at 60 s): look where the pool is busy.
    const double busyX = l.plot.left() + timeToX(8'000'000'000, p.rangeStart, p.rangeEnd, l.plot.width());
    const TimelineHit hit = r.hitTest(QPointF(busyX, l.laneTop(l.laneForWorker(0)) + l.laneHeight / 2), size, p);
    QCOMPARE(hit.kind, TimelineHit::Merged);
    QVERIFY(hit.count > 1);
    QVERIFY(hit.t1 > hit.t0);
    QVERIFY(r.toolTip(hit).contains(QStringLiteral("click to zoom in")));
}

void TestTimelineView::hitTestingQueueDepth()
{
    // Submitted faster than two workers run them: the queue grows past what rows can show.
    synth::Options o;
    o.tasks = 200;
    o.workers = 2;
    o.submitGapNs = 10'000'000;
    const Run s = synth::make(o);
    RunReading reading;
    reading.reset(&s);
    const RunHistory &data = reading.history();
    QVERIFY(data.queueOverflow());
    TimelineRenderer r(&data);
    TimelineViewport v;
    v.reset(s.events.back().tNs);
    TimelineViewParams p;
    p.rangeStart = v.rangeStart();
    p.rangeEnd = v.rangeEnd();
    const QSizeF size(800, 300);
    const TimelineLayout l = r.layout(size, p);
    const TimelineHit q
        = r.hitTest(QPointF(l.plot.center().x(), l.laneTop(l.queueLane()) + l.queueHeight / 2), size, p);
    QCOMPARE(q.kind, TimelineHit::QueueDepth);
    QVERIFY(q.count > 8);
    QCOMPARE(q.count, data.queueDepthAt(q.time));
    QVERIFY(r.toolTip(q).contains(QStringLiteral("%1 tasks waiting").arg(q.count)));
}

void TestTimelineView::latenciesAgreeWithReport()
{
    QList<Run> sessions;
    synth::Options o;
    o.tasks = 30;
    o.workers = 4;
    o.jitter = true;
    o.stopAtNs = 350'000'000;
    sessions << synth::make(o);
    for (const QString &name :
        { QStringLiteral("cancel-then-stop"), QStringLiteral("stop-then-clear"), QStringLiteral("event-wait") }) {
        const ScenarioParseResult parsed = loadBuiltinScenario(name);
        if (parsed.scenario)
            sessions << runScenario(*parsed.scenario, 0.02);
    }
    for (const Run &s : sessions) {
        RunReading reading;
        reading.reset(&s);
        const RunHistory &data = reading.history();
        const std::vector<TaskSummary> sum = summarize(s);
        std::vector<qint64> latencies;
        for (size_t i = 0; i < sum.size(); ++i) {
            QCOMPARE(data.tasks()[i].stopLatencyNs, sum[i].stopLatencyNs);
            if (sum[i].stopLatencyNs >= 0)
                latencies.push_back(sum[i].stopLatencyNs);
        }
        const LatencySummary ls = data.latencySummary();
        QCOMPARE(ls.count, int(latencies.size()));
        if (!latencies.empty()) {
            std::sort(latencies.begin(), latencies.end());
            QCOMPARE(ls.maxNs, latencies.back());
            const size_t n = latencies.size();
            const qint64 median
                = n % 2 ? latencies[n / 2] : latencies[n / 2 - 1] + (latencies[n / 2] - latencies[n / 2 - 1]) / 2;
            QCOMPARE(ls.medianNs, median);
        }
    }
}

void TestTimelineView::clickBarSelectsTask()
{
    Fixture f(lessonSession());
    QSignalSpy clicked(&f.panel, &TimelinePanel::taskClicked);
    const QPoint at = f.center(1);
    QTest::mouseClick(f.view, Qt::LeftButton, {}, at);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), 1);
    QCOMPARE(f.panel.selectedTask(), 1);
    // Clicking empty space clears the selection and says so.
    const TimelineLayout l = f.layout();
    QTest::mouseClick(f.view, Qt::LeftButton, {}, QPoint(int(l.plot.right()) - 2, int(l.plot.bottom()) - 2));
    QCOMPARE(clicked.count(), 2);
    QCOMPARE(clicked.at(1).at(0).toInt(), -1);
    QCOMPARE(f.panel.selectedTask(), -1);
}

void TestTimelineView::selectTaskHighlightsWithoutEcho()
{
    Fixture f(lessonSession());
    QSignalSpy clicked(&f.panel, &TimelinePanel::taskClicked);
    f.panel.selectTask(3);
    QCOMPARE(f.panel.selectedTask(), 3);
    QCOMPARE(f.view->params().selectedTask, 3);
    f.panel.selectTask(-1);
    QCOMPARE(f.panel.selectedTask(), -1);
    QCOMPARE(clicked.count(), 0); // a selection from the table is not echoed back
    // A selected task outside the view is brought into it.
    f.viewport->zoomTo(0, 50'000'000);
    const TaskStatus &t = f.view->data().tasks()[4]; // runs from 200 ms
    QVERIFY(t.startNs > f.viewport->rangeEnd());
    f.panel.selectTask(4);
    QVERIFY(f.viewport->rangeStart() <= t.startNs && f.viewport->rangeEnd() >= t.startNs);
}

void TestTimelineView::cursorDragMovesModelCursor()
{
    Fixture f(lessonSession());
    QSignalSpy cursor(&f.model, &RunDocument::cursorChanged);
    const TimelineLayout l = f.layout();
    const int y = int(l.axis.center().y());
    const int x0 = int(f.xOf(150'000'000));
    QTest::mousePress(f.view, Qt::LeftButton, {}, QPoint(x0, y));
    QVERIFY(!cursor.isEmpty() || cursor.wait(1000));
    const qint64 at = f.model.cursorNs();
    QVERIFY(std::abs(at - 150'000'000) <= nsPerPixel(f.viewport->rangeStart(), f.viewport->rangeEnd(), l.plot.width()));
    // t1 is running then, 1 step done.
    QCOMPARE(f.model.state().task(0).state, TaskState::Running);
    QCOMPARE(f.model.state().task(0).stepsDone, 1);
    // Drag to later: the model follows (coalesced), and settles on release.
    const int x1 = int(f.xOf(460'000'000));
    QMouseEvent move(QEvent::MouseMove, QPointF(x1, y), f.view->mapToGlobal(QPointF(x1, y)), Qt::NoButton,
        Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(f.view, &move);
    QTest::mouseRelease(f.view, Qt::LeftButton, {}, QPoint(x1, y));
    QVERIFY(std::abs(f.model.cursorNs() - 460'000'000)
        <= nsPerPixel(f.viewport->rangeStart(), f.viewport->rangeEnd(), l.plot.width()));
    QVERIFY(f.model.state().stopSet());
}

void TestTimelineView::cursorKeysStepThroughEvents()
{
    const Run s = lessonSession();
    Fixture f(s);
    f.view->setFocus();
    QTest::keyClick(f.view, Qt::Key_Home);
    QCOMPARE(f.model.cursorNs(), 0);
    // Right: the next distinct event time, then the one after.
    std::vector<qint64> times;
    for (const RecordedEvent &e : s.events) {
        if (e.tNs > 0 && (times.empty() || times.back() != e.tNs))
            times.push_back(e.tNs);
    }
    for (int i = 0; i < 5; ++i) {
        QTest::keyClick(f.view, Qt::Key_Right);
        QCOMPARE(f.model.cursorNs(), times[size_t(i)]);
    }
    QTest::keyClick(f.view, Qt::Key_Left);
    QCOMPARE(f.model.cursorNs(), times[3]);
    // End: back to the live end (cursor off), following.
    f.viewport->zoomBy(3, 100);
    QVERIFY(!f.viewport->following());
    QTest::keyClick(f.view, Qt::Key_End);
    QCOMPARE(f.model.cursorNs(), -1);
    QVERIFY(f.viewport->following());
    // Zoom keys around the cursor; F fits all.
    f.viewport->fitAll();
    QTest::keyClick(f.view, Qt::Key_Home);
    const qint64 len = f.viewport->rangeLength();
    QTest::keyClick(f.view, Qt::Key_Plus);
    QVERIFY(f.viewport->rangeLength() < len);
    QTest::keyClick(f.view, Qt::Key_F);
    QCOMPARE(f.viewport->rangeLength(), len);
}

void TestTimelineView::wheelZoomsAroundPointer()
{
    Fixture f(lessonSession());
    const TimelineLayout l = f.layout();
    const QPointF pos(l.plot.left() + l.plot.width() * 0.3, l.laneTop(2) + 5);
    const qint64 before
        = xToTime(pos.x() - l.plot.left(), f.viewport->rangeStart(), f.viewport->rangeEnd(), l.plot.width());
    const qint64 len = f.viewport->rangeLength();
    QSignalSpy range(f.viewport, &TimelineViewport::rangeChanged);
    QWheelEvent wheel(pos, f.view->mapToGlobal(pos), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(f.view, &wheel);
    QCOMPARE(range.count(), 1);
    QVERIFY(f.viewport->rangeLength() < len);
    QVERIFY(!f.viewport->following());
    const qint64 after
        = xToTime(pos.x() - l.plot.left(), f.viewport->rangeStart(), f.viewport->rangeEnd(), l.plot.width());
    QVERIFY(std::abs(after - before) <= nsPerPixel(0, len, l.plot.width()));
}

void TestTimelineView::dragPans()
{
    Fixture f(lessonSession());
    f.viewport->zoomBy(4, 300'000'000);
    const qint64 start = f.viewport->rangeStart();
    const TimelineLayout l = f.layout();
    const double nsPerPx = double(f.viewport->rangeLength()) / l.plot.width();
    const QPoint from(int(l.plot.center().x()), int(l.laneTop(1) + 3));
    const QPoint to = from + QPoint(100, 0);
    QTest::mousePress(f.view, Qt::LeftButton, {}, from);
    for (int dx = 10; dx <= 100; dx += 10) {
        QMouseEvent move(QEvent::MouseMove, QPointF(from + QPoint(dx, 0)),
            f.view->mapToGlobal(QPointF(from + QPoint(dx, 0))), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(f.view, &move);
    }
    QTest::mouseRelease(f.view, Qt::LeftButton, {}, to);
    QVERIFY(std::abs(double(start - f.viewport->rangeStart()) - 100 * nsPerPx) <= 2 * nsPerPx);
    QCOMPARE(f.panel.selectedTask(), -1); // a drag is not a click
}

void TestTimelineView::liveRunFollowsUnlessUserZoomed()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("cancel-then-stop"));
    if (!parsed.scenario)
        QSKIP("no cancel-then-stop scenario");
    RunDocument model;
    TimelinePanel panel(&model);
    panel.resize(900, 300);
    panel.show();
    Runner live(runInfoFor(*parsed.scenario, 0.1));
    QSignalSpy finished(&model, &RunDocument::liveFinished);
    QSignalSpy appended(&model, &RunDocument::eventsAppended);
    model.attachLive(&live);
    queueScenario(live, *parsed.scenario);
    QVERIFY(!appended.isEmpty() || appended.wait(5000));
    QVERIFY(panel.viewport()->following());
    QVERIFY(!finished.isEmpty() || finished.wait(20000));
    model.refresh();
    // Everything recorded is drawn, and the view followed to the end.
    QCOMPARE(panel.view()->data().eventCount(), model.run().events.size());
    QVERIFY(panel.viewport()->rangeEnd() >= model.endNs());
    const std::vector<TaskSummary> sum = summarize(model.run());
    for (size_t i = 0; i < sum.size(); ++i) {
        const TaskStatus &t = panel.view()->data().tasks()[i];
        QCOMPARE(int(t.state), int(model.state().task(quint32(i)).state));
        QCOMPARE(t.startNs, sum[i].startNs);
        QCOMPARE(t.startNs >= 0 ? t.endNs : t.cancelledAtNs, sum[i].endNs); // a cancelled task "ends" at its cancel
    }
    // Replay the live session from the start: a user zoom keeps its range while events arrive.
    model.attachLive(nullptr);
    Run copy = model.run();
    Runner again(runInfoFor(*parsed.scenario, 0.1));
    model.attachLive(&again);
    queueScenario(again, *parsed.scenario);
    panel.viewport()->zoomTo(0, 50'000'000);
    const qint64 s0 = panel.viewport()->rangeStart(), e0 = panel.viewport()->rangeEnd();
    QSignalSpy finished2(&model, &RunDocument::liveFinished);
    QVERIFY(finished2.wait(20000));
    QCOMPARE(panel.viewport()->rangeStart(), s0);
    QCOMPARE(panel.viewport()->rangeEnd(), e0);
    model.attachLive(nullptr);
    Q_UNUSED(copy);
}

void TestTimelineView::exportPictures()
{
    const Run s = lessonSession();
    TimelineExportOptions o;
    o.width = 1200;
    const QImage image = renderTimelineImage(s, o);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 1200);
    QVERIFY(image.height() > 150);
    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(QStringLiteral("t.png"));
    const QString svg = dir.filePath(QStringLiteral("t.svg"));
    QVERIFY2(exportTimelinePng(s, png, &error, o), qPrintable(error));
    QVERIFY2(exportTimelinePicture(s, svg, &error, o), qPrintable(error));
    QImage loaded(png);
    QCOMPARE(loaded.size(), image.size());
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains(">t1"));
    QVERIFY(text.contains("worker-2"));
    QSvgRenderer renderer(text);
    QVERIFY(renderer.isValid());
    // A bad path: one line naming it.
    QVERIFY(!exportTimelinePng(s, dir.filePath(QStringLiteral("no/such/dir/t.png")), &error));
    QVERIFY2(error.contains(QStringLiteral("no/such/dir/t.png")), qPrintable(error));
}

namespace {

// A built-in scenario, really run (fast): the recorded run and its reading.
Run runBuiltin(const QString &name, double timeScale = 0.05)
{
    const ScenarioParseResult parsed = loadBuiltinScenario(name);
    return parsed.scenario ? runScenario(*parsed.scenario, timeScale) : Run();
}

quint32 taskNamed(const RunHistory &d, const QString &id)
{
    for (quint32 i = 0; i < d.tasks().size(); ++i) {
        if (d.taskId(i) == id)
            return i;
    }
    return NoTask;
}

// One worker: t1 runs and is refused a cancel, t2 waits behind it and is cancelled, both at the moment
// the event is set (250 ms); t1 sees the stop at 300 ms and a worker drops t2 then.
Run simultaneousRun()
{
    test::RunBuilder b(1);
    const quint32 t1 = b.task(QStringLiteral("t1"), 5, true);
    const quint32 t2 = b.task(QStringLiteral("t2"), 1, true);
    b.event(0, EventKind::Submit, t1).event(0, EventKind::Submit, t2).event(0, EventKind::Start, t1, 0);
    b.event(100, EventKind::Step, t1, 0, 0, 1).event(200, EventKind::Step, t1, 0, 0, 2);
    b.event(250, EventKind::CancelCall, t2, CallerThread, CancelResultFlag);
    b.event(250, EventKind::StopSet);
    b.event(250, EventKind::CancelCall, t1, CallerThread, 0);
    b.event(300, EventKind::StopObserved, t1, 0, 0, 2);
    b.event(300, EventKind::End, t1, 0, quint8(Outcome::Stopped), 2);
    b.event(300, EventKind::CancelSkip, t2, 0);
    return b.build();
}

} // namespace

void TestTimelineView::ignoredStopSegment_data()
{
    QTest::addColumn<QString>("task");
    QTest::addColumn<double>("where"); // 0: the bar's start … 1: its end; < 0.5 of the way to the set: before it
    QTest::addColumn<bool>("afterSet"); // where is measured from the set to the end (else start to set)
    QTest::addColumn<bool>("ignored");
    QTest::addColumn<int>("drawnAs");
    QTest::newRow("stubborn after the set") << QStringLiteral("stubborn") << 0.5 << true << true
                                            << int(TaskState::Completed);
    QTest::newRow("stubborn before the set") << QStringLiteral("stubborn") << 0.5 << false << false
                                             << int(TaskState::Completed);
    // A finished bar never looks like a running one: polite is drawn stopped from its start, hatched only
    // from the set on.
    QTest::newRow("polite before the set")
        << QStringLiteral("polite") << 0.3 << false << false << int(TaskState::Stopped);
}

void TestTimelineView::ignoredStopSegment()
{
    QFETCH(QString, task);
    QFETCH(double, where);
    QFETCH(bool, afterSet);
    QFETCH(bool, ignored);
    QFETCH(int, drawnAs);
    const Run s = runBuiltin(QStringLiteral("never-checks"));
    QVERIFY(!s.events.empty());
    RunReading reading;
    reading.reset(&s);
    const RunHistory &data = reading.history();
    TimelineRenderer r(&data);
    TimelineViewParams p;
    p.rangeStart = 0;
    p.rangeEnd = data.lastEventNs() + 1;
    const QSizeF size(1200, 500);
    const TimelineLayout l = r.layout(size, p);
    const quint32 index = taskNamed(data, task);
    QVERIFY(index != NoTask);
    const TaskStatus &t = data.tasks()[index];
    QCOMPARE(t.ignoredStop, task == QStringLiteral("stubborn"));
    const qint64 set = t.ignoredStop ? t.stopSetWhileRunningNs : data.stopLines().front().t;
    const qint64 time = afterSet ? set + qint64(where * double(t.endNs - set)) : t.startNs + qint64(where * double(set - t.startNs));
    const double x = l.plot.left() + timeToX(time, p.rangeStart, p.rangeEnd, l.plot.width());
    const double y = l.laneTop(l.laneForWorker(t.worker)) + l.laneHeight * 0.3;
    const TimelineHit hit = r.hitTest(QPointF(x, y), size, p);
    QCOMPARE(int(hit.kind), int(TimelineHit::Bar));
    QCOMPARE(hit.task, index);
    QCOMPARE(hit.ignoredStop, ignored);
    QCOMPARE(int(hit.drawnAs), drawnAs);
    if (t.ignoredStop) {
        // The words stay with the task after the run: in its tooltip and in the legend.
        const QString tip = r.toolTip(hit);
        QVERIFY2(tip.contains(QStringLiteral("ignored the stop: ran %1 steps after event.set()").arg(t.stepsAfterStop())),
            qPrintable(tip));
        QVERIFY(t.stepsAfterStop() > 0);
        QVERIFY(timeline::legendTexts(timeline::wordsFor(&data), r.legendContents()).contains(QStringLiteral("ignored the stop")));
    }
}

void TestTimelineView::cancelledWaitIsPendingBeforeItsCancel()
{
    const Run s = runBuiltin(QStringLiteral("cancel-then-stop"));
    QVERIFY(!s.events.empty());
    Fixture f(s);
    const RunHistory &d = f.view->data();
    const quint32 job3 = taskNamed(d, QStringLiteral("job#3"));
    QVERIFY(job3 != NoTask);
    const TaskStatus &t = d.tasks()[job3];
    QVERIFY(t.startNs < 0 && t.cancelledAtNs > t.submitNs);
    // The cursor half way between its submit and its cancel: the wait under it is pending.
    const qint64 before = (t.submitNs + t.cancelledAtNs) / 2;
    f.view->setCursorTime(before);
    QCOMPARE(f.model.cursorNs(), before);
    const QRectF row = f.view->renderer().taskRect(job3, f.view->size(), f.view->params());
    QVERIFY(!row.isNull());
    TimelineHit hit = f.view->hitAt(QPointF(f.xOf(before) + 8, row.center().y()));
    QCOMPARE(int(hit.kind), int(TimelineHit::QueueSpan));
    QCOMPARE(hit.task, job3);
    QCOMPARE(int(hit.drawnAs), int(TaskState::Pending));
    QCOMPARE(int(f.model.state().task(job3).state), int(TaskState::Pending)); // the table agrees
    // After the cancel (on its tail, while a worker has not dropped it yet): cancelled.
    if (t.dequeuedNs > t.cancelledAtNs + 2 * nsPerPixel(f.viewport->rangeStart(), f.viewport->rangeEnd(), f.layout().plot.width())) {
        hit = f.view->hitAt(QPointF(f.xOf((t.cancelledAtNs + t.dequeuedNs) / 2), row.center().y()));
        QCOMPARE(int(hit.kind), int(TimelineHit::QueueSpan));
        QCOMPARE(int(hit.drawnAs), int(TaskState::Cancelled));
    }
    // Its cancel is marked at its own moment, on its own row.
    bool marked = false;
    for (const TimelinePlacedMarker &m : f.view->renderer().placedMarkers(f.view->size(), f.view->params())) {
        if (m.task == job3 && m.kind == MarkerKind::CancelTrue && row.contains(QPointF(row.center().x(), m.pos.y())))
            marked = std::abs(m.pos.x() - f.xOf(t.cancelledAtNs)) < 1.0;
    }
    QVERIFY(marked);
}

void TestTimelineView::simultaneousMarkersShareX()
{
    Fixture f(simultaneousRun());
    const TimelineLayout l = f.layout();
    const double x = f.xOf(250'000'000);
    QList<TimelinePlacedMarker> caller;
    for (const TimelinePlacedMarker &m : f.view->renderer().placedMarkers(f.view->size(), f.view->params())) {
        if (m.pos.y() < l.laneTop(l.queueLane()) && m.kind != MarkerKind::Submit)
            caller.append(m);
    }
    QCOMPARE(caller.size(), 3); // cancel → True, event.set(), cancel → False
    QSet<int> rows;
    for (const TimelinePlacedMarker &m : caller) {
        QCOMPARE(m.pos.x(), x); // at their moment: never moved sideways
        rows.insert(int(std::lround(m.pos.y())));
        QVERIFY(m.pos.y() - m.size / 2 >= l.laneTop(TimelineLayout::CallerLane) - 0.5);
    }
    QCOMPARE(rows.size(), 3); // stacked, one above the other
    // Zoomed in, five cancels at distinct microseconds stay five markers.
    const Run five = runBuiltin(QStringLiteral("cancel-then-stop"));
    Fixture g(five);
    qint64 first = -1, last = -1;
    for (const TimelineMarker &m : g.view->data().caller(0).markers) {
        if (m.kind == MarkerKind::CancelTrue || m.kind == MarkerKind::CancelFalse) {
            first = first < 0 ? m.t : first;
            last = m.t;
        }
    }
    QVERIFY(first >= 0);
    g.viewport->zoomTo(first - 2000, std::max(last, first + TimelineViewport::MinimumRangeLength) + 2000);
    int cancels = 0;
    for (const TimelinePlacedMarker &m : g.view->renderer().placedMarkers(g.view->size(), g.view->params())) {
        if ((m.kind == MarkerKind::CancelTrue || m.kind == MarkerKind::CancelFalse)
            && m.pos.y() < g.layout().laneTop(g.layout().queueLane()))
            cancels += 1;
    }
    if (last - first >= 5 * 4 * nsPerPixel(g.viewport->rangeStart(), g.viewport->rangeEnd(), g.layout().plot.width()))
        QCOMPARE(cancels, 5);
}

void TestTimelineView::keysWorkRightAfterOpening()
{
    // A window where something else has the focus (the table, a button) when a saved run is opened.
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *button = new QPushButton(QStringLiteral("elsewhere"), &window);
    RunDocument model;
    auto *panel = new TimelinePanel(&model, &window);
    layout->addWidget(button);
    layout->addWidget(panel);
    window.resize(1000, 460);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    button->setFocus();
    QCOMPARE(window.focusWidget(), button);
    const Run s = lessonSession();
    model.setRun(s);
    QCOMPARE(model.cursorNs(), -1);
    QWidget *target = window.focusWidget();
    QVERIFY(target);
    QTest::keyClick(target, Qt::Key_Left);
    QTRY_VERIFY(model.cursorNs() >= 0);
    const qint64 first = model.cursorNs();
    QVERIFY(first <= s.events.back().tNs);
    QTest::keyClick(window.focusWidget(), Qt::Key_Left);
    QTRY_VERIFY(model.cursorNs() < first);
    QTest::keyClick(window.focusWidget(), Qt::Key_Right);
    QTRY_COMPARE(model.cursorNs(), first);
}

void TestTimelineView::clickMovesCursor()
{
    Fixture f(lessonSession());
    QSignalSpy cursor(&f.model, &RunDocument::cursorChanged);
    const TimelineLayout l = f.layout();
    const qint64 px = nsPerPixel(f.viewport->rangeStart(), f.viewport->rangeEnd(), l.plot.width());
    // On a bar: the cursor goes there and the task is selected.
    const QPoint onBar = f.center(1);
    QTest::mouseClick(f.view, Qt::LeftButton, {}, onBar);
    QTRY_VERIFY(!cursor.isEmpty());
    const qint64 expected = xToTime(onBar.x() - l.plot.left(), f.viewport->rangeStart(), f.viewport->rangeEnd(), l.plot.width());
    QVERIFY2(std::abs(f.model.cursorNs() - expected) <= px, qPrintable(QString::number(f.model.cursorNs() - expected)));
    QCOMPARE(f.panel.selectedTask(), 1);
    // On an empty part of a lane, elsewhere in time.
    const QPoint empty(int(l.plot.left() + l.plot.width() * 0.9), int(l.laneTop(TimelineLayout::CallerLane) + 3));
    QTest::mouseClick(f.view, Qt::LeftButton, {}, empty);
    const qint64 at = xToTime(empty.x() - l.plot.left(), f.viewport->rangeStart(), f.viewport->rangeEnd(), l.plot.width());
    QTRY_VERIFY(std::abs(f.model.cursorNs() - at) <= px);
}

void TestTimelineView::liveAxisGrowsBetweenTicks()
{
    const ScenarioParseResult parsed = loadBuiltinScenario(QStringLiteral("never-checks"));
    QVERIFY(parsed.scenario);
    RunClock clock(RunClock::Mode::Manual);
    RunDocument model;
    TimelinePanel panel(&model);
    panel.resize(900, 300);
    panel.show();
    Runner live(runInfoFor(*parsed.scenario, 1.0), nullptr, &clock);
    auto detach = qScopeGuard([&] { model.attachLive(nullptr); });
    model.attachLive(&live);
    queueScenario(live, *parsed.scenario);
    QSignalSpy appended(&model, &RunDocument::eventsAppended);
    QSignalSpy ticks(&model, &RunDocument::nowAdvanced);
    clock.advance(1'000'000); // the tasks start; their first steps take far longer
    QTRY_VERIFY(!appended.isEmpty());
    auto firstBar = [&]() -> const TimelineBar * {
        for (const WorkerLane &lane : panel.view()->data().workers()) {
            if (!lane.bars.empty())
                return &lane.bars.front();
        }
        return nullptr;
    };
    QTRY_VERIFY(firstBar());
    model.refresh();
    const qint64 end0 = panel.viewport()->rangeEnd();
    const qint64 now0 = panel.view()->params().nowNs;
    const TimelineBar bar = *firstBar();
    QCOMPARE(bar.end, -1);
    // Time passes with nothing recorded: only the display-rate tick says so.
    appended.clear();
    ticks.clear();
    clock.advance(100'000'000);
    model.refresh();
    QCOMPARE(appended.count(), 0);
    QTRY_VERIFY(!ticks.isEmpty());
    const TimelineViewParams p = panel.view()->params();
    QVERIFY2(p.nowNs >= now0 + 100'000'000, qPrintable(QStringLiteral("%1 → %2").arg(now0).arg(p.nowNs)));
    QVERIFY(p.live);
    QVERIFY(panel.viewport()->following());
    QVERIFY(panel.viewport()->rangeEnd() > end0); // the axis reaches further
    QVERIFY(panel.viewport()->rangeEnd() >= p.nowNs); // and now stays in view
    // The running bar reaches now.
    const TimelineLayout l = panel.view()->renderer().layout(panel.view()->size(), p);
    const QRectF r = panel.view()->renderer().taskRect(bar.task, panel.view()->size(), p);
    const qint64 reached = xToTime(r.right() - l.plot.left(), p.rangeStart, p.rangeEnd, l.plot.width());
    QVERIFY2(std::abs(reached - p.nowNs) <= 2 * nsPerPixel(p.rangeStart, p.rangeEnd, l.plot.width()),
        qPrintable(QStringLiteral("%1 vs %2").arg(reached).arg(p.nowNs)));
}

void TestTimelineView::summaryNeverCut()
{
    const Run s = runBuiltin(QStringLiteral("cancel-then-stop"));
    QVERIFY(!s.events.empty());
    RunDocument model;
    TimelinePanel panel(&model);
    panel.resize(900, 300);
    panel.show();
    model.setRun(s);
    const QStringList texts = panel.view()->renderer().summaryTexts();
    QVERIFY(texts.size() > 1);
    for (int width : { 1400, 900, 640 }) {
        panel.resize(width, 300);
        QCoreApplication::processEvents();
        QLabel *shown = nullptr;
        for (QLabel *label : panel.findChildren<QLabel *>()) {
            if (texts.contains(label->text()) || label->toolTip().startsWith(texts.first()))
                shown = label;
        }
        QVERIFY(shown);
        QVERIFY2(shown->text().isEmpty() || texts.contains(shown->text()), qPrintable(shown->text()));
        QVERIFY(!shown->text().contains(QChar(0x2026)));
        QVERIFY(shown->fontMetrics().horizontalAdvance(shown->text()) <= shown->contentsRect().width());
        QVERIFY(shown->toolTip().contains(texts.first())); // the whole summary, always
    }
}

void TestTimelineView::recordedPoolsNameTheirLanes_data()
{
    QTest::addColumn<int>("pools");
    QTest::addColumn<QStringList>("names"); // the worker lanes' labels
    QTest::newRow("one pool") << 1 << QStringList { "worker-1", "worker-2", "worker-3" };
    QTest::newRow("two pools") << 2 << QStringList { "pool 0 · worker-1", "pool 0 · worker-2", "pool 1 · worker-1" };
}

// A recording's lanes: several pools say whose each lane is, with a short label (a thread's own name,
// "ThreadPoolExecutor-1_0", is not cut to "ThreadPo…" but shown whole in the label's tooltip).
void TestTimelineView::recordedPoolsNameTheirLanes()
{
    QFETCH(int, pools);
    QFETCH(QStringList, names);
    test::RunBuilder b(3);
    for (quint32 i = 0; i < 3; ++i) {
        const quint32 t = b.task(QStringLiteral("t%1").arg(i + 1), 0);
        b.event(0, EventKind::Submit, t, CallerThread, 0, pools > 1 && i == 2 ? 1 : 0);
    }
    for (quint32 i = 0; i < 3; ++i)
        b.event(1, EventKind::Start, i, qint16(i));
    for (quint32 i = 0; i < 3; ++i)
        b.event(50, EventKind::End, i, qint16(i), quint8(Outcome::Completed), 0);
    Run s = b.build();
    s.recording.active = true;
    for (int p = 0; p < pools; ++p)
        s.recording.pools.push_back(RecordedPool { p == 0 ? 2 : 1, QString(), QStringLiteral("ThreadPoolExecutor") });
    const QStringList threads = pools > 1
        ? QStringList { "ThreadPoolExecutor-0_0", "ThreadPoolExecutor-0_1", "ThreadPoolExecutor-1_0" }
        : QStringList { "ThreadPoolExecutor-0_0", "ThreadPoolExecutor-0_1", "ThreadPoolExecutor-0_2" };
    for (int w = 0; w < 3; ++w)
        s.recording.workers.push_back(RecordedThread { threads[w], 100 + w, pools > 1 && w == 2 ? 1 : 0 });
    s.recording.callers.push_back(RecordedThread { QStringLiteral("MainThread"), 1, -1 });
    s.recording.callers.push_back(RecordedThread { QStringLiteral("canceller"), 2, -1 });

    RunReading reading;
    reading.reset(&s);
    TimelineRenderer r(&reading.history());
    QFont f;
    f.setPixelSize(13);
    r.setFont(f);
    TimelineViewParams p;
    p.rangeStart = 0;
    p.rangeEnd = 60'000'000;
    const QSizeF size(1000, 400);
    const TimelineLayout l = r.layout(size, p);
    QCOMPARE(l.laneCount, l.firstWorkerLane() + 3);
    for (int w = 0; w < 3; ++w) {
        const int lane = l.laneForWorker(w);
        QCOMPARE(r.laneName(lane), names[w]);
        // the gutter holds the label whole
        QVERIFY(QFontMetricsF(f).horizontalAdvance(names[w]) <= l.gutter.width() - 12);
        const TimelineHit hit = r.hitTest(QPointF(4, l.laneTop(lane) + l.laneHeight / 2), size, p);
        QCOMPARE(hit.kind, TimelineHit::LaneLabel);
        QCOMPARE(hit.lane, lane);
        const QString tip = r.toolTip(hit);
        QVERIFY2(tip.contains(threads[w]), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("pool %1").arg(s.recording.workers[size_t(w)].pool)), qPrintable(tip));
    }
    // A bar's tooltip names the thread whole too.
    QVERIFY(r.toolTip(r.hitTest(QPointF(l.plot.left() + l.plot.width() * 0.4,
                                    l.laneTop(l.laneForWorker(2)) + l.laneHeight / 2),
                          size, p))
                .contains(threads[2]));
    // Each caller thread has a lane of its own, above the queue, named and explained by its thread.
    QCOMPARE(l.callerLanes, 2);
    for (int k = 0; k < 2; ++k) {
        const QString thread = s.recording.callers[size_t(k)].name;
        QCOMPARE(r.laneName(k), QStringLiteral("caller · %1").arg(thread));
        const TimelineHit caller = r.hitTest(QPointF(4, l.laneTop(k) + l.laneHeight / 2), size, p);
        QCOMPARE(caller.kind, TimelineHit::LaneLabel);
        QCOMPARE(caller.lane, k);
        QVERIFY2(r.toolTip(caller).contains(QStringLiteral("thread %1").arg(thread)), qPrintable(r.toolTip(caller)));
    }
}

namespace {

// A recorded program with two caller threads and one worker: the main thread submits three tasks and
// waits in wait(); a second thread cancels t3 (True) and t1 (False: running), then shuts the pool down.
struct TwoCallers
{
    Run run;
    quint32 t1 = 0, t2 = 0, t3 = 0;
    static constexpr qint16 Main = callerLane(0), Canceller = callerLane(1);
};

TwoCallers twoCallerRecording()
{
    TwoCallers r;
    test::RunBuilder b(1);
    r.t1 = b.task(QStringLiteral("work"), 0);
    r.t2 = b.task(QStringLiteral("more"), 0);
    r.t3 = b.task(QStringLiteral("late"), 0);
    for (quint32 t : { r.t1, r.t2, r.t3 })
        b.event(0, EventKind::Submit, t, TwoCallers::Main, 0, 0);
    b.event(1, EventKind::Start, r.t1, 0);
    b.event(100, EventKind::CancelCall, r.t3, TwoCallers::Canceller, CancelResultFlag);
    b.event(200, EventKind::CancelCall, r.t1, TwoCallers::Canceller, 0);
    b.event(250, EventKind::StopSet, NoTask, TwoCallers::Canceller, 0, 0);
    b.event(300, EventKind::CallBegin, NoTask, TwoCallers::Main, quint8(BlockingCall::Wait) | 0x30, 3);
    b.event(400, EventKind::ShutdownBegin, NoTask, TwoCallers::Canceller, ShutdownWaitFlag, 0);
    b.event(500, EventKind::End, r.t1, 0, quint8(Outcome::Completed), 0);
    b.event(501, EventKind::Start, r.t2, 0);
    b.event(505, EventKind::End, r.t2, 0, quint8(Outcome::Completed), 0);
    b.event(510, EventKind::ShutdownEnd, NoTask, TwoCallers::Canceller, ShutdownWaitFlag, 0);
    b.event(600, EventKind::CallEnd, NoTask, TwoCallers::Main, quint8(BlockingCall::Wait) | 0x30, 2);
    r.run = b.build();
    Recording &rec = r.run.recording;
    rec.active = true;
    rec.pools.push_back(RecordedPool { 1, QString(), QStringLiteral("ThreadPoolExecutor") });
    rec.workers.push_back(RecordedThread { QStringLiteral("ThreadPoolExecutor-0_0"), 100, 0 });
    rec.callers.push_back(RecordedThread { QStringLiteral("MainThread"), 1, -1 });
    rec.callers.push_back(RecordedThread { QStringLiteral("Thread-1 (canceller)"), 2, -1 });
    rec.flags.push_back(RecordedFlag { QStringLiteral("stop") });
    for (TaskSpec &spec : r.run.specs)
        spec.numbered = true;
    return r;
}

} // namespace

void TestTimelineView::recordedCallersHaveALaneEach_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("projector") << QSize(1280, 420);
    QTest::newRow("small") << QSize(800, 300);
}

// Each caller thread of a recording gets its own lane: its calls are drawn and hit there, and nowhere
// else; its blocked span says which thread was blocked; the pictures name every lane.
void TestTimelineView::recordedCallersHaveALaneEach()
{
    QFETCH(QSize, size);
    const TwoCallers rec = twoCallerRecording();
    RunReading reading;
    reading.reset(&rec.run);
    QCOMPARE(reading.history().callerCount(), 2);
    TimelineRenderer r(&reading.history());
    QFont f;
    f.setPixelSize(13);
    r.setFont(f);
    TimelineViewParams p;
    p.rangeStart = 0;
    p.rangeEnd = 700'000'000;
    const TimelineLayout l = r.layout(size, p);
    QCOMPARE(l.callerLanes, 2);
    QCOMPARE(l.queueLane(), 2);
    QCOMPARE(l.laneCount, 4); // two callers, the queue, one worker
    QCOMPARE(r.laneName(0), QStringLiteral("caller · MainThread"));
    QCOMPARE(r.laneName(1), QStringLiteral("caller · Thread-1 (canceller)"));
    QCOMPARE(r.laneName(2), QStringLiteral("queue"));
    // The gutter holds the longest name whole.
    QFont bold = f;
    bold.setBold(true);
    QVERIFY(QFontMetricsF(bold).horizontalAdvance(r.laneName(1)) <= l.gutter.width() - 12);
    // Lanes stack without gaps or overlaps, and laneAt agrees with laneTop.
    for (int lane = 0; lane < l.laneCount; ++lane) {
        QCOMPARE(l.laneAt(l.laneTop(lane) + l.heightOf(lane) / 2), lane);
        QCOMPARE(l.laneTop(lane) + l.heightOf(lane), l.laneTop(lane + 1));
    }
    auto xOf
        = [&](qint64 ms) { return l.plot.left() + timeToX(ms * 1'000'000, p.rangeStart, p.rangeEnd, l.plot.width()); };
    auto laneY = [&](int lane, double at) { return l.laneTop(lane) + l.laneHeight * at; };
    auto markerAt = [&](int lane, qint64 ms) {
        // Anywhere in the upper part of the lane, where actions stack.
        for (double at : { 0.2, 0.3, 0.4, 0.5 }) {
            const TimelineHit hit = r.hitTest(QPointF(xOf(ms), laneY(lane, at)), QSizeF(size), p);
            if (hit.kind == TimelineHit::Marker)
                return hit;
        }
        return TimelineHit();
    };

    // The second thread's cancels: on its lane, not on the main thread's.
    const TimelineHit accepted = markerAt(1, 100);
    QCOMPARE(accepted.kind, TimelineHit::Marker);
    QCOMPARE(accepted.lane, 1);
    QCOMPARE(accepted.marker, MarkerKind::CancelTrue);
    QCOMPARE(accepted.task, rec.t3);
    QVERIFY2(r.toolTip(accepted).contains(QStringLiteral("Thread-1 (canceller)")), qPrintable(r.toolTip(accepted)));
    const TimelineHit refused = markerAt(1, 200);
    QCOMPARE(refused.marker, MarkerKind::CancelFalse);
    QCOMPARE(refused.task, rec.t1);
    QCOMPARE(markerAt(0, 100).kind, TimelineHit::None);
    QCOMPARE(markerAt(0, 200).kind, TimelineHit::None);
    // Its set(): marked on its lane; its line crosses the main thread's lane, which names it too.
    QCOMPARE(markerAt(1, 250).marker, MarkerKind::StopSet);
    const TimelineHit line = markerAt(0, 250);
    QCOMPARE(line.kind, TimelineHit::Marker);
    QCOMPARE(line.marker, MarkerKind::StopSet);
    // The main thread's submits: on its lane, in the submits' row.
    const TimelineHit submit = r.hitTest(QPointF(xOf(0) + 1, laneY(0, 0.85)), QSizeF(size), p);
    QCOMPARE(submit.kind, TimelineHit::Marker);
    QCOMPARE(submit.marker, MarkerKind::Submit);
    QCOMPARE(r.hitTest(QPointF(xOf(0) + 1, laneY(1, 0.85)), QSizeF(size), p).kind, TimelineHit::None);
    // Blocked at once, each on its own lane, and the tooltip names the thread and the call.
    const TimelineHit mainBlocked = r.hitTest(QPointF(xOf(450), laneY(0, 0.5)), QSizeF(size), p);
    QCOMPARE(mainBlocked.kind, TimelineHit::Blocked);
    QCOMPARE(mainBlocked.t0, 300'000'000);
    QCOMPARE(mainBlocked.t1, 600'000'000);
    QVERIFY2(r.toolTip(mainBlocked).contains(QStringLiteral("MainThread is blocked in wait()")),
        qPrintable(r.toolTip(mainBlocked)));
    const TimelineHit shutdownBlocked = r.hitTest(QPointF(xOf(450), laneY(1, 0.5)), QSizeF(size), p);
    QCOMPARE(shutdownBlocked.kind, TimelineHit::Blocked);
    QCOMPARE(shutdownBlocked.t0, 400'000'000);
    QCOMPARE(shutdownBlocked.t1, 510'000'000);
    QVERIFY2(
        r.toolTip(shutdownBlocked).contains(QStringLiteral("Thread-1 (canceller) is blocked in executor.shutdown")),
        qPrintable(r.toolTip(shutdownBlocked)));
    QCOMPARE(r.hitTest(QPointF(xOf(550), laneY(1, 0.5)), QSizeF(size), p).kind, TimelineHit::None); // returned
    // A task's tooltip says which thread cancelled it.
    QVERIFY(r.toolTip(r.hitTest(QPointF(xOf(250), laneY(l.laneForWorker(0), 0.4)), QSizeF(size), p))
                .contains(QStringLiteral("(Thread-1 (canceller))")));
    // What is drawn sits where it is hit: every action marker inside its thread's lane.
    int onCanceller = 0, onMain = 0;
    for (const TimelinePlacedMarker &m : r.placedMarkers(QSizeF(size), p)) {
        if (m.kind == MarkerKind::Submit) {
            QVERIFY(m.pos.y() > l.laneTop(0) && m.pos.y() < l.laneTop(1));
            ++onMain;
        } else if (m.pos.y() < l.laneTop(l.queueLane())) {
            QVERIFY2(m.pos.y() - m.size / 2 >= l.laneTop(1) - 0.5, qPrintable(QString::number(m.pos.y())));
            ++onCanceller;
        }
    }
    QVERIFY(onMain >= 1);
    QCOMPARE(onCanceller, 5); // cancel → True, cancel → False, set(), shutdown() called and returned
    // The legend has what the lanes show.
    QVERIFY(timeline::legendTexts(timeline::wordsFor(&reading.history()), r.legendContents())
                .contains(QStringLiteral("caller blocked")));
    // The pictures have a lane for each thread, by name.
    TimelineExportOptions o;
    o.width = size.width();
    o.setFont(f);
    const QString svg = QString::fromUtf8(renderTimelineSvg(rec.run, o));
    QVERIFY(svg.contains(QStringLiteral("caller · MainThread")));
    QVERIFY(svg.contains(QStringLiteral("caller · Thread-1 (canceller)")));
    QVERIFY(!svg.contains(QChar(0x2026))); // nothing cut
}

// Twelve caller threads, each cancelling a task: where the height leaves no readable lane for each, the
// last caller lane holds the rest, names them in its tooltip, and still finds each one's calls; with room
// (and in a picture, which is as tall as the lanes need), each thread has its own lane again.
void TestTimelineView::manyCallersFoldIntoTheLastLane()
{
    constexpr int Threads = 12;
    test::RunBuilder b(1);
    for (int k = 0; k < Threads; ++k) {
        const quint32 t = b.task(QStringLiteral("job"), 0);
        b.event(k, EventKind::Submit, t, callerLane(k), 0, 0);
    }
    for (int k = 0; k < Threads; ++k)
        b.event(100 + 20 * k, EventKind::CancelCall, quint32(k), callerLane(k), CancelResultFlag);
    Run run = b.build();
    run.recording.active = true;
    run.recording.pools.push_back(RecordedPool { 1, QString(), QStringLiteral("ThreadPoolExecutor") });
    run.recording.workers.push_back(RecordedThread { QStringLiteral("ThreadPoolExecutor-0_0"), 100, 0 });
    for (int k = 0; k < Threads; ++k)
        run.recording.callers.push_back(
            RecordedThread { k == 0 ? QStringLiteral("MainThread") : QStringLiteral("client-%1").arg(k), k + 1, -1 });
    for (TaskSpec &spec : run.specs)
        spec.numbered = true;
    RunReading reading;
    reading.reset(&run);
    TimelineRenderer r(&reading.history());
    QFont f;
    f.setPixelSize(13);
    r.setFont(f);
    TimelineViewParams p;
    p.rangeStart = 0;
    p.rangeEnd = 400'000'000;
    const QFontMetricsF fm(f);

    // Short: folded, every lane readable.
    const QSizeF small(1000, 260);
    const TimelineLayout l = r.layout(small, p);
    QCOMPARE(l.callerThreads, Threads);
    QVERIFY(l.callerLanes >= 2 && l.callerLanes < Threads);
    QVERIFY(l.laneHeight >= fm.height() * 1.3 || l.callerLanes == 2);
    const int folded = l.foldedLane();
    QCOMPARE(folded, l.callerLanes - 1);
    QCOMPARE(l.threadsIn(folded), Threads - folded);
    QCOMPARE(r.laneName(l, folded), QStringLiteral("callers · %1 more threads").arg(Threads - folded));
    QFont bold = f;
    bold.setBold(true);
    QVERIFY(QFontMetricsF(bold).horizontalAdvance(r.laneName(l, folded)) <= l.gutter.width() - 12);
    const TimelineHit label = r.hitTest(QPointF(4, l.laneTop(folded) + l.laneHeight / 2), small, p);
    QCOMPARE(label.kind, TimelineHit::LaneLabel);
    QCOMPARE(label.threads, Threads - folded);
    QVERIFY2(r.toolTip(label).contains(QStringLiteral("client-%1").arg(Threads - 1)), qPrintable(r.toolTip(label)));
    auto xOf = [&](const TimelineLayout &L, qint64 ms) {
        return L.plot.left() + timeToX(ms * 1'000'000, p.rangeStart, p.rangeEnd, L.plot.width());
    };
    auto markerOn = [&](const TimelineLayout &L, const QSizeF &size, int lane, qint64 ms) {
        for (double at : { 0.2, 0.3, 0.4, 0.5 }) {
            const TimelineHit hit = r.hitTest(QPointF(xOf(L, ms), L.laneTop(lane) + L.laneHeight * at), size, p);
            if (hit.kind == TimelineHit::Marker)
                return hit;
        }
        return TimelineHit();
    };
    // A thread shown on its own lane, and one in the folded lane: each cancel is found where it is drawn.
    const TimelineHit own = markerOn(l, small, 1, 120);
    QCOMPARE(own.marker, MarkerKind::CancelTrue);
    QCOMPARE(own.task, quint32(1));
    const int last = Threads - 1;
    const TimelineHit inFold = markerOn(l, small, folded, 100 + 20 * last);
    QCOMPARE(inFold.marker, MarkerKind::CancelTrue);
    QCOMPARE(inFold.task, quint32(last));
    QVERIFY2(r.toolTip(inFold).contains(QStringLiteral("thread client-%1").arg(last)), qPrintable(r.toolTip(inFold)));
    // The queue lane follows the caller lanes, folded or not.
    QCOMPARE(l.laneAt(l.laneTop(l.queueLane()) + 2), l.queueLane());
    QCOMPARE(r.hitTest(QPointF(xOf(l, 50), l.laneTop(l.queueLane()) + 3), small, p).threads, 0);

    // Tall enough: a lane each, and the preferred height is tall enough.
    const QSizeF tall(1000, r.preferredHeight(1000, p));
    const TimelineLayout all = r.layout(tall, p);
    QCOMPARE(all.callerLanes, Threads);
    QCOMPARE(all.foldedLane(), -1);
    QCOMPARE(r.laneName(all, last), QStringLiteral("caller · client-%1").arg(last));
    QCOMPARE(markerOn(all, tall, last, 100 + 20 * last).task, quint32(last));
    QCOMPARE(markerOn(all, tall, last - 1, 100 + 20 * last).kind, TimelineHit::None);
    TimelineExportOptions o;
    o.width = 1000;
    o.setFont(f);
    const QString svg = QString::fromUtf8(renderTimelineSvg(run, o));
    QVERIFY(svg.contains(QStringLiteral("caller · client-%1").arg(last)));
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
