#!/usr/bin/env bash
# Runs a command on a private Xvfb display that Xvfb picks itself (-displayfd), and exits
# with the command's own status. Unlike xvfb-run, it never replaces that status with its own
# clean-up errors, and parallel runs cannot collide on a display number.
set -u
dir=$(mktemp -d)
Xvfb -displayfd 3 -nolisten tcp -screen 0 "${KRING_XVFB_SCREEN:-1920x1080x24}" \
  3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
for _ in $(seq 200); do
  [ -s "$dir/display" ] && break
  sleep 0.05
done
if [ ! -s "$dir/display" ]; then
  echo "with-xvfb: Xvfb did not start" >&2
  cat "$dir/xvfb.log" >&2
  kill "$xvfb" 2>/dev/null
  rm -rf "$dir"
  exit 97
fi
export DISPLAY=":$(head -n 1 "$dir/display")"
"$@"
status=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
rm -rf "$dir"
exit "$status"
