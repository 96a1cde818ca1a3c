#!/usr/bin/env bash
# Readers during a billing run (issue 15 item 3): the server answers a small
# request (one month's invoice list of AS) in a loop, one at a time, while
# `bill --through 2021-12` writes the scale-N demo; prints the latency
# percentiles of the answers given during the run. Run side by side with an
# anchor binary (e.g. a build before WAL) on its own copy of the data:
#   bench/run-concurrency.sh BINARY [ANCHOR_BINARY] [SCALE]
# Each binary generates and imports its own demo (the anchor's may be older).
# ROUTE=lines asks for one invoice's lines instead (patient data: since issue
# 15 item 7 each answer first appends its access-log row, a write that waits
# for the billing run's commit); January 2019 is then billed first so that
# the invoice exists.
set -euo pipefail
bins=("$1")
[[ -n ${2:-} ]] && bins+=("$2")
scale=${3:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/vardavtal-concurrency.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
for bin in "${bins[@]}"; do
  db=$work/$RANDOM.db
  rm -rf "$work/data"
  "$bin" generate --out "$work/data" --scale "$scale" >/dev/null  # each its own demo
  "$bin" --db "$db" init >/dev/null
  "$bin" --db "$db" import --quiet all "$work/data" >/dev/null
  token=$("$bin" --db "$db" token create --role admin --name bench 2>/dev/null | tail -1)
  "$bin" --db "$db" serve --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.err" &
  server=$!
  for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/serve.out")
  url="http://127.0.0.1:$port/api/invoices?seller=AS&period=2019-01"
  if [[ ${ROUTE:-list} == lines ]]; then
    "$bin" --db "$db" bill --through 2019-01 --seller AS >/dev/null
    number=$("$bin" --db "$db" invoices --seller AS --format csv | awk -F, 'NR == 2 {print $1}')
    url="http://127.0.0.1:$port/api/invoices/$number?seller=AS"
  fi
  "$bin" --db "$db" bill --through 2021-12 >/dev/null &
  bill=$!
  : > "$work/times"
  while kill -0 $bill 2>/dev/null; do
    curl -s -o /dev/null -w '%{time_total} %{http_code}\n' -H "Authorization: Bearer $token" \
      "$url" >> "$work/times" || echo "999 000" >> "$work/times"
  done
  wait $bill
  kill -TERM $server; wait $server || true
  if [[ ${ROUTE:-list} == lines ]]; then  # each answer's read in the audit trail (none before issue 15 item 7)
    echo "$bin: $("$bin" --db "$db" audit --format csv | grep -c ',read,') reads of patient data logged for $(wc -l < "$work/times") answers"
  fi
  sort -n "$work/times" | awk -v b="$bin" '{t[NR]=$1; if ($2 != 200) bad++}
    END {n=NR; printf "%s: %d answers during bill, non-200 %d, p50 %.3f s, p99 %.3f s, max %.3f s\n",
         b, n, bad, t[int(n*0.5)+1], t[int(n*0.99)+(n*0.99>int(n*0.99))], t[n]}'
done
