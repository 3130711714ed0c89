// SPDX-License-Identifier: MIT
// The checks a loaded event must pass before any view indexes with it (both run file formats).
#pragma once

#include "record/recordedevent.h"

#include <QString>

namespace poolscope {

// Decodes one 20-byte event record (the run file's layout). Returns false, with the field and what is
// wrong, if the event could not have been recorded: an unknown kind or outcome, a task or worker out of
// range, a time before the previous event's.
bool decodeEvent(const char *record, quint64 taskCount, int lanes, qint64 previousNs, RecordedEvent *out,
                 const char **field, QString *what);
void encodeEvent(const RecordedEvent &e, char *record);

constexpr quint32 EventRecordSize = 20;

} // namespace poolscope
