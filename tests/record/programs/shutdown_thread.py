# SPDX-License-Identifier: MIT
# shutdown(wait=False, cancel_futures=True) from another thread while a task runs and three wait; one of
# them was cancelled by the program before (its own cancel is in cancel_results, shutdown's is not).
import concurrent.futures as cf
import threading

import expect

e = expect.Expect()
busy_started = threading.Semaphore(0)
gate = threading.Semaphore(0)


def busy():
    busy_started.release()
    gate.acquire(timeout=30)
    return (False, 0)


def queued(i):
    return (False, 0)


ex = cf.ThreadPoolExecutor(max_workers=1)
b = e.submitted("busy", 0, ex.submit(busy))
busy_started.acquire(timeout=30)
qs = [e.submitted("queued", 0, ex.submit(queued, i)) for i in range(3)]
print("cancel queued#1:", e.cancel(qs[0]))
canceller = threading.Thread(target=ex.shutdown, kwargs={"wait": False, "cancel_futures": True},
                             name="canceller")
canceller.start()
canceller.join()
gate.release()
ex.shutdown(wait=True)
e.write(expect.path())
