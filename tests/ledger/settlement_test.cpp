// The year-end true-ups' planner (ledger/settlement.h): §8.7 examples 3 and 4
// through plan_settlement, and each rule with hand-computed values: a positive
// difference invoiced, a negative one credited (referring to the kind's last
// invoice), no difference issues nothing, and numbering continues the series.
#include "ledger/settlement.h"

#include <gtest/gtest.h>

namespace vardavtal {
namespace {

Money kr(int64_t kronor, int64_t ore = 0) { return Money::from_ore(kronor * 100 + ore); }

class SettlementPlanner : public ::testing::Test {
 protected:
  void SetUp() override {
    agreement_.terms.id = "NORRA21";
    agreement_.terms.seller = "NUS";
    agreement_.terms.year = 2021;
    agreement_.version = 3;
    agreement_.point_price = kr(60000);
    in_.seller = {"NUS", "24", "2321000222"};
    in_.year = 2021;
    in_.agreement = &agreement_;
    in_.counters.run_id = 7;
    in_.counters.next_posting_id = 100;
    in_.counters.last_seq = 41;
    in_.issue_date = date::year{2022} / 1 / 1;
  }
  void settle_a_third() { agreement_.terms.settlement_share = Fraction{1, 3}; }
  void commit(const std::string& buyer, int64_t points, std::optional<int64_t> cap) {
    agreement_.terms.commitment_points[buyer] = points;
    if (cap) agreement_.terms.commitment_cap_points[buyer] = *cap;
    agreement_.terms.commitment_shortfall_share = 5000;
    agreement_.terms.commitment_above_cap_share = 5000;
  }
  SettlementBuyer& buyer(const std::string& code) {
    in_.buyers.push_back({});
    in_.buyers.back().buyer = code;
    return in_.buyers.back();
  }
  PricingAgreement agreement_;
  SettlementInput in_;
};

// §8.7 example 3: C = 12 000 000.00, I = 11 000 000.01, share 1/3:
// round(999 999.99 / 3) = 333 333.33 invoiced.
TEST_F(SettlementPlanner, Example3SettlesAThirdOfTheDifference) {
  settle_a_third();
  SettlementBuyer& b = buyer("22");
  b.kpp_cost = kr(12000000);
  b.invoiced = kr(11000000, 1);
  const SettlementPlan plan = plan_settlement(in_);
  ASSERT_EQ(plan.bases.size(), 1u);
  EXPECT_EQ(plan.bases[0].due, kr(333333, 33));
  ASSERT_EQ(plan.invoices.size(), 1u);
  const Invoice& inv = plan.invoices[0];
  EXPECT_EQ(inv.number, "2400000042");
  EXPECT_EQ(inv.type, InvoiceType::invoice);
  EXPECT_EQ(inv.kind, BillingKind::settlement);
  EXPECT_EQ(inv.period, Period(2021, 12));
  EXPECT_EQ(inv.total, kr(333333, 33));
  EXPECT_TRUE(inv.spec_id.empty());
  ASSERT_EQ(plan.postings.size(), 1u);
  const Posting& p = plan.postings[0];
  EXPECT_EQ(p.id, 100);
  EXPECT_EQ(p.kind, PostingKind::settlement);
  EXPECT_EQ(p.amount, kr(333333, 33));
  EXPECT_EQ(p.billing_date, date::year{2021} / 12 / 31);
  EXPECT_EQ(p.agreement_id, "NORRA21");
  EXPECT_EQ(p.agreement_version, 3);
  EXPECT_EQ(plan.bases[0].posting_id, 100);
  EXPECT_EQ(plan.lines[0].amount, kr(333333, 33));
  EXPECT_EQ(plan.next_counters.last_seq, 42);
  EXPECT_EQ(plan.next_counters.next_posting_id, 101);
}

// §8.7 example 4: 1 200 committed, 1 150.5 delivered, share 0.5:
// round(49.5 × 60 000 × 0.5) = 1 485 000.00 invoiced.
TEST_F(SettlementPlanner, Example4InvoicesTheShortfall) {
  commit("19", 12000000, std::nullopt);
  buyer("19").delivered = 11505000;
  const SettlementPlan plan = plan_settlement(in_);
  ASSERT_EQ(plan.invoices.size(), 1u);
  EXPECT_EQ(plan.invoices[0].kind, BillingKind::commitment);
  EXPECT_EQ(plan.invoices[0].total, kr(1485000));
  EXPECT_EQ(plan.postings[0].kind, PostingKind::commitment);
}

// Above the cap: round(max(0, D − cap) × P × (1 − above_cap_share)) credited;
// between commitment and cap: nothing.
TEST_F(SettlementPlanner, AboveTheCapIsCreditedAndWithinItNothing) {
  commit("19", 12000000, 13000000);
  commit("20", 12000000, 13000000);
  buyer("19").delivered = 13100000;  // 10 points above: 10 × 60 000 × 0.5 = 300 000.00
  buyer("20").delivered = 12500000;  // within: nothing
  const SettlementPlan plan = plan_settlement(in_);
  ASSERT_EQ(plan.bases.size(), 2u);
  EXPECT_EQ(plan.bases[0].due, -kr(300000));
  EXPECT_EQ(plan.bases[1].due, Money{});
  EXPECT_EQ(plan.bases[1].posting_id, 0);
  ASSERT_EQ(plan.invoices.size(), 1u);
  EXPECT_EQ(plan.invoices[0].type, InvoiceType::credit);
  EXPECT_EQ(plan.invoices[0].buyer, "19");
  EXPECT_EQ(plan.invoices[0].total, kr(300000));  // positive on the credit note
  EXPECT_EQ(plan.postings[0].amount, -kr(300000));
  EXPECT_EQ(plan.lines[0].amount, kr(300000));
}

// A negative settlement is credited; its credit note refers to the kind's
// last invoice when there is one.
TEST_F(SettlementPlanner, ANegativeDifferenceIsCreditedAgainstTheLastInvoice) {
  settle_a_third();
  SettlementBuyer& b = buyer("23");
  b.kpp_cost = kr(900);
  b.invoiced = kr(1200);  // round(−300 / 3) = −100.00
  b.settled[BillingKind::settlement] = kr(50);
  b.last_invoice[BillingKind::settlement] = "2400000007";
  const SettlementPlan plan = plan_settlement(in_);
  ASSERT_EQ(plan.invoices.size(), 1u);
  EXPECT_EQ(plan.bases[0].due, -kr(100));
  EXPECT_EQ(plan.bases[0].settled_before, kr(50));
  EXPECT_EQ(plan.invoices[0].type, InvoiceType::credit);
  EXPECT_EQ(plan.invoices[0].total, kr(150));  // −100 − 50
  EXPECT_EQ(plan.invoices[0].reference_number, "2400000007");
  EXPECT_EQ(plan.lines[0].reference_number, "2400000007");
}

// Settled already at what is due: nothing is issued, and the numbering does
// not move.
TEST_F(SettlementPlanner, NoDifferenceIssuesNothing) {
  settle_a_third();
  commit("25", 10000, std::nullopt);
  SettlementBuyer& b = buyer("25");
  b.kpp_cost = kr(400);
  b.invoiced = kr(100);  // 100.00 due
  b.settled[BillingKind::settlement] = kr(100);
  b.delivered = 10000;  // the commitment is met: 0 due
  const SettlementPlan plan = plan_settlement(in_);
  EXPECT_EQ(plan.bases.size(), 2u);
  EXPECT_TRUE(plan.invoices.empty());
  EXPECT_TRUE(plan.postings.empty());
  EXPECT_EQ(plan.next_counters.last_seq, 41);
  EXPECT_EQ(plan.next_counters.next_posting_id, 100);
}

// Both kinds for one buyer: settlement first, then commitment, numbered in turn.
TEST_F(SettlementPlanner, BothKindsAreIssuedInBuyerThenKindOrder) {
  settle_a_third();
  commit("22", 20000, std::nullopt);
  buyer("22").kpp_cost = kr(3);  // round(3 / 3) = 1.00
  SettlementBuyer& c = buyer("23");
  c.kpp_cost = kr(6);  // 2.00; 23 has no commitment
  in_.buyers[0].delivered = 10000;  // 1 point short: 1 × 60 000 × 0.5 = 30 000.00
  const SettlementPlan plan = plan_settlement(in_);
  ASSERT_EQ(plan.invoices.size(), 3u);
  EXPECT_EQ(plan.invoices[0].number, "2400000042");
  EXPECT_EQ(plan.invoices[0].kind, BillingKind::settlement);
  EXPECT_EQ(plan.invoices[0].total, kr(1));
  EXPECT_EQ(plan.invoices[1].kind, BillingKind::commitment);
  EXPECT_EQ(plan.invoices[1].total, kr(30000));
  EXPECT_EQ(plan.invoices[2].buyer, "23");
  EXPECT_EQ(plan.invoices[2].total, kr(2));
  EXPECT_EQ(plan.invoices[2].number, "2400000044");
}

// A committed buyer with no postings of the year owes the whole shortfall.
TEST_F(SettlementPlanner, ACommittedBuyerThatBoughtNothingOwesTheShortfall) {
  commit("21", 20000, std::nullopt);  // 2 points: 2 × 60 000 × 0.5 = 60 000.00
  const SettlementPlan plan = plan_settlement(in_);  // no buyers read
  ASSERT_EQ(plan.invoices.size(), 1u);
  EXPECT_EQ(plan.invoices[0].buyer, "21");
  EXPECT_EQ(plan.invoices[0].total, kr(60000));
}

// A kind settled before that the agreement no longer has is undone: nothing
// is due, and what was settled is reversed.
TEST_F(SettlementPlanner, TermsNoLongerInTheAgreementAreUndone) {
  SettlementBuyer& b = buyer("22");
  b.kpp_cost = kr(900);
  b.settled[BillingKind::settlement] = kr(100);
  b.settled[BillingKind::commitment] = -kr(40);
  b.last_invoice[BillingKind::settlement] = "2400000009";
  const SettlementPlan plan = plan_settlement(in_);  // neither kind in the terms
  ASSERT_EQ(plan.bases.size(), 2u);
  EXPECT_EQ(plan.bases[0].due, Money{});
  EXPECT_EQ(plan.bases[0].share, (Fraction{0, 1}));
  EXPECT_EQ(plan.bases[1].due, Money{});
  ASSERT_EQ(plan.invoices.size(), 2u);
  EXPECT_EQ(plan.invoices[0].type, InvoiceType::credit);
  EXPECT_EQ(plan.invoices[0].total, kr(100));
  EXPECT_EQ(plan.invoices[0].reference_number, "2400000009");
  EXPECT_EQ(plan.invoices[1].type, InvoiceType::invoice);
  EXPECT_EQ(plan.invoices[1].total, kr(40));
}

}  // namespace
}  // namespace vardavtal
