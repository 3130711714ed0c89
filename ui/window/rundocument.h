// SPDX-License-Identifier: MIT
// The run the window shows: live or saved, read once, with the state at the time cursor.
#pragma once

#include "record/run.h"
#include "replay/livereader.h"
#include "replay/runreading.h"
#include "replay/runstate.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace poolscope {

class ModelWords;
class Runner;

// The one place the views read a run from: the events recorded so far (pulled from a live Runner at
// display rate, never pushed per step) or a saved Run, the reading of them (the latest state, the
// history the timeline draws, the newest happenings the console prints), and the state at the cursor:
// live (the latest event) or a moment chosen on the timeline.
class RunDocument : public QObject
{
    Q_OBJECT
public:
    explicit RunDocument(QObject *parent = nullptr);
    ~RunDocument() override;

    // Follows a live run; the document does not own it. nullptr detaches (keeps what was read).
    void attachLive(Runner *live);
    // Shows a finished, saved run. Detaches any live run.
    // alreadyRead: the run's reading, made where the file was opened (off this thread); taken from.
    void setRun(Run run, RunReading *alreadyRead = nullptr);

    const Run &run() const { return m_run; } // specs and events read so far
    const RunReading &reading() const { return m_reading; }
    const RunState &state() const { return m_cursorNs < 0 ? m_reading.state() : m_cursorState; } // at the cursor
    const ModelWords &words() const;
    bool isLive() const { return m_live != nullptr; }
    bool hasEnded() const { return !m_live || m_finishedSignalled; } // a saved run, or a live one whose program ended

    // -1 follows the latest event; otherwise the state is rebuilt from the events up to that time.
    void setCursorNs(qint64 ns);
    qint64 cursorNs() const { return m_cursorNs; }
    qint64 endNs() const; // the time of the latest event (while live: now)
    qint64 nowNs() const { return m_cursorNs >= 0 ? m_cursorNs : endNs(); } // the moment the views show

    // Pulls new events now (the timer does it about 30 times a second while live).
    void refresh();
    quint64 lateMerges() const { return m_reader ? m_reader->lateMerges() : 0; }

signals:
    void runReset(); // a new run or file: views rebuild
    // New events at the end of run().events. Rarely, an event recorded earlier arrives after newer ones
    // (another thread published it late): it is merged in time order, firstEvent then points at it, and
    // the reading starts over (reading().replayed()).
    void eventsAppended(int firstEvent, int count);
    void tasksAdded(int firstTask, int count);
    void stateChanged(); // the state at the cursor changed
    void cursorChanged(qint64 ns);
    // While a run is live: the display-rate tick (about 30 Hz, whether or not anything was recorded), so
    // running bars grow, progress fills within a step and the timeline's now moves. Never per event.
    void nowAdvanced(qint64 nowNs);
    void liveFinished();

private:
    void replayCursor();

    Runner *m_live = nullptr;
    std::unique_ptr<LiveReader> m_reader;
    bool m_finishedSignalled = false;
    Run m_run;
    RunReading m_reading;
    RunState m_cursorState;
    qint64 m_cursorNs = -1;
    qint64 m_lastNowNs = -1;
    QTimer m_timer;
};

} // namespace poolscope
