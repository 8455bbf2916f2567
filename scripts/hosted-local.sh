#!/usr/bin/env bash
# The hosted set-up on this one machine, to try it (docs/hosting.md): a PostgreSQL cluster
# of its own in a temporary folder, three kring-server nodes on it, and HAProxy in front with
# deploy/haproxy.cfg, everything on 127.0.0.1. Ctrl-C stops it all and removes the folder.
#
# Usage: scripts/hosted-local.sh [PORT]   HAProxy's port (default 8080); the nodes take the
#                                          three ports after it, PostgreSQL the fourth
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
front=${1:-8080}
"$here/scripts/setup.sh" --test-tools >/dev/null # PostgreSQL and HAProxy
"$here/scripts/setup.sh"

build="$here/build"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKRING_BUILD_TESTS=OFF \
  -DKRING_BUILD_BENCH=OFF -DKRING_BUILD_CLIENT=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target kring-server

dir=$(mktemp -d /tmp/kring-hosted.XXXXXX)
chmod 711 "$dir" # the cluster's owner (an unprivileged user when run as root) must reach pg/
pids=()
stop_all() {
  for p in "${pids[@]+"${pids[@]}"}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" 2>/dev/null || true; done
  "$here/scripts/pg-local.sh" stop "$dir/pg" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

url=$("$here/scripts/pg-local.sh" start "$dir/pg" $((front + 4)))
# One admin token for all nodes: on PostgreSQL, facilitators need it to create sessions.
token=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "kring hosted: PostgreSQL at $url"
for i in 1 2 3; do
  port=$((front + i))
  "$build/server/kring-server" --port "$port" --bind 127.0.0.1 --data "$url" \
    --public-url "http://127.0.0.1:$front" --admin-token "$token" >"$dir/node$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 100); do
    grep -q KRING_LISTENING "$dir/node$i.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -q KRING_LISTENING "$dir/node$i.log" || { cat "$dir/node$i.log" >&2; exit 1; }
done
KRING_BIND="127.0.0.1:$front" KRING_PUBLIC_HOST="127.0.0.1:$front" \
  KRING_NODE1="127.0.0.1:$((front + 1))" KRING_NODE2="127.0.0.1:$((front + 2))" \
  KRING_NODE3="127.0.0.1:$((front + 3))" haproxy -f "$here/deploy/haproxy.cfg" -db &
pids+=($!)
echo "kring hosted: three nodes behind HAProxy at http://127.0.0.1:$front"
echo "kring hosted: facilitator: kring --server 127.0.0.1:$front --admin-token $token"
echo "kring hosted: an organisation and its key (docs/hosting.md, Organisations):"
echo "  $build/server/kring-server --data $url org add \"Huis van het Kind Gent\""
echo "kring hosted: participants: http://127.0.0.1:$front   (Ctrl-C stops everything)"
wait "${pids[@]}"
