# Sourced by the .ci/*.sh jobs. Chroots come from debootstrap, from the Debian mirror
# this machine's apt already uses, and live under .ci/cache/ inside the clone (git
# ignores it): nothing is cached outside the clone, and a fresh clone starts from scratch.
set -euo pipefail

ci_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ci_cache=$ci_root/.ci/cache
export DEBIAN_FRONTEND=noninteractive

# Every job runs in its own mount namespace: the chroot's /proc and the bind-mounted
# clone disappear with the job, even when it fails or is killed, and never show up in
# the host's mount table.
if [ -z "${SD_CI_UNSHARED:-}" ]; then
  SD_CI_UNSHARED=1 exec unshare --mount --propagation private "$0" "$@"
fi

ci_log() { printf '== [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# The Debian mirror (e.g. http://deb.debian.org/debian/) of this machine's own release.
ci_mirror() {
  local codename
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  # shellcheck disable=SC2016
  apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' \
    | awk -v s="$codename" '$2 == s && m == "" { m = $1 } END { print m }'
}

# ci_chroot NAME SUITE: .ci/cache/NAME made by debootstrap --variant=minbase (once per
# clone), with /proc mounted and the clone bind-mounted read-only at /src.
ci_chroot() {
  local name=$1 suite=$2 mirror
  ci_dir=$ci_cache/$name
  mkdir -p "$ci_cache"
  if [ ! -f "$ci_dir/.sd-debootstrapped" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -q --no-install-recommends debootstrap
    mirror=$(ci_mirror)
    [ -n "$mirror" ] || { echo "no Debian mirror found in the apt sources" >&2; exit 1; }
    ci_log "debootstrap --variant=minbase $suite from $mirror"
    rm -rf "$ci_dir.tmp"
    debootstrap --variant=minbase "$suite" "$ci_dir.tmp" "$mirror" >"$ci_cache/$name.debootstrap.log" 2>&1 \
      || { tail -n 30 "$ci_cache/$name.debootstrap.log" >&2; exit 1; }
    rm -rf "$ci_dir"
    mv "$ci_dir.tmp" "$ci_dir"
    touch "$ci_dir/.sd-debootstrapped"
  fi
  cp /etc/resolv.conf "$ci_dir/etc/resolv.conf"
  mountpoint -q "$ci_dir/proc" || mount -t proc proc "$ci_dir/proc"
  mkdir -p "$ci_dir/src"
  mountpoint -q "$ci_dir/src" || { mount --bind "$ci_root" "$ci_dir/src" && mount -o remount,bind,ro "$ci_dir/src"; }
}

# ci_in CMD...: runs CMD in the current chroot with a clean environment.
ci_in() {
  chroot "$ci_dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive TERM=dumb "$@"
}

# ci_copy_tree: the clone's files (tracked, plus untracked ones git does not ignore) into
# the chroot's /build: build products of another PHP never mix with this one's.
ci_copy_tree() {
  rm -rf "$ci_dir/build"
  mkdir -p "$ci_dir/build"
  (cd "$ci_root" && git ls-files -z --cached --others --exclude-standard \
     | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
     | tar --null -T - -cf -) | tar -C "$ci_dir/build" -xf -
}

# ci_build_and_test: the same two scripts as on the host, with this chroot's PHP.
ci_build_and_test() {
  ci_copy_tree
  ci_log "build ($(ci_in php -r 'echo PHP_VERSION, PHP_ZTS ? " ZTS" : " NTS";'))"
  ci_in sh -c 'cd /build && scripts/build.sh'
  ci_log "tests"
  ci_in sh -c 'cd /build && scripts/test.sh'
}
