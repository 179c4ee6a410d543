#!/bin/bash
# CI job: the extension under a real systemd. Boots systemd as PID 1 of a Debian 12
# container (systemd-nspawn) that runs the same PHP as this machine, loads the module
# built in this clone, and runs tests/systemd/checks.sh inside it: readiness,
# deferred readiness, reload, watchdog, stop, a failing start, the writeAutoRun() unit.
#
#   .ci/systemd.sh           build the tree if needed, boot, check, tear down
#
# The container tree is cached in .ci/cache/ (git-ignored) and never changed by a run:
# the container boots with a throw-away overlay on top of it (--volatile=overlay), so
# every run starts from a fresh system. Nothing is cached outside the clone. Needs root,
# debootstrap and systemd-container (scripts/debian-packages). Any failing check, a boot
# that does not finish or a run past its time limit fails the job; the container is
# always stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

suite=bookworm
tree=$repo/.ci/cache/$suite-systemd
boot_timeout=120
checks_timeout=${SD_SYSTEMD_CHECKS_TIMEOUT:-600}

log() { printf '== systemd: %s\n' "$*"; }
die() { printf 'systemd job: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, systemd-nspawn)"
for t in debootstrap systemd-nspawn nsenter php; do
  command -v "$t" >/dev/null || die "$t is missing: install scripts/debian-packages"
done

# Always (make redoes only what changed): a module left by an older checkout would be
# the one tested.
scripts/build.sh

# The container gets the PHP this module was built for: same minor version, same
# Debian package version.
php_minor=$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
php_pkg=php$php_minor-cli
php_ver=$(dpkg-query -W -f '${Version}' "$php_pkg" 2>/dev/null) \
  || die "$php_pkg is not installed from a Debian package: cannot install the same PHP in the container"

# The Debian mirror this machine uses (first URIs of a deb822 source for $suite, or a
# one-line source), else Debian's default.
mirror_of() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    grep -qE "^Suites:.*\b$suite\b" "$f" || continue
    uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$f" | grep -v -- '-security' | head -n1)
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk -v s="$suite" '$1 == "deb" && $3 == s { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  echo http://deb.debian.org/debian
}
mirror=$(mirror_of)
security_mirror=${mirror%/debian}/debian-security
[ "$security_mirror" != "$mirror/debian-security" ] || security_mirror=http://deb.debian.org/debian-security

# Runs a command in the tree with nspawn, without booting: apt inside sees the host's
# network and DNS, and nothing is left mounted afterwards. Bounded, as a stalled mirror
# must not hang the job.
in_tree() {
  timeout --kill-after=10 900 systemd-nspawn -q -D "$tree" --register=no --keep-unit --pipe \
    --setenv=DEBIAN_FRONTEND=noninteractive "$@"
}

stamp="$suite $php_pkg=$php_ver passwd"
if [ ! -f "$tree/.sd-stamp" ] || [ "$(cat "$tree/.sd-stamp")" != "$stamp" ]; then
  if [ ! -x "$tree/usr/bin/apt-get" ] || [ ! -x "$tree/lib/systemd/systemd" ]; then
    log "debootstrap $suite from $mirror into ${tree#"$repo"/}"
    rm -rf "$tree.tmp"
    mkdir -p "$(dirname "$tree")"
    timeout --kill-after=10 1800 debootstrap --variant=minbase --include=systemd,dbus "$suite" "$tree.tmp" "$mirror" \
      > "$repo/.ci/cache/debootstrap.log" 2>&1 \
      || { tail -n 30 "$repo/.ci/cache/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$tree"
    mv "$tree.tmp" "$tree"
  fi
  log "installing $php_pkg $php_ver in the container tree"
  cat > "$tree/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security_mirror $suite-security main
EOF
  # Follow the host's apt on a mirror snapshot whose Release files have expired.
  if apt-config dump | grep -qi '^Acquire::Check-Valid-Until "false"'; then
    echo 'Acquire::Check-Valid-Until "false";' > "$tree/etc/apt/apt.conf.d/90sd-ci"
  fi
  in_tree apt-get update -q >/dev/null
  in_tree apt-get install -y -q --no-install-recommends "$php_pkg=$php_ver" passwd >/dev/null
  in_tree apt-get clean
  # A booted container must not try to bring up networking or a login prompt on a
  # console nobody reads; the checks need neither.
  in_tree systemctl mask console-getty.service systemd-networkd.service >/dev/null 2>&1 || true
  echo "$stamp" > "$tree/.sd-stamp"
fi

machine=sd-ci-$$
nspawn_pid=
leader=
teardown() {
  local rc=$?
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    log "stopping the container"
    # TERM asks nspawn for an orderly shutdown of the container's systemd; KILL
    # after a bound, so a wedged container never outlives the job.
    kill -TERM "$nspawn_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
      kill -0 "$nspawn_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$nspawn_pid" 2>/dev/null || true
    wait "$nspawn_pid" 2>/dev/null || true
  fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

log "booting systemd in the container"
console_log=$repo/.ci/cache/console.log
systemd-nspawn -q -D "$tree" -b --register=no --keep-unit --console=passive \
  --volatile=overlay --machine="$machine" --bind-ro="$repo:/src" \
  > "$console_log" 2>&1 &
nspawn_pid=$!

# The container's PID 1 as this machine sees it: nspawn's child whose pid in its own
# namespace is 1.
deadline=$((SECONDS + boot_timeout))
while [ -z "$leader" ]; do
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$console_log" >&2; die "systemd-nspawn exited during boot"; }
  for p in $(ps -o pid= --ppid "$nspawn_pid" 2>/dev/null); do
    if awk '$1 == "NSpid:" && $NF == 1 { found = 1 } END { exit !found }' "/proc/$p/status" 2>/dev/null; then
      leader=$p
    fi
  done
  [ -n "$leader" ] && break
  [ "$SECONDS" -lt "$deadline" ] || die "no container init after ${boot_timeout}s"
  sleep 0.2
done

inside() {
  nsenter -t "$leader" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"
}

state=
while [ "$SECONDS" -lt "$deadline" ]; do
  state=$(inside systemctl is-system-running 2>/dev/null || true)
  case "$state" in
    running|degraded) break ;;
  esac
  sleep 0.5
done
case "$state" in
  running|degraded) log "container up ($state), leader pid $leader" ;;
  *) tail -n 40 "$console_log" >&2; die "the container did not finish booting in ${boot_timeout}s (state: ${state:-none})" ;;
esac

inside sh -c "echo 'extension=/src/modules/system_daemon.so' > /etc/php/$php_minor/cli/conf.d/90-system_daemon.ini"
inside php --ri system_daemon >/dev/null || die "the module does not load in the container's PHP"

log "running tests/systemd/checks.sh (at most ${checks_timeout}s)"
rc=0
timeout --kill-after=10 "$checks_timeout" nsenter -t "$leader" -a \
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash /src/tests/systemd/checks.sh || rc=$?
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
  die "the checks ran past ${checks_timeout}s"
fi
[ "$rc" = 0 ] || die "checks failed (exit $rc)"
log "all checks passed"
