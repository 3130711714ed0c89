#!/usr/bin/env bash
# Builds the core and its tests with a sanitizer and runs them. Usage: scripts/sanitize.sh thread
#                                                                 scripts/sanitize.sh address,undefined
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitize.sh thread|address,undefined}
dir=build-san-${kind//,/-}
if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOOLSCOPE_BUILD_UI=OFF \
        -DPOOLSCOPE_BUILD_BENCH=OFF -DPOOLSCOPE_SANITIZE="$kind"
fi
cmake --build "$dir" -j"$(nproc)"
export QT_QPA_PLATFORM=offscreen
# The stress test runs a tenth of its rounds: sanitizers are slow, and the interleavings still vary.
export POOLSCOPE_STRESS_SCALE=${POOLSCOPE_STRESS_SCALE:-0.2}
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 abort_on_error=1 ${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1 ${UBSAN_OPTIONS:-}"
run=()
# gcc 12's ThreadSanitizer cannot map its shadow memory with the newer kernels' address-space
# randomisation; running without it is the documented workaround.
if [[ $kind == thread ]] && command -v setarch >/dev/null; then
    run=(setarch "$(uname -m)" -R)
fi
"${run[@]}" ctest --test-dir "$dir" -L core --output-on-failure -j"$(nproc)"
