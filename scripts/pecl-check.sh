#!/bin/sh
# The PECL install path, end to end, as a user on Debian would take it:
#   pecl package-validate -> pecl package -> pecl install ./system_daemon-X.Y.Z.tgz (offline)
#   -> /etc/php/<ver>/mods-available/system_daemon.ini + phpenmod
#   -> a script written for PEAR (examples/pear_legacy.php) run with plain `php`.
#
# It installs into the system, so it needs root and it undoes everything on exit
# (phpdismod, the ini, pecl uninstall): while the installed copy is enabled, every php
# invocation loads it, and one that also loads a freshly built module with
# -d extension=... would warn "Module already loaded". scripts/test.sh therefore runs
# it last, and only when SD_PECL_CHECK=1 (set by .ci/run); on a development machine run
# it by hand, when nothing else is running PHP tests.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

[ "$(id -u)" = 0 ] || { echo "pecl-check: needs root (pecl install, phpenmod)" >&2; exit 1; }
for t in pecl phpenmod phpdismod; do
  command -v $t >/dev/null 2>&1 || { echo "pecl-check: $t not found (apt-get install php-pear php-common)" >&2; exit 1; }
done

ver=$(php -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
version=$(sed -n 's/^#define PHP_SYSTEM_DAEMON_VERSION "\(.*\)"/\1/p' ext/php_system_daemon.h)
ini=/etc/php/$ver/mods-available/system_daemon.ini
if php -m 2>/dev/null | grep -qx system_daemon; then
  echo "pecl-check: system_daemon is already enabled system-wide; not touching it" >&2
  exit 1
fi
if [ -e "$ini" ]; then
  echo "pecl-check: $ini exists already; not touching it" >&2
  exit 1
fi

work=$(mktemp -d /tmp/sd_pecl.XXXXXX)
chmod 755 "$work"   # the daemon's files land here
cleanup() {
  status=$?
  phpdismod -v "$ver" system_daemon >/dev/null 2>&1 || true
  rm -f "$ini"
  pecl uninstall system_daemon >/dev/null 2>&1 || true
  [ -f "$work/pear_legacy.pid" ] && kill "$(cat "$work/pear_legacy.pid")" 2>/dev/null || true
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

echo "== package.xml is complete and at version $version"
php -n scripts/package-xml.php --check

echo "== pecl package-validate"
pecl package-validate package.xml | tee "$work/validate.out"
grep -q 'Validation: 0 error(s), ' "$work/validate.out"
# package.xml keeps its release's date: that it is not today is the one warning allowed
if grep '^Warning' "$work/validate.out" | grep -qv 'Release Date "[0-9-]*" is not today'; then
  echo "pecl-check: pecl package-validate warns" >&2; exit 1
fi

echo "== pecl package"
(cd "$work" && pecl package "$root/package.xml" | tail -1)
tgz=$work/system_daemon-$version.tgz
[ -f "$tgz" ]
# every tracked file made it into the tarball (pecl drops unlisted ones silently)
tar tzf "$tgz" | sed -n "s|^system_daemon-$version/||p" | sort > "$work/in-tgz"
git ls-files 2>/dev/null | grep -Ev '^(\.ci/|\.git|package\.xml$)' | sort > "$work/tracked" || true
if [ -s "$work/tracked" ] && ! diff -u "$work/tracked" "$work/in-tgz"; then
  echo "pecl-check: the tarball differs from the tracked files" >&2; exit 1
fi

echo "== pecl install --offline $(basename "$tgz")"
if ! pecl install --offline "$tgz" > "$work/install.out" 2>&1; then
  cat "$work/install.out" >&2; exit 1
fi
grep -E '^(install ok|Build process completed)' "$work/install.out"
# compiler warnings only: autoconf's about phpize's own macros are not ours to fix
if grep -Eq '\.(cpp|h):[0-9]+:[0-9]+: warning:' "$work/install.out"; then
  grep -E -A6 '\.(cpp|h):[0-9]+:[0-9]+: warning:' "$work/install.out" >&2
  echo "pecl-check: the pecl build has compiler warnings" >&2; exit 1
fi
so=$(php -n -r 'echo PHP_EXTENSION_DIR;')/system_daemon.so
[ -f "$so" ] || { echo "pecl-check: $so was not installed" >&2; exit 1; }

echo "== enable the Debian way: $ini + phpenmod"
printf '; system_daemon: the native System_Daemon class\n; priority=20\nextension=system_daemon.so\n' > "$ini"
phpenmod -v "$ver" system_daemon
php -m | grep -qx system_daemon || { echo "pecl-check: php -m does not list system_daemon" >&2; exit 1; }
loaded=$(php -r 'echo phpversion("system_daemon");')
[ "$loaded" = "$version" ] || { echo "pecl-check: loaded version $loaded, expected $version" >&2; exit 1; }
php --ri system_daemon | grep -E '^(Version|system_daemon.legacy_require)'

echo "== a script written for PEAR, with plain php: php examples/pear_legacy.php $work"
# the stub the package publishes for IDEs was installed with the docs
find "$(pecl config-get doc_dir)/system_daemon" -name system_daemon.stub.php | grep -q . \
  || { echo "pecl-check: the stub was not installed with the docs" >&2; exit 1; }
php examples/pear_legacy.php "$work"
echo "(launcher exit status $?: the daemon is ready)"
pid=$(cat "$work/pear_legacy.pid")
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then echo "pecl-check: the daemon did not stop" >&2; exit 1; fi
[ ! -e "$work/pear_legacy.pid" ] || { echo "pecl-check: pid file left behind" >&2; exit 1; }
cat "$work/pear_legacy.log"
grep -q "spawned! This will be written to" "$work/pear_legacy.log"
grep -q "run 2 of 2" "$work/pear_legacy.log"
echo "pecl-check: ok (the cleanup disables and uninstalls the package again)"
