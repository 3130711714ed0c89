// SPDX-License-Identifier: MIT
// gen_recording: writes a large recorded-program run file (poolscope-run/1 with its recording sections)
// straight through RunFileWriter, in seconds, for the scale benchmark (a real Python program would take
// minutes to record 10,000,000 events). Deterministic: the same arguments give the same file.
//
//   gen_recording OUT.poolscope [TASKS=1000000] [POOLS=3] [CHECKS=7]
//
// Each pool has 4 workers; task i goes to pool i % POOLS, a task is submit, start, CHECKS checks of one of
// two Events, end: CHECKS + 3 events a task (10 with the defaults: 10,000,000 events). One Event is set
// half way and cleared a little later, so some tasks stop and the lamp rows change.
#include "io/runfile.h"
#include "record/run.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>

using namespace poolscope;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    // An option where the file belongs (--help) would otherwise become a 200 MB file of that name.
    if (args.size() < 2 || args[1].startsWith(QLatin1Char('-'))) {
        std::fprintf(stderr,
            "usage: gen_recording OUT.poolscope [TASKS] [POOLS] [CHECKS]\n"
            "  defaults: 1000000 tasks on 3 pools of 4 workers, 7 checks a task (~10M events, 208 MB)\n");
        return args.size() < 2 ? 2 : (args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h") ? 0 : 2);
    }
    const quint32 tasks = args.size() > 2 ? args[2].toUInt() : 1000000;
    const int pools = args.size() > 3 ? std::max(1, args[3].toInt()) : 3;
    const int checks = args.size() > 4 ? std::max(0, args[4].toInt()) : 7;
    constexpr int PerPool = 4;
    const int workers = pools * PerPool;
    QElapsedTimer timer;
    timer.start();

    Run run;
    run.info.scenarioName = QStringLiteral("gen_recording.py");
    run.info.title = QStringLiteral("generated recording");
    run.info.workers = workers;
    Recording &rec = run.recording;
    rec.active = true;
    rec.program = QJsonObject { { QStringLiteral("argv"), QStringLiteral("gen_recording") } };
    for (int p = 0; p < pools; ++p)
        rec.pools.push_back(RecordedPool { PerPool, QString(), QStringLiteral("ThreadPoolExecutor") });
    for (int w = 0; w < workers; ++w)
        rec.workers.push_back(RecordedThread { QStringLiteral("ThreadPoolExecutor-%1_%2").arg(w / PerPool).arg(w % PerPool),
                                               1000 + w, w / PerPool });
    rec.callers.push_back(RecordedThread { QStringLiteral("MainThread"), 1, -1 });
    rec.flags.push_back(RecordedFlag { QStringLiteral("stop") });
    rec.flags.push_back(RecordedFlag { QStringLiteral("self.cancelled") });
    const char *names[] = { "fetch", "parse", "Loader.load", "main.<locals>.work", "<lambda>" };
    for (const char *n : names) {
        TaskSpec s;
        s.id = QString::fromLatin1(n);
        s.numbered = true;
        s.checksStop = true;
        run.specs.push_back(s);
    }
    std::vector<quint32> ordinal(run.specs.size(), 0);
    run.tasks.reserve(tasks);
    for (quint32 i = 0; i < tasks; ++i) {
        const quint32 spec = i % quint32(run.specs.size());
        run.tasks.push_back(TaskRef { spec, ++ordinal[spec] });
    }

    // Task i: submitted at i µs, runs on worker i % workers for (checks + 1) µs less a little: a worker's
    // next task (workers µs later) never overlaps it. All events are made, then sorted by time.
    const qint64 gap = 1000;
    const qint64 stopAt = qint64(tasks / 2) * gap + 300, clearAt = stopAt + 50 * gap;
    std::vector<RecordedEvent> ev;
    ev.reserve(size_t(tasks) * size_t(checks + 3) + 2);
    auto add = [&](qint64 t, EventKind k, quint32 task, qint16 worker, quint8 flags, qint32 value) {
        RecordedEvent e;
        e.tNs = t;
        e.kind = k;
        e.task = task;
        e.worker = worker;
        e.flags = flags;
        e.value = value;
        ev.push_back(e);
    };
    const qint64 step = std::max<qint64>(1, (qint64(workers) * gap - 400) / (checks + 2));
    for (quint32 i = 0; i < tasks; ++i) {
        const int w = int(i % quint32(workers));
        const qint64 submit = qint64(i) * gap;
        add(submit, EventKind::Submit, i, CallerThread, 0, w / PerPool);
        qint64 t = submit + 100;
        add(t, EventKind::Start, i, qint16(w), 0, 0);
        int done = 0;
        bool sawSet = false;
        for (int c = 0; c < checks; ++c) {
            t += step;
            const bool set = t >= stopAt && t < clearAt;
            add(t, EventKind::Check, i, qint16(w), set ? CheckSetFlag : 0, c % 2);
            ++done;
            if (set && c % 2 == 0) {
                sawSet = true;
                break;
            }
        }
        add(t + step / 2, EventKind::End, i, qint16(w), quint8(sawSet ? Outcome::Stopped : Outcome::Completed), done);
    }
    add(stopAt, EventKind::StopSet, NoTask, CallerThread, 0, 0);
    add(clearAt, EventKind::StopClear, NoTask, CallerThread, 0, 0);
    std::stable_sort(ev.begin(), ev.end(), [](const RecordedEvent &a, const RecordedEvent &b) { return a.tNs < b.tNs; });

    RunFileWriter out(args[1]);
    bool ok = out.begin(run.info, &rec) && out.addDeclarations(rec) && out.addSpecs(run.specs) && out.addTasks(run.tasks);
    constexpr size_t Chunk = 1 << 20;
    for (size_t at = 0; ok && at < ev.size(); at += Chunk)
        ok = out.addEvents(ev.data() + at, std::min(Chunk, ev.size() - at));
    ok = ok && out.finish(true);
    if (!ok) {
        std::fprintf(stderr, "gen_recording: %s\n", qPrintable(out.errorString()));
        return 1;
    }
    std::printf("%s: %u tasks on %d pools, %zu events, written in %.2f s\n", qPrintable(args[1]), tasks, pools,
                ev.size(), timer.elapsed() / 1000.0);
    return 0;
}
