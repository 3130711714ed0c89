// SPDX-License-Identifier: MIT
#pragma once

#include "recordedevent.h"
#include "session.h"

#include <QPlainTextEdit>
#include <vector>

namespace poolscope {

class RunModel;

// Turns recorded events into console lines, the way the seed lesson's programs print ("The task is
// running...", "Cancel task...", "Stop task...", "Waiting...", "All done."), plus the calls they make,
// each with its time and thread. Keeps one byte a task to say why a cancel() failed.
class ConsoleWriter
{
public:
    void reset(size_t tasks = 0);
    // Empty when the event prints nothing (steps).
    QString line(const Session &session, const RecordedEvent &event);

private:
    enum Seen : quint8
    {
        NotStarted,
        Started,
        Ended
    };
    std::vector<quint8> m_seen;
};

// The console: read-only, monospaced, bounded (old lines drop off), appended once per refresh.
class ConsoleView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ConsoleView(RunModel *model, QWidget *parent = nullptr);

    void appendNote(const QString &text); // a line from the window itself (errors, new pool, ...)
    QStringList lines() const; // for tests

private:
    void rebuild();
    void onEventsAppended(int first, int count);

    RunModel *m_model;
    ConsoleWriter m_writer;
    size_t m_processed = 0;
};

} // namespace poolscope
