// Hand-computed tests of price_record (docs/pricing.md#pricing-a-record): the DRG value,
// rounding at half an öre, items, patient fee (ÖR27), care days, every held
// reason with its message, the agreement's weight-list year, and the
// variable part under a subscription. Outliers are in outlier_test.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "pricing_fixture.h"

namespace vardavtal {
namespace {

using namespace pricing_test;

PricedRecord price(const Record& r, const Catalogue& c, const std::vector<ItemLine>& items = {}) {
  return price_record(r, items, c);
}

void expect_no_amounts(const PricedRecord& p) {
  EXPECT_EQ(p.gross, Money());
  EXPECT_EQ(p.variable_amount, Money());
}

// --- DRG value ---------------------------------------------------------------

TEST(PriceRecord, DrgValueIsWeightTimesPointPriceRoundedOnce) {
  Catalogue c;
  fill_standard(c);
  // 5 care days (< los_limit 10), KPP cost 50 000 kr (< cost_limit 300 000 kr): no outlier.
  const Record r = stay("18", "2021-03-01", "2021-03-06", "E03N", kr(50000));
  const PricedRecord p = price(r, c);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  EXPECT_EQ(p.billing_year, 2021);
  EXPECT_EQ(p.care_days, 5);
  EXPECT_EQ(p.weight, 12345);
  // 1.2345 × 69 927 kr = 86 324.8815 kr = 8 632 488.15 öre -> 8 632 488
  EXPECT_EQ(p.drg_value, ore(8632488));
  EXPECT_EQ(p.drg_amount, ore(8632488));
  EXPECT_EQ(p.los_outlier_amount, Money());
  EXPECT_EQ(p.cost_outlier_amount, Money());
  EXPECT_EQ(p.items_amount, Money());
  EXPECT_EQ(p.patient_fee, Money());
  EXPECT_EQ(p.gross, ore(8632488));
  EXPECT_EQ(p.variable_amount, ore(8632488));  // no subscription: variable == gross
  EXPECT_EQ(p.outlier, OutlierKind::none);
  EXPECT_FALSE(p.los_outlier);
  EXPECT_FALSE(p.cost_outlier);
  ASSERT_NE(p.agreement, nullptr);
  EXPECT_EQ(p.agreement->terms.id, "MSV-2a-AS-2021");
  ASSERT_NE(p.weight_entry, nullptr);
  EXPECT_EQ(p.weight_entry->drg, "E03N");
  EXPECT_EQ(held_message(p, r), "");

  // 1.2346 × 69 927 kr = 86 331.8742 kr = 8 633 187.42 öre -> 8 633 187 (rounds down)
  const PricedRecord q = price(stay("18", "2021-03-01", "2021-03-06", "E03O"), c);
  ASSERT_EQ(q.held, HeldReason::none);
  EXPECT_EQ(q.drg_amount, ore(8633187));
  EXPECT_EQ(q.gross, ore(8633187));
}

TEST(PriceRecord, DischargeDateChoosesTheAgreementYear) {
  Catalogue c;
  fill_standard(c);  // only a 2021 agreement
  // Admitted 2020-12-28, discharged 2021-01-03: billing date in 2021, 6 care days.
  const PricedRecord p = price(stay("20", "2020-12-28", "2021-01-03", "E03N"), c);
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_EQ(p.billing_year, 2021);
  EXPECT_EQ(p.care_days, 6);
  EXPECT_EQ(p.gross, ore(8632488));
  // Admitted 2021-12-28, discharged 2022-01-02: billing year 2022, no agreement.
  const Record late = stay("20", "2021-12-28", "2022-01-02", "E03N");
  const PricedRecord q = price(late, c);
  EXPECT_EQ(q.held, HeldReason::no_agreement);
  EXPECT_EQ(q.billing_year, 2022);
  EXPECT_EQ(held_message(q, late), "no agreement for AS in 2022");
  expect_no_amounts(q);
}

// --- Rounding at exactly half an öre -----------------------------------------

TEST(PriceRecord, HalfAnOreRoundsAwayFromZero) {
  Catalogue c;
  for (const char* h : {"H50", "H49", "H51"}) c.set_hospital_region(h, "19");
  c.add_weight(weight_row(2021, "Z01A", 1), 1);                // 0.0001 points
  c.add_weight(weight_row(2021, "Z03A", 3), 1);                // 0.0003 points
  c.add_agreement(make_agreement("H50", 2021, ore(5000)), 1);  // 50.00 kr
  c.add_agreement(make_agreement("H49", 2021, ore(4999)), 1);  // 49.99 kr
  c.add_agreement(make_agreement("H51", 2021, ore(5001)), 1);  // 50.01 kr
  c.finalize();
  auto drg = [&](const char* seller, const char* code) {
    Record r = visit("18", "2021-06-01", code);
    r.seller = seller;
    const PricedRecord p = price(r, c);
    EXPECT_EQ(p.held, HeldReason::none) << held_message(p, r);
    EXPECT_EQ(p.gross, p.drg_amount);
    return p.drg_amount.ore();
  };
  EXPECT_EQ(drg("H50", "Z01A"), 1);  // 0.0001 × 50 kr = 0.005 kr = 0.5 öre -> 1
  EXPECT_EQ(drg("H50", "Z03A"), 2);  // 0.0003 × 50 kr = 1.5 öre -> 2
  EXPECT_EQ(drg("H49", "Z01A"), 0);  // 0.0001 × 49.99 kr = 0.4999 öre -> 0
  EXPECT_EQ(drg("H51", "Z01A"), 1);  // 0.0001 × 50.01 kr = 0.5001 öre -> 1
  EXPECT_EQ(drg("H49", "Z03A"), 1);  // 0.0003 × 49.99 kr = 1.4997 öre -> 1
}

TEST(Rounding, HalfAwayFromZeroBothSigns) {
  EXPECT_EQ(round_half_away(1, 2), 1);    //  0.5 ->  1
  EXPECT_EQ(round_half_away(-1, 2), -1);  // -0.5 -> -1
  EXPECT_EQ(round_half_away(3, 2), 2);    //  1.5 ->  2
  EXPECT_EQ(round_half_away(-3, 2), -2);  // -1.5 -> -2
  EXPECT_EQ(round_half_away(-1, 3), 0);   // -0.333 -> 0
  EXPECT_EQ(round_half_away(-2, 3), -1);  // -0.667 -> -1
  EXPECT_EQ(round_half_away(-4999, 10000), 0);
  EXPECT_EQ(round_half_away(-5000, 10000), -1);
}

TEST(VariableShare, HalfOfAnOddAmountRoundsAwayFromZero) {
  // s = 0.5: round(0.5 × 8 633 187) = round(4 316 593.5) = 4 316 594
  EXPECT_EQ(variable_share(ore(8633187), 5000), ore(4316594));
  EXPECT_EQ(variable_share(ore(-8633187), 5000), ore(-4316594));  // -4 316 593.5 -> -4 316 594
  EXPECT_EQ(variable_share(ore(1), 5000), ore(1));                //  0.5 ->  1
  EXPECT_EQ(variable_share(ore(-1), 5000), ore(-1));              // -0.5 -> -1
  // s = 0.3: round(0.7 × 8 632 488) = round(6 042 741.6) = 6 042 742
  EXPECT_EQ(variable_share(ore(8632488), 3000), ore(6042742));
  EXPECT_EQ(variable_share(ore(8632488), 0), ore(8632488));  // s = 0: all variable
  EXPECT_EQ(variable_share(ore(8632488), 10000), Money());   // s = 1: nothing variable
}

// --- Items and patient fee ---------------------------------------------------

TEST(PriceRecord, ItemsAreQuantityTimesPriceWithCorrections) {
  Catalogue c;
  fill_standard(c);
  const Record r = visit("18", "2021-05-05", "", kr(200));
  const std::vector<ItemLine> items{{"IMPL1", 2}, {"DRUG7", 3}, {"DRUG7", -1}, {"DRUG9", 7}};
  const PricedRecord p = price(r, c, items);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  // IMPL1  2 × 12 345.67 kr =  24 691.34 kr = 2 469 134 öre
  // DRUG7  3 ×  1 234.55 kr =   3 703.65 kr =   370 365 öre
  // DRUG7 -1 ×  1 234.55 kr =  -1 234.55 kr =  -123 455 öre (correction)
  // DRUG9  7 ×      0.05 kr =       0.35 kr =        35 öre
  // items = 2 469 134 + 370 365 − 123 455 + 35 = 2 716 079 öre
  EXPECT_EQ(p.items_amount, ore(2716079));
  EXPECT_EQ(p.drg_amount, Money());
  EXPECT_EQ(p.weight, 0);
  EXPECT_EQ(p.weight_entry, nullptr);
  EXPECT_EQ(p.patient_fee, ore(20000));
  // gross = 0 + 0 + 0 + 2 716 079 − 20 000 = 2 696 079
  EXPECT_EQ(p.gross, ore(2696079));
  EXPECT_EQ(p.variable_amount, ore(2696079));
  EXPECT_EQ(p.care_days, 1);           // a visit has 1 care day
  EXPECT_EQ(p.price_list_version, 4);  // highest of IMPL1 v3, DRUG7 v4, DRUG9 v2
}

TEST(PriceRecord, ItemsComeFromTheBillingYearsPriceList) {
  Catalogue c;
  fill_standard(c);
  const Record r = stay("18", "2021-02-01", "2021-02-04", "E03N");
  // 2021's IMPL1 (12 345.67 kr), not 2020's (11 111.11 kr): 8 632 488 + 1 234 567 = 9 867 055
  const PricedRecord p = price(r, c, {{"IMPL1", 1}});
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_EQ(p.items_amount, ore(1234567));
  EXPECT_EQ(p.gross, ore(9867055));
  EXPECT_EQ(p.price_list_version, 3);
}

TEST(PriceRecord, PatientFeeIsDeductedFromGross) {
  Catalogue c;
  fill_standard(c);
  // A doctor visit with DRG X01A and a 200 kr patient fee:
  // drg = 0.5 × 69 927 kr = 34 963.50 kr = 3 496 350 öre; gross = 3 496 350 − 20 000 = 3 476 350
  const PricedRecord p = price(visit("21", "2021-09-09", "X01A", kr(200)), c);
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_EQ(p.drg_amount, ore(3496350));
  EXPECT_EQ(p.patient_fee, ore(20000));
  EXPECT_EQ(p.gross, ore(3476350));
  EXPECT_EQ(p.variable_amount, ore(3476350));
  EXPECT_EQ(p.drg_based_value(), ore(3496350));  // the fee is not part of the DRG-based value
}

// --- Care days ---------------------------------------------------------------

TEST(PriceRecord, SameDayStayIsOneCareDay) {
  Catalogue c;
  fill_standard(c, OutlierMethod::surcharge);
  // D01A is added with los_limit 0: a same-day stay (1 care day) is 1 day beyond it.
  c.add_weight(weight_row(2021, "D01A", 10000, 0, std::nullopt, 1000), 1);
  const PricedRecord p = price(stay("18", "2021-04-07", "2021-04-07", "D01A"), c);
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_EQ(p.care_days, 1);
  EXPECT_TRUE(p.los_outlier);
  // drg = 1.0000 × 69 927 kr = 6 992 700 öre
  // los = (1 − 0) × 0.1000 × 69 927 kr = 6 992.70 kr = 699 270 öre
  EXPECT_EQ(p.drg_amount, ore(6992700));
  EXPECT_EQ(p.los_outlier_amount, ore(699270));
  EXPECT_EQ(p.gross, ore(7691970));  // 6 992 700 + 699 270
  // Leave covering the whole stay still leaves 1 care day: 2 − 2 = 0 -> 1.
  const PricedRecord q = price(stay("18", "2021-04-07", "2021-04-09", "D01A", std::nullopt, 2), c);
  EXPECT_EQ(q.care_days, 1);
  EXPECT_EQ(q.los_outlier_amount, ore(699270));
}

// --- Held reasons ------------------------------------------------------------

TEST(Held, NoAgreementForTheSellerOrYear) {
  Catalogue c;
  fill_standard(c);
  Record r = stay("18", "2021-03-01", "2021-03-03", "E03N");
  r.seller = "USO";  // no agreement at all
  PricedRecord p = price(r, c);
  EXPECT_EQ(p.held, HeldReason::no_agreement);
  EXPECT_EQ(p.agreement, nullptr);
  EXPECT_EQ(held_message(p, r), "no agreement for USO in 2021");
  expect_no_amounts(p);
  const Record early = stay("18", "2020-03-01", "2020-03-03", "E03N");  // before every agreement
  p = price(early, c);
  EXPECT_EQ(p.held, HeldReason::no_agreement);
  EXPECT_EQ(held_message(p, early), "no agreement for AS in 2020");
  EXPECT_EQ(to_string(HeldReason::no_agreement), "no_agreement");
}

TEST(Held, OwnRegionBuyer) {
  Catalogue c;
  fill_standard(c);
  const Record r = stay("03", "2021-03-01", "2021-03-03", "E03N");
  const PricedRecord p = price(r, c);
  EXPECT_EQ(p.held, HeldReason::own_region_buyer);
  EXPECT_EQ(held_message(p, r), "buyer 03 is the seller's own region");
  expect_no_amounts(p);
}

TEST(Held, EmptyBuyersListMeansEveryRegionButTheSellersOwn) {
  Catalogue c;
  fill_standard(c);
  for (const char* county : {"01", "04", "17", "18", "19", "20", "21", "25"}) {
    const PricedRecord p = price(stay(county, "2021-03-01", "2021-03-03", "E03N"), c);
    EXPECT_EQ(p.held, HeldReason::none) << county;
    EXPECT_EQ(p.gross, ore(8632488)) << county;
  }
  EXPECT_EQ(price(stay("03", "2021-03-01", "2021-03-03", "E03N"), c).held,
            HeldReason::own_region_buyer);
  // The rule itself, not only the own-region check in front of it.
  const PricingAgreement* a = c.agreement("AS", 2021);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->seller_region, "03");
  EXPECT_TRUE(a->buys("17"));
  EXPECT_FALSE(a->buys("03"));
}

TEST(Held, BuyerNotInExplicitBuyersList) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp, [](Agreement& a) { a.buyers = {"03", "04", "18"}; });
  const Record out = stay("17", "2021-03-01", "2021-03-03", "E03N");
  const PricedRecord p = price(out, c);
  EXPECT_EQ(p.held, HeldReason::buyer_not_in_agreement);
  EXPECT_EQ(held_message(p, out), "buyer 17 is not among the buyers of MSV-2a-AS-2021");
  expect_no_amounts(p);
  EXPECT_EQ(price(stay("18", "2021-03-01", "2021-03-03", "E03N"), c).gross, ore(8632488));
  EXPECT_EQ(price(stay("04", "2021-03-01", "2021-03-03", "E03N"), c).held, HeldReason::none);
  // Listing the seller's own region does not make it a buyer.
  EXPECT_EQ(price(stay("03", "2021-03-01", "2021-03-03", "E03N"), c).held,
            HeldReason::own_region_buyer);
}

TEST(Held, DrgNotInTheAgreementsWeightList) {
  Catalogue c;
  fill_standard(c);
  const Record r = stay("18", "2021-03-01", "2021-03-03", "Q99Z");
  const PricedRecord p = price(r, c);
  EXPECT_EQ(p.held, HeldReason::drg_not_in_weight_list);
  EXPECT_EQ(held_message(p, r), "DRG Q99Z is not in the 2021 weight list");
  expect_no_amounts(p);
}

TEST(Held, WeightsYearChoosesTheList) {
  // The 2021 agreement is priced with the 2020 weight list.
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp, [](Agreement& a) { a.weights_year = 2020; });
  // X01A is only in the 2021 list.
  const Record x = stay("18", "2021-03-01", "2021-03-03", "X01A");
  const PricedRecord px = price(x, c);
  EXPECT_EQ(px.held, HeldReason::drg_not_in_weight_list);
  EXPECT_EQ(held_message(px, x), "DRG X01A is not in the 2020 weight list");
  // E03N, 11 care days, KPP cost 350 000 kr: under the 2021 list (los_limit 10,
  // cost_limit 300 000 kr) a LOS outlier billed at its cost; under the 2020 list
  // (los_limit 12, cost_limit 400 000 kr) no outlier at all.
  const Record r = stay("18", "2021-03-01", "2021-03-12", "E03N", kr(350000));
  const PricedRecord p = price(r, c, {{"IMPL1", 1}});
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  EXPECT_EQ(p.billing_year, 2021);
  EXPECT_EQ(p.weight, 11111);
  EXPECT_FALSE(p.los_outlier);
  EXPECT_FALSE(p.cost_outlier);
  // 1.1111 × 69 927 kr (2021's point price) = 77 695.8897 kr = 7 769 588.97 öre -> 7 769 589
  EXPECT_EQ(p.drg_amount, ore(7769589));
  // Items still from the billing year's (2021) price list: 1 234 567.
  EXPECT_EQ(p.items_amount, ore(1234567));
  EXPECT_EQ(p.gross, ore(9004156));  // 7 769 589 + 1 234 567
}

TEST(Held, LosOutlierWithoutKppCostUnderKpp) {
  Catalogue c;
  fill_standard(c);
  const Record r = stay("18", "2021-03-01", "2021-03-12", "E03N");  // 11 days > 10, no cost
  const PricedRecord p = price(r, c);
  EXPECT_EQ(p.held, HeldReason::outlier_without_kpp_cost);
  EXPECT_TRUE(p.los_outlier);
  const std::string m = held_message(p, r);
  EXPECT_NE(m.find("E03N"), std::string::npos) << m;
  EXPECT_NE(m.find("11 care days"), std::string::npos) << m;
  EXPECT_NE(m.find("los_limit 10"), std::string::npos) << m;
  EXPECT_NE(m.find("without a KPP cost"), std::string::npos) << m;
  // In Swedish: the glossary's trimpunkt for the LOS limit.
  EXPECT_EQ(held_message_sv(p, r),
            "DRG E03N: 11 vårddagar > trimpunkt 10, ett vårdtidsytterfall utan KPP-kostnad "
            "(metoden kpp fakturerar ytterfall efter KPP-kostnaden)");
  expect_no_amounts(p);
}

TEST(Held, CareDaysInWordsAreSingularForOne) {
  EXPECT_EQ(care_days_text(1, true), "1 vårddag");
  EXPECT_EQ(care_days_text(2, true), "2 vårddagar");
  EXPECT_EQ(care_days_text(0, true), "0 vårddagar");
  EXPECT_EQ(care_days_text(1, false), "1 care day");
  EXPECT_EQ(care_days_text(11, false), "11 care days");
}

TEST(Held, UnknownItem) {
  Catalogue c;
  fill_standard(c);
  const Record r = stay("18", "2021-03-01", "2021-03-03", "E03N");
  // OLD1 is only in AS's 2020 price list.
  const std::vector<ItemLine> items{{"IMPL1", 1}, {"OLD1", 1}};
  const PricedRecord p = price(r, c, items);
  EXPECT_EQ(p.held, HeldReason::unknown_item);
  EXPECT_EQ(p.held_item, "OLD1");
  EXPECT_EQ(held_message(p, r), "item OLD1 is not in AS's 2021 price list");
  expect_no_amounts(p);
  // Items only, no DRG: the same.
  const Record v = visit("18", "2021-05-05");
  const PricedRecord q = price(v, c, {{"NOPE", 2}});
  EXPECT_EQ(q.held, HeldReason::unknown_item);
  EXPECT_EQ(held_message(q, v), "item NOPE is not in AS's 2021 price list");
}

TEST(Held, NothingToBill) {
  Catalogue c;
  fill_standard(c);
  const Record v = visit("18", "2021-05-05", "", kr(100));
  const PricedRecord p = price(v, c);
  EXPECT_EQ(p.held, HeldReason::nothing_to_bill);
  EXPECT_EQ(held_message(p, v), "no DRG and no items");
  expect_no_amounts(p);  // in particular not a negative gross of −100 kr
}

// --- Variable part under a subscription --------------------------------------

TEST(Subscription, VariablePartExcludesItemsAndFee) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp, [](Agreement& a) {
    a.subscription_share = 5000;  // 0.5
    a.base_years = {2019, 2020};
  });
  Record r = visit("18", "2021-05-05", "E03O", kr(100));
  const PricedRecord p = price(r, c, {{"IMPL1", 1}});
  ASSERT_EQ(p.held, HeldReason::none);
  // DRG-based value = 8 633 187 (1.2346 × 69 927 kr, odd öre)
  EXPECT_EQ(p.drg_based_value(), ore(8633187));
  // gross = 8 633 187 + 1 234 567 − 10 000 = 9 857 754
  EXPECT_EQ(p.gross, ore(9857754));
  // variable = round(0.5 × 8 633 187) + 1 234 567 − 10 000
  //          = round(4 316 593.5) + 1 224 567 = 4 316 594 + 1 224 567 = 5 541 161
  // (items in the subscription would give round(0.5 × 9 867 754) − 10 000 = 4 923 877)
  EXPECT_EQ(p.variable_amount, ore(5541161));
}

TEST(Subscription, VariablePartWithShareThreeTenths) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp, [](Agreement& a) { a.subscription_share = 3000; });
  const PricedRecord p = price(stay("19", "2021-03-01", "2021-03-04", "E03N"), c);
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_EQ(p.gross, ore(8632488));
  // round(0.7 × 8 632 488) = round(6 042 741.6) = 6 042 742
  EXPECT_EQ(p.variable_amount, ore(6042742));
}

TEST(Subscription, FullShareLeavesOnlyItemsMinusFee) {
  Catalogue c;
  fill_standard(c, OutlierMethod::kpp, [](Agreement& a) { a.subscription_share = 10000; });
  const PricedRecord p = price(visit("19", "2021-03-01", "E03N", kr(50)), c, {{"DRUG9", 3}});
  ASSERT_EQ(p.held, HeldReason::none);
  // gross = 8 632 488 + 15 − 5 000 = 8 627 503; variable = 0 + 15 − 5 000 = −4 985
  EXPECT_EQ(p.gross, ore(8627503));
  EXPECT_EQ(p.variable_amount, ore(-4985));
}

}  // namespace
}  // namespace vardavtal
