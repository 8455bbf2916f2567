#!/usr/bin/env bash
# The pictures of docs/facilitator.md are screenshots that the GUI and browser tests write:
#
#   scripts/doc-shots.sh BUILD_DIR                copies them into docs/images/facilitator/
#   scripts/doc-shots.sh --check SINCE BUILD_DIR  fails unless every picture the guide shows
#                                                 was written by a test since SINCE (epoch s)
#
# scripts/test.sh runs the check after its tests, so a test that stops writing a picture of
# the guide fails the run; after a change to a screen, run the first form and commit.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
check=0
since=0
if [ "${1:-}" = "--check" ]; then
    check=1
    since=$2
    shift 2
fi
build=${1:?usage: scripts/doc-shots.sh [--check SINCE] BUILD_DIR}
docs="$here/docs/images/facilitator"

# picture in the guide -> the screenshot a test writes (relative to BUILD_DIR)
shots=(
    "templates.png tests/gui/shots/templates.png"
    "console-start.png tests/gui/shots/workshop/console-start.png"
    "projector-join.png tests/gui/shots/projector-join.png"
    "phone-join.png tests/web/shots/phone-join.png"
    "projector-question.png tests/gui/shots/workshop/projector-question.png"
    "phone-stoplicht.png tests/web/shots/phone-stoplicht.png"
    "console-revealed.png tests/gui/shots/workshop/console-revealed.png"
    "projector-results.png tests/gui/shots/projector-results.png"
    "phone-result.png tests/web/shots/phone-result.png"
    "projector-deuteranopia.png tests/gui/shots/projector-deuteranopia.png"
    "projector-end.png tests/gui/shots/workshop/projector-end.png"
    "phone-end.png tests/web/shots/phone-end.png"
)

status=0
for entry in "${shots[@]}"; do
    name=${entry%% *}
    src="$build/${entry#* }"
    # Every picture listed here is one the guide shows, and the other way round.
    if ! grep -q "images/facilitator/$name" "$here/docs/facilitator.md"; then
        echo "doc-shots: docs/facilitator.md does not show $name" >&2
        status=1
    fi
    if [ ! -f "$src" ]; then
        echo "doc-shots: no test wrote $src" >&2
        status=1
        continue
    fi
    if [ "$check" = 1 ]; then
        if [ "$(stat -c %Y "$src")" -lt "$since" ]; then
            echo "doc-shots: $src was not written by this test run" >&2
            status=1
        fi
        if [ ! -f "$docs/$name" ]; then
            echo "doc-shots: docs/images/facilitator/$name is missing (run scripts/doc-shots.sh $build)" >&2
            status=1
        fi
    else
        mkdir -p "$docs"
        cp "$src" "$docs/$name"
    fi
done
for shown in $(grep -o 'images/facilitator/[a-z0-9-]*\.png' "$here/docs/facilitator.md" | sort -u); do
    name=${shown#images/facilitator/}
    if ! printf '%s\n' "${shots[@]}" | grep -q "^$name "; then
        echo "doc-shots: docs/facilitator.md shows $name, which no test writes" >&2
        status=1
    fi
done
exit $status
