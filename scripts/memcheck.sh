#!/bin/bash
# Memory-safety checks of the extension:
#
#   scripts/memcheck.sh valgrind   the phpt suite under valgrind memcheck (run-tests -m):
#                                  zero errors, zero definitely lost blocks
#   scripts/memcheck.sh asan       an AddressSanitizer + UBSan build of the extension, in a
#                                  copy of the tree, over the phpt and the PHPUnit suites
#   scripts/memcheck.sh all        both (the default)
#
# Exits non-zero when any report was produced. Needs a built tree for valgrind
# (scripts/build.sh); the ASan build happens in a temporary directory and leaves the
# tree's own build alone.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mode=${1:-all}
status=0

# run-tests prints its summary; we judge by it (and by the report files), never by
# its exit status alone, which some versions leave at 0 on failures.
summary_ok() {
  local out=$1
  grep -qE '^Tests failed +: +0 ' "$out" && grep -qE '^Tests passed +: +[1-9]' "$out" \
    && ! grep -qE '^Tests (leaked|borked) +: +[1-9]' "$out"
}

run_valgrind() {
  command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; return 1; }
  [ -f modules/system_daemon.so ] || scripts/build.sh
  echo "== valgrind memcheck over the phpt suite"
  rm -f tests/*.mem
  local out; out=$(mktemp)
  # run-tests -m runs every test under valgrind with USE_ZEND_ALLOC=0 (every emalloc
  # becomes a malloc valgrind can see) and ZEND_DONT_UNLOAD_MODULES=1 (symbols of the
  # extension survive until the leak report). It runs valgrind -q, so anything it
  # prints is a finding and lands in tests/<name>.mem, and the test counts as LEAKED.
  # VALGRIND_OPTS adds the full leak check, with only definite leaks counted (PHP
  # leaves "still reachable" blocks at exit by design).
  # pcre.jit=0: PCRE's JIT code reads 16 bytes at a time past the end of subject
  # strings on purpose, which valgrind reports against PHP, not against us.
  # --child-silent-after-fork: the daemons a test forks, and the launcher and the
  # intermediate process that leave through _exit(), are left to the ASan run (in
  # them valgrind reports the whole start-up heap as lost, PHP's and ours alike).
  VALGRIND_OPTS="--leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --child-silent-after-fork=yes" \
    NO_INTERACTION=1 make test TESTS="-m -j2 -d pcre.jit=0 tests" >"$out" 2>&1 || true
  grep -E '^Tests (passed|failed|leaked)' "$out" || true
  # A finding is any error that is not a leak, or a definite leak with a frame in the
  # extension. Leaks wholly inside PHP (what a fatal error's bailout abandons when
  # USE_ZEND_ALLOC=0 takes away the request heap's bulk free) are PHP's. So is what
  # module start-up allocated (our MINIT's class registrations included) in a launcher
  # that leaves through _exit() by design: that memory lives as long as the process,
  # and such a process shows PHP's own start-up heap as lost in the same way.
  local f findings=0 phpleaks=0 n
  for f in tests/*.mem; do
    [ -e "$f" ] || continue
    n=$(awk '
      /^==[0-9]+== $/ { if (rec != "") flush(); rec = ""; next }
      { rec = rec $0 "\n" }
      function flush() {
        if (rec ~ /definitely lost in loss record/) { if (rec ~ /system_daemon/ && rec !~ /php_module_startup/) ours++; else php++ }
        else if (rec ~ /== (Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument)/) ours++
        rec = ""
      }
      END { if (rec != "") flush(); print ours + 0, php + 0 }' "$f")
    set -- $n
    phpleaks=$((phpleaks + $2))
    if [ "$1" -gt 0 ]; then
      findings=$((findings + $1))
      echo "--- $f: $1 finding(s)"; head -80 "$f"
    fi
  done
  echo "valgrind: $findings finding(s) in the extension ($phpleaks leak record(s) wholly inside PHP ignored)"
  # Functional failures under valgrind are timing (10-50x slower): reported, judged by
  # scripts/test.sh, not here.
  sed -n '/^FAILED TEST SUMMARY/,/^=====/p' "$out" | grep '\[tests/' | sed 's/^/  (failed under valgrind) /' || true
  rm -f "$out"
  [ "$findings" -eq 0 ]
}

run_asan() {
  local cxx=${CXX:-g++}
  local libasan; libasan=$($cxx -print-file-name=libasan.so)
  [ -f "$libasan" ] || { echo "no libasan for $cxx" >&2; return 1; }
  local tmp; tmp=$(mktemp -d /tmp/sd-asan.XXXXXX)
  local reports="$tmp/reports"
  # The daemons of the PHPUnit suite drop to nobody and must still be able to write
  # their reports.
  mkdir -m 1777 "$reports"
  echo "== AddressSanitizer + UBSan build in $tmp/src"
  # The working tree as it is (tracked and new files), without build artefacts.
  mkdir "$tmp/src"
  git ls-files -z -co --exclude-standard | (cd "$root" && xargs -0 cp --parents -t "$tmp/src")
  (
    cd "$tmp/src"
    phpize >/dev/null 2>&1
    # -O1 keeps the run fast enough and the stacks readable; -fno-sanitize-recover
    # would stop at the first UB report, we prefer to collect them all.
    ./configure --enable-system-daemon CXX="$cxx" \
      CXXFLAGS="-g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer" \
      LDFLAGS="-fsanitize=address,undefined" >/dev/null
    make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null 2>"$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
  )
  # PHP loads extensions with dlopen(RTLD_DEEPBIND) unless PHP itself was built with
  # ASan, and the ASan runtime kills any process that asks for RTLD_DEEPBIND (the
  # library would bind to libc's malloc instead of ASan's: google/sanitizers#611).
  # This shim drops the flag; it comes before libasan in LD_PRELOAD so PHP's dlopen
  # calls reach it first, hence verify_asan_link_order=0. The preload reaches every
  # program a test runs, the generated init scripts' dd(1) too, whose aligned_alloc()
  # of a size that is no multiple of the alignment ASan refuses (glibc allows it): dd
  # read no pid file and the init scripts' stop and reload failed. The shim's
  # aligned_alloc() asks posix_memalign(), which has no such rule.
  cat >"$tmp/nodeepbind.c" <<'EOC'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
void *dlopen(const char *file, int mode)
{
    static void *(*next)(const char *, int);
    if (!next)
        next = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
    return next(file, mode & ~RTLD_DEEPBIND);
}
void *aligned_alloc(size_t alignment, size_t size)
{
    void *p = NULL;
    return posix_memalign(&p, alignment, size) == 0 ? p : NULL;
}
EOC
  cc -shared -fPIC -O2 -o "$tmp/nodeepbind.so" "$tmp/nodeepbind.c" -ldl
  # PHP itself is not instrumented, so the ASan runtime must be loaded first, before
  # libc's malloc is bound: LD_PRELOAD, inherited by every PHP process a test starts.
  # USE_ZEND_ALLOC=0 routes emalloc through malloc, so overflows of engine strings
  # the extension builds are caught too; ZEND_DONT_UNLOAD_MODULES keeps the extension
  # mapped so leak stacks name its functions. PHP is built without frame pointers:
  # fast_unwind_on_malloc=0 unwinds through it with the DWARF tables, so an
  # allocation made by the engine on the extension's behalf still shows the
  # extension's frames (the leak filter below depends on that). Reports go to files (log_path), so tests
  # whose output is compared stay unchanged.
  local env=(
    LD_PRELOAD="$tmp/nodeepbind.so:$libasan"
    USE_ZEND_ALLOC=0
    ZEND_DONT_UNLOAD_MODULES=1
    ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:abort_on_error=0:allocator_may_return_null=1:detect_odr_violation=0:verify_asan_link_order=0:fast_unwind_on_malloc=0"
    UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1"
    # A leak report must not change a program's exit status: LD_PRELOAD reaches the
    # cc, chown, sed ... the tests run, and their leaks would fail those steps. The
    # verdict is the report files, counted below.
    LSAN_OPTIONS="exitcode=0"
  )
  echo "== phpt suite with the ASan build"
  local out="$tmp/phpt.out"
  (cd "$tmp/src" && env "${env[@]}" NO_INTERACTION=1 make test TESTS="-j2 -d pcre.jit=0 tests" >"$out" 2>&1) || true
  grep -E '^(FAIL|LEAK|BORK)|^Tests (passed|failed)' "$out" || true
  summary_ok "$out" || { grep -A40 '^FAILED TEST SUMMARY' "$out" >&2 || true; status=1; }

  echo "== PHPUnit suite with the ASan build"
  local ini="$tmp/ini"
  mkdir -m 755 "$ini"
  echo "extension=$tmp/src/modules/system_daemon.so" >"$ini/90-system_daemon.ini"
  chmod 755 "$tmp" "$tmp/src" "$tmp/src/modules"
  (cd "$root" && env "${env[@]}" PHP_INI_SCAN_DIR=":$ini" phpunit -c tests/phpunit/phpunit.xml) || status=1

  # Every ASan or UBSan error counts. A leak report counts when a stack in it goes
  # through the extension: LD_PRELOAD reaches every process the tests start (sed,
  # the shell, PHP itself), and what PHP or sed keep until exit is not ours to fix.
  local n=0 ignored=0 f
  for f in "$reports"/*; do
    [ -e "$f" ] || continue
    if grep -q 'LeakSanitizer' "$f" && ! grep -q 'system_daemon' "$f" \
       && ! grep -qE 'ERROR: AddressSanitizer|runtime error:' "$f"; then
      ignored=$((ignored + 1))
      continue
    fi
    n=$((n + 1))
    echo "--- $f"; head -80 "$f"
  done
  echo "asan/ubsan: $n report(s) ($ignored leak report(s) of PHP or other programs ignored)"
  [ "$n" -eq 0 ] || status=1
  if [ "$status" -eq 0 ]; then rm -rf "$tmp"; else echo "(kept $tmp)"; fi
  return $status
}

case "$mode" in
  valgrind) run_valgrind || status=1 ;;
  asan) run_asan || status=1 ;;
  all) run_valgrind || status=1; run_asan || status=1 ;;
  *) echo "usage: $0 valgrind|asan|all" >&2; exit 2 ;;
esac
exit $status
