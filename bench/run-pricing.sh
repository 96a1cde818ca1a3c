#!/usr/bin/env bash
# Pricing benchmarks on the scale-10 demo database (built if missing):
# in-memory pricing throughput on one core, and `price --format csv` timed.
# Usage: bench/run-pricing.sh [SCALE]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10}
scripts/install-deps.sh
scripts/build.sh vardavtal pricing_bench
data=build/bench-data-scale$scale
db=build/bench-scale$scale.db
[[ -f $data/records.csv ]] || build/vardavtal generate --out "$data" --scale "$scale" >/dev/null
if [[ ! -f $db ]]; then
  build/vardavtal --db "$db" init >/dev/null
  build/vardavtal --db "$db" import --quiet all "$data" >/dev/null
fi
build/bench/pricing_bench "$db" 5
/usr/bin/time -f "price --format csv: %e s wall, %M KiB peak" \
  build/vardavtal --db "$db" price --format csv > build/bench-price.csv
echo "$(($(wc -l < build/bench-price.csv) - 1)) rows written to build/bench-price.csv"
