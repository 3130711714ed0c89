# SPDX-License-Identifier: MIT
"""The poolscope-run/1 file, written section by section as the program runs.

The layout is core/io/runfile.h's: a 16-byte signature, then sections, each a 4-byte ASCII tag, a u32
payload size, the payload and a CRC-32 (zlib's) of the tag, the size and the payload; little-endian,
except the event records of EVNB sections, which are big-endian and in the order the program's threads
added them (the reader puts them in time order: sorting here would cost the program). INFO comes first,
END! last; DECL, SPEC and TASK sections declare what the EVNB sections after them name. Nothing is held
back: every section is written when the recorder flushes.
"""

import binascii
import json
import os
import struct

SIGNATURE = b"poolscope-run/1\n"
EVENT = struct.Struct(">qIihBB")  # t_ns, task, value, worker (lane), kind, flags: 20 bytes, big-endian
TASK = struct.Struct("<II")  # spec (group) index, ordinal (1-based)
_HEAD = struct.Struct("<4sI")
_U32 = struct.Struct("<I")
SPEC_FIELDS = ["id", "steps", "step_ms", "checks_stop", "wait", "fail_at_step", "options", "numbered"]


def _json(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class RunFile:
    """Appends sections to an open file descriptor (never buffered by Python: a forked child that
    inherits it writes nothing, and a crash loses only what the recorder had not flushed)."""

    def __init__(self, fd):
        self._fd = fd
        self.specs = 0
        self.tasks = 0
        self.events = 0
        self._write(SIGNATURE)

    def _write(self, *parts):
        for part in parts:
            view = memoryview(part)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]

    def section(self, tag, payload):
        head = _HEAD.pack(tag, len(payload))
        crc = binascii.crc32(payload, binascii.crc32(head))
        self._write(head, payload, _U32.pack(crc & 0xFFFFFFFF))

    def info(self, run):
        self.section(b"INFO", _json({"format": "poolscope-run/1", "tool": "poolscope_record", "run": run}))

    def declarations(self, pools, workers, callers, events):
        decl = {}
        for key, items in (("pools", pools), ("workers", workers), ("callers", callers), ("events", events)):
            if items:
                decl[key] = items
        self.section(b"DECL", _json(decl))

    def spec_section(self, qualnames):
        # A recorded task has no steps: each qualname is a group whose instances are always "<id>#<n>".
        specs = [[q, 0, 1, False, "sleep", -1, 0, True] for q in qualnames]
        self.section(b"SPEC", _json({"fields": SPEC_FIELDS, "specs": specs}))
        self.specs += len(qualnames)

    def task_section(self, count, records):
        """records: count TASK records, packed."""
        self.section(b"TASK", _U32.pack(count) + records)
        self.tasks += count

    def event_section(self, count, records):
        """records: count EVENT records, packed (big-endian: an EVNB section)."""
        self.section(b"EVNB", _U32.pack(count) + records)
        self.events += count

    def end(self, complete):
        self.section(b"END!", _json({"specs": self.specs, "tasks": self.tasks, "events": self.events,
                                     "complete": bool(complete)}))
