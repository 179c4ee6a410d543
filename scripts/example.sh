#!/bin/sh
# Runs the example log parser daemon for a few seconds from the freshly built
# module, then shows its pid file and its log, and stops it.
set -eu
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/system_daemon_example.XXXXXX)
php -n -d extension="$(pwd)/modules/system_daemon.so" examples/logparser.php --dir "$dir"
