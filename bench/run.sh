#!/usr/bin/env bash
# The Kring benchmark in one go: starts and stops the real kring-server (embedded
# SQLite store in a temporary folder) and the bare Beast echo server, drives both with
# kring-load, and prints the table (bench/report.py) and writes it as JSON.
# It builds nothing: build first, e.g.
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DKRING_BUILD_CLIENT=OFF -DKRING_BUILD_TESTS=OFF
#   ninja -C build-bench kring-server kring-load kring-echo kring-floor
#
# Usage: bench/run.sh [BUILD_DIR] [options]
#   --smoke          a few hundred participants, one room, < 30 s; exit 1 unless every
#                    participant joined and every answer was acked and seen by the observer
#   --runs N         repetitions of each scenario (default 3; the table shows medians)
#   --only LIST      comma-separated subset of: echo,echo1 (the echo server with room1x1's
#                    burst: one message each),room1,room1x1,rooms400,paced,
#                    live-phones,live-projector (1,000 participants paced at 25 answers/s
#                    with the step's results live on the projector and the phones, or on
#                    the projector only: what the phones receive),floor (what one calm
#                    vote costs at least on this machine, part by part: kring-floor),restart,
#                    room1-pg,rooms400-pg,paced-pg (room1, rooms400 and paced on PostgreSQL: a
#                    cluster of its own, scripts/pg-local.sh, a fresh database per run; not in
#                    the default), takeover-pg (three nodes on PostgreSQL behind HAProxy, the
#                    session's node killed TAKEOVER_ROUNDS times with TAKEOVER_N participants
#                    in it: kring-takeover; needs haproxy; not in the default)
#   --out FILE       where the JSON goes (default bench/results.json)
#   --content DIR    content folder for kring-server (default: the server's own default)
#   --threads N      server and echo threads (default: number of cores)
#   --server PATH    another kring-server binary to measure (A/B of a change), e.g. a
#                    second build folder's; kring-load and kring-echo still come from BUILD_DIR
# Sizes can be changed with environment variables (defaults are the standard scenarios):
#   N_ONE=10000  ROOMS_MANY=400 PER_ROOM=40  PACED_N=10000 PACED_S=3 PACED_RATE=2000
#   TAKEOVER_N=200 TAKEOVER_ROUNDS=5  LIVE_N=1000 LIVE_RATE=25 LIVE_S=1
#   STATEMENTS=9   FILL_ROOMS=400 FILL_PER_ROOM=25 FILL_ROUNDS=11 (= 1,000,800 events)
# Every process it starts has a hard time limit and is stopped by PID on exit; only
# loopback addresses are used (server on 127.0.0.1, clients from 127.0.0.x).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build="$root/build-bench"
smoke=0
runs=3
only="echo,echo1,room1,room1x1,rooms400,paced,live-phones,live-projector,floor,restart"
out="$here/results.json"
content=""
threads=$(nproc)
server_override=""

while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --runs) runs="$2"; shift ;;
    --only) only="$2"; shift ;;
    --out) out="$2"; shift ;;
    --content) content="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --server) server_override="$2"; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) build=$(cd "$1" && pwd) ;;
  esac
  shift
done

SERVER="${server_override:-$build/server/kring-server}"
LOAD="$build/bench/kring-load"
ECHO="$build/bench/kring-echo"
for b in "$SERVER" "$LOAD" "$ECHO"; do
  if [ ! -x "$b" ]; then
    echo "run.sh: $b is missing; build first: ninja -C $build kring-server kring-load kring-echo kring-floor" >&2
    exit 2
  fi
done

N_ONE=${N_ONE:-10000}
ROOMS_MANY=${ROOMS_MANY:-400}
PER_ROOM=${PER_ROOM:-40}
PACED_N=${PACED_N:-10000}
PACED_S=${PACED_S:-3}
PACED_RATE=${PACED_RATE:-2000}
STATEMENTS=${STATEMENTS:-9}
FILL_ROOMS=${FILL_ROOMS:-400}
FILL_PER_ROOM=${FILL_PER_ROOM:-25}
FILL_ROUNDS=${FILL_ROUNDS:-11}

tmp=$(mktemp -d /tmp/kring-bench.XXXXXX)
results="$tmp/results.jsonl"
: >"$results"
SRV_PID=""
SRV_PORT=""

stop_pid() { # PID: TERM, then KILL after 30 s; always reaped
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

PG_DIR=""
PG_URL=""
cleanup() {
  stop_pid "$SRV_PID"
  SRV_PID=""
  if [ -n "$PG_DIR" ]; then
    "$root/scripts/pg-local.sh" stop "$PG_DIR" >/dev/null 2>&1
    rm -rf "$PG_DIR"
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME READY_PATTERN COMMAND...: starts it in the background, waits (60 s at
# most) for its "… port=N" line; sets SRV_PID and SRV_PORT.
start_server() {
  local name="$1" pattern="$2" i
  shift 2
  # A fresh file: the previous server's "port=" line must not be read before the new
  # process has truncated it.
  rm -f "$tmp/$name.out" "$tmp/$name.err"
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  SRV_PID=$!
  SRV_PORT=""
  for i in $(seq 1 600); do
    SRV_PORT=$(sed -n "s/^$pattern port=\([0-9]*\).*/\1/p" "$tmp/$name.out" 2>/dev/null | head -1)
    [ -n "$SRV_PORT" ] && return 0
    kill -0 "$SRV_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "run.sh: $name did not start:" >&2
  cat "$tmp/$name.err" >&2
  stop_pid "$SRV_PID"
  SRV_PID=""
  return 1
}

# Every simulated participant connects from 127.0.0.1: no cap on connections per address.
kring_args=(--bind 127.0.0.1 --threads "$threads" --max-per-address 0)
[ -n "$content" ] && kring_args+=(--content "$content")

start_kring() { # DATA_FILE [PORT] [extra server flags...]
  local data="$1" port="$2"
  shift 2
  start_server server KRING_LISTENING "$SERVER" --port "$port" --data "$data" "${kring_args[@]}" "$@"
}

# record SCENARIO RUN FILE: appends the run's JSON to the results with its scenario name.
record() {
  local scenario="$1" run="$2" file="$3"
  if [ -s "$file" ]; then
    printf '{"scenario":"%s","run":%s,"result":%s}\n' "$scenario" "$run" "$(head -1 "$file")" >>"$results"
  else
    printf '{"scenario":"%s","run":%s,"result":null}\n' "$scenario" "$run" >>"$results"
  fi
}

# load SCENARIO RUN LIMIT_S ARGS...: one kring-load run against the server started last.
load() {
  local scenario="$1" run="$2" limit="$3" rc
  shift 3
  echo "== $scenario run $run: $*" >&2
  timeout -k 5 "$((limit + 15))" "$LOAD" --port "$SRV_PORT" --server-pid "$SRV_PID" \
    --label "$scenario" --timeout "$limit" "$@" >"$tmp/load.json"
  rc=$?
  record "$scenario" "$run" "$tmp/load.json"
  return $rc
}

want() { case ",$only," in *",$1,"*) return 0 ;; esac; return 1; }

#------------------------------------------------------------------------------
if [ "$smoke" = 1 ]; then
  start_kring "$tmp/smoke.sqlite" 0 || exit 1
  load smoke 1 25 --participants 300 --rooms 1 --statements "$STATEMENTS"
  rc=$?
  stop_pid "$SRV_PID"
  SRV_PID=""
  if [ $rc -ne 0 ]; then
    echo "bench smoke: FAILED (kring-load exit $rc): $(head -c 2000 "$tmp/load.json")" >&2
    exit 1
  fi
  if command -v python3 >/dev/null 2>&1; then
    python3 "$here/report.py" "$results" --out "$out"
  fi
  echo "bench smoke: ok"
  exit 0
fi

# pg_start: the benchmark's own PostgreSQL cluster, once (not in a subshell: cleanup stops it).
pg_start() {
  [ -n "$PG_URL" ] && return 0
  # Its own folder under /tmp: the cluster's unprivileged owner must reach it.
  PG_DIR=$(mktemp -d /tmp/kring-bench-pg.XXXXXX)
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  PG_URL=$("$root/scripts/pg-local.sh" start "$PG_DIR" "$port")
}

# pg_database NAME: a fresh database of that cluster; prints its URL.
pg_database() {
  [ -n "$PG_URL" ] || return 1
  /usr/lib/postgresql/15/bin/psql "$PG_URL" -qc "CREATE DATABASE $1" >/dev/null || return 1
  echo "${PG_URL%/*}/$1"
}

echo "bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), open files $(ulimit -Hn), results in $out" >&2

if want room1-pg || want rooms400-pg || want paced-pg || want takeover-pg; then
  pg_start || echo "run.sh: PostgreSQL did not start; the -pg scenarios are skipped" >&2
fi

for run in $(seq 1 "$runs"); do
  if want echo; then
    if start_server echo ECHO_LISTENING "$ECHO" --bind 127.0.0.1 --port 0 --threads "$threads"; then
      load echo "$run" 120 --echo --participants "$N_ONE" --statements "$STATEMENTS"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  if want echo1; then
    # The echo server's time for room1x1's burst: one message each, all at the same moment.
    if start_server echo ECHO_LISTENING "$ECHO" --bind 127.0.0.1 --port 0 --threads "$threads"; then
      load echo1 "$run" 120 --echo --participants "$N_ONE" --statements 1
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  if want room1; then
    if start_kring "$tmp/room1-$run.sqlite" 0; then
      load room1 "$run" 300 --participants "$N_ONE" --rooms 1 --statements "$STATEMENTS"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  if want room1x1; then
    # "10,000 answer at once": one answer each, all sent at the same moment.
    if start_kring "$tmp/room1x1-$run.sqlite" 0; then
      load room1x1 "$run" 300 --participants "$N_ONE" --rooms 1 --statements 1
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  if want rooms400; then
    if start_kring "$tmp/rooms400-$run.sqlite" 0; then
      load rooms400 "$run" 300 --participants "$((ROOMS_MANY * PER_ROOM))" --rooms "$ROOMS_MANY" \
        --statements "$STATEMENTS"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  if want room1-pg; then
    # On PostgreSQL loopback is no admin by default (docs/hosting.md); the generator is.
    if db=$(pg_database "room1_$run") && start_kring "$db" 0 --trust-loopback yes; then
      load room1-pg "$run" 300 --participants "$N_ONE" --rooms 1 --statements "$STATEMENTS"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  if want rooms400-pg; then
    if db=$(pg_database "rooms400_$run") && start_kring "$db" 0 --trust-loopback yes; then
      load rooms400-pg "$run" 300 --participants "$((ROOMS_MANY * PER_ROOM))" --rooms "$ROOMS_MANY" \
        --statements "$STATEMENTS"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  if want paced; then
    if start_kring "$tmp/paced-$run.sqlite" 0; then
      load paced "$run" 300 --participants "$PACED_N" --rooms 1 --statements "$PACED_S" \
        --pattern paced --rate "$PACED_RATE"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
  for live in phones projector; do
    if want "live-$live" && start_kring "$tmp/live-$live-$run.sqlite" 0; then
      load "live-$live" "$run" 300 --participants "${LIVE_N:-1000}" --rooms 1 \
        --statements "${LIVE_S:-1}" --pattern paced --rate "${LIVE_RATE:-25}" --live "$live"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  done
  if want floor; then
    # The floor of a calm vote: no server; the store alone in a folder of its own, and
    # plain loopback sockets (kring-floor; about 40 s).
    echo "== floor run $run" >&2
    if [ -x "$build/bench/kring-floor" ]; then
      mkdir -p "$tmp/floor-$run"
      timeout -k 5 180 "$build/bench/kring-floor" --dir "$tmp/floor-$run" >"$tmp/floor.json"
      record floor "$run" "$tmp/floor.json"
      rm -rf "$tmp/floor-$run"
    else
      echo "run.sh: $build/bench/kring-floor is missing (ninja -C $build kring-floor); no floor" >&2
    fi
  fi
  if want paced-pg; then
    if db=$(pg_database "paced_$run") && start_kring "$db" 0 --trust-loopback yes; then
      load paced-pg "$run" 300 --participants "$PACED_N" --rooms 1 --statements "$PACED_S" \
        --pattern paced --rate "$PACED_RATE"
      stop_pid "$SRV_PID"; SRV_PID=""
    fi
  fi
done

if want takeover-pg && [ -n "$PG_URL" ]; then
  for run in $(seq 1 "$runs"); do
    if db=$(pg_database "takeover_$run"); then
      echo "== takeover-pg run $run: ${TAKEOVER_N:-200} participants, ${TAKEOVER_ROUNDS:-5} kills" >&2
      timeout -k 5 600 "$build/bench/kring-takeover" --server "$SERVER" --data "$db" \
        --haproxy-cfg "$root/deploy/haproxy.cfg" --participants "${TAKEOVER_N:-200}" \
        --rounds "${TAKEOVER_ROUNDS:-5}" >"$tmp/takeover.json"
      record takeover-pg "$run" "$tmp/takeover.json"
    fi
  done
fi

if want restart; then
  # Fill a store through the real protocol (answers changed FILL_ROUNDS times), stop the
  # server cleanly, then restart it on that file and time the first acknowledged answer.
  data="$tmp/restart.sqlite"
  if start_kring "$data" 0 --rate 100000; then
    fill_port="$SRV_PORT"
    load restart-fill 1 900 --participants "$((FILL_ROOMS * FILL_PER_ROOM))" --rooms "$FILL_ROOMS" \
      --statements "$STATEMENTS" --rounds "$FILL_ROUNDS" --settle-ms 100
    cp "$tmp/load.json" "$tmp/fill.json"
    stop_pid "$SRV_PID"; SRV_PID=""
    events=""
    if command -v python3 >/dev/null 2>&1; then
      events=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from events').fetchone()[0])" "$data" 2>/dev/null)
    fi
    code=$(sed -n 's/.*"sessions":\[{"code":"\([A-Za-z0-9]*\)".*/\1/p' "$tmp/fill.json")
    bytes=$(stat -c %s "$data" 2>/dev/null || echo 0)
    if [ -n "$code" ]; then
      for run in $(seq 1 "$runs"); do
        echo "== restart run $run: store of ${events:-?} events, $bytes bytes" >&2
        t0=$(date +%s%N)
        "$SERVER" --port "$fill_port" --data "$data" "${kring_args[@]}" >"$tmp/server.out" 2>"$tmp/server.err" &
        SRV_PID=$!
        timeout -k 5 70 "$LOAD" --probe --port "$fill_port" --code "$code" --t0-realtime-ns "$t0" \
          --timeout 60 >"$tmp/probe.json"
        hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$SRV_PID/status" 2>/dev/null)
        stop_pid "$SRV_PID"; SRV_PID=""
        probe=$(head -1 "$tmp/probe.json")
        [ -n "$probe" ] || probe=null
        printf '{"scenario":"restart","run":%s,"result":{"events":%s,"bytes":%s,"hwm_kib":%s,"probe":%s}}\n' \
          "$run" "${events:-null}" "$bytes" "${hwm:-null}" "$probe" >>"$results"
      done
    else
      echo "run.sh: the fill run gave no session code; skipping the restarts" >&2
    fi
  fi
fi

if command -v python3 >/dev/null 2>&1; then
  python3 "$here/report.py" "$results" --out "$out"
else
  echo "run.sh: python3 not found; raw results:" >&2
  cat "$results"
  cp "$results" "$out"
fi
