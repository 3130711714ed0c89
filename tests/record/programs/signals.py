# SPDX-License-Identifier: MIT
# Never deadlock: a signal handler sets and clears an Event every millisecond, whatever the main
# thread is doing (inside the recorder too), while 3,000 tasks check it; and a thread started with
# _thread.start_new_thread (no threading.Thread: asking threading.current_thread() there would make a
# _DummyThread) sets it too.
import _thread
import concurrent.futures as cf
import signal
import threading

import expect

e = expect.Expect()
flag = threading.Event()
raw_done = threading.Semaphore(0)


in_handler = False


def on_alarm(signum, frame):
    # A machine so busy that the handler outlasts the interval would nest it without end (with or
    # without the recorder): the program's own guard.
    global in_handler
    if in_handler:
        return
    in_handler = True
    try:
        flag.set()
        flag.clear()
    finally:
        in_handler = False


def work():
    return (flag.is_set(), 1)


def raw_thread():
    flag.set()
    flag.clear()
    raw_done.release()


signal.signal(signal.SIGALRM, on_alarm)
signal.setitimer(signal.ITIMER_REAL, 0.001, 0.001)
with cf.ThreadPoolExecutor(max_workers=2) as ex:
    for _ in range(3000):
        e.submitted("work", 0, ex.submit(work))
    _thread.start_new_thread(raw_thread, ())
    raw_done.acquire(timeout=30)
signal.setitimer(signal.ITIMER_REAL, 0)
print("no deadlock")
e.write(expect.path())
