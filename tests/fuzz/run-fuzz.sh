#!/usr/bin/env bash
# Runs one libFuzzer target: run-fuzz.sh BINARY WORKDIR SEEDS SECONDS RUNS [fresh]
# New inputs go to WORKDIR/corpus (the committed SEEDS are only read), a crashing input
# to WORKDIR/crash-*; RUNS -1 means no limit. "fresh" empties WORKDIR first, so that a
# fixed seed gives the same run every time (FUZZ_SEED=0: a new random seed each run).
# Exits non-zero on any crash, leak or UB.
set -euo pipefail

bin=$1 work=$2 seeds=$3 seconds=$4 runs=$5 mode=${6:-}
here=$(cd "$(dirname "$0")" && pwd)

[ "$mode" = fresh ] && rm -rf "$work"
mkdir -p "$work/corpus"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# -max_len: the server's default --max-message; -timeout: one input taking this long is a
# hang worth reporting.
exec "$bin" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -runs="$runs" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -dict="$here/kring.dict" -artifact_prefix="$work/" \
    -print_final_stats=1 "$work/corpus" "$seeds"
