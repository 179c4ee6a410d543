#!/bin/bash
# PHP 8.2 NTS, this Debian 12 machine's own: the README's two commands exactly, the pecl
# install check, memory checkers and fuzzers.
set -euo pipefail
cd "$(dirname "$0")/.."
# scripts/setup.sh, the README's first command, installs scripts/debian-packages itself.
scripts/setup.sh
# CI only: also package, install and enable the extension system-wide (scripts/pecl-check.sh)
SD_PECL_CHECK=1 scripts/test.sh
# Memory safety: valgrind over the phpt suite (~1 min) and an ASan + UBSan build over
# phpt and PHPUnit (~3-5 min on 2 cores).
scripts/memcheck.sh all
# libFuzzer over the option/substitution rules and the startup-file renderers, 60 s each.
scripts/fuzz.sh 60
