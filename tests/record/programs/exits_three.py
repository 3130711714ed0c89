# SPDX-License-Identifier: MIT
# Output and status pass through: a line on stdout, one on stderr, and sys.exit(3) (an ending the
# program chose: the recording is complete).
import concurrent.futures as cf
import sys

import expect

e = expect.Expect()
with cf.ThreadPoolExecutor() as ex:
    e.submitted("print", 0, ex.submit(print, "hello from a worker", flush=True))
e.write(expect.path())
sys.stderr.write("goodbye on stderr\n")
sys.exit(3)
