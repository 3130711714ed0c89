// SPDX-License-Identifier: MIT
// The checks a loaded event must pass before any view indexes with it (both run file formats).
#pragma once

#include "record/recordedevent.h"

#include <QString>

namespace poolscope {

// What an event may name: the indices declared before it.
struct EventLimits
{
    quint64 tasks = 0;
    int workers = 1; // worker lanes
    int callers = 1; // caller lanes (a scenario has one)
    // A recording's pools and Events (threading.Event), which its events' values name; a scenario's
    // values are not checked against these.
    bool recording = false;
    int pools = 1;
    int flags = 1;
};

// Decodes one 20-byte event record (the run file's layout). Returns false, with the field and what is
// wrong, if the event could not have been recorded: an unknown kind or outcome, a task or lane out of
// range, a time before the previous event's, a pool or Event a recording never declared.
enum class RecordByteOrder
{
    Little, // poolscope's own EVNT sections
    Big // the Python recorder's EVNB sections
};
bool decodeEvent(const char *record, const EventLimits &limits, qint64 previousNs, RecordedEvent *out,
                 const char **field, QString *what, RecordByteOrder order = RecordByteOrder::Little);
void encodeEvent(const RecordedEvent &e, char *record);

constexpr quint32 EventRecordSize = 20;

} // namespace poolscope
