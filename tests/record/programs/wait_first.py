# SPDX-License-Identifier: MIT
# wait(return_when=FIRST_COMPLETED), then cancel what is not done.
import concurrent.futures as cf
import threading

import expect

e = expect.Expect()
slow_started = threading.Semaphore(0)
cancels_done = threading.Semaphore(0)
gate = threading.Semaphore(0)


def quick():
    slow_started.acquire(timeout=30)
    return "quick"


def slow(i):
    if i == 0:
        slow_started.release()
        gate.acquire(timeout=30)
    return i


ex = cf.ThreadPoolExecutor(max_workers=2, thread_name_prefix="waiter")
q = e.submitted("quick", 0, ex.submit(quick))
q["future"].add_done_callback(lambda f: cancels_done.acquire(timeout=30))
slows = [e.submitted("slow", 0, ex.submit(slow, i)) for i in range(3)]
done, not_done = cf.wait([t["future"] for t in [q] + slows], timeout=60, return_when=cf.FIRST_COMPLETED)
print("done", len(done), "not done", len(not_done))
for t in slows:
    if t["future"] in not_done:
        e.cancel(t)
cancels_done.release()
gate.release()
ex.shutdown(wait=True)
e.write(expect.path())
