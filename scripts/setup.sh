#!/bin/sh
# One command from a fresh Debian machine: install what is needed, build the
# extension, and run the example daemon (showing its pid file and its log).
set -eu
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2046
  apt-get install -y -q --no-install-recommends $(cat scripts/debian-packages)
fi

scripts/build.sh
scripts/example.sh
