#!/usr/bin/env bash
# A PostgreSQL cluster of its own in a folder, on loopback, for the hosted mode's tests and for
# trying the hosted set-up on one machine (docs/hosting.md). Debian's PostgreSQL 15
# (scripts/setup.sh --test installs it). PostgreSQL refuses to run as root: run as root, the
# cluster belongs to the unprivileged system user kringpg, created here when missing.
#
# Usage: scripts/pg-local.sh start DIR PORT   make the cluster in DIR if it is not there, start
#                                             it on 127.0.0.1:PORT (socket in DIR), create the
#                                             database kring; prints the URL for --data
#        scripts/pg-local.sh stop DIR         stop it (fast shutdown; the data stays)
#        scripts/pg-local.sh kill DIR         stop it at once (immediate: a crash, recovered at
#                                             the next start)
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
if [ ! -x "$bin/initdb" ]; then
  echo "pg-local: PostgreSQL 15 is not installed (scripts/setup.sh --test installs it)" >&2
  exit 2
fi

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  sed -n '8,12p' "$0" >&2
  exit 2
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id kringpg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin kringpg
  fi
  as_owner=(runuser -u kringpg --)
  if ! runuser -u kringpg -- test -x "$bin/initdb"; then
    # The root directory is closed to other users (a container or chroot made with
    # mktemp -d is 0700; every installed system has 0755). The cluster's user must be able
    # to pass through it to reach PostgreSQL's programs: open it for passing (not listing).
    echo "pg-local: / is closed to other users here; allowing them to pass through it (chmod o+x /)" >&2
    chmod o+x /
    if ! runuser -u kringpg -- test -x "$bin/initdb"; then
      echo "pg-local: the user kringpg cannot reach $bin (a folder on the way is private)" >&2
      exit 1
    fi
  fi
fi

case "$cmd" in
start)
  port=${3:?pg-local: start needs a port}
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown kringpg "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    # Trust on loopback only: the cluster listens on 127.0.0.1 and its own socket folder.
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U kring --no-sync -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # fsync stays on: the tests check that what was acknowledged survives.
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=50" >/dev/null ||
    { tail -20 "$dir/log" >&2; exit 1; }
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U kring -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'kring'" | grep -q 1; then
    "$bin/psql" -h 127.0.0.1 -p "$port" -U kring -d postgres -qc "CREATE DATABASE kring" >/dev/null
  fi
  echo "postgresql://kring@127.0.0.1:$port/kring"
  ;;
stop)
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
  ;;
kill)
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null
  ;;
*)
  sed -n '8,12p' "$0" >&2
  exit 2
  ;;
esac
