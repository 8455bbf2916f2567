#!/usr/bin/env bash
# ctest runs each doctest case by its name (doctest_discover_tests), and CMake splits a name
# at ';': a case named "a; b" becomes the test "a", which matches no case, runs nothing and
# passes. Fails naming every test case whose name holds a ';'. (perl: part of every Debian.)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
find tests -name '*.cpp' | sort | xargs perl -0777 -ne '
    while (/TEST_CASE\(((?:\s*"(?:[^"\\]|\\.)*")+)/g) {
        my $parts = $1;
        my $name = join "", ($parts =~ /"((?:[^"\\]|\\.)*)"/g);
        $count++;
        push @bad, "$ARGV: \"$name\"" if $name =~ /;/;
    }
    END {
        if (@bad) {
            print "test case names with a semicolon (ctest would run nothing for them):\n";
            print "$_\n" for @bad;
            exit 1;
        }
        print "$count test case names, none with a semicolon\n";
    }'
