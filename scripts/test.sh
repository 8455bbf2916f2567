#!/usr/bin/env bash
# Installs what is needed, builds Kring with AddressSanitizer + UndefinedBehaviorSanitizer
# and runs every test: unit, server integration, browser (Chromium) and GUI (Xvfb).
# Extra arguments go to ctest, e.g. scripts/test.sh -R unit
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh" --test

build="$here/build-test"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKRING_SANITIZE=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$build"
ctest --output-on-failure --timeout 300 "$@"
