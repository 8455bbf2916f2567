#!/usr/bin/env bash
# Starts the hosted set-up on loopback (docs/hosting.md): a PostgreSQL cluster of its own in a
# temporary folder (scripts/pg-local.sh), three kring-server nodes on it and HAProxy in front
# with deploy/haproxy.cfg; runs one browser test file against HAProxy's address and stops
# everything. The test finds the nodes in KRING_NODES ("pid:port,pid:port,pid:port") and the
# operator's token in KRING_ADMIN_TOKEN.
# Usage: run-hosted-web-test.sh SERVER TEST SHOTS
set -euo pipefail
server_bin=$1
test_file=$2
shots=$3
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$shots"
work=$(mktemp -d /tmp/kring-hosted-web.XXXXXX)
chmod 711 "$work" # the cluster's owner (an unprivileged user when run as root) must reach it
pids=()
cleanup() {
  for p in "${pids[@]+"${pids[@]}"}"; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" 2>/dev/null || true; done
  "$here/scripts/pg-local.sh" kill "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A port to listen on: below the ephemeral range (32768-60999), and nobody answers on it.
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

url=$("$here/scripts/pg-local.sh" start "$work/pg" "$(free_port)")
token="hosted-web-admin-token-0123456789"
front=$(free_port)
nodes=""
ports=()
for i in 1 2 3; do
  port=$(free_port)
  "$server_bin" --port "$port" --bind 127.0.0.1 --data "$url" --min-answers 1 \
    --public-url "http://127.0.0.1:$front" --admin-token "$token" >"$work/node$i.out" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 150); do
    grep -q KRING_LISTENING "$work/node$i.out" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/node$i.out"; echo "node $i did not start"; exit 1; }
    sleep 0.1
  done
  grep -q KRING_LISTENING "$work/node$i.out" || { cat "$work/node$i.out"; exit 1; }
  ports+=("$port")
  nodes="$nodes${nodes:+,}$pid:$port"
done
KRING_BIND="127.0.0.1:$front" KRING_PUBLIC_HOST="127.0.0.1:$front" \
  KRING_NODE1="127.0.0.1:${ports[0]}" KRING_NODE2="127.0.0.1:${ports[1]}" \
  KRING_NODE3="127.0.0.1:${ports[2]}" haproxy -f "$here/deploy/haproxy.cfg" -db \
  >"$work/haproxy.out" 2>&1 &
pids+=($!)
up=""
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$front") 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
[ -n "$up" ] || { cat "$work/haproxy.out"; echo "haproxy did not start"; exit 1; }
# Every node passed a health check (one a second) before the test begins.
sleep 2.2

cd "$(dirname "$test_file")"
status=0
KRING_URL="http://127.0.0.1:$front" KRING_SHOTS="$shots" KRING_NODES="$nodes" \
  KRING_ADMIN_TOKEN="$token" node "$test_file" || status=$?
if [ "$status" -ne 0 ]; then
  for i in 1 2 3; do echo "--- node $i"; tail -n 20 "$work/node$i.out"; done
  echo "--- haproxy"; tail -n 20 "$work/haproxy.out"
fi
exit $status
