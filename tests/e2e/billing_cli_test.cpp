// End-to-end: `bill`, `invoices`, `invoice`, `verify` through the real binary
// on a small hand-computed fixture: first billing, an idempotent re-run, the
// three corrections (county, amounts, DRG) with credit notes, late lines, and
// verify catching a tampered ledger.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

const std::string kHeader = vardavtal::testing::records_header();

class BillingCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("billing-cli");
    vardavtal::testing::write_billing_catalogue(dir_);
    write(dir_ / "records.csv", vardavtal::testing::billing_records());
    write(dir_ / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\n");
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  boost::json::array invoices() {
    return boost::json::parse(run(bin_ + "invoices --format json")).as_array();
  }
  // Lasarettet i Enköping (ENK) with a 2021 agreement at 40 000 kr a point
  // and `records` (CSV lines) of its own, all imported.
  void add_enk(const std::string& records) {
    write(dir_ / "agreements" / "enk2021.toml",
          "id = \"ENK21\"\nseller = \"ENK\"\nyear = 2021\nprice_list = 2\npoint_price = 40000\n");
    std::ofstream(dir_ / "records.csv", std::ios::app) << records;
    ASSERT_EQ(run(bin_ + "import --quiet all " + dir_.string() + " >/dev/null && echo ok"), "ok\n");
  }
  // Runs `sql` on the test's database with the sqlite3 shell (to look into
  // it, or to tamper with it): its output, errors included ("" for a
  // statement that succeeded).
  std::string sqlite(const std::string& sql) {
    return run("sqlite3 '" + (dir_ / "b.db").string() + "' \"" + sql + "\"");
  }
  // Bills through 2021-03, imports R3 with its fee 200 -> 400 and bills
  // 2021-04: R3's line of 0300000007 credited (reason 2) and billed anew.
  void bill_with_r3_credited() {
    run(bin_ + "bill --through 2021-03");
    write(dir_ / "fix.csv",
          std::string(kHeader) +
              "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,400,341,I35.0,0480\n");
    run(bin_ + "import records " + (dir_ / "fix.csv").string());
    run(bin_ + "bill --through 2021-04");
  }
  fs::path dir_;
  std::string bin_;
};

TEST_F(BillingCli, FirstRunMonthlyInvoicesNumbersAndSubscription) {
  int status = 0;
  run(bin_ + "bill --through 2021-03", &status);
  ASSERT_EQ(status, 0);
  auto inv = invoices();
  // Months 2020-02 .. 2021-03: care invoices 2020-02 (04: R7), 2020-06 (20: R6), 2021-03 (04: R3;
  // 20: R1); subscription invoices 2021-01..03 for 04 and 20 (AGR20 has none): 10 documents,
  // numbered 0300000001.. gapless (AS belongs to region 03).
  ASSERT_EQ(inv.size(), 10u);
  for (size_t i = 0; i < inv.size(); ++i) {
    char expected[16];
    std::snprintf(expected, sizeof expected, "03%08zu", i + 1);
    EXPECT_EQ(inv[i].at("number").as_string(), expected) << i;
  }
  const auto& first = inv[0].as_object();
  EXPECT_EQ(first.at("period").as_string(), "2020-02");
  EXPECT_EQ(first.at("buyer").as_string(), "04");
  EXPECT_EQ(first.at("issue_date").as_string(), "2020-03-01");  // the day after the month
  EXPECT_EQ(first.at("due_date").as_string(), "2020-03-31");    // 30 days later
  // R7: 0.5003 × 49 000 = 24 514.70 (AGR20 fully variable).
  EXPECT_EQ(first.at("total").as_string(), "24514.70");
  // ZVF + Region Uppsala 2321000024 + YYMM 2002 + counter 000001 = 23 characters.
  EXPECT_EQ(first.at("spec_id").as_string(), "ZVF23210000242002000001");
  // 2021-01: subscription S(04) = round(0.5 × 24 514.70 × 1.02) = 12 502.50 -> 1 041.87 a month.
  const auto& sub04 = inv[2].as_object();
  EXPECT_EQ(sub04.at("kind").as_string(), "subscription");
  EXPECT_EQ(sub04.at("total").as_string(), "1041.87");
  EXPECT_TRUE(sub04.at("spec_id").is_null());
  // 2021-03 care invoices: 04 then 20. R3: round(0.5 × 25 015) + 3 001 − 200 = 15 308.50;
  // R1: 0.5 × 100 000 = 50 000.00.
  EXPECT_EQ(inv[6].at("total").as_string(), "15308.50");
  EXPECT_EQ(inv[7].at("total").as_string(), "50000.00");
  EXPECT_EQ(inv[7].at("spec_id").as_string(), "ZVF23210000242103000002");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");

  // Idempotent: a second run issues nothing.
  std::string again = run(bin_ + "bill --through 2021-03", &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(invoices().size(), 10u) << again;
}

TEST_F(BillingCli, CorrectionsGiveCreditNotesWithReasonCodesAndRebill) {
  run(bin_ + "bill --through 2021-03");
  // New versions: R1 moves to county 21 (reason 1), R3's fee 200 -> 400 (same DRG: 2),
  // R6 (2020) gets DRG B02B (reason 3).
  write(dir_ / "fix.csv",
        std::string(kHeader) +
            "R1,AS,191212121212,21,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2180\n"
            "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,400,341,I35.0,0480\n"
            "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,B02B,90000,,341,I35.0,2080\n");
  std::string imp = run(bin_ + "import records " + (dir_ / "fix.csv").string());
  ASSERT_NE(imp.find("0 nya, 3 ändrade, 0 oförändrade"), std::string::npos) << imp;
  // Months up to 2021-03 are closed: the corrections wait for 2021-04.
  std::string waiting = run(bin_ + "bill --through 2021-03");
  EXPECT_NE(waiting.find("6 poster väntar"), std::string::npos) << waiting;
  EXPECT_EQ(invoices().size(), 10u);

  run(bin_ + "bill --through 2021-04");
  auto inv = invoices();
  // 2021-04: care invoices 04 (R3 anew), 20 (R6 anew), 21 (R1 anew); credit notes for
  // originals 0300000002 (R6), 0300000007 (R3), 0300000008 (R1); subscriptions 04, 20.
  ASSERT_EQ(inv.size(), 18u);
  auto obj = [&](size_t i) { return inv[i].as_object(); };
  EXPECT_EQ(obj(12).at("buyer").as_string(), "21");
  EXPECT_EQ(obj(12).at("total").as_string(), "50000.00");
  EXPECT_EQ(obj(10).at("total").as_string(), "15108.50");  // 15 308.50 with 200 more fee
  // R6 anew: 0.5003 × 49 000 = 24 514.70 (2020 agreement), late: billed 2020-06-03, issued
  // 2021-05-01, more than six months later.
  EXPECT_EQ(obj(11).at("total").as_string(), "24514.70");
  EXPECT_EQ(obj(11).at("late_lines").as_int64(), 1);
  const std::pair<const char*, int> credits[] = {
      {"0300000002", 3}, {"0300000007", 2}, {"0300000008", 1}};
  for (size_t c = 0; c < 3; ++c) {
    const auto& cn = obj(13 + c);
    EXPECT_EQ(cn.at("type").as_string(), "credit");
    EXPECT_EQ(cn.at("reference_invoice").as_string(), credits[c].first);
    auto doc = boost::json::parse(run(bin_ + "invoice " + std::string(cn.at("number").as_string()) +
                                      " --format json"))
                   .as_object();
    const auto& line = doc.at("lines").as_array()[0].as_object();
    EXPECT_EQ(line.at("reference_invoice").as_string(), credits[c].first);
    EXPECT_EQ(line.at("reference_line").as_int64(), 1);
    EXPECT_EQ(line.at("reason_code").as_int64(), credits[c].second);
  }
  // The county change credits the old buyer 20 with R1's whole 50 000.00, as a positive amount.
  EXPECT_EQ(obj(15).at("buyer").as_string(), "20");
  EXPECT_EQ(obj(15).at("total").as_string(), "50000.00");
  // S was fixed by the first 2021 run: R6's change does not move the installment.
  EXPECT_EQ(obj(17).at("kind").as_string(), "subscription");
  EXPECT_EQ(obj(17).at("total").as_string(), "4165.00");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

// A record id is the seller's own: ENK's R3 is not AS's R3, and every query
// that finds a record's care posting in force compares the seller too. ENK is
// billed first, so its R3 posting comes first among the postings of that id
// (in rowid order: this test runs on SQLite), and a probe that left out the
// seller would find it for AS's correction. AS's correction credits and
// rebills AS's line only.
TEST_F(BillingCli, ACorrectionReversesOnlyItsSellersPostingOfASharedRecordId) {
  ASSERT_NO_FATAL_FAILURE(
      add_enk("R3,ENK,191212121212,04,doctor_visit,K,2021-03-02,,B02B,,,341,I35.0,0480\n"));
  run(bin_ + "bill --seller ENK --through 2021-03");
  run(bin_ + "bill --through 2021-03");
  auto enk = [&] {
    return boost::json::parse(run(bin_ + "invoices --seller ENK --format json")).as_array();
  };
  // 0.5003 × 40 000 = 20 012.00.
  const boost::json::array before = enk();
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].at("total").as_string(), "20012.00");

  write(dir_ / "fix.csv",
        std::string(kHeader) +
            "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,400,341,I35.0,0480\n");
  run(bin_ + "import records " + (dir_ / "fix.csv").string());
  run(bin_ + "bill --through 2021-04");
  // AS: March's R3, 15 308.50 with its items, credited; 15 108.50 anew (the
  // fee 200 more).
  const auto as = boost::json::parse(run(bin_ + "invoices --seller AS --period 2021-04 --format "
                                                "json"))
                      .as_array();
  std::multiset<std::string> care;
  for (const auto& v : as)
    if (v.at("kind").as_string() == "care")
      care.insert(std::string(v.at("type").as_string()) + " " +
                  std::string(v.at("total").as_string()));
  EXPECT_EQ(care, (std::multiset<std::string>{"credit 15308.50", "invoice 15108.50"}));
  // ENK: still its one invoice, no credit note.
  const boost::json::array after = enk();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].at("type").as_string(), "invoice");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(BillingCli, AWithdrawnRecordIsCreditedWithReasonNineAndBilledNoMore) {
  run(bin_ + "bill --through 2021-03");
  // R3 (billed on 0300000007: 15 308.50) was registered in error: a new version with
  // cancelled = 1 (billing rules §2).
  write(dir_ / "withdraw.csv",
        vardavtal::testing::records_header(",cancelled") +
            "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,200,341,I35.0,0480,1\n");
  std::string imp = run(bin_ + "import records " + (dir_ / "withdraw.csv").string());
  ASSERT_NE(imp.find("0 nya, 1 ändrad, 0 oförändrade"), std::string::npos) << imp;
  run(bin_ + "bill --through 2021-04");
  auto inv = invoices();
  // 2021-04: the credit note of R3's line and the two subscriptions; no care invoice.
  ASSERT_EQ(inv.size(), 13u) << boost::json::serialize(inv);
  const auto& cn = inv[10].as_object();
  EXPECT_EQ(cn.at("type").as_string(), "credit");
  EXPECT_EQ(cn.at("buyer").as_string(), "04");
  EXPECT_EQ(cn.at("reference_invoice").as_string(), "0300000007");
  EXPECT_EQ(cn.at("total").as_string(), "15308.50");
  auto doc = boost::json::parse(run(bin_ + "invoice " + std::string(cn.at("number").as_string()) +
                                    " --format json"))
                 .as_object();
  ASSERT_EQ(doc.at("lines").as_array().size(), 1u);
  EXPECT_EQ(doc.at("lines").as_array()[0].at("reason_code").as_int64(), 9);
  for (size_t i = 11; i < 13; ++i) EXPECT_EQ(inv[i].at("kind").as_string(), "subscription") << i;
  // Nothing more: a re-run and the next month bill nothing for R3, and the ledger holds.
  run(bin_ + "bill --through 2021-05");
  for (const auto& v : invoices())
    EXPECT_FALSE(v.at("kind").as_string() == "care" && v.at("type").as_string() == "invoice" &&
                 v.at("period").as_string() >= "2021-04")
        << boost::json::serialize(v);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(BillingCli, AWithdrawalDatedLaterIsCreditedByTheNextRunAndCountsInNoBaseValue) {
  run(bin_ + "bill --through 2021-03");
  // R1 (billed in 2021-03 to 20) withdrawn by a version dated 2021-08: the next run, through
  // 2021-04, credits it (billing rules §2: the next run), not the run that reaches August.
  // R6 (billed in 2020-06) withdrawn too: it also leaves 2021's subscription base value.
  write(dir_ / "withdraw.csv",
        vardavtal::testing::records_header(",cancelled") +
            "R1,AS,191212121212,20,inpatient,K,2021-08-01,2021-08-05,A01A,100000,,341,I35.0,"
            "2080,1\n"
            "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,"
            "2080,1\n");
  run(bin_ + "import records " + (dir_ / "withdraw.csv").string());
  run(bin_ + "bill --through 2021-04");
  int credited = 0;
  const boost::json::value credits = boost::json::parse(run(bin_ + "credits --format json"));
  for (const auto& v : credits.as_array()) {
    EXPECT_EQ(v.at("reason_code").as_int64(), 9) << boost::json::serialize(v);
    EXPECT_EQ(v.at("period").as_string(), "2021-04");
    ++credited;
  }
  EXPECT_EQ(credited, 2);
  // price and explain say so; the 2021 subscription's base year 2020 no longer counts R6.
  EXPECT_NE(run(bin_ + "price --seller AS --format csv")
                .find("withdrawn: registered in error (cancelled = 1)"),
            std::string::npos);
  EXPECT_NE(
      run(bin_ + "explain --seller AS --record R1").find("\nMAKULERAD: registrerad av misstag"),
      std::string::npos);
  const std::string sub = run(bin_ + "subscription --seller AS --year 2021 --format csv");
  EXPECT_EQ(sub.find("98000.00"), std::string::npos) << sub;
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(BillingCli, SearchFindsAPatientsAndAContactsLinesAndIsLogged) {
  bill_with_r3_credited();
  // R3: billed on 0300000007, credited (reason 2) and billed anew.
  auto lines = [&](const std::string& args) {
    return boost::json::parse(run(bin_ + "search --format json " + args)).as_array();
  };
  const boost::json::array r3 = lines("--record R3");
  ASSERT_EQ(r3.size(), 3u) << boost::json::serialize(r3);
  EXPECT_EQ(r3[0].at("number").as_string(), "0300000007");
  EXPECT_EQ(r3[0].at("type").as_string(), "invoice");
  int credits = 0;
  for (const auto& v : r3)
    if (v.at("type").as_string() == "credit") {
      ++credits;
      EXPECT_EQ(v.at("reference_invoice").as_string(), "0300000007");
      EXPECT_EQ(v.at("reason_code").as_int64(), 2);
    }
  EXPECT_EQ(credits, 1);
  // The patient (written with a hyphen) has R1, R3 (three lines), R6 and R7: six lines; a
  // buyer's scope keeps region 04's (R3's three and R7).
  EXPECT_EQ(lines("--patient 19121212-1212").size(), 6u);
  EXPECT_EQ(lines("--patient 191212121212 --buyer 04").size(), 4u);
  EXPECT_EQ(lines("--record NOPE").size(), 0u);
  int status = 0;
  run(bin_ + "search --patient 1912121212", &status);  // ten digits: not a personnummer
  EXPECT_EQ(status, 2);
  const std::string table = run(bin_ + "search --record R3");
  EXPECT_NE(table.find("kreditfaktura"), std::string::npos) << table;
  EXPECT_NE(table.find("3 rader"), std::string::npos) << table;
  // In the access log, without the searched patient id in its text.
  const std::string log = run(bin_ + "access-log --patient 191212121212");
  EXPECT_NE(log.find("search patient"), std::string::npos) << log;
  EXPECT_EQ(log.find("search patient 19"), std::string::npos) << log;
}

TEST_F(BillingCli, CsvForPeopleIsSwedishExcelsDialect) {
  run(bin_ + "bill --through 2021-03");
  // --format csv-sv: a UTF-8 byte order mark, ';' between cells, decimal commas; the
  // machine CSV is unchanged.
  const std::string sv = run(bin_ + "invoices --format csv-sv --seller AS --period 2021-03");
  ASSERT_EQ(sv.rfind("\xEF\xBB\xBFnumber;type;kind;seller;buyer;", 0), 0u) << sv;
  EXPECT_NE(sv.find(";;15308,50;1;0\n"), std::string::npos) << sv;
  EXPECT_EQ(sv.find("15308.50"), std::string::npos) << sv;
  const std::string machine = run(bin_ + "invoices --format csv --seller AS --period 2021-03");
  EXPECT_EQ(machine.rfind("number,type,kind,", 0), 0u) << machine;
  EXPECT_NE(machine.find(",,15308.50,1,0\n"), std::string::npos) << machine;
  // The follow-up tables and the line listings too.
  const std::string followup =
      run(bin_ + "followup invoiced-split --seller AS --year 2021 --format csv-sv");
  EXPECT_EQ(followup.rfind("\xEF\xBB\xBF", 0), 0u) << followup;
  EXPECT_NE(followup.find(';'), std::string::npos) << followup;
  const std::string held = run(bin_ + "search --record R7 --format csv-sv");
  EXPECT_NE(held.find(";R7;2020-02-02;24514,70;"), std::string::npos) << held;
  int status = 0;
  run(bin_ + "price --format csv-sv", &status);  // machine listings keep csv only
  EXPECT_EQ(status, 2);
}

TEST_F(BillingCli, VerifyCatchesATamperedLedger) {
  run(bin_ + "bill --through 2021-03");
  ASSERT_EQ(run(bin_ + "verify"), "OK\n");
  ASSERT_EQ(sqlite("UPDATE postings SET amount = amount + 1 WHERE id = 1"), "");
  int status = 0;
  std::string out = run(bin_ + "verify", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("kontering 1 har ändrats sedan den bokfördes"), std::string::npos) << out;
  EXPECT_NE(
      out.find("faktura 0300000001 rad 1: radens belopp eller parter stämmer inte med konteringen"),
      std::string::npos)
      << out;
  // Invoice 0300000002's lines taken off their postings (a posting's row
  // holds its line, schema 027).
  ASSERT_EQ(sqlite("UPDATE postings SET number = NULL, line_no = NULL, line_amount = NULL, late "
                   "= NULL WHERE number = '0300000002'"),
            "");
  out = run(bin_ + "verify", &status);
  EXPECT_NE(out.find("kontering 2 finns inte på någon faktura"), std::string::npos) << out;
  EXPECT_NE(out.find("faktura 0300000002: summan, antalet rader eller sena rader stämmer inte"),
            std::string::npos)
      << out;
  // A second care posting in force for R7 (posting 1 copied): billed twice.
  EXPECT_EQ(out.find("mer än en gällande vårdkontering"), std::string::npos) << out;
  ASSERT_EQ(sqlite("CREATE TEMP TABLE c AS SELECT * FROM postings WHERE id = 1; UPDATE c SET id "
                   "= 1000, number = NULL, line_no = NULL; INSERT INTO postings SELECT * FROM c"),
            "");
  out = run(bin_ + "verify", &status);
  EXPECT_NE(
      out.find("vårdkontakt AS R7 har mer än en gällande vårdkontering (fakturerad två gånger)"),
      std::string::npos)
      << out;
  // Posting 3's line without its line number (half a line) and with another
  // amount than its posting's: both found, the line named "rad ?".
  EXPECT_EQ(out.find("kontering 3: dess fakturarad saknar"), std::string::npos) << out;
  ASSERT_EQ(
      sqlite("UPDATE postings SET line_no = NULL, line_amount = line_amount + 1 WHERE id = 3"), "");
  out = run(bin_ + "verify", &status);
  EXPECT_NE(
      out.find("kontering 3: dess fakturarad saknar radnummer, belopp eller uppgift om sen rad"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("rad ?: radens belopp eller parter stämmer inte med konteringen"),
            std::string::npos)
      << out;
}

TEST_F(BillingCli, VerifyChecksTheFollowupAggregatesAndInitFillsThemIn) {
  run(bin_ + "bill --through 2021-03");
  const std::string contacts = run(bin_ + "followup contacts --seller AS --year 2021 --format csv");
  const std::string split =
      run(bin_ + "followup invoiced-split --seller AS --year 2021 --format csv");
  ASSERT_EQ(sqlite("UPDATE followup_facts SET contacts = contacts + 1 WHERE care_type = "
                   "'inpatient' AND billing_year = 2021"),
            "");
  int status = 0;
  std::string out = run(bin_ + "verify", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("uppföljningsaggregatet AS/20 2021 2021 inpatient"), std::string::npos) << out;
  EXPECT_NE(out.find("stämmer inte med dess konteringar"), std::string::npos) << out;
  // A ledger of schema 005 whose aggregates were lost: init's migration 006
  // recomputes them.
  ASSERT_EQ(sqlite("DELETE FROM followup_facts; DELETE FROM schema_migrations WHERE number >= 6"),
            "");
  EXPECT_NE(run(bin_ + "init").find("follow-up aggregates of the existing ledger: "),
            std::string::npos);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
  EXPECT_EQ(run(bin_ + "followup contacts --seller AS --year 2021 --format csv"), contacts);
  EXPECT_EQ(run(bin_ + "followup invoiced-split --seller AS --year 2021 --format csv"), split);
  EXPECT_EQ(run(bin_ + "init").find("follow-up aggregates"), std::string::npos);  // once
}

// A ledger of schema 026, whose invoice lines were a table of their own:
// init's migration 027 moves each line into its posting's row, and the
// lines, the invoices and credit notes and `verify` read as before.
TEST_F(BillingCli, InitMovesALedgersInvoiceLinesIntoTheirPostings) {
  bill_with_r3_credited();
  const std::string lines_query = "SELECT * FROM invoice_lines ORDER BY seller, number, line_no";
  const std::string lines = sqlite(lines_query);
  ASSERT_EQ(sqlite("SELECT count(*) FROM invoice_lines"), sqlite("SELECT count(*) FROM postings"));
  ASSERT_EQ(sqlite("SELECT count(*) > 0 FROM invoice_lines WHERE reference_number IS NOT NULL"),
            "1\n");  // credit lines too
  const std::string credit =
      sqlite("SELECT number FROM invoices WHERE type = 'credit' ORDER BY seq LIMIT 1");
  const std::string invoice = run(bin_ + "invoice 0300000001");
  const std::string credit_note = run(bin_ + "invoice " + credit.substr(0, credit.size() - 1));
  // Back to schema 026: the lines in their own table, the postings without them.
  ASSERT_EQ(
      sqlite(
          "CREATE TABLE l (seller text NOT NULL, number text NOT NULL, line_no bigint NOT NULL, "
          "posting_id bigint NOT NULL, amount bigint NOT NULL, late bigint NOT NULL, "
          "reference_number text, reference_line bigint, reason_code bigint, PRIMARY KEY (seller, "
          "number, line_no)); INSERT INTO l SELECT * FROM invoice_lines; DROP VIEW invoice_lines; "
          "ALTER TABLE l RENAME TO invoice_lines; CREATE UNIQUE INDEX invoice_lines_posting ON "
          "invoice_lines (posting_id); CREATE INDEX invoice_lines_reference ON invoice_lines "
          "(seller, reference_number, reference_line) WHERE reference_number IS NOT NULL; DROP "
          "INDEX "
          "postings_line; DROP INDEX postings_line_reference; ALTER TABLE postings DROP COLUMN "
          "number; ALTER TABLE postings DROP COLUMN line_no; ALTER TABLE postings DROP COLUMN "
          "line_amount; ALTER TABLE postings DROP COLUMN late; ALTER TABLE postings DROP COLUMN "
          "reference_number; ALTER TABLE postings DROP COLUMN reference_line; ALTER TABLE postings "
          "DROP COLUMN line_reason_code; DELETE FROM schema_migrations WHERE number >= 27"),
      "");
  ASSERT_EQ(sqlite("SELECT type FROM sqlite_master WHERE name = 'invoice_lines'"), "table\n");
  ASSERT_EQ(sqlite("SELECT count(*) FROM pragma_table_info('postings') WHERE name = 'number'"),
            "0\n");
  EXPECT_NE(run(bin_ + "init").find("027_lines_in_postings"), std::string::npos);
  EXPECT_EQ(sqlite("SELECT type FROM sqlite_master WHERE name = 'invoice_lines'"), "view\n");
  EXPECT_EQ(sqlite(lines_query), lines);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
  EXPECT_EQ(run(bin_ + "invoice 0300000001"), invoice);
  EXPECT_EQ(run(bin_ + "invoice " + credit.substr(0, credit.size() - 1)), credit_note);
}

// The follow-up facts of the months one commit bills are one row per key (a
// key has the year, not the month: a subscription's monthly installments
// share one), written in that commit under the run id of its last month;
// `verify` finds them equal to the postings. With one commit per month that
// posts (VARDAVTAL_BILL_POSTINGS_PER_COMMIT=1) each commit writes its own.
TEST_F(BillingCli, ACommitWritesOneFollowupRowPerKeyUnderItsLastRun) {
  const fs::path db = dir_ / "b.db", before = dir_ / "before.db";
  fs::copy_file(db, before);
  const std::string repeated_keys =
      "SELECT seller FROM followup_facts GROUP BY seller, buyer, period_year, billing_year, "
      "subscription, care_type, drg, clinic, outlier, referral, referred_medical HAVING "
      "count(*) > 1";
  const std::string runs_of_as =
      "SELECT count(DISTINCT run_id) FROM followup_facts WHERE "
      "seller = 'AS'";
  // One commit for each seller's months (fewer than 100 000 postings).
  run(bin_ + "bill --through 2021-03");
  EXPECT_EQ(sqlite("SELECT count(*) > 1 FROM billing_runs WHERE seller = 'AS'"), "1\n");
  EXPECT_EQ(sqlite("SELECT count(*) > 0 FROM followup_facts WHERE seller = 'AS' AND "
                   "subscription = 1"),
            "1\n");
  EXPECT_EQ(sqlite(repeated_keys), "");
  EXPECT_EQ(sqlite(runs_of_as), "1\n");
  EXPECT_EQ(sqlite("SELECT DISTINCT f.run_id = (SELECT max(r.id) FROM billing_runs r WHERE "
                   "r.seller = f.seller) FROM followup_facts f"),
            "1\n");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
  // A commit after every month that posts: each writes its months' facts.
  fs::copy_file(before, db, fs::copy_options::overwrite_existing);
  run("env VARDAVTAL_BILL_POSTINGS_PER_COMMIT=1 " + bin_ + "bill --through 2021-03");
  EXPECT_GT(std::stoi(sqlite(runs_of_as)), 1);
  EXPECT_EQ(sqlite("SELECT count(*) FROM followup_facts f WHERE NOT EXISTS (SELECT 1 FROM "
                   "billing_runs r WHERE r.id = f.run_id AND r.seller = f.seller)"),
            "0\n");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

// A crash at any point of `init` upgrading a ledger billed before schema 004
// (no aggregates yet) never loses follow-up figures: after the kill, a billing
// run (refused while the schema is incomplete), `init` again and a billing run
// again leave a ledger whose aggregates equal its postings.
TEST_F(BillingCli, InitKilledAtRandomPointsNeverLosesFollowupFigures) {
  ASSERT_EQ(run(bin_ + "bill --through 2021-02 >/dev/null && echo ok"), "ok\n");
  const fs::path db = dir_ / "b.db", old = dir_ / "schema3.db";
  ASSERT_EQ(sqlite("DROP TABLE followup_facts; DROP TABLE api_tokens; DELETE FROM "
                   "schema_migrations WHERE number >= 4"),
            "");
  fs::copy_file(db, old);
  // How long an uninterrupted upgrade takes: the kills fall within it.
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_NE(run(bin_ + "init").find("applied 004"), std::string::npos);
  const auto span =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  std::mt19937 rng(20261202);
  int killed = 0;
  for (int i = 0; i < 16; ++i) {
    fs::copy_file(old, db, fs::copy_options::overwrite_existing);
    for (const char* left : {"b.db-journal", "b.db-wal", "b.db-shm"}) fs::remove(dir_ / left);
    std::uniform_int_distribution<long> at(0, span.count());
    killed +=
        vardavtal::testing::run_killed_after(bin_ + "init", std::chrono::microseconds(at(rng)));
    run(bin_ + "bill --through 2021-03");
    run(bin_ + "init");
    ASSERT_EQ(run(bin_ + "bill --through 2021-03 >/dev/null && echo ok"), "ok\n") << i;
    ASSERT_EQ(run(bin_ + "verify"), "OK\n") << "kill " << i;
  }
  EXPECT_GT(killed, 0);
}

// Akademiska (AS) and Lasarettet i Enköping (ENK) both invoice under Region
// Uppsala's organisation number: one series of numbers, none issued twice.
TEST_F(BillingCli, HospitalsOfOneRegionShareItsInvoiceSeries) {
  ASSERT_NO_FATAL_FAILURE(
      add_enk("E1,ENK,191212121212,19,doctor_visit,K,2021-03-02,,B02B,,,341,I35.0,1980\n"));
  int status = 0;
  run(bin_ + "bill --through 2021-03", &status);
  ASSERT_EQ(status, 0);
  // AS's 10 documents (as in FirstRunMonthlyInvoicesNumbersAndSubscription), then ENK's one:
  // 0300000001 .. 0300000011, each once.
  auto inv = invoices();
  ASSERT_EQ(inv.size(), 11u);
  std::set<std::string> numbers;
  for (const auto& v : inv) numbers.insert(std::string(v.at("number").as_string()));
  EXPECT_EQ(numbers.size(), 11u);
  EXPECT_EQ(*numbers.begin(), "0300000001");
  EXPECT_EQ(*numbers.rbegin(), "0300000011");
  const auto enk = boost::json::parse(run(bin_ + "invoices --seller ENK --format json")).as_array();
  ASSERT_EQ(enk.size(), 1u);
  EXPECT_EQ(enk[0].at("number").as_string(), "0300000011");
  // 0.5003 × 40 000 = 20 012.00, found by its number alone.
  EXPECT_NE(run(bin_ + "invoice 0300000011 --format csv").find("20012.00"), std::string::npos);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
  // A second series in the same region is what verify reports.
  ASSERT_EQ(sqlite("UPDATE invoices SET seq = 1, number = '0300000001' WHERE seller = 'ENK'"), "");
  EXPECT_NE(run(bin_ + "verify").find("fakturanumren för region 03 är inte unika"),
            std::string::npos);
}

// ENK bills two months after AS has billed them: the second month's
// specification counters continue AS's, also when ENK's run carries its
// counters from the month before instead of reading them (its months read
// ahead): no specification id is issued twice under the region's number.
TEST_F(BillingCli, HospitalsOfOneRegionShareItsSpecificationSeries) {
  ASSERT_NO_FATAL_FAILURE(
      add_enk("E1,ENK,191212121212,19,doctor_visit,K,2021-02-02,,B02B,,,341,I35.0,1980\n"
              "E2,ENK,191212121212,19,doctor_visit,K,2021-03-02,,B02B,,,341,I35.0,1980\n"));
  int status = 0;
  run(bin_ + "bill --through 2021-03", &status);
  ASSERT_EQ(status, 0);
  std::set<std::string> specs;
  size_t care = 0, enk_march = 0;
  for (const auto& v : invoices()) {
    if (v.at("spec_id").is_null()) continue;
    ++care;
    const std::string spec(v.at("spec_id").as_string());
    specs.insert(spec);
    // Region Uppsala's number and March 2021: ZVF2321000024 2103 ...
    if (v.at("seller").as_string() == "ENK" && spec.rfind("ZVF23210000242103", 0) == 0) ++enk_march;
  }
  EXPECT_EQ(enk_march, 1u);
  EXPECT_EQ(specs.size(), care);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(BillingCli, InvoiceCsvAndTable) {
  run(bin_ + "bill --through 2021-03");
  std::string csv = run(bin_ + "invoice 0300000007 --format csv");
  EXPECT_EQ(csv,
            "number,line_id,record_id,version,buyer,billing_date,drg,drg_amount,"
            "los_outlier_amount,cost_outlier_amount,items_amount,patient_fee,gross,amount,late,"
            "reference_invoice,reference_line,reason_code,type,seller,spec_id,issue_date,"
            "patient_id,municipality,care_type,admission_date,discharge_date,leave_days,"
            "referral_id,emergency,discount,reference_spec_id,seller_org_number,seller_hsa_id,"
            "seller_name,tariff_amount,at_cost_amount,description\n"
            "0300000007,1,R3,1,04,2021-03-10,B02B,25015.00,0.00,0.00,3001.00,200.00,27816.00,"
            "15308.50,0,,,,invoice,AS,ZVF23210000242103000001,2021-04-01,191212121212,0480,"
            "doctor_visit,2021-03-10,,0,,0,12507.50,,2321000024,,Akademiska sjukhuset,0.00,0.00,"
            "\n");
  std::string table = run(bin_ + "invoice 0300000007");
  EXPECT_NE(table.find("15 308,50"), std::string::npos) << table;
  int status = 0;
  run(bin_ + "invoice 9999", &status);
  EXPECT_EQ(status, 1);
}

// The documents of issued invoices: Peppol BIS 3.0 for a care invoice, a
// subscription invoice and a credit note, checked by the shared validator in
// one call; the XLSX specification holds exact amounts.
TEST_F(BillingCli, DocumentsOfIssuedInvoicesAreValid) {
  run(bin_ + "bill --through 2021-03");
  write(
      dir_ / "fix.csv",
      std::string(kHeader) +
          "R1,AS,191212121212,21,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2180\n");
  run(bin_ + "import records " + (dir_ / "fix.csv").string());
  run(bin_ + "bill --through 2021-04");
  // 0300000007: R3 care invoice (items, fee, subscription share); 0300000003: a subscription
  // invoice; 0300000012: the credit note of R1's county change.
  std::string files;
  for (const char* n : {"0300000007", "0300000003", "0300000012"}) {
    std::string f = (dir_ / (std::string(n) + ".xml")).string();
    int status = 0;
    std::string out = run(bin_ + "invoice " + n + " --format peppol --out " + f, &status);
    ASSERT_EQ(status, 0) << out;
    files += " " + f;
  }
  int status = 0;
  std::string out = run(std::string(VARDAVTAL_BINARY) + " check-peppol" + files, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("0300000012.xml [CreditNote] schema=ok EN16931=0 PEPPOL-EN16931=0"),
            std::string::npos)
      << out;
  // No patient identifier in an e-invoice.
  EXPECT_EQ(run("grep -l 191212121212" + files), "") << "patient data in a Peppol document";

  // The fakturaunderlag of the care invoice and of the credit note: the national
  // schema (shared validator) and every checkable rule (check-spec).
  std::string specs;
  for (const char* n : {"0300000007", "0300000012"}) {
    std::string f = (dir_ / (std::string(n) + "-fu.xml")).string();
    out = run(bin_ + "invoice " + n + " --format fakturaunderlag --out " + f, &status);
    ASSERT_EQ(status, 0) << out;
    specs += " " + f;
  }
  out = run(std::string(VARDAVTAL_SOURCE_DIR) + "/third_party/validators/validate-fakturaunderlag" +
                specs,
            &status);
  EXPECT_EQ(status, 0) << out;
  out = run(std::string(VARDAVTAL_BINARY) + " check-spec" + specs, &status);
  EXPECT_EQ(status, 0) << out;
  run(bin_ + "invoice 0300000003 --format fakturaunderlag", &status);
  EXPECT_EQ(status, 2) << "a subscription invoice has no fakturaunderlag";

  std::string xlsx = (dir_ / "0300000007.xlsx").string();
  ASSERT_EQ(run(bin_ + "invoice 0300000007 --format xlsx --out " + xlsx, &status), "");
  EXPECT_EQ(status, 0);
  std::string sheet = run("python3 -c \"import zipfile,sys; sys.stdout.write(zipfile.ZipFile('" +
                          xlsx + "').read('xl/worksheets/sheet1.xml').decode())\"");
  // Net of R3: 15 308.50 kr, stored exactly as 1530850 öre / 100.
  EXPECT_NE(sheet.find("1530850/100"), std::string::npos) << sheet.substr(0, 500);
  EXPECT_NE(sheet.find("15308.5"), std::string::npos);
  // The total a live SUM of the one line's net, its cached value exact; a
  // filter over the lines; the care type in Swedish.
  EXPECT_NE(sheet.find("<f>SUM(U11)</f><v>15308.5</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<autoFilter ref=\"A10:Z11\"/>"), std::string::npos) << sheet;
  const std::string strings =
      run("python3 -c \"import zipfile,sys; sys.stdout.write(zipfile.ZipFile('" + xlsx +
          "').read('xl/sharedStrings.xml').decode())\"");
  EXPECT_NE(strings.find(">Läkarbesök<"), std::string::npos) << strings;
  EXPECT_EQ(strings.find("doctor_visit"), std::string::npos) << strings;
  run(bin_ + "invoice 0300000007 --format xlsx", &status);
  EXPECT_EQ(status, 2);  // xlsx needs --out
}

// Golden files: input fixture -> bill -> every document format, compared
// byte for byte with tests/e2e/golden/. Set VARDAVTAL_UPDATE_GOLDEN=1 to
// rewrite them (then review the diff).
TEST_F(BillingCli, GoldenDocuments) {
  run(bin_ + "bill --through 2021-03 --issue-date 2021-04-02");
  write(
      dir_ / "fix.csv",
      std::string(kHeader) +
          "R1,AS,191212121212,21,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2180\n");
  run(bin_ + "import records " + (dir_ / "fix.csv").string());
  run(bin_ + "bill --through 2021-04 --issue-date 2021-05-03");
  const fs::path golden = fs::path(VARDAVTAL_SOURCE_DIR) / "tests/e2e/golden";
  const bool update = std::getenv("VARDAVTAL_UPDATE_GOLDEN") != nullptr;
  const std::pair<const char*, const char*> formats[] = {
      {"csv", "csv"},
      {"json", "json"},
      {"table", "txt"},
      {"peppol", "peppol.xml"},
      {"fakturaunderlag", "fakturaunderlag.xml"}};
  for (const char* number : {"0300000007", "0300000003", "0300000012"}) {
    for (const auto& [format, ext] : formats) {
      if (std::string(format) == "fakturaunderlag" && std::string(number) == "0300000003")
        continue;  // a subscription invoice has no fakturaunderlag
      const fs::path expected = golden / (std::string(number) + "." + ext);
      const std::string out = run(bin_ + "invoice " + number + " --format " + format);
      if (update) {
        write(expected, out);
        continue;
      }
      std::ifstream in(expected);
      ASSERT_TRUE(in) << "missing golden file " << expected;
      std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(out, want) << number << " --format " << format;
    }
  }
  const fs::path list = golden / "invoices.json";
  const std::string out = run(bin_ + "invoices --format json");
  if (update) {
    write(list, out);
  } else {
    std::ifstream in(list);
    std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(out, want);
  }
}

// Follow-up tables from the ledger (issue 5's first two tables).
TEST_F(BillingCli, FollowupInvoicedAndContacts) {
  run(bin_ + "bill --through 2021-03");
  // 2021 invoiced: 04: R3 15 308.50 + 3 installments of 1 041.87 = 18 434.11;
  //                20: R1 50 000.00 + 3 × 4 165.00 = 62 495.00.
  // 2020: 04: R7 24 514.70; 20: R6 98 000.00. Restated with LPIK 2021 (2 %):
  //   04: 24 514.70 × 1.02 = 25 004.994 -> 25 004.99; 20: 99 960.00.
  // diff 04: 18 434.11 − 25 004.99 = −6 570.88 (−26.28 %); 20: −37 465.00 (−37.48 %);
  // total 80 929.11 vs 124 964.99: −44 035.88 (−35.24 %).
  auto j = boost::json::parse(run(bin_ + "followup invoiced --seller AS --year 2021 --restate "
                                         "LPIK --format json"))
               .as_object();
  EXPECT_EQ(j.at("table").as_string(), "invoiced");
  auto rows = j.at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("region").as_string(), "Dalarna");
  EXPECT_EQ(rows[0].at("invoiced_2021").as_int64(), 6249500);
  EXPECT_EQ(rows[0].at("invoiced_2020_restated").as_int64(), 9996000);
  EXPECT_EQ(rows[0].at("diff_pct").as_string(), "-37.48");
  EXPECT_EQ(rows[1].at("region").as_string(), "Sörmland");
  EXPECT_EQ(rows[1].at("invoiced_2021").as_int64(), 1843411);
  EXPECT_EQ(rows[1].at("invoiced_2020_restated").as_int64(), 2500499);
  EXPECT_EQ(rows[1].at("diff").as_int64(), -657088);
  EXPECT_EQ(rows[1].at("diff_pct").as_string(), "-26.28");
  EXPECT_EQ(rows[2].at("region").as_string(), "total");
  EXPECT_EQ(rows[2].at("invoiced_2021").as_int64(), 8092911);
  EXPECT_EQ(rows[2].at("diff").as_int64(), -4403588);
  EXPECT_EQ(rows[2].at("diff_pct").as_string(), "-35.24");
  // Without restatement, 2020 as invoiced.
  std::string csv = run(bin_ + "followup invoiced --seller AS --year 2021 --format csv");
  EXPECT_NE(csv.find("region,invoiced_2021,invoiced_2020,diff,diff_pct,region_code\n"
                     "Dalarna,6249500,9800000,"),
            std::string::npos)
      << csv;
  // Table: thousands of kronor, whole per cent, the restatement note.
  std::string table = run(bin_ + "followup invoiced --seller AS --year 2021 --restate LPIK");
  EXPECT_NE(table.find("-35%"), std::string::npos) << table;
  EXPECT_NE(table.find("uppräknat med LPIK 2021 på 2 %"), std::string::npos) << table;

  std::string contacts = run(bin_ + "followup contacts --seller AS --year 2021 --format csv");
  EXPECT_EQ(contacts,
            "care_type,contacts_2021,contacts_2020,diff,diff_pct\n"
            "inpatient,1,1,0,0.00\ndoctor_visit,1,1,0,0.00\nday_care,0,0,0,\n"
            "other_visit,0,0,0,\ntotal,2,2,0,0.00\n");
  int status = 0;
  run(bin_ + "followup nosuchtable --seller AS --year 2021", &status);
  EXPECT_EQ(status, 2);  // a usage error naming the tables there are
}

// Issue 11 item 5: restated, the invoiced table shows the change against the
// previous year restated and against it as invoiced (seed 003: Akademiska 16 %
// against 1 773 440 restated, 18 % against 1 773 440 / 1,019 as invoiced).
TEST_F(BillingCli, FollowupInvoicedRestatedShowsTheChangeAgainstBothPreviousYears) {
  run(bin_ + "bill --through 2021-03");
  // 2021: 20: 62 495.00, 04: 18 434.11; total 80 929.11.
  // 2020 as invoiced: 20: 98 000.00, 04: 24 514.70; total 122 514.70.
  // Restated (LPIK 2021, 2 %): 20: 99 960.00, 04: 25 004.99; total 124 964.99.
  // Against restated: 20: −37 465.00 / 99 960.00 = −37.48 %; 04: −6 570.88 / 25 004.99 =
  //   −26.28 %; total −44 035.88 / 124 964.99 = −35.24 %.
  // Against as invoiced: 20: −35 505.00 / 98 000.00 = −36.2296 -> −36.23 %;
  //   04: −6 080.59 / 24 514.70 = −24.8040 -> −24.80 %; total −41 585.59 / 122 514.70 =
  //   −33.9434 -> −33.94 %.
  EXPECT_EQ(run(bin_ + "followup invoiced --seller AS --year 2021 --restate LPIK --format csv"),
            "region,invoiced_2021,invoiced_2020_restated,diff,diff_pct,invoiced_2020,"
            "diff_pct_as_invoiced,region_code\n"
            "Dalarna,6249500,9996000,-3746500,-37.48,9800000,-36.23,20\n"
            "Sörmland,1843411,2500499,-657088,-26.28,2451470,-24.80,04\n"
            "total,8092911,12496499,-4403588,-35.24,12251470,-33.94,\n");
  auto rows = boost::json::parse(run(bin_ + "followup invoiced --seller AS --year 2021 "
                                            "--restate LPIK --format json"))
                  .at("rows")
                  .as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("invoiced_2020").as_int64(), 9800000);
  EXPECT_EQ(rows[0].at("diff_pct_as_invoiced").as_string(), "-36.23");
  EXPECT_EQ(rows[2].at("diff_pct_as_invoiced").as_string(), "-33.94");
  // The table: Swedish headings, whole per cent (−35 % and −34 % on the total row).
  const std::string table = run(bin_ + "followup invoiced --seller AS --year 2021 --restate LPIK");
  EXPECT_NE(table.find("Diff % mot uppräknat"), std::string::npos) << table;
  EXPECT_NE(table.find("Diff % mot ej uppräknat"), std::string::npos) << table;
  EXPECT_NE(table.find("Fakturerat 2020 ej uppräknat"), std::string::npos) << table;
  EXPECT_NE(table.find("-35%"), std::string::npos) << table;
  EXPECT_NE(table.find("-34%"), std::string::npos) << table;
  EXPECT_EQ(table.find("region_code"), std::string::npos) << table;  // codes: machines only
  // Not restated: one previous year, one change.
  EXPECT_EQ(run(bin_ + "followup invoiced --seller AS --year 2021 --format csv"),
            "region,invoiced_2021,invoiced_2020,diff,diff_pct,region_code\n"
            "Dalarna,6249500,9800000,-3550500,-36.23,20\n"
            "Sörmland,1843411,2451470,-608059,-24.80,04\n"
            "total,8092911,12251470,-4158559,-33.94,\n");
}

// Issue 11 item 4: `bought --restate LPIK` restates the previous year as `invoiced` does.
TEST_F(BillingCli, FollowupBoughtRestatesThePreviousYear) {
  run(bin_ + "bill --through 2021-03");
  // Dalarna (20) from AS: 2021 62 495.00; 2020 98 000.00, restated × 1.02 = 99 960.00;
  // diff −37 465.00 (−37.48 %); against as invoiced −35 505.00 / 98 000.00 = −36.23 %.
  EXPECT_EQ(run(bin_ + "followup bought --buyer 20 --year 2021 --restate LPIK --format csv"),
            "seller,healthcare_region,with_referral_2021,without_referral_2021,"
            "subscription_2021,settlement_2021,commitment_2021,"
            "bought_2021,bought_2020_restated,diff,diff_pct,bought_2020,"
            "diff_pct_as_invoiced,seller_code\n"
            "Akademiska sjukhuset,inside,0,5000000,1249500,0,0,6249500,9996000,-3746500,-37.48,"
            "9800000,-36.23,AS\n"
            "inside_total,inside,0,5000000,1249500,0,0,6249500,9996000,-3746500,-37.48,9800000,"
            "-36.23,\n"
            "outside_total,outside,0,0,0,0,0,0,0,0,,0,,\n"
            "total,,0,5000000,1249500,0,0,6249500,9996000,-3746500,-37.48,9800000,-36.23,\n");
  const std::string table = run(bin_ + "followup bought --buyer 20 --year 2021 --restate LPIK");
  EXPECT_NE(table.find("Totalt 2020*"), std::string::npos) << table;
  EXPECT_NE(table.find("*) 2020 uppräknat med LPIK 2021 på 2 % (faktor 1.02)"), std::string::npos)
      << table;
  EXPECT_NE(table.find("-37%"), std::string::npos) << table;
  int status = 0;
  const std::string err =
      run(bin_ + "followup bought --buyer 20 --year 2021 --restate NOPE 2>&1", &status);
  EXPECT_NE(status, 0);  // as `invoiced --restate NOPE`
  EXPECT_NE(err.find("vardavtal: ingen indexserie 'NOPE'"), std::string::npos) << err;
}

// Issue 11 item 5: every follow-up table's JSON rows carry the codes of what
// they name, so that programs need not match on names.
TEST_F(BillingCli, FollowupJsonRowsCarryCodes) {
  run(bin_ + "bill --through 2021-03");
  auto rows = [&](const std::string& args) {
    return boost::json::parse(run(bin_ + "followup " + args + " --year 2021 --format json"))
        .at("rows")
        .as_array();
  };
  auto text = [](const boost::json::value& row, const char* key) -> std::string {
    const auto& v = row.at(key);
    return v.is_null() ? "null" : std::string(v.as_string());
  };
  // Buyer regions by short name and county code: Dalarna 20, Sörmland 04; totals null.
  for (const char* t : {"invoiced", "invoiced-split", "decomposition"}) {
    auto r = rows(std::string(t) + " --seller AS");
    ASSERT_EQ(r.size(), 3u) << t;
    EXPECT_EQ(text(r[0], "region") + " " + text(r[0], "region_code"), "Dalarna 20") << t;
    EXPECT_EQ(text(r[1], "region") + " " + text(r[1], "region_code"), "Sörmland 04") << t;
    EXPECT_EQ(text(r[2], "region") + " " + text(r[2], "region_code"), "total null") << t;
  }
  // Sellers by name and code.
  auto bought = rows("bought --buyer 20");
  ASSERT_EQ(bought.size(), 4u);
  EXPECT_EQ(text(bought[0], "seller") + " " + text(bought[0], "seller_code"),
            "Akademiska sjukhuset AS");
  EXPECT_EQ(text(bought[3], "seller_code"), "null");
  auto cost = rows("cost-per-point --seller AS");
  ASSERT_EQ(cost.size(), 2u);
  EXPECT_EQ(text(cost[0], "hospital") + " " + text(cost[0], "seller_code"),
            "Akademiska sjukhuset AS");
  EXPECT_EQ(text(cost[1], "hospital") + " " + text(cost[1], "seller_code"), "total null");
  // Rows named by a code already: care type, DRG (with its name beside it); the
  // table's seller and buyer are codes.
  EXPECT_EQ(text(rows("contacts --seller AS")[0], "care_type"), "inpatient");
  auto top = rows("top-drg --seller AS");
  EXPECT_EQ(text(top[0], "drg") + " " + text(top[0], "name"), "A01A Testgrupp A");
  auto buyer_top = boost::json::parse(run(bin_ + "followup buyer-top-drg --seller AS --buyer 04 "
                                                 "--year 2021 --format json"));
  EXPECT_EQ(text(buyer_top, "seller") + " " + text(buyer_top, "buyer"), "AS 04");
  EXPECT_EQ(text(buyer_top.at("rows").at(0), "drg"), "B02B");
}

TEST_F(BillingCli, FollowupTopDrgAndClinics) {
  run(bin_ + "bill --through 2021-03");
  // Points in force: 2021 R1 A01A 2 + R3 B02B 0.5003; 2020 R6 A01A 2 + R7 B02B 0.5003;
  // 2019 none. Every record's clinic is "K". Top 10 = both DRGs: 2.5003, share 100 %.
  EXPECT_EQ(run(bin_ + "followup top-drg --seller AS --year 2021 --format csv"),
            "drg,name,clinic,points_2019,points_2020,points_2021\n"
            "A01A,Testgrupp A,K,0,2,2\n"
            "B02B,Testgrupp B,K,0,0.5003,0.5003\n"
            "top10,,,0,2.5003,2.5003\n"
            "top10_share,,,,100.00,100.00\n"
            "total,,,0,2.5003,2.5003\n");
  EXPECT_EQ(run(bin_ + "followup clinics --seller AS --year 2021 --format csv"),
            "clinic,points_2019,points_2020,points_2021\n"
            "K,0,2.5003,2.5003\n"
            "others,0,0,0\n"
            "total,0,2.5003,2.5003\n");
  std::string table = run(bin_ + "followup top-drg --seller AS --year 2021");
  EXPECT_NE(table.find("Summa topp 10"), std::string::npos) << table;
  EXPECT_NE(table.find("100%"), std::string::npos) << table;
}

TEST_F(BillingCli, FollowupBuyerTopDrgAndCostPerPoint) {
  run(bin_ + "bill --through 2021-03");
  // Buyer 04 in 2021: R3 B02B 0.5003 points; total 0.5003; share 100 %.
  std::string t = run(bin_ + "followup buyer-top-drg --seller AS --year 2021 --buyer 04");
  EXPECT_NE(t.find("0,50"), std::string::npos) << t;  // two decimals, as the seed
  EXPECT_NE(t.find("100,00%"), std::string::npos) << t;
  EXPECT_EQ(run(bin_ + "followup buyer-top-drg --seller AS --year 2021 --buyer 04 --format csv"),
            "drg,name,points\nB02B,Testgrupp B,0.5003\ntop10,,0.5003\ntop10_share,,100.00\n"
            "total,,0.5003\n");
  // Inliers with KPP cost: 2021 R1 (A01A, 2 points, 100 000 kr) -> 50 000.00 kr per point;
  // 2020 R6 (A01A, 2 points, 90 000 kr) -> 45 000.00; visits R3/R7 have no KPP cost.
  // Change 2019 -> 2021: no 2019 value, so empty.
  EXPECT_EQ(run(bin_ + "followup cost-per-point --seller AS --year 2021 --format csv"),
            "hospital,cost_per_point_2019,cost_per_point_2020,cost_per_point_2021,change_pct,"
            "seller_code\n"
            "Akademiska sjukhuset,,4500000,5000000,,AS\ntotal,,4500000,5000000,,\n");
  int status = 0;
  run(bin_ + "followup buyer-top-drg --seller AS --year 2021", &status);
  EXPECT_EQ(status, 2);  // needs --buyer
}

TEST_F(BillingCli, FollowupInvoicedSplit) {
  run(bin_ + "bill --through 2021-03");
  // 04 in 2021: R3 15 308.50 = variable 12 307.50 + items 3 001.00 (fee 200 off the variable
  // part); subscription 3 × 1 041.87 = 3 125.61; total 18 434.11; 2020: R7 24 514.70.
  // 20 in 2021: R1 50 000.00 variable + 12 495.00 subscription = 62 495.00; 2020: 98 000.00.
  EXPECT_EQ(run(bin_ + "followup invoiced-split --seller AS --year 2021 --format csv"),
            "region,variable_2021,subscription_2021,outliers_2021,items_2021,tariffs_2021,"
            "at_cost_2021,invoiced_2021,invoiced_2020,diff,diff_pct,region_code\n"
            "Dalarna,5000000,1249500,0,0,0,0,6249500,9800000,-3550500,-36.23,20\n"
            "Sörmland,1230750,312561,0,300100,0,0,1843411,2451470,-608059,-24.80,04\n"
            "total,6230750,1562061,0,300100,0,0,8092911,12251470,-4158559,-33.94,\n");
}

TEST_F(BillingCli, FollowupDecomposition) {
  run(bin_ + "bill --through 2021-03");
  // 20: 2020 98 000.00 for 2 points, 2021 62 495.00 for 2 points: volume 0, price and model
  //     −35 505.00. 04: 24 514.70 -> 18 434.11 for 0.5003 points each year: volume 0, price and
  //     model −6 080.59. Total −41 585.59.
  EXPECT_EQ(run(bin_ + "followup decomposition --seller AS --year 2021 --format csv"),
            "region,invoiced_2020,invoiced_2021,change,points_2020,points_2021,volume_effect,"
            "price_model_effect,region_code\n"
            "Dalarna,9800000,6249500,-3550500,2,2,0,-3550500,20\n"
            "Sörmland,2451470,1843411,-608059,0.5003,0.5003,0,-608059,04\n"
            "total,12251470,8092911,-4158559,2.5003,2.5003,0,-4158559,\n");
}

TEST_F(BillingCli, FollowupBoughtBuyersView) {
  run(bin_ + "bill --through 2021-03");
  // Dalarna (20) bought from AS (in Mellansverige, as Dalarna): 2021 R1 50 000.00, which has
  // no referral id (so "without referral"), and subscription 3 × 4 165.00 = 12 495.00; total
  // 62 495.00; 2020: R6 98 000.00.
  EXPECT_EQ(run(bin_ + "followup bought --buyer 20 --year 2021 --format csv"),
            "seller,healthcare_region,with_referral_2021,without_referral_2021,"
            "subscription_2021,settlement_2021,commitment_2021,"
            "bought_2021,bought_2020,diff,diff_pct,seller_code\n"
            "Akademiska sjukhuset,inside,0,5000000,1249500,0,0,6249500,9800000,-3550500,-36.23,AS\n"
            "inside_total,inside,0,5000000,1249500,0,0,6249500,9800000,-3550500,-36.23,\n"
            "outside_total,outside,0,0,0,0,0,0,0,0,,\n"
            "total,,0,5000000,1249500,0,0,6249500,9800000,-3550500,-36.23,\n");
  int status = 0;
  run(bin_ + "followup bought --seller AS --year 2021", &status);
  EXPECT_EQ(status, 2);  // bought takes --buyer
}

TEST_F(BillingCli, FollowupWorkbook) {
  run(bin_ + "bill --through 2021-03");
  const std::string xlsx = (dir_ / "followup.xlsx").string();
  int status = 0;
  std::string out = run(bin_ + "followup all --seller AS --year 2021 --out " + xlsx, &status);
  ASSERT_EQ(status, 0) << out;
  // Read back with Python's zipfile: sheet names, charts, and an exact value (Dalarna's 2021
  // invoiced 62 495.00 kr = 6 249 500 öre, shown by the format as 62 tkr).
  const fs::path script = dir_ / "read.py";
  write(script,
        "import zipfile, re\n"
        "z = zipfile.ZipFile('" +
            xlsx +
            "')\n"
            "print(re.findall(r'sheet name=\"([^\"]+)\"', z.read('xl/workbook.xml').decode()))\n"
            "print(len([n for n in z.namelist() if n.startswith('xl/charts/chart')]))\n"
            "print('6249500/100' in z.read('xl/worksheets/sheet1.xml').decode())\n"
            "s = z.read('xl/sharedStrings.xml').decode()\n"
            "print('Diff % mot ej uppräknat' in s, 'region_code' in s, 'seller_code' in s)\n"
            "s1 = z.read('xl/worksheets/sheet1.xml').decode()\n"
            "print('state=\"frozen\"' in s1, '<autoFilter ref=\"A2:' in s1,\n"
            "      re.findall(r'<f>SUM\\(B3:B4\\)</f><v>([^<]*)</v>', s1))\n");
  out = run("python3 " + script.string());
  // Sheet names in Swedish, the buyer regions by name (04 Södermanland, 20 Dalarna).
  EXPECT_NE(out.find("'Fakturerat', 'Kontakter', 'Största DRG', 'Kliniker', 'Rörligt och "
                     "abonnemang', 'Volym och pris', 'Kostnad per poäng', 'Topp 10 Sörmland', "
                     "'Topp 10 Dalarna'"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n3\nTrue"), std::string::npos) << out;  // three charts, the exact value
  // The invoiced sheet (restated) has the change against 2020 as invoiced; codes are not shown.
  EXPECT_NE(out.find("\nTrue False False\n"), std::string::npos) << out;
  // Frozen heading and labels, a filter over the rows, and the total a live
  // SUM of the two regions' rows whose cached value is the exact total of
  // 2021 (8 092 911 öre, as FollowupInvoicedAndContacts has it):
  // Dalarna 62 495.00 + Uppsala 18 434.11 = 80 929.11.
  EXPECT_NE(out.find("\nTrue True ['80929.11']"), std::string::npos) << out;
  // Differences and percentages are live formulas over the cells they come
  // from, cached with the exact values (issue 16). The invoiced sheet,
  // restated (columns B 2021, C 2020 restated, D diff, E diff %, F 2020 as
  // invoiced, G diff % against it; Dalarna on row 3, the total on row 5):
  // D3 = 62 495.00 − 99 960.00 = −37 465.00; E3 = 62 495 / 99 960 − 1 =
  // −0.374799919... -> −0.37479992; G3 = 62 495 / 98 000 − 1 = −0.362295918...
  // -> −0.36229592; D5 = 80 929.11 − 124 964.99 = −44 035.88 (not a SUM).
  // Topp 10 Dalarna (sheet 9): the share C5 = the top 10's points (C4) over
  // all (C6): 2 / 2 = 1.
  write(
      script,
      "import zipfile, re, html\n"
      "z = zipfile.ZipFile('" +
          xlsx +
          "')\n"
          "def cell(sheet, ref):\n"
          "    x = z.read('xl/worksheets/sheet%d.xml' % sheet).decode()\n"
          "    m = re.search(r'<c r=\"' + ref + r'\"[^>]*>(?:<f>([^<]*)</f>)?(?:<v>([^<]*)</v>)?', "
          "x)\n"
          "    return html.unescape(m.group(1) or '') + ' ' + (m.group(2) or '') if m else 'none'\n"
          "for sheet, ref in [(1, 'D3'), (1, 'E3'), (1, 'G3'), (1, 'D5'), (9, 'C5')]:\n"
          "    print(ref, cell(sheet, ref))\n"
          "print(re.findall(r'<autoFilter ref=\"([^\"]+)\"', "
          "z.read('xl/worksheets/sheet9.xml').decode()))\n");
  EXPECT_EQ(run("python3 " + script.string()),
            "D3 B3-C3 -37465\n"
            "E3 IF(C3=0,\"\",B3/C3-1) -0.37479992\n"
            "G3 IF(F3=0,\"\",B3/F3-1) -0.36229592\n"
            "D5 B5-C5 -44035.88\n"
            "C5 IF(C6=0,\"\",C4/C6) 1\n"
            // The filter ends at the last DRG (row 3): a sort must not move
            // the top 10's sum (row 4) and share (row 5) off the rows they read.
            "['A2:C3']\n");
  // A change without a base is its formula cached as an empty text: Dalarna
  // bought nothing outside its healthcare region in 2020 (bought, row 5:
  // H 2021, I 2020, K diff %).
  const std::string bought = (dir_ / "bought.xlsx").string();
  ASSERT_EQ(
      run(bin_ + "followup bought --buyer 20 --year 2021 --format xlsx --out " + bought, &status),
      "");
  write(script,
        "import zipfile, re, html\n"
        "x = zipfile.ZipFile('" +
            bought +
            "').read('xl/worksheets/sheet1.xml').decode()\n"
            "c = re.search(r'<c r=\"K5\"[^>]*>.*?</c>', x).group(0)\n"
            "print(html.unescape(re.sub(r' s=\"[0-9]+\"', '', c)))\n");  // not its style
  EXPECT_EQ(run("python3 " + script.string()),
            "<c r=\"K5\" t=\"str\"><f>IF(I5=0,\"\",H5/I5-1)</f><v></v></c>\n");
  run(bin_ + "followup contacts --seller AS --year 2021 --format xlsx", &status);
  EXPECT_EQ(status, 2);  // needs --out
  run(bin_ + "followup all --seller AS --year 2021", &status);
  EXPECT_EQ(status, 2);
}

// Every document of every invoice (CSV and JSON), by number: what two ledgers
// must agree on byte for byte.
std::map<std::string, std::string> documents_of(const std::string& bin,
                                                const boost::json::array& list) {
  std::map<std::string, std::string> out;
  for (const auto& v : list) {
    const std::string n(v.at("number").as_string());
    out[n] = run(bin + "invoice " + n + " --format csv") + run(bin + "invoice " + n + " --format json");
  }
  return out;
}

// `bill` commits month by month; killed at any point and run again, it issues
// exactly what an uninterrupted run does, numbers gapless, and leaves the held
// versions a re-run lists (stored with their months).
// The documents the bill rows of the audit trail account for ("...: N
// documents FIRST..LAST ..."): all that were issued when each commit carries
// its own row (docs/audit.md).
size_t audited_documents(const std::string& bin) {
  size_t n = 0;
  const boost::json::value trail = boost::json::parse(run(bin + "audit --format json"));
  for (const auto& row : trail.as_array()) {
    if (row.at("command").as_string() != "bill") continue;
    const std::string detail(row.at("detail").as_string());
    n += std::stoul(detail.substr(detail.find("): ") + 3));
  }
  return n;
}

TEST_F(BillingCli, BillKilledAtRandomPointsIssuesWhatOneRunDoes) {
  // R8 is held (DRG Z99Z is in no weight list) and issues nothing.
  write(dir_ / "held.csv",
        kHeader + "R8,AS,191212121212,20,inpatient,K,2020-09-01,2020-09-04,Z99Z,1000,,341,I35.0,"
                  "2080\n");
  ASSERT_EQ(run(bin_ + "import --quiet records " + (dir_ / "held.csv").string() +
                " >/dev/null && echo ok"),
            "ok\n");
  const fs::path db = dir_ / "b.db", before = dir_ / "before.db";
  fs::copy_file(db, before);
  const std::string bill = "env VARDAVTAL_BILL_POSTINGS_PER_COMMIT=1 " + bin_ + "bill --through 2021-03";
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(run(bill + " >/dev/null && echo ok"), "ok\n");
  const auto span =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  const boost::json::array reference = invoices();
  ASSERT_EQ(reference.size(), 10u);
  const std::map<std::string, std::string> expected = documents_of(bin_, reference);
  const std::string rerun = run(bill);  // nothing to do: lists R8 (read back from the store)
  ASSERT_NE(rerun.find("1 spärrade vårdkontakter"), std::string::npos) << rerun;
  ASSERT_NE(rerun.find("R8"), std::string::npos) << rerun;
  // The held line's reason is the stored Swedish one, without the English code.
  EXPECT_NE(rerun.find("2020-09-04  DRG Z99Z finns inte i viktlistan för 2020\n"),
            std::string::npos)
      << rerun;
  EXPECT_EQ(rerun.find("drg_not_in_weight_list"), std::string::npos) << rerun;
  std::mt19937 rng(20261313);
  int killed = 0, partial = 0;
  // At least 5 kills; more (at most 20) until one fell between two months'
  // commits: the kill points are times, and a loaded machine stretches them.
  for (int i = 0; i < 20 && (i < 5 || killed == 0 || partial == 0); ++i) {
    fs::copy_file(before, db, fs::copy_options::overwrite_existing);
    for (const char* left : {"b.db-journal", "b.db-wal", "b.db-shm"}) fs::remove(dir_ / left);
    std::uniform_int_distribution<long> at(0, span.count());
    killed += vardavtal::testing::run_killed_after(bill, std::chrono::microseconds(at(rng)));
    const size_t left = invoices().size();
    partial += left > 0 && left < reference.size();
    // Each commit's audit row committed with it: none missing, none extra.
    ASSERT_EQ(audited_documents(bin_), left) << "kill " << i;
    ASSERT_EQ(run(bill + " >/dev/null && echo ok"), "ok\n") << i;
    ASSERT_EQ(audited_documents(bin_), reference.size()) << "kill " << i;
    ASSERT_EQ(invoices(), reference) << "kill " << i;
    ASSERT_EQ(documents_of(bin_, invoices()), expected) << "kill " << i;
    ASSERT_EQ(run(bin_ + "verify"), "OK\n") << "kill " << i;
    ASSERT_EQ(run(bill), rerun) << "kill " << i;
  }
  EXPECT_GT(killed, 0);
  EXPECT_GT(partial, 0);  // some kills fell between two months' commits
}

// `held` (issue 16 item 4): what the latest run held, with its buyer, since
// when (the import of the held version) and why; scoped by seller and buyer;
// a read of patient data in the access log.
TEST_F(BillingCli, HeldListsWhatTheRunHeldWithReasonAndSince) {
  write(dir_ / "held.csv",
        kHeader +
            "R8,AS,191212121212,20,inpatient,K,2020-09-01,2020-09-04,Z99Z,1000,,341,I35.0,"
            "2080\n");
  ASSERT_EQ(run(bin_ + "import --quiet records " + (dir_ / "held.csv").string() +
                " >/dev/null && echo ok"),
            "ok\n");
  ASSERT_EQ(run(bin_ + "bill --through 2020-12 >/dev/null && echo ok"), "ok\n");
  const std::string since = run("sqlite3 " + (dir_ / "b.db").string() +
                                " \"SELECT imported_at FROM imports WHERE kind = 'records' "
                                "ORDER BY id DESC LIMIT 1\" | tr -d '\\n'");
  ASSERT_EQ(since.size(), 20u) << since;
  const std::string csv = run(bin_ + "held --format csv");
  // The run that held it (each seller's run has its own start, maybe a second apart).
  const std::string as_of = run("sqlite3 " + (dir_ / "b.db").string() +
                                " \"SELECT b.started_at FROM held_records h JOIN billing_runs b "
                                "ON b.id = h.run_id\" | tr -d '\\n'");
  const std::string header =
      "seller,record_id,version,buyer,billing_date,since,reason,as_of,newer_version\n";
  EXPECT_EQ(csv, header + "AS,R8,1,20,2020-09-04," + since +
                     ",drg_not_in_weight_list: DRG Z99Z is not in the 2020 weight list," + as_of +
                     ",0\n");
  // People read the reason in Swedish: the table, the Swedish Excel CSV and
  // JSON's reason_sv beside the English code and words.
  EXPECT_NE(run(bin_ + "held").find("  DRG Z99Z finns inte i viktlistan för 2020"),
            std::string::npos);
  EXPECT_NE(run(bin_ + "held --format csv-sv")
                .find(";DRG Z99Z finns inte i viktlistan för 2020;" + as_of + ";0\n"),
            std::string::npos)
      << run(bin_ + "held --format csv-sv");
  const boost::json::value json = boost::json::parse(run(bin_ + "held --format json"));
  EXPECT_EQ(json.at(0).at("reason").as_string(),
            "drg_not_in_weight_list: DRG Z99Z is not in the 2020 weight list");
  EXPECT_EQ(json.at(0).at("reason_sv").as_string(), "DRG Z99Z finns inte i viktlistan för 2020");
  // A row a run stored before migration 023 has no Swedish: people read the English.
  run("sqlite3 " + (dir_ / "b.db").string() + " \"UPDATE held_records SET reason_sv = NULL\"");
  EXPECT_NE(run(bin_ + "held").find("  drg_not_in_weight_list: DRG Z99Z is not in the 2020"),
            std::string::npos);
  EXPECT_EQ(boost::json::parse(run(bin_ + "held --format json")).at(0).at("reason_sv").as_string(),
            "drg_not_in_weight_list: DRG Z99Z is not in the 2020 weight list");
  EXPECT_EQ(run(bin_ + "held --format csv --buyer 04"), header);
  EXPECT_EQ(run(bin_ + "held --format csv --seller USO"), header);
  // A fix imported (a DRG of the weight list): the list is the last run's
  // until a run bills a month, and it says that a newer version waits.
  write(dir_ / "held.csv",
        kHeader +
            "R8,AS,191212121212,20,inpatient,K,2020-09-01,2020-09-04,A01A,1000,,341,I35.0,"
            "2080\n");
  ASSERT_EQ(run(bin_ + "import --quiet records " + (dir_ / "held.csv").string() +
                " >/dev/null && echo ok"),
            "ok\n");
  const std::string waiting = run(bin_ + "held --format csv");
  EXPECT_EQ(waiting.substr(waiting.size() - 3), ",1\n") << waiting;
  EXPECT_NE(run(bin_ + "held").find("inläst, prissätts i nästa körning"), std::string::npos);
  const std::string table = run(bin_ + "held");
  EXPECT_NE(table.find("spärrad sedan"), std::string::npos) << table;
  EXPECT_NE(table.find("\n1 spärrade vårdkontakter\n"), std::string::npos) << table;
  const std::string log = run(bin_ + "access-log --patient 191212121212 --format csv");
  EXPECT_NE(log.find(",held,1\n"), std::string::npos) << log;
}

// `credits` and `late` (issue 16 item 4): R6 moved from county 20 to 04
// after 2020 was billed gives, in January 2021, a credit note to 20 for its
// line (reason 1, fel region; the amount of the line it credits) and a care
// invoice to 04 whose R6 line is late (care on 2020-06-03, invoiced on
// 2021-02-01). Both lists are reads of patient data in the access log.
TEST_F(BillingCli, CreditsAndLateListTheLinesWithReasonsAndDates) {
  ASSERT_EQ(run(bin_ + "bill --through 2020-12 >/dev/null && echo ok"), "ok\n");
  const boost::json::array before = invoices();
  std::string original;  // the 2020-06 care invoice to 20: R6's
  for (const auto& v : before)
    if (v.at("buyer").as_string() == "20" && v.at("period").as_string() == "2020-06")
      original = std::string(v.at("number").as_string());
  ASSERT_FALSE(original.empty());
  const auto lines = boost::json::parse(run(bin_ + "invoice " + original + " --format json"));
  ASSERT_EQ(lines.at("lines").as_array().size(), 1u);
  const std::string amount(lines.at("lines").as_array()[0].at("amount").as_string());
  write(dir_ / "records.csv",
        kHeader +
            "R6,AS,191212121212,04,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,"
            "0480\n");
  ASSERT_EQ(run(bin_ + "import --quiet records " + (dir_ / "records.csv").string() +
                " >/dev/null && echo ok"),
            "ok\n");
  ASSERT_EQ(run(bin_ + "bill --through 2021-01 >/dev/null && echo ok"), "ok\n");
  std::string credit, late;
  for (const auto& v : invoices()) {
    if (v.at("period").as_string() != "2021-01" || v.at("kind").as_string() != "care") continue;
    (v.at("type").as_string() == "credit" ? credit : late) =
        std::string(v.at("number").as_string());
  }
  ASSERT_FALSE(credit.empty());
  ASSERT_FALSE(late.empty());
  EXPECT_EQ(run(bin_ + "credits --format csv"),
            "seller,number,buyer,period,issue_date,line_id,record_id,billing_date,amount,"
            "reference_invoice,reference_line,reason_code\n"
            "AS," +
                credit + ",20,2021-01,2021-02-01,1,R6,2020-06-03," + amount + "," + original +
                ",1,1\n");
  EXPECT_EQ(run(bin_ + "late --format csv"),
            "seller,number,buyer,period,issue_date,line_id,record_id,billing_date,amount,"
            "reference_invoice,reference_line,reason_code\n"
            "AS," +
                late + ",04,2021-01,2021-02-01,1,R6,2020-06-03," + amount + ",,,\n");
  // The JSON the API serves (line_listing_json): English names, kronor.
  EXPECT_EQ(run(bin_ + "credits --format json"),
            "[{\"seller\":\"AS\",\"number\":\"" + credit +
                "\",\"type\":\"credit\",\"buyer\":\"20\",\"period\":\"2021-01\","
                "\"issue_date\":\"2021-02-01\","
                "\"line_id\":1,\"amount\":\"" +
                amount +
                "\",\"record_id\":\"R6\",\"billing_date\":\"2020-06-03\",\"reference_invoice\":\"" +
                original +
                "\",\"reference_line\":1,\"reason_code\":1,\"reason_sv\":\"fel region\"}]\n");
  const std::string table = run(bin_ + "credits");
  EXPECT_NE(table.find("fel region"), std::string::npos) << table;
  EXPECT_NE(table.find("\n1 krediterade rader, totalt "), std::string::npos) << table;
  EXPECT_EQ(run(bin_ + "credits --format csv --buyer 04").find("\nAS"), std::string::npos);
  EXPECT_EQ(run(bin_ + "late --format csv --period 2020-06").find("\nAS"), std::string::npos);
  const std::string log = run(bin_ + "access-log --patient 191212121212 --format csv");
  EXPECT_NE(log.find(",credits,1\n"), std::string::npos) << log;
  EXPECT_NE(log.find(",late,1\n"), std::string::npos) << log;
}

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// `bill --dry-run` writes nothing, and the run after it issues what it said.
TEST_F(BillingCli, DryRunWritesNothingAndTheRunIssuesWhatItSaid) {
  ASSERT_EQ(run(bin_ + "bill --through 2020-12 >/dev/null && echo ok"), "ok\n");
  // R6 corrected (county 20 -> 04): a credit note in the next run.
  write(dir_ / "records.csv",
        kHeader + "R6,AS,191212121212,04,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,"
                  "0480\n");
  ASSERT_EQ(run(bin_ + "import --quiet records " + (dir_ / "records.csv").string() +
                " >/dev/null && echo ok"),
            "ok\n");
  const fs::path db = dir_ / "b.db";
  const std::string bytes = file_bytes(db);
  const std::string verify = run(bin_ + "verify");
  int status = 0;
  const auto preview = boost::json::parse(
      run(bin_ + "bill --through 2021-03 --dry-run --format json", &status)).as_object();
  ASSERT_EQ(status, 0);
  EXPECT_EQ(file_bytes(db), bytes);  // byte-identical: nothing committed
  for (const char* left : {"b.db-journal", "b.db-wal", "b.db-shm"})
    EXPECT_FALSE(fs::exists(dir_ / left)) << left;
  const auto& would = preview.at("invoices").as_array();
  // 2021-01: a credit note to 20 for R6 and a care invoice to 04 for R6 (late), the
  // subscription to 04 for 2021-01..03 (base year 2020's production is now all 04's:
  // R7 and R6); 2021-03: care to 04 (R3) and 20 (R1). 7 documents.
  size_t credits = 0;
  for (const auto& v : would) credits += v.at("type").as_string() == "credit";
  EXPECT_EQ(credits, 1u);
  EXPECT_EQ(would.size(), 7u);
  const size_t before = invoices().size();
  // The table and CSV forms list the same documents.
  const std::string csv = run(bin_ + "bill --through 2021-03 --dry-run --format csv");
  EXPECT_EQ(static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')), would.size() + 1);
  EXPECT_EQ(file_bytes(db), bytes);
  ASSERT_EQ(run(bin_ + "bill --through 2021-03 >/dev/null && echo ok"), "ok\n");
  const auto all = invoices();
  ASSERT_EQ(all.size(), before + would.size());
  for (size_t i = 0; i < would.size(); ++i) EXPECT_EQ(all[before + i], would[i]) << i;
  EXPECT_EQ(verify, "OK\n");
  // Nothing left: a dry run now lists nothing.
  const auto none = boost::json::parse(run(bin_ + "bill --through 2021-03 --dry-run --format json"));
  EXPECT_TRUE(none.at("invoices").as_array().empty());
  // --format belongs to --dry-run.
  run(bin_ + "bill --through 2021-03 --format json 2>/dev/null", &status);
  EXPECT_EQ(status, 2);
}

}  // namespace
