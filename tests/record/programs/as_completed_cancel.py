# SPDX-License-Identifier: MIT
# as_completed(): take the first result, cancel the rest (the running one refuses, the queued ones go).
import concurrent.futures as cf
import threading

import expect

e = expect.Expect()
second_started = threading.Semaphore(0)
callback_added = threading.Semaphore(0)
cancels_done = threading.Semaphore(0)
gate = threading.Semaphore(0)


def fetch(i):
    if i == 0:
        second_started.acquire(timeout=30)
        callback_added.acquire(timeout=30)
    elif i == 1:
        second_started.release()
        gate.acquire(timeout=30)
    return i


with cf.ThreadPoolExecutor(max_workers=2) as ex:
    tasks = []
    for i in range(6):
        f = ex.submit(fetch, i)
        tasks.append(e.submitted("fetch", 0, f))
    # The first finisher's worker holds in this callback until the cancels are made, so it cannot take
    # a queued task first.
    tasks[0]["future"].add_done_callback(lambda f: cancels_done.acquire(timeout=30))
    callback_added.release()
    for f in cf.as_completed([t["future"] for t in tasks]):
        print("first", f.result())
        break
    for t in tasks:
        if t["future"] is not f:
            e.cancel(t)
    cancels_done.release()
    gate.release()
e.write(expect.path())
