#!/usr/bin/env bash
# The main job: install what the build needs (no test-only packages), build
# the binary without the tests, then run the demo on the embedded SQLite
# database: generate the synthetic Mellansverige data (and Norra's university
# hospital NUS), init, import, price, bill 2019-2021 (AS, USO, Region Uppsala's
# second hospital ENK and NUS), settle each year (NUS's settlement of the KPP
# difference, ENK's volume commitment), write and check one month's
# documents, reconcile them as the buying regions, show Norra's model
# (tariffs, at-cost drugs, a clinic's subscription) and ENK's commitment,
# print the follow-up tables, write their workbooks, then a month of
# corrections and held records (January 2022: credit notes, the held list, a
# reconciliation with findings saved as disputes) and verify the ledger.
# Outputs go to demo-out/ (recreated on each run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --no-tests vardavtal
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
echo "== pricing: AS 2021 subscription per buyer (base years 2019-2020, uplifted by LPIK)"
$bin subscription --seller AS --year 2021
echo
echo "== pricing: one record explained"
$bin explain --seller AS --record AS-2021-0000100
echo
echo "== pricing: dry run of every stored record"
$bin price --format csv > "$out/priced.csv"
echo "priced $(($(wc -l < "$out/priced.csv") - 1)) records -> $out/priced.csv"
echo
echo "== bill 2019-2021 (monthly care and subscription invoices; AS, USO, ENK and NUS)"
$bin bill --through 2021-12
echo
echo "== settle 2019-2021: NUS's settlement of 1/3 of (KPP cost - invoiced) and ENK's volume commitment, per buyer and year"
for year in 2019 2020 2021; do
  echo "-- $year"
  $bin settle --year $year
done
echo
echo "== settle again: nothing more to issue"
$bin settle --year 2021
echo
echo "== AS invoices for 2021-03"
$bin invoices --seller AS --period 2021-03
mkdir -p "$out/documents"
number=$($bin invoices --seller AS --period 2021-03 --format csv | awk -F, '$3 == "care" {print $1; exit}')
$bin invoice "$number" --seller AS --format fakturaunderlag --out "$out/documents/$number-fakturaunderlag.xml"
$bin check-spec "$out/documents/$number-fakturaunderlag.xml"
$bin invoice "$number" --seller AS --format peppol --out "$out/documents/$number-peppol.xml"
$bin invoice "$number" --seller AS --format xlsx --out "$out/documents/$number.xlsx"
$bin invoice "$number" --seller AS --format csv > "$out/documents/$number.csv"
echo "documents of invoice $number -> $out/documents/"
echo
buyer=$($bin invoices --seller AS --period 2021-03 --format csv | awk -F, -v n="$number" '$1 == n {print $5}')
echo "== reconcile: region $buyer checks the specification of invoice $number"
$bin reconcile --buyer "$buyer" --spec "$out/documents/$number-fakturaunderlag.xml"
$bin reconcile --buyer "$buyer" --spec "$out/documents/$number-fakturaunderlag.xml" --format xlsx --out "$out/documents/$number-reconcile.xlsx"
echo
echo "== Region Uppsala's second hospital: Lasarettet i Enköping (ENK) sells a little to Västmanland"
$bin invoices --seller ENK --period 2021-03
enk=$($bin invoices --seller ENK --period 2021-03 --format csv | awk -F, '$3 == "care" {print $1; exit}')
mkdir -p "$out/documents/ENK"
$bin invoice "$enk" --seller ENK --format fakturaunderlag --out "$out/documents/ENK/$enk-fakturaunderlag.xml"
$bin check-spec "$out/documents/ENK/$enk-fakturaunderlag.xml"
$bin invoice "$enk" --seller ENK --format csv > "$out/documents/ENK/$enk.csv"
echo "documents of ENK's invoice $enk -> $out/documents/ENK/ (careUnitId: ENK's HSA id; supplier: Region Uppsala, as for AS)"
echo
echo "== reconcile: region 19 checks ENK's specification of invoice $enk (same organisation number as AS: the care unit tells them apart)"
$bin reconcile --buyer 19 --spec "$out/documents/ENK/$enk-fakturaunderlag.xml"
echo
echo "== ENK's volume commitment with Västmanland 2021 (Mellanlänsavtal: 67 points, cap 69)"
$bin followup commitment --seller ENK --year 2021
echo
echo "== ENK's 2021 commitment invoice (settle): Peppol, CSV and XLSX, no fakturaunderlag (no patient data)"
$bin invoices --seller ENK --period 2021-12 | grep -E "^nummer|åtagande"
commitment=$($bin invoices --seller ENK --period 2021-12 --format csv | awk -F, '$3 == "commitment" {print $1; exit}')
$bin invoice "$commitment" --seller ENK --format peppol --out "$out/documents/ENK/$commitment-peppol.xml"
$bin invoice "$commitment" --seller ENK --format xlsx --out "$out/documents/ENK/$commitment.xlsx"
$bin invoice "$commitment" --seller ENK --format csv > "$out/documents/ENK/$commitment.csv"
$bin invoice "$commitment" --seller ENK | tail -1
echo
echo "== Sjukvårdsregion Norra: Norrlands universitetssjukhus (NUS) sells to regions 22, 23 and 25 under Norra's model"
echo "   (psychiatry by tariff, drugs at cost above 50 000 kr a contact, oncology's subscription from 2021, settlement of 1/3 of KPP cost - invoiced)"
# A 2021 psychiatric stay, with leave days when there is one.
psy=$(awk -F, '$2 == "NUS" && $6 == "inpatient" && $7 == "Psykiatri" && $9 ~ /^2021-/ && $10 > 0 {print $1; exit}' "$out/data/records.csv")
[[ -n $psy ]] || psy=$(awk -F, '$2 == "NUS" && $6 == "inpatient" && $7 == "Psykiatri" {print $1; exit}' "$out/data/records.csv")
$bin explain --seller NUS --record "$psy"
echo
$bin subscription --seller NUS --year 2021
echo
$bin invoices --seller NUS --period 2021-03
nus=$($bin invoices --seller NUS --period 2021-03 --format csv | awk -F, '$3 == "care" {print $1; exit}')
mkdir -p "$out/documents/NUS"
$bin invoice "$nus" --seller NUS --format fakturaunderlag --out "$out/documents/NUS/$nus-fakturaunderlag.xml"
$bin check-spec "$out/documents/NUS/$nus-fakturaunderlag.xml"
$bin invoice "$nus" --seller NUS --format csv > "$out/documents/NUS/$nus.csv"
echo "documents of NUS's invoice $nus -> $out/documents/NUS/ ($(grep -c '<patientSpecificCareCode>TAR-' "$out/documents/NUS/$nus-fakturaunderlag.xml") tariff lines, $(grep -c '<patientSpecificCareCode>AT-COST<' "$out/documents/NUS/$nus-fakturaunderlag.xml") at-cost lines)"
echo
echo "== follow-up 2021 (the annual agreement meeting's tables)"
for seller in AS USO; do
  $bin followup invoiced --seller $seller --year 2021 --restate LPIK
  echo
  $bin followup contacts --seller $seller --year 2021
  echo
  $bin followup top-drg --seller $seller --year 2021
  echo
  $bin followup clinics --seller $seller --year 2021
  echo
done
$bin followup invoiced-split --seller AS --year 2021
echo
$bin followup buyer-top-drg --seller AS --year 2021 --buyer 20
echo
$bin followup decomposition --seller AS --year 2021 --restate LPIK
echo
$bin followup cost-per-point --seller AS --year 2021
echo
$bin followup bought --buyer 20 --year 2021
echo
echo "== production plan: AS and the buying regions planned 2021 from 2020's care (+3 %), per region and clinic"
# The parties' planning starts from last year's delivered care: 2020's
# contacts and DRG points per buyer region and clinic (the follow-up
# aggregates), three per cent more, as plans.csv (docs/import.md#plans).
plans="$out/data/plans-2021.csv"
{
  echo "seller,buyer,year,clinic,planned_contacts,planned_points"
  sqlite3 -csv "$VARDAVTAL_DB" "SELECT 'AS', buyer, 2021, clinic, (sum(contacts) * 103 + 50) / 100,
      printf('%d.%04d', (sum(points) * 103 + 50) / 100 / 10000, (sum(points) * 103 + 50) / 100 % 10000)
    FROM followup_facts WHERE seller = 'AS' AND subscription = 0 AND billing_year = 2020
    GROUP BY buyer, clinic HAVING sum(contacts) >= 50 ORDER BY buyer, clinic"
} >"$plans"
$bin import plans "$plans"
table=$($bin followup plan --seller AS --year 2021)
echo "$table" | head -9
echo "..."
echo "$table" | tail -3
echo
$bin followup invoiced-split --seller NUS --year 2021
echo
$bin followup referred --buyer 25 --year 2021
echo
echo "== NUS's year-end settlement per buyer, 2021 (settle --dry-run: what was settled, and nothing left to issue)"
$bin settle --year 2021 --seller NUS --dry-run
echo
for buyer in 22 23 25; do
  settlement=$($bin invoices --seller NUS --buyer $buyer --period 2021-12 --format csv | awk -F, '$3 == "settlement" {print $1; exit}')
  $bin invoice "$settlement" --seller NUS --format peppol --out "$out/documents/NUS/$settlement-peppol.xml"
  $bin invoice "$settlement" --seller NUS --format csv > "$out/documents/NUS/$settlement.csv"
  echo "region $buyer: $($bin invoice "$settlement" --seller NUS | tail -1)"
done
echo
echo "== Norrbotten (25) bought 2021, with NUS's settlement"
$bin followup bought --buyer 25 --year 2021
echo
for seller in AS USO ENK; do
  $bin followup all --seller $seller --year 2021 --out "$out/followup-$seller-2021.xlsx"
done
echo "follow-up workbooks -> $out/followup-AS-2021.xlsx, $out/followup-USO-2021.xlsx, $out/followup-ENK-2021.xlsx (with its commitment sheet)"
echo
echo "== January 2022: a month of corrections and records that must be held"
# After the clean 2019-2021 run, real life: four of AS's December records are
# corrected (a county changed, a DRG regrouped, the fee changed, one withdrawn
# as registered in error: cancelled = 1) and three new ones cannot be billed
# (a DRG outside the weight list, a length-of-stay outlier without its KPP
# cost, a buyer outside the agreement). Billing January issues the credit
# notes (reason codes 1, 3, 2, 9) and the new invoices, and holds the three.
corr="$out/data/corrections-2022-01.csv"
head -1 "$out/data/records.csv" | sed 's/$/,cancelled/' > "$corr"
awk -F, -v OFS=, '
  $2 == "AS" && $6 == "inpatient" && $9 ~ /^2021-12-0/ && $4 == "20" && $12 != "" {
    n++
    if (n == 1) { $4 = "21"; $5 = "2180"; print $0 ",0" }      # county 20 -> 21
    else if (n == 2) { $11 = ($11 == "E71E" ? "A51E" : "E71E"); print $0 ",0" }  # regrouped
    else if (n == 3) { $15 = "300"; print $0 ",0" }             # the fee changed
    else if (n == 4) { print $0 ",1" }                          # registered in error
    else if (n == 5) { p = $3 }
    else if (n == 6) {
      print "AS-2021-9000001,AS," p ",20,2080,inpatient,Kardiologi,2021-12-10,2021-12-14,0,Z99Z,40000.00,,1,,121,I35.0,,,,,0"
      print "AS-2021-9000002,AS," p ",20,2080,inpatient,Neuro,2021-09-01,2021-12-15,0,A51E,,,1,,331,G40.9,,,,,0"
      print "AS-2021-9000003,AS," p ",01,0180,inpatient,Kardiologi,2021-12-12,2021-12-16,0,E71E,38000.00,,1,,121,I35.0,,,,,0"
      exit
    }
  }' "$out/data/records.csv" >> "$corr"
$bin import records "$corr"
$bin bill --through 2022-01
echo
echo "== the credit notes of January 2022, with their reason codes"
$bin credits --seller AS --period 2022-01
echo
echo "== the held records, why and since when"
$bin held --seller AS
echo
jan=$($bin invoices --seller AS --buyer 21 --period 2022-01 --format csv | awk -F, '$2 == "invoice" && $3 == "care" {print $1; exit}')
$bin invoice "$jan" --seller AS --format fakturaunderlag --out "$out/documents/$jan-fakturaunderlag.xml"
echo "== reconcile: region 21 checks invoice $jan (the record moved to it from region 20) and saves its findings as disputes"
$bin reconcile --buyer 21 --spec "$out/documents/$jan-fakturaunderlag.xml" --save
echo
echo "== region 21's disputes (the Tvistelista -> $out/documents/tvistelista-21.xlsx)"
$bin disputes --buyer 21
$bin disputes --buyer 21 --format xlsx --out "$out/documents/tvistelista-21.xlsx"
echo
echo "== month-end: AS closes December 2021 and January 2022 after review and books them in the general ledger"
$bin close --seller AS --period 2021-12
$bin close --seller AS --period 2022-01
$bin sie --seller AS --period 2021-12..2022-01 --accounts docs/examples/accounts.toml --out "$out/documents/AS-2021-12-2022-01.si"
echo "-- the first verifications of the SIE file (code page 437, shown in UTF-8):"
iconv -f CP437 -t UTF-8 "$out/documents/AS-2021-12-2022-01.si" | sed -n '/^#VER/,$p' | head -6
echo
echo "== delivery: AS sends January's fakturaunderlag to a local responder of the national platform's contract"
# A throwaway CA with a certificate for the responder and one for AS (never
# for production: docs/delivery.md), the responder on a free loopback port,
# stopped when the demo ends, whatever happens.
scripts/make-test-pki.sh "$out/pki"
$bin respond --cert "$out/pki/responder.pem" --key "$out/pki/responder.key" --ca "$out/pki/ca.pem" \
  >"$out/responder.log" 2>&1 &
responder=$!
trap 'kill $responder 2>/dev/null || true' EXIT
port=
for _ in $(seq 1 300); do  # up to 30 s
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out/responder.log")
  [[ -n $port ]] && break
  kill -0 $responder 2>/dev/null || break
  sleep 0.1
done
[[ -n $port ]] || { echo "demo: the responder did not start" >&2; cat "$out/responder.log" >&2; exit 1; }
$bin deliver --seller AS --period 2022-01 --endpoint "https://127.0.0.1:$port/ntjp/ProcessClaimSpecification" \
  --cert "$out/pki/client.pem" --key "$out/pki/client.key" --ca "$out/pki/ca.pem"
echo "-- what the responder received (its log: the client certificate, the logical address, the answer):"
sed 1d "$out/responder.log"
kill $responder
wait $responder || true
trap - EXIT
echo
$bin deliveries --seller AS --period 2022-01
echo
echo "== AS's months: billed, closed, exported, delivered, open disputes, held records (the last six)"
months=$($bin status --seller AS)
echo "$months" | head -2
echo "$months" | tail -6
echo
echo "== verify the ledger"
$bin verify
echo
echo "outputs:"
echo "  demo data:  $out/data/"
echo "  database:   $VARDAVTAL_DB"
echo "  pricing:    $out/priced.csv"
echo "  follow-up:  $out/followup-AS-2021.xlsx, $out/followup-USO-2021.xlsx, $out/followup-ENK-2021.xlsx"
echo "  documents:  $out/documents/ (fakturaunderlag, Peppol UBL, XLSX, CSV and the reconciliation dispute list of invoice $number;"
echo "              region 21's Tvistelista of January 2022: tvistelista-21.xlsx;"
echo "              AS's SIE 4i file of December 2021 and January 2022 for the general ledger: AS-2021-12-2022-01.si)"
echo "              $out/documents/ENK/ (fakturaunderlag and CSV of Lasarettet i Enköping's invoice $enk; Peppol, XLSX, CSV of its commitment invoice $commitment)"
echo "              $out/documents/NUS/ (fakturaunderlag and CSV of Norrlands universitetssjukhus' invoice $nus; Peppol and CSV of its 2021 settlements)"
echo
echo "to browse it: $bin --db $VARDAVTAL_DB token create --role admin --name me"
echo "              $bin --db $VARDAVTAL_DB serve   # then open http://127.0.0.1:8080/ and log in with the token"
