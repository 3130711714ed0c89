# The headless benchmark's yardstick: the same program as noop-100k.json in CPython, printing one line per
# future as poolscope --headless does.
from concurrent.futures import ThreadPoolExecutor


def task():
    return None


with ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(task) for _ in range(100_000)]
lines = [f"t#{i + 1} completed 0/0 steps" for i, f in enumerate(futures) if f.done()]
print("\n".join(lines))
