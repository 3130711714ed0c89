# SPDX-License-Identifier: MIT
# Two pools, submissions interleaved, and every way a callable is named: a function, a partial, a bound
# method, a closure, lambdas, a callable object, a raising task.
import concurrent.futures as cf
import functools

import expect

e = expect.Expect()


def load(i):
    return i


def crunch(i, scale=1):
    return i * scale


def explode():
    raise expect.Checked(0)


class Parser:
    def parse(self, text):
        return text.upper()


class Job:
    def __call__(self):
        return "job"


module_lambda = lambda: 1  # noqa: E731


class LoggingPool(cf.ThreadPoolExecutor):
    """A subclass is a pool too."""


def main():
    def inner():
        return "inner"

    io = cf.ThreadPoolExecutor(max_workers=2, thread_name_prefix="io")
    cpu = LoggingPool(max_workers=1, thread_name_prefix="cpu")
    e.submitted("load", 0, io.submit(load, 1))
    e.submitted("crunch", 1, cpu.submit(crunch, 2))
    e.submitted("load", 0, io.submit(load, 3))
    e.submitted("crunch", 1, cpu.submit(functools.partial(crunch, scale=3), 4))
    e.submitted("Parser.parse", 0, io.submit(Parser().parse, "x"))
    e.submitted("main.<locals>.inner", 1, cpu.submit(inner))
    e.submitted("main.<locals>.<lambda>", 0, io.submit(lambda: 2))
    e.submitted("<lambda>", 1, cpu.submit(module_lambda))
    e.submitted("Job", 0, io.submit(Job()))
    e.submitted("explode", 1, cpu.submit(explode))
    io.shutdown()
    cpu.shutdown()
    try:
        io.submit(load, 99)  # after shutdown: raises, and is no task
    except RuntimeError as exc:
        print("refused:", exc)


main()
e.write(expect.path())
