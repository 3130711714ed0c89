#!/usr/bin/env bash
# Builds poolscope with a sanitizer and runs the tests that read recorded events concurrently.
#   scripts/sanitize.sh thread             the core and its tests (label core), ThreadSanitizer
#   scripts/sanitize.sh address,undefined  the core's tests and the random-action window test
#                                          (labels core and sanitize-ui), AddressSanitizer+UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitize.sh thread|address,undefined}
dir=build-san-${kind//,/-}
ui=OFF
labels=core
exclude=()
if [[ $kind == thread ]]; then
    # Qt's QThreadPool locks with a bare futex Debian's Qt does not show TSan: the Qt model's runs are left
    # to ASan+UBSan (tests/core/CMakeLists.txt, label qt-pool; the other tests skip its built-ins).
    exclude=(-LE qt-pool)
    export POOLSCOPE_SANITIZER=thread
fi
if [[ $kind == *address* ]]; then
    # The window's random-action test reads a live run on the GUI thread while the pool records it.
    ui=ON
    labels='core|sanitize-ui'
fi
if [ ! -f "$dir/build.ninja" ]; then
    # -O1 and line tables only: the sanitizers' reports keep file:line, and the build takes half as long.
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
        -DPOOLSCOPE_BUILD_UI=$ui -DPOOLSCOPE_BUILD_BENCH=OFF -DPOOLSCOPE_SANITIZE="$kind"
fi
# Only the tests that run here (and what they depend on, such as the program tst_cli starts).
mapfile -t targets < <(ctest --test-dir "$dir" -N -L "$labels" "${exclude[@]}" | sed -n 's/^ *Test *#[0-9]*: *//p')
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}"
export QT_QPA_PLATFORM=offscreen
# The stress test runs a fifth of its rounds and the window test fewer actions: sanitizers are slow, and
# the interleavings still vary.
export POOLSCOPE_STRESS_SCALE=${POOLSCOPE_STRESS_SCALE:-0.2}
export POOLSCOPE_MONKEY_ACTIONS=${POOLSCOPE_MONKEY_ACTIONS:-800}
# A sanitized thread starts and steps several times slower: the tests whose outcome rides on a built-in's
# timing run it this much slower, so its 40% margins stay wider than the sanitizer's delays.
export POOLSCOPE_TEST_SLOWDOWN=${POOLSCOPE_TEST_SLOWDOWN:-3}
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 abort_on_error=1 ${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp ${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1 ${UBSAN_OPTIONS:-}"
run=()
# gcc 12's ThreadSanitizer cannot map its shadow memory with the newer kernels' address-space
# randomisation; running without it is the documented workaround.
if [[ $kind == thread ]] && command -v setarch >/dev/null; then
    run=(setarch "$(uname -m)" -R)
fi
"${run[@]}" ctest --test-dir "$dir" -L "$labels" "${exclude[@]}" --output-on-failure -j"$(nproc)"
