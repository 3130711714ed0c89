// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace poolscope {

// A recorded run saved as one ".poolscope" file, opened later without running anything.
//
// Format "poolscope-session/1". A fixed header, a JSON metadata block, then a binary event table, so a
// million events load in a few tens of milliseconds and round-trip bit for bit. All integers are
// little-endian; every section has a CRC-32 (IEEE 802.3, as zlib's crc32).
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
//   48+M    R*N   events, time-ordered, each: i64 t_ns, u32 task (0xffffffff: none), i32 value,
//                 i16 worker (-1: the caller), u8 kind (EventKind), u8 flags
//   48+M+R*N      end of file (trailing bytes are an error)
//
// Loading validates everything the views rely on (event kinds and outcomes, task and worker indices in
// range, times non-decreasing, each task's events in a possible order), so a damaged, truncated or
// foreign file gives one line naming the file and the offset or field, never a crash.

inline constexpr char SessionFileFormat[] = "poolscope-session/1";

QByteArray serializeSession(const Session &session);
// sourceName is used in error messages (usually the path).
std::optional<Session> parseSessionFile(const QByteArray &data, const QString &sourceName, QString *error);

// Writes through a temporary file and a rename (nothing half-written on failure).
bool saveSessionFile(const Session &session, const QString &path, QString *error);
std::optional<Session> loadSessionFile(const QString &path, QString *error);

// True when the file starts with the session signature (cheap: reads 20 bytes). Lets the command line
// tell `poolscope SESSION` from a scenario file.
bool looksLikeSessionFile(const QString &path);

// CRC-32 as used by the format (exposed for tests that forge consistent but wrong files).
quint32 sessionCrc32(const char *data, qsizetype size);

} // namespace poolscope
