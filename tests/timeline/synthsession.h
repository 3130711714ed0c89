// SPDX-License-Identifier: MIT
#pragma once

// A deterministic simulated run: what a pool would record, without threads or clocks, so timeline
// tests and the benchmark know every time exactly. Used by the timeline tests and bench_timeline.

#include "session.h"
#include "sessionfile.h"

#include <QtEndian>

#include <QRandomGenerator>
#include <algorithm>

namespace poolscope::synth {

struct Options
{
    int tasks = 6;
    int workers = 2;
    int steps = 3;
    qint64 stepNs = 100'000'000; // 100 ms
    qint64 submitGapNs = 0;
    int cancelEvery = 0; // every n-th task gets a cancel() 1 µs after it is submitted (0: none)
    qint64 stopAtNs = -1; // event.set() at this time (-1: never)
    qint64 clearAtNs = -1;
    bool checksStop = true;
    int failEvery = 0; // every n-th task raises at its second step
    bool jitter = false; // vary step lengths (seeded)
    quint32 seed = 1;
    bool finalWait = true;
};

inline Session make(const Options &o)
{
    Session s;
    s.scenarioName = QStringLiteral("synthetic");
    s.title = QStringLiteral("Synthetic run");
    s.description = QStringLiteral("%1 tasks on %2 workers").arg(o.tasks).arg(o.workers);
    s.workers = o.workers;
    s.timeScale = 1.0;
    QRandomGenerator rng(o.seed);
    std::vector<RecordedEvent> ev;
    ev.reserve(size_t(o.tasks) * size_t(o.steps + 4) + 16);
    auto add = [&](qint64 t, EventKind k, quint32 task, qint16 worker, quint8 flags = 0, qint32 value = 0) {
        RecordedEvent e;
        e.tNs = t;
        e.kind = k;
        e.task = task;
        e.worker = worker;
        e.flags = flags;
        e.value = value;
        ev.push_back(e);
    };
    std::vector<qint64> freeAt(size_t(o.workers), 0);
    qint64 lastEnd = 0;
    for (int i = 0; i < o.tasks; ++i) {
        TaskSpec spec;
        spec.id = QStringLiteral("t%1").arg(i + 1);
        spec.group = QStringLiteral("t");
        spec.steps = o.steps;
        spec.stepMs = int(std::max<qint64>(1, o.stepNs / 1000000));
        spec.checksStop = o.checksStop;
        const bool fails = o.failEvery > 0 && i % o.failEvery == o.failEvery - 1 && o.steps > 1;
        spec.failAtStep = fails ? 1 : -1;
        s.tasks.push_back(spec);

        const qint64 submit = qint64(i) * o.submitGapNs;
        add(submit, EventKind::Submit, quint32(i), CallerThread);
        const size_t w = size_t(std::min_element(freeAt.begin(), freeAt.end()) - freeAt.begin());
        const qint64 start = std::max(freeAt[w], submit) + 1000;
        const bool cancel = o.cancelEvery > 0 && i % o.cancelEvery == o.cancelEvery - 1;
        const qint64 cancelAt = submit + 1000;
        if (cancel && cancelAt < start) {
            add(cancelAt, EventKind::CancelCall, quint32(i), CallerThread, CancelResultFlag);
            add(start, EventKind::CancelSkip, quint32(i), qint16(w));
            freeAt[w] = start;
            continue;
        }
        add(start, EventKind::Start, quint32(i), qint16(w));
        qint64 t = start;
        Outcome outcome = Outcome::Completed;
        int done = 0;
        for (int j = 0; j < o.steps; ++j) {
            if (fails && j == 1) {
                outcome = Outcome::Failed;
                break;
            }
            t += o.jitter ? o.stepNs / 2 + qint64(rng.bounded(quint32(std::max<qint64>(1, o.stepNs)))) : o.stepNs;
            ++done;
            add(t, EventKind::Step, quint32(i), qint16(w), 0, done);
            const bool stopSet = o.stopAtNs >= 0 && t >= o.stopAtNs && (o.clearAtNs < 0 || t < o.clearAtNs);
            if (o.checksStop && stopSet) {
                add(t + 500, EventKind::StopObserved, quint32(i), qint16(w), 0, done);
                t += 1000;
                outcome = Outcome::Stopped;
                break;
            }
        }
        if (cancel) // cancel() on a running task: refused
            add(std::max(cancelAt, start + 1), EventKind::CancelCall, quint32(i), CallerThread, 0);
        add(t + 100, EventKind::End, quint32(i), qint16(w), quint8(outcome), done);
        freeAt[w] = t + 100;
        lastEnd = std::max(lastEnd, t + 100);
    }
    if (o.stopAtNs >= 0)
        add(o.stopAtNs, EventKind::StopSet, NoTask, CallerThread);
    if (o.clearAtNs >= 0)
        add(o.clearAtNs, EventKind::StopClear, NoTask, CallerThread);
    if (o.finalWait) {
        const qint64 lastSubmit = qint64(std::max(0, o.tasks - 1)) * o.submitGapNs;
        add(lastSubmit + 10, EventKind::WaitBegin, NoTask, CallerThread);
        add(std::max(lastEnd, lastSubmit + 10) + 10, EventKind::WaitEnd, NoTask, CallerThread);
    }
    std::stable_sort(
        ev.begin(), ev.end(), [](const RecordedEvent &a, const RecordedEvent &b) { return a.tNs < b.tNs; });
    s.events = std::move(ev);
    return s;
}

// The benchmark's shape: 100,000 tasks on 16 workers, about ten events each.
inline Options millionEvents()
{
    Options o;
    o.tasks = 100000;
    o.workers = 16;
    o.steps = 7;
    o.stepNs = 2'000'000;
    o.submitGapNs = 880'000; // keeps the pool a little behind: a queue forms and drains
    o.cancelEvery = 50;
    o.stopAtNs = 60'000'000'000; // a stop set and cleared 50 ms later: some tasks stop
    o.clearAtNs = 60'050'000'000;
    o.jitter = true;
    o.failEvery = 97;
    return o;
}

// Rewrites a session file's checksums, so that a deliberately wrong or mutated file gets past them to the
// field and event checks instead of stopping at a CRC.
inline void fixChecksums(QByteArray &file)
{
    if (file.size() < 48 || !file.startsWith("poolscope-session/1\n"))
        return;
    char *p = file.data();
    const quint32 meta = qFromLittleEndian<quint32>(p + 20);
    if (48 + qint64(meta) > file.size())
        return;
    qToLittleEndian<quint32>(sessionCrc32(p + 48, meta), p + 24);
    qToLittleEndian<quint32>(sessionCrc32(p + 48 + meta, file.size() - 48 - meta), p + 40);
    qToLittleEndian<quint32>(sessionCrc32(p, 44), p + 44);
}

} // namespace poolscope::synth
