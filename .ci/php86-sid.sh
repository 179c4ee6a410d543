#!/bin/bash
# PHP 8.6 (a release candidate today) NTS from Debian experimental, in a sid chroot of its
# own (experimental's php-common, which 8.6 needs, breaks php8.5): build with -Wall
# -Wextra (warnings fail it), core tests, phpt, PHPUnit (sid's).
. "$(dirname "$0")/lib.sh"
ci_chroot sid86 sid
mirror=$(ci_mirror)
echo "deb $mirror experimental main" > "$ci_dir/etc/apt/sources.list.d/experimental.list"
# PHP 8.6 and the php-common it needs from experimental, everything else from sid
# (experimental as a whole does not install together: perl, for one).
mkdir -p "$ci_dir/etc/apt/preferences.d"
printf 'Package: php8.6* php-common\nPin: release a=experimental\nPin-Priority: 990\n' \
  > "$ci_dir/etc/apt/preferences.d/php86"
ci_log "packages"
# (experimental's Release file may be past its Valid-Until date.)
ci_in apt-get -o Acquire::Check-Valid-Until=false update -q
# shellcheck disable=SC2046
ci_in apt-get install -y -q --no-install-recommends $(cat "$ci_root/.ci/sid86-packages")
ci_build_and_test
