// Hand-computed tests of price uplift (uppräkning) and the subscription
// (abonnemang), docs/pricing.md#subscription: uplift factors U(b -> y) and their text,
// point-price chains over omitted years and their errors, S from base years
// or a base value, and the 12 installments.
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <vector>

#include "pricing_fixture.h"

namespace vardavtal {
namespace {

using namespace pricing_test;

// LPIK 2020 = 0.028, 2021 = 0.019 (no 2022).
IndexSeries lpik() {
  return IndexSeries{{2020, 28000}, {2021, 19000}};
}

// --- Uplift factor -----------------------------------------------------------

TEST(UpliftFactor, ProductOfOnePlusRateOverTheYears) {
  const IndexSeries s = lpik();
  // U(2019 -> 2021) = 1.028 × 1.019 = 1.047532
  auto u = uplift_factor(s, 2019, 2021);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->to_string(), "1.047532");
  EXPECT_TRUE(u->numerator * 1000000 == u->denominator * 1047532);
  // U(2020 -> 2021) = 1.019, U(2019 -> 2020) = 1.028
  EXPECT_EQ(uplift_factor(s, 2020, 2021)->to_string(), "1.019");
  EXPECT_EQ(uplift_factor(s, 2019, 2020)->to_string(), "1.028");
  // U(y -> y) = 1, even with an empty series.
  EXPECT_EQ(uplift_factor(s, 2021, 2021)->to_string(), "1");
  EXPECT_EQ(uplift_factor(IndexSeries{}, 2021, 2021)->to_string(), "1");
  // A zero rate and a falling index.
  EXPECT_EQ(uplift_factor(IndexSeries{{2021, 0}}, 2020, 2021)->to_string(), "1");
  EXPECT_EQ(uplift_factor(IndexSeries{{2021, -500000}}, 2020, 2021)->to_string(), "0.5");
  EXPECT_EQ(uplift_factor(IndexSeries{{2021, -12000}}, 2020, 2021)->to_string(), "0.988");
}

TEST(UpliftFactor, MissingYearIsNamed) {
  int missing = 0;
  // No 2021 rate.
  EXPECT_FALSE(uplift_factor(IndexSeries{{2020, 28000}}, 2019, 2021, &missing));
  EXPECT_EQ(missing, 2021);
  // No 2020 rate: the first missing year.
  missing = 0;
  EXPECT_FALSE(uplift_factor(IndexSeries{{2021, 19000}}, 2019, 2021, &missing));
  EXPECT_EQ(missing, 2020);
  missing = 0;
  EXPECT_FALSE(uplift_factor(lpik(), 2019, 2022, &missing));
  EXPECT_EQ(missing, 2022);
  EXPECT_FALSE(uplift_factor(lpik(), 2019, 2022));  // no out-parameter: still nullopt
}

TEST(ApplyUplift, RoundsOnceHalfAwayFromZero) {
  const UpliftFactor u = *uplift_factor(lpik(), 2019, 2021);  // 1.047532
  // 123 456 798 × 1.047532 = 129 324 946.522536 -> 129 324 947
  EXPECT_EQ(apply_uplift(ore(123456798), u), ore(129324947));
  EXPECT_EQ(apply_uplift(ore(-123456798), u), ore(-129324947));
  EXPECT_EQ(apply_uplift(ore(100), *uplift_factor(lpik(), 2021, 2021)), ore(100));
  const UpliftFactor half = *uplift_factor(IndexSeries{{2021, -500000}}, 2020, 2021);  // 0.5
  EXPECT_EQ(apply_uplift(ore(1), half), ore(1));                                       //  0.5 ->  1
  EXPECT_EQ(apply_uplift(ore(-1), half), ore(-1));                                     // -0.5 -> -1
  EXPECT_EQ(apply_uplift(ore(-3), half), ore(-2));                                     // -1.5 -> -2
  EXPECT_EQ(apply_uplift(ore(-5), half), ore(-3));                                     // -2.5 -> -3
}

TEST(UpliftPointPrice, WholeKronorHalfAwayFromZero) {
  EXPECT_EQ(uplift_point_price(kr(66754), 28000), kr(68623));  // 68 623.112 -> 68 623
  EXPECT_EQ(uplift_point_price(kr(68623), 19000), kr(69927));  // 69 926.837 -> 69 927
  EXPECT_EQ(uplift_point_price(kr(100), 5000), kr(101));       // 100.5 -> 101
  EXPECT_EQ(uplift_point_price(kr(100), 4999), kr(100));       // 100.4999 -> 100
  EXPECT_EQ(uplift_point_price(kr(100), -5000), kr(100));      // 99.5 -> 100
  EXPECT_EQ(uplift_point_price(kr(100), -5001), kr(99));       // 99.4999 -> 99
  EXPECT_EQ(uplift_point_price(ore(100050), 0), kr(1001));     // 1 000.50 × 1 = 1 000.5 -> 1 001
}

// --- Point-price chains in the catalogue ----------------------------------------

// AS (03): 2019 given 66 754 kr; 2020, 2021 omitted (LPIK 0.028, 0.019);
// 2022 omitted without a 2022 LPIK rate; 2023 omitted (2022 has none);
// 2025 omitted with no 2024 agreement.
// KS (19): 2019 given 100 kr, 2020 and 2021 omitted, index KPI 0.005 both years.
// USO (18): 2020 given 70 000 kr, 2021 omitted with an index that does not exist.
void fill_chain(Catalogue& c) {
  c.set_hospital_region("AS", "03");
  c.set_hospital_region("KS", "19");
  c.set_hospital_region("USO", "18");
  c.add_index(index_row(2020, 28000));
  c.add_index(index_row(2021, 19000));
  c.add_index(index_row(2020, 5000, "KPI"));
  c.add_index(index_row(2021, 5000, "KPI"));
  c.add_agreement(make_agreement("AS", 2019, kr(66754)), 1);
  for (int y : {2020, 2021, 2022, 2023, 2025}) c.add_agreement(make_agreement("AS", y, {}), 1);
  for (int y = 2019; y <= 2025; ++y) c.add_weight(weight_row(y, "E03N", 20000), 1);  // 2.0000
  Agreement ks = make_agreement("KS", 2019, kr(100));
  ks.uplift_index = "KPI";
  c.add_agreement(ks, 1);
  for (int y : {2020, 2021}) {
    ks = make_agreement("KS", y, {});
    ks.uplift_index = "KPI";
    c.add_agreement(ks, 1);
  }
  c.add_agreement(make_agreement("USO", 2020, kr(70000)), 1);
  Agreement uso = make_agreement("USO", 2021, {});
  uso.uplift_index = "XPI";
  c.add_agreement(uso, 1);
  c.finalize();
}

TEST(PointPriceChain, OmittedYearsAreUpliftedFromTheYearBefore) {
  Catalogue c;
  fill_chain(c);
  const PricingAgreement* a19 = c.agreement("AS", 2019);
  ASSERT_TRUE(a19 && a19->point_price);
  EXPECT_EQ(*a19->point_price, kr(66754));
  EXPECT_EQ(a19->point_price_source, "given");
  EXPECT_EQ(a19->seller_region, "03");
  // 2020: 66 754 × 1.028 = 68 623.112 -> 68 623 kr
  const PricingAgreement* a20 = c.agreement("AS", 2020);
  ASSERT_TRUE(a20 && a20->point_price) << a20->point_price_error;
  EXPECT_EQ(*a20->point_price, kr(68623));
  EXPECT_NE(a20->point_price_source.find("LPIK 0.028"), std::string::npos)
      << a20->point_price_source;
  // 2021: 68 623 × 1.019 = 69 926.837 -> 69 927 kr
  const PricingAgreement* a21 = c.agreement("AS", 2021);
  ASSERT_TRUE(a21 && a21->point_price) << a21->point_price_error;
  EXPECT_EQ(*a21->point_price, kr(69927));
  EXPECT_EQ(a21->point_price_error, "");
  EXPECT_NE(a21->point_price_source.find("68623.00 kr (2020)"), std::string::npos)
      << a21->point_price_source;
  // A record under the uplifted price: 2.0000 × 69 927 kr = 139 854 kr.
  const PricedRecord p = price_record(stay("18", "2021-02-01", "2021-02-03", "E03N"), {}, c);
  ASSERT_EQ(p.held, HeldReason::none);
  EXPECT_EQ(p.gross, kr(139854));
}

TEST(PointPriceChain, RoundedToWholeKronorEachYear) {
  Catalogue c;
  fill_chain(c);
  // 2020: 100 × 1.005 = 100.5 -> 101 kr; 2021: 101 × 1.005 = 101.505 -> 102 kr
  // (100 × 1.005² = 101.0025 -> 101 would be the one-step product).
  EXPECT_EQ(*c.agreement("KS", 2020)->point_price, kr(101));
  EXPECT_EQ(*c.agreement("KS", 2021)->point_price, kr(102));
}

TEST(PointPriceChain, ErrorsAreClearAndRecordsAreHeld) {
  Catalogue c;
  fill_chain(c);
  struct Case {
    const char* seller;
    int year;
    std::vector<std::string> words;  // the error must name these
  };
  const std::vector<Case> cases{
      {"AS", 2022, {"LPIK", "2022"}},          // no 2022 rate
      {"AS", 2023, {"2022", "LPIK"}},          // the year before has none
      {"AS", 2025, {"2024 agreement", "AS"}},  // no previous agreement
      {"USO", 2021, {"XPI", "2021"}},          // no such index
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(std::string(k.seller) + " " + std::to_string(k.year));
    const PricingAgreement* a = c.agreement(k.seller, k.year);
    ASSERT_NE(a, nullptr);
    EXPECT_FALSE(a->point_price);
    for (const std::string& w : k.words)
      EXPECT_NE(a->point_price_error.find(w), std::string::npos) << a->point_price_error;
    const std::string date = std::to_string(k.year) + "-06-01";
    Record r = stay("20", date.c_str(), date.c_str(), "E03N");
    r.seller = k.seller;
    const PricedRecord p = price_record(r, {}, c);
    EXPECT_EQ(p.held, HeldReason::no_point_price);
    EXPECT_EQ(p.gross, Money());
    EXPECT_EQ(held_message(p, r),
              "agreement " + a->terms.id + " has no point price: " + a->point_price_error);
    EXPECT_EQ(held_message_sv(p, r),
              "avtal " + a->terms.id + " har inget poängpris: " + a->point_price_error_sv);
    EXPECT_FALSE(a->point_price_error_sv.empty());
  }
  // The exact texts of the two main cases.
  EXPECT_EQ(c.agreement("AS", 2022)->point_price_error,
            "no point_price, and no LPIK rate for 2022 to uplift 2021's price with");
  EXPECT_EQ(c.agreement("AS", 2025)->point_price_error,
            "no point_price and no 2024 agreement for AS to uplift from");
  // And in Swedish, for the held reasons people read (held_message_sv).
  EXPECT_EQ(c.agreement("AS", 2022)->point_price_error_sv,
            "inget poängpris, och ingen LPIK-takt för 2022 att räkna upp 2021 års pris med");
  EXPECT_EQ(c.agreement("AS", 2023)->point_price_error_sv,
            "inget poängpris, och avtalet för 2022 har inget: inget poängpris, och ingen "
            "LPIK-takt för 2022 att räkna upp 2021 års pris med");
  EXPECT_EQ(c.agreement("AS", 2025)->point_price_error_sv,
            "inget poängpris och inget avtal för AS år 2024 att räkna upp från");
  // The year with no agreement at all is no_agreement, not no_point_price.
  EXPECT_EQ(price_record(stay("20", "2024-06-01", "2024-06-02", "E03N"), {}, c).held,
            HeldReason::no_agreement);
}

// --- Subscription S --------------------------------------------------------------

TEST(SubscriptionS, MeanOfUpliftedBaseYearsRoundedOnce) {
  // Year 2021, base years 2019 and 2020, s = 0.5.
  // V_2019 = 1 234 567.98 kr = 123 456 798 öre, V_2020 = 1 300 000.03 kr = 130 000 003 öre.
  // V_2019 × 1.047532 = 129 324 946.522536
  // V_2020 × 1.019    = 132 470 003.057
  // mean = (129 324 946.522536 + 132 470 003.057) / 2 = 130 897 474.789768
  // S = round(0.5 × 130 897 474.789768) = round(65 448 737.394884) = 65 448 737
  // (rounding each uplifted V_b first gives (129 324 947 + 132 470 003) / 2 × 0.5
  //  = 65 448 737.5 -> 65 448 738, one öre too much)
  const std::vector<BaseYearValue> base{
      {2019, ore(123456798), *uplift_factor(lpik(), 2019, 2021)},
      {2020, ore(130000003), *uplift_factor(lpik(), 2020, 2021)},
  };
  EXPECT_EQ(subscription_from_base_years(5000, base), ore(65448737));
}

TEST(SubscriptionS, SimpleMeansAndHalves) {
  const UpliftFactor one = *uplift_factor(lpik(), 2021, 2021);
  // One base year, U = 1: round(0.5 × 101) = round(50.5) = 51
  const std::vector<BaseYearValue> single{{2021, ore(101), one}};
  EXPECT_EQ(subscription_from_base_years(5000, single), ore(51));
  // Mean of 100 and 101 at s = 1: round(100.5) = 101
  const std::vector<BaseYearValue> two{{2020, ore(100), one}, {2021, ore(101), one}};
  EXPECT_EQ(subscription_from_base_years(10000, two), ore(101));
  // s = 0: nothing.
  EXPECT_EQ(subscription_from_base_years(0, two), Money());
  EXPECT_THROW(subscription_from_base_years(5000, std::vector<BaseYearValue>{}),
               std::invalid_argument);
}

TEST(SubscriptionS, BaseYearValuesPricedUnderTheirOwnAgreements) {
  Catalogue c;
  fill_chain(c);
  // The buyer's base-year production: one E03N (2.0000) stay in each base year.
  // V_2019 = 2 × 66 754 kr = 133 508 kr = 13 350 800 öre (2019's price)
  // V_2020 = 2 × 68 623 kr = 137 246 kr = 13 724 600 öre (2020's uplifted price)
  const PricedRecord p19 = price_record(stay("18", "2019-05-01", "2019-05-03", "E03N"), {}, c);
  const PricedRecord p20 = price_record(stay("18", "2020-05-01", "2020-05-03", "E03N"), {}, c);
  ASSERT_EQ(p19.held, HeldReason::none);
  ASSERT_EQ(p20.held, HeldReason::none);
  EXPECT_EQ(p19.drg_based_value(), ore(13350800));
  EXPECT_EQ(p20.drg_based_value(), ore(13724600));
  const IndexSeries& s = *c.series("LPIK");
  const std::vector<BaseYearValue> base{
      {2019, p19.drg_based_value(), *uplift_factor(s, 2019, 2021)},
      {2020, p20.drg_based_value(), *uplift_factor(s, 2020, 2021)},
  };
  // 13 350 800 × 1.047532 = 13 985 390.2256; 13 724 600 × 1.019 = 13 985 367.4
  // mean = 13 985 378.8128; S = round(0.5 × 13 985 378.8128) = round(6 992 689.4064) = 6 992 689
  EXPECT_EQ(subscription_from_base_years(5000, base), ore(6992689));
}

TEST(SubscriptionS, FromBaseValue) {
  // round(0.5 × 100 000 001) = round(50 000 000.5) = 50 000 001
  EXPECT_EQ(subscription_from_base_value(5000, ore(100000001)), ore(50000001));
  // round(0.3333 × 100 000 001) = round(33 330 000.3333) = 33 330 000
  EXPECT_EQ(subscription_from_base_value(3333, ore(100000001)), ore(33330000));
  // The spec's example: 0.5 × 123 456 789.00 kr = 61 728 394.50 kr exactly.
  EXPECT_EQ(subscription_from_base_value(5000, kr(123456789)), ore(6172839450));
}

TEST(SubscriptionS, ProductionAtTheBaseMatchesFullyVariable) {
  // Base = this year's production V, U = 1, s = 0.5.
  const UpliftFactor one = *uplift_factor(lpik(), 2021, 2021);
  // V = 8 632 488 (even): S = 4 316 244, variable = 4 316 244; S + variable = V.
  std::vector<BaseYearValue> base{{2021, ore(8632488), one}};
  EXPECT_EQ(subscription_from_base_years(5000, base) + variable_share(ore(8632488), 5000),
            ore(8632488));
  // V = 8 633 187 (odd): both halves are 4 316 593.5 -> 4 316 594, so S + variable
  // = V + 1 öre: the two roundings of §4 do not cancel at exactly half an öre.
  base = {{2021, ore(8633187), one}};
  EXPECT_EQ(subscription_from_base_years(5000, base) + variable_share(ore(8633187), 5000),
            ore(8633188));
}

// --- Installments ---------------------------------------------------------------

TEST(Installments, ElevenEqualAndDecemberTakesTheRemainder) {
  auto check = [](int64_t s, int64_t monthly, int64_t december) {
    SCOPED_TRACE(s);
    const auto in = installments(ore(s));
    for (int m = 0; m < 11; ++m) EXPECT_EQ(in[m], ore(monthly));
    EXPECT_EQ(in[11], ore(december));
    EXPECT_EQ(std::accumulate(in.begin(), in.end(), Money()), ore(s));
  };
  check(100, 8, 12);  // floor(100 / 12) = 8; 100 − 11 × 8 = 12
  check(11, 0, 11);   // floor(11 / 12) = 0; December 11
  check(0, 0, 0);
  check(12, 1, 1);
  check(23, 1, 12);  // 23 − 11 = 12
  check(24, 2, 2);
  // S = 65 448 737: floor(S / 12) = 5 454 061; 65 448 737 − 11 × 5 454 061 = 5 454 066
  check(65448737, 5454061, 5454066);
  EXPECT_THROW(installments(ore(-1)), std::invalid_argument);
}

}  // namespace
}  // namespace vardavtal
