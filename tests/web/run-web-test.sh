#!/usr/bin/env bash
# Starts the real kring-server on a free loopback port with a fresh store, runs one
# browser test file against it, and stops the server.
# Usage: run-web-test.sh SERVER TEST SHOTS [SERVER_FLAG...]
# Without server flags the server shows results from one answer on (--min-answers 1), so a
# test with one or two phones sees numbers. Flags the server does not know are not passed:
# they are named to the test in KRING_MISSING_FLAGS, and the test fails the checks that need them.
set -euo pipefail
server_bin=$1
test_file=$2
shots=$3
shift 3
mkdir -p "$shots"
work=$(mktemp -d)
out="$work/server.out"

help=$("$server_bin" --help 2>&1 || true)
known() { grep -q -- "$1\b" <<<"$help"; }
if [ $# -eq 0 ]; then
  if known --min-answers; then set -- --min-answers 1; fi
fi
flags=()
missing=""
while [ $# -gt 0 ]; do
  flag=$1
  shift
  value=""
  if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then value=$1; shift; fi
  if known "$flag"; then
    flags+=("$flag")
    [ -n "$value" ] && flags+=("$value")
  else
    echo "kring-server has no flag $flag: not passed"
    missing="$missing $flag"
  fi
done

"$server_bin" --port 0 --bind 127.0.0.1 --data "$work/kring.sqlite" ${flags[@]+"${flags[@]}"} >"$out" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=""
for _ in $(seq 150); do
  port=$(sed -n 's/^KRING_LISTENING port=\([0-9]*\).*/\1/p' "$out" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$out"; echo "kring-server did not start"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$out"; echo "kring-server did not report its port"; exit 1; }

cd "$(dirname "$test_file")"
status=0
KRING_URL="http://127.0.0.1:$port" KRING_SHOTS="$shots" KRING_MISSING_FLAGS="${missing# }" node "$test_file" || status=$?
# The server must still be alive after the test: a crash is a failure too.
kill -0 "$server" 2>/dev/null || { cat "$out"; echo "kring-server died during the test"; exit 1; }
exit $status
