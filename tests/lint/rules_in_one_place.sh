#!/usr/bin/env bash
# One rule, one place: the rules clients follow are defined in shared/ (rules.hpp,
# rules.cpp, defs.hpp) and reach the clients from the server (welcome.rules). This fails
# when the ImGui client (client/src) or the phone page (client/web) spells one again:
# a traffic-light word or colour, an activity kind's protocol name (outside the page's
# kinds.js), a comment limit or a reconnect back-off of its own.
set -uo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
failed=0
# check WHAT PATTERN FILES...: every match is a finding.
check() {
    local what=$1 pattern=$2
    shift 2
    local hits
    # Comments may name a rule; code may not.
    hits=$(grep -rnE "$pattern" "$@" 2>/dev/null | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(//|\*|/\*)')
    if [ -n "$hits" ]; then
        echo "$what (defined once in shared/, sent in welcome.rules):"
        echo "$hits" | sed 's/^/  /'
        failed=1
    fi
}
code=(--include='*.cpp' --include='*.hpp' --include='*.js' --include='*.css' --include='*.html')

# The traffic-light vocabulary: shared/src/rules.cpp light_words().
words=$(sed -n 's/^ *{"\(green\|orange\|red\|pass\)", {"\([^"]*\)", "\([^"]*\)"}, "#[0-9a-fA-F]*".*/\2|\3/p' \
    shared/src/rules.cpp | tr '\n' '|' | sed 's/|$//')
colours=$(sed -n 's/^ *{"\(green\|orange\|red\|pass\)", {"[^"]*", "[^"]*"}, "\(#[0-9a-fA-F]*\)".*/\2/p' \
    shared/src/rules.cpp | tr '\n' '|' | sed 's/|$//')
if [ -z "$words" ] || [ -z "$colours" ]; then
    echo "cannot read the traffic-light words from shared/src/rules.cpp"
    exit 2
fi
check "traffic-light words copied into a client" "[\"'](${words})[\"']" client/src client/web "${code[@]}"
check "traffic-light colours copied into a client" "(${colours})\b" client/src client/web "${code[@]}"

# Activity kinds: the C++ client uses kring::activity_kind; the page spells them in kinds.js.
kinds='"(traffic_light|image_choice|open_text|dot_vote|action_plan)"'
check "activity kinds spelled in the ImGui client" "$kinds" client/src "${code[@]}"
check "activity kinds spelled outside client/web/js/kinds.js" \
    "'(traffic_light|image_choice|open_text|dot_vote|action_plan)'" client/web \
    --include='*.js' --exclude=kinds.js --exclude=rules.js

# Limits and the reconnect policy.
check "a text limit of the client's own" 'COMMENT_MAX|utf8_truncate\([^,]*, *[0-9]+\)|maxlength="(40|80|140|300|500)"' \
    client/src client/web "${code[@]}"
check "a back-off of the client's own" 'BACKOFF_|JOIN_TIMEOUT_MS|ACK_TIMEOUT_MS|[0-9]+ms *;.*backoff|backoff.*= *[0-9]+ms' \
    client/src client/web "${code[@]}"

if [ $failed -eq 0 ]; then
    echo "rules in one place: no traffic-light word or colour, kind name, text limit or back-off copied into client/src or client/web"
fi
exit $failed
