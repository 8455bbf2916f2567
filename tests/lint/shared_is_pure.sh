#!/usr/bin/env bash
# shared/ (kring_core) is pure: no Boost, Beast, sockets, threads, files or clocks of its
# own; time and I/O are passed in (docs/architecture.md). Fails naming each include that
# breaks it.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
forbidden='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](boost/|sys/|netinet/|arpa/|unistd\.h|thread>|mutex>|shared_mutex>|condition_variable>|future>|atomic>|fstream>|filesystem>|sqlite3\.h|openssl/)'
hits=$(grep -rnE "$forbidden" "$root/shared" --include='*.hpp' --include='*.cpp' --include='*.h' || true)
if [ -n "$hits" ]; then
    echo "shared/ must stay pure; these includes do not belong there:"
    echo "$hits"
    exit 1
fi
n=$(find "$root/shared" -name '*.[ch]pp' | wc -l)
echo "shared/ is pure: $n files, no Boost, sockets, threads or files"
