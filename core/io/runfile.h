// SPDX-License-Identifier: MIT
// The run file (".poolscope"): a recorded run saved whole, opened later without running anything.
#pragma once

#include "record/run.h"

#include <QByteArray>
#include <QJsonArray>
#include <QString>
#include <memory>
#include <optional>

namespace poolscope {

struct LoadProgress;

// Format "poolscope-run/1". A signature, then sections written in order as a run is recorded, so a
// recorder streams it (nothing held in memory) and a reader checks every byte. Integers little-endian;
// CRC-32 as zlib's.
//
//   offset 0   16 bytes   signature "poolscope-run/1\n"
//   then sections, each:  u32 tag (ASCII) | u32 payload size N (at most 64 MiB) | N bytes | u32 CRC-32 of
//                         the tag, the size and the payload
//     "INFO"  first and once: UTF-8 JSON {"format":"poolscope-run/1","tool":"poolscope",
//             "run":{"scenario","title","description","model","workers","time_scale","pool"}}; a recorded
//             program's also has "recording":{...} (its argv, Python version, process id; free-form)
//     "SPEC"  task groups, appended: JSON {"fields":[...],"specs":[[id, steps, step_ms, checks_stop,
//             wait, fail_at_step, options, numbered], ...]}
//     "TASK"  tasks, appended: u32 count, then per task u32 spec (a group index), u32 ordinal (1-based)
//     "EVNT"  events, appended in time order: u32 count, then per event 20 bytes: i64 t_ns, u32 task
//             (0xffffffff: none), i32 value, i16 worker (-1: the caller), u8 kind (EventKind), u8 flags
//     "EVNB"  the Python recorder's: the same records with each event's fields big-endian (the count
//             stays little-endian), in the order its threads appended them rather than in time order;
//             the reader puts each section in time order (stable) and moves an event earlier than the
//             previous section's last up to that time; a negative time is an error
//     "DECL"  a recording's only (INFO has "recording"), appended before the events that use them: JSON
//             {"pools":[{"index","max_workers","thread_name_prefix","type"}],
//              "workers":[{"lane","pool","name","ident"}], "callers":[{"lane","name","ident"}],
//              "events":[{"index","name"}]}, each list optional, each index the next one. Worker lanes are
//             the events' workers 0, 1, ...; caller lane k is worker -1-k (0: the main thread); "events" are
//             the program's threading.Events, which StopSet/StopClear/Check name by index in their value
//             (a Submit's value is its task's pool). INFO's "workers" is then the number of worker lanes.
//     "END!"  last and once: JSON {"specs":S,"tasks":T,"events":E,"complete":true|false}; complete is
//             false for a recording whose program ended early (a crash, a kill); an optional
//             "caller_results" (an array of objects) is the report's, for a scenario whose caller called
//             wait/as_completed/result
//   nothing after END!
//
// A task's group and every event's task must come before their use; times never go back. Loading checks
// all of it (event kinds, outcomes, task and worker indices, each task's events in a possible order), so a
// damaged, truncated or foreign file gives one line naming the file and the offset or field, never a
// crash. Files of the older "poolscope-session/1" format are read too.

inline constexpr char RunFileFormat[] = "poolscope-run/1";

// Writes a run file section by section (a live recorder) or whole (save). Through a temporary file and a
// rename: until finish() succeeds, nothing appears at the path.
class RunFileWriter
{
public:
    explicit RunFileWriter(const QString &path = QString()); // no path: in memory (bytes())
    ~RunFileWriter();
    bool begin(const RunInfo &info, const Recording *recording = nullptr);
    bool addDeclarations(const Recording &recording); // every pool, thread and Event of it
    bool addSpecs(const std::vector<TaskSpec> &specs, size_t from = 0);
    bool addTasks(const std::vector<TaskRef> &tasks, size_t from = 0);
    bool addEvents(const RecordedEvent *events, size_t count);
    // callerResults: Run::callerResults (what a Python scenario's wait/as_completed/result returned).
    bool finish(bool complete = true, const QJsonArray &callerResults = {});
    QString errorString() const;
    QByteArray bytes(); // in-memory mode, after finish()

private:
    struct Private;
    std::unique_ptr<Private> d;
};

QByteArray serializeRun(const Run &run);
bool saveRunFile(const Run &run, const QString &path, QString *error);
class RunOutput;
bool saveRunFile(const RunOutput &run, const QString &path, QString *error); // for the writer table

// sourceName is used in error messages (usually the path).
// With progress: its done and total are the file's bytes; a cancel ends the read with the error "cancelled".
std::optional<Run> parseRunFile(const QByteArray &data, const QString &sourceName, QString *error,
                                LoadProgress *progress = nullptr);
std::optional<Run> loadRunFile(const QString &path, QString *error, LoadProgress *progress = nullptr);

// True when the file starts with a run file signature (either format; reads 20 bytes). Lets the command
// line tell `poolscope RUN.poolscope` from a scenario file.
bool looksLikeRunFile(const QString &path);

// CRC-32 as used by the format (exposed for tests that forge consistent but wrong files).
quint32 runFileCrc32(const char *data, qsizetype size);

} // namespace poolscope
