// run_billing (billing/app/billing_run.h) re-run with every month billed: with
// nothing imported since the last billing run it lists the held versions that
// run stored and prices only the month after the last billed one, and says
// the same as re-pricing everything; an import after the run makes it
// re-price; the held versions are stored in their month's transaction.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "billing/app/billing_run.h"
#include "billing/app/import.h"
#include "store/ledger_store.h"
#include "store/store.h"
#include "tests/e2e/billing_fixture.h"

namespace vardavtal {
namespace {

namespace fs = std::filesystem;
using testing::write;

// Seller AS (the e2e catalogue: weights 2020 and 2021 without Z99Z, AGR20
// fully variable at 49 000 kr, AGR21 50 % subscription at 50 000 kr).
// Billed through 2021-03 (from 2020-02, R7's month): R7 (2020-02), R6
// (2020-06) and R1 (2021-03); held for DRG Z99Z: R9 (2020-06-12) and R2
// (2021-02-15). After 2021-03: R4 (2021-04-07, priceable) and R5 (2021-04-20,
// held).
const char kRecords[] =
    "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,,341,I35.0,0480\n"
    "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,2080\n"
    "R9,AS,191212121212,20,inpatient,K,2020-06-10,2020-06-12,Z99Z,50000,,341,I35.0,2080\n"
    "R2,AS,191212121212,04,doctor_visit,K,2021-02-15,,Z99Z,,,341,I35.0,0480\n"
    "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2080\n"
    "R4,AS,191212121212,04,doctor_visit,K,2021-04-07,,B02B,,,341,I35.0,0480\n"
    "R5,AS,191212121212,04,doctor_visit,K,2021-04-20,,Z99Z,,,341,I35.0,0480\n";

class BillingRerun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("billing-rerun");
    testing::write_billing_catalogue(dir_);
    write(dir_ / "records.csv", testing::records_header() + kRecords);
    store_ = std::make_unique<Store>((dir_ / "b.db").string());
    store_->migrate();
    for (const auto& [kind, path] : files_in_directory(dir_.string())) import(kind, path);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void import(const std::string& kind, const fs::path& path) {
    ASSERT_TRUE(import_file(*store_, kind, path.string(), {}).ok()) << path;
  }
  BillResult bill(const std::string& through, bool reprice = false, bool dry_run = false) {
    BillOptions o;
    o.through = *Period::parse(through);
    o.reprice = reprice;
    o.dry_run = dry_run;
    return run_billing(*store_, o);
  }
  // The record ids and billing dates of a run's held list, in its order.
  static std::vector<std::string> held_of(const BillResult& r) {
    std::vector<std::string> out;
    for (const HeldRecord& h : r.held) out.push_back(h.record_id + " " + format_iso(h.billing_date));
    return out;
  }
  // Re-runs through `through` from the stored held versions and by
  // re-pricing: both must say the same; returns the first.
  BillResult rerun_both_ways(const std::string& through) {
    const BillResult stored = bill(through);
    const BillResult repriced = bill(through, true);
    EXPECT_EQ(stored.from_stored_held, std::vector<std::string>{"AS"});
    EXPECT_TRUE(repriced.from_stored_held.empty());
    EXPECT_EQ(stored.held, repriced.held);
    EXPECT_EQ(stored.sellers, repriced.sellers);
    EXPECT_TRUE(stored.issued.empty());
    return stored;
  }
  const BillSummary& as_summary(const BillResult& r) {
    for (const BillSummary& s : r.sellers)
      if (s.seller == "AS") return s;
    throw std::logic_error("no AS");
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

const std::vector<std::string> kHeldAfter2103 = {"R2 2021-02-15", "R5 2021-04-20",
                                                 "R9 2020-06-12"};

TEST_F(BillingRerun, TheRunStoresItsHeldVersionsAndTheImportItSaw) {
  const BillResult first = bill("2021-03");
  EXPECT_TRUE(first.from_stored_held.empty());
  // Listed month by month: R9 (2020-06), R2 (2021-02).
  EXPECT_EQ(held_of(first), (std::vector<std::string>{"R9 2020-06-12", "R2 2021-02-15"}));
  LedgerStore ledger(*store_);
  const std::vector<HeldRecord> stored = ledger.stored_held("AS");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].record_id, "R2");
  EXPECT_EQ(stored[0].record_version, 1);
  EXPECT_EQ(stored[0].items_version, 0);
  EXPECT_EQ(stored[0].reason, "drg_not_in_weight_list: DRG Z99Z is not in the 2021 weight list");
  EXPECT_EQ(stored[1].record_id, "R9");
  EXPECT_EQ(stored[1].reason, "drg_not_in_weight_list: DRG Z99Z is not in the 2020 weight list");
  // Imports 1 (built-in regions and hospitals) .. 7 (weights, prices, index,
  // two agreements, records): every month's run saw import 7.
  EXPECT_EQ(store_->next_import_id(), 8);
  EXPECT_EQ(ledger.last_run_watermark("AS"), 7);
  EXPECT_EQ(ledger.last_run_watermark("SU"), std::nullopt);  // never billed
}

TEST_F(BillingRerun, ARerunWithNothingImportedReadsTheStoredHeldVersions) {
  bill("2021-03");
  const BillResult again = rerun_both_ways("2021-03");
  // R2 and R9 stored, R5 read with 2021-04, sorted by record id.
  EXPECT_EQ(held_of(again), kHeldAfter2103);
  // R4 waits for 2021-04 (one care posting); nothing billed.
  EXPECT_EQ(as_summary(again).waiting, 1);
  EXPECT_FALSE(as_summary(again).from_period);
  // A dry run does the same, and so does an earlier --through.
  const BillResult dry = bill("2021-03", false, true);
  EXPECT_EQ(dry.from_stored_held, std::vector<std::string>{"AS"});
  EXPECT_EQ(dry.held, again.held);
  EXPECT_EQ(dry.sellers, again.sellers);
  EXPECT_EQ(bill("2020-09").held, again.held);
}

TEST_F(BillingRerun, AChangedRecordImportedAfterTheRunIsRepricedAndWaits) {
  bill("2021-03");
  // R1 moves to county 21: a reversal and a new posting wait for 2021-04.
  write(dir_ / "fix.csv",
        testing::records_header() +
            "R1,AS,191212121212,21,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2180\n");
  import("records", dir_ / "fix.csv");
  for (int i = 0; i < 2; ++i) {  // the run that waits stores nothing: still re-priced
    const BillResult again = bill("2021-03");
    EXPECT_TRUE(again.from_stored_held.empty());
    EXPECT_EQ(as_summary(again).waiting, 3);  // R1's reversal and posting, R4
    EXPECT_EQ(held_of(again), kHeldAfter2103);
  }
  // Billing 2021-04 posts them and stores 2021-04's view: fast again.
  EXPECT_EQ(as_summary(bill("2021-04")).reversals, 1);
  const BillResult after = rerun_both_ways("2021-04");
  EXPECT_EQ(as_summary(after).waiting, 0);
  EXPECT_EQ(held_of(after), (std::vector<std::string>{"R2 2021-02-15", "R5 2021-04-20",
                                                      "R9 2020-06-12"}));
}

TEST_F(BillingRerun, AWeightImportedAfterTheRunPricesTheHeldVersions) {
  bill("2021-03");
  write(dir_ / "w.csv", "year,drg,name,weight,los_limit,cost_limit,day_weight\n"
                        "2021,Z99Z,Testgrupp Z,1.5,,,\n");
  import("weights", dir_ / "w.csv");
  const BillResult again = bill("2021-03");
  EXPECT_TRUE(again.from_stored_held.empty());
  EXPECT_EQ(as_summary(again).waiting, 3);  // R2 (closed 2021-02), R4, R5
  EXPECT_EQ(held_of(again), std::vector<std::string>{"R9 2020-06-12"});

  const BillResult april = bill("2021-04");
  // 2021-04 care invoice to 04: R2 and R5 at 0.5 × 1.5 × 50 000 = 37 500.00
  // each, R4 at round(0.5 × 0.5003 × 50 000) = 12 507.50: 87 507.50.
  ASSERT_FALSE(april.issued.empty());
  const Invoice& care = april.issued.front();
  EXPECT_EQ(care.buyer, "04");
  EXPECT_EQ(care.period, *Period::parse("2021-04"));
  EXPECT_EQ(care.lines, 3);
  EXPECT_EQ(care.total, Money::from_ore(8750750));
  const BillResult after = rerun_both_ways("2021-04");
  EXPECT_EQ(held_of(after), std::vector<std::string>{"R9 2020-06-12"});
  EXPECT_EQ(as_summary(after).waiting, 0);
}

// The held versions of a month are written in the month's transaction: a
// failure while storing them leaves neither them nor the month's postings.
TEST_F(BillingRerun, AMonthFailingWhileStoringItsHeldVersionsLeavesNothingOfIt) {
  store_->sql() << "CREATE TRIGGER fail_r9 BEFORE INSERT ON held_records WHEN NEW.record_id = "
                   "'R9' BEGIN SELECT RAISE(ABORT, 'crash'); END";
  BillOptions o;
  o.through = *Period::parse("2021-03");
  o.postings_per_commit = 1;  // a commit after every month with postings
  EXPECT_THROW(run_billing(*store_, o), std::exception);
  LedgerStore ledger(*store_);
  // 2020-02 (R7) committed; 2020-03..06 were one transaction (no postings
  // before June's), rolled back.
  EXPECT_EQ(ledger.last_period("AS"), Period::parse("2020-02"));
  LedgerStore::Filter june{"AS", std::nullopt, Period::parse("2020-06")};
  EXPECT_TRUE(ledger.invoices(june).empty());  // R6's invoice rolled back with R9
  EXPECT_TRUE(ledger.stored_held("AS").empty());

  store_->sql() << "DROP TRIGGER fail_r9";
  EXPECT_EQ(as_summary(run_billing(*store_, o)).from_period, Period::parse("2020-03"));
  EXPECT_EQ(ledger.invoices(june).size(), 1u);
  EXPECT_EQ(held_of(rerun_both_ways("2021-03")), kHeldAfter2103);
}

}  // namespace
}  // namespace vardavtal
