# SPDX-License-Identifier: MIT
# A done-callback that submits a follow-up (on the worker that finished the first task). The callback
# also looks at an Event: a check made in a done-callback is not the task's.
import concurrent.futures as cf
import threading

import expect

e = expect.Expect()
stop = threading.Event()
callback_added = threading.Semaphore(0)
follow_up_submitted = threading.Semaphore(0)


def first():
    callback_added.acquire(timeout=30)
    return (stop.is_set(), 1)


def follow_up(value):
    return (False, 0)


with cf.ThreadPoolExecutor(max_workers=1) as ex:
    t = e.submitted("first", 0, ex.submit(first))

    def then(f):
        stop.is_set()  # not a check of first's: it has returned
        e.submitted("follow_up", 0, ex.submit(follow_up, f.result()))
        follow_up_submitted.release()

    t["future"].add_done_callback(then)
    callback_added.release()
    follow_up_submitted.acquire(timeout=30)
e.write(expect.path())
