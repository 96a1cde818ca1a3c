#!/usr/bin/env bash
# Follow-up benchmark: every follow-up table for one seller and year on a
# billed demo database (default scale 100, about 20 million records), each
# timed with its peak memory, then `followup all` to an XLSX workbook.
# The database is built once (generate, import, bill year by year) and kept in
# build/ for later runs; pass REBUILD=1 to make it anew.
# Usage: bench/run-followup.sh [SCALE] [SELLER] [YEAR]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-100}
seller=${2:-AS}
year=${3:-2021}
scripts/install-deps.sh
scripts/build.sh vardavtal
# A copy, so that rebuilding during a long run does not swap the binary under it.
bin=build/bench-followup-vardavtal
cp build/vardavtal "$bin"
data=build/bench-data-scale$scale
db=build/bench-followup-scale$scale.db
if [[ ! -f $db || ${REBUILD:-0} == 1 ]]; then
  rm -f "$db"
  [[ -f $data/records.csv ]] || /usr/bin/time -f "generate: %e s" $bin generate --out "$data" --scale "$scale" >/dev/null
  $bin --db "$db" init >/dev/null
  /usr/bin/time -f "import: %e s wall, %M KiB peak" $bin --db "$db" import --quiet all "$data" >/dev/null
  for through in 2019-12 2020-12 2021-12; do
    /usr/bin/time -f "bill --through $through: %e s wall, %M KiB peak" $bin --db "$db" bill --through $through >/dev/null
  done
fi
$bin --db "$db" init >/dev/null  # a database of an older schema: migrate
buyer_code=$($bin --db "$db" invoices --seller "$seller" --format csv | awk -F, 'NR == 2 {print $5}')
echo "seller $seller, year $year, database $db ($(du -h "$db" | cut -f1))"
start=$(date +%s.%N)
for table in invoiced contacts top-drg clinics buyer-top-drg invoiced-split decomposition cost-per-point; do
  extra=()
  [[ $table == buyer-top-drg ]] && extra=(--buyer "$buyer_code")
  [[ $table == invoiced || $table == decomposition ]] && extra=(--restate LPIK)
  /usr/bin/time -f "$table: %e s wall, %M KiB peak" $bin --db "$db" followup $table --seller "$seller" --year "$year" "${extra[@]}" >/dev/null
done
/usr/bin/time -f "bought (buyer $buyer_code): %e s wall, %M KiB peak" $bin --db "$db" followup bought --buyer "$buyer_code" --year "$year" >/dev/null
end=$(date +%s.%N)
echo "all tables: $(awk "BEGIN {printf \"%.2f\", $end - $start}") s wall"
/usr/bin/time -f "followup all (xlsx): %e s wall, %M KiB peak" $bin --db "$db" followup all --seller "$seller" --year "$year" --out build/bench-followup.xlsx
