# SPDX-License-Identifier: MIT
# A stop Event checked by the tasks, set from a threading.Timer: a task that polls it (stopped), one that
# waits on it (stopped), one whose start gate answers "set" and whose later checks answer "clear"
# (completed), one that checks through a helper, one that never checks (completed). The main thread's own
# is_set() is no task's check.
import concurrent.futures as cf
import threading
import time

import expect

e = expect.Expect()
stop = threading.Event()
start = threading.Event()
running = threading.Semaphore(0)


def stop_requested(event):
    return event.is_set()


def gated():
    checks = 0
    start.wait(30)
    checks += 1
    last = True
    for _ in range(3):
        last = stop.is_set()
        checks += 1
    return (last, checks)


def poll():
    running.release()
    checks = 0
    while True:
        checks += 1
        if stop_requested(stop):
            return (True, checks)
        time.sleep(0.002)


def waits():
    running.release()
    checks = 0
    while True:
        checks += 1
        if stop.wait(0.5):
            return (True, checks)


def never_checks(seconds):
    running.release()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.005)
    return (False, 0)


start.set()
with cf.ThreadPoolExecutor(max_workers=3) as ex:
    g = e.submitted("gated", 0, ex.submit(gated))
    g["future"].result()
    e.submitted("poll", 0, ex.submit(poll))
    e.submitted("waits", 0, ex.submit(waits))
    e.submitted("never_checks", 0, ex.submit(never_checks, 0.3))
    for _ in range(3):
        running.acquire(timeout=30)
    timer = threading.Timer(0.05, stop.set)
    timer.start()
    print("main sees stop:", stop.is_set() or stop.wait(30))
e.write(expect.path())
