// Hand-computed outlier tests (docs/pricing.md#outliers): LOS and cost limits at the
// boundary, methods kpp / surcharge / none, cost_outlier_share, leave days,
// and ÖR27 with everything at once. DRG E03N in the 2021 list: weight 1.2345,
// los_limit 10, cost_limit 300 000.00 kr, day_weight 0.2345; P = 69 927 kr;
// drg_value = 8 632 488 öre (see pricing_fixture.h).
#include <gtest/gtest.h>

#include <vector>

#include "pricing_fixture.h"

namespace vardavtal {
namespace {

using namespace pricing_test;

constexpr int64_t kDrg = 8632488;
const Money kCost = ore(31234567);  // KPP cost 312 345.67 kr, 12 345.67 kr above the limit

PricedRecord price(const Record& r, const Catalogue& c, const std::vector<ItemLine>& items = {}) {
  const PricedRecord p = price_record(r, items, c);
  EXPECT_EQ(p.held, HeldReason::none) << held_message(p, r);
  return p;
}

// --- LOS limit ---------------------------------------------------------------

TEST(LosOutlier, AtTheLimitIsNotAnOutlierOneDayAboveIs_Kpp) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp);
  // 10 care days = los_limit: not an outlier, DRG price.
  PricedRecord p = price(stay("18", "2021-03-01", "2021-03-11", "E03N", kr(123456)), c);
  EXPECT_EQ(p.care_days, 10);
  EXPECT_FALSE(p.los_outlier);
  EXPECT_EQ(p.outlier, OutlierKind::none);
  EXPECT_EQ(p.drg_amount, ore(kDrg));
  EXPECT_EQ(p.los_outlier_amount, Money());
  EXPECT_EQ(p.gross, ore(kDrg));
  // 11 care days: LOS outlier, billed by its KPP cost 123 456.00 kr instead of the DRG price.
  p = price(stay("18", "2021-03-01", "2021-03-12", "E03N", ore(12345678)), c);
  EXPECT_EQ(p.care_days, 11);
  EXPECT_TRUE(p.los_outlier);
  EXPECT_FALSE(p.cost_outlier);  // 123 456.78 kr < 300 000 kr
  EXPECT_EQ(p.outlier, OutlierKind::los);
  EXPECT_EQ(p.drg_value, ore(kDrg));  // still reported
  EXPECT_EQ(p.drg_amount, Money());
  EXPECT_EQ(p.los_outlier_amount, ore(12345678));
  EXPECT_EQ(p.cost_outlier_amount, Money());
  EXPECT_EQ(p.gross, ore(12345678));
}

TEST(LosOutlier, SurchargePerDayBeyondTheLimit) {
  Catalogue c;
  fill_standard(c, OutlierMethod::surcharge);
  PricedRecord p = price(stay("18", "2021-03-01", "2021-03-11", "E03N"), c);  // 10 days
  EXPECT_FALSE(p.los_outlier);
  EXPECT_EQ(p.los_outlier_amount, Money());
  EXPECT_EQ(p.gross, ore(kDrg));
  // 11 days: (11 − 10) × 0.2345 × 69 927 kr = 16 397.8815 kr = 1 639 788.15 öre -> 1 639 788
  p = price(stay("18", "2021-03-01", "2021-03-12", "E03N"), c);
  EXPECT_TRUE(p.los_outlier);
  EXPECT_EQ(p.outlier, OutlierKind::los);
  EXPECT_EQ(p.drg_amount, ore(kDrg));
  EXPECT_EQ(p.los_outlier_amount, ore(1639788));
  EXPECT_EQ(p.gross, ore(10272276));  // 8 632 488 + 1 639 788
  // 13 days: 3 × 0.2345 = 0.7035 points × 69 927 kr = 49 193.6445 kr -> 4 919 364 öre
  p = price(stay("18", "2021-03-01", "2021-03-14", "E03N"), c);
  EXPECT_EQ(p.los_outlier_amount, ore(4919364));
  // 14 days: 4 × 0.2345 = 0.938 points × 69 927 kr = 65 591.526 kr = 6 559 152.6 öre -> 6 559 153,
  // rounded once (4 × the rounded single day, 4 × 1 639 788 = 6 559 152, would be 1 öre short).
  p = price(stay("18", "2021-03-01", "2021-03-15", "E03N"), c);
  EXPECT_EQ(p.los_outlier_amount, ore(6559153));
}

TEST(LosOutlier, LeaveDaysReduceCareDays) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp);
  // 2021-03-01 .. 2021-03-13 = 12 days; 2 leave days -> 10 care days: not an outlier.
  PricedRecord p = price(stay("18", "2021-03-01", "2021-03-13", "E03N", kr(123456), 2), c);
  EXPECT_EQ(p.care_days, 10);
  EXPECT_FALSE(p.los_outlier);
  EXPECT_EQ(p.gross, ore(kDrg));
  // 1 leave day -> 11 care days: a LOS outlier billed at its KPP cost 123 456 kr.
  p = price(stay("18", "2021-03-01", "2021-03-13", "E03N", kr(123456), 1), c);
  EXPECT_EQ(p.care_days, 11);
  EXPECT_TRUE(p.los_outlier);
  EXPECT_EQ(p.drg_amount, Money());
  EXPECT_EQ(p.los_outlier_amount, ore(12345600));
  // No leave: 12 care days.
  EXPECT_EQ(price(stay("18", "2021-03-01", "2021-03-13", "E03N", kr(123456)), c).care_days, 12);
}

// --- Cost limit --------------------------------------------------------------

TEST(CostOutlier, AtTheLimitIsNotAnOutlierOneOreAboveIs_Kpp) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp);
  PricedRecord p = price(stay("18", "2021-03-01", "2021-03-06", "E03N", kr(300000)), c);
  EXPECT_FALSE(p.cost_outlier);
  EXPECT_EQ(p.gross, ore(kDrg));
  p = price(stay("18", "2021-03-01", "2021-03-06", "E03N", ore(30000001)), c);
  EXPECT_TRUE(p.cost_outlier);
  EXPECT_EQ(p.outlier, OutlierKind::cost);
  EXPECT_EQ(p.drg_amount, Money());
  EXPECT_EQ(p.cost_outlier_amount, ore(30000001));  // the whole cost
  EXPECT_EQ(p.gross, ore(30000001));
}

TEST(CostOutlier, AloneUnderKppBillsTheWholeCost) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp);
  const PricedRecord p = price(stay("18", "2021-03-01", "2021-03-06", "E03N", kCost), c);
  EXPECT_FALSE(p.los_outlier);  // 5 days
  EXPECT_TRUE(p.cost_outlier);
  EXPECT_EQ(p.outlier, OutlierKind::cost);
  EXPECT_EQ(p.drg_amount, Money());
  EXPECT_EQ(p.los_outlier_amount, Money());
  EXPECT_EQ(p.cost_outlier_amount, ore(31234567));
  EXPECT_EQ(p.gross, ore(31234567));
  EXPECT_EQ(p.drg_based_value(), ore(31234567));
}

TEST(CostOutlier, SurchargeShareOfTheCostAboveTheLimit) {
  // cost_outlier_share 1.0: 312 345.67 − 300 000.00 = 12 345.67 kr = 1 234 567 öre
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::surcharge);
    const PricedRecord p = price(stay("18", "2021-03-01", "2021-03-06", "E03N", kCost), c);
    EXPECT_EQ(p.outlier, OutlierKind::cost);
    EXPECT_EQ(p.drg_amount, ore(kDrg));
    EXPECT_EQ(p.cost_outlier_amount, ore(1234567));
    EXPECT_EQ(p.gross, ore(9867055));  // 8 632 488 + 1 234 567
  }
  // cost_outlier_share 0.75: 0.75 × 1 234 567 = 925 925.25 -> 925 925
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::surcharge, [](Agreement& a) { a.cost_outlier_share = 7500; });
    const PricedRecord p = price(stay("18", "2021-03-01", "2021-03-06", "E03N", kCost), c);
    EXPECT_EQ(p.cost_outlier_amount, ore(925925));
    EXPECT_EQ(p.gross, ore(9558413));  // 8 632 488 + 925 925
  }
  // cost_outlier_share 0.5 at exactly half an öre.
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::surcharge, [](Agreement& a) { a.cost_outlier_share = 5000; });
    auto cost_amount = [&](int64_t kpp_ore) {
      return price(stay("18", "2021-03-01", "2021-03-06", "E03N", ore(kpp_ore)), c)
          .cost_outlier_amount.ore();
    };
    EXPECT_EQ(cost_amount(30000001), 1);       // 0.5 × 1 öre = 0.5 -> 1
    EXPECT_EQ(cost_amount(30000003), 2);       // 0.5 × 3 öre = 1.5 -> 2
    EXPECT_EQ(cost_amount(31234567), 617284);  // 0.5 × 1 234 567 = 617 283.5 -> 617 284
    EXPECT_EQ(cost_amount(30000000), 0);       // at the limit: no outlier
  }
}

// --- Both outliers together --------------------------------------------------

TEST(BothOutliers, KppLosWinsAndTakesTheWholeCost) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp);
  // 11 days > 10 and 312 345.67 kr > 300 000 kr.
  const PricedRecord p = price(stay("18", "2021-03-01", "2021-03-12", "E03N", kCost), c);
  EXPECT_TRUE(p.los_outlier);
  EXPECT_TRUE(p.cost_outlier);
  EXPECT_EQ(p.outlier, OutlierKind::los);
  EXPECT_EQ(p.drg_amount, Money());
  EXPECT_EQ(p.los_outlier_amount, ore(31234567));
  EXPECT_EQ(p.cost_outlier_amount, Money());
  EXPECT_EQ(p.gross, ore(31234567));  // the cost once, not twice
}

TEST(BothOutliers, SurchargeAddsBoth) {
  Catalogue c;
  fill_standard(c, OutlierMethod::surcharge);
  // 13 days, 312 345.67 kr.
  const PricedRecord p = price(stay("18", "2021-03-01", "2021-03-14", "E03N", kCost), c);
  EXPECT_TRUE(p.los_outlier);
  EXPECT_TRUE(p.cost_outlier);
  EXPECT_EQ(p.outlier, OutlierKind::los);
  EXPECT_EQ(p.drg_amount, ore(kDrg));              // 8 632 488
  EXPECT_EQ(p.los_outlier_amount, ore(4919364));   // round(3 × 0.2345 × 69 927 kr)
  EXPECT_EQ(p.cost_outlier_amount, ore(1234567));  // 1.0 × (31 234 567 − 30 000 000)
  EXPECT_EQ(p.gross, ore(14786419));               // 8 632 488 + 4 919 364 + 1 234 567
}

// --- Method none -------------------------------------------------------------

TEST(MethodNone, NoOutlierAmountsEvenBeyondBothLimits) {
  Catalogue c;
  fill_standard(c, OutlierMethod::none);
  PricedRecord p = price(stay("18", "2021-03-01", "2021-03-14", "E03N", kCost), c);
  EXPECT_EQ(p.outlier, OutlierKind::none);
  EXPECT_EQ(p.drg_amount, ore(kDrg));
  EXPECT_EQ(p.los_outlier_amount, Money());
  EXPECT_EQ(p.cost_outlier_amount, Money());
  EXPECT_EQ(p.gross, ore(kDrg));
  // No KPP cost is needed either.
  p = price(stay("18", "2021-03-01", "2021-03-14", "E03N"), c);
  EXPECT_EQ(p.gross, ore(kDrg));
}

// --- LOS outlier without KPP cost --------------------------------------------

TEST(LosOutlierWithoutCost, HeldUnderKppPricedUnderSurcharge) {
  const Record r = stay("18", "2021-03-01", "2021-03-12", "E03N");  // 11 days, no cost
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::kpp);
    const PricedRecord p = price_record(r, {}, c);
    EXPECT_EQ(p.held, HeldReason::outlier_without_kpp_cost);
    EXPECT_EQ(p.gross, Money());
  }
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::surcharge);
    const PricedRecord p = price(r, c);
    EXPECT_TRUE(p.los_outlier);
    EXPECT_FALSE(p.cost_outlier);
    EXPECT_EQ(p.los_outlier_amount, ore(1639788));
    EXPECT_EQ(p.cost_outlier_amount, Money());
    EXPECT_EQ(p.gross, ore(10272276));
  }
  // Under kpp a non-outlier needs no cost.
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::kpp);
    EXPECT_EQ(price(stay("18", "2021-03-01", "2021-03-11", "E03N"), c).gross, ore(kDrg));
  }
}

// --- ÖR27 with everything ----------------------------------------------------

TEST(Or27, GrossIsDrgPlusOutliersPlusItemsMinusFee) {
  const std::vector<ItemLine> items{{"IMPL1", 2}, {"DRUG7", 3}, {"DRUG7", -1}, {"DRUG9", 7}};
  Record r = stay("18", "2021-03-01", "2021-03-14", "E03N", kCost);  // 13 days
  r.patient_fee = kr(100);
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::surcharge);
    const PricedRecord p = price(r, c, items);
    EXPECT_EQ(p.items_amount, ore(2716079));  // see price_test.cpp
    // 8 632 488 + 4 919 364 + 1 234 567 + 2 716 079 − 10 000 = 17 492 498
    EXPECT_EQ(p.gross, ore(17492498));
    EXPECT_EQ(p.variable_amount, ore(17492498));
  }
  {
    Catalogue c;
    fill_standard(c, OutlierMethod::kpp);
    const PricedRecord p = price(r, c, items);
    // 0 + 31 234 567 + 0 + 2 716 079 − 10 000 = 33 940 646
    EXPECT_EQ(p.gross, ore(33940646));
  }
}

}  // namespace
}  // namespace vardavtal
