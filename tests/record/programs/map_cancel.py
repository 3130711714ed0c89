# SPDX-License-Identifier: MIT
# map(): every result in order; and a map() whose first item raises, so map() cancels what it has not
# yielded (internal cancels: no cancel_results). Latches are semaphores, not Events (Events are recorded).
# One worker: item 0 raises at once, item 1 holds the worker, items 2-4 wait; the main thread starts
# reading the results only when item 1 runs, so map()'s cancels find item 1 running and the rest queued.
import concurrent.futures as cf
import threading

import expect

e = expect.Expect()
item1_started = threading.Semaphore(0)
gate = threading.Semaphore(0)


def square(i):
    return i * i


def parse(i):
    if i == 0:
        raise ValueError("item 0")
    if i == 1:
        item1_started.release()
        gate.acquire(timeout=30)
    return i


with cf.ThreadPoolExecutor(max_workers=1) as ex:
    print("squares", list(ex.map(square, range(4))))
    for _ in range(4):
        e.submitted("square", 0, outcome="completed")
    results = ex.map(parse, range(5))
    item1_started.acquire(timeout=30)
    try:
        for r in results:
            pass
    except ValueError as exc:
        print("map raised", exc)
    gate.release()
e.submitted("parse", 0, outcome="failed")
e.submitted("parse", 0, outcome="completed")
for _ in range(3):
    e.submitted("parse", 0, outcome="cancelled")
e.write(expect.path())
