#!/usr/bin/env bash
# ctest runs each doctest case by its name (doctest_discover_tests), and CMake splits a name
# at ';': a case named "a; b" becomes the test "a", which matches no case, runs nothing and
# passes. Fails naming every test case whose name holds a ';'.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
python3 - "$root" <<'PY'
import glob, re, sys
root = sys.argv[1]
bad = []
count = 0
for f in sorted(glob.glob(root + '/tests/**/*.cpp', recursive=True)):
    text = open(f, encoding='utf-8').read()
    for m in re.finditer(r'TEST_CASE\(((?:\s*"(?:[^"\\]|\\.)*")+)', text):
        name = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
        count += 1
        if ';' in name:
            bad.append(f'{f[len(root) + 1:]}: "{name}"')
if bad:
    print("test case names with ';' (ctest would run nothing for them):")
    print('\n'.join(bad))
    sys.exit(1)
print(f"{count} test case names, none with ';'")
PY
