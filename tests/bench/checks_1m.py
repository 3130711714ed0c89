# SPDX-License-Identifier: MIT
# A real recording of about 10,000,000 events: `poolscope record -o real.poolscope -- python3 tests/bench/checks_1m.py`
import threading
from concurrent.futures import ThreadPoolExecutor
stop = threading.Event()
def work(i):
    for _ in range(7):
        if stop.is_set():
            return
    return i
pools = [ThreadPoolExecutor(max_workers=4, thread_name_prefix="p%d" % k) for k in range(3)]
for i in range(1_000_000):
    pools[i % 3].submit(work, i)
for p in pools:
    p.shutdown()
