#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs a poolscope scenario through the real CPython ThreadPoolExecutor and threading.Event.

Usage: cpython_reference.py SCENARIO.json --report OUT.json [--time-scale X] [--check-margins]

The scenario format ("poolscope-scenario/1") and the report format ("poolscope-report/1") are those
of poolscope's headless runner (issue 2); tst_reference compares the two reports task by task.

The program is what a Python programmer would write:

    event = threading.Event()
    with ThreadPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(body, ...) ...]   # at each group's submit_at_ms
        ... the actions, each at its at_ms ...
    # leaving the with block: shutdown(wait=True), every task has ended

and each task's body is exactly:

    for i in range(steps):
        if i == fail_at_step: raise
        sleep(step_ms)                # or: if event.wait(step_ms): return "stopped"
        steps_done += 1
        if checks_stop and event.is_set(): return "stopped"
    return "completed"

Time is measured from the scenario's start: the main thread sleeps until each item's due time (not a
sum of sleeps), submits before actions due at the same time, equal times in list order. A
shutdown(wait=True) blocks the main thread, so the items after it run when it returns.

It prints "started" on stdout (flushed) when the scenario's clock starts.

--check-margins also records when every task started, ended and finished each step, and when every
action really ran, and reports the actions closer than 40% of a step to any of those moments (exit
status 1). It is a tool for writing scenarios, not part of the comparison.

Exit status: 0 on success, 1 for --check-margins failures, 2 for bad input (one line on stderr naming
the file and the field).
"""

import argparse
import concurrent.futures
import json
import os
import re
import sys
import tempfile
import threading
import time

FORMAT = "poolscope-scenario/1"
REPORT_FORMAT = "poolscope-report/1"
MARGIN = 0.40


class BadInput(Exception):
    pass


class TaskFailed(Exception):
    """What a task raises at its fail_at_step."""


# ---------------------------------------------------------------------------------------------------
# Reading the scenario

def _field(obj, key, kind, where, default=None, required=False):
    if key not in obj:
        if required:
            raise BadInput(f"{where}: missing field '{key}'")
        return default
    value = obj[key]
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok and isinstance(value, float) and value.is_integer():
            value, ok = int(value), True
    elif kind is bool:
        ok = isinstance(value, bool)
    elif kind is str:
        ok = isinstance(value, str)
    elif kind is list:
        ok = isinstance(value, list)
    else:
        raise AssertionError(kind)
    if not ok:
        raise BadInput(f"{where}: field '{key}' must be {kind.__name__}, got {json.dumps(value)}")
    return value


def _warn_unknown(obj, known, where):
    for key in obj:
        if key not in known:
            print(f"warning: {where}: unknown key '{key}'", file=sys.stderr)


def load_scenario(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise BadInput(f"{path}: cannot read: {e.strerror}")
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise BadInput(f"{path}: invalid JSON: {e}")
    if not isinstance(doc, dict):
        raise BadInput(f"{path}: the document must be an object")
    _warn_unknown(doc, {"format", "name", "title", "description", "model", "workers", "tasks", "lesson", "narration",
                        "actions"}, path)
    fmt = _field(doc, "format", str, path, required=True)
    if fmt != FORMAT:
        raise BadInput(f"{path}: field 'format' must be \"{FORMAT}\", got {json.dumps(fmt)}")
    name = _field(doc, "name", str, path, required=True)
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise BadInput(f"{path}: field 'name' must match [a-z0-9-]+, got {json.dumps(name)}")
    model = _field(doc, "model", str, path, default="python")
    if model != "python":
        raise BadInput(f"{path}: field 'model': only \"python\" is modelled here, got {json.dumps(model)}")
    workers = _field(doc, "workers", int, path, required=True)
    if workers < 1:
        raise BadInput(f"{path}: field 'workers' must be at least 1, got {workers}")

    groups = []
    group_ids = set()
    for n, t in enumerate(_field(doc, "tasks", list, path, required=True)):
        where = f"{path}: tasks[{n}]"
        if not isinstance(t, dict):
            raise BadInput(f"{where}: must be an object")
        _warn_unknown(t, {"id", "count", "steps", "step_ms", "checks_stop", "wait", "fail_at_step",
                          "submit_at_ms"}, where)
        g = {
            "id": _field(t, "id", str, where, required=True),
            "count": _field(t, "count", int, where, default=1),
            "steps": _field(t, "steps", int, where, required=True),
            "step_ms": _field(t, "step_ms", int, where, required=True),
            "checks_stop": _field(t, "checks_stop", bool, where, default=False),
            "wait": _field(t, "wait", str, where, default="sleep"),
            "fail_at_step": _field(t, "fail_at_step", int, where, default=None),
            "submit_at_ms": _field(t, "submit_at_ms", int, where, default=0),
            "order": n,
        }
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", g["id"]):
            raise BadInput(f"{where}: field 'id' must be letters, digits, '_', '.' or '-', got {json.dumps(g['id'])}")
        if g["count"] < 1:
            raise BadInput(f"{where}: field 'count' must be at least 1, got {g['count']}")
        if g["steps"] < 0:
            raise BadInput(f"{where}: field 'steps' must not be negative, got {g['steps']}")
        if g["step_ms"] < 1:
            raise BadInput(f"{where}: field 'step_ms' must be at least 1, got {g['step_ms']}")
        if g["wait"] not in ("sleep", "event"):
            raise BadInput(f"{where}: field 'wait' must be \"sleep\" or \"event\", got {json.dumps(g['wait'])}")
        if g["wait"] == "event":
            g["checks_stop"] = True
        if g["fail_at_step"] is not None and g["fail_at_step"] < 0:
            raise BadInput(f"{where}: field 'fail_at_step' must not be negative")
        if g["submit_at_ms"] < 0:
            raise BadInput(f"{where}: field 'submit_at_ms' must not be negative")
        if g["id"] in group_ids:
            raise BadInput(f"{where}: field 'id': duplicate id {json.dumps(g['id'])}")
        group_ids.add(g["id"])
        groups.append(g)

    # Submission order: by submit_at_ms, ties in list order (sorted() is stable).
    groups.sort(key=lambda g: g["submit_at_ms"])
    instances = []  # (instance id, group), in submission order
    for g in groups:
        for k in range(1, g["count"] + 1):
            iid = g["id"] if g["count"] == 1 else f"{g['id']}#{k}"
            instances.append((iid, g))
    ids = [iid for iid, _ in instances]
    if len(set(ids)) != len(ids):
        raise BadInput(f"{path}: tasks: duplicate instance ids")
    by_id = {iid: g for iid, g in instances}

    actions = []
    shutdown_at = None
    for n, a in enumerate(_field(doc, "actions", list, path, default=[])):
        where = f"{path}: actions[{n}]"
        if not isinstance(a, dict):
            raise BadInput(f"{where}: must be an object")
        _warn_unknown(a, {"at_ms", "do", "task", "tasks", "wait", "cancel_futures", "return_when", "timeout_ms"},
                      where)
        act = {
            "at_ms": _field(a, "at_ms", int, where, required=True),
            "do": _field(a, "do", str, where, required=True),
            "order": n,
        }
        if act["at_ms"] < 0:
            raise BadInput(f"{where}: field 'at_ms' must not be negative")

        def resolve(target, field):
            if target in by_id:
                targets = [target]
            elif target in group_ids:
                targets = [iid for iid, g in instances if g["id"] == target]
            else:
                raise BadInput(f"{where}: field '{field}': unknown task id {json.dumps(target)}")
            for iid in targets:
                if by_id[iid]["submit_at_ms"] > act["at_ms"]:
                    raise BadInput(f"{where}: field '{field}': {iid} is not submitted yet at {act['at_ms']} ms")
            return targets

        if act["do"] in ("wait", "as_completed", "result"):
            act["timeout_ms"] = _field(a, "timeout_ms", int, where, default=None)
            if act["timeout_ms"] is not None and act["timeout_ms"] < 1:
                raise BadInput(f"{where}: field 'timeout_ms' must be at least 1")
        if act["do"] == "cancel" or act["do"] == "result":
            act["targets"] = resolve(_field(a, "task", str, where, required=True), "task")
        elif act["do"] in ("wait", "as_completed"):
            named = _field(a, "tasks", list, where, default=None)
            if named is None:
                act["targets"] = None  # every future submitted so far
            else:
                chosen = set()
                for target in named:
                    if not isinstance(target, str):
                        raise BadInput(f"{where}: field 'tasks' must hold task or group ids")
                    chosen.update(resolve(target, "tasks"))
                act["targets"] = [iid for iid, _ in instances if iid in chosen]  # submission order
            if act["do"] == "wait":
                act["return_when"] = _field(a, "return_when", str, where, default="ALL_COMPLETED")
                if act["return_when"] not in ("ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"):
                    raise BadInput(f"{where}: field 'return_when' must be ALL_COMPLETED, FIRST_COMPLETED or "
                                   f"FIRST_EXCEPTION, got {json.dumps(act['return_when'])}")
        elif act["do"] == "shutdown":
            act["wait"] = _field(a, "wait", bool, where, default=True)
            act["cancel_futures"] = _field(a, "cancel_futures", bool, where, default=False)
            if shutdown_at is None or act["at_ms"] < shutdown_at:
                shutdown_at = act["at_ms"]
        elif act["do"] not in ("cancel_all", "stop", "clear", "wait", "as_completed", "result", "pause", "resume"):
            raise BadInput(f"{where}: field 'do': unknown action {json.dumps(act['do'])}")
        actions.append(act)
    if shutdown_at is not None:
        for g in groups:
            if g["submit_at_ms"] > shutdown_at:
                raise BadInput(f"{path}: tasks[{g['order']}]: field 'submit_at_ms': submitted after the "
                               f"shutdown at {shutdown_at} ms")

    return {"name": name, "workers": workers, "instances": instances, "actions": actions}


# ---------------------------------------------------------------------------------------------------
# Running it

def run(scenario, scale, margins=None, caller_results=None):
    """Returns the report's task list. margins, if a list, receives (kind, t, step_s) tuples;
    caller_results, if a list, what each wait/as_completed/result call returned."""
    if caller_results is None:
        caller_results = []
    event = threading.Event()
    # poolscope's pause: set means open. Each task passes it at the top of every step (before fail_at_step
    # is tested), so a step in progress finishes and its check runs, then the task holds; a worker still
    # takes a task while it is closed (the task is then running: cancel() returns False) and holds it
    # before step 0. A held task does not look at the stop event.
    gate = threading.Event()
    gate.set()
    instances = scenario["instances"]
    steps_done = {iid: 0 for iid, _ in instances}
    cancel_results = {iid: [] for iid, _ in instances}
    futures = {}  # iid -> Future, in submission order
    # Tells a caller that runs another implementation beside this one that the interpreter's start-up
    # (imports, parsing) is over, so it can start its own clock without competing with it for the CPU.
    print("started", flush=True)
    t0 = time.monotonic()
    mark_lock = threading.Lock()

    def mark(kind, step_s):
        if margins is not None:
            t = time.monotonic() - t0
            with mark_lock:
                margins.append((kind, t, step_s))

    def body(iid, steps, step_s, checks_stop, wait_event, fail_at_step):
        mark("start", step_s)
        end = "end"
        try:
            for i in range(steps):
                if not gate.is_set():
                    gate.wait()
                    mark("released", step_s)  # caused by the resume action, not a moment it races
                if i == fail_at_step:
                    raise TaskFailed(f"{iid} failed before step {i}")
                if wait_event:
                    if event.wait(step_s):
                        end = "woken"  # caused by the stop action, not a moment it could race with
                        return "stopped"
                else:
                    time.sleep(step_s)
                steps_done[iid] += 1
                if i + 1 < steps:
                    mark("step", step_s)
                if checks_stop and event.is_set():
                    return "stopped"
            return "completed"
        finally:
            mark(end, step_s)

    # The timeline: submits before actions due at the same time, equal times in list order.
    items = []
    for iid, g in instances:
        items.append((g["submit_at_ms"], 0, len(items), "submit", iid, g))
    for act in scenario["actions"]:
        items.append((act["at_ms"], 1, act["order"], act["do"], None, act))
    items.sort(key=lambda it: (it[0], it[1], it[2]))

    blocked_until = 0.0  # when the last blocking shutdown returned (for --check-margins)
    with concurrent.futures.ThreadPoolExecutor(max_workers=scenario["workers"]) as executor:
        for due_ms, _, _, what, iid, spec in items:
            delay = t0 + due_ms * scale / 1000.0 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if what == "submit":
                g = spec
                futures[iid] = executor.submit(
                    body, iid, g["steps"], g["step_ms"] * scale / 1000.0, g["checks_stop"],
                    g["wait"] == "event", g["fail_at_step"])
                continue
            ran_at = time.monotonic() - t0
            if margins is not None:
                margins.append(("action", ran_at, (what, due_ms, ran_at < blocked_until)))
            if what == "cancel":
                for target in spec["targets"]:
                    if target not in futures:  # guarded by load_scenario; kept for safety
                        raise BadInput(f"cancel of {target} before it was submitted")
                    cancel_results[target].append(futures[target].cancel())
            elif what == "cancel_all":
                for target, fut in futures.items():
                    cancel_results[target].append(fut.cancel())
            elif what == "stop":
                event.set()
            elif what == "clear":
                event.clear()
            elif what == "pause":
                gate.clear()
            elif what == "resume":
                gate.set()
            elif what == "shutdown":
                executor.shutdown(wait=spec["wait"], cancel_futures=spec["cancel_futures"])
                if spec["wait"]:
                    blocked_until = time.monotonic() - t0
                    if margins is not None:
                        margins.append(("unblocked", blocked_until, None))
            elif what in ("wait", "as_completed", "result"):
                caller_results.append(call(what, spec, futures, scale))
                blocked_until = time.monotonic() - t0
                if margins is not None:
                    margins.append(("unblocked", blocked_until, None))
        gate.set()  # a pause left open ends right after the last action
    # Left the with block: shutdown(wait=True) joined every worker.

    tasks = []
    for iid, _ in instances:
        fut = futures[iid]
        if fut.cancelled():
            outcome = "cancelled"
        elif fut.exception() is not None:
            outcome = "failed"
        else:
            outcome = fut.result()
        tasks.append({"id": iid, "outcome": outcome, "steps_done": steps_done[iid],
                      "cancel_results": cancel_results[iid]})
    return tasks


def call(what, spec, futures, scale):
    """One of the caller's blocking calls, made with concurrent.futures itself; returns its
    caller_results entry."""
    timeout = None if spec["timeout_ms"] is None else spec["timeout_ms"] * scale / 1000.0
    if what == "result":
        iid = spec["targets"][0]
        try:
            futures[iid].result(timeout=timeout)
            outcome = "value"
        except concurrent.futures.CancelledError:
            outcome = "cancelled"
        except concurrent.futures.TimeoutError:
            outcome = "timeout"
        except Exception:
            outcome = "exception"
        return {"call": "result", "task": iid, "outcome": outcome}
    targets = list(futures) if spec["targets"] is None else spec["targets"]
    fs = [futures[iid] for iid in targets]
    id_of = {id(futures[iid]): iid for iid in targets}
    if what == "wait":
        done, _ = concurrent.futures.wait(fs, timeout=timeout,
                                          return_when=getattr(concurrent.futures, spec["return_when"]))
        done_ids = {id_of[id(f)] for f in done}
        return {"call": "wait", "done": [iid for iid in targets if iid in done_ids],
                "not_done": [iid for iid in targets if iid not in done_ids]}
    # as_completed yields the futures already done first, in a set's order: the report lists those in
    # submission order. "Done" is as_completed's own test (a cancelled future only once a worker skipped it).
    from concurrent.futures._base import CANCELLED_AND_NOTIFIED, FINISHED
    early = {iid for iid, f in zip(targets, fs) if f._state in (CANCELLED_AND_NOTIFIED, FINISHED)}
    yielded = []
    timed_out = False
    try:
        for f in concurrent.futures.as_completed(fs, timeout=timeout):
            yielded.append(id_of[id(f)])
    except concurrent.futures.TimeoutError:
        timed_out = True
    order = [iid for iid in targets if iid in early and iid in yielded] + [iid for iid in yielded if iid not in early]
    return {"call": "as_completed", "order": order, "timeout": timed_out}


def check_margins(margins, scale):
    """Prints each action's distance to the nearest task start, step boundary or end, as a fraction of
    that task's step; returns False if any is below MARGIN. Actions that ran after a blocking shutdown
    returned are causally after every earlier moment and only compared with later ones."""
    moments = [(t, step_s, kind) for kind, t, step_s in margins if kind in ("start", "step", "end")]
    unblocked = [t for kind, t, _ in margins if kind == "unblocked"]
    ok = True
    for kind, t, info in margins:
        if kind != "action":
            continue
        what, due_ms, _ = info
        floor = max([u for u in unblocked if u <= t + 1e-9], default=-1.0)
        worst = None
        for mt, step_s, mkind in moments:
            if mt <= floor:
                continue
            ratio = abs(mt - t) / step_s if step_s > 0 else float("inf")
            if worst is None or ratio < worst[0]:
                worst = (ratio, mkind, mt)
        late = t - due_ms * scale / 1000.0
        if worst is None:
            print(f"  {what:10} due {due_ms:6} ms  ran {t * 1000:9.2f} ms (late {late * 1000:7.2f} ms)"
                  f"  no task moment after it")
            continue
        flag = "OK " if worst[0] >= MARGIN else "BAD"
        ok = ok and worst[0] >= MARGIN
        print(f"  {flag} {what:10} due {due_ms:6} ms  ran {t * 1000:9.2f} ms (late {late * 1000:7.2f} ms)"
              f"  nearest {worst[1]} at {worst[2] * 1000:9.2f} ms = {worst[0] * 100:5.1f}% of a step")
    return ok


def write_atomically(path, data):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".cpython_reference.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a poolscope-scenario/1 JSON file")
    parser.add_argument("--report", required=True, help="where to write the poolscope-report/1 JSON")
    parser.add_argument("--time-scale", default="1", help="multiplies every duration (default 1)")
    parser.add_argument("--check-margins", action="store_true",
                        help="also report actions closer than 40%% of a step to a task moment")
    args = parser.parse_args(argv)
    try:
        try:
            scale = float(args.time_scale)
        except ValueError:
            scale = -1.0
        if not (scale > 0 and scale < float("inf")):
            raise BadInput(f"--time-scale: must be a positive number, got {args.time_scale!r}")
        scenario = load_scenario(args.scenario)
    except BadInput as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    margins = [] if args.check_margins else None
    caller_results = []
    tasks = run(scenario, scale, margins, caller_results)
    report = {"format": REPORT_FORMAT, "scenario": scenario["name"], "tasks": tasks}
    if caller_results:
        report["caller_results"] = caller_results
    write_atomically(args.report, json.dumps(report, indent=2) + "\n")
    if margins is not None:
        print(f"{scenario['name']} (time scale {scale}):")
        if not check_margins(margins, scale):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
