// Hand-computed tests of the other healthcare regions' agreement models in
// pricing (billing rules §8, docs/pricing.md#agreement-models): tariffs and
// their specificity (§8.1), DRG-exempt clinics and fields, extra billing at
// cost with its threshold (§8.2), the scope of the subscription (§8.3), and
// the worked examples 1 and 2 of §8.7.
#include <gtest/gtest.h>

#include <vector>

#include "pricing/commitment.h"
#include "pricing_fixture.h"

namespace vardavtal {
namespace {

using namespace pricing_test;

constexpr int64_t kP60000 = 6000000;  // §8.7: point price 60 000 kr

TariffRow tariff_row(CareType type, const std::string& clinic, const std::string& field,
                     TariffUnit unit, Money price, int year = 2023) {
  TariffRow t;
  t.seller = "NUS";
  t.year = year;
  t.care_type = type;
  t.clinic = clinic;
  t.medical_field = field;
  t.unit = unit;
  t.price = price;
  t.name = "tariff " + clinic + "/" + field;
  return t;
}

// NUS (region 24), agreement 2023 at 60 000 kr per point, weight list 2023:
// E03N 1.2345 with los_limit 10. `tweak` edits the agreement.
void fill_nus(Catalogue& c, const std::function<void(Agreement&)>& tweak = {}) {
  c.set_hospital_region("NUS", "24");
  c.add_weight(weight_row(2023, "E03N", 12345, 10, kr(300000), 2345), 1);
  c.add_price(price_row("NUS", 2023, "IMPL1", ore(1234567)), 1);
  PriceRow drug = price_row("NUS", 2023, "ONKDRUG", Money());
  drug.at_cost = true;
  c.add_price(drug, 2);
  Agreement a = make_agreement("NUS", 2023, ore(kP60000));
  a.id = "NORRA-NUS-2023";
  if (tweak) tweak(a);
  c.add_agreement(a, 1);
}

Record nus_stay(const std::string& clinic, const char* admission, const char* discharge,
                int leave_days = 0, const std::string& drg = "E03N") {
  Record r = stay("22", admission, discharge, drg, std::nullopt, leave_days);
  r.seller = "NUS";
  r.clinic = clinic;
  return r;
}

Record nus_visit(const std::string& clinic, const std::string& field = "") {
  Record r = visit("23", "2023-05-10");
  r.seller = "NUS";
  r.clinic = clinic;
  r.medical_field = field;
  return r;
}

ItemLine at_cost(Money cost) {
  return ItemLine("ONKDRUG", 1, cost, "batch 42");
}

// --- §8.1 tariffs ------------------------------------------------------------

TEST(AgreementModels, WorkedExample1PsychiatryIsPricedPerCareDayByTariff) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) { a.drg_exempt_clinics = {"Psykiatri"}; });
  c.add_tariff(tariff_row(CareType::inpatient, "Psykiatri", "", TariffUnit::care_day, ore(741250)),
               3);
  c.finalize();
  // 2023-03-01 -> 2023-03-15 is 14 days, 2 on leave: 12 care days, beyond
  // E03N's los_limit 10, yet no outlier rule applies to a tariff.
  const Record r = nus_stay("Psykiatri", "2023-03-01", "2023-03-15", 2);
  const PricedRecord p = price_record(r, {}, c);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  EXPECT_TRUE(p.drg_exempt);
  EXPECT_EQ(p.care_days, 12);
  EXPECT_EQ(p.tariff_units, 12);
  EXPECT_EQ(p.tariff_amount, ore(8895000));  // 12 × 7 412.50 = 88 950.00
  EXPECT_EQ(p.drg_amount, Money());
  EXPECT_EQ(p.los_outlier_amount, Money());
  EXPECT_EQ(p.outlier, OutlierKind::none);
  EXPECT_EQ(p.weight, 0);
  EXPECT_EQ(p.activity_value(), ore(8895000));
  EXPECT_EQ(p.gross, ore(8895000));
  EXPECT_EQ(p.variable_amount, ore(8895000));
  ASSERT_NE(p.tariff, nullptr);
  EXPECT_EQ(p.tariff->version, 3);

  // The same stay at a clinic that is not exempt is priced by its DRG:
  // 12 care days > los_limit 10 under "kpp" without a KPP cost is held.
  const Record m = nus_stay("Medicin", "2023-03-01", "2023-03-15", 2);
  EXPECT_EQ(price_record(m, {}, c).held, HeldReason::outlier_without_kpp_cost);
}

TEST(AgreementModels, AnExemptRecordWithoutADrgButWithItemsIsPricedByTariffToo) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) { a.drg_exempt_clinics = {"Psyk"}; });
  c.add_tariff(tariff_row(CareType::doctor_visit, "Psyk", "", TariffUnit::contact, ore(250000)), 1);
  c.finalize();
  const std::vector<ItemLine> items{ItemLine("IMPL1", 1)};
  const PricedRecord p = price_record(nus_visit("Psyk"), items, c);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, nus_visit("Psyk"));
  EXPECT_EQ(p.tariff_amount, ore(250000));
  EXPECT_EQ(p.items_amount, ore(1234567));
  EXPECT_EQ(p.gross, ore(250000 + 1234567));
  // Exempt by field, without a tariff: the message names the field.
  Catalogue d;
  fill_nus(d, [](Agreement& a) { a.drg_exempt_fields = {"930"}; });
  d.finalize();
  const Record r = nus_visit("Hab", "930");
  const PricedRecord q = price_record(r, items, d);
  EXPECT_EQ(q.held, HeldReason::no_tariff);
  EXPECT_EQ(held_message(q, r),
            "medical field 930 is DRG-exempt in NORRA-NUS-2023, but no 2023 tariff of NUS matches "
            "doctor_visit, clinic Hab, field 930");
}

TEST(AgreementModels, ExemptByMedicalFieldToo) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) { a.drg_exempt_fields = {"930"}; });
  c.add_tariff(tariff_row(CareType::doctor_visit, "", "930", TariffUnit::contact, ore(250000)), 1);
  c.finalize();
  Record r = nus_visit("Hab", "930");
  r.drg = "E03N";
  const PricedRecord p = price_record(r, {}, c);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  EXPECT_TRUE(p.drg_exempt);
  EXPECT_EQ(p.tariff_units, 1);
  EXPECT_EQ(p.tariff_amount, ore(250000));
  // With another field the DRG prices it: round(1.2345 × 60 000) = 74 070.00.
  r.medical_field = "931";
  const PricedRecord q = price_record(r, {}, c);
  ASSERT_EQ(q.held, HeldReason::none);
  EXPECT_FALSE(q.drg_exempt);
  EXPECT_EQ(q.drg_amount, ore(7407000));
  EXPECT_EQ(q.tariff_amount, Money());
}

TEST(AgreementModels, TheMostSpecificTariffWins) {
  Catalogue c;
  fill_nus(c);
  const CareType v = CareType::doctor_visit;
  c.add_tariff(tariff_row(v, "", "", TariffUnit::contact, ore(100000)), 1);
  c.add_tariff(tariff_row(v, "", "930", TariffUnit::contact, ore(200000)), 1);
  c.add_tariff(tariff_row(v, "Psyk", "", TariffUnit::contact, ore(300000)), 1);
  c.add_tariff(tariff_row(v, "Psyk", "930", TariffUnit::contact, ore(400000)), 1);
  c.add_tariff(tariff_row(CareType::day_care, "Psyk", "930", TariffUnit::contact, ore(900000)), 1);
  c.finalize();
  // A visit with no DRG and no items is priced by tariff.
  auto amount = [&](const std::string& clinic, const std::string& field) {
    const Record r = nus_visit(clinic, field);
    const PricedRecord p = price_record(r, {}, c);
    EXPECT_EQ(p.held, HeldReason::none) << held_message(p, r);
    return p.tariff_amount;
  };
  EXPECT_EQ(amount("Psyk", "930"), ore(400000));  // clinic and field
  EXPECT_EQ(amount("Psyk", "931"), ore(300000));  // clinic
  EXPECT_EQ(amount("Hud", "930"), ore(200000));   // field
  EXPECT_EQ(amount("Hud", "931"), ore(100000));   // neither
  EXPECT_EQ(amount("Hud", ""), ore(100000));      // no field on the record

  // Without the clinic-and-field row, a clinic row beats a field row.
  Catalogue d;
  fill_nus(d);
  d.add_tariff(tariff_row(v, "", "930", TariffUnit::contact, ore(200000)), 1);
  d.add_tariff(tariff_row(v, "Psyk", "", TariffUnit::contact, ore(300000)), 1);
  d.finalize();
  EXPECT_EQ(price_record(nus_visit("Psyk", "930"), {}, d).tariff_amount, ore(300000));
}

TEST(AgreementModels, TwoEquallySpecificTariffsHoldTheRecord) {
  Catalogue c;
  fill_nus(c);
  const CareType v = CareType::doctor_visit;
  c.add_tariff(tariff_row(v, "", "", TariffUnit::contact, ore(100000)), 1);
  c.add_tariff(tariff_row(v, "Psyk", "", TariffUnit::contact, ore(300000)), 1);
  c.add_tariff(tariff_row(v, "Psyk", "", TariffUnit::care_day, ore(310000)), 1);
  c.finalize();
  const Record r = nus_visit("Psyk");
  const PricedRecord p = price_record(r, {}, c);
  EXPECT_EQ(p.held, HeldReason::ambiguous_tariff);
  EXPECT_EQ(p.gross, Money());
  EXPECT_EQ(held_message(p, r),
            "two 2023 tariffs match equally specifically: doctor_visit/Psyk/* 3000.00 kr per "
            "contact and doctor_visit/Psyk/* 3100.00 kr per care_day");
  // A less specific pair does not matter when one row is more specific.
  EXPECT_EQ(price_record(nus_visit("Hud"), {}, c).tariff_amount, ore(100000));
}

TEST(AgreementModels, NoMatchingTariffHoldsTheRecord) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) { a.drg_exempt_clinics = {"Psykiatri"}; });
  c.add_tariff(tariff_row(CareType::doctor_visit, "Psyk", "", TariffUnit::contact, ore(1)), 1);
  c.finalize();
  // DRG-exempt, no tariff for inpatient care.
  const Record r = nus_stay("Psykiatri", "2023-03-01", "2023-03-03");
  const PricedRecord p = price_record(r, {}, c);
  EXPECT_EQ(p.held, HeldReason::no_tariff);
  EXPECT_EQ(held_message(p, r),
            "clinic Psykiatri is DRG-exempt in NORRA-NUS-2023, but no 2023 tariff of NUS matches "
            "inpatient, clinic Psykiatri, field (none)");
  // No DRG, no items, and the seller prices by tariff that year: no_tariff.
  EXPECT_EQ(price_record(nus_visit("Hud"), {}, c).held, HeldReason::no_tariff);
  // A seller with no tariffs at all keeps §4's reason.
  Catalogue plain;
  fill_nus(plain);
  plain.finalize();
  EXPECT_EQ(price_record(nus_visit("Hud"), {}, plain).held, HeldReason::nothing_to_bill);
}

TEST(AgreementModels, ATariffIsForItsOwnYear) {
  Catalogue c;
  fill_nus(c);
  c.add_tariff(tariff_row(CareType::doctor_visit, "", "", TariffUnit::contact, ore(1), 2022), 1);
  c.finalize();
  EXPECT_EQ(price_record(nus_visit("Hud"), {}, c).held, HeldReason::nothing_to_bill);
}

// --- §8.2 extra billing at cost ----------------------------------------------

TEST(AgreementModels, WorkedExample2AtCostItemsAboveTheThreshold) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) { a.extra_billing_threshold = kr(50000); });
  c.finalize();
  const Record r = nus_stay("Onkologi", "2023-03-01", "2023-03-04");
  const std::vector<ItemLine> items{at_cost(ore(3800000)), at_cost(ore(2750050))};
  const PricedRecord p = price_record(r, items, c);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  EXPECT_EQ(p.at_cost_sum, ore(6550050));     // 38 000.00 + 27 500.50
  EXPECT_EQ(p.at_cost_amount, ore(1550050));  // 65 500.50 − 50 000.00 = 15 500.50
  EXPECT_EQ(p.items_amount, Money());
  EXPECT_EQ(p.price_list_version, 2);
  // gross = DRG 74 070.00 + at cost 15 500.50
  EXPECT_EQ(p.gross, ore(7407000 + 1550050));
  EXPECT_EQ(p.variable_amount, p.gross);
}

TEST(AgreementModels, TheThresholdAtBelowAndAbove) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) { a.extra_billing_threshold = kr(50000); });
  c.finalize();
  const Record r = nus_stay("Onkologi", "2023-03-01", "2023-03-04");
  auto amount = [&](Money cost) {
    const std::vector<ItemLine> items{at_cost(cost)};
    const PricedRecord p = price_record(r, items, c);
    EXPECT_EQ(p.held, HeldReason::none);
    return p.at_cost_amount;
  };
  EXPECT_EQ(amount(ore(5000000)), Money());  // at: 50 000.00 − 50 000.00 = 0
  EXPECT_EQ(amount(ore(4999999)), Money());  // below: never negative
  EXPECT_EQ(amount(ore(5000001)), ore(1));   // above by one öre
  // Without [extra_billing] the threshold is 0: the whole cost is billed.
  Catalogue none;
  fill_nus(none);
  none.finalize();
  const std::vector<ItemLine> one{at_cost(ore(123456))};
  EXPECT_EQ(price_record(r, one, none).at_cost_amount, ore(123456));
}

TEST(AgreementModels, AnAtCostLineWithoutItsCostHoldsTheRecord) {
  Catalogue c;
  fill_nus(c);
  c.finalize();
  const Record r = nus_stay("Onkologi", "2023-03-01", "2023-03-04");
  const std::vector<ItemLine> items{ItemLine("IMPL1", 1), ItemLine("ONKDRUG", 2)};
  const PricedRecord p = price_record(r, items, c);
  EXPECT_EQ(p.held, HeldReason::missing_item_cost);
  EXPECT_EQ(p.gross, Money());
  EXPECT_EQ(held_message(p, r), "item ONKDRUG is billed at cost, but its line states no cost");
}

TEST(AgreementModels, PriceListItemsAndAtCostItemsAreApart) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) { a.extra_billing_threshold = kr(1000); });
  c.finalize();
  const Record r = nus_stay("Onkologi", "2023-03-01", "2023-03-04");
  const std::vector<ItemLine> items{ItemLine("IMPL1", 2), at_cost(ore(250000))};
  const PricedRecord p = price_record(r, items, c);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  EXPECT_EQ(p.items_amount, ore(2469134));   // 2 × 12 345.67
  EXPECT_EQ(p.at_cost_amount, ore(150000));  // 2 500.00 − 1 000.00
  EXPECT_EQ(p.gross, ore(7407000 + 2469134 + 150000));
}

// --- §8.3 scope of the subscription -------------------------------------------

TEST(AgreementModels, ASubscriptionLimitedToClinicsDiscountsOnlyThem) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) {
    a.subscription_share = 5000;
    a.subscription_clinics = {"Onkologi"};
  });
  c.finalize();
  const PricedRecord in = price_record(nus_stay("Onkologi", "2023-03-01", "2023-03-04"), {}, c);
  ASSERT_EQ(in.held, HeldReason::none);
  EXPECT_TRUE(in.in_subscription);
  EXPECT_EQ(in.subscription_base(), ore(7407000));
  EXPECT_EQ(in.variable_amount, ore(3703500));  // round(0.5 × 74 070.00)
  const PricedRecord out = price_record(nus_stay("Medicin", "2023-03-01", "2023-03-04"), {}, c);
  ASSERT_EQ(out.held, HeldReason::none);
  EXPECT_FALSE(out.in_subscription);
  EXPECT_EQ(out.subscription_base(), Money());
  EXPECT_EQ(out.variable_amount, ore(7407000));  // fully variable
}

TEST(AgreementModels, IncludeItemsPutsPriceListItemsInTheSubscriptionButNeverAtCost) {
  const Record r = nus_stay("Onkologi", "2023-03-01", "2023-03-04");
  const std::vector<ItemLine> items{ItemLine("IMPL1", 1), at_cost(ore(100001))};
  Catalogue with;
  fill_nus(with, [](Agreement& a) {
    a.subscription_share = 5000;
    a.subscription_include_items = true;
  });
  with.finalize();
  const PricedRecord p = price_record(r, items, with);
  ASSERT_EQ(p.held, HeldReason::none) << held_message(p, r);
  // base = 74 070.00 + 12 345.67 = 86 415.67; variable = round(0.5 × 8 641 567 öre)
  // = 4 320 784 (half away from zero), plus the at-cost 1 000.01 in full.
  EXPECT_EQ(p.subscription_base(), ore(8641567));
  EXPECT_EQ(p.variable_amount, ore(4320784 + 100001));
  EXPECT_EQ(p.gross, ore(7407000 + 1234567 + 100001));

  Catalogue without;
  fill_nus(without, [](Agreement& a) { a.subscription_share = 5000; });
  without.finalize();
  const PricedRecord q = price_record(r, items, without);
  EXPECT_EQ(q.subscription_base(), ore(7407000));
  EXPECT_EQ(q.variable_amount, ore(3703500 + 1234567 + 100001));
}

TEST(AgreementModels, ABaseYearCountsByTheScopeOfTheYearThatSubscribes) {
  // The base year's own agreement has no subscription; the subscribing
  // year's scope (clinics, include_items) decides what counts.
  Catalogue c;
  fill_nus(c);
  c.finalize();
  const Record onk = nus_stay("Onkologi", "2023-03-01", "2023-03-04");
  const Record med = nus_stay("Medicin", "2023-03-01", "2023-03-04");
  const std::vector<ItemLine> items{ItemLine("IMPL1", 1), at_cost(ore(100))};
  const PricedRecord p = price_record(onk, items, c);
  const PricedRecord q = price_record(med, {}, c);
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_FALSE(p.in_subscription);
  Agreement scope;
  scope.subscription_share = 5000;
  scope.subscription_clinics = {"Onkologi"};
  EXPECT_EQ(base_value_under(scope, onk, p), ore(7407000));
  EXPECT_EQ(base_value_under(scope, med, q), Money());
  scope.subscription_include_items = true;
  EXPECT_EQ(base_value_under(scope, onk, p), ore(7407000 + 1234567));  // never the at-cost 1.00
  scope.subscription_clinics.clear();
  EXPECT_EQ(base_value_under(scope, med, q), ore(7407000));
}

TEST(AgreementModels, ATariffJoinsTheActivityValueASubscriptionDiscounts) {
  Catalogue c;
  fill_nus(c, [](Agreement& a) {
    a.subscription_share = 2500;
    a.drg_exempt_clinics = {"Psykiatri"};
  });
  c.add_tariff(tariff_row(CareType::inpatient, "Psykiatri", "", TariffUnit::care_day, ore(741250)),
               1);
  c.finalize();
  const PricedRecord p = price_record(nus_stay("Psykiatri", "2023-03-01", "2023-03-15", 2), {}, c);
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_EQ(p.subscription_base(), ore(8895000));
  EXPECT_EQ(p.variable_amount, ore(6671250));  // round(0.75 × 88 950.00) = 66 712.50
}

// --- §8.5 volume commitment ---------------------------------------------------

Agreement committed_to_19(std::optional<int64_t> cap = std::nullopt) {
  Agreement a;
  a.commitment_points = {{"19", 12000000}};  // 1 200 points
  a.commitment_shortfall_share = 5000;       // 0.5
  if (cap) {
    a.commitment_cap_points = {{"19", *cap}};
    a.commitment_above_cap_share = 2500;  // 0.25: 0.75 of the excess is credited
  }
  return a;
}

TEST(AgreementModels, WorkedExample4AShortfallIsInvoiced) {
  // committed 1 200, delivered 1 150.5, share 0.5: round(49.5 × 60 000 × 0.5) = 1 485 000.00
  const auto o = commitment_outcome(committed_to_19(), "19", ore(kP60000), 11505000);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->shortfall, 495000);
  EXPECT_EQ(o->shortfall_amount, ore(148500000));
  EXPECT_EQ(o->above_cap_credit, Money());
  EXPECT_EQ(o->true_up(), ore(148500000));
  // A buyer the agreement does not commit: nothing.
  EXPECT_FALSE(commitment_outcome(committed_to_19(), "20", ore(kP60000), 0));
}

TEST(AgreementModels, ACommitmentMetOrExceededUpToTheCapOwesNothing) {
  const Agreement a = committed_to_19(13000000);  // cap 1 300 points
  EXPECT_EQ(commitment_outcome(a, "19", ore(kP60000), 12000000)->true_up(), Money());
  EXPECT_EQ(commitment_outcome(a, "19", ore(kP60000), 13000000)->true_up(), Money());
}

TEST(AgreementModels, AboveTheCapTheExcessIsCredited) {
  const Agreement a = committed_to_19(13000000);
  // delivered 1 300.0001: 0.0001 × 60 000 × (1 − 0.25) = 4.50 kr credited
  const auto o = commitment_outcome(a, "19", ore(kP60000), 13000001);
  EXPECT_EQ(o->above_cap, 1);
  EXPECT_EQ(o->above_cap_credit, ore(450));
  EXPECT_EQ(o->true_up(), ore(-450));
  // Without a cap, no credit however much is delivered.
  EXPECT_EQ(commitment_outcome(committed_to_19(), "19", ore(kP60000), 99990000)->true_up(),
            Money());
}

// --- §8.4 year-end settlement ------------------------------------------------------

TEST(AgreementModels, WorkedExample3ASettlementIsAThirdOfTheCostDifference) {
  const Fraction third = *Fraction::parse("1/3");
  // C = 12 000 000.00, I = 11 000 000.01: round(999 999.99 / 3) = round(333 333.33) = 333 333.33
  EXPECT_EQ(settlement_amount(third, kr(12000000), ore(1100000001)), ore(33333333));
  // Invoiced more than it cost: a credit. round(−100.00 / 3) = −33.33; −2 öre / 3 = −0.67 öre
  // -> −1 öre; −1 öre / 3 = −0.33 öre -> 0.
  EXPECT_EQ(settlement_amount(third, kr(0), kr(100)), ore(-3333));
  EXPECT_EQ(settlement_amount(third, Money(), ore(2)), ore(-1));
  EXPECT_EQ(settlement_amount(third, Money(), ore(1)), Money());
  // A decimal share is the same fraction: 0.5 = 1/2; half an öre rounds away from zero.
  EXPECT_EQ(settlement_amount(*Fraction::parse("0.5"), ore(3), Money()), ore(2));
  EXPECT_EQ(settlement_amount(*Fraction::parse("0.5"), Money(), ore(3)), ore(-2));
}

TEST(AgreementModels, TheExpectedTrueUpIsOnTheExactForecastRoundedOnce) {
  // 1 point in 7 months, 3 committed: forecast 12/7 = 1.714285… points;
  // shortfall (3 − 12/7) × 60 000 × 0.5 = 9/7 × 30 000 = 38 571.428… -> 38 571.43
  // (the forecast rounded first, 1.7143, would give 38 571.00).
  Agreement a;
  a.commitment_points = {{"19", 30000}};
  a.commitment_shortfall_share = 5000;
  const auto o = forecast_outcome(a, "19", ore(kP60000), 10000, 7);
  EXPECT_EQ(o->shortfall_amount, ore(3857143));
  EXPECT_EQ(o->delivered, 17143);  // shown: 1.7143
  // With 12 months billed the forecast is what was delivered.
  EXPECT_EQ(forecast_outcome(a, "19", ore(kP60000), 10000, 12)->shortfall_amount,
            ore(6000000));  // 2 × 60 000 × 0.5
}

TEST(AgreementModels, TheRunRateForecastScalesTheMonthsBilledToTwelve) {
  EXPECT_EQ(forecast_points(3000000, 3), 12000000);  // 300 points in 3 months -> 1 200
  EXPECT_EQ(forecast_points(10000, 7), 17143);       // 1 × 12 / 7 = 1.71428… -> 1.7143
  EXPECT_EQ(forecast_points(10000, 12), 10000);
  EXPECT_EQ(forecast_points(10000, 0), 10000);
}

}  // namespace
}  // namespace vardavtal

namespace vardavtal {
namespace {

using namespace pricing_test;

// Plausibility (issue 15, docs/import.md#plausibility): a contact billing
// more than 100 000 000 kr is held unless the agreement raises the limit.
// An at-cost contact stating 100 050 000.01 over a 50 000.00 threshold: at
// cost 100 000 000.01, gross E03N's 1.2345 × 60 000 = 74 070.00 + that.
TEST(Plausibility, AContactAboveTheLimitIsHeldUnlessTheAgreementRaisesIt) {
  const Record r = nus_stay("Onkologi", "2023-03-01", "2023-03-03");
  const std::vector<ItemLine> items{at_cost(ore(10005000001))};
  for (const bool raised : {false, true}) {
    Catalogue c;
    fill_nus(c, [&](Agreement& a) {
      a.extra_billing_threshold = kr(50000);
      if (raised) a.max_contact_amount = kr(200000000);
    });
    c.finalize();
    const PricedRecord p = price_record(r, items, c);
    if (raised) {
      EXPECT_EQ(p.held, HeldReason::none);
      EXPECT_EQ(p.gross, ore(10007407001));
    } else {
      EXPECT_EQ(p.held, HeldReason::implausible_amount);
      EXPECT_EQ(held_message(p, r),
                "the contact would bill 100074070.01 kr, above 100000000.00 kr "
                "(max_contact_amount of NORRA-NUS-2023)");
    }
  }
}

}  // namespace
}  // namespace vardavtal
