#!/bin/sh
# phpize && ./configure && make; modules/system_daemon.so is the result. The build
# must stay warning-free under -Wall -Wextra: any compiler warning fails this script,
# and so does a source file under ext/ laid out otherwise than .clang-format says
# (scripts/format-check.sh; it skips where clang-format 14 is missing).
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
scripts/format-check.sh >&2 || { echo "ext/ is not laid out as .clang-format says: run clang-format -i on the files named" >&2; exit 1; }
echo "built $(pwd)/modules/system_daemon.so"
