#!/usr/bin/env bash
# Installs what is needed, builds Kring with AddressSanitizer + UndefinedBehaviorSanitizer
# and runs every test: unit, server integration, browser (Chromium) and GUI (Xvfb).
# Then two more stages: the server under ThreadSanitizer with the integration tests
# (build-test-tsan), and a short fixed run of each fuzz target (clang + libFuzzer,
# build-test-fuzz). Those two are built at the lowest CPU priority while the first stage's
# tests run (they mostly wait on the network and leave cores idle). Prints one line per
# stage at the end; fails if any stage failed.
# Extra arguments go to the first ctest and skip the other stages, e.g. scripts/test.sh -R unit
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh" --test

summary=()
failed=0
# Records a stage's result: stage_done NAME STATUS STARTED_AT [DETAIL]
stage_done() {
    local secs=$(($(date +%s) - $3))
    if [ "$2" -eq 0 ]; then
        summary+=("kring test: $1: passed in ${secs}s${4:+ ($4)}")
    else
        summary+=("kring test: $1: FAILED after ${secs}s${4:+ ($4)}")
        failed=1
    fi
}
print_summary() {
    echo
    printf '%s\n' "${summary[@]}"
}

build="$here/build-test"
tsan="$here/build-test-tsan"
fuzz="$here/build-test-fuzz"

# Stage 2's build: kring-server and the room's in-process tests with ThreadSanitizer.
# Line tables only (-g1): enough for the reports' file:line, a third less compile time.
build_tsan() {
    cmake -S "$here" -B "$tsan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
        -DKRING_SANITIZE=thread -DKRING_BUILD_CLIENT=OFF -DKRING_BUILD_BENCH=OFF \
        -DKRING_WERROR=ON >/dev/null &&
        cmake --build "$tsan" --parallel "$(nproc)" --target kring-server kring_room_tests
}
# Stage 3's build: the fuzz targets with clang.
build_fuzz() {
    cmake -S "$here" -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only -DCMAKE_C_COMPILER=clang \
        -DCMAKE_CXX_COMPILER=clang++ -DKRING_FUZZ=ON -DKRING_BUILD_TESTS=OFF \
        -DKRING_BUILD_CLIENT=OFF -DKRING_BUILD_BENCH=OFF >/dev/null &&
        cmake --build "$fuzz" --parallel "$(nproc)" --target fuzz_protocol fuzz_content fuzz_static
}
# The result of a build run in the background: 0, or its exit status (and its output).
built() {
    local st
    st=$(cat "$1/build.status" 2>/dev/null || echo 1)
    [ "$st" -eq 0 ] || cat "$1/build.log"
    return "$st"
}

# 1. Everything, with AddressSanitizer + UndefinedBehaviorSanitizer.
started=$(date +%s)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKRING_SANITIZE=ON \
    -DKRING_WERROR=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
# As many at once as there are cores: the tests mostly wait on the server and the network.
# Those that load the machine or bound memory and time run alone afterwards, after the
# background builds of stages 2 and 3 have finished.
alone='^(server:(memory|crash|load|slow consumer|many participants)|bench:)'
if [ $# -gt 0 ]; then
    (cd "$build" && ctest --output-on-failure --timeout 300 "$@") || status=$?
    stage_done "ASan+UBSan, the tests asked for" "$status" "$started"
    print_summary
    exit $failed
fi
mkdir -p "$tsan" "$fuzz"
rm -f "$tsan/build.status" "$fuzz/build.status"
(
    set +e
    renice -n 19 -p "$BASHPID" >/dev/null
    build_tsan >"$tsan/build.log" 2>&1
    echo $? >"$tsan/build.status"
    build_fuzz >"$fuzz/build.log" 2>&1
    echo $? >"$fuzz/build.status"
) &
background=$!
(cd "$build" && ctest -j "$(nproc)" -E "$alone" --output-on-failure --timeout 300) ||
    status=$?
wait "$background" || true
(cd "$build" && ctest -R "$alone" --output-on-failure --timeout 300) || status=$?
stage_done "ASan+UBSan, every test" "$status" "$started"

# 2. The server under ThreadSanitizer. Only kring-server and the room's in-process tests
# (kring_room_tests) are built with it: the integration tests are clients of the server in
# another process, so the binary of stage 1 runs them against the ThreadSanitizer server
# (KRING_TEST_SERVER_BIN). The server runs as a child of the tests, so a report is written
# to a file (log_path) rather than trusted to change an exit status somebody checks; any
# report fails the stage.
started=$(date +%s)
status=0
if built "$tsan"; then
    rm -rf "$tsan/tsan-reports"
    mkdir -p "$tsan/tsan-reports"
    # As in stage 1: as many at once as there are cores, then those that bound memory and
    # time alone.
    (export TSAN_OPTIONS="second_deadlock_stack=1:log_path=$tsan/tsan-reports/report" &&
        export KRING_TEST_SERVER_BIN="$tsan/server/kring-server" &&
        cd "$tsan" && ctest -L server-in-process --output-on-failure --timeout 300 &&
        cd "$build" &&
        ctest -L server -LE in-process -j "$(nproc)" -E "$alone" --output-on-failure \
            --timeout 300 &&
        ctest -L server -LE in-process -R "$alone" --output-on-failure --timeout 300) ||
        status=$?
    reports=$(find "$tsan/tsan-reports" -type f | wc -l)
    if [ "$reports" -gt 0 ]; then
        cat "$tsan"/tsan-reports/*
        status=1
    fi
    stage_done "ThreadSanitizer, the server" "$status" "$started" "$reports reports"
else
    stage_done "ThreadSanitizer, the server" 1 "$started" "build failed"
fi

# 3. A short, fixed run of each fuzz target (tests/fuzz). Each fuzzer uses one core: as
# many at once as there are cores.
started=$(date +%s)
status=0
if built "$fuzz"; then
    (cd "$fuzz" && ctest -L fuzz -j "$(nproc)" --output-on-failure) || status=$?
    stage_done "libFuzzer, protocol, content and HTTP paths" "$status" "$started"
else
    stage_done "libFuzzer, protocol, content and HTTP paths" 1 "$started" "build failed"
fi

print_summary
exit $failed
