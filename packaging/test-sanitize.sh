#!/usr/bin/env bash
# Builds the core, the CLI and the unit and integration suites with AddressSanitizer (with
# LeakSanitizer) + UndefinedBehaviorSanitizer into ./build-asan (RelWithDebInfo, no GUI), and
# runs the unit and integration tests there. Any ASan/UBSan/LSan report fails the test that
# produced it. Expects the dependencies installed (packaging/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Clang's sanitizer runtime (libclang-rt-14-dev) unless a compiler is chosen; only read when
# build-asan is configured the first time.
if [ -z "${CXX:-}" ] && command -v clang++-14 >/dev/null; then
    export CC=clang-14 CXX=clang++-14
fi

SECONDS=0
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOSMOSCOPE_SANITIZE=ON \
    -DCOSMOSCOPE_BUILD_GUI=OFF -DCOSMOSCOPE_BUILD_TESTS=ON >/dev/null
# Without the GUI, the default target is exactly the core, the CLI and the unit and
# integration tests.
ninja -C build-asan -j "${JOBS:-2}"
build_seconds=$SECONDS

# halt_on_error: stop at the first report, so the test fails. LSan runs at each process exit
# (test binaries and every cosmoscope-cli the CLI tests start); tests/lsan.supp lists the
# leaks that are a library's, each with the reason. Its entries name OpenSSL functions, and
# OpenSSL is built without frame pointers: fast_unwind_on_malloc=0 records allocation stacks
# with the DWARF unwinder, through libcrypto and Qt, so that they can match (and so that any
# leak report shows its whole stack). It doubles the CLI tests' time (about 75 s more here).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:print_stacktrace=1:fast_unwind_on_malloc=0:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"

SECONDS=0
status=0
(cd build-asan && ctest --output-on-failure -j 2 -L 'unit|integration') || status=$?
echo "test-sanitize: build ${build_seconds} s, tests ${SECONDS} s"
exit $status
