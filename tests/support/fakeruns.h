// SPDX-License-Identifier: MIT
// Recorded runs made without threads or clocks, so tests and benchmarks know every time exactly: a
// builder for small hand-written runs, and a generator of large simulated ones.
#pragma once

#include "io/runfile.h"
#include "record/run.h"

#include <QRandomGenerator>
#include <QString>
#include <QtEndian>
#include <algorithm>

namespace poolscope::test {

// Small runs by hand: a task spec at a time, then its events in time order.
class RunBuilder
{
public:
    explicit RunBuilder(int workers = 1)
    {
        m_run.info.scenarioName = QStringLiteral("test");
        m_run.info.workers = workers;
    }
    // Adds a task; returns its index.
    quint32 task(const QString &id, int steps, bool checksStop = false, WaitMode wait = WaitMode::Sleep)
    {
        TaskSpec s;
        s.id = id;
        s.steps = steps;
        s.stepMs = 100;
        s.checksStop = checksStop || wait == WaitMode::Event;
        s.wait = wait;
        return m_run.addTasks(s, 1);
    }
    RunBuilder &event(qint64 tMs, EventKind kind, quint32 task = NoTask, qint16 worker = CallerThread,
                      quint8 flags = 0, qint32 value = 0)
    {
        RecordedEvent e;
        e.tNs = tMs * 1000000;
        e.kind = kind;
        e.task = task;
        e.worker = worker;
        e.flags = flags;
        e.value = value;
        m_run.events.push_back(e);
        return *this;
    }
    Run build() const { return m_run; }

private:
    Run m_run;
};

} // namespace poolscope::test

// A deterministic simulated run: what a pool would record, for the timeline tests and bench_timeline.
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

inline Run make(const Options &o)
{
    Run s;
    s.info.scenarioName = QStringLiteral("synthetic");
    s.info.title = QStringLiteral("Synthetic run");
    s.info.description = QStringLiteral("%1 tasks on %2 workers").arg(o.tasks).arg(o.workers);
    s.info.workers = o.workers;
    s.info.timeScale = 1.0;
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
        spec.steps = o.steps;
        spec.stepMs = int(std::max<qint64>(1, o.stepNs / 1000000));
        spec.checksStop = o.checksStop;
        const bool fails = o.failEvery > 0 && i % o.failEvery == o.failEvery - 1 && o.steps > 1;
        spec.failAtStep = fails ? 1 : -1;
        s.addTasks(spec, 1);

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

// Rewrites a run file's section checksums, so that a deliberately wrong or mutated file gets past them to
// the field and event checks instead of stopping at a CRC.
inline void fixChecksums(QByteArray &file)
{
    qsizetype at = 16;
    while (at + 12 <= file.size()) {
        char *p = file.data() + at;
        const quint32 size = qFromLittleEndian<quint32>(p + 4);
        if (at + 12 + qint64(size) > file.size())
            return;
        qToLittleEndian<quint32>(runFileCrc32(p, 8 + qsizetype(size)), p + 8 + size);
        at += 12 + qsizetype(size);
    }
}

// The offset of a section's payload (the n-th section with that tag), or -1.
inline qsizetype sectionPayload(const QByteArray &file, const char (&tag)[5], int n = 0)
{
    qsizetype at = 16;
    while (at + 12 <= file.size()) {
        const quint32 size = qFromLittleEndian<quint32>(file.constData() + at + 4);
        if (file.mid(at, 4) == QByteArray(tag, 4) && n-- == 0)
            return at + 8;
        at += 12 + qsizetype(size);
    }
    return -1;
}

} // namespace poolscope::synth
