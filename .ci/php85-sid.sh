#!/bin/bash
# PHP 8.5 NTS from Debian experimental, in a minbase sid chroot: build with -Wall -Wextra
# (warnings fail it), core tests, phpt, PHPUnit (sid's).
. "$(dirname "$0")/lib.sh"
ci_chroot sid sid
mirror=$(ci_mirror)
echo "deb $mirror experimental main" > "$ci_dir/etc/apt/sources.list.d/experimental.list"
# experimental's php-common moves on to the next PHP and Breaks php8.5-common: keep the
# sid one. (experimental's Release file may be past its Valid-Until date.)
mkdir -p "$ci_dir/etc/apt/preferences.d"
printf 'Package: php-common\nPin: release a=unstable\nPin-Priority: 1001\n' > "$ci_dir/etc/apt/preferences.d/php-common"
ci_log "packages"
ci_in apt-get -o Acquire::Check-Valid-Until=false update -q
# shellcheck disable=SC2046
ci_in apt-get install -y -q --no-install-recommends $(cat "$ci_root/.ci/sid-packages")
ci_build_and_test
