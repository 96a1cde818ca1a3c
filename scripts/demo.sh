#!/usr/bin/env bash
# The main job: install, build, then run the demo on the embedded SQLite
# database: generate the synthetic Mellansverige data, init, import all of it,
# and print what was imported per kind, seller and year.
# Outputs go to demo-out/ (recreated on each run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh vardavtal
bin=build/vardavtal
out=demo-out
rm -rf "$out"
mkdir -p "$out"
export VARDAVTAL_DB="$out/vardavtal.db"

echo "== generate demo data"
$bin generate --out "$out/data"
echo
echo "== init $VARDAVTAL_DB"
$bin init
echo
echo "== import"
$bin import --quiet all "$out/data"
echo
echo "== what the database holds"
$bin summary
echo
echo "outputs:"
echo "  demo data:  $out/data/"
echo "  database:   $VARDAVTAL_DB"
