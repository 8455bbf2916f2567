#!/usr/bin/env bash
# Fuzzes Kring's untrusted inputs for longer than the test run does: WebSocket frames
# (fuzz_protocol), content files (fuzz_content) and HTTP request targets and Host/Origin
# headers (fuzz_static), with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer. Usage: scripts/fuzz.sh [SECONDS per target, default 600]
# The corpus grows in build-fuzz/tests/fuzz/work-*/corpus and is kept between runs; a
# crashing input is written next to it (crash-*) and the script stops with an error.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
case "$seconds" in
'' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;;
esac
"$here/scripts/setup.sh" --test

build="$here/build-fuzz"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DKRING_FUZZ=ON \
    -DKRING_BUILD_TESTS=OFF -DKRING_BUILD_CLIENT=OFF -DKRING_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target fuzz_protocol fuzz_content fuzz_static

# A long run explores more when every run starts from a new random seed.
export FUZZ_SEED="${FUZZ_SEED:-0}"
status=0
for name in protocol content static; do
    echo "kring fuzz: $name for ${seconds}s"
    if "$here/tests/fuzz/run-fuzz.sh" "$build/tests/fuzz/fuzz_$name" \
        "$build/tests/fuzz/work-$name" "$here/tests/fuzz/corpus/$name" "$seconds" -1; then
        echo "kring fuzz: $name: no crash"
    else
        echo "kring fuzz: $name: FAILED (input in $build/tests/fuzz/work-$name/)"
        status=1
    fi
done
exit $status
