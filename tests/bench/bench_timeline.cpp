// SPDX-License-Identifier: MIT
// Timeline benchmark (a program, not a test): a synthetic session of about 1,000,000 recorded events
// (100,000 tasks on 16 workers). Measures opening the session file, painting frames offscreen into a
// QImage for fit-all and zoomed-in views (geometry rebuilt every frame: each frame pans by a pixel),
// and memory per event. Prints each figure beside its target.
//
//   QT_QPA_PLATFORM=offscreen ./tests/timeline/bench_timeline [--frames N] [--keep FILE.poolscope]
//   ... bench_timeline --open BIG.poolscope   (a file instead of the synthetic run: see gen_recording)
// It can also just draw a run, to look at it: --render SCENARIO|FILE.poolscope --picture OUT.png|svg
#include "runner/scenariorun.h"
#include "replay/summary.h"
#include "io/runfile.h"
#include "replay/runstate.h"
#include "fakeruns.h"
#include "replay/runhistory.h"
#include "replay/runreading.h"
#include "render/pictures.h"
#include "render/timelinerenderer.h"
#include "render/timelineviewport.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <malloc.h>

using namespace poolscope;

namespace {

size_t heapInUse()
{
    const struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

void row(const char *what, double value, const char *unit, double target, const char *targetText)
{
    const bool ok = value <= target;
    std::printf("  %-46s %10.2f %-6s target %-10s %s\n", what, value, unit, targetText, ok ? "ok" : "MISSED");
}

struct FrameStats
{
    double mean = 0, max = 0, p95 = 0;
};

FrameStats paintFrames(
    TimelineRenderer &renderer, QImage &image, qint64 start, qint64 length, int frames, qint64 traceEnd)
{
    std::vector<double> times;
    const QSizeF size = image.deviceIndependentSize();
    const qint64 panStep = std::max<qint64>(1, length / qint64(size.width())); // one pixel per frame
    for (int i = 0; i < frames; ++i) {
        TimelineViewParams p;
        p.rangeStart = std::clamp<qint64>(start + i * panStep, 0, std::max<qint64>(0, traceEnd - length));
        p.rangeEnd = p.rangeStart + length;
        p.cursorNs = p.rangeStart + length / 3;
        p.selectedTask = 4242;
        QElapsedTimer t;
        t.start();
        QPainter painter(&image);
        renderer.paint(&painter, size, p);
        painter.end();
        times.push_back(ms(t.nsecsElapsed()));
    }
    FrameStats s;
    for (double t : times)
        s.mean += t / double(times.size());
    std::sort(times.begin(), times.end());
    s.max = times.back();
    s.p95 = times[size_t(double(times.size() - 1) * 0.95)];
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption framesOption(
        QStringLiteral("frames"), QStringLiteral("Frames per view."), QStringLiteral("N"), QStringLiteral("40"));
    QCommandLineOption keepOption(
        QStringLiteral("keep"), QStringLiteral("Also save the session there."), QStringLiteral("FILE"));
    QCommandLineOption pictureOption(
        QStringLiteral("picture"), QStringLiteral("Save the fit-all frame as a PNG."), QStringLiteral("FILE"));
    QCommandLineOption renderOption(QStringLiteral("render"),
        QStringLiteral("Only draw this built-in scenario (run at --time-scale) or session file into --picture."),
        QStringLiteral("SCENARIO"));
    QCommandLineOption scaleOption(QStringLiteral("time-scale"), QStringLiteral("Time scale for --render."),
        QStringLiteral("X"), QStringLiteral("1"));
    QCommandLineOption widthOption(QStringLiteral("width"), QStringLiteral("Picture width for --render."),
        QStringLiteral("PX"), QStringLiteral("1600"));
    QCommandLineOption openOption(QStringLiteral("open"),
        QStringLiteral("Measure this run file (e.g. from gen_recording) instead of the synthetic run."), QStringLiteral("FILE"));
    parser.addOptions({ framesOption, keepOption, pictureOption, renderOption, scaleOption, widthOption, openOption });
    parser.process(app);
    if (parser.isSet(renderOption)) {
        QString error;
        std::optional<Run> s;
        if (looksLikeRunFile(parser.value(renderOption))) {
            s = loadRunFile(parser.value(renderOption), &error);
        } else {
            const ScenarioParseResult parsed = loadScenario(parser.value(renderOption));
            if (parsed.scenario)
                s = runScenario(*parsed.scenario, parser.value(scaleOption).toDouble());
            error = parsed.error;
        }
        if (!s) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 2;
        }
        TimelineExportOptions o;
        o.width = parser.value(widthOption).toInt();
        if (!exportTimelinePicture(*s, parser.value(pictureOption), &error, o)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }
    const int frames = std::max(3, parser.value(framesOption).toInt());

    std::printf("poolscope timeline benchmark\n");
    QElapsedTimer clock;
    clock.start();
    const bool opened = parser.isSet(openOption);
    Run generated = opened ? Run() : synth::make(synth::millionEvents());
    if (!opened)
        std::printf("  synthetic session: %zu events, %zu tasks, %d workers (generated in %.0f ms)\n",
            generated.events.size(), generated.tasks.size(), generated.info.workers, ms(clock.nsecsElapsed()));

    QTemporaryDir dir;
    const QString path = opened ? parser.value(openOption)
        : parser.isSet(keepOption) ? parser.value(keepOption) : dir.filePath(QStringLiteral("bench.poolscope"));
    QString error;
    clock.restart();
    if (!opened && !saveRunFile(generated, path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const double saveMs = ms(clock.nsecsElapsed());
    size_t events = generated.events.size();
    generated = Run(); // measure the loaded copy alone
    malloc_trim(0);

    // --- open ---
    std::printf("\nopen (file %.1f MB, saved in %.0f ms)\n", double(QFileInfo(path).size()) / 1e6, saveMs);
    std::vector<double> loads;
    for (int i = 0; i < 3; ++i) {
        clock.restart();
        std::optional<Run> s = loadRunFile(path, &error);
        loads.push_back(ms(clock.nsecsElapsed()));
        if (!s) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    std::sort(loads.begin(), loads.end());
    const size_t heap0 = heapInUse();
    clock.restart();
    std::optional<Run> session = loadRunFile(path, &error);
    const double loadMs = ms(clock.nsecsElapsed());
    if (opened && session)
        events = session->events.size();
    if (opened && session)
        std::printf("  %s: %zu events, %zu tasks, %d worker lanes\n", qPrintable(path), events, session->tasks.size(),
            session->info.workers);
    const size_t heapSession = heapInUse();
    clock.restart();
    RunReading reading; // what the window's RunDocument reads on open: the state and the timeline's history
    reading.reset(&*session);
    const RunHistory &data = reading.history();
    const double buildMs = ms(clock.nsecsElapsed());
    const size_t heapTimeline = heapInUse();
    const double replayMs = 0; // the reading above is the replay: one pass builds both
    std::printf("  read + validate the file (median of 3: %.0f / %.0f / %.0f ms)\n", loads[0], loads[1], loads[2]);
    row("read + validate the file", loads[1], "ms", 2000, "2000 ms");
    row("read the events once (state + timeline history)", buildMs, "ms", 2000, "-");
    row("open in all (read + timeline + replay)", loadMs + buildMs + replayMs, "ms", 2000, "2000 ms");

    // --- memory ---
    std::printf("\nmemory (heap in use, malloc statistics)\n");
    const double sessionBytes = double(heapSession - heap0) / double(events);
    const double timelineBytes = double(heapTimeline - heapSession) / double(events);
    std::printf("  session %.1f MB, timeline data %.1f MB (its own count: %.1f MB)\n",
        double(heapSession - heap0) / 1e6, double(heapTimeline - heapSession) / 1e6, double(data.bytesUsed()) / 1e6);
    row("session (events + task specs) per event", sessionBytes, "B", 64, "-");
    row("timeline data per event", timelineBytes, "B", 64, "-");
    row("session + timeline per event", sessionBytes + timelineBytes, "B", 64, "64 B");

    // --- paint ---
    const QSize size(1600, 900);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    TimelineRenderer renderer(&data);
    QFont font = QGuiApplication::font();
    font.setPixelSize(14);
    renderer.setFont(font);
    TimelineViewport viewport;
    const qint64 end = session->events.back().tNs;
    viewport.reset(end);
    const qint64 full = viewport.rangeLength();
    std::printf("\npaint offscreen into a %dx%d QImage, %d frames per view, geometry rebuilt every frame\n",
        size.width(), size.height(), frames);
    std::printf("  run length %.1f s\n", double(end) / 1e9);
    struct View
    {
        const char *name;
        qint64 start, length;
    };
    const View views[] = {
        { "fit all (every event in view)", 0, full },
        { "zoomed 10x, middle", end / 2, full / 10 },
        { "zoomed 100x, start", 0, full / 100 },
        { "zoomed 1000x, middle (step ticks)", end / 2, full / 1000 },
        { "zoomed 10000x, at the stop", (opened ? end / 2 : 60'000'000'000) - full / 20000, full / 10000 },
        { "zoomed 1e6x, end (microseconds)", end - full / 1000000 * 2, full / 1000000 },
    };
    bool allOk = true;
    for (const View &v : views) {
        const FrameStats st = paintFrames(renderer, image, v.start, v.length, frames, end);
        char label[128];
        std::snprintf(label, sizeof label, "%s, mean", v.name);
        row(label, st.mean, "ms", 16, "16 ms");
        std::snprintf(label, sizeof label, "%s, p95 / max", v.name);
        std::printf("  %-46s %10.2f / %.2f ms\n", label, st.p95, st.max);
        allOk = allOk && st.mean <= 16;
    }
    // Hover, selection and cursor moves repaint from the cached geometry.
    {
        TimelineViewParams p;
        p.rangeStart = 0;
        p.rangeEnd = full;
        QPainter warm(&image);
        renderer.paint(&warm, QSizeF(size), p);
        warm.end();
        std::vector<double> times;
        for (int i = 0; i < frames; ++i) {
            p.cursorNs = full / frames * i;
            p.hoveredTask = i * 97;
            QElapsedTimer t;
            t.start();
            QPainter painter(&image);
            renderer.paint(&painter, QSizeF(size), p);
            painter.end();
            times.push_back(ms(t.nsecsElapsed()));
        }
        double mean = 0;
        for (double t : times)
            mean += t / double(times.size());
        row("fit all, cached geometry (cursor/hover), mean", mean, "ms", 16, "16 ms");
        const auto stats = renderer.lastStats();
        std::printf("  fit-all geometry: %d rects, %d markers, %d lines, %d labels (from %zu bars)\n", stats.rects,
            stats.markers, stats.lines, stats.labels, session->tasks.size());
    }
    if (parser.isSet(pictureOption)) {
        TimelineViewParams p;
        p.rangeStart = 0;
        p.rangeEnd = full;
        QPainter painter(&image);
        renderer.paint(&painter, QSizeF(size), p);
        painter.end();
        image.save(parser.value(pictureOption));
        // and one zoomed in far enough for names, steps and single markers
        p.rangeStart = 60'000'000'000 - full / 4000;
        p.rangeEnd = p.rangeStart + full / 1500;
        p.cursorNs = 60'000'000'000 + full / 10000;
        p.selectedTask = int(session->tasks.size() * 60 / 88);
        QPainter zoomed(&image);
        renderer.paint(&zoomed, QSizeF(size), p);
        zoomed.end();
        QString zoomPath = parser.value(pictureOption);
        zoomPath.insert(zoomPath.lastIndexOf(QLatin1Char('.')), QStringLiteral("-zoomed"));
        image.save(zoomPath);
    }
    std::printf("\n%s\n", allOk ? "all paint targets met" : "some paint targets MISSED");
    return 0;
}
