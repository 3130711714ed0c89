// SPDX-License-Identifier: MIT
// The window under load (a program, not a test): runs 10,000 tasks on 16 workers with 10 ms steps in
// the real window, offscreen, and reports how long the GUI thread stalled and what the window costs in
// memory per task.
//
//   QT_QPA_PLATFORM=offscreen ./bench_window [--tasks N] [--workers W] [--steps S] [--step-ms MS]
//
// Stalls: a 1 ms precise timer on the GUI thread stamps each tick with a QElapsedTimer; a tick later
// than 1 ms means the thread was busy (a refresh, a layout, a paint). Reported: p50, p99 and max of the
// tick intervals while the run goes on (targets: p99 <= 16 ms, max <= 50 ms).
// Memory: heap in use (glibc mallinfo2) grown by the same run with and without the window; the
// difference over the task count is what the window adds per task (target <= 1 KiB).
#include "window/mainwindow.h"
#include "runner/runner.h"
#include "runner/scenariorun.h"
#include "window/rundocument.h"
#include "scenario/scenario.h"
#include "table/tasktablemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <vector>

using namespace poolscope;

namespace {

size_t heapInUse()
{
    malloc_trim(0);
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

Scenario makeScenario(int tasks, int workers, int steps, int stepMs)
{
    Scenario s;
    s.name = QStringLiteral("bench-window");
    s.title = QStringLiteral("%1 tasks on %2 workers").arg(tasks).arg(workers);
    s.description
        = QStringLiteral("bench_window: %1 steps of %2 ms each, checking the stop event").arg(steps).arg(stepMs);
    s.workers = workers;
    TaskGroup g;
    g.spec.id = QStringLiteral("t");
    g.count = tasks;
    g.spec.numbered = tasks > 1;
    g.spec.steps = steps;
    g.spec.stepMs = stepMs;
    g.spec.checksStop = true;
    s.groups.append(g);
    s.source = QStringLiteral("bench");
    return s;
}

// Times every event delivery on the GUI thread (outermost only) and keeps the slowest ones, so a stall
// can be traced to the widget and event that caused it.
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;
    struct Slow
    {
        double ms;
        double atMs;
        QByteArray what;
    };
    std::vector<Slow> slow;
    QElapsedTimer *clock = nullptr;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth++ > 0 || !clock || !clock->isValid()) {
            if (event->type() != QEvent::Paint || !clock || !clock->isValid()) {
                const bool r = QApplication::notify(receiver, event);
                --m_depth;
                return r;
            }
            // paints are timed per widget even inside the window's update
            QElapsedTimer t;
            t.start();
            const bool r = QApplication::notify(receiver, event);
            const double ms = double(t.nsecsElapsed()) / 1e6;
            --m_depth;
            if (ms > 4)
                slow.push_back({ ms, double(clock->nsecsElapsed()) / 1e6,
                    QByteArray("paint ") + receiver->metaObject()->className() });
            return r;
        }
        QElapsedTimer t;
        t.start();
        const int type = event->type();
        const bool r = QApplication::notify(receiver, event);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        --m_depth;
        if (ms > 8)
            slow.push_back({ ms, double(clock->nsecsElapsed()) / 1e6,
                QByteArray(receiver->metaObject()->className()) + "/" + receiver->objectName().toLatin1() + " event "
                    + QByteArray::number(type) });
        return r;
    }

private:
    int m_depth = 0;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

} // namespace

int main(int argc, char *argv[])
{
    // One malloc arena for every thread, so mallinfo2() sees the workers' and the caller's memory too.
    mallopt(M_ARENA_MAX, 1);
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("poolscope's window under 10,000 tasks"));
    parser.addHelpOption();
    QCommandLineOption tasksOpt(
        QStringLiteral("tasks"), QStringLiteral("tasks (10000)"), QStringLiteral("N"), QStringLiteral("10000"));
    QCommandLineOption workersOpt(
        QStringLiteral("workers"), QStringLiteral("workers (16)"), QStringLiteral("W"), QStringLiteral("16"));
    QCommandLineOption stepsOpt(
        QStringLiteral("steps"), QStringLiteral("steps per task (3)"), QStringLiteral("S"), QStringLiteral("3"));
    QCommandLineOption stepMsOpt(
        QStringLiteral("step-ms"), QStringLiteral("ms per step (10)"), QStringLiteral("MS"), QStringLiteral("10"));
    QCommandLineOption scaleOpt(QStringLiteral("time-scale"), QStringLiteral("time scale of the window's run (1)"),
        QStringLiteral("X"), QStringLiteral("1"));
    parser.addOptions({ tasksOpt, workersOpt, stepsOpt, stepMsOpt, scaleOpt });
    parser.process(app);
    const int tasks = parser.value(tasksOpt).toInt();
    const int workers = parser.value(workersOpt).toInt();
    const int steps = parser.value(stepsOpt).toInt();
    const int stepMs = parser.value(stepMsOpt).toInt();
    const Scenario scenario = makeScenario(tasks, workers, steps, stepMs);

    // 1. The same run with no window (fast: durations scaled down; memory does not depend on time).
    size_t coreBytes = 0;
    {
        const size_t before = heapInUse();
        Runner session(runInfoFor(scenario, 0.01));
        queueScenario(session, scenario);
        session.waitFinished(std::chrono::minutes(10));
        coreBytes = heapInUse() - before;
    }

    // 2. The same run read by the models alone (RunDocument + TaskTableModel, no widgets): what the data costs.
    size_t modelBytes = 0;
    {
        const size_t before = heapInUse();
        Runner session(runInfoFor(scenario, 0.01));
        RunDocument run;
        TaskTableModel table(&run);
        run.attachLive(&session);
        queueScenario(session, scenario);
        while (!session.isFinished()) {
            QApplication::processEvents(QEventLoop::AllEvents, 5);
        }
        run.refresh();
        modelBytes = heapInUse() - before;
    }

    // 3. The window, shown offscreen at the screenshot size, with the run at full time.
    MainWindow window(parser.value(scaleOpt).toDouble());
    window.resize(1600, 1000);
    window.show();
    std::vector<double> intervals;
    std::vector<double> stamps; // when each interval ended, ms from the start
    intervals.reserve(200000);
    stamps.reserve(200000);
    // Let the window expose and paint once, so its backing store (a window-sized image) is not counted
    // as if the tasks had cost it.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 300)
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    window.repaint();
    const size_t windowBefore = heapInUse();

    QElapsedTimer clock;
    qint64 last = -1;
    bool measuring = false;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (measuring && last >= 0) {
            intervals.push_back(double(now - last) / 1e6);
            stamps.push_back(double(now) / 1e6);
        }
        last = now;
    });

    int dataChanged = 0, rowsInserted = 0, refreshes = 0;
    QObject::connect(window.taskModel(), &QAbstractItemModel::dataChanged, [&] { ++dataChanged; });
    QObject::connect(window.taskModel(), &QAbstractItemModel::rowsInserted, [&] { ++rowsInserted; });
    QObject::connect(window.runDocument(), &RunDocument::stateChanged, [&] { ++refreshes; });
    size_t windowAfter = 0;
    qint64 runNs = 0;
    QObject::connect(window.runDocument(), &RunDocument::liveFinished, [&] {
        measuring = false;
        runNs = clock.nsecsElapsed();
        QApplication::processEvents();
        windowAfter = heapInUse(); // the session is still alive: its share is in coreBytes
        QTimer::singleShot(0, &app, &QApplication::quit);
    });

    window.setScenario(scenario);
    clock.start();
    app.clock = &clock;
    measuring = true;
    tick.start();
    window.runScenario();
    app.exec();

    const double p50 = percentile(intervals, 0.50);
    const double p99 = percentile(intervals, 0.99);
    const double max = intervals.empty() ? 0 : *std::max_element(intervals.begin(), intervals.end());
    const double windowBytes = double(windowAfter) - double(windowBefore) - double(coreBytes);
    std::printf("bench_window: %d tasks, %d workers, %d steps of %d ms; run %.1f s; %d rows in the table; "
                "window %dx%d\n",
        tasks, workers, steps, stepMs, double(runNs) / 1e9, window.taskModel()->rowCount(), window.width(),
        window.height());
    std::printf("GUI thread ticks (1 ms timer): %zu; interval p50 %.2f ms, p99 %.2f ms, max %.2f ms"
                "  (targets: p99 <= 16, max <= 50)\n",
        intervals.size(), p50, p99, max);
    std::printf(
        "model: %d state refreshes, %d dataChanged signals, %d row insertions\n", refreshes, dataChanged, rowsInserted);
    std::printf("memory: the models alone add %.0f bytes per task\n",
        (double(modelBytes) - double(coreBytes)) / std::max(1, tasks));
    std::printf("memory: core run %.1f MiB; with the window %.1f MiB; the window adds %.0f bytes per task"
                "  (target <= 1024)\n",
        double(coreBytes) / 1048576.0, double(windowAfter - windowBefore) / 1048576.0,
        windowBytes / std::max(1, tasks));
    // Where the window's bytes go (the known containers; the rest is the timeline's and Qt's).
    const Run &s = window.runDocument()->run();
    const double perTask = std::max(1, tasks);
    std::printf("  of which: events copy %.0f B/task (%zu events, capacity %zu), task specs %.0f B/task, "
                "task states %.0f B/task, table rows ~%d B/task\n",
        double(s.events.capacity() * sizeof(RecordedEvent)) / perTask, s.events.size(), s.events.capacity(),
        double(s.tasks.capacity() * sizeof(TaskSpec)) / perTask,
        double(window.runDocument()->state().tasks().capacity() * sizeof(TaskStatus)) / perTask, 32);
    // The longest stalls and when they happened, to find their cause.
    std::vector<size_t> order(intervals.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::partial_sort(order.begin(), order.begin() + std::min<size_t>(5, order.size()), order.end(),
        [&](size_t a, size_t b) { return intervals[a] > intervals[b]; });
    std::printf("longest stalls:");
    for (size_t k = 0; k < std::min<size_t>(5, order.size()); ++k)
        std::printf(" %.1f ms at %.2f s;", intervals[order[k]], stamps[order[k]] / 1e3);
    std::printf("\n");
    std::sort(app.slow.begin(), app.slow.end(), [](const auto &a, const auto &b) { return a.ms > b.ms; });
    std::printf("slowest event deliveries:");
    for (size_t k = 0; k < std::min<size_t>(12, app.slow.size()); ++k)
        std::printf(" %.1f ms at %.2f s (%s);", app.slow[k].ms, app.slow[k].atMs / 1e3, app.slow[k].what.constData());
    std::printf("\n");
    const bool ok = p99 <= 16 && max <= 50 && windowBytes / std::max(1, tasks) <= 1024;
    std::printf("%s\n", ok ? "within targets" : "OUTSIDE TARGETS");
    return 0;
}
