// run_billing (billing/app/billing_run.h) with a month planned in parts by
// buyer range (BillOptions::versions_per_part): the ledger it leaves is the
// one a run planning each month whole leaves, row for row (invoices, lines,
// postings, follow-up facts, held versions), through a first run, late care,
// corrections that move a record to another buyer and a re-run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "billing/app/billing_run.h"
#include "billing/app/import.h"
#include "billing/app/month_reads.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/store.h"
#include "tests/e2e/billing_fixture.h"

namespace vardavtal {
namespace {

namespace fs = std::filesystem;
using testing::write;

// Seller AS (region 03) and the e2e catalogue. 2021-03 has care for 04 (R8),
// 20 (R1), 21 (R3, R11) and 03 (R10: the seller's own region, held); R2, R9
// and R05 (04, 2021-03-14) are held for DRG Z99Z. In parts R10 (range 03) is
// read before R05 (range 04): the held list is sorted by record id after.
const char kRecords[] =
    "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,,341,I35.0,0480\n"
    "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,2080\n"
    "R9,AS,191212121212,20,inpatient,K,2020-06-10,2020-06-12,Z99Z,50000,,341,I35.0,2080\n"
    "R2,AS,191212121212,04,doctor_visit,K,2021-02-15,,Z99Z,,,341,I35.0,0480\n"
    "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2080\n"
    "R3,AS,191212121212,21,doctor_visit,K,2021-03-10,,B02B,,200,341,I35.0,2180\n"
    "R8,AS,191212121212,04,doctor_visit,K,2021-03-12,,B02B,,,341,I35.0,0480\n"
    "R05,AS,191212121212,04,doctor_visit,K,2021-03-14,,Z99Z,,,341,I35.0,0480\n"
    "R10,AS,191212121212,03,doctor_visit,K,2021-03-15,,B02B,,,341,I35.0,0380\n"
    "R11,AS,191212121212,21,inpatient,K,2021-03-20,2021-03-22,A01A,80000,,341,I35.0,2180\n";

// New versions after 2021-03 is billed: R1 moves from 20 to 21 (reason 1),
// R3 from 21 to 04 (1), R11's fee 0 -> 100 (2): R3's and R11's reversals go on
// one credit note (to 21's March invoice) from two ranges, in record id order
// (R11, R3); R6 (2020) gets DRG B02B (3); R8 moves from March to May with a
// fee of 100 (2; a later month of the next run: reversed on its first month,
// April, posted in May); R12 is late care of January for 21; R13 (20) and R14
// (04) are April's.
const char kFix[] =
    "R1,AS,191212121212,21,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2180\n"
    "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,200,341,I35.0,0480\n"
    "R11,AS,191212121212,21,inpatient,K,2021-03-20,2021-03-22,A01A,80000,100,341,I35.0,2180\n"
    "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,B02B,90000,,341,I35.0,2080\n"
    "R8,AS,191212121212,04,doctor_visit,K,2021-05-03,,B02B,,100,341,I35.0,0480\n"
    "R12,AS,191212121212,21,doctor_visit,K,2021-01-20,,B02B,,,341,I35.0,2180\n"
    "R13,AS,191212121212,20,doctor_visit,K,2021-04-02,,B02B,,,341,I35.0,2080\n"
    "R14,AS,191212121212,04,doctor_visit,K,2021-04-09,,B02B,,,341,I35.0,0480\n";

class BillingParts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("billing-parts");
    testing::write_billing_catalogue(dir_);
    write(dir_ / "records.csv", testing::records_header() + kRecords);
    for (auto* s : {&whole_, &parts_}) {
      *s = std::make_unique<Store>((dir_ / (s == &whole_ ? "whole.db" : "parts.db")).string());
      (*s)->migrate();
      for (const auto& [kind, path] : files_in_directory(dir_.string()))
        ASSERT_TRUE(import_file(**s, kind, path, {}).ok()) << path;
    }
  }
  void TearDown() override {
    whole_.reset();
    parts_.reset();
    fs::remove_all(dir_);
  }
  // Bills both stores through `through`: one month whole, the other in parts
  // of one county each (at most one record row a part).
  std::pair<BillResult, BillResult> bill(const std::string& through) {
    BillOptions o;
    o.through = *Period::parse(through);
    BillResult whole = run_billing(*whole_, o);
    o.versions_per_part = 1;
    BillResult parts = run_billing(*parts_, o);
    return {whole, parts};
  }
  void import_fix() {
    write(dir_ / "fix.csv", testing::records_header() + kFix);
    for (auto* s : {&whole_, &parts_})
      ASSERT_TRUE(import_file(**s, "records", (dir_ / "fix.csv").string(), {}).ok());
  }

  fs::path dir_;
  std::unique_ptr<Store> whole_, parts_;
};

// The ledger's rows, field by field: invoices in number order, each with its
// lines and postings; the follow-up facts; the stored held versions.
std::string ledger_text(Store& store) {
  LedgerStore ledger(store);
  std::string out;
  auto field = [&out](const auto& v) {
    if constexpr (std::is_convertible_v<decltype(v), std::string>)
      out += std::string(v) + "|";
    else
      out += std::to_string(v) + "|";
  };
  for (const Invoice& i : ledger.invoices({"AS", std::nullopt, std::nullopt})) {
    for (const std::string& s : {i.number, i.buyer, i.period.str(), i.spec_id, i.reference_number,
                                 format_iso(i.issue_date)})
      field(s);
    for (int64_t n : {i.run_id, int64_t{static_cast<int>(i.type)},
                      int64_t{static_cast<int>(i.kind)}, i.total.ore(), i.lines, i.late_lines})
      field(n);
    out += "\n";
    for (const InvoiceLine& l : ledger.lines(i)) {
      for (int64_t n : {l.line_no, l.posting_id, l.amount.ore(), int64_t{l.late}, l.reference_line,
                        int64_t{l.reason_code}})
        field(n);
      field(l.reference_number);
      out += "\n";
    }
    for (const Posting& p : ledger.postings_of(i)) {
      for (const std::string& s : {p.record_id, p.buyer, p.drg, format_iso(p.billing_date)})
        field(s);
      for (int64_t n : {p.id, p.run_id, int64_t{static_cast<int>(p.kind)}, p.record_version,
                        p.amount.ore(), p.reverses, int64_t{p.reason_code}})
        field(n);
      out += "\n";
    }
  }
  const FollowupFacts facts = ledger.stored_facts();
  for (const auto& [k, x] : facts.rows()) {
    for (std::string_view s : {k.seller, k.buyer, k.care_type, k.drg, k.clinic})
      field(std::string(s));
    for (int64_t n : {int64_t{k.period_year}, int64_t{k.billing_year}, int64_t{k.subscription},
                      int64_t{k.outlier}, int64_t{k.referral}, x.contacts, x.points, x.inlier_kpp,
                      x.inlier_points, x.amount, x.variable, x.outliers, x.items})
      field(n);
    out += "\n";
  }
  for (const HeldRecord& h : ledger.stored_held("AS"))
    out += h.record_id + " " + format_iso(h.billing_date) + " " + h.reason + "\n";
  return out;
}

void expect_same_run(const BillResult& whole, const BillResult& parts) {
  EXPECT_EQ(whole.sellers, parts.sellers);
  EXPECT_EQ(whole.held, parts.held);
  ASSERT_EQ(whole.issued.size(), parts.issued.size());
  for (size_t i = 0; i < whole.issued.size(); ++i) {
    EXPECT_EQ(whole.issued[i].number, parts.issued[i].number);
    EXPECT_EQ(whole.issued[i].total, parts.issued[i].total);
  }
  EXPECT_EQ(whole.months_in_parts, 0u);
}

TEST_F(BillingParts, AMonthInPartsLeavesTheLedgerAWholeMonthLeaves) {
  const auto [whole, parts] = bill("2021-03");
  expect_same_run(whole, parts);
  // 2021-03 holds four counties: in parts. (The other months hold one.)
  EXPECT_EQ(parts.months_in_parts, 1u);
  // 2021-03's care invoices in buyer order: 04 (R8), 20 (R1), 21 (R3, R11).
  std::vector<std::string> march;
  for (const Invoice& i : parts.issued)
    if (i.period == Period(2021, 3) && i.kind == BillingKind::care)
      march.push_back(i.buyer + ":" + std::to_string(i.lines));
  EXPECT_EQ(march, (std::vector<std::string>{"04:1", "20:1", "21:2"}));
  // Month by month: R9 (2020-06, Z99Z), R2 (2021-02, Z99Z), then 2021-03's by
  // record id: R05 (Z99Z), R10 (the seller's own region).
  std::string held;
  for (const HeldRecord& h : parts.held) held += h.record_id + " ";
  EXPECT_EQ(held, "R9 R2 R05 R10 ");
  const std::string text = ledger_text(*whole_);
  EXPECT_EQ(ledger_text(*parts_), text);
  EXPECT_TRUE(LedgerStore(*parts_).verify().empty());

  import_fix();
  const auto [whole2, parts2] = bill("2021-05");
  expect_same_run(whole2, parts2);
  EXPECT_EQ(parts2.months_in_parts, 1u);  // April: 04 and 20 (May: 04 only)
  const BillSummary& run2 = parts2.sellers.front();
  EXPECT_EQ(run2.reversals, 5);     // R1, R3, R6, R8, R11, all on April's credit notes
  EXPECT_EQ(run2.credit_notes, 4);  // to March's 04 (R8), 20 (R1), 21 (R3, R11); 2020-06's 20 (R6)
  // R6's reversal and new posting (billed 2020-06-01, issued 2021-05-01:
  // more than six months); R12 (2021-01-20) is not late.
  EXPECT_EQ(run2.late_lines, 2);
  std::vector<std::string> credit_21;
  for (const Invoice& i : parts2.issued)
    if (i.type == InvoiceType::credit && i.buyer == "21")
      for (const Posting& p : LedgerStore(*parts_).postings_of(i)) credit_21.push_back(p.record_id);
  EXPECT_EQ(credit_21, (std::vector<std::string>{"R11", "R3"}));
  EXPECT_EQ(ledger_text(*parts_), ledger_text(*whole_));
  EXPECT_NE(ledger_text(*parts_), text);
  EXPECT_TRUE(LedgerStore(*parts_).verify().empty());

  // A re-run with nothing to do says the same either way.
  const auto [whole3, parts3] = bill("2021-05");
  expect_same_run(whole3, parts3);
  EXPECT_TRUE(parts3.issued.empty());
}

// The months after a run's first read ahead on a second session
// (BillOptions::read_ahead) leave, row for row, the ledger that reading every
// month in turn leaves: a first run, then one whose first month reverses R8
// (moved from March to May, a later month of the run) before May is read, with
// late care, changed buyers and a changed DRG; also with months in parts.
TEST_F(BillingParts, MonthsReadAheadLeaveTheLedgerMonthsReadInTurnLeave) {
  for (const int64_t per_part : {int64_t{65536}, int64_t{1}}) {
    SCOPED_TRACE(per_part);
    if (per_part == 1) {  // afresh
      TearDown();
      SetUp();
    }
    auto run = [&](const std::string& through) {
      BillOptions o;
      o.through = *Period::parse(through);
      o.versions_per_part = per_part;
      o.read_ahead = false;
      const BillResult in_turn = run_billing(*whole_, o);
      o.read_ahead = true;
      const BillResult ahead = run_billing(*parts_, o);
      EXPECT_EQ(in_turn.months_read_ahead, 0u);
      EXPECT_EQ(in_turn.sellers, ahead.sellers);
      EXPECT_EQ(in_turn.held, ahead.held);
      EXPECT_EQ(in_turn.issued.size(), ahead.issued.size());
      EXPECT_EQ(in_turn.months_in_parts, ahead.months_in_parts);
      EXPECT_EQ(ledger_text(*parts_), ledger_text(*whole_));
      EXPECT_TRUE(LedgerStore(*parts_).verify().empty());
      return ahead.months_read_ahead;
    };
    EXPECT_EQ(run("2021-03"), 13u);  // 2020-02..2021-03: all but the first
    import_fix();
    EXPECT_EQ(run("2021-05"), 1u);  // May, after April's reversal of R8 is committed
  }
}

// A reader of months ahead gives its session back (MonthReadAhead::release),
// also with a read under way, and a reader on that session reads what one on
// a session of its own reads, and what was committed since: a billing run
// reads the next seller's months ahead on the session of the seller before.
TEST_F(BillingParts, AReadAheadSessionIsGivenBackToTheNextReader) {
  Catalogue catalogue;
  load_catalogue(*whole_, catalogue);
  const BillingSeller as{"AS", "03", "2321000024"};
  const Period march = *Period::parse("2021-03");
  auto reader = [&](std::unique_ptr<Store> session, int64_t watermark) {
    return std::make_unique<MonthReadAhead>(std::move(session), catalogue, as,
                                            BillingMonths{*Period::parse("2021-02"), march},
                                            std::nullopt, std::set<int>{}, watermark, 65536);
  };
  auto record_ids = [](const MonthReadAhead::Month& m) {
    std::vector<std::string> ids;
    for (const auto& a : m.versions->added) ids.push_back(a.posting.record_id);
    for (const auto& h : m.versions->held) ids.push_back("held " + h.record_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  std::unique_ptr<Store> session = whole_->open_beside();
  const Store* opened = session.get();
  auto first = reader(std::move(session), whole_->imports_seen());
  first->start(march);
  const std::optional<MonthReadAhead::Month> own = first->take(march);
  ASSERT_TRUE(own && own->versions);
  EXPECT_EQ(record_ids(*own),
            (std::vector<std::string>{"R1", "R11", "R3", "R8", "held R05", "held R10"}));
  first->start(march);  // under way when the session is given back
  std::unique_ptr<Store> back = first->release();
  ASSERT_EQ(back.get(), opened);
  EXPECT_TRUE(back->idle());

  // R15, March, is imported after the session's last read.
  const int64_t before = whole_->imports_seen();
  write(dir_ / "r15.csv",
        testing::records_header() +
            "R15,AS,191212121212,20,doctor_visit,K,2021-03-25,,B02B,,,341,I35.0,2080\n");
  ASSERT_TRUE(import_file(*whole_, "records", (dir_ / "r15.csv").string(), {}).ok());
  auto second = reader(std::move(back), whole_->imports_seen());
  second->start(march);
  const std::optional<MonthReadAhead::Month> on_given = second->take(march);
  ASSERT_TRUE(on_given && on_given->versions);
  EXPECT_FALSE(on_given->stale);
  EXPECT_EQ(record_ids(*on_given),
            (std::vector<std::string>{"R1", "R11", "R15", "R3", "R8", "held R05", "held R10"}));
  // A reader whose run began before that import finds its read stale.
  auto third = reader(second->release(), before);
  third->start(march);
  const std::optional<MonthReadAhead::Month> late = third->take(march);
  ASSERT_TRUE(late);
  EXPECT_TRUE(late->stale);
}

}  // namespace
}  // namespace vardavtal
