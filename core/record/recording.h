// SPDX-License-Identifier: MIT
// What a recorded program declared as it ran: its pools, its threads (a lane each) and its Events.
#pragma once

#include "record/recordedevent.h"

#include <QJsonObject>
#include <QString>
#include <vector>

namespace poolscope {

// One concurrent.futures.ThreadPoolExecutor (or subclass) of the program, in creation order.
struct RecordedPool
{
    int maxWorkers = 0;
    QString namePrefix; // thread_name_prefix
    QString type; // the class's __qualname__: "ThreadPoolExecutor", or a subclass
};

// A thread of the program: a worker lane (pool >= 0) or a caller lane (pool < 0).
struct RecordedThread
{
    QString name;
    qint64 ident = 0; // threading.get_ident()
    int pool = -1;
};

// A threading.Event the program made: the name of the variable it went into, else where it was made.
struct RecordedFlag
{
    QString name;
};

// Empty for a scenario run (one pool, one caller, one stop event). A recording's events use these indices:
// a worker lane is an index into workers, a caller lane -1-k an index k into callers (CallerThread is the
// main thread), a Submit's value is the task's pool, a StopSet/StopClear/Check's value an index into flags.
struct Recording
{
    bool active = false; // the run is a recorded program
    QJsonObject program; // what the recorder wrote about the program: its argv, Python, process
    std::vector<RecordedPool> pools;
    std::vector<RecordedThread> workers;
    std::vector<RecordedThread> callers;
    std::vector<RecordedFlag> flags;
};

} // namespace poolscope
