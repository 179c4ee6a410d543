#!/bin/sh
# Every test: the plain C++ core, the phpt suite (run-tests.php through make test)
# and the PHPUnit process-level suite. Exits non-zero on the first failing part.
set -eu
cd "$(dirname "$0")/.."
[ -f modules/system_daemon.so ] || scripts/build.sh

echo "== core (plain C++) unit tests"
bash tests/core/run.sh

echo "== phpt suite"
# run-tests.php exits 0 even with failures in some versions: read its summary.
out=$(mktemp)
NO_INTERACTION=1 REPORT_EXIT_STATUS=1 make test TESTS="--show-diff tests" 2>&1 | tee "$out" | grep -E '^(PASS|FAIL|SKIP|BORK|LEAK)|^Tests (passed|failed)|^Number of tests' || true
if ! grep -qE '^Tests failed +: +0 ' "$out" || grep -qE 'BORK|^Tests borked' "$out" \
   || ! grep -qE '^Tests passed +: +[1-9]' "$out"; then
  echo "phpt suite failed" >&2
  grep -A40 -E '^(FAILED|BORKED) TEST SUMMARY' "$out" >&2 || true
  rm -f "$out"
  exit 1
fi
rm -f "$out"

echo "== PHPUnit suite"
# The leading ':' keeps Debian's own conf.d (PHPUnit needs dom, xml, mbstring) and
# adds a directory that loads the freshly built extension, for every child process too.
ini_dir=$(mktemp -d)
chmod 755 "$ini_dir"  # daemons that drop to nobody read it too
trap 'rm -rf "$ini_dir"' EXIT
echo "extension=$(pwd)/modules/system_daemon.so" > "$ini_dir/90-system_daemon.ini"
PHP_INI_SCAN_DIR=":$ini_dir" phpunit -c tests/phpunit/phpunit.xml

# composer.json as far as Debian's composer can check it (its schema predates PIE's
# "php-ext" section, which tests/composer_json_pie.phpt checks instead).
if command -v composer >/dev/null 2>&1; then
  echo "== composer validate"
  COMPOSER_ALLOW_SUPERUSER=1 composer validate --no-check-publish --no-interaction
fi

# Last, because it installs and enables the package system-wide for a moment (see the
# script). CI sets SD_PECL_CHECK=1; on a development machine run it by hand.
if [ "${SD_PECL_CHECK:-0}" = 1 ]; then
  echo "== pecl package, install and a legacy PEAR script against the installed copy"
  scripts/pecl-check.sh
fi
