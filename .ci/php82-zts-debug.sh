#!/bin/bash
# PHP 8.2 ZTS debug, built from Debian's php8.2 source package (its upstream tarball,
# configured directly with a minimal set of extensions: not Debian's full build), then
# the extension built against it and the phpt suite run with zero leak reports and zero
# failed assertions, the daemons' included: their stderr (where a debug PHP reports
# both) goes to one file through system_daemon.daemon_stderr, and that file must stay
# empty. PHPUnit is not run here. Then tests/zts/run.sh: requests on four threads at
# once through the embed SAPI, natively, under memcheck and under helgrind.
. "$(dirname "$0")/lib.sh"
mkdir -p "$ci_cache"

# A deb-src line for each Debian source of this machine's apt (main, updates, security),
# in an apt configuration of its own under .ci/cache.
src=$ci_cache/apt-src
mkdir -p "$src/lists/partial" "$src/parts" "$src/cache/archives/partial"
# shellcheck disable=SC2016
apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages' \
  | sort -u | awk '{ print "deb-src " $1 " " $2 " " $3 }' > "$src/sources.list"
apt_src=(-o "Dir::Etc::SourceList=$src/sources.list" -o "Dir::Etc::SourceParts=$src/parts"
         -o "Dir::State::Lists=$src/lists" -o "Dir::Cache=$src/cache")
ci_log "apt-get update (deb-src)"
apt-get "${apt_src[@]}" update -q >/dev/null

# The newest version whose .dsc can be fetched: the archive may list a security update
# whose files are not (yet, or any more) on the mirror.
mkdir -p "$ci_cache/php-src"
version=
for v in $(apt-cache "${apt_src[@]}" showsrc php8.2 | sed -n 's/^Version: //p' | sort -r -V); do
  if (cd "$ci_cache/php-src" && apt-get "${apt_src[@]}" source --download-only -q "php8.2=$v" >/dev/null 2>&1); then
    version=$v
    break
  fi
  ci_log "php8.2 $v is not fetchable, trying an older one"
done
[ -n "$version" ] || { echo "no fetchable php8.2 source package" >&2; exit 1; }
upstream=${version%%-*}
prefix=$ci_cache/php-$upstream-zts-debug
ci_log "php8.2 source $version"

# The embed SAPI (libphp.so) is for tests/zts/harness.c; a build without it is redone.
# So is one installed for another prefix (a cache copied from another clone): its
# php-config, phpize and the binary's ini and extension paths point into that clone.
if [ ! -x "$prefix/bin/php" ] || [ ! -f "$prefix/lib/libphp.so" ] \
   || [ "$("$prefix/bin/php-config" --prefix 2>/dev/null)" != "$prefix" ]; then
  rm -rf "$ci_cache/php-$upstream"
  tar -C "$ci_cache" -xf "$ci_cache/php-src/php8.2_$upstream.orig.tar.xz"
  ci_log "configure and build PHP $upstream (ZTS, debug)"
  # posix and pcntl built in, as some PHPs have them; ctype and tokenizer for tests;
  # the embed SAPI for the threads harness.
  (cd "$ci_cache/php-$upstream" \
    && ./configure --prefix="$prefix" --enable-debug --enable-zts --disable-all --enable-cli --enable-embed \
         --disable-cgi --disable-phpdbg --without-pear --enable-posix --enable-pcntl \
         --enable-ctype --enable-tokenizer >"$ci_cache/php-configure.log" 2>&1 \
    && make -j"$(nproc)" >"$ci_cache/php-make.log" 2>&1 \
    && make install >"$ci_cache/php-install.log" 2>&1) \
    || { tail -n 40 "$ci_cache"/php-*.log >&2; exit 1; }
fi
"$prefix/bin/php" -v

# The extension, from a copy of the clone's files, with scripts/build.sh (warnings fail).
build=$ci_cache/zts-debug-build
rm -rf "$build"
mkdir -p "$build"
(cd "$ci_root" && git ls-files -z --cached --others --exclude-standard \
   | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
   | tar --null -T - -cf -) | tar -C "$build" -xf -
export PATH="$prefix/bin:$PATH"
ci_log "build the extension"
(cd "$build" && scripts/build.sh)

ci_log "phpt suite"
# A directory every daemon can write to (some drop to nobody); not a sticky /tmp, where
# protected_regular refuses to open another user's file.
errdir=$(mktemp -d)
chmod 755 "$errdir"
errfile=$errdir/daemons.stderr
: > "$errfile"
chmod 666 "$errfile"
out=$errdir/phpt.out
# The copy sits inside the clone but is no checkout: package_xml_complete skips, as in
# the chroots (the host job runs it).
(cd "$build" && GIT_CEILING_DIRECTORIES="$ci_cache" NO_INTERACTION=1 REPORT_EXIT_STATUS=1 \
   make test TESTS="-d system_daemon.daemon_stderr=$errfile --show-diff tests") >"$out" 2>&1 || true
grep -E 'SKIP|FAIL|BORK|LEAK|^Tests (passed|failed|skipped)|^Number of tests' "$out" | sed 's/\x1b\[[0-9;]*m//g' || true
status=0
if ! grep -qE '^Tests failed +: +0 ' "$out" || grep -qE 'BORK|^Tests borked' "$out" \
   || ! grep -qE '^Tests passed +: +[1-9]' "$out"; then
  echo "phpt suite failed" >&2
  sed -n '/^FAILED TEST SUMMARY/,$p' "$out" >&2
  grep -B2 -A30 '^====.*DIFF' "$out" >&2 || true
  status=1
fi
# Daemons stopped by the last tests' --CLEAN-- may still be exiting.
sleep 2
if [ -s "$errfile" ]; then
  echo "daemons wrote to stderr (leak reports, assertions):" >&2
  cat "$errfile" >&2
  status=1
else
  echo "daemons' stderr: empty (no leak report, no failed assertion)"
fi
rm -rf "$errdir"

ci_log "threads harness (tests/zts): native, memcheck, helgrind"
"$build/tests/zts/run.sh" "$prefix/bin/php-config" "$build/modules/system_daemon.so" native memcheck helgrind \
  || status=1
exit $status
