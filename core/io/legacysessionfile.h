// SPDX-License-Identifier: MIT
// The older run file format, "poolscope-session/1", still read (and written for tests of the reader).
#pragma once

#include "record/run.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace poolscope {

// Format "poolscope-session/1". A fixed header, a JSON metadata block, then a binary event table. All
// integers are little-endian; every section has a CRC-32 (IEEE 802.3, as zlib's crc32).
//
//   offset  size  field
//   0       20    signature "poolscope-session/1\n"
//   20      4     u32 metadata size M (bytes of UTF-8 JSON)
//   24      4     u32 CRC-32 of the metadata
//   28      4     u32 event record size R (20 in this version)
//   32      8     u64 event count N
//   40      4     u32 CRC-32 of the event table
//   44      4     u32 CRC-32 of bytes 0..43 (the header)
//   48      M     metadata: {"format":"poolscope-session/1","tool":"poolscope",
//                   "scenario":{"name","title","description","model","workers","time_scale"},
//                   "task_fields":["id","group","steps","step_ms","checks_stop","wait","fail_at_step"],
//                   "tasks":[[...one array per task, in submission order, fields as task_fields...]],
//                   "event_fields":[...], "event_count":N}
//   48+M    R*N   events, time-ordered, 20 bytes each (as the run file's)
//   48+M+R*N      end of file (trailing bytes are an error)
//
// Its metadata comes before the events, so it cannot be written while a run is recorded: the run file
// ("poolscope-run/1", io/runfile.h) replaced it. Each task of an old file becomes a group of one.

inline constexpr char LegacySessionSignature[] = "poolscope-session/1\n";

std::optional<Run> parseLegacySessionFile(const QByteArray &data, const QString &sourceName, QString *error);
QByteArray serializeLegacySession(const Run &run);

} // namespace poolscope
