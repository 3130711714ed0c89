# SPDX-License-Identifier: MIT
"""Names as Python spells them: a task's qualname, an Event's variable, where the program's code is."""

import dis
import functools
import os
import sys
import sysconfig


def qualname(fn):
    """A submitted callable's qualname: what a functools.partial wraps, Class.method for a bound method,
    outer.<locals>.inner for a closure, <lambda>, or for any other callable its type's qualname."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    name = getattr(fn, "__qualname__", None)
    if isinstance(name, str):
        return name
    return type(fn).__qualname__


def _library_dirs():
    dirs = set()
    for key in ("stdlib", "platstdlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            dirs.add(os.path.realpath(path))
    return tuple(dirs)


class CodeOwners:
    """Tells the standard library's code (and this package's) from the program's, by file, cached."""

    def __init__(self):
        self._library = _library_dirs()
        self._own = os.path.realpath(os.path.dirname(__file__))
        self._cache = {}

    def is_program(self, filename):
        known = self._cache.get(filename)
        if known is None:
            if filename.startswith("<frozen "):
                known = False
            else:
                path = os.path.realpath(filename) if filename and not filename.startswith("<") else filename
                in_library = any(path.startswith(d + os.sep) for d in self._library)
                # Third-party packages live under the standard library's tree in some layouts: they are
                # the program's (a library the program uses), not the standard library.
                packages = "site-packages" in path or "dist-packages" in path
                known = not (in_library and not packages) and not path.startswith(self._own + os.sep)
            self._cache[filename] = known
        return known


_STORES = {"STORE_NAME", "STORE_FAST", "STORE_GLOBAL", "STORE_DEREF"}
_LOADS = {"LOAD_NAME", "LOAD_FAST", "LOAD_GLOBAL", "LOAD_DEREF", "LOAD_FAST_CHECK"}
_targets = {}


def _assigned_name(code, lasti):
    """The variable the value of the call at lasti goes into ("stop", "self.stop"), from the bytecode."""
    key = (code, lasti)
    if key in _targets:
        return _targets[key]
    name = None
    try:
        after = [i for i in dis.get_instructions(code) if i.offset > lasti][:2]
        if after and after[0].opname in _STORES:
            name = after[0].argval
        elif len(after) == 2 and after[0].opname in _LOADS and after[1].opname == "STORE_ATTR":
            name = "%s.%s" % (after[0].argval, after[1].argval)
    except Exception:  # a code object dis cannot read: fall back to where it was made
        name = None
    if len(_targets) < 4096:
        _targets[key] = name
    return name


def event_name(frame):
    """An Event's name: the variable it is assigned to where it is made, else file:line."""
    name = _assigned_name(frame.f_code, frame.f_lasti)
    if name:
        return name
    return "Event@%s:%d" % (os.path.basename(frame.f_code.co_filename), frame.f_lineno)


def creation_frame(event_class):
    """The frame that made the Event being initialised: past subclasses' __init__ methods."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_name == "__init__" and isinstance(frame.f_locals.get("self"), event_class):
        frame = frame.f_back
    return frame
