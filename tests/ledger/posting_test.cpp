#include <gtest/gtest.h>

#include "ledger/followup.h"
#include "ledger/invoice.h"
#include "ledger/posting.h"

namespace vardavtal {
namespace {

Posting care(int64_t drg, int64_t los, int64_t cost, int64_t items, int64_t fee, int64_t amount) {
  Posting p;
  p.drg_amount = Money::from_ore(drg);
  p.los_outlier_amount = Money::from_ore(los);
  p.cost_outlier_amount = Money::from_ore(cost);
  p.items_amount = Money::from_ore(items);
  p.patient_fee = Money::from_ore(fee);
  p.amount = Money::from_ore(amount);
  return p;
}

TEST(CareSplit, ApportionsTheVariableDrgBasedPartAndAddsUp) {
  // s = 0.4: DRG 100 000.00 + LOS outlier 50 000.01 = 150 000.01; variable share
  // round(0.6 × 150 000.01) = 90 000.01 (9 000 000.6 öre -> 9 000 001); items 300.00, fee 0:
  // amount 90 300.01. Outliers: 9 000 001 × 5 000 001 / 15 000 001 = 3 000 000.73 -> 3 000 001
  // öre; variable 9 000 001 − 3 000 001 = 6 000 000.
  CareSplit s = split_care_amount(care(10000000, 5000001, 0, 30000, 0, 9030001));
  EXPECT_EQ(s.outliers.ore(), 3000001);
  EXPECT_EQ(s.variable.ore(), 6000000);
  EXPECT_EQ(s.items.ore(), 30000);
  EXPECT_EQ((s.variable + s.outliers + s.items).ore(), 9030001);
}

TEST(CareSplit, FeeReducesTheVariablePartAndReversalsNegate) {
  // DRG 25 015.00 at s = 0.5: 12 507.50; items 3 001.00; fee 200.00 -> amount 15 308.50.
  CareSplit s = split_care_amount(care(2501500, 0, 0, 300100, 20000, 1530850));
  EXPECT_EQ(s.variable.ore(), 1230750);
  EXPECT_EQ(s.outliers.ore(), 0);
  EXPECT_EQ(s.items.ore(), 300100);
  CareSplit r = split_care_amount(reversal_of(care(2501500, 0, 0, 300100, 20000, 1530850), 2));
  EXPECT_EQ(r.variable.ore(), -1230750);
  EXPECT_EQ(r.items.ore(), -300100);
  // A reversal with outliers splits as the exact negation of the original.
  Posting o = care(10000000, 5000001, 0, 30000, 0, 9030001);
  CareSplit ro = split_care_amount(reversal_of(o, 2));
  EXPECT_EQ(ro.outliers.ore(), -3000001);
  EXPECT_EQ(ro.variable.ore(), -6000000);
  // Outliers only (kpp: DRG amount 0): everything DRG-based is outliers.
  CareSplit k = split_care_amount(care(0, 0, 25000000, 0, 0, 12500000));
  EXPECT_EQ(k.outliers.ore(), 12500000);
  EXPECT_EQ(k.variable.ore(), 0);
}

TEST(CareSplit, TariffsAndAtCostHaveTheirOwnPartsAndReversalsNegate) {
  // s = 0.5 over DRG 30 000.00 + tariff 10 000.01 = 40 000.01: round(0.5 × 40 000.01) =
  // 20 000.01 (2 000 000.5 öre -> 2 000 001); items 100.00 outside; at cost 15 500.50 whole;
  // fee 0: amount 20 000.01 + 100.00 + 15 500.50 = 35 600.51. Tariffs: 2 000 001 × 1 000 001
  // / 4 000 001 = 500 000.50… -> 500 001 öre; variable 2 000 001 − 500 001 = 1 500 000.
  Posting p = care(3000000, 0, 0, 10000, 0, 3560051);
  p.tariff_amount = Money::from_ore(1000001);
  p.at_cost_amount = Money::from_ore(1550050);
  const CareSplit s = split_care_amount(p);
  EXPECT_EQ(s.tariffs.ore(), 500001);
  EXPECT_EQ(s.variable.ore(), 1500000);
  EXPECT_EQ(s.items.ore(), 10000);
  EXPECT_EQ(s.at_cost.ore(), 1550050);
  EXPECT_EQ((s.variable + s.outliers + s.items + s.tariffs + s.at_cost).ore(), 3560051);
  const CareSplit r = split_care_amount(reversal_of(p, 2));
  EXPECT_EQ(r.tariffs.ore(), -500001);
  EXPECT_EQ(r.variable.ore(), -1500000);
  EXPECT_EQ(r.at_cost.ore(), -1550050);
}

TEST(CareSplit, ItemsTheSubscriptionDiscountedShareTheBase) {
  // include_items, s = 0.5: base DRG 30 000.00 + items 10 000.00; amount 20 000.00.
  // Items: 2 000 000 × 1 000 000 / 4 000 000 = 500 000; variable 1 500 000.
  Posting p = care(3000000, 0, 0, 1000000, 0, 2000000);
  p.items_discounted = true;
  const CareSplit s = split_care_amount(p);
  EXPECT_EQ(s.items.ore(), 500000);
  EXPECT_EQ(s.variable.ore(), 1500000);
}

TEST(CorrectionReason, CountyThenDrgThenAmounts) {
  Posting a = care(100, 0, 0, 0, 0, 100);
  a.buyer = "20";
  a.drg = "A01A";
  Posting b = a;
  EXPECT_EQ(correction_reason(a, b), 0);
  b.amount = Money::from_ore(101);
  EXPECT_EQ(correction_reason(a, b), 2);
  b.drg = "B02B";
  EXPECT_EQ(correction_reason(a, b), 3);
  b.buyer = "21";
  EXPECT_EQ(correction_reason(a, b), 1);
}

TEST(Invoice, NumbersSpecIdsDatesAndLateness) {
  EXPECT_EQ(invoice_number("03", 17), "0300000017");
  EXPECT_EQ(specification_id("2321000024", Period(2021, 3), 2), "ZVF23210000242103000002");
  EXPECT_EQ(specification_id("2321000024", Period(2021, 3), 2).size(), 23u);
  EXPECT_EQ(specification_prefix("2321000024", Period(2021, 3)), "ZVF23210000242103");
  EXPECT_EQ(specification_id("2321000024", Period(2009, 12), 123456), "ZVF23210000240912123456");
  EXPECT_EQ(format_iso(default_issue_date(Period(2021, 2))), "2021-03-01");
  EXPECT_EQ(format_iso(default_issue_date(Period(2021, 12))), "2022-01-01");
  EXPECT_EQ(format_iso(due_date(*parse_iso_date("2021-03-01"))), "2021-03-31");
  // Six calendar months: billed 2021-01-15 -> late only when issued after 2021-07-15.
  EXPECT_FALSE(is_late(*parse_iso_date("2021-01-15"), *parse_iso_date("2021-07-15")));
  EXPECT_TRUE(is_late(*parse_iso_date("2021-01-15"), *parse_iso_date("2021-07-16")));
  // 2021-08-31 + 6 months = 2022-02-28 (end of month).
  EXPECT_FALSE(is_late(*parse_iso_date("2021-08-31"), *parse_iso_date("2022-02-28")));
  EXPECT_TRUE(is_late(*parse_iso_date("2021-08-31"), *parse_iso_date("2022-03-01")));
}

TEST(Invoice, FirstBilledPeriodIsTheEarlierOfFirstCareAndJanuaryOfTheSubscriptionYear) {
  const Date feb2023 = *parse_iso_date("2023-02-15");
  EXPECT_EQ(first_billed_period(feb2023, 2023), Period(2023, 1));  // January's installment too
  EXPECT_EQ(first_billed_period(feb2023, std::nullopt), Period(2023, 2));
  EXPECT_EQ(first_billed_period(std::nullopt, 2021), Period(2021, 1));  // a seller with no care
  EXPECT_EQ(first_billed_period(*parse_iso_date("2019-05-01"), 2021), Period(2019, 5));
  EXPECT_EQ(first_billed_period(std::nullopt, std::nullopt), std::nullopt);
}

TEST(Posting, ContentHashSealsEveryField) {
  Posting a = care(100, 0, 0, 0, 0, 100);
  Posting b = a;
  EXPECT_EQ(a.content_hash(), b.content_hash());
  b.amount = Money::from_ore(101);
  EXPECT_NE(a.content_hash(), b.content_hash());
  b = a;
  b.buyer = "21";
  EXPECT_NE(a.content_hash(), b.content_hash());
}

}  // namespace
}  // namespace vardavtal

namespace vardavtal {
namespace {
TEST(Decomposition, VolumeAtLastYearsAveragePricePerPoint) {
  // 2020: 1 000 000.00 kr for 20 points (50 000 kr/point); 2021: 1 150 000.00 kr for 21.5 points.
  // Volume: 1.5 points × 50 000 = 75 000.00; price and model: 150 000 − 75 000 = 75 000.00.
  Decomposition d = decompose(Money::from_kronor(1000000), Money::from_kronor(1150000), 200000,
                              215000);
  EXPECT_EQ(d.change, Money::from_kronor(150000));
  EXPECT_EQ(d.volume, Money::from_kronor(75000));
  EXPECT_EQ(d.price_and_model, Money::from_kronor(75000));
  // Fewer points: a negative volume effect, rounded once half away from zero:
  // −1 point × 100.01 kr / 3 points = −33.336666 kr -> −33.34.
  Decomposition n = decompose(Money::from_ore(10001), Money::from_ore(9000), 30000, 20000);
  EXPECT_EQ(n.volume.ore(), -3334);
  EXPECT_EQ(n.price_and_model.ore(), (9000 - 10001) + 3334);
  // No points last year: everything is price and model.
  Decomposition z = decompose(Money{}, Money::from_kronor(5), 0, 10000);
  EXPECT_EQ(z.volume.ore(), 0);
  EXPECT_EQ(z.price_and_model, Money::from_kronor(5));
}
}  // namespace
}  // namespace vardavtal
