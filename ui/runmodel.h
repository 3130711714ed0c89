// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"
#include "sessionstate.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace poolscope {

class PoolSession;

// The one place the views read a run from: the events recorded so far (pulled from the live
// PoolSession's recorder at display rate, never pushed per step) or a saved Session, and the
// SessionState at the cursor: live (the latest event) or a moment chosen on the timeline.
class RunModel : public QObject
{
    Q_OBJECT
public:
    explicit RunModel(QObject *parent = nullptr);
    ~RunModel() override;

    // Follows a live run; the model does not own it. Pass nullptr to detach (keeps what was read).
    void attachLive(PoolSession *live);
    // Shows a finished, saved run. Detaches any live run.
    void setSession(Session session);

    const Session &session() const { return m_session; } // specs and events read so far
    const SessionState &state() const { return m_state; } // at the cursor
    bool isLive() const { return m_live != nullptr; }

    // -1 follows the latest event; otherwise the state is rebuilt from the events up to that time.
    void setCursorNs(qint64 ns);
    qint64 cursorNs() const { return m_cursorNs; }
    qint64 endNs() const; // the time of the latest event (while live: now)

    // Pulls new events now (the timer does it about 30 times a second while live).
    void refresh();

signals:
    void sessionReset(); // a new run or file: views rebuild
    // live: new events at the end of session().events. Rarely, an event recorded earlier arrives after newer
    // ones (another thread published it late): it is merged in time order, and firstEvent then points at it,
    // below events already reported. Views that keep per-event state re-read from firstEvent on.
    void eventsAppended(int firstEvent, int count);
    void tasksAdded(int firstTask, int count);
    void stateChanged(); // the state at the cursor changed
    void cursorChanged(qint64 ns);
    void liveFinished();

private:
    PoolSession *m_live = nullptr;
    Session m_session;
    SessionState m_state;
    qint64 m_cursorNs = -1;
    QTimer m_timer;
    struct LiveCursor;
    std::unique_ptr<LiveCursor> m_liveCursor;
};

} // namespace poolscope
