#!/usr/bin/env bash
# Builds Kring and starts a real workshop server on the embedded SQLite store; where a
# display exists it also opens the facilitator console. Arguments go to kring-server,
# e.g. scripts/run.sh --port 9000 --data /srv/kring/kring.sqlite
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"

build="$here/build"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKRING_BUILD_TESTS=OFF -DKRING_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)"

port=8080
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--port" ] && port="${args[$((i + 1))]}"
done

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$build/server/kring-server" "$@" &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
  # Give the server a moment to listen, then open the facilitator console.
  for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
  "$build/client/kring" --server "127.0.0.1:$port" || true
  echo "The facilitator console closed; the server keeps running. Stop it with Ctrl+C."
  wait $server
else
  exec "$build/server/kring-server" "$@"
fi
