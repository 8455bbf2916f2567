#!/usr/bin/env bash
# Crash rounds: each round starts kring-server on a fresh data folder, lets P participants
# answer, kills the server with SIGKILL at a random moment, starts it again on the same data
# and checks that every acknowledged answer is there exactly once (bench/kring_crash.cpp).
# Prints the figures per round and in total; exits non-zero on any loss or duplicate.
#
#   scripts/crash-rounds.sh [--rounds N] [--participants P] [--statements S] [--build DIR]
#                           [--no-kill]
#
# The build folder must hold kring-server and kring-crash (a build with KRING_BUILD_BENCH=ON,
# Release for realistic timing), default build-release next to the sources.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
rounds=10
participants=1000
statements=3
build="$here/build-release"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --participants) participants=$2; shift 2 ;;
    --statements) statements=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --no-kill) extra+=(--no-kill); shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "crash-rounds: unknown option $1" >&2; exit 2 ;;
  esac
done

server=$(find "$build" -type f -name kring-server -perm -u+x | head -n 1)
crash=$(find "$build" -type f -name kring-crash -perm -u+x | head -n 1)
if [ -z "$server" ] || [ -z "$crash" ]; then
  echo "crash-rounds: kring-server and kring-crash not found in $build" >&2
  echo "  build them: cmake -S $here -B $build -DCMAKE_BUILD_TYPE=Release -DKRING_BUILD_BENCH=ON" >&2
  echo "              cmake --build $build --target kring-server kring-crash" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kring-crash-XXXXXX")
trap 'rm -rf "$work"' EXIT

total_sent=0 total_acked=0 total_found=0 total_lost=0 total_wrong=0 total_dup=0
failed=0
for round in $(seq 1 "$rounds"); do
  data="$work/round-$round"
  mkdir -p "$data"
  seed=$(( (RANDOM << 15) | RANDOM ))
  set +e
  out=$("$crash" --server "$server" --data "$data" --participants "$participants" \
        --statements "$statements" --seed "$seed" "${extra[@]}" 2>"$work/stderr")
  rc=$?
  set -e
  line=$(printf '%s\n' "$out" | grep '^{' | tail -n 1 || true)
  if [ -z "$line" ]; then
    echo "round $round: could not be run (exit $rc): $(tail -n 3 "$work/stderr")"
    failed=$((failed + 1))
    continue
  fi
  field() { printf '%s' "$line" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
  sent=$(field sent) acked=$(field acked) found=$(field found)
  lost=$(field lost) wrong=$(field wrong) dup=$(field duplicated) kill_after=$(field kill_after)
  total_sent=$((total_sent + sent)) total_acked=$((total_acked + acked))
  total_found=$((total_found + found)) total_lost=$((total_lost + lost))
  total_wrong=$((total_wrong + wrong)) total_dup=$((total_dup + dup))
  verdict=OK
  if [ "$rc" -ne 0 ]; then verdict=FAILED; failed=$((failed + 1)); fi
  printf 'round %2d (seed %s, kill after %s acks): sent %s / acknowledged %s / found %s; lost %s, wrong %s, duplicated %s  %s\n' \
    "$round" "$seed" "$kill_after" "$sent" "$acked" "$found" "$lost" "$wrong" "$dup" "$verdict"
done

printf 'total (%s rounds x %s participants x %s answers): sent %s / acknowledged %s / found %s; lost %s, wrong %s, duplicated %s; %s failed rounds\n' \
  "$rounds" "$participants" "$statements" "$total_sent" "$total_acked" "$total_found" \
  "$total_lost" "$total_wrong" "$total_dup" "$failed"
[ "$failed" -eq 0 ] && [ "$total_lost" -eq 0 ] && [ "$total_wrong" -eq 0 ] && [ "$total_dup" -eq 0 ]
