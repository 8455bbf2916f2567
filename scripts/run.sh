#!/usr/bin/env bash
# Builds Kring and starts a real workshop server on the embedded SQLite store; where a
# display exists it also opens the facilitator console. Arguments go to kring-server,
# e.g. scripts/run.sh --port 9000 --data /srv/kring/kring.sqlite
#
# Root is used only to install packages. The server never runs as root:
# - as an ordinary user (packages through sudo): everything runs as that user;
# - through sudo: the build and the server run as the user who called sudo;
# - as root itself: the server runs as the system user "kring" (made once), from a copy of
#   what it needs in /var/lib/kring/app, with its data in /var/lib/kring/data (unless
#   --data is given).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"

build="$here/build"
port=8080
args=("$@")
has_flag() { # FLAG: whether the arguments set it
  local a
  for a in "${args[@]+"${args[@]}"}"; do
    [ "$a" = "$1" ] || [ "${a%%=*}" = "$1" ] && return 0
  done
  return 1
}
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--port" ] && port="${args[$((i + 1))]}"
  [ "${args[$i]%%=*}" = "--port" ] && [ "${args[$i]}" != "--port" ] && port="${args[$i]#*=}"
done

as_user=()    # how the build runs
run_as=()     # how the server runs
server_bin="$build/server/kring-server"
server_args=("$@")
if [ "$(id -u)" -eq 0 ]; then
  if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
    # Started with sudo: the repository is the caller's; so are the build and the server.
    as_user=(runuser -u "$SUDO_USER" --)
    run_as=(runuser -u "$SUDO_USER" --)
  else
    if ! id -u kring >/dev/null 2>&1; then
      useradd --system --home-dir /var/lib/kring --no-create-home --shell /usr/sbin/nologin kring
    fi
    run_as=(runuser -u kring --)
  fi
fi

"${as_user[@]+"${as_user[@]}"}" cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DKRING_BUILD_TESTS=OFF -DKRING_BUILD_BENCH=OFF >/dev/null
"${as_user[@]+"${as_user[@]}"}" cmake --build "$build" --parallel "$(nproc)"

if [ "$(id -u)" -eq 0 ] && [ "${run_as[2]:-}" = kring ]; then
  # The server's user may not be able to read this folder (root's home is private): it
  # runs from a copy of the binary, the content and the web page, which it cannot change.
  app=/var/lib/kring/app
  install -d -m 755 -o root -g root /var/lib/kring
  rm -rf "$app.new"
  install -d -m 755 "$app.new"
  cp "$server_bin" "$app.new/kring-server"
  cp -r "$here/content" "$app.new/content"
  cp -r "$here/client/web" "$app.new/web"
  chmod -R a+rX,go-w "$app.new"
  rm -rf "$app"
  mv "$app.new" "$app"
  server_bin="$app/kring-server"
  if ! runuser -u kring -- test -x "$server_bin"; then
    # A folder above it is closed to other users (a private root directory in a container):
    # the server then runs as root, where it still serves nothing outside its folders.
    echo "kring: the user 'kring' cannot reach $app (a folder above it is private);" \
      "the server runs as root" >&2
    run_as=()
  fi
  has_flag --content || server_args+=(--content "$app/content")
  has_flag --web || server_args+=(--web "$app/web")
  if ! has_flag --data; then
    install -d -m 700 -o kring -g kring /var/lib/kring/data
    server_args+=(--data /var/lib/kring/data/kring.sqlite)
    echo "kring: the data is in /var/lib/kring/data"
  fi
  if [ ${#run_as[@]} -gt 0 ]; then
    echo "kring: the server runs as the user 'kring'"
  fi
fi

server_cmd=("${run_as[@]+"${run_as[@]}"}" "$server_bin" "${server_args[@]+"${server_args[@]}"}")
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "${server_cmd[@]}" &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
  # Give the server a moment to listen, then open the facilitator console.
  for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
  "${as_user[@]+"${as_user[@]}"}" "$build/client/kring" --server "127.0.0.1:$port" || true
  echo "The facilitator console closed; the server keeps running. Stop it with Ctrl+C."
  wait $server
else
  exec "${server_cmd[@]}"
fi
