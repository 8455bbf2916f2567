#!/usr/bin/env bash
# Installs what is needed, builds Kring with AddressSanitizer + UndefinedBehaviorSanitizer
# and runs every test: unit, server integration, browser (Chromium) and GUI (Xvfb).
# Then two more stages: the server under ThreadSanitizer with the integration tests
# (build-test-tsan), and a short fixed run of each fuzz target (clang + libFuzzer,
# build-test-fuzz). Prints one line per stage at the end; fails if any stage failed.
# Extra arguments go to the first ctest and skip the other stages, e.g. scripts/test.sh -R unit
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# What building needs now; what only the tests need (Chromium, Xvfb, clang, node and the
# browser tests' packages) is installed while the first build runs (below).
"$here/scripts/setup.sh"

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

# 1. Everything, with AddressSanitizer + UndefinedBehaviorSanitizer.
started=$(date +%s)
build="$here/build-test"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKRING_SANITIZE=ON \
    -DKRING_WERROR=ON >/dev/null
# Installing takes one core at the most (downloads, dpkg); the build takes the rest. Its
# output goes to a file, printed when it fails.
tools_log="$build/setup-test-tools.log"
"$here/scripts/setup.sh" --test-tools >"$tools_log" 2>&1 &
tools_pid=$!
build_status=0
cmake --build "$build" --parallel "$(nproc)" || build_status=$?
tools_status=0
wait "$tools_pid" || tools_status=$?
grep '^kring setup' "$tools_log" || true
if [ "$build_status" -ne 0 ] || [ "$tools_status" -ne 0 ]; then
    echo "kring test: the build (status $build_status) or installing the test tools" \
        "(status $tools_status) failed" >&2
    [ "$tools_status" -ne 0 ] && cat "$tools_log" >&2
    exit 1
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
# As many at once as there are cores: the tests mostly wait on the server and the network.
# Those that load the machine or bound memory and time run alone afterwards.
alone='^(server:(memory|crash|load|slow consumer|many participants)|bench:)'
if [ $# -gt 0 ]; then
    (cd "$build" && ctest --output-on-failure --timeout 300 "$@") || status=$?
else
    (cd "$build" && ctest -j "$(nproc)" -E "$alone" --output-on-failure --timeout 300) ||
        status=$?
    (cd "$build" && ctest -R "$alone" --output-on-failure --timeout 300) || status=$?
    # The facilitator's guide shows screenshots these tests take: each one must have been
    # taken by this run (a test that stops taking one fails here).
    "$here/scripts/doc-shots.sh" --check "$started" "$build" || status=1
fi
stage_done "ASan+UBSan, every test" "$status" "$started"
if [ $# -gt 0 ]; then
    print_summary
    exit $failed
fi

# 2. The server under ThreadSanitizer, the hosted mode's nodes included (PostgreSQL's
# writer, keeper and session loader threads). Only kring-server and the room's in-process tests
# (kring_room_tests) are built with it: the integration tests are clients of the server in
# another process, so the binary of stage 1 runs them against the ThreadSanitizer server
# (KRING_TEST_SERVER_BIN). The server runs as a child of the tests, so a report is written
# to a file (log_path) rather than trusted to change an exit status somebody checks; any
# report fails the stage.
started=$(date +%s)
tsan="$here/build-test-tsan"
status=0
# Line tables only (-g1): enough for the reports' file:line, a third less compile time.
cmake -S "$here" -B "$tsan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DKRING_SANITIZE=thread -DKRING_BUILD_CLIENT=OFF -DKRING_BUILD_BENCH=OFF \
    -DKRING_WERROR=ON >/dev/null ||
    status=$?
[ $status -eq 0 ] &&
    { cmake --build "$tsan" --parallel "$(nproc)" --target kring-server kring_room_tests ||
        status=$?; }
if [ $status -eq 0 ]; then
    rm -rf "$tsan/tsan-reports"
    mkdir -p "$tsan/tsan-reports"
    # As in stage 1: as many at once as there are cores, then those that load the machine
    # alone; not the memory test, whose bound means nothing with ThreadSanitizer's shadow
    # memory (stage 1 runs it).
    (export TSAN_OPTIONS="second_deadlock_stack=1:log_path=$tsan/tsan-reports/report" &&
        export KRING_TEST_SERVER_BIN="$tsan/server/kring-server" &&
        cd "$tsan" && ctest -L server-in-process --output-on-failure --timeout 300 &&
        cd "$build" &&
        ctest -L 'server|hosted' -LE in-process -j "$(nproc)" -E "$alone|^web:" \
            --output-on-failure --timeout 300 &&
        ctest -L server -LE in-process -R "$alone" -E '^server:memory' --output-on-failure \
            --timeout 300) ||
        status=$?
    reports=$(find "$tsan/tsan-reports" -type f | wc -l)
    if [ "$reports" -gt 0 ]; then
        cat "$tsan"/tsan-reports/*
        status=1
    fi
    stage_done "ThreadSanitizer, the server" "$status" "$started" "$reports reports"
else
    stage_done "ThreadSanitizer, the server" "$status" "$started" "build failed"
fi

# 3. A short, fixed run of each fuzz target (tests/fuzz).
started=$(date +%s)
fuzz="$here/build-test-fuzz"
status=0
cmake -S "$here" -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DKRING_FUZZ=ON -DKRING_FUZZ_SECONDS=20 -DKRING_BUILD_TESTS=OFF \
    -DKRING_BUILD_CLIENT=OFF -DKRING_BUILD_BENCH=OFF >/dev/null || status=$?
[ $status -eq 0 ] &&
    { cmake --build "$fuzz" --parallel "$(nproc)" --target fuzz_protocol fuzz_content fuzz_static fuzz_photo ||
        status=$?; }
# Each fuzzer uses one core: both at once.
[ $status -eq 0 ] &&
    { (cd "$fuzz" && ctest -L fuzz -j "$(nproc)" --output-on-failure) || status=$?; }
stage_done "libFuzzer, protocol, content, HTTP paths and photos" "$status" "$started"

print_summary
exit $failed
