#!/usr/bin/env bash
# Billing benchmark: `bill --through 2021-12` over the scale-10 demo database
# (2019-2021), timed, with invoices and lines per second and peak memory.
# Usage: bench/run-bill.sh [SCALE]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10}
scripts/install-deps.sh
scripts/build.sh vardavtal
data=build/bench-data-scale$scale
db=build/bench-bill-scale$scale.db
[[ -f $data/records.csv ]] || build/vardavtal generate --out "$data" --scale "$scale" >/dev/null
rm -f "$db"
build/vardavtal --db "$db" init >/dev/null
build/vardavtal --db "$db" import --quiet all "$data" >/dev/null
/usr/bin/time -f "bill: %e s wall, %M KiB peak" build/vardavtal --db "$db" bill --through 2021-12
/usr/bin/time -f "bill again (idempotent): %e s wall" build/vardavtal --db "$db" bill --through 2021-12 >/dev/null
/usr/bin/time -f "verify: %e s wall, %M KiB peak" build/vardavtal --db "$db" verify
