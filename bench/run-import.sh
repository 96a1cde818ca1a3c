#!/usr/bin/env bash
# Import benchmark on the scale-10 demo records (generated if missing).
# Usage: bench/run-import.sh [SCALE [ROUNDS]]   (ROUNDS: 3 unless given; each
# round is six loads of the file, about 40 s at scale 10 and ten times that at 100)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10}
rounds=${2:-3}
scripts/install-deps.sh
scripts/build.sh vardavtal import_bench
data=build/bench-data-scale$scale
[[ -f $data/records.csv ]] || build/vardavtal generate --out "$data" --scale "$scale" >/dev/null
wc -l "$data/records.csv"
echo "$rounds rounds of six loads each (about 40 s a round at scale 10, ten times that at 100)"
build/bench/import_bench --rounds "$rounds" "$data/records.csv" build/bench-work
