#!/bin/bash
# Builds the libFuzzer targets in tests/fuzz (clang, -fsanitize=fuzzer,address,undefined)
# and runs each for N seconds (default 60) from the seeds in tests/fuzz/seeds/<name>.
#   scripts/fuzz.sh [seconds] [target...]     targets: options templates logjson (default all)
# Exits non-zero when a target crashes, trips a sanitizer or a property check; the
# input that did it is kept and its path printed (replay: <binary> <file>).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(options templates logjson)
CXX=${FUZZ_CXX:-clang++}
command -v "$CXX" >/dev/null || { echo "$CXX is not installed (Debian: clang)" >&2; exit 1; }

work=$(mktemp -d /tmp/sd-fuzz.XXXXXX)
status=0
for t in "${targets[@]}"; do
  src=tests/fuzz/fuzz_$t.cpp
  [ -f "$src" ] || { echo "no $src" >&2; exit 2; }
  bin=$work/fuzz_$t
  # Every ext/core source: the targets call into options and templates, which are
  # plain C++ with no PHP; -fno-sanitize-recover makes UB a crash libFuzzer keeps.
  "$CXX" -std=c++17 -g -O1 -Wall -Wextra -Werror -I ext -I tests/fuzz \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    "$src" ext/core/*.cpp -o "$bin"
  corpus=$work/corpus_$t
  mkdir -p "$corpus" "$work/crash_$t"
  echo "== fuzz_$t for ${secs}s"
  log=$work/fuzz_$t.log
  # -rss_limit_mb bounds a leak or a runaway output; -timeout catches a hang
  # (e.g. a substitution that loops).
  if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -max_len=4096 \
       -artifact_prefix="$work/crash_$t/" -print_final_stats=1 \
       "$corpus" "tests/fuzz/seeds/$t" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2
    echo "fuzz_$t: $(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$') execs, corpus $(ls "$corpus" | wc -l), no finding"
  else
    status=1
    tail -60 "$log"
    echo "fuzz_$t: FINDING, input kept in $work/crash_$t/ (replay: $bin <file>)" >&2
  fi
done
[ $status -ne 0 ] || [ -n "${FUZZ_KEEP:-}" ] || rm -rf "$work"
exit $status
