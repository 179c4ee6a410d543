#!/bin/sh
# phpize && ./configure && make; modules/system_daemon.so is the result. The build
# must stay warning-free under -Wall -Wextra: any compiler warning fails this script.
set -eu
cd "$(dirname "$0")/.."
# autoconf warns about phpize's own obsolete macros: not ours to fix
phpize >/dev/null 2>&1 || phpize
./configure --enable-system-daemon >/dev/null
log=$(mktemp)
if ! make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null 2>"$log"; then
  cat "$log" >&2; rm -f "$log"; exit 1
fi
if grep -q 'warning:' "$log"; then
  cat "$log" >&2; rm -f "$log"
  echo "the build has compiler warnings" >&2; exit 1
fi
rm -f "$log"
echo "built $(pwd)/modules/system_daemon.so"
