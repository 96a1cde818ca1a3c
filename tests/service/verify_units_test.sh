#!/usr/bin/env bash
# `systemd-analyze verify` on the systemd units exactly as `cmake --install`
# writes them (from the same templates; installed into a temporary prefix so
# that ExecStart= names a binary that exists, which verify checks, and with
# MANPATH on that prefix so that Documentation='s man pages are found). Then
# a copy whose ExecStart= names a missing binary must fail, so that a pass
# means verify checked. Exit status 77 (skipped) without systemd-analyze.
# Usage: tests/service/verify_units_test.sh BUILD_DIR
set -euo pipefail
build_dir=${1:?usage: verify_units_test.sh BUILD_DIR}
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is not installed: skipped"
  exit 77
fi
. "$(dirname "$0")/temp_install.sh"
temp_install units "$build_dir"

prefix=$tmp/prefix
"${CMAKE:-cmake}" --install "$build" --prefix "$prefix" >"$tmp/install.log"
units=$prefix/lib/systemd/system
man_check=--man=no
command -v man >/dev/null && man_check=--man=yes
status=0
MANPATH=$prefix/share/man systemd-analyze verify "$man_check" \
  "$units/vardavtal.service" "$units/vardavtal-backup.service" "$units/vardavtal-backup.timer" \
  >"$tmp/verify.log" 2>&1 || status=$?
if ((status != 0)) || [[ -s $tmp/verify.log ]]; then
  echo "FAIL: systemd-analyze verify (exit status $status):" >&2
  cat "$tmp/verify.log" >&2
  exit 1
fi
echo "systemd-analyze verify $man_check: vardavtal.service, vardavtal-backup.service, vardavtal-backup.timer clean"

mkdir "$tmp/broken"
sed "s|^ExecStart=.*/vardavtal serve|ExecStart=$tmp/missing/vardavtal serve|" \
  "$units/vardavtal.service" >"$tmp/broken/vardavtal.service"
if systemd-analyze verify --man=no "$tmp/broken/vardavtal.service" >"$tmp/broken.log" 2>&1; then
  echo "FAIL: systemd-analyze verify passed a unit whose binary is missing:" >&2
  cat "$tmp/broken.log" >&2
  exit 1
fi
echo "and refuses a copy whose ExecStart= binary is missing"
