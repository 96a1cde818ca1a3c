#!/usr/bin/env bash
# The SQL peer: an analyst's SQL-only pipeline over the demo CSVs of
# `vardavtal generate`: `sqlite3 .import` of every CSV (load.sql) and one
# query (monthly_totals.sql) for the invoice totals that
# `vardavtal bill --through 2021-12` issues, per seller, buyer, month and
# kind; compare.sql checks them against vardavtal's invoices to the öre.
# Usage:
#   bench/sql-peer/run.sh load DATA_DIR WORK_DIR   fresh WORK_DIR/peer.db
#   bench/sql-peer/run.sh query WORK_DIR           WORK_DIR/peer.csv
#   bench/sql-peer/run.sh check WORK_DIR INVOICES  compare with the CSV of
#       `vardavtal invoices --format csv`; exit status 1 on any difference
#   bench/sql-peer/run.sh DATA_DIR WORK_DIR [INVOICES]   all of them
# Needs the sqlite3 shell (Debian package sqlite3; its decimal functions).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

load() {
  local data work
  data=$(cd "$1" && pwd)
  mkdir -p "$2"
  work=$(cd "$2" && pwd)
  rm -f "$work/peer.db" "$work/peer.csv" "$work/agreements.csv"
  find "$work" -maxdepth 1 -type l -name '*.csv' -delete
  for f in "$data"/*.csv; do ln -s "$f" "$work/"; done
  # The agreements are TOML: their terms become one CSV row each.
  awk -f "$here/agreements.awk" "$data"/agreements/*.toml >"$work/agreements.csv"
  (cd "$work" && sqlite3 peer.db <"$here/load.sql")
}

query() {
  (cd "$1" && sqlite3 peer.db <"$here/monthly_totals.sql" >peer.csv)
}

check() {
  local out
  [[ "$2" -ef "$1/vardavtal.csv" ]] || cp "$2" "$1/vardavtal.csv"
  out=$(cd "$1" && sqlite3 :memory: <"$here/compare.sql")
  echo "$out"
  # The summary line ends with the number of differences.
  [[ $(head -1 <<<"$out") == *"differences: 0" ]]
}

case "${1:-}" in
  load) load "$2" "$3" ;;
  query) query "$2" ;;
  check) check "$2" "$3" ;;
  "" | -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  *)
    load "$1" "$2"
    query "$2"
    if (($# > 2)); then check "$2" "$3"; fi
    ;;
esac
