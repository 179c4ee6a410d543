#!/bin/sh
# Regenerates ext/system_daemon_arginfo.h from stubs/system_daemon.stub.php with the
# gen_stub.php that phpize copied into build/. Works offline: gen_stub wants its own
# copy of PHP-Parser, so point it at Debian's php-parser package.
set -e
cd "$(dirname "$0")/.."
[ -f build/gen_stub.php ] || { echo "run phpize first (build/gen_stub.php missing)" >&2; exit 1; }
ver=$(sed -n 's/.*\$version = "\([0-9.]*\)".*/\1/p' build/gen_stub.php | head -n 1)
if [ -n "$ver" ] && [ ! -e "build/PHP-Parser-$ver/lib/PhpParser" ]; then
  [ -d /usr/share/php/PhpParser ] || { echo "install Debian's php-parser package" >&2; exit 1; }
  mkdir -p "build/PHP-Parser-$ver/lib"
  ln -s /usr/share/php/PhpParser "build/PHP-Parser-$ver/lib/PhpParser"
fi
cp stubs/system_daemon.stub.php ext/system_daemon.stub.php
trap 'rm -f ext/system_daemon.stub.php' EXIT
php build/gen_stub.php -f ext/system_daemon.stub.php
