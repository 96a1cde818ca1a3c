#!/usr/bin/env bash
# PostgreSQL beside SQLite: the same pipeline (init, import all, bill --through
# 2021-12, verify) on both engines over the demo data at one scale, each step
# timed with /usr/bin/time (wall, CPU, peak RSS), then the ratio PG ÷ SQLite
# per step and the check that both engines issue the same invoices
# (`invoices --format csv` equal). The PostgreSQL database is created fresh
# and dropped at the end.
# Usage: bench/run-postgres.sh SCALE ADMIN_URL [BINARY]
#   ADMIN_URL  a role that may CREATE DATABASE (scripts/postgres-up.sh prints one)
#   BINARY     the vardavtal to measure (default build/vardavtal)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:?usage: bench/run-postgres.sh SCALE ADMIN_URL [BINARY]}
admin=${2:?usage: bench/run-postgres.sh SCALE ADMIN_URL [BINARY]}
bin=${3:-build/vardavtal}
data=build/bench-data-scale$scale
[[ -f $data/records.csv ]] || "$bin" generate --out "$data" --scale "$scale" >/dev/null
work=$(mktemp -d)
dbname=vt_bench_$$
pg_url="${admin%/*}/$dbname"
cleanup() {
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $dbname" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q "$admin" -c "CREATE DATABASE $dbname" >/dev/null

# step ENGINE NAME ARGS...: runs one step, appends "engine step wall cpu kib".
step() {
  local engine=$1 name=$2 url
  shift 2
  url=$([[ $engine == sqlite ]] && echo "$work/bench.db" || echo "$pg_url")
  /usr/bin/time -o "$work/t" -f "%e %U %S %M" "$bin" --db "$url" "$@" >/dev/null
  read -r wall user sys kib <"$work/t"
  echo "$engine $name $wall $(echo "$user + $sys" | bc) $kib" >>"$work/results"
}
for engine in sqlite postgresql; do
  step "$engine" init init
  step "$engine" import import --quiet all "$data"
  step "$engine" bill bill --through 2021-12
  step "$engine" verify verify
done
"$bin" --db "$work/bench.db" invoices --format csv >"$work/sqlite.csv"
"$bin" --db "$pg_url" invoices --format csv >"$work/postgresql.csv"
if cmp -s "$work/sqlite.csv" "$work/postgresql.csv"; then same=yes; else same=NO; fi

awk -v scale="$scale" -v same="$same" '
  { wall[$1, $2] = $3; cpu[$1, $2] = $4; kib[$1, $2] = $5
    if (!seen[$2]++) order[++n] = $2 }
  END {
    printf "scale %s (invoices equal on both engines: %s)\n", scale, same
    printf "| step | SQLite wall | PostgreSQL wall | ratio | SQLite CPU | PostgreSQL CPU | SQLite peak | PostgreSQL peak |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= n; ++i) {
      s = order[i]; sw += wall["sqlite", s]; pw += wall["postgresql", s]
      sc += cpu["sqlite", s]; pc += cpu["postgresql", s]
      printf "| %s | %.2f s | %.2f s | %.2f× | %.2f s | %.2f s | %d MiB | %d MiB |\n", s,
        wall["sqlite", s], wall["postgresql", s], wall["postgresql", s] / wall["sqlite", s],
        cpu["sqlite", s], cpu["postgresql", s], kib["sqlite", s] / 1024, kib["postgresql", s] / 1024
    }
    printf "| **all** | %.2f s | %.2f s | **%.2f×** | %.2f s | %.2f s | | |\n", sw, pw, pw / sw, sc, pc
  }' "$work/results"
[[ $same == yes ]]
