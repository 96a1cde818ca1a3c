// End-to-end: how a billing run reads its months (issue 13) changes nothing
// it issues.
//   - The subscription a run fixes from base years it has itself read in full
//     (the base-year tally) equals the one read afresh from the records, by
//     hand: held and withdrawn base-year records left out; and a run that
//     did not read a base year in full reads it afresh (the latest versions).
//   - Months read ahead on a second session (VARDAVTAL_BILL_READ_AHEAD, on by
//     default) issue byte-identical documents to months read in turn, with
//     corrections that move a billed record to a later month, a withdrawal
//     dated later, a late record and a record of a later month.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

// The billing fixture's records (R1, R3 in 2021-03; R6 to 20 in 2020-06, R7
// to 04 in 2020-02) and two more of the base year 2020: R8 to 04 with a DRG
// outside the weight list (held), R9 to 20 withdrawn (cancelled = 1); and
// R12, a visit to 04 with one X1 implant on 2021-03-31.
std::string records_with_held_and_withdrawn() {
  return vardavtal::testing::records_header(",cancelled") +
         "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2080,\n"
         "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,200,341,I35.0,0480,\n"
         "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,2080,\n"
         "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,,341,I35.0,0480,\n"
         "R8,AS,191212121212,04,doctor_visit,K,2020-04-04,,Z99Z,,,341,I35.0,0480,\n"
         "R9,AS,191212121212,20,inpatient,K,2020-05-01,2020-05-03,A01A,90000,,341,I35.0,2080,1\n"
         "R12,AS,191212121212,04,doctor_visit,K,2021-03-31,,B02B,,,341,I35.0,0480,\n";
}

class BillReads : public ::testing::Test {
 protected:
  // A fresh database in its own directory `name` under the test's, with the
  // fixture's catalogue and `records`.
  std::string fresh(const std::string& name, const std::string& records) {
    const fs::path dir = root_ / name;
    fs::create_directories(dir / "agreements");
    vardavtal::testing::write_billing_catalogue(dir);
    write(dir / "records.csv", records);
    write(dir / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\nR12,AS,X1,1\n");
    const std::string bin = vardavtal::testing::binary_on(dir);
    EXPECT_EQ(vardavtal::testing::init_and_import_all(bin, dir), "ok\n");
    return bin;
  }
  static void bill(const std::string& bin, const std::string& through,
                   const std::string& env = "") {
    int status = 0;
    const std::string out = run(env + bin + "bill --through " + through, &status);
    ASSERT_EQ(status, 0) << out;
  }
  // The subscription invoices of `period` as "buyer total".
  static std::map<std::string, std::string> subscriptions(const std::string& bin,
                                                          const std::string& period) {
    std::map<std::string, std::string> out;
    const boost::json::value list =
        boost::json::parse(run(bin + "invoices --format json --period " + period));
    for (const auto& v : list.as_array())
      if (v.at("kind").as_string() == "subscription")
        out[std::string(v.at("buyer").as_string())] = std::string(v.at("total").as_string());
    return out;
  }
  // The care documents of `period` to `buyer` as "type total;", in number order.
  static std::string care(const std::string& bin, const std::string& period,
                          const std::string& buyer) {
    const boost::json::value list =
        boost::json::parse(run(bin + "invoices --format json --period " + period));
    std::string out;
    for (const auto& v : list.as_array())
      if (v.at("kind").as_string() == "care" && v.at("buyer").as_string() == buyer)
        out += std::string(v.at("type").as_string()) + " " +
               std::string(v.at("total").as_string()) + ";";
    return out;
  }
  // Every document the database issued: the invoice list and each one's lines.
  static std::string documents(const std::string& bin) {
    std::string out = run(bin + "invoices --format csv");
    const boost::json::value list = boost::json::parse(run(bin + "invoices --format json"));
    for (const auto& v : list.as_array())
      out += run(bin + "invoice " + std::string(v.at("number").as_string()) + " --format json");
    return out;
  }
  void SetUp() override { root_ = vardavtal::testing::fresh_test_dir("bill-reads"); }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

// Base year 2020 under AGR20 (49 000 kr a point): 04: R7 0.5003 × 49 000 =
// 24 514.70; 20: R6 2 × 49 000 = 98 000.00; R8 is held and R9 withdrawn, so
// neither counts. U(2020 -> 2021) = 1.02. S(04) = round(0.5 × 24 514.70 ×
// 1.02) = 12 502.50, January's installment floor(1 250 250 / 12) öre =
// 1 041.87; S(20) = 0.5 × 98 000 × 1.02 = 49 980.00, 4 165.00 a month.
TEST_F(BillReads, ASubscriptionFromTheRunsOwnReadsIsTheOneReadAfresh) {
  const std::map<std::string, std::string> expected{{"04", "1041.87"}, {"20", "4165.00"}};
  // One run reads all of 2020 before it fixes 2021: the tally.
  const std::string one = fresh("one", records_with_held_and_withdrawn());
  bill(one, "2021-01");
  EXPECT_EQ(subscriptions(one, "2021-01"), expected);
  // A run that begins in 2021 reads the base year afresh.
  const std::string two = fresh("two", records_with_held_and_withdrawn());
  bill(two, "2020-12");
  bill(two, "2021-01");
  EXPECT_EQ(subscriptions(two, "2021-01"), expected);
  // The subscription command (which always reads afresh) agrees, and counts R8 as held.
  const auto subs =
      boost::json::parse(run(one + "subscription --seller AS --year 2021 --format json"));
  EXPECT_NE(boost::json::serialize(subs).find("\"held_records\":1"), std::string::npos)
      << boost::json::serialize(subs);
  EXPECT_EQ(run(one + "verify"), "OK\n");
}

// A run after 2020-08 did not read all of 2020: R7's new version (DRG A01A:
// 2 × 49 000 = 98 000.00), imported after that run, is its base value:
// S(04) = 0.5 × 98 000 × 1.02 = 49 980.00, 4 165.00 a month.
TEST_F(BillReads, ARunThatDidNotReadAllOfABaseYearReadsItAfresh) {
  const std::string bin = fresh("later", records_with_held_and_withdrawn());
  bill(bin, "2020-08");
  write(root_ / "later" / "fix.csv",
        vardavtal::testing::records_header() +
            "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,A01A,,,341,I35.0,0480\n");
  run(bin + "import records " + (root_ / "later" / "fix.csv").string());
  bill(bin, "2021-01");
  EXPECT_EQ(subscriptions(bin, "2021-01"),
            (std::map<std::string, std::string>{{"04", "4165.00"}, {"20", "4165.00"}}));
}

TEST_F(BillReads, MonthsReadAheadIssueWhatMonthsReadInTurnDo) {
  std::map<std::string, std::string> issued;
  for (const std::string env : {"VARDAVTAL_BILL_READ_AHEAD=0 ", ""}) {
    const std::string name = env.empty() ? "ahead" : "in-turn";
    const std::string bin = fresh(name, records_with_held_and_withdrawn());
    bill(bin, "2021-03", env);
    // R3 (billed in 2021-03) moves to 2021-06 with a fee of 400: its reversal
    // goes on the next run's first month, its new line on June. R1 is withdrawn by a version
    // dated 2021-08. R10 is late (2021-02), R11 of a later month (2021-07).
    write(root_ / name / "fix.csv",
          vardavtal::testing::records_header(",cancelled") +
              "R1,AS,191212121212,20,inpatient,K,2021-08-01,2021-08-05,A01A,100000,,341,I35.0,"
              "2080,1\n"
              "R3,AS,191212121212,04,doctor_visit,K,2021-06-10,,B02B,,400,341,I35.0,0480,\n"
              "R10,AS,191212121212,20,doctor_visit,K,2021-02-10,,B02B,,,341,I35.0,2080,\n"
              "R11,AS,191212121212,20,doctor_visit,K,2021-07-10,,B02B,,,341,I35.0,2080,\n");
    run(bin + "import records " + (root_ / name / "fix.csv").string());
    // R12 (billed on the last day of the last billed month) gets three implants.
    write(root_ / name / "items.csv",
          "record_id,seller,item_code,quantity\nR3,AS,X1,2\nR12,AS,X1,3\n");
    run(bin + "import items " + (root_ / name / "items.csv").string());
    bill(bin, "2021-12", env);
    EXPECT_EQ(run(bin + "verify"), "OK\n") << name;
    issued[name] = documents(bin);
    // By hand: R3's new line is June's only care line, to 04: 0.5003 × 50 000
    // × 0.5 + items 3 001.00 − fee 400 = 15 108.50.
    EXPECT_EQ(care(bin, "2021-06", "04"), "invoice 15108.50;") << name;
    // April to 04: R12 anew, 0.5003 × 50 000 × 0.5 + 3 × 1 500.50 = 17 009.00;
    // one credit note of March's invoice for R3 (15 308.50) and R12 (12 507.50
    // + 1 500.50 = 14 008.00): 29 316.50.
    EXPECT_EQ(care(bin, "2021-04", "04"), "invoice 17009.00;credit 29316.50;") << name;
  }
  EXPECT_EQ(issued["ahead"], issued["in-turn"]);
}

}  // namespace
