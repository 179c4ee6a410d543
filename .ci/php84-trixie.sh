#!/bin/bash
# PHP 8.4 NTS, Debian 13 (trixie)'s own packages, in a minbase chroot: build with
# -Wall -Wextra (warnings fail it), core tests, phpt, PHPUnit (Debian 13's).
. "$(dirname "$0")/lib.sh"
ci_chroot trixie trixie
ci_log "packages"
ci_in apt-get update -q
# shellcheck disable=SC2046
ci_in apt-get install -y -q --no-install-recommends $(cat "$ci_root/.ci/trixie-packages")
ci_build_and_test
