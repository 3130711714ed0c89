# SPDX-License-Identifier: MIT
"""What a test program itself knows about its tasks, written as the report's tasks for tst_record to
compare: each program notes its submissions in order and its own cancel() results, and reads each
task's outcome and checks from its future (a task returns, or raises with, its own count of checks and
the answer of its last one)."""

import collections
import json
import sys


class Checked(Exception):
    """Raised by a task that fails on purpose, carrying the checks it made."""

    def __init__(self, checks):
        super().__init__("failed on purpose after %d checks" % checks)
        self.checks = checks


class Expect:
    def __init__(self):
        self._tasks = []
        self._counts = collections.Counter()

    def submitted(self, qualname, pool, future=None, outcome=None, checks=0):
        """A submission, in the order submit() was called; future=None for map()'s (outcome given)."""
        self._counts[qualname] += 1
        task = {"id": "%s#%d" % (qualname, self._counts[qualname]), "pool": pool, "future": future,
                "outcome": outcome, "steps_done": checks, "cancel_results": []}
        self._tasks.append(task)
        return task

    def cancel(self, task):
        result = task["future"].cancel()
        task["cancel_results"].append(result)
        return result

    def write(self, path):
        out = []
        for t in self._tasks:
            f = t.pop("future")
            if f is not None:
                if f.cancelled():
                    t["outcome"], t["steps_done"] = "cancelled", 0
                elif f.exception() is not None:
                    t["outcome"] = "failed"
                    t["steps_done"] = getattr(f.exception(), "checks", 0)
                else:
                    result = f.result()
                    stopped, checks = result if isinstance(result, tuple) else (False, 0)
                    t["outcome"] = "stopped" if stopped else "completed"
                    t["steps_done"] = checks
            out.append(t)
        with open(path, "w") as fh:
            json.dump({"tasks": out}, fh, indent=1)


def path():
    return sys.argv[1]
