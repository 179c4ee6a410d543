#!/bin/bash
# Builds each tests/core/test_*.cpp as its own program, linked with every
# ext/core/*.cpp (no PHP needed), and runs them all. Exits non-zero if any test fails
# to build or fails. Needs root: the tests change uids and chown files.
set -u
cd "$(dirname "$0")/../.." || exit 2

CXX=${CXX:-g++}
CXXFLAGS=(-std=c++17 -Wall -Wextra -Werror -I ext -g -O1)
work=$(mktemp -d /tmp/sd-core-build.XXXXXX) || exit 2
trap 'rm -rf "$work"' EXIT

# The core objects are built once and shared by all test programs.
objs=()
for src in ext/core/*.cpp; do
    obj="$work/$(basename "${src%.cpp}").o"
    "$CXX" "${CXXFLAGS[@]}" -c "$src" -o "$obj" || { echo "FAIL: cannot compile $src"; exit 1; }
    objs+=("$obj")
done

status=0
shopt -s nullglob
tests=(tests/core/test_*.cpp)
if [ ${#tests[@]} -eq 0 ]; then
    echo "no tests/core/test_*.cpp found"
    exit 1
fi
for t in "${tests[@]}"; do
    name=$(basename "${t%.cpp}")
    if ! "$CXX" "${CXXFLAGS[@]}" "$t" "${objs[@]}" -o "$work/$name"; then
        echo "FAIL: $name does not build"
        status=1
        continue
    fi
    echo "== $name"
    # A hung test is killed; its own watchdog normally fires first.
    timeout -k 5 300 "$work/$name"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL: $name (exit $rc)"
        status=1
    else
        echo "PASS: $name"
    fi
done
exit $status
