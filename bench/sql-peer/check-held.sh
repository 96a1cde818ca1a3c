#!/usr/bin/env bash
# The SQL peer against vardavtal on demo data with held records: a copy of
# the scale-1 demo where some records get the seller's own region or a region
# outside the agreement as buyer, a DRG outside the weight list, an inpatient
# LOS outlier without KPP cost, and some item lines an unknown item code.
# Runs init, import all, bill --through 2021-12 and the peer, lists the held
# reasons `bill` gave (`held --format csv`) and compares the totals to the öre (exit status 1 on any
# difference). Usage: bench/sql-peer/check-held.sh (after scripts/build.sh vardavtal)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=build/bench-data-scale1
held=build/bench-held-data
work=build/bench-held
[[ -f $data/records.csv ]] || build/vardavtal generate --out "$data" --scale 1 >/dev/null
rm -rf "$held" "$work"
cp -r "$data" "$held"
mkdir -p "$work"
python3 - "$held" <<'PY'
import csv, sys
def rewrite(path, change):
    rows = list(csv.reader(open(path, encoding='utf-8')))
    ix = {n: i for i, n in enumerate(rows[0])}
    for k, r in enumerate(rows[1:]):
        change(k, r, ix)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        csv.writer(f, lineterminator='\n').writerows(rows)
def record(k, r, ix):
    n = int(r[ix['record_id']][-4:]) % 997
    if r[ix['seller']] == 'AS' and n == 1:      # own_region_buyer (AS is Region Uppsala, 03)
        r[ix['county']], r[ix['municipality']] = '03', '0380'
    elif r[ix['seller']] == 'AS' and n == 2:    # buyer_not_in_agreement (Stockholm)
        r[ix['county']], r[ix['municipality']] = '01', '0180'
    elif n == 3 and r[ix['drg']]:               # drg_not_in_weight_list
        r[ix['drg']] = 'Z99Z'
    elif n == 4 and r[ix['care_type']] == 'inpatient':  # a long stay without KPP cost
        r[ix['kpp_cost']], r[ix['leave_days']] = '', '0'
        if r[ix['discharge_date']].startswith('2019'):
            r[ix['admission_date']] = '2019-01-01'
def item(k, r, ix):
    if k % 500 == 7:                            # unknown_item
        r[ix['item_code']] = 'NO-SUCH'
rewrite(sys.argv[1] + '/records.csv', record)
rewrite(sys.argv[1] + '/items.csv', item)
PY
v=(build/vardavtal --db "$work/vardavtal.db")
"${v[@]}" init >/dev/null
"${v[@]}" import --quiet all "$held" >/dev/null
"${v[@]}" bill --through 2021-12 >"$work/bill.out"
# The reasons by code: the held list's machine CSV (bill's table is Swedish).
"${v[@]}" held --format csv >"$work/held.csv"
echo "held by bill:"
grep -oE "\b(no_agreement|no_point_price|own_region_buyer|buyer_not_in_agreement|drg_not_in_weight_list|outlier_without_kpp_cost|unknown_item|nothing_to_bill):" \
  "$work/held.csv" | sort | uniq -c
"${v[@]}" invoices --format csv >"$work/invoices.csv"
bench/sql-peer/run.sh "$held" "$work/peer" "$work/invoices.csv"
