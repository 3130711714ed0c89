# SPDX-License-Identifier: MIT
"""python3 -m poolscope_record [-o OUT.poolscope] PROGRAM.py [ARGS...]   (or -m MODULE [ARGS...])

Runs PROGRAM in this interpreter, as `python3 PROGRAM.py ARGS` would, and saves what its
ThreadPoolExecutors and threading.Events did to OUT.poolscope (default: PROGRAM's name with .poolscope,
in the current directory). Open it with `poolscope OUT.poolscope`, or
`poolscope --headless OUT.poolscope --report R.json`.
"""

import os
import runpy
import sys

import poolscope_record

USAGE = "usage: python3 -m poolscope_record [-o OUT.poolscope] PROGRAM.py [ARGS...] | -m MODULE [ARGS...]"


def _fail(message):
    sys.stderr.write("poolscope_record: %s\n" % message)
    sys.exit(2)


def main(argv):
    output = None
    module = None
    i = 0
    while i < len(argv) and argv[i].startswith("-") and module is None:
        arg = argv[i]
        if arg in ("-h", "--help"):
            sys.stdout.write(__doc__.lstrip())
            return 0
        if arg == "--version":
            sys.stdout.write("poolscope_record %s\n" % poolscope_record.__version__)
            return 0
        if arg in ("-o", "--output") and i + 1 < len(argv):
            output = argv[i + 1]
            i += 2
        elif arg.startswith("--output="):
            output = arg.split("=", 1)[1]
            i += 1
        elif arg == "-m" and i + 1 < len(argv):
            module = argv[i + 1]
            i += 2
        elif arg == "--":
            i += 1
            break
        else:
            _fail("%s: unknown option (%s)" % (arg, USAGE))
    rest = argv[i:]
    if module is None:
        if not rest:
            _fail(USAGE)
        program, rest = rest[0], rest[1:]
        if not os.path.isfile(program):
            _fail("%s: no such file" % program)
        stem = os.path.splitext(os.path.basename(program))[0]
    else:
        program = module
        stem = module.rsplit(".", 1)[-1]
    output = os.path.abspath(output or stem + ".poolscope")
    if os.path.isdir(output):
        _fail("%s: is a directory" % output)
    if not os.path.isdir(os.path.dirname(output)):
        _fail("%s: the directory %s does not exist" % (output, os.path.dirname(output)))
    part = os.path.join(os.path.dirname(output), ".%s.%d.part" % (os.path.basename(output), os.getpid()))
    shown = ["-m", module] if module is not None else [program]
    if not poolscope_record.start(part, rename_to=output, argv=[sys.executable] + shown + rest):
        _fail("%s: cannot create the recording" % part)
    if module is not None:
        sys.argv = [module] + rest
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        sys.argv = [program] + rest
        sys.path[0] = os.path.dirname(os.path.abspath(program))
        runpy.run_path(program, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
