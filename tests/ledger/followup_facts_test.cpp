#include <gtest/gtest.h>

#include "ledger/followup_facts.h"

namespace vardavtal {
namespace {

Posting posting(const char* buyer, const char* drg, int64_t weight, const char* outlier,
                int year) {
  Posting p;
  p.seller = "AS";
  p.buyer = buyer;
  p.drg = drg;
  p.weight = weight;
  p.outlier = outlier;
  p.billing_date = Date{date::year{year}, date::June, date::day{15}};
  // DRG 100 000.00 + LOS outlier 50 000.01 at s = 0.4, items 300.00 (see posting_test):
  // amount 90 300.01 = variable 60 000.00 + outliers 30 000.01 + items 300.00.
  p.drg_amount = Money::from_ore(10000000);
  p.los_outlier_amount = Money::from_ore(5000001);
  p.items_amount = Money::from_ore(30000);
  p.amount = Money::from_ore(9030001);
  return p;
}

const FactSums* find(const FollowupFacts& f, const FactKey& k) {
  auto it = f.rows().find(k);
  return it == f.rows().end() ? nullptr : &it->second;
}

TEST(FollowupFacts, CarePostingAddsCountsPointsAndTheSplit) {
  FollowupFacts f;
  std::string clinic = "Neuro";
  RecordFacts r{CareType::inpatient, clinic, true, Money::from_ore(12345600)};
  f.add(posting("20", "A08E", 25000, "los", 2021), 2021, &r);
  ASSERT_EQ(f.rows().size(), 1u);
  const auto& [k, s] = *f.rows().begin();
  EXPECT_EQ(k.seller, "AS");
  EXPECT_EQ(k.buyer, "20");
  EXPECT_EQ(k.care_type, "inpatient");
  EXPECT_EQ(k.clinic, "Neuro");
  EXPECT_TRUE(k.outlier);
  EXPECT_TRUE(k.referral);
  EXPECT_EQ(s.contacts, 1);
  EXPECT_EQ(s.points, 25000);
  // An outlier: its KPP cost stays out of the cost per point.
  EXPECT_EQ(s.inlier_kpp, 0);
  EXPECT_EQ(s.inlier_points, 0);
  EXPECT_EQ(s.amount, 9030001);
  EXPECT_EQ(s.variable, 6000000);
  EXPECT_EQ(s.outliers, 3000001);
  EXPECT_EQ(s.items, 30000);
}

TEST(FollowupFacts, InliersCarryTheirKppCostAndItemOnlyCareNone) {
  FollowupFacts f;
  std::string clinic = "Neuro";
  RecordFacts with_cost{CareType::inpatient, clinic, false, Money::from_ore(5000000)};
  RecordFacts no_cost{CareType::inpatient, clinic, false, std::nullopt};
  f.add(posting("20", "A08E", 25000, "none", 2021), 2021, &with_cost);
  f.add(posting("20", "A08E", 25000, "none", 2021), 2021, &no_cost);
  f.add(posting("20", "", 0, "none", 2021), 2021, &with_cost);  // item-only: no DRG
  FactKey k{"AS", "20", 2021, 2021, false, "inpatient", "A08E", "Neuro", false, false};
  const FactSums* s = find(f, k);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->contacts, 2);
  EXPECT_EQ(s->points, 50000);
  EXPECT_EQ(s->inlier_kpp, 5000000);  // only the one with a KPP cost
  EXPECT_EQ(s->inlier_points, 25000);
  k.drg = "";
  s = find(f, k);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->contacts, 1);
  EXPECT_EQ(s->inlier_kpp, 0);
}

TEST(FollowupFacts, AReversalTakesBackItsPostingInItsCareYearButCreditsItsOwnPeriod) {
  FollowupFacts f;
  std::string clinic = "Neuro";
  RecordFacts r{CareType::inpatient, clinic, false, Money::from_ore(5000000)};
  Posting p = posting("20", "A08E", 25000, "none", 2020);
  p.id = 7;
  f.add(p, 2020, &r);
  f.add(reversal_of(p, 1), 2021, &r);  // credited in a 2021 period
  FactKey k{"AS", "20", 2020, 2020, false, "inpatient", "A08E", "Neuro", false, false};
  ASSERT_NE(find(f, k), nullptr);
  EXPECT_EQ(find(f, k)->contacts, 1);
  k.period_year = 2021;
  const FactSums* c = find(f, k);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->contacts, -1);
  EXPECT_EQ(c->points, -25000);
  EXPECT_EQ(c->inlier_kpp, -5000000);
  EXPECT_EQ(c->amount, -9030001);
  EXPECT_EQ(c->variable + c->outliers + c->items, -9030001);
  // Summed over billed years, nothing of it is in force.
  FactSums total;
  for (const auto& [key, s] : f.rows()) total += s;
  EXPECT_EQ(total, FactSums{});
}

TEST(FollowupFacts, SubscriptionsCarryOnlyTheirAmount) {
  FollowupFacts f;
  Posting p;
  p.kind = PostingKind::subscription;
  p.seller = "AS";
  p.buyer = "04";
  p.billing_date = Date{date::year{2021}, date::March, date::day{1}};
  p.amount = Money::from_ore(104187);
  f.add(p, 2021, nullptr);
  f.add(p, 2021, nullptr);
  FactKey k{"AS", "04", 2021, 2021, true, "", "", "", false, false};
  const FactSums* s = find(f, k);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->amount, 208374);
  EXPECT_EQ(s->contacts, 0);
  EXPECT_EQ(s->variable, 0);
  // A care posting without its record's facts is a bug.
  Posting c = posting("04", "A08E", 1, "none", 2021);
  EXPECT_THROW(f.add(c, 2021, nullptr), std::logic_error);
}

}  // namespace
}  // namespace vardavtal
