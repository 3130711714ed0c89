# SPDX-License-Identifier: MIT
# poolscope record puts this directory on the program's PYTHONPATH: Python imports sitecustomize at start-up,
# before the program, so the program runs unchanged and records. This removes its own traces (the
# directory from sys.path, the variables from the environment, so the program's own subprocesses do not
# see them), starts the recorder, then runs the sitecustomize this one shadows, if there is one.
import os
import sys


def _poolscope_boot():
    here = os.path.dirname(os.path.abspath(__file__))
    part = os.environ.pop("POOLSCOPE_RECORD_PART", None)
    package_parent = os.environ.pop("POOLSCOPE_RECORD_PACKAGE", None) or os.path.dirname(os.path.dirname(here))
    if "POOLSCOPE_RECORD_PYTHONPATH" in os.environ:
        original = os.environ.pop("POOLSCOPE_RECORD_PYTHONPATH")
        if original:
            os.environ["PYTHONPATH"] = original
        else:
            os.environ.pop("PYTHONPATH", None)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    if part:
        sys.path.insert(0, package_parent)
        try:
            import poolscope_record
        finally:
            sys.path.remove(package_parent)
        # A second Python process of the same PROGRAM (a shell script's) finds the file made and stays out.
        poolscope_record.start(part)
    import importlib.machinery
    import importlib.util

    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", sys.path)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["sitecustomize"] = module  # the import system keeps what is there when this file ends
        spec.loader.exec_module(module)


_poolscope_boot()
del _poolscope_boot
