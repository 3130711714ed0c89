#!/usr/bin/env bash
# The README's first command: install what is missing, build, and open the window on a built-in
# scenario. Arguments go to poolscope (e.g. --scenario never-checks, or --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
exec ./build/poolscope "$@"
