#!/usr/bin/env bash
# Server benchmark: wrk (Debian) with 100 connections against the invoice list
# and a follow-up table on the billed scale-10 demo database; requests/s and
# latency percentiles (p99). The database is built once and kept in build/.
# Usage: bench/run-server.sh [SCALE] [SECONDS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10}
seconds=${2:-20}
threads=${3:-2}
scripts/install-deps.sh --test
scripts/build.sh vardavtal
bin=build/bench-server-vardavtal
cp build/vardavtal "$bin"
data=build/bench-data-scale$scale
db=build/bench-server-scale$scale.db
if [[ ! -f $db ]]; then
  [[ -f $data/records.csv ]] || $bin generate --out "$data" --scale "$scale" >/dev/null
  $bin --db "$db" init >/dev/null
  $bin --db "$db" import --quiet all "$data" >/dev/null
  $bin --db "$db" bill --through 2021-12 >/dev/null
fi
$bin --db "$db" init >/dev/null
$bin --db "$db" token revoke bench >/dev/null 2>&1 || true
$bin --db "$db" token list | grep -q "^bench " && name=bench-$$ || name=bench
token=$($bin --db "$db" token create --role admin --name "$name" 2>/dev/null | tail -1)
log=$(mktemp)
# wrk opens its 100 connections from one address: above the 64 per client.
$bin --db "$db" serve --listen 127.0.0.1:0 --threads "$threads" --max-per-client 100 \
  > "$log.out" 2> "$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log" "$log.out"' EXIT
for _ in $(seq 50); do grep -q listening "$log.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$log.out")
echo "scale $scale, $threads network + $threads database threads, 100 connections, ${seconds}s each"
for target in "/api/invoices?seller=AS&period=2021-03" \
              "/api/invoices" \
              "/api/followup/invoiced?seller=AS&year=2021&restate=LPIK" \
              "/api/followup/top-drg?seller=AS&year=2021"; do
  echo "== GET $target"
  wrk -t2 -c100 -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port$target" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
done
kill -TERM $pid
wait $pid
echo "server exit status $?; $(wc -l < "$log") requests logged"
$bin --db "$db" token revoke "$name" >/dev/null
