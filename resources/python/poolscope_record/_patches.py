# SPDX-License-Identifier: MIT
"""The hooks: concurrent.futures' ThreadPoolExecutor, _WorkItem, Future.cancel, wait(), as_completed()
and threading.Event, patched in place so that the program, its libraries and subclasses use them unchanged.

Each hook calls the original and records around it; none holds the recorder's lock while the program's
code runs. Inside Event methods nothing calls threading.current_thread() (it may make a _DummyThread,
whose start sets an Event): threads are told apart by their idents and a thread-local lane.
"""

import concurrent.futures
import concurrent.futures._base as _base
import concurrent.futures.thread as _thread_mod
import sys
import threading
import time
import types

from . import _names, _runfile
from ._recorder import (CALL, CALL_AS_COMPLETED, CALL_END, CALL_WAIT, CANCEL, CANCEL_BY_SHUTDOWN,
                        CANCEL_INTERNAL, CANCEL_TRUE, CHECK, CHECK_SET, CHECK_WAIT, CLEAR, COMPLETED, END,
                        FAILED, NO_TASK, SET, SHUTDOWN, SHUTDOWN_END, SKIP, START)

_RETURN_WHEN = {_base.FIRST_COMPLETED: 1, _base.FIRST_EXCEPTION: 2, _base.ALL_COMPLETED: 3}

_monotonic_ns = time.monotonic_ns
_pack_event = _runfile.EVENT.pack
_rec = None  # the recorder while recording
_tls = threading.local()  # per thread: "submitting" (an executor in submit()), "task" and "checks" (a running task)
_owners = None

_REPLICAS = (3, 9) <= sys.version_info[:2] <= (3, 13)
_TPE = _thread_mod.ThreadPoolExecutor
_WorkItem = _thread_mod._WorkItem
_Future = _base.Future
_Event = threading.Event
_FunctionType = types.FunctionType
_originals = {}


def _keep(owner, name):
    original = owner.__dict__[name]
    _originals[(owner, name)] = original
    return original


# --- pools -----------------------------------------------------------------------------------------

_tpe_init = _keep(_TPE, "__init__")
_tpe_submit = _keep(_TPE, "submit")
_tpe_shutdown = _keep(_TPE, "shutdown")
_SHUTDOWN_CODE = _tpe_shutdown.__code__
_wi_init = _keep(_WorkItem, "__init__")
_wi_run = _keep(_WorkItem, "run")
_worker = _thread_mod._worker


def _init(self, *args, **kwargs):
    _tpe_init(self, *args, **kwargs)
    rec = _rec
    if rec is not None:
        self._poolscope_pool = rec.pool(self._max_workers, self._thread_name_prefix, type(self).__qualname__)


def _submit(self, fn, /, *args, **kwargs):
    # The work item made inside names the task: a submit that raises (after shutdown) is no task.
    tls = _tls
    outer = getattr(tls, "submitting", None)
    tls.submitting = self
    try:
        return _tpe_submit(self, fn, *args, **kwargs)
    finally:
        tls.submitting = outer


def _submit_replica(self, fn, /, *args, **kwargs):
    """CPython 3.9-3.13's ThreadPoolExecutor.submit, numbering the task before its item is queued (a
    worker that takes it at once finds it). One function instead of a wrapper around the original and
    a hook in _WorkItem: submit() runs once a task."""
    rec = _rec
    pool = getattr(self, "_poolscope_pool", None)
    if rec is None or pool is None:
        return _tpe_submit(self, fn, *args, **kwargs)
    with self._shutdown_lock, _thread_mod._global_shutdown_lock:
        if self._broken:
            raise _thread_mod.BrokenThreadPool(self._broken)
        if self._shutdown:
            raise RuntimeError('cannot schedule new futures after shutdown')
        if _thread_mod._shutdown:
            raise RuntimeError('cannot schedule new futures after '
                               'interpreter shutdown')
        f = _Future()
        w = _WorkItem(f, fn, args, kwargs)
        try:
            lane = rec.tls.lane
        except AttributeError:
            lane = rec.lane()
        f._poolscope_task = rec.submit_ordered(
            fn.__qualname__ if type(fn) is _FunctionType else _names.qualname(fn), pool, lane)
        self._work_queue.put(w)
        self._adjust_thread_count()
    return f


def _work_item_init(self, future, fn, *args, **kwargs):
    _wi_init(self, future, fn, *args, **kwargs)
    rec = _rec
    executor = getattr(_tls, "submitting", None)
    if rec is None or executor is None:
        return
    pool = getattr(executor, "_poolscope_pool", None)
    if pool is None:
        return
    task = rec.submit(_names.qualname(fn), pool, rec.lane())
    if task is not None:
        # Before the item is queued: a worker that takes it at once finds its task.
        future._poolscope_task = task


def _record_start(rec, task):
    lane = rec.lane()
    rec.emit(START, task, 0, lane, 0)
    tls = _tls
    tls.task = task
    tls.checks = 0
    return lane


def _record_end(rec, task, lane, outcome):
    tls = _tls
    checks = tls.checks
    tls.task = None
    rec.emit(END, task, checks, lane, outcome)


def _run(self):
    """CPython 3.9-3.13's _WorkItem.run, recording the start, the end (before the done-callbacks run:
    checks made in those do not belong to the task) and the skip of a cancelled item. The start and end
    are the recorder's emit() inlined, without its flush (the flushing thread's): this runs once a task,
    and is most of what recording costs."""
    rec = _rec
    future = self.future
    task = getattr(future, "_poolscope_task", None)
    if rec is None or task is None:
        return _wi_run(self)
    tls = _tls
    try:
        lane = rec.tls.lane  # a worker's, set when it started
    except AttributeError:
        lane = rec.lane()
    if not future.set_running_or_notify_cancel():
        rec.emit(SKIP, task, 0, lane, 0)
        return
    events = rec.events
    t0 = rec.t0
    events += _pack_event(_monotonic_ns() - t0, task, 0, lane, START, 0)
    tls.task = task
    tls.checks = 0
    try:
        result = self.fn(*self.args, **self.kwargs)
    except BaseException as exc:
        tls.task = None
        rec.emit(END, task, tls.checks, lane, FAILED)
        future.set_exception(exc)
        # Break a reference cycle with the exception 'exc'
        self = None
    else:
        tls.task = None
        events += _pack_event(_monotonic_ns() - t0, task, tls.checks, lane, END, COMPLETED)
        future.set_result(result)


def _run_wrapped(self, *args, **kwargs):
    """Other Pythons: the original run, with the function wrapped (one more frame in tracebacks)."""
    rec = _rec
    task = getattr(self.future, "_poolscope_task", None)
    if rec is None or task is None:
        return _wi_run(self, *args, **kwargs)
    fn = self.fn
    ran = []

    def traced(*a, **k):
        ran.append(True)
        lane = _record_start(rec, task)
        try:
            result = fn(*a, **k)
        except BaseException:
            _record_end(rec, task, lane, FAILED)
            raise
        _record_end(rec, task, lane, COMPLETED)
        return result

    self.fn = traced
    try:
        return _wi_run(self, *args, **kwargs)
    finally:
        self.fn = fn
        if not ran and self.future.cancelled():
            rec.emit(SKIP, task, 0, rec.lane(), 0)


def _worker_started(executor_reference, *args, **kwargs):
    rec = _rec
    if rec is not None:
        executor = executor_reference()
        pool = getattr(executor, "_poolscope_pool", None)
        del executor  # the worker must not keep its pool alive: it exits when the pool is collected
        if pool is not None:
            rec.worker_started(pool, threading.current_thread().name)
    return _worker(executor_reference, *args, **kwargs)


def _shutdown(self, wait=True, *, cancel_futures=False):
    rec = _rec
    pool = getattr(self, "_poolscope_pool", None)
    if rec is None or pool is None:
        return _tpe_shutdown(self, wait, cancel_futures=cancel_futures)
    flags = (1 if wait else 0) | (2 if cancel_futures else 0)
    lane = rec.lane()
    rec.emit(SHUTDOWN, NO_TASK, pool, lane, flags)
    if wait:
        rec.before_blocking()
    try:
        return _tpe_shutdown(self, wait, cancel_futures=cancel_futures)
    finally:
        rec.emit(SHUTDOWN_END, NO_TASK, pool, lane, flags)


# --- futures ---------------------------------------------------------------------------------------

_future_cancel = _keep(_Future, "cancel")


def _cancel(self):
    result = _future_cancel(self)
    rec = _rec
    task = getattr(self, "_poolscope_task", None)
    if rec is not None and task is not None:
        caller = sys._getframe(1)
        if caller.f_code is _SHUTDOWN_CODE:
            flags = CANCEL_BY_SHUTDOWN
        elif caller.f_globals.get("__name__", "").startswith("concurrent.futures"):
            flags = CANCEL_INTERNAL  # map() giving up on what it has not yielded
        else:
            flags = 0
        rec.emit(CANCEL, task, 0, rec.lane(), flags | (CANCEL_TRUE if result else 0))
    return result


_wait = _base.wait
_as_completed = _base.as_completed


def _futures_wait(fs, timeout=None, return_when=_base.ALL_COMPLETED):
    rec = _rec
    if rec is None:
        return _wait(fs, timeout, return_when)
    if not hasattr(fs, "__len__"):
        fs = list(fs)
    flags = CALL_WAIT | _RETURN_WHEN.get(return_when, 0) << 4
    lane = rec.lane()
    rec.emit(CALL, NO_TASK, len(fs), lane, flags)
    rec.before_blocking()
    done = None
    try:
        done = _wait(fs, timeout, return_when)
        return done
    finally:
        rec.emit(CALL_END, NO_TASK, len(done.done) if done is not None else 0, lane, flags)


def _futures_as_completed(fs, timeout=None):
    rec = _rec
    if rec is None:
        return _as_completed(fs, timeout)
    return _timed_as_completed(rec, _as_completed(fs, timeout))


def _timed_as_completed(rec, inner):
    """as_completed(), with the time each next() blocks recorded: the caller waits for the next future."""
    lane = rec.lane()
    try:
        while True:
            rec.emit(CALL, NO_TASK, 0, lane, CALL_AS_COMPLETED)
            rec.before_blocking()
            future = None
            try:
                future = next(inner)
            except StopIteration:
                return
            finally:
                task = getattr(future, "_poolscope_task", None) if future is not None else None
                rec.emit(CALL_END, NO_TASK if task is None else task, 0, lane, CALL_AS_COMPLETED)
            yield future
    finally:
        inner.close()


# --- threading.Event -------------------------------------------------------------------------------

_event_init = _keep(_Event, "__init__")
_event_set = _keep(_Event, "set")
_event_clear = _keep(_Event, "clear")
_event_is_set = _keep(_Event, "is_set")
_event_wait = _keep(_Event, "wait")


def _event_new(self, *args, **kwargs):
    _event_init(self, *args, **kwargs)
    rec = _rec
    if rec is None:
        return
    frame = _names.creation_frame(_Event)
    # The standard library's own Events (a Thread's start-up, a Timer's, the waiters of wait() and
    # as_completed()) are not the program's.
    if frame is not None and _owners.is_program(frame.f_code.co_filename):
        self._poolscope_flag = rec.flag(_names.event_name(frame))


def _set(self):
    flag = getattr(self, "_poolscope_flag", None)
    rec = _rec
    if flag is not None and rec is not None:
        # Before the set: a waiter it wakes records its check after it.
        rec.emit(SET, NO_TASK, flag, rec.lane(), 0)
    return _event_set(self)


def _clear(self):
    result = _event_clear(self)
    flag = getattr(self, "_poolscope_flag", None)
    rec = _rec
    if flag is not None and rec is not None:
        rec.emit(CLEAR, NO_TASK, flag, rec.lane(), 0)
    return result


def _check(rec, flag, answer, how):
    tls = _tls
    task = getattr(tls, "task", None)
    if task is not None:
        tls.checks += 1
        rec.emit(CHECK, task, flag, rec.lane(), how | (CHECK_SET if answer else 0))


def _is_set(self):
    answer = _event_is_set(self)
    flag = getattr(self, "_poolscope_flag", None)
    rec = _rec
    if flag is not None and rec is not None:
        _check(rec, flag, answer, 0)
    return answer


def _event_wait_checked(self, timeout=None):
    flag = getattr(self, "_poolscope_flag", None)
    rec = _rec
    if flag is None or rec is None:
        return _event_wait(self, timeout)
    if getattr(_tls, "task", None) is not None:
        rec.before_blocking()
    answer = _event_wait(self, timeout)
    _check(rec, flag, answer, CHECK_WAIT)
    return answer


# --- install ---------------------------------------------------------------------------------------

def install(recorder):
    global _rec, _owners
    _owners = _names.CodeOwners()
    _TPE.__init__ = _init
    _TPE.shutdown = _shutdown
    # The replicas of submit() and run() are exact for the versions whose code they copy; others get
    # wrappers around the originals.
    if _REPLICAS:
        _TPE.submit = _submit_replica
        _WorkItem.run = _run
    else:
        _TPE.submit = _submit
        _WorkItem.__init__ = _work_item_init
        _WorkItem.run = _run_wrapped
    _thread_mod._worker = _worker_started
    _Future.cancel = _cancel
    _base.wait = concurrent.futures.wait = _futures_wait
    _base.as_completed = concurrent.futures.as_completed = _futures_as_completed
    _Event.__init__ = _event_new
    _Event.set = _set
    _Event.clear = _clear
    _Event.is_set = _is_set
    if _Event.__dict__.get("isSet") is _event_is_set:  # 3.9's alias
        _Event.isSet = _is_set
    _Event.wait = _event_wait_checked
    _rec = recorder


def uninstall():
    """Stops recording: every hook goes back to calling straight through."""
    global _rec
    _rec = None
