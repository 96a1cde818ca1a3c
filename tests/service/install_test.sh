#!/usr/bin/env bash
# `cmake --install` into a temporary prefix (and once more with DESTDIR and
# --prefix /usr, as a package build would): the binary runs --help, the
# systemd units name that prefix's binary and the configuration file, the
# example configuration is there, one man page per command of `vardavtal
# --help` and `man -l` renders them without a warning (when man is
# installed), and nothing is written outside the temporary directory.
# Usage: tests/service/install_test.sh BUILD_DIR
set -euo pipefail
. "$(dirname "$0")/temp_install.sh"
temp_install install "${1:?usage: install_test.sh BUILD_DIR}"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

prefix=$tmp/prefix
"${CMAKE:-cmake}" --install "$build" --prefix "$prefix" >"$tmp/install.log"
while read -r f; do
  [[ $f == "$prefix"/* ]] || fail "installed outside the prefix: $f"
done <"$manifest"

bin=$prefix/bin/vardavtal
[[ -x $bin ]] || fail "no executable $bin"
"$bin" --help | head -1 | grep -q '^usage: vardavtal ' || fail "$bin --help does not print the usage"
"$bin" serve --help | grep -q 'VARDAVTAL_LISTEN' || fail "serve --help does not name VARDAVTAL_LISTEN"

units=$prefix/lib/systemd/system
for u in vardavtal.service vardavtal-backup.service vardavtal-backup.timer; do
  [[ -f $units/$u ]] || { fail "no $units/$u"; continue; }
  ! grep -n '@[A-Z_]*@' "$units/$u" || fail "$u has a template variable left"
done
unit=$units/vardavtal.service
for line in "ExecStart=$bin serve \$VARDAVTAL_SERVE_OPTIONS" \
    "EnvironmentFile=/etc/vardavtal/vardavtal.conf" "User=vardavtal" "StateDirectory=vardavtal" \
    "Restart=on-failure" "KillSignal=SIGTERM" "ProtectSystem=strict" "NoNewPrivileges=yes"; do
  grep -qxF "$line" "$unit" || fail "vardavtal.service lacks the line '$line'"
done
grep -qF "exec $bin backup --out " "$units/vardavtal-backup.service" ||
  fail "vardavtal-backup.service does not run $bin backup"

example=$prefix/share/doc/vardavtal/vardavtal.conf.example
if [[ -f $example ]]; then
  grep -q '^VARDAVTAL_DB=/var/lib/vardavtal/' "$example" || fail "the example sets no VARDAVTAL_DB"
  grep -q '^VARDAVTAL_LISTEN=127\.0\.0\.1:' "$example" || fail "the example sets no VARDAVTAL_LISTEN"
else
  fail "no $example"
fi

# One man page per command that `vardavtal --help` lists, and vardavtal.1.
man1=$prefix/share/man/man1
commands=$("$bin" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}')
[[ $(wc -l <<<"$commands") -ge 20 ]] || fail "vardavtal --help lists too few commands: $commands"
pages=(vardavtal)
for c in $commands; do pages+=("vardavtal-$c"); done
for p in "${pages[@]}"; do
  [[ -f $man1/$p.1 ]] || { fail "no man page $man1/$p.1"; continue; }
  head -1 "$man1/$p.1" | grep -q '^\.TH ' || fail "$p.1 does not start with .TH"
done
[[ $(ls "$man1" | wc -l) -eq ${#pages[@]} ]] || fail "man1 holds other pages: $(ls "$man1")"
if command -v man >/dev/null; then
  for p in "${pages[@]}"; do
    [[ -f $man1/$p.1 ]] || continue
    MANWIDTH=100 man --warnings -l "$man1/$p.1" >"$tmp/page.txt" 2>"$tmp/page.err" ||
      fail "man -l $p.1 failed: $(cat "$tmp/page.err")"
    [[ ! -s $tmp/page.err ]] || fail "man -l $p.1 warns: $(cat "$tmp/page.err")"
    grep -q "^ *$p - " "$tmp/page.txt" || fail "man -l $p.1 shows no NAME line"
  done
  # The serve page is serve's --help, options intact (ASCII hyphens).
  MANWIDTH=100 man -l "$man1/vardavtal-serve.1" >"$tmp/serve.txt" 2>/dev/null || true
  grep -q -- '--max-per-client N' "$tmp/serve.txt" || fail "vardavtal-serve(1) lacks --max-per-client N"
  grep -q 'SIGTERM or SIGINT stops it' "$tmp/serve.txt" || fail "vardavtal-serve(1) lacks the help text"
else
  echo "man is not installed: the pages are not rendered"
fi

# A package build: DESTDIR and --prefix /usr; the unit names /usr/bin/vardavtal.
DESTDIR=$tmp/destdir "${CMAKE:-cmake}" --install "$build" --prefix /usr >"$tmp/install-destdir.log"
# The manifest names the files without DESTDIR, as they will be on the server.
while read -r f; do
  [[ $f == /usr/* && -f $tmp/destdir$f ]] || fail "DESTDIR install: $f is not under DESTDIR/usr"
done <"$manifest"
[[ -x $tmp/destdir/usr/bin/vardavtal ]] || fail "no DESTDIR/usr/bin/vardavtal"
grep -qxF 'ExecStart=/usr/bin/vardavtal serve $VARDAVTAL_SERVE_OPTIONS' \
  "$tmp/destdir/usr/lib/systemd/system/vardavtal.service" ||
  fail "the DESTDIR unit does not run /usr/bin/vardavtal"
[[ -f $tmp/destdir/usr/share/man/man1/vardavtal-serve.1 ]] || fail "no DESTDIR man page"

if ((failures)); then
  echo "$failures failures" >&2
  exit 1
fi
echo "installed and checked: binary, ${#pages[@]} man pages, 3 units, the example configuration"
