// SPDX-License-Identifier: MIT
#pragma once
// Builds small recorded runs by hand, so model tests do not depend on thread timing.

#include "session.h"

#include <QString>

namespace poolscope::test {

class SessionBuilder
{
public:
    explicit SessionBuilder(int workers = 1)
    {
        m_session.scenarioName = QStringLiteral("test");
        m_session.workers = workers;
    }
    // Adds a task spec; returns its index.
    quint32 task(const QString &id, int steps, bool checksStop = false, WaitMode wait = WaitMode::Sleep)
    {
        TaskSpec s;
        s.id = id;
        s.group = id;
        s.steps = steps;
        s.stepMs = 100;
        s.checksStop = checksStop || wait == WaitMode::Event;
        s.wait = wait;
        m_session.tasks.push_back(s);
        return quint32(m_session.tasks.size() - 1);
    }
    SessionBuilder &event(qint64 tMs, EventKind kind, quint32 task = NoTask, qint16 worker = CallerThread,
        quint8 flags = 0, qint32 value = 0)
    {
        RecordedEvent e;
        e.tNs = tMs * 1000000;
        e.kind = kind;
        e.task = task;
        e.worker = worker;
        e.flags = flags;
        e.value = value;
        m_session.events.push_back(e);
        return *this;
    }
    Session build() const { return m_session; }

private:
    Session m_session;
};

} // namespace poolscope::test
