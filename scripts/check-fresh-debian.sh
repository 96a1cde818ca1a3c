#!/usr/bin/env bash
# Proves the README's two set-up commands on a minimal Debian 12: builds a
# `debootstrap --variant=minbase bookworm` chroot (debootstrap from Debian's
# own package), puts a clean copy of the committed repository (git archive
# HEAD) into it and runs, as root inside it with nothing installed by hand,
#   bash scripts/demo.sh    and then    bash scripts/test.sh
# Each command must install what it needs. Prints PASS or FAIL per command
# with its time and exits non-zero when either fails; the logs stay in
# WORK/demo.log and WORK/test.log.
#
# Usage: scripts/check-fresh-debian.sh [WORK]   (default /var/tmp/vardavtal-fresh-debian)
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian);
# KEEP_BASE=1 reuses WORK/base.tar (the pristine minbase system) from an
# earlier run instead of bootstrapping again.
# Behind a TLS-inspecting proxy: the host's /usr/local/share/ca-certificates
# are copied in, and the file NODE_EXTRA_CA_CERTS names (when set) is passed
# to npm inside the chroot.
# Needs root. The chroot shares the host's network: stop a PostgreSQL
# listening on 127.0.0.1:5432 on the host first, since the test command
# starts its own there.
set -euo pipefail
[[ $(id -u) -eq 0 ]] || { echo "check-fresh-debian.sh: run as root" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/var/tmp/vardavtal-fresh-debian}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$work/root
mkdir -p "$work"

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

unmount_all() {
  for m in dev/shm dev/pts dev sys proc; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m" || true
  done
}
trap unmount_all EXIT
unmount_all
rm -rf "$root"

# The pristine minimal system, bootstrapped once per WORK unless KEEP_BASE=1 finds it.
if [[ "${KEEP_BASE:-}" != 1 || ! -f $work/base.tar ]]; then
  echo "== debootstrap --variant=minbase bookworm ($mirror)"
  rm -rf "$work/base"
  debootstrap --variant=minbase bookworm "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; exit 1; }
  tar -C "$work/base" -cf "$work/base.tar" .
  rm -rf "$work/base"
fi
mkdir -p "$root"
tar -C "$root" -xf "$work/base.tar"

# Network and trust: the host's resolver, its extra CA certificates.
cp /etc/resolv.conf "$root/etc/resolv.conf"
if [[ -d /usr/local/share/ca-certificates ]]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
node_ca=()
if [[ -n "${NODE_EXTRA_CA_CERTS:-}" && -f $NODE_EXTRA_CA_CERTS ]]; then
  cp "$NODE_EXTRA_CA_CERTS" "$root/root/node-extra-ca.crt"
  node_ca=(NODE_EXTRA_CA_CERTS=/root/node-extra-ca.crt)
fi

# A clean copy of the committed repository: what a fresh clone holds.
mkdir -p "$root/root/vardavtal"
git -C "$repo" archive HEAD | tar -x -C "$root/root/vardavtal"

mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"

status=0
for cmd in demo test; do
  echo "== bash scripts/$cmd.sh (log: $work/$cmd.log)"
  start=$(date +%s)
  if chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 CI=true \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${node_ca[@]}" \
      /bin/bash -c "cd /root/vardavtal && bash scripts/$cmd.sh" </dev/null >"$work/$cmd.log" 2>&1; then
    echo "PASS scripts/$cmd.sh in $(($(date +%s) - start)) s"
  else
    echo "FAIL scripts/$cmd.sh after $(($(date +%s) - start)) s; its last lines:"
    tail -25 "$work/$cmd.log"
    status=1
  fi
done
# Whatever the tests left running in the chroot (PostgreSQL) goes before unmounting.
for p in /proc/[0-9]*; do
  if [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
done
exit $status
