#!/usr/bin/env bash
# The whole pipeline at one demo scale, measured step by step beside the SQL
# peer (bench/sql-peer: sqlite3 .import + one query for the same monthly
# invoice totals), with the öre check of the totals. Measures, asserts no time.
# Usage: bench/run-scale.sh [--runs K] SCALE [POSTGRES_URL]
#   SQLite: init, import all, bill --through 2021-12, bill again (idempotent),
#   verify, in a fresh build/bench-scaleN/vardavtal.db.
#   POSTGRES_URL (e.g. the one scripts/postgres-up.sh prints): the same steps
#   in the database vardavtal_bench_scaleN, dropped and created afresh through
#   that URL (its role needs CREATEDB; the database the URL names is only used
#   to connect, never dropped).
# The demo data is generated once into build/bench-data-scaleN (cached).
# Per step: wall time, CPU time (user + sys) and peak RSS of the vardavtal
# process (/usr/bin/time); on a local PostgreSQL also the server's CPU time
# (all its processes, so other clients' work during the step counts too).
# --runs K: K rounds, each the SQLite pipeline, the peer and the PostgreSQL
# pipeline one after the other (so that a slow minute of a shared machine
# falls on all three alike); the table then holds each figure's median over
# the rounds (of a sum of steps: the median of its per-round sums), and each
# round's totals and ratios are listed below it. Default 1.
# Exit status 1 when a step fails or totals differ from the peer's.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: bench/run-scale.sh [--runs K] SCALE [POSTGRES_URL]"
runs=1
if [[ ${1:-} == --runs ]]; then
  (($# >= 2)) || { echo "$usage" >&2; exit 2; }
  runs=$2
  shift 2
fi
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "$usage (K: a whole number from 1)" >&2; exit 2; }
(($# >= 1 && $# <= 2)) && [[ ${2:-} != -* ]] || { echo "$usage (--runs K first)" >&2; exit 2; }
scale=$1
url=${2:-}
through=2021-12

scripts/install-deps.sh --bench
# Without GoogleTest (a fresh clone after install-deps.sh) configure without the tests.
no_tests=(--no-tests)
dpkg-query -W -f='${Status}' libgtest-dev 2>/dev/null | grep -q "install ok installed" && no_tests=()
scripts/build.sh "${no_tests[@]}" vardavtal >/dev/null
data=build/bench-data-scale$scale
work=build/bench-scale$scale
[[ -f $data/records.csv ]] || build/vardavtal generate --out "$data" --scale "$scale" >/dev/null
rm -rf "$work"
mkdir -p "$work"

# result[ENGINE.STEP.ROUND] = "wall user sys maxrss_kib [server_cpu_s]"; the
# raw figures are in $work/ENGINE.STEP.ROUND.time, the output in .out and .err.
declare -A result
round=1
db=vardavtal_bench_scale$scale
# The postmaster of the server the URL names (its data directory's postmaster.pid, readable
# here when the server is local and the role may read settings); else the first one running.
postmaster_pid=""
if [[ -n $url ]]; then
  datadir=$(psql -qAt "$url" -c "SHOW data_directory" 2>/dev/null || true)
  [[ -n $datadir && -r $datadir/postmaster.pid ]] && postmaster_pid=$(head -1 "$datadir/postmaster.pid")
fi
postmaster() {
  if [[ -n $postmaster_pid ]]; then echo "$postmaster_pid"; return; fi
  ps -C postgres -o pid=,ppid= 2>/dev/null | awk '$2 == 1 {print $1; exit}'
}
server_ticks() {  # CPU ticks of the local PostgreSQL server (and its reaped backends), or nothing
  local pm
  pm=$(postmaster)
  [[ -n $pm ]] || return 0
  # A backend may end between ps and cat: its CPU is then in the postmaster's.
  { cat "/proc/$pm/stat"; for c in $(ps --ppid "$pm" -o pid=); do cat "/proc/$c/stat" 2>/dev/null || true; done; } |
    awk -v pm="$pm" '{sub(/^.*\) /, ""); t += $12 + $13; if (NR == 1) t += $14 + $15} END {print t}'
}
wait_for_backends_to_end() {  # the step's backend is reaped (its CPU counted) once gone
  local pm
  pm=$(postmaster)
  [[ -n $pm ]] || return 0
  for _ in $(seq 100); do
    ps --ppid "$pm" -o args= | grep -q " $db " || return 0  # grep -q may cut ps short
    sleep 0.05
  done
}
step() {  # step ENGINE NAME COMMAND...: timed, output in $work/ENGINE.NAME.ROUND.out
  local engine=$1 name=$2.$round before="" after="" cpu=""
  shift 2
  [[ $engine == postgresql ]] && before=$(server_ticks || true)
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/$engine.$name.time" "$@" \
      >"$work/$engine.$name.out" 2>"$work/$engine.$name.err"; then
    echo "$engine $name failed:" >&2
    cat "$work/$engine.$name.err" >&2
    exit 1
  fi
  if [[ $engine == postgresql ]]; then
    wait_for_backends_to_end
    after=$(server_ticks || true)
  fi
  [[ -n $before && -n $after ]] && cpu=$(awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.2f", (a - b) / hz}')
  result[$engine.$name]="$(tail -1 "$work/$engine.$name.time") $cpu"
}

pipeline() {  # pipeline ENGINE DB (the current round's)
  local engine=$1 v=(build/vardavtal --db "$2")
  step "$engine" init "${v[@]}" init
  step "$engine" import "${v[@]}" import --quiet all "$data"
  step "$engine" bill "${v[@]}" bill --through "$through"
  step "$engine" rebill "${v[@]}" bill --through "$through"
  step "$engine" verify "${v[@]}" verify
  "${v[@]}" invoices --format csv >"$work/$engine.invoices.$round.csv"
}

for ((round = 1; round <= runs; round++)); do
  rm -f "$work/vardavtal.db" "$work/vardavtal.db-wal" "$work/vardavtal.db-shm"
  pipeline sqlite "$work/vardavtal.db"
  step peer load bench/sql-peer/run.sh load "$data" "$work/peer"
  step peer query bench/sql-peer/run.sh query "$work/peer"
  cp "$work/peer/peer.csv" "$work/peer.$round.csv"
  if [[ -n $url ]]; then
    PGOPTIONS='--client-min-messages=warning' psql -q "$url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    base=${url%%\?*}
    params=${url#"$base"}
    hostpart=${base#*://}
    [[ $hostpart == */* ]] && base=${base%/*}
    pipeline postgresql "$base/$db$params"
  fi
done

# --- the table ---
fields() { echo "${result[$1]:-}"; }
# wall cpu rss(MiB) [server cpu] of one step or of the sum of several, in round $2.
measure_round() {
  local r=$1 key rows=""
  shift
  for key in "$@"; do rows+="$(fields "$key.$r")"$'\n'; done
  awk 'NF >= 4 {w += $1; c += $2 + $3; if ($4 > m) m = $4; if (NF > 4) {s += $5; hs = 1}; n++}
       END {if (n) printf "%.2f %.2f %.0f %s", w, c, m / 1024, hs ? sprintf("%.2f", s) : "-"}' <<<"$rows"
}
# The same, each field the median over the rounds (the peak RSS: the median peak).
measure() {
  local r rows=""
  for ((r = 1; r <= runs; r++)); do rows+="$(measure_round "$r" "$@")"$'\n'; done
  awk 'function med(a, n,   i, j, t) {
         for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {t = a[j]; a[j] = a[j - 1]; a[j - 1] = t}
         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
       }
       NF >= 3 {n++; w[n] = $1; c[n] = $2; m[n] = $3; if ($4 != "-") {hs++; s[hs] = $4}}
       END {if (n) printf "%.2f %.2f %.0f %s", med(w, n), med(c, n), med(m, n), hs == n ? sprintf("%.2f", med(s, n)) : "-"}' <<<"$rows"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b}'; }
records=$(($(wc -l <"$data/records.csv") - 1))
echo
echo "Scale $scale ($records records), bill --through $through; $runs round$( ((runs > 1)) && echo "s (medians)"); commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + local changes'); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wall and CPU in seconds (CPU = user + sys of the client), peak RSS in MiB; PG server CPU = the local server's CPU during the step"
if [[ -n $url ]]; then
  if [[ -n $postmaster_pid ]]; then
    echo "PostgreSQL server CPU: the postmaster (pid $postmaster_pid) of the data directory $datadir and its backends"
    # Whether its shared memory is in huge pages (docs/postgresql.md, "Server
    # settings that matter"): PostgreSQL 15 does not say so; the postmaster's mappings do.
    pages=$(awk '/^KernelPageSize:/ && $2 != 4 {h = $2 " " $3} END {print h ? "huge pages (" h ")" : "4 kB pages, no huge pages"}' \
      "/proc/$postmaster_pid/smaps" 2>/dev/null || echo "not readable")
    echo "PostgreSQL shared memory (the postmaster's mappings): $pages"
  else
    echo "PostgreSQL server CPU: the first postmaster running here (the URL's data directory was not readable; '-' when none)"
  fi
  echo "PostgreSQL: $(psql -qAt "$url" -c "SELECT 'server ' || current_setting('server_version') || ', shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem') || ', max_wal_size ' || current_setting('max_wal_size') || ', huge_pages ' || current_setting('huge_pages') || ', collation ' || datcollate FROM pg_database WHERE datname = '$db'" 2>/dev/null || echo '(settings not readable)')"
fi
printf '%-22s | %8s %8s %6s | %8s %8s %6s %8s | %7s %7s\n' step "SQLite" "CPU" "RSS" "PostgreSQL" "CPU" "RSS" "srv CPU" "PG/SQLite" "CPU"
printf '%-22s | %8s %8s %6s | %8s %8s %6s %8s | %7s %7s\n' "" wall "" "" wall "" "" "" wall ""
row() {  # row LABEL SQLITE_KEYS... -- POSTGRES_KEYS...
  local label=$1 sk=() pk=() sw sc sr pw pc pr ps
  shift
  while (($#)) && [[ $1 != -- ]]; do sk+=("$1"); shift; done
  (($#)) && shift
  pk=("$@")
  read -r sw sc sr _ <<<"$(measure "${sk[@]}")"
  if ((${#pk[@]})) && [[ -n $(measure "${pk[@]}") ]]; then
    read -r pw pc pr ps <<<"$(measure "${pk[@]}")"
  else
    pw=- pc=- pr=- ps=-
  fi
  printf '%-22s | %8s %8s %6s | %8s %8s %6s %8s | %7s %7s\n' "$label" "$sw" "$sc" "$sr" \
    "$pw" "$pc" "$pr" "$ps" "$(ratio "$pw" "$sw")" "$(ratio "$pc" "$sc")"
}
for s in init import bill rebill verify; do
  label=$s
  [[ $s == import ]] && label="import all"
  [[ $s == bill ]] && label="bill --through $through"
  [[ $s == rebill ]] && label="bill again (nothing)"
  row "$label" "sqlite.$s" -- "postgresql.$s"
done
row "init + import + bill" sqlite.init sqlite.import sqlite.bill -- postgresql.init postgresql.import postgresql.bill
row "whole pipeline" sqlite.init sqlite.import sqlite.bill sqlite.rebill sqlite.verify -- \
  postgresql.init postgresql.import postgresql.bill postgresql.rebill postgresql.verify
row "peer: sqlite3 .import" peer.load
row "peer: the query" peer.query
row "peer: total" peer.load peer.query
read -r vw vc _ <<<"$(measure sqlite.init sqlite.import sqlite.bill)"
read -r qw qc _ <<<"$(measure peer.load peer.query)"
echo "vardavtal (init + import + bill, SQLite) / peer: wall $(ratio "$vw" "$qw"), CPU $(ratio "$vc" "$qc")"
if [[ -n $url ]]; then
  read -r gw gc _ <<<"$(measure postgresql.init postgresql.import postgresql.bill)"
  echo "vardavtal (init + import + bill, PostgreSQL) / peer: wall $(ratio "$gw" "$qw"), client CPU $(ratio "$gc" "$qc")"
fi
if ((runs > 1)); then
  echo
  echo "each round, init + import + bill (wall s): SQLite, peer, SQLite/peer; PostgreSQL, PostgreSQL/SQLite"
  for ((r = 1; r <= runs; r++)); do
    read -r sw _ <<<"$(measure_round "$r" sqlite.init sqlite.import sqlite.bill)"
    read -r pw _ <<<"$(measure_round "$r" peer.load peer.query)"
    line="round $r: $sw, $pw, $(ratio "$sw" "$pw")"
    if [[ -n $url ]]; then
      read -r gw _ <<<"$(measure_round "$r" postgresql.init postgresql.import postgresql.bill)"
      line+="; $gw, $(ratio "$gw" "$sw")"
    fi
    echo "$line"
  done
fi

# --- the öre check ---
status=0
echo
for ((r = 1; r <= runs; r++)); do
  cp "$work/peer.$r.csv" "$work/peer/peer.csv"
  for engine in sqlite postgresql; do
    [[ -f $work/$engine.invoices.$r.csv ]] || continue
    echo "öre check, $engine invoices vs the peer$( ((runs > 1)) && echo ", round $r"):"
    bench/sql-peer/run.sh check "$work/peer" "$work/$engine.invoices.$r.csv" || status=1
  done
  for engine in sqlite postgresql; do
    [[ -f $work/$engine.verify.$r.out ]] &&
      echo "verify ($engine$( ((runs > 1)) && echo ", round $r")): $(head -1 "$work/$engine.verify.$r.out")"
  done
done
exit $status
