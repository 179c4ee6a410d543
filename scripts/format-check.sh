#!/bin/sh
# Checks that every source and header under ext/ (the generated arginfo aside) is laid
# out as .clang-format says. Exits 1 naming the files that differ (with how many lines
# would change), 0 when all match. Skips, with exit 0, where clang-format is missing or
# is not the major version the config was made for: other versions format the same
# options differently, so their verdict would be noise.
set -eu
cd "$(dirname "$0")/.."

want=14
cf=${CLANG_FORMAT:-clang-format}
if ! command -v "$cf" >/dev/null 2>&1; then
    echo "format-check: $cf not found; skipped"
    exit 0
fi
# "Debian clang-format version 14.0.6", "clang-format version 14.0.0 (...)"
major=$("$cf" --version | sed -n 's/.*clang-format version \([0-9][0-9]*\)\..*/\1/p')
if [ "$major" != "$want" ]; then
    echo "format-check: .clang-format is made for clang-format $want, found ${major:-an unknown version}; skipped"
    exit 0
fi

status=0
# find rather than git ls-files: a PECL tarball has no .git.
for f in $(find ext -name '*.cpp' -o -name '*.h' | LC_ALL=C sort); do
    [ "$f" = ext/system_daemon_arginfo.h ] && continue
    if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
        n=$("$cf" "$f" | diff "$f" - | grep -c '^<' || true)
        echo "format-check: $f differs from .clang-format ($n lines would change)"
        status=1
    fi
done
[ $status -eq 0 ] && echo "format-check: ext/ matches .clang-format"
exit $status
