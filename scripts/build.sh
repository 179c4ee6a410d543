#!/bin/sh
# phpize && ./configure && make, warnings shown; modules/system_daemon.so is the result.
set -eu
cd "$(dirname "$0")/.."
phpize >/dev/null
./configure --enable-system-daemon >/dev/null
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
echo "built $(pwd)/modules/system_daemon.so"
