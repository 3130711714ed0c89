# SPDX-License-Identifier: MIT
# A program that ends early, after its tasks ran: "raise" (an uncaught exception: status 1), "sigint"
# (Ctrl-C: KeyboardInterrupt, Python ends by SIGINT) or "kill" (SIGKILL: no exit handler runs at all).
import concurrent.futures as cf
import os
import signal
import sys
import time

import expect

e = expect.Expect()
how = sys.argv[2]


def work(i):
    return (False, 0)


ex = cf.ThreadPoolExecutor(max_workers=2)
futures = [ex.submit(work, i) for i in range(3)]
for f in futures:
    e.submitted("work", 0, f)
cf.wait(futures)
e.write(expect.path())
print("tasks done", flush=True)
time.sleep(0.1)  # the recorder puts what it has on disk before the program blocks again
cf.wait(futures)
if how == "raise":
    raise RuntimeError("crashed on purpose")
if how == "sigint":
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(30)
os.kill(os.getpid(), signal.SIGKILL)
