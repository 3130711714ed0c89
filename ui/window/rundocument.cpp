// SPDX-License-Identifier: MIT
#include "window/rundocument.h"

#include "clock/runclock.h"
#include "models/model.h"
#include "models/modelregistry.h"
#include "runner/runner.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>
#include <algorithm>

// QT_LOGGING_RULES="poolscope.ui.refresh.debug=true" prints every refresh that takes over 4 ms.
Q_LOGGING_CATEGORY(lcRefresh, "poolscope.ui.refresh", QtWarningMsg)

namespace poolscope {

namespace {
constexpr int RefreshIntervalMs = 33; // ~30 Hz: smooth to the eye, cheap for the GUI thread

bool earlier(const RecordedEvent &a, const RecordedEvent &b)
{
    return a.tNs < b.tNs;
}
} // namespace

RunDocument::RunDocument(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(RefreshIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RunDocument::refresh);
    m_reading.reset(&m_run);
}

RunDocument::~RunDocument() = default;

const ModelWords &RunDocument::words() const
{
    const Model *model = findModel(m_run.info.model);
    if (!model)
        model = findModel(QStringLiteral("python"));
    return model->words();
}

void RunDocument::attachLive(Runner *live)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (!live) {
        // Keep what was read; the run is now a finished recording.
        if (m_live)
            refresh();
        m_live = nullptr;
        m_reader.reset();
        m_timer.stop();
        return;
    }
    m_live = live;
    m_finishedSignalled = false;
    m_reader = std::make_unique<LiveReader>(live, &m_run);
    m_reading.reset(&m_run);
    const bool cursorMoved = m_cursorNs != -1;
    m_cursorNs = -1;
    emit runReset();
    if (cursorMoved)
        emit cursorChanged(-1);
    m_timer.start();
    refresh();
}

void RunDocument::setRun(Run run, RunReading *alreadyRead)
{
    Q_ASSERT(thread() == QThread::currentThread());
    m_live = nullptr;
    m_reader.reset();
    m_timer.stop();
    m_run = std::move(run);
    const bool cursorMoved = m_cursorNs != -1;
    m_cursorNs = -1;
    if (alreadyRead) {
        // Read from a file, whose reader proved its times never go back.
        const quint64 previous = m_reading.history().revision();
        m_reading = std::move(*alreadyRead);
        m_reading.rebind(&m_run, previous);
    } else {
        // A run handed over here is ordered by time already; make sure of it, stably, so ties keep their order.
        if (!std::is_sorted(m_run.events.begin(), m_run.events.end(), earlier))
            std::stable_sort(m_run.events.begin(), m_run.events.end(), earlier);
        m_reading.reset(&m_run);
    }
    emit runReset();
    if (cursorMoved)
        emit cursorChanged(-1);
    emit stateChanged();
}

void RunDocument::replayCursor()
{
    // The state at a moment is a replay from the start: apply() is O(1) an event, so even a long run
    // replays in a few milliseconds, and nothing has to be stored per moment.
    m_cursorState.reset(m_run.tasks.size(), m_run.info.workers);
    for (const RecordedEvent &e : m_run.events) {
        if (e.tNs > m_cursorNs)
            break;
        m_cursorState.apply(e);
    }
}

void RunDocument::setCursorNs(qint64 ns)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (ns < -1)
        ns = -1;
    if (ns == m_cursorNs)
        return;
    m_cursorNs = ns;
    if (ns >= 0)
        replayCursor();
    emit cursorChanged(ns);
    emit stateChanged();
}

qint64 RunDocument::endNs() const
{
    if (m_live && !m_finishedSignalled)
        return m_live->clock().nowNs();
    return m_run.events.empty() ? 0 : m_run.events.back().tNs;
}

void RunDocument::refresh()
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (!m_live || !m_reader)
        return;
    QElapsedTimer clock;
    clock.start();
    const LiveReader::Batch batch = m_reader->pull();
    if (batch.newTasks > 0)
        emit tasksAdded(int(batch.firstTask), int(batch.newTasks));
    if (batch.newEvents > 0) {
        m_reading.append(batch.firstEvent);
        bool changed = m_cursorNs < 0;
        if (m_cursorNs >= 0 && m_run.events[batch.firstEvent].tNs <= m_cursorNs) {
            replayCursor(); // a late event falls before the chosen moment: the state there changed
            changed = true;
        }
        emit eventsAppended(int(batch.firstEvent), int(batch.newEvents));
        if (changed)
            emit stateChanged();
    } else if (batch.newTasks > 0) {
        m_reading.append(m_reading.readCount());
        emit stateChanged();
    }
    if (lcRefresh().isDebugEnabled() && clock.nsecsElapsed() > 4000000)
        qCDebug(lcRefresh, "refresh %.1f ms (%zu new events, %zu tasks)", clock.nsecsElapsed() / 1e6, batch.newEvents,
                m_run.tasks.size());
    if (!batch.finished && m_lastNowNs != endNs()) {
        m_lastNowNs = endNs();
        emit nowAdvanced(m_lastNowNs); // a paused clock stands still: no tick
    }
    if (batch.finished && !m_finishedSignalled) {
        m_finishedSignalled = true;
        m_timer.stop();
        m_reading.append(m_reading.readCount());
        emit liveFinished();
    }
}

} // namespace poolscope
