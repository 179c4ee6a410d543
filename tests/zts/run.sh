#!/bin/bash
# Builds tests/zts/harness.c against a ZTS PHP that has the embed SAPI and runs it in
# both orders, with the extension loaded, natively and under each valgrind tool named.
#   tests/zts/run.sh PHP_CONFIG EXTENSION_SO [native] [memcheck] [helgrind] [drd]
# Exits non-zero when a run fails, a tool reports an error, or PHP writes to stderr.
set -euo pipefail
php_config=$1 ext=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
prefix=$("$php_config" --prefix)
[ "$("$php_config" --configure-options | grep -c -- --enable-zts)" -gt 0 ] || { echo "not a ZTS PHP" >&2; exit 1; }
[ -f "$prefix/lib/libphp.so" ] || { echo "no embed SAPI (libphp.so) in $prefix" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -std=c11 -g -O1 -Wall -Wextra -Wno-unused-parameter -o "$work/harness" "$here/harness.c" \
   $("$php_config" --includes) -L"$prefix/lib" -Wl,-rpath,"$prefix/lib" -lphp -lpthread
printf 'extension=%s\nlog_errors=0\ndisplay_errors=0\n' "$ext" > "$work/php.ini"

status=0
run() {  # run TOOL ORDER LINES
  local tool=$1 order=$2 lines=$3 d="$work/$1-$2" vg=()
  mkdir -p "$d"
  case $tool in
    native) ;;
    memcheck) vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=no --track-origins=no) ;;
    helgrind|drd) vg=(valgrind "--tool=$tool" --error-exitcode=99) ;;
  esac
  if [ ${#vg[@]} -gt 0 ]; then
    vg+=("--suppressions=$here/valgrind.supp" "--log-file=$d/valgrind.log")
  fi
  local start=$SECONDS rc=0 env=(PHPRC="$work/php.ini" ZTS_SCRIPTS="$here")
  # Valgrind sees PHP's own allocations only without its allocator.
  if [ ${#vg[@]} -gt 0 ]; then env+=(USE_ZEND_ALLOC=0); fi
  env "${env[@]}" ${vg[@]+"${vg[@]}"} \
    "$work/harness" "$order" "$d" "$lines" >"$d/out" 2>"$d/err" || rc=$?
  echo "[$tool $((SECONDS - start)) s] $(cat "$d/out")"
  # Each worker request's refused start() says why on stderr (11 requests, 10 workers'):
  # that, and nothing else.
  local refused
  refused=$(grep -c '^System_Daemon::start(): Cannot daemonize from this thread: ' "$d/err" || true)
  grep -v '^System_Daemon::start(): Cannot daemonize from this thread: ' "$d/err" > "$d/err.rest" || true
  if [ "$refused" != 10 ]; then
    echo "$tool $order: $refused refused start() reported on stderr, not 10" >&2
    status=1
  fi
  if [ $rc -ne 0 ] || [ -s "$d/err.rest" ]; then
    echo "$tool $order: exit status $rc" >&2
    head -c 4000 "$d/err.rest" >&2
    status=1
  fi
  if [ -f "$d/valgrind.log" ] && ! grep -q 'ERROR SUMMARY: 0 errors' "$d/valgrind.log"; then
    echo "$tool $order: valgrind reported errors" >&2
    grep -v '^==[0-9]*== *$' "$d/valgrind.log" | sed -n '1,80p' >&2
    status=1
  fi
}

for tool in "${@:-native}"; do
  # Fewer lines under valgrind, still thousands in all (each worker i logs i + 1 times as many).
  case $tool in native) lines=1000 ;; memcheck) lines=300 ;; *) lines=150 ;; esac
  for order in main-first workers-first; do run "$tool" "$order" "$lines"; done
done
exit $status
