# SPDX-License-Identifier: MIT
"""The recorder: every event of the program, stamped, kept in a list and streamed to the run file.

Recording an event takes no lock: its time is read and its 20 bytes packed and added to one bytearray
(an in-place add is one step under the GIL), which is what a program submitting 100,000 tasks pays for
three times a task. Not a list of records: the collector would walk it, and a flush would sort and join
it on the program's threads (a fifth of what recording cost); the reader puts the events in time order
instead (run file's EVNB). Once the program has a pool, a thread of the recorder's own flushes every
quarter second, so a submit or a task's start and end never look at the clock or the buffer's size for
it; before that (and for the rarer events) whoever notices that the buffer is full or old flushes it. A
flush takes the events there, then the declarations (every event was added after what it names was
declared, so taking the events first means their declarations are taken too), and writes the
declarations, then the events. Only submit() and the declarations take a lock, to number tasks, lanes,
pools and Events in order (on CPython 3.9-3.13 submit() numbers under concurrent.futures' own global lock
instead); that lock is held around this module's code only, never the program's, and a signal handler
that records while its own thread holds it (known by thread ident) does without it, so recording cannot
deadlock the program.
"""

import _thread
import os
import threading
import time

from . import _runfile

# core/record/recordedevent.h's numbers: never renumber.
SUBMIT, START, CANCEL, SKIP, SET, CLEAR, END = 0, 1, 3, 4, 5, 6, 8
SHUTDOWN, SHUTDOWN_END, CHECK, CALL, CALL_END = 9, 10, 21, 22, 23
COMPLETED, FAILED = 1, 4  # outcomes (End's flags); "stopped" is read from the task's checks
CANCEL_TRUE, CANCEL_BY_SHUTDOWN, CANCEL_INTERNAL = 0x1, 0x2, 0x8
CHECK_SET, CHECK_WAIT = 0x1, 0x2
CALL_WAIT, CALL_AS_COMPLETED = 1, 2
NO_TASK = 0xFFFFFFFF
MAIN_LANE = -1

BATCH = 1 << 16  # events per EVNB section (1.25 MiB)
BATCH_BYTES = BATCH * _runfile.EVENT.size
FLUSH_NS = 250_000_000  # at most this long between a recorded event and the file
FLUSH_S = FLUSH_NS / 1e9
IDLE_FLUSH_NS = 20_000_000  # before the program blocks, write what waited longer than this

_monotonic_ns = time.monotonic_ns
_get_ident = _thread.get_ident
_pack_event = _runfile.EVENT.pack
_pack_task = _runfile.TASK.pack


def _take(items):
    """What a list or bytearray holds now, removed from it; what is added meanwhile stays (each step is
    one step under the GIL)."""
    n = len(items)
    taken = items[:n]
    del items[:n]
    return taken


class Recorder:
    def __init__(self, fd, run_info):
        self._lock = _thread.allocate_lock()  # numbering: tasks, lanes, pools, Events
        self._owner = None  # its holder's ident
        self._flushing = _thread.allocate_lock()
        self._wake = None  # the flushing thread's, once it runs: released to end it at once
        self._closed = False
        self._file = _runfile.RunFile(fd)
        self._fd = fd
        self.t0 = _monotonic_ns()
        self.events = bytearray()  # packed events, added to by any thread
        self.flush_due = FLUSH_NS
        self._task_records = bytearray()  # packed (spec, ordinal) by task index
        self._task_count = 0
        self._specs = {}  # qualname -> [group index, submissions so far]
        self._new_specs = []
        self._pools = 0
        self._workers = 0
        self._callers = 0
        self._flags = 0
        self._flag_names = {}
        self._decl = ([], [], [], [])  # new pools, workers, callers, events
        self.tls = threading.local()
        self._main = _get_ident()
        self._file.info(run_info)
        self._declare_caller(self._main, "MainThread")

    # --- numbering ---------------------------------------------------------------------------------

    def _enter(self):
        """Takes the numbering lock, unless this thread holds it already (a signal handler that
        interrupted it): then False, and the caller records nothing."""
        me = _get_ident()
        if self._owner == me:
            return False
        self._lock.acquire()
        self._owner = me
        return True

    def _leave(self):
        self._owner = None
        self._lock.release()

    def lane(self):
        """This thread's lane: its worker lane if it is a pool's worker, else a caller lane of its own."""
        lane = getattr(self.tls, "lane", None)
        if lane is None:
            ident = _get_ident()
            if ident == self._main:
                lane = MAIN_LANE
            else:
                # Never threading.current_thread() here: it may make a _DummyThread, which makes an
                # Event, which comes back here. The registry is a plain dict.
                thread = threading._active.get(ident)
                name = getattr(thread, "_name", None) or "thread-%d" % ident
                if not self._enter():
                    return MAIN_LANE
                try:
                    lane = self._declare_caller(ident, name)
                finally:
                    self._leave()
            self.tls.lane = lane
        return lane

    def _declare_caller(self, ident, name):
        lane = -1 - self._callers
        self._decl[2].append({"lane": self._callers, "name": name, "ident": ident})
        self._callers += 1
        return lane

    def worker_started(self, pool, name):
        """Called on a pool's new worker thread before it takes any work."""
        if not self._enter():
            return None
        try:
            lane = self._workers
            self._workers += 1
            self._decl[1].append({"lane": lane, "pool": pool, "name": name, "ident": _get_ident()})
        finally:
            self._leave()
        self.tls.lane = lane
        return lane

    def pool(self, max_workers, prefix, type_name):
        if not self._enter():
            return None
        try:
            index = self._pools
            self._pools += 1
            self._decl[0].append({"index": index, "max_workers": max_workers,
                                  "thread_name_prefix": prefix, "type": type_name})
            if self._wake is None:
                self._start_flushing_thread()
        finally:
            self._leave()
        return index

    def flag(self, name):
        """A new threading.Event of the program's; names made twice get "#2", "#3"..."""
        if not self._enter():
            return None
        try:
            seen = self._flag_names.get(name, 0) + 1
            self._flag_names[name] = seen
            index = self._flags
            self._flags += 1
            self._decl[3].append({"index": index, "name": name if seen == 1 else "%s#%d" % (name, seen)})
        finally:
            self._leave()
        return index

    def _start_flushing_thread(self):
        """Only once the program makes a pool: it has threads then, so one more changes nothing it sees
        (a process of one thread that forks would be warned about a second). A bare thread, not a
        threading.Thread: it is in no list of the program's and makes no Event."""
        self._wake = _thread.allocate_lock()
        self._wake.acquire()
        try:
            _thread.start_new_thread(self._flush_every, ())
        except RuntimeError:
            pass  # no thread to be had: the events wait for a blocking call, an Event's, or the end

    def _flush_every(self):
        wake = self._wake
        while not self._closed:
            wake.acquire(True, FLUSH_S)
            self.flush(wait=True)

    def submit(self, qualname, pool, lane):
        """A new task, in submission order, and its Submit event; None if it cannot be recorded now."""
        me = _get_ident()
        if self._owner == me:  # _enter(), inlined: this runs once a task
            return None
        lock = self._lock
        lock.acquire()
        self._owner = me
        try:
            task = self.submit_ordered(qualname, pool, lane)
        finally:
            self._owner = None
            lock.release()
        self.flush_if_due()
        return task

    def submit_ordered(self, qualname, pool, lane):
        """submit() for a caller that holds concurrent.futures' global shutdown lock, which every
        submit() takes on CPython 3.9-3.13: it orders the submits already, and a second lock here was
        a fifth of what recording a task cost. Nothing here flushes: a pool's submits leave that to the
        flushing thread."""
        spec = self._specs.get(qualname)
        if spec is None:
            spec = self._specs[qualname] = [len(self._specs), 0]
            self._new_specs.append(qualname)
        spec[1] += 1
        task = self._task_count
        self._task_count = task + 1
        self._task_records += _pack_task(spec[0], spec[1])
        self.events += _pack_event(_monotonic_ns() - self.t0, task, pool, lane, SUBMIT, 0)
        return task

    # --- events ------------------------------------------------------------------------------------

    def emit(self, kind, task, value, lane, flags):
        t = _monotonic_ns() - self.t0
        events = self.events
        events += _pack_event(t, task, value, lane, kind, flags)
        if t > self.flush_due or len(events) >= BATCH_BYTES:
            self.flush()

    def before_blocking(self):
        """The program is about to block: put on disk what it recorded, so a kill loses none of it."""
        if self.events and _monotonic_ns() - self.t0 > self.flush_due - FLUSH_NS + IDLE_FLUSH_NS:
            self.flush()

    def flush(self, wait=False):
        # One flusher at a time; the others (and a signal handler interrupting it) go on recording.
        if not self._flushing.acquire(wait):
            return
        try:
            if not self._closed:
                self._flush()
        finally:
            self._flushing.release()

    def _flush(self):
        self.flush_due = _monotonic_ns() - self.t0 + FLUSH_NS  # first: the others stop calling
        events = _take(self.events)
        f = self._file
        pools, workers, callers, flags = (_take(d) for d in self._decl)
        if pools or workers or callers or flags:
            f.declarations(pools, workers, callers, flags)
        # Tasks before specs: a submit appends its spec, then its task, then its event, so whatever
        # task is taken finds its spec taken after it.
        tasks = _take(self._task_records)
        specs = _take(self._new_specs)
        if specs:
            f.spec_section(specs)
        if tasks:
            f.task_section(len(tasks) // _runfile.TASK.size, tasks)
        for at in range(0, len(events), BATCH_BYTES):
            part = events[at:at + BATCH_BYTES]
            f.event_section(len(part) // _runfile.EVENT.size, part)

    def finish(self, complete):
        """Writes what is left and the END! section; later events are dropped (daemon threads)."""
        self._flushing.acquire()
        try:
            if self._closed:
                return False
            try:
                self._flush()
                self._file.end(complete)
            finally:
                self._closed = True
            os.close(self._fd)
        finally:
            self._flushing.release()
        if self._wake is not None and self._wake.locked():
            try:
                self._wake.release()  # the flushing thread sees it is closed and ends
            except RuntimeError:
                pass
        return True

    def forget(self):
        """In a forked child: never write to the parent's file (its copy of the buffer is dropped)."""
        self._closed = True
        try:
            os.close(self._fd)
        except OSError:
            pass
