#!/usr/bin/env bash
# Installs what Kring needs on Debian 12 (bookworm). Safe to run again: it installs only
# what is missing.
# Usage: scripts/setup.sh [--test | --test-tools]
#   (none)        what building needs
#   --test        that, and what running the tests needs
#   --test-tools  only what running the tests needs (scripts/test.sh installs it while the
#                 first build runs)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
want_build=1
want_test=0
case "${1:-}" in
--test) want_test=1 ;;
--test-tools) want_build=0 want_test=1 ;;
esac

packages=()
if [ "$want_build" = 1 ]; then
  packages+=(build-essential cmake ninja-build pkg-config
    libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libssl-dev libqrencode-dev libstb-dev
    libjpeg62-turbo-dev libpng-dev
    libtcmalloc-minimal4
    libimgui-dev libglfw3-dev libgl1-mesa-dri fonts-dejavu-core doctest-dev)
fi
if [ "$want_test" = 1 ]; then
  packages+=(xvfb xauth chromium zbar-tools openssl)
  # The hosted mode's tests start their own PostgreSQL cluster (scripts/pg-local.sh) and
  # HAProxy with deploy/haproxy.cfg.
  packages+=(postgresql-15 haproxy)
  # The fuzz targets: clang and its libFuzzer runtime (ThreadSanitizer comes with g++).
  packages+=(clang libclang-rt-14-dev)
  # The photo test (tests/web/photo.test.mjs) writes EXIF GPS, a maker note and XMP into a
  # photo and reads the stored one back with exiftool.
  packages+=(libimage-exiftool-perl)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "kring setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$want_test" = 1 ]; then
  # The browser test drives Debian's Chromium with playwright-core (no browser download) and
  # checks every phone state with axe-core. `fetch-packages.mjs --check` says whether each
  # package of package-lock.json is there at its locked version.
  if ! (cd "$here/tests/web" && node fetch-packages.mjs --check >/dev/null 2>&1); then
    echo "kring setup: installing the browser-test packages"
    # Straight from the registry, checked against package-lock.json (tests/web/fetch-packages.mjs
    # says why); with npm when that fails.
    if ! (cd "$here/tests/web" && node fetch-packages.mjs); then
      echo "kring setup: falling back to npm ci"
      if ! command -v npm >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm
      fi
      (cd "$here/tests/web" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
fi
