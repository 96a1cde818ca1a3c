#!/usr/bin/env bash
# Browser test of the web dashboard: builds a small billed demo database,
# creates an admin, a seller and a buyer token, starts `vardavtal serve` on a free
# loopback port, runs dashboard.test.mjs in headless Chromium (Playwright)
# against it with the CLI's own numbers as the expected values, then stops the
# server with SIGTERM and requires exit status 0.
# Usage: tests/browser/run.sh VARDAVTAL_BINARY
# Needs node, /usr/bin/chromium and tests/browser/node_modules (npm ci; done
# here when missing). SCREENSHOT_DIR=DIR keeps a PNG of every page.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh VARDAVTAL_BINARY}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[[ -x $bin ]] || { echo "run.sh: $bin is not an executable" >&2; exit 1; }
command -v node >/dev/null || { echo "run.sh: node is missing (scripts/install-deps.sh --test)" >&2; exit 1; }
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] ||
  { echo "run.sh: ${CHROMIUM:-/usr/bin/chromium} is missing (scripts/install-deps.sh --test)" >&2; exit 1; }
if [[ ! -f $here/node_modules/playwright-core/package.json ]]; then
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vardavtal-browser.XXXXXX")
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

db=$work/vardavtal.db
v() { "$bin" --db "$db" "$@"; }

echo "== demo database (scale 1, billed through 2021-12)"
v init >/dev/null
v generate --out "$work/data" --scale 1 >/dev/null
v import --quiet all "$work/data" >/dev/null
v bill --through 2021-12 >/dev/null
# January 2022 with something for the operational lists: one of AS's December
# records moved from region 20 to 21 (a credit note, reason 1) and a record
# whose DRG is outside the weight list (held).
fix=$work/fix-2022-01.csv
head -1 "$work/data/records.csv" >"$fix"
awk -F, -v OFS=, '$2 == "AS" && $6 == "inpatient" && $9 ~ /^2021-12-0/ && $4 == "20" {
    original = $0; $4 = "21"; $5 = "2180"; print
    $0 = original; $1 = "AS-2021-9000009"; $11 = "Z99Z"; print; exit }' "$work/data/records.csv" >>"$fix"
v import --quiet records "$fix" >/dev/null
v bill --through 2022-01 >/dev/null
# A production plan of AS for 2021: two regions' clinics (the plan table).
printf 'seller,buyer,year,clinic,planned_contacts,planned_points\nAS,20,2021,Kardiologi,150,70\nAS,21,2021,Neuro,400,200.5\n' \
  >"$work/plans.csv"
v import plans "$work/plans.csv" >/dev/null
admin_token=$(v token create --role admin --name browser-admin 2>>"$work/token.log" | tail -1)
seller_token=$(v token create --role seller:AS --name browser-seller 2>>"$work/token.log" | tail -1)
buyer_token=$(v token create --role buyer:20 --name browser-buyer 2>>"$work/token.log" | tail -1)
[[ $admin_token && $seller_token && $buyer_token ]] || { echo "run.sh: no token printed" >&2; exit 1; }

# What the page must show, from the CLI.
expected=$work/expected
mkdir -p "$expected"
v followup contacts --seller AS --year 2021 --format csv >"$expected/contacts.csv"
v followup invoiced --seller AS --year 2021 --restate LPIK --format csv >"$expected/invoiced.csv"
v invoices --seller AS --period 2021-03 --format csv >"$expected/invoices.csv"
v followup bought --buyer 20 --year 2021 --restate LPIK --format csv >"$expected/bought.csv"
v followup referred --buyer 20 --year 2021 --format csv >"$expected/referred.csv"
# The drill-down's expected values: AS's first 2021-03 care invoice to 20, its lines and
# the explanation of its first line; the disputes of region 20: that invoice's
# specification checked twice in one run (each line billed twice: code 7), saved.
care20=$(v invoices --seller AS --buyer 20 --period 2021-03 --format csv |
  awk -F, '$2 == "invoice" && $3 == "care" {print $1; exit}')
v invoice "$care20" --seller AS --format json >"$expected/invoice.json"
first_record=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).lines[0].record_id)' \
  "$expected/invoice.json")
v explain --seller AS --record "$first_record" >"$expected/explain.txt"
v invoice "$care20" --seller AS --format fakturaunderlag --out "$work/spec20.xml"
v reconcile --buyer 20 --spec "$work/spec20.xml" "$work/spec20.xml" --save >/dev/null 2>&1
v disputes --buyer 20 --format json >"$expected/disputes.json"
# The seller's answer to region 20's last dispute, which the browser test runs
# after it has checked the disputes: that line's record corrected (its patient
# fee changed) and February 2022 billed, which issues a credit note
# referencing the disputed line; the dispute then reads krediterad. The script
# prints the disputes as the CLI then lists them.
credited_record=$(node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(d[d.length - 1].care_contact_id)' \
  "$expected/disputes.json")
credit_fix=$work/fix-2022-02.csv
head -1 "$work/data/records.csv" >"$credit_fix"
awk -F, -v OFS=, -v id="$credited_record" '$1 == id && $2 == "AS" { $15 = ($15 == "300" ? "400" : "300"); print; exit }' \
  "$work/data/records.csv" >>"$credit_fix"
[[ $(wc -l <"$credit_fix") == 2 ]] || { echo "run.sh: no record $credited_record to correct" >&2; exit 1; }
credit_script=$work/credit-dispute.sh
cat >"$credit_script" <<EOS
set -euo pipefail
"$bin" --db "$db" import --quiet records "$credit_fix" >/dev/null
"$bin" --db "$db" bill --through 2022-02 >/dev/null
"$bin" --db "$db" disputes --buyer 20 --format json
EOS
v status --seller AS --format json >"$expected/status.json"
v followup plan --seller AS --year 2021 --format csv >"$expected/plan.csv"
v followup invoiced --seller AS --year 2019 --format csv >"$expected/invoiced-2019.csv"
v held --seller AS --format json >"$expected/held.json"
v credits --seller AS --format json >"$expected/credits.json"
grep -q '^total,49829,' "$expected/contacts.csv" ||
  { echo "run.sh: the demo's AS 2021 contacts total is not 49829:" >&2; cat "$expected/contacts.csv" >&2; exit 1; }

echo "== vardavtal serve"
# Port 0: the server binds a free port and prints "listening on ADDRESS:PORT".
"$bin" --db "$db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
port=
for _ in $(seq 1 300); do  # up to 30 s, as server_test waits
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/serve.out" | head -1)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then
  echo "run.sh: the server did not start" >&2
  cat "$work/serve.out" "$work/serve.log" >&2
  exit 1
fi
base_url=http://127.0.0.1:$port
healthy=
for _ in $(seq 1 300); do  # up to 30 s, as server_test waits
  if node -e "fetch(process.argv[1]).then(r => r.json()).then(j => process.exit(j.status === 'ok' ? 0 : 1), () => process.exit(1))" \
      "$base_url/api/health"; then
    healthy=1
    break
  fi
  sleep 0.1
done
[[ $healthy ]] || { echo "run.sh: $base_url/api/health did not answer ok" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "listening on $base_url"

echo "== dashboard.test.mjs"
status=0
BASE_URL=$base_url TOKEN=$seller_token ADMIN_TOKEN=$admin_token BUYER_TOKEN=$buyer_token EXPECTED_DIR=$expected \
  CREDIT_SCRIPT=$credit_script \
  node "$here/dashboard.test.mjs" || status=$?

echo "== stop the server"
kill -TERM "$server_pid"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=
if ((server_status != 0)); then
  echo "run.sh: the server exited with status $server_status after SIGTERM" >&2
  tail -20 "$work/serve.log" >&2
  status=1
else
  echo "server stopped with status 0"
fi
if ((status != 0)); then
  echo "== server log (last 40 lines)"
  tail -40 "$work/serve.log"
fi
exit "$status"
