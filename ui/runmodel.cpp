// SPDX-License-Identifier: MIT
#include "runmodel.h"

#include "poolsession.h"
#include "recorder.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>
#include <algorithm>

// QT_LOGGING_RULES="poolscope.ui.refresh.debug=true" prints every refresh that takes over 4 ms, by phase.
Q_LOGGING_CATEGORY(lcRefresh, "poolscope.ui.refresh", QtWarningMsg)

namespace poolscope {

namespace {
constexpr int RefreshIntervalMs = 33; // ~30 Hz: smooth to the eye, cheap for the GUI thread

bool earlier(const RecordedEvent &a, const RecordedEvent &b)
{
    return a.tNs < b.tNs;
}
} // namespace

// What the model keeps about the live run it follows.
struct RunModel::LiveCursor
{
    Recorder::Cursor cursor;
    bool finishedSignalled = false;
    quint64 lateMerges = 0; // how often an older event arrived after newer ones (statistics for the benchmark)
};

RunModel::RunModel(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(RefreshIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RunModel::refresh);
}

RunModel::~RunModel() = default;

void RunModel::attachLive(PoolSession *live)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (!live) {
        // Keep what was read; the run is now a finished recording.
        if (m_live)
            refresh();
        m_live = nullptr;
        m_liveCursor.reset();
        m_timer.stop();
        return;
    }
    m_live = live;
    m_liveCursor = std::make_unique<LiveCursor>();
    const PoolSession::Info &info = live->info();
    m_session = Session {};
    m_session.scenarioName = info.scenarioName;
    m_session.title = info.title;
    m_session.description = info.description;
    m_session.model = info.model;
    m_session.workers = info.workers;
    m_session.timeScale = info.timeScale;
    m_state = SessionState {};
    m_state.reset(0, info.workers);
    const bool cursorMoved = m_cursorNs != -1;
    m_cursorNs = -1;
    emit sessionReset();
    if (cursorMoved)
        emit cursorChanged(-1);
    m_timer.start();
    refresh();
}

void RunModel::setSession(Session session)
{
    Q_ASSERT(thread() == QThread::currentThread());
    m_live = nullptr;
    m_liveCursor.reset();
    m_timer.stop();
    m_session = std::move(session);
    // A saved file is ordered by time already; make sure of it, stably, so ties keep their order.
    if (!std::is_sorted(m_session.events.begin(), m_session.events.end(), earlier))
        std::stable_sort(m_session.events.begin(), m_session.events.end(), earlier);
    const bool cursorMoved = m_cursorNs != -1;
    m_cursorNs = -1;
    m_state = SessionState {};
    m_state.reset(m_session.tasks.size(), m_session.workers);
    for (const RecordedEvent &e : m_session.events) {
        if (e.task != NoTask && e.task >= m_state.tasks().size())
            m_state.ensureTaskCount(e.task + 1);
        m_state.apply(e);
    }
    emit sessionReset();
    if (cursorMoved)
        emit cursorChanged(-1);
    emit stateChanged();
}

void RunModel::setCursorNs(qint64 ns)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (ns < -1)
        ns = -1;
    if (ns == m_cursorNs)
        return;
    m_cursorNs = ns;
    // The state at a moment is a replay from the start: apply() is O(1) an event, so even a long run
    // replays in a few milliseconds, and nothing has to be stored per moment.
    m_state.reset(m_session.tasks.size(), m_session.workers);
    for (const RecordedEvent &e : m_session.events) {
        if (ns >= 0 && e.tNs > ns)
            break;
        if (e.task != NoTask && e.task >= m_state.tasks().size())
            m_state.ensureTaskCount(e.task + 1);
        m_state.apply(e);
    }
    emit cursorChanged(ns);
    emit stateChanged();
}

qint64 RunModel::endNs() const
{
    if (m_live && m_liveCursor && !m_liveCursor->finishedSignalled)
        return m_live->recorder().nowNs();
    return m_session.events.empty() ? 0 : m_session.events.back().tNs;
}

void RunModel::refresh()
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (!m_live || !m_liveCursor)
        return;
    QElapsedTimer clock;
    clock.start();
    qint64 tRead = 0, tSpecs = 0, tAdded = 0, tApply = 0, tAppended = 0;
    // Read "finished" before the events: if it is true now, every event is already published.
    const bool finished = m_live->isFinished();
    std::vector<RecordedEvent> fresh = m_live->recorder().readNew(m_liveCursor->cursor);

    tRead = clock.nsecsElapsed();
    // New tasks first, so views have rows for the events that follow.
    quint32 maxTask = 0;
    bool anyTask = false;
    for (const RecordedEvent &e : fresh) {
        if (e.task != NoTask) {
            maxTask = anyTask ? std::max(maxTask, e.task) : e.task;
            anyTask = true;
        }
    }
    const size_t oldTasks = m_session.tasks.size();
    // A task's spec is published before its Submit event is recorded, so the specs are fetched only when an
    // event names a task we have no row for (fetching takes the session's lock: not on every tick).
    const size_t needed = anyTask ? size_t(maxTask) + 1 : 0;
    if (needed > oldTasks) {
        std::vector<TaskSpec> specs = m_live->taskSpecs(oldTasks);
        const size_t liveCount = std::max(needed, oldTasks + specs.size());
        m_session.tasks.reserve(liveCount);
        m_state.reserve(liveCount);
        for (TaskSpec &spec : specs)
            m_session.tasks.push_back(std::move(spec));
        // An event can name a task whose spec is not visible yet: give it a placeholder row.
        while (m_session.tasks.size() < liveCount) {
            TaskSpec placeholder;
            placeholder.id = QStringLiteral("#%1").arg(m_session.tasks.size() + 1);
            m_session.tasks.push_back(placeholder);
        }
        m_state.ensureTaskCount(m_session.tasks.size());
    }
    const size_t newTasks = m_session.tasks.size();
    tSpecs = clock.nsecsElapsed();
    if (newTasks > oldTasks)
        emit tasksAdded(int(oldTasks), int(newTasks - oldTasks));
    tAdded = clock.nsecsElapsed();

    if (!fresh.empty()) {
        // readNew gives each thread's events in order, one thread after another: sort across threads.
        std::stable_sort(fresh.begin(), fresh.end(), earlier);
        std::vector<RecordedEvent> &events = m_session.events;
        const size_t oldSize = events.size();
        const bool inOrder = events.empty() || fresh.front().tNs >= events.back().tNs;
        // Grow by a quarter, not double: a long run's copy of the events is most of the window's memory.
        if (events.capacity() < oldSize + fresh.size())
            events.reserve(oldSize + fresh.size() + std::max<size_t>(oldSize / 4, 4096));
        events.insert(events.end(), fresh.begin(), fresh.end());
        size_t firstChanged = oldSize;
        if (!inOrder) {
            // An event recorded earlier was published later than newer ones we already applied (a thread
            // was preempted between its timestamp and its publish). Merge it in place and replay.
            ++m_liveCursor->lateMerges;
            const auto mid = events.begin() + qsizetype(oldSize);
            firstChanged = size_t(std::upper_bound(events.begin(), mid, fresh.front(), earlier) - events.begin());
            std::inplace_merge(events.begin(), mid, events.end(), earlier);
        }
        bool changed = false;
        if (m_cursorNs < 0) {
            if (inOrder) {
                for (const RecordedEvent &e : fresh)
                    m_state.apply(e);
            } else {
                m_state.reset(m_session.tasks.size(), m_session.workers);
                for (const RecordedEvent &e : events)
                    m_state.apply(e);
            }
            changed = true;
        } else if (fresh.front().tNs <= m_cursorNs) {
            // A late event falls before the chosen moment: the state there changed.
            m_state.reset(m_session.tasks.size(), m_session.workers);
            for (const RecordedEvent &e : events) {
                if (e.tNs > m_cursorNs)
                    break;
                m_state.apply(e);
            }
            changed = true;
        }
        tApply = clock.nsecsElapsed();
        // After a late merge, firstChanged points before events already reported: views re-read from it.
        emit eventsAppended(int(firstChanged), int(events.size() - firstChanged));
        tAppended = clock.nsecsElapsed();
        if (changed)
            emit stateChanged();
    } else if (newTasks > oldTasks) {
        emit stateChanged();
    }

    if (lcRefresh().isDebugEnabled() && clock.nsecsElapsed() > 4000000) {
        qCDebug(lcRefresh,
            "refresh %.1f ms: read %.1f, specs %.1f, rows %.1f, apply %.1f, appended %.1f, changed %.1f "
            "(%zu events, %zu tasks)",
            clock.nsecsElapsed() / 1e6, tRead / 1e6, (tSpecs - tRead) / 1e6, (tAdded - tSpecs) / 1e6,
            tApply ? (tApply - tAdded) / 1e6 : 0.0, tAppended ? (tAppended - tApply) / 1e6 : 0.0,
            tAppended ? (clock.nsecsElapsed() - tAppended) / 1e6 : 0.0, fresh.size(), m_session.tasks.size());
    }
    if (finished && !m_liveCursor->finishedSignalled) {
        m_liveCursor->finishedSignalled = true;
        m_session.events.shrink_to_fit(); // nothing more will come
        m_timer.stop();
        emit liveFinished();
    }
}

} // namespace poolscope
