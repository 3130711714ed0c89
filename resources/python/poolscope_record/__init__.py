# SPDX-License-Identifier: MIT
"""poolscope's recorder: what a Python program's ThreadPoolExecutors and threading.Events did, saved as a
poolscope run (poolscope-run/1) that the poolscope window opens and its headless commands read.

    poolscope record [--output OUT.poolscope] -- python3 app.py ARGS     (injects this package)
    python3 -m poolscope_record [-o OUT.poolscope] app.py ARGS           (the same, from Python)

Pure Python, no dependencies, CPython 3.9-3.13. Only the first Python process records: its children,
forked or spawned, do not.
"""

import atexit
import datetime
import os
import sys

__all__ = ["start", "finish", "recording"]
__version__ = "1"

_state = {"recorder": None, "rename": None}


def recording():
    """True while this process records."""
    return _state["recorder"] is not None


def _run_info(argv):
    script = next((a for a in argv[1:] if a.endswith(".py")), None) or (argv[1] if len(argv) > 1 else argv[0])
    name = os.path.basename(script) or "python"
    version = "%d.%d.%d" % sys.version_info[:3]
    return {
        "scenario": name,
        "title": " ".join(argv),
        "description": "%s recorded by poolscope_record on %s %s" % (name, sys.implementation.name, version),
        "model": "python",
        "workers": 1,  # a recording's worker lanes are the threads it declares
        "time_scale": 1.0,
        "pool": {},
        "recording": {
            "argv": list(argv),
            "python": version,
            "implementation": sys.implementation.name,
            "executable": sys.executable,
            "pid": os.getpid(),
            "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "clock": "time.monotonic_ns",
        },
    }


def start(path, rename_to=None, argv=None):
    """Starts recording into path, a file this creates (it must not exist: only one process records into
    it). With rename_to, finish() renames the finished file there; without, whoever started this process
    (poolscope record) does. Returns False if path exists or cannot be created."""
    if _state["recorder"] is not None:
        return False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError:
        return False
    from . import _patches
    from ._recorder import Recorder

    if argv is None:
        argv = list(getattr(sys, "orig_argv", None) or [sys.executable] + sys.argv)
    recorder = Recorder(fd, _run_info(argv))
    _patches.install(recorder)
    _state["recorder"] = recorder
    _state["rename"] = (path, rename_to) if rename_to else None
    # Registered first, so it runs last: after the program's own exit handlers, and after the
    # interpreter joined the pools' workers (which it does before any atexit handler).
    atexit.register(_at_exit)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_forget_in_child)
    return True


def finish(complete=True):
    """Ends the recording: the rest of the events and END!. Called at exit; later events are dropped."""
    recorder = _state["recorder"]
    if recorder is None:
        return
    from . import _patches

    _patches.uninstall()
    _state["recorder"] = None
    if recorder.finish(complete) and _state["rename"]:
        path, target = _state["rename"]
        os.replace(path, target)


def _at_exit():
    # An uncaught exception (Ctrl-C's KeyboardInterrupt too) was printed, which sets sys.last_value: the
    # program did not end as it meant to. SystemExit (sys.exit(3)) is an ending it chose.
    crashed = getattr(sys, "last_value", None) is not None or getattr(sys, "last_exc", None) is not None
    finish(complete=not crashed)


def _forget_in_child():
    recorder = _state["recorder"]
    if recorder is not None:
        from . import _patches

        _patches.uninstall()
        _state["recorder"] = None
        recorder.forget()
