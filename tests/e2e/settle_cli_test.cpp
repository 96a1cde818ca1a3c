// End-to-end: `vardavtal settle` (billing rules §8.4, §8.5) through the real
// binary. Seller AS sells 2021 under terms with a year-end settlement of a
// third of the KPP difference and a volume commitment (3 points for 04; 1
// point for 20, with a cap of 1 point). Every amount below is computed by hand
// from the fixture:
//   R1  04  B02B 0.5003 × 60 000 = 30 018.00, KPP cost  40 000.00 (March)
//   R2  20  A01A 2      × 60 000 = 120 000.00, KPP cost 100 000.00 (June)
//   R3  20  B02B 0.5003 × 60 000 = 30 018.00, KPP cost  35 000.00 (December)
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

const char* const kRecords =
    "R1,AS,191212121212,04,inpatient,ONK,2021-03-02,2021-03-04,B02B,40000,,221,C50.9,0480\n"
    "R2,AS,191212121212,20,inpatient,KIR,2021-06-01,2021-06-05,A01A,100000,,311,K35.8,2080\n"
    "R3,AS,191212121212,20,inpatient,KIR,2021-12-10,2021-12-12,B02B,35000,,311,K35.8,2080\n";

class SettleCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("settle-cli");
    vardavtal::testing::write_billing_catalogue(dir_);
    write(dir_ / "agreements" / "a2021.toml",
          "id = \"NORRA21\"\nseller = \"AS\"\nyear = 2021\nprice_list = 1\npoint_price = 60000\n"
          "[settlement]\nshare = \"1/3\"\nbasis = \"kpp\"\n"
          "[commitment]\npoints = { \"04\" = 3.0, \"20\" = 1.0 }\nshortfall_share = 0.5\n"
          "cap_points = { \"20\" = 1.0 }\nabove_cap_share = 0.5\n");
    write(dir_ / "records.csv", vardavtal::testing::records_header() + kRecords);
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The settle run's rows as CSV (a dry run) or the run itself.
  std::string settle(const std::string& args, int* status = nullptr) {
    return run(bin_ + "settle --year 2021 " + args, status);
  }
  // Invoices of kind `kind` as "number,type,buyer,total" lines.
  std::string invoices_of(const std::string& kind) {
    std::string out;
    const boost::json::value all = boost::json::parse(run(bin_ + "invoices --format json"));
    for (const auto& v : all.as_array())
      if (v.at("kind").as_string() == kind)
        out += std::string(v.at("number").as_string()) + "," +
               std::string(v.at("type").as_string()) + "," +
               std::string(v.at("buyer").as_string()) + "," +
               std::string(v.at("total").as_string()) + "\n";
    return out;
  }
  void import_records(const std::string& rows) {
    write(dir_ / "more.csv", vardavtal::testing::records_header() + rows);
    ASSERT_EQ(run(bin_ + "import --quiet records " + (dir_ / "more.csv").string() +
                  " >/dev/null && echo ok"),
              "ok\n");
  }
  fs::path dir_;
  std::string bin_;
};

TEST_F(SettleCli, RefusesAYearWhoseDecemberIsNotBilled) {
  run(bin_ + "bill --through 2021-11");
  int status = 0;
  const std::string out = settle("2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("vardavtal: avräkningen nekad: AS: 2021 är fakturerat till och med 2021-11; "
                     "settle kräver årets alla tolv månader fakturerade (kör först bill --through "
                     "2021-12)"),
            std::string::npos)
      << out;
  EXPECT_EQ(invoices_of("settlement") + invoices_of("commitment"), "");
}

TEST_F(SettleCli, SettlesTheCostDifferenceAndTheCommitmentOnce) {
  run(bin_ + "bill --through 2021-12");
  // Settlement, share 1/3:
  //   04: C 40 000.00, I 30 018.00: round(9 982.00 / 3) = 3 327.33 invoiced.
  //   20: C 135 000.00, I 150 018.00: round(−15 018.00 / 3) = −5 006.00 credited.
  // Commitment, P 60 000, shares 0.5:
  //   04: 3 committed, 0.5003 delivered: 2.4997 × 60 000 × 0.5 = 74 991.00 invoiced.
  //   20: 2.5003 delivered, cap 1: 1.5003 × 60 000 × 0.5 = 45 009.00 credited.
  EXPECT_EQ(settle("--dry-run --format csv"),
            "seller,buyer,kind,kpp_cost,invoiced,share,committed_points,delivered_points,due,"
            "settled_before,amount\n"
            "AS,04,settlement,40000.00,30018.00,1/3,,,3327.33,0.00,3327.33\n"
            "AS,04,commitment,,,,3.0000,0.5003,74991.00,0.00,74991.00\n"
            "AS,20,settlement,135000.00,150018.00,1/3,,,-5006.00,0.00,-5006.00\n"
            "AS,20,commitment,,,,1.0000,2.5003,-45009.00,0.00,-45009.00\n");
  EXPECT_EQ(invoices_of("settlement"), "");  // the dry run wrote nothing

  int status = 0;
  settle("", &status);
  ASSERT_EQ(status, 0);
  // Care invoices are 0300000001-3 (March, June, December); the true-ups follow.
  EXPECT_EQ(invoices_of("settlement"),
            "0300000004,invoice,04,3327.33\n0300000006,credit,20,5006.00\n");
  EXPECT_EQ(invoices_of("commitment"),
            "0300000005,invoice,04,74991.00\n0300000007,credit,20,45009.00\n");
  // Again: nothing to issue.
  const std::string again = settle("");
  EXPECT_NE(again.find("AS      04     settlement"), std::string::npos) << again;
  EXPECT_EQ(invoices_of("settlement") + invoices_of("commitment"),
            "0300000004,invoice,04,3327.33\n0300000006,credit,20,5006.00\n"
            "0300000005,invoice,04,74991.00\n0300000007,credit,20,45009.00\n");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

// The buyer's bought table shows the true-ups of the agreement year in their
// own columns, in the year's total: Dalarna (20) bought 150 018.00 of care,
// settlement −5 006.00 and commitment −45 009.00: 100 003.00.
TEST_F(SettleCli, TheBoughtTableShowsTheTrueUps) {
  run(bin_ + "bill --through 2021-12");
  settle("");
  EXPECT_EQ(run(bin_ + "followup bought --buyer 20 --year 2021 --format csv"),
            "seller,healthcare_region,with_referral_2021,without_referral_2021,"
            "subscription_2021,settlement_2021,commitment_2021,bought_2021,bought_2020,diff,"
            "diff_pct,seller_code\n"
            "Akademiska sjukhuset,inside,0,15001800,0,-500600,-4500900,10000300,0,10000300,,AS\n"
            "inside_total,inside,0,15001800,0,-500600,-4500900,10000300,0,10000300,,\n"
            "outside_total,outside,0,0,0,0,0,0,0,0,,\n"
            "total,,0,15001800,0,-500600,-4500900,10000300,0,10000300,,\n");
  // The seller's invoiced table shows care and subscriptions only.
  const std::string invoiced = run(bin_ + "followup invoiced --seller AS --year 2021 --format csv");
  EXPECT_NE(invoiced.find(",15001800,"), std::string::npos) << invoiced;
}

// The seller's workbook has the commitment sheet when its agreement commits
// buyers; the table's JSON tells readers it is in kronor with 2 point decimals.
TEST_F(SettleCli, TheWorkbookHasTheCommitmentSheet) {
  run(bin_ + "bill --through 2021-12");
  const std::string xlsx = (dir_ / "all.xlsx").string();
  ASSERT_EQ(run(bin_ + "followup all --seller AS --year 2021 --out " + xlsx + " && echo ok"),
            "ok\n");
  const std::string sheets =
      run("python3 -c \"import zipfile, re; print(re.findall(r'sheet name=\\\"([^\\\"]+)\\\"', "
          "zipfile.ZipFile('" + xlsx + "').read('xl/workbook.xml').decode()))\"");
  EXPECT_NE(sheets.find("'Kostnad per poäng', 'Volymåtagande', 'Topp 10 Sörmland'"),
            std::string::npos)
      << sheets;
  const boost::json::value t =
      boost::json::parse(run(bin_ + "followup commitment --seller AS --year 2021 --format json"));
  EXPECT_EQ(t.at("money_unit").as_string(), "kr");
  EXPECT_EQ(t.at("point_decimals").as_int64(), 2);
}

TEST_F(SettleCli, ASettledYearCorrectedLaterIssuesOnlyTheDifference) {
  run(bin_ + "bill --through 2021-12");
  settle("");
  // R2 is corrected to B02B (0.5003 points, 30 018.00) and billed in January 2022:
  // 20's I = 30 018.00 + 30 018.00 = 60 036.00, C still 135 000.00:
  //   settlement round(74 964.00 / 3) = 24 988.00, less −5 006.00 settled: 29 994.00 invoiced.
  //   delivered 1.0006, 0.0006 above the cap: −18.00, less −45 009.00: 44 991.00 invoiced.
  // 04 is unchanged: nothing.
  import_records(
      "R2,AS,191212121212,20,inpatient,KIR,2021-06-01,2021-06-05,B02B,100000,,311,K35.8,2080\n");
  run(bin_ + "bill --through 2022-01");
  EXPECT_EQ(settle("--dry-run --format csv"),
            "seller,buyer,kind,kpp_cost,invoiced,share,committed_points,delivered_points,due,"
            "settled_before,amount\n"
            "AS,04,settlement,40000.00,30018.00,1/3,,,3327.33,3327.33,0.00\n"
            "AS,04,commitment,,,,3.0000,0.5003,74991.00,74991.00,0.00\n"
            "AS,20,settlement,135000.00,60036.00,1/3,,,24988.00,-5006.00,29994.00\n"
            "AS,20,commitment,,,,1.0000,1.0006,-18.00,-45009.00,44991.00\n");
  settle("");
  // 0300000008-9: January's credit note and care invoice; then the differences.
  EXPECT_EQ(invoices_of("settlement"),
            "0300000004,invoice,04,3327.33\n0300000006,credit,20,5006.00\n"
            "0300000010,invoice,20,29994.00\n");
  EXPECT_EQ(invoices_of("commitment"),
            "0300000005,invoice,04,74991.00\n0300000007,credit,20,45009.00\n"
            "0300000011,invoice,20,44991.00\n");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

// `settle` commits once per seller: killed at any point and run again, it
// issues exactly what an uninterrupted run does, with gapless numbers.
TEST_F(SettleCli, SettleKilledAtRandomPointsIssuesWhatOneRunDoes) {
  run(bin_ + "bill --through 2021-12");
  const fs::path db = dir_ / "b.db", before = dir_ / "before.db";
  fs::copy_file(db, before);
  const std::string settle_cmd = bin_ + "settle --year 2021 >/dev/null";
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(run(settle_cmd + " && echo ok"), "ok\n");
  const auto span =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  const std::string reference = run(bin_ + "invoices --format csv");
  std::mt19937 rng(20261214);
  int killed = 0;
  for (int i = 0; i < 20 && (i < 5 || killed == 0); ++i) {
    fs::copy_file(before, db, fs::copy_options::overwrite_existing);
    for (const char* left : {"b.db-journal", "b.db-wal", "b.db-shm"}) fs::remove(dir_ / left);
    std::uniform_int_distribution<long> at(0, span.count());
    killed += vardavtal::testing::run_killed_after(settle_cmd, std::chrono::microseconds(at(rng)));
    ASSERT_EQ(run(settle_cmd + " && echo ok"), "ok\n") << i;
    ASSERT_EQ(run(bin_ + "invoices --format csv"), reference) << "kill " << i;
    ASSERT_EQ(run(bin_ + "verify"), "OK\n") << "kill " << i;
  }
  EXPECT_GT(killed, 0);
}

// A committed buyer that bought nothing owes the whole shortfall; terms a
// later version of the agreement no longer has are undone: 21 committed to 1
// point and delivered none: 1 × 60 000 × 0.5 = 30 000.00 invoiced. Then the
// commitment is dropped: 04's 74 991.00 is credited back, 20's −45 009.00 and
// 21's 30 000.00 undone; the settlement stays.
TEST_F(SettleCli, ACommittedBuyerWithoutCareAndTermsDroppedLater) {
  const std::string terms =
      "id = \"NORRA21\"\nseller = \"AS\"\nyear = 2021\nprice_list = 1\npoint_price = 60000\n"
      "[settlement]\nshare = \"1/3\"\nbasis = \"kpp\"\n";
  write(dir_ / "agreements" / "a2021.toml",
        terms +
            "[commitment]\npoints = { \"04\" = 3.0, \"20\" = 1.0, \"21\" = 1.0 }\n"
            "shortfall_share = 0.5\ncap_points = { \"20\" = 1.0 }\nabove_cap_share = 0.5\n");
  const std::string import = bin_ + "import --quiet agreement " +
                             (dir_ / "agreements" / "a2021.toml").string() +
                             " >/dev/null && echo ok";
  ASSERT_EQ(run(import), "ok\n");
  run(bin_ + "bill --through 2021-12");
  settle("");
  EXPECT_EQ(invoices_of("commitment"),
            "0300000005,invoice,04,74991.00\n0300000007,credit,20,45009.00\n"
            "0300000008,invoice,21,30000.00\n");
  write(dir_ / "agreements" / "a2021.toml", terms);
  ASSERT_EQ(run(import), "ok\n");
  EXPECT_EQ(settle("--dry-run --format csv"),
            "seller,buyer,kind,kpp_cost,invoiced,share,committed_points,delivered_points,due,"
            "settled_before,amount\n"
            "AS,04,settlement,40000.00,30018.00,1/3,,,3327.33,3327.33,0.00\n"
            "AS,04,commitment,,,,0.0000,0.5003,0.00,74991.00,-74991.00\n"
            "AS,20,settlement,135000.00,150018.00,1/3,,,-5006.00,-5006.00,0.00\n"
            "AS,20,commitment,,,,0.0000,2.5003,0.00,-45009.00,45009.00\n"
            "AS,21,settlement,0.00,0.00,1/3,,,0.00,0.00,0.00\n"
            "AS,21,commitment,,,,0.0000,0.0000,0.00,30000.00,-30000.00\n");
  settle("");
  EXPECT_EQ(invoices_of("commitment"),
            "0300000005,invoice,04,74991.00\n0300000007,credit,20,45009.00\n"
            "0300000008,invoice,21,30000.00\n0300000009,credit,04,74991.00\n"
            "0300000010,invoice,20,45009.00\n0300000011,credit,21,30000.00\n");
  const std::string credit = run(bin_ + "invoice 0300000009 --format csv");
  EXPECT_NE(credit.find("Volymåtagande 2021: inget åtagande för regionen i avtalet = 0,00; "
                        "tidigare reglerat 74 991,00"),
            std::string::npos)
      << credit;
  EXPECT_NE(credit.find(",0300000005,"), std::string::npos) << credit;  // credits that invoice
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

// A correction imported after billing waits for the next month: settle
// refuses until it is billed, since it changes what was invoiced.
TEST_F(SettleCli, RefusesWhileACorrectionWaitsToBeBilled) {
  run(bin_ + "bill --through 2021-12");
  import_records(
      "R2,AS,191212121212,20,inpatient,KIR,2021-06-01,2021-06-05,B02B,100000,,311,K35.8,2080\n");
  int status = 0;
  const std::string out = settle("2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("AS: 2 rättelser eller sena vårdkontakter väntar på nästa faktureringsmånad; "
                     "fakturera dem först (bill --through 2022-01), avräkna sedan"),
            std::string::npos)
      << out;
  EXPECT_EQ(invoices_of("settlement"), "");
  run(bin_ + "bill --through 2022-01");
  EXPECT_EQ(settle("2>&1", &status).find("refused"), std::string::npos);
  EXPECT_EQ(status, 0);
  const std::string early = settle("--issue-date 2021-12-31 2>&1", &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(early.find("--issue-date ska ligga efter det avräknade året, inte 2021-12-31"),
            std::string::npos)
      << early;
}

// While another run holds the database's run lock (here flock(1) on the
// lock file, as a running `bill` does), bill and settle refuse at once and
// issue nothing; once it is released they run.
TEST_F(SettleCli, BillAndSettleRefuseWhileAnotherRunHoldsTheLock) {
  const std::string lock = "flock " + (dir_ / "b.db.lock").string() + " ";
  int status = 0;
  const std::string bill = run(lock + bin_ + "bill --through 2021-12 2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(bill.find("kan inte köra bill: en annan bill eller settle körs mot databasen; kör igen "
                      "när den är klar"),
            std::string::npos)
      << bill;
  EXPECT_EQ(run(bin_ + "invoices --format csv"),
            "number,type,kind,seller,buyer,period,issue_date,due_date,spec_id,reference_invoice,"
            "total,lines,late_lines\n");
  run(bin_ + "bill --through 2021-12");
  const std::string settled = run(lock + bin_ + "settle --year 2021 2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(settled.find("kan inte köra settle: en annan bill eller settle"), std::string::npos)
      << settled;
  EXPECT_EQ(invoices_of("settlement"), "");
  settle("", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(invoices_of("settlement"), "");
}

TEST_F(SettleCli, ABilledRecordWithoutKppCostMakesTheYearUnsettleable) {
  import_records(
      "R4,AS,191212121212,04,inpatient,ONK,2021-04-02,2021-04-04,B02B,,,221,C50.9,0480\n");
  run(bin_ + "bill --through 2021-12");
  int status = 0;
  const std::string out = settle("2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("AS: 2021 kan inte avräknas: 1 fakturerad vårdkontakt saknar KPP-kostnad "
                     "(importera dess kpp_cost och fakturera): R4"),
            std::string::npos)
      << out;
  EXPECT_EQ(invoices_of("settlement") + invoices_of("commitment"), "");
  // Its KPP cost arrives later; the invoiced amount does not change, so
  // nothing is billed again, and the year settles: 04's C = 80 000.00,
  // I = 60 036.00: round(19 964.00 / 3) = 6 654.67.
  import_records(
      "R4,AS,191212121212,04,inpatient,ONK,2021-04-02,2021-04-04,B02B,40000,,221,C50.9,0480\n");
  const std::string csv = settle("--dry-run --format csv");
  EXPECT_NE(csv.find("AS,04,settlement,80000.00,60036.00,1/3,,,6654.67,0.00,6654.67\n"),
            std::string::npos)
      << csv;
}

TEST_F(SettleCli, TheDocumentsShowTheComputationAndPassPeppol) {
  run(bin_ + "bill --through 2021-12");
  settle("");
  // The settlement invoice to 04 and the commitment credit note to 20.
  const std::string csv = run(bin_ + "invoice 0300000004 --format csv");
  EXPECT_NE(csv.find("Efterreglering 2021: 1/3 × (KPP-kostnad 40 000,00 − fakturerat 30 018,00) "
                     "= 3 327,33"),
            std::string::npos)
      << csv;
  const std::string credit = run(bin_ + "invoice 0300000007 --format csv");
  EXPECT_NE(credit.find("Volymåtagande 2021: åtagande 1 poäng, levererat 2,5003, tak 1, över taket "
                        "1,5003 → kredit 45 009,00; avräkning -45 009,00"),
            std::string::npos)
      << credit;
  int status = 0;
  const std::string spec =
      run(bin_ + "invoice 0300000004 --format fakturaunderlag 2>&1", &status);
  EXPECT_EQ(status, 2) << spec;  // no patient data: no fakturaunderlag
  std::string files;
  for (const char* n : {"0300000004", "0300000007"}) {
    const std::string f = (dir_ / (std::string(n) + ".xml")).string();
    ASSERT_EQ(run(bin_ + "invoice " + n + " --format peppol --out " + f + " && echo ok"), "ok\n");
    files += " " + f;
  }
  const std::string out = run(std::string(VARDAVTAL_BINARY) + " check-peppol" + files, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("0300000007.xml [CreditNote] schema=ok EN16931=0 PEPPOL-EN16931=0"),
            std::string::npos)
      << out;
  const std::string xml = run("cat " + (dir_ / "0300000004.xml").string());
  EXPECT_NE(xml.find("<cbc:StartDate>2021-01-01</cbc:StartDate>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<cbc:EndDate>2021-12-31</cbc:EndDate>"), std::string::npos) << xml;
  const fs::path xlsx = dir_ / "s.xlsx";
  EXPECT_EQ(run(bin_ + "invoice 0300000004 --format xlsx --out " + xlsx.string() + " && echo ok"),
            "ok\n");
  EXPECT_GT(fs::file_size(xlsx), 0u);
}

}  // namespace

// Month-end (docs/erp.md): a true-up belongs to the month before its issue
// date, the seller's last billed month. Settling into a closed month is
// refused; settled before the close, the true-ups are in that month's status
// and SIE file, never in December's, which was booked already.
TEST_F(SettleCli, TrueUpsBelongToTheMonthTheyAreIssuedAfterNeverToAClosedOne) {
  run(bin_ + "bill --through 2022-01");
  run(bin_ + "close --seller AS --period 2021-12");
  run(bin_ + "close --seller AS --period 2022-01");
  int status = 0;
  std::string out = settle("", &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("AS: 2022-01 är stängd, och en avräkning som utfärdas nu hör till den; "
                     "fakturera först nästa månad (bill --through 2022-02)"),
            std::string::npos)
      << out;
  EXPECT_EQ(invoices_of("settlement"), "");
  run(bin_ + "bill --through 2022-02");
  settle("", &status);
  ASSERT_EQ(status, 0);
  // Issued 2022-03-01: they belong to 2022-02, not to the closed December.
  const boost::json::value months =
      boost::json::parse(run(bin_ + "status --seller AS --format json"));
  for (const auto& m : months.as_array()) {
    if (m.at("period").as_string() == "2021-12") {
      EXPECT_EQ(m.at("invoices").as_int64(), 1) << m;
    }
    if (m.at("period").as_string() == "2022-02") {
      EXPECT_EQ(m.at("invoices").as_int64(), 2) << m;      // 04's settlement and commitment
      EXPECT_EQ(m.at("credit_notes").as_int64(), 2) << m;  // 20's
      // 3 327.33 + 74 991.00 − 5 006.00 − 45 009.00
      EXPECT_EQ(m.at("net").as_string(), "28303.33") << m;
    }
  }
  write(dir_ / "accounts.toml",
        "[receivable]\naccount = \"1510\"\n[revenue.care]\naccount = \"3611\"\n"
        "[revenue.items]\naccount = \"3612\"\n[revenue.settlement]\naccount = \"3614\"\n"
        "[revenue.commitment]\naccount = \"3615\"\n[dimension]\nnumber = 8\nname = \"Kund\"\n");
  out = run(bin_ + "sie --seller AS --period 2022-02 --force --accounts " +
                (dir_ / "accounts.toml").string() + " --out " + (dir_ / "feb.si").string(),
            &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("4 verifikationer (fakturor 0300000004-0300000007)"), std::string::npos)
      << out;
}
