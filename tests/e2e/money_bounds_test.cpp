// End-to-end (issue 11 item 7): amounts above the import bound are refused
// with file:line:column, and a billing run whose invoice total would not fit
// in int64 öre fails with a clear message and commits nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

class MoneyBounds : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("money-bounds");
    vardavtal::testing::write_billing_catalogue(dir_);
    // An item at the bound, 1 000 000 000 kr, and a 2021 agreement without a
    // subscription: a record's whole amount is its items.
    write(dir_ / "prices.csv",
          "seller,year,item_code,name,price\nAS,2021,MAX,Dyrast,1000000000.00\n");
    // The plausibility limit raised to the most a contact can bill, so that
    // only the sums' overflow checks stand in the way.
    write(dir_ / "agreements" / "a2021.toml",
          "id = \"AGR21\"\nseller = \"AS\"\nyear = 2021\nprice_list = 2\npoint_price = 50000\n"
          "max_contact_amount = 1000000000000000\n");
    bin_ = vardavtal::testing::binary_on(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `n` visits of March 2021 by a patient of region 04, each with 1 000 000 of
  // item MAX: 10^17 öre a record, the most the bounds admit for one item line.
  void write_records(int n) {
    std::string records = vardavtal::testing::records_header();
    std::string items = "record_id,seller,item_code,quantity\n";
    for (int i = 1; i <= n; ++i) {
      const std::string id = "R" + std::to_string(i);
      records += id + ",AS,191212121212,04,doctor_visit,K,2021-03-10,,,,,341,I35.0,0480\n";
      items += id + ",AS,MAX,1000000\n";
    }
    write(dir_ / "records.csv", records);
    write(dir_ / "items.csv", items);
  }
  std::string count(const std::string& table) {
    return run("sqlite3 '" + (dir_ / "b.db").string() + "' 'SELECT count(*) FROM " + table + "'");
  }

  fs::path dir_;
  std::string bin_;
};

TEST_F(MoneyBounds, AnAmountAboveTheBoundIsRefusedAtItsLineAndColumn) {
  write_records(1);
  write(dir_ / "records.csv",
        vardavtal::testing::records_header() +
            "R1,AS,191212121212,04,doctor_visit,K,2021-03-10,,,1000000000.01,,341,I35.0,0480\n");
  ASSERT_EQ(run(bin_ + "init >/dev/null && echo ok"), "ok\n");
  int status = 0;
  std::string out = run(bin_ + "import records " + (dir_ / "records.csv").string(), &status);
  EXPECT_EQ(status, 1) << out;
  // kpp_cost is the 10th field, after the 50 characters "R1,AS,...,2021-03-10,,,".
  EXPECT_NE(out.find("records.csv:2:51: kolumn 'kpp_cost': förväntade ett icke-negativt belopp i "
                     "kronor med högst 2 decimaler (1234.50), högst 1000000000 kr, fann "
                     "'1000000000.01'"),
            std::string::npos)
      << out;
  EXPECT_EQ(count("records"), "0\n");
}

TEST_F(MoneyBounds, AnInvoiceTotalThatWouldOverflowFailsTheRunAndCommitsNothing) {
  // 93 × 10^17 öre = 9.3 × 10^18 > 2^63 − 1 ≈ 9.22 × 10^18: every record is
  // within the bounds, their invoice total is not.
  write_records(93);
  ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  int status = 0;
  std::string out = run(bin_ + "bill --through 2021-03", &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("amount too large"), std::string::npos) << out;
  EXPECT_EQ(count("postings"), "0\n");
  EXPECT_EQ(count("invoices"), "0\n");
  EXPECT_EQ(count("billing_runs"), "0\n");
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");

  // 92 of them fit: 9.2 × 10^18 öre, billed exactly, numbered from the first number.
  write_records(92);
  fs::remove(dir_ / "b.db");
  ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  out = run(bin_ + "bill --through 2021-03", &status);
  ASSERT_EQ(status, 0) << out;
  std::string inv = run(bin_ + "invoices --format json");
  EXPECT_NE(inv.find("\"number\":\"0300000001\""), std::string::npos) << inv;
  EXPECT_NE(inv.find("\"total\":\"92000000000000000.00\""), std::string::npos) << inv;
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

}  // namespace
