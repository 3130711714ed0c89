# SPDX-License-Identifier: MIT
# What `poolscope record` costs a program: 100,000 no-op tasks on 2 workers, run plain and recorded.
from concurrent.futures import ThreadPoolExecutor


def task():
    return None


with ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(task) for _ in range(100_000)]
print(sum(f.done() for f in futures), "done")
