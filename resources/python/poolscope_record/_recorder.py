# SPDX-License-Identifier: MIT
"""The recorder: every event of the program, stamped and appended in time order, streamed to the run file.

One lock orders everything: an event's time is read under it, so the events reach the file in time order
whatever thread records them, and the declarations an event names (its task, its thread's lane, its
pool, its Event) are written before it. The lock is only ever held around this module's own code, never
around the program's, so recording cannot deadlock the program. A signal handler or a finalizer that
runs in the middle of the recorder's own work and records something (an Event set from a SIGINT handler)
does not wait for the lock it already holds: its event is kept aside and written right after.
"""

import _thread
import os
import threading
import time

from . import _runfile

# core/record/recordedevent.h's numbers: never renumber.
SUBMIT, START, CANCEL, SKIP, SET, CLEAR, END = 0, 1, 3, 4, 5, 6, 8
SHUTDOWN, SHUTDOWN_END, CHECK, CALL, CALL_END = 9, 10, 17, 18, 19
COMPLETED, FAILED = 1, 4  # outcomes (End's flags); "stopped" is read from the task's checks
CANCEL_TRUE, CANCEL_BY_SHUTDOWN, CANCEL_INTERNAL = 0x1, 0x2, 0x4
CHECK_SET, CHECK_WAIT = 0x1, 0x2
CALL_WAIT, CALL_AS_COMPLETED = 1, 2
NO_TASK = 0xFFFFFFFF
MAIN_LANE = -1

BATCH = 1 << 16  # events per EVNT section (1.25 MiB)
FLUSH_NS = 250_000_000  # at most this long between a recorded event and the file
IDLE_FLUSH_NS = 20_000_000  # before the program blocks, write what waited longer than this

_monotonic_ns = time.monotonic_ns
_get_ident = _thread.get_ident


class Recorder:
    def __init__(self, fd, run_info):
        self._lock = _thread.RLock()
        self._busy = False  # the lock's holder is inside the recorder (nested calls set events aside)
        self._aside = []
        self._closed = False
        self._file = _runfile.RunFile(fd)
        self._fd = fd
        self._t0 = _monotonic_ns()
        self._last = 0
        self._flushed = 0
        self._events = bytearray(4 + BATCH * _runfile.EVENT.size)
        self._n = 0
        self._tasks = bytearray(4)
        self._task_count = 0
        self._pending_tasks = 0
        self._specs = {}  # qualname -> [group index, submissions so far]
        self._new_specs = []
        self._pools = 0
        self._workers = 0
        self._callers = 0
        self._flags = 0
        self._flag_names = {}
        self._new_decl = ([], [], [], [])  # pools, workers, callers, events
        self._tls = threading.local()
        self._main = _get_ident()
        self._file.info(run_info)
        self._declare_caller(self._main, "MainThread")

    # --- lanes -------------------------------------------------------------------------------------

    def lane(self):
        """This thread's lane: its worker lane if it is a pool's worker, else a caller lane of its own."""
        lane = getattr(self._tls, "lane", None)
        if lane is None:
            ident = _get_ident()
            if ident == self._main:
                lane = MAIN_LANE
            else:
                # Never threading.current_thread() here: it may make a _DummyThread, which makes an
                # Event, which comes back here. The registry is a plain dict.
                thread = threading._active.get(ident)
                name = getattr(thread, "_name", None) or "thread-%d" % ident
                with self._lock:
                    lane = self._declare_caller(ident, name)
            self._tls.lane = lane
        return lane

    def _declare_caller(self, ident, name):
        lane = -1 - self._callers
        self._new_decl[2].append({"lane": self._callers, "name": name, "ident": ident})
        self._callers += 1
        return lane

    def worker_started(self, pool, name):
        """Called on a pool's new worker thread before it takes any work."""
        with self._lock:
            lane = self._workers
            self._workers += 1
            self._new_decl[1].append({"lane": lane, "pool": pool, "name": name, "ident": _get_ident()})
        self._tls.lane = lane
        return lane

    def pool(self, max_workers, prefix, type_name):
        with self._lock:
            index = self._pools
            self._pools += 1
            self._new_decl[0].append({"index": index, "max_workers": max_workers,
                                      "thread_name_prefix": prefix, "type": type_name})
        return index

    def flag(self, name):
        """A new threading.Event of the program's; names made twice get "#2", "#3"..."""
        with self._lock:
            seen = self._flag_names.get(name, 0) + 1
            self._flag_names[name] = seen
            index = self._flags
            self._flags += 1
            self._new_decl[3].append({"index": index, "name": name if seen == 1 else "%s#%d" % (name, seen)})
        return index

    # --- events ------------------------------------------------------------------------------------

    def emit(self, kind, task, value, lane, flags):
        with self._lock:
            if self._busy:
                self._aside.append((_monotonic_ns(), kind, task, value, lane, flags))
                return
            if self._closed:
                return
            self._busy = True
            try:
                self._put(_monotonic_ns(), kind, task, value, lane, flags)
                while self._aside:
                    self._put(*self._aside.pop(0))
            finally:
                self._busy = False

    def submit(self, qualname, pool, lane):
        """A new task, in submission order, and its Submit event; None if it cannot be recorded now."""
        with self._lock:
            if self._busy or self._closed:
                return None
            self._busy = True
            try:
                spec = self._specs.get(qualname)
                if spec is None:
                    spec = self._specs[qualname] = [len(self._specs), 0]
                    self._new_specs.append(qualname)
                spec[1] += 1
                task = self._task_count
                self._task_count += 1
                self._tasks += _runfile.TASK.pack(spec[0], spec[1])
                self._pending_tasks += 1
                self._put(_monotonic_ns(), SUBMIT, task, pool, lane, 0)
                while self._aside:
                    self._put(*self._aside.pop(0))
                return task
            finally:
                self._busy = False

    def _put(self, now, kind, task, value, lane, flags):
        t = now - self._t0
        if t < self._last:  # an event set aside, or one whose clock read raced: keep the file in order
            t = self._last
        self._last = t
        _runfile.EVENT.pack_into(self._events, 4 + self._n * 20, t, task, value, lane, kind, flags)
        self._n += 1
        if self._n == BATCH or t - self._flushed > FLUSH_NS:
            self._flush()

    def before_blocking(self):
        """The program is about to block: put on disk what it recorded, so a kill loses none of it."""
        if self._n and _monotonic_ns() - self._t0 - self._flushed > IDLE_FLUSH_NS:
            with self._lock:
                if not self._busy and not self._closed:
                    self._busy = True
                    try:
                        self._flush()
                    finally:
                        self._busy = False

    def _flush(self):
        f = self._file
        pools, workers, callers, flags = self._new_decl
        if pools or workers or callers or flags:
            f.declarations(pools, workers, callers, flags)
            self._new_decl = ([], [], [], [])
        if self._new_specs:
            f.spec_section(self._new_specs)
            self._new_specs = []
        if self._pending_tasks:
            f.task_section(self._pending_tasks, self._tasks)
            self._tasks = bytearray(4)
            self._pending_tasks = 0
        if self._n:
            f.event_section(self._n, self._events)
            self._n = 0
        self._flushed = self._last

    def finish(self, complete):
        """Writes what is left and the END! section; later events are dropped (daemon threads)."""
        with self._lock:
            if self._closed:
                return False
            self._busy = True
            try:
                while self._aside:
                    self._put(*self._aside.pop(0))
                self._flush()
                self._file.end(complete)
            finally:
                self._closed = True
                self._busy = False
            os.close(self._fd)
        return True

    def forget(self):
        """In a forked child: never write to the parent's file (its copy of the buffer is dropped)."""
        self._closed = True
        try:
            os.close(self._fd)
        except OSError:
            pass
