#include <gtest/gtest.h>

#include "core/decimal.h"
#include "core/money.h"

#include <climits>
#include <stdexcept>

namespace vardavtal {
namespace {

TEST(Money, ParsesKronorWithUpToTwoDecimals) {
  EXPECT_EQ(Money::parse("1234")->ore(), 123400);
  EXPECT_EQ(Money::parse("1234.5")->ore(), 123450);
  EXPECT_EQ(Money::parse("1234.56")->ore(), 123456);
  EXPECT_EQ(Money::parse("-0.05")->ore(), -5);
  EXPECT_EQ(Money::parse("0")->ore(), 0);
}

TEST(Money, RejectsMalformedAmounts) {
  for (const char* bad : {"", "1.234", "1 234", "1e3", "12.", ".5", "abc", "1,5", "--1", "1.2.3"})
    EXPECT_FALSE(Money::parse(bad)) << bad;
}

TEST(Money, DecimalCommaOnlyWhenAllowed) {
  EXPECT_FALSE(Money::parse("12,50"));
  EXPECT_EQ(Money::parse("12,50", true)->ore(), 1250);
  EXPECT_EQ(Money::parse("12.50", true)->ore(), 1250);
}

TEST(Money, Formats) {
  EXPECT_EQ(Money::from_ore(2157248).to_string(), "21572.48");
  EXPECT_EQ(Money::from_ore(-5).to_string(), "-0.05");
  EXPECT_EQ(Money::from_ore(0).to_string(), "0.00");
  EXPECT_EQ(Money::from_ore(2157248).to_swedish(), "21 572,48");
  EXPECT_EQ(Money::from_ore(205942700000).to_swedish(), "2 059 427 000,00");
  EXPECT_EQ(Money::from_ore(-123456789).to_swedish(), "-1 234 567,89");
  EXPECT_EQ(Money::from_ore(99).to_swedish(), "0,99");
}

// Issue 11 item 7: no sum, difference, negation or product wraps.
TEST(Money, SumsAndProductsThatDoNotFitThrowInsteadOfWrapping) {
  const Money max = Money::from_ore(INT64_MAX), min = Money::from_ore(INT64_MIN);
  const Money one = Money::from_ore(1);
  EXPECT_THROW(max + one, std::overflow_error);
  EXPECT_THROW(min - one, std::overflow_error);
  EXPECT_THROW(-min, std::overflow_error);
  Money m = max;
  EXPECT_THROW(m += one, std::overflow_error);
  EXPECT_EQ(m, max);  // unchanged by the failed sum
  m = min;
  EXPECT_THROW(m -= one, std::overflow_error);
  EXPECT_THROW(Money::from_ore(INT64_MAX / 2 + 1) * 2, std::overflow_error);
  EXPECT_THROW(min * -1, std::overflow_error);
  EXPECT_THROW(Money::from_kronor(INT64_MAX / 100 + 1), std::overflow_error);
  // Two records of 2^62 öre: the wrapped sum was negative.
  EXPECT_THROW(Money::from_ore(int64_t{1} << 62) + Money::from_ore(int64_t{1} << 62),
               std::overflow_error);
}

TEST(Money, SumsAndProductsThatFitAreExact) {
  const Money max = Money::from_ore(INT64_MAX), min = Money::from_ore(INT64_MIN);
  EXPECT_EQ((max + min).ore(), -1);
  EXPECT_EQ((min + max).ore(), -1);
  EXPECT_EQ((-max).ore(), -INT64_MAX);
  EXPECT_EQ((max - max).ore(), 0);
  EXPECT_EQ((Money::from_ore(-123) * 1000000).ore(), -123000000);
  EXPECT_EQ((Money::from_ore(INT64_MAX / 2) * 2).ore(), INT64_MAX - 1);
  EXPECT_EQ(Money::from_kronor(12).ore(), 1200);
}

TEST(Money, RoundingAWideValueThatDoesNotFitThrows) {
  EXPECT_THROW(round_half_away(static_cast<__int128>(INT64_MAX) * 4, 2), std::overflow_error);
  EXPECT_EQ(round_half_away(static_cast<__int128>(INT64_MIN) * 2, 2), INT64_MIN);
}

TEST(Decimal, ParsesToScaledUnits) {
  EXPECT_EQ(parse_scaled("1.25", 4), 12500);
  EXPECT_EQ(parse_scaled("4.2217", 4), 42217);
  EXPECT_EQ(parse_scaled("0.019", 6), 19000);
  EXPECT_EQ(parse_scaled("3", 4), 30000);
  EXPECT_FALSE(parse_scaled("1.23456", 4));  // too many places
  EXPECT_FALSE(parse_scaled("-1", 4));       // negative not allowed
  EXPECT_EQ(parse_scaled("-0.005", 6, false, true), -5000);
  EXPECT_FALSE(parse_scaled("99999999999999999999", 0));  // overflow
  EXPECT_EQ(parse_scaled("0,5", 4, true), 5000);
  EXPECT_FALSE(parse_scaled("0,5", 4, false));
}

TEST(Decimal, FormatsMinimalAndFixed) {
  EXPECT_EQ(format_scaled(12500, 4), "1.25");
  EXPECT_EQ(format_scaled(30000, 4), "3");
  EXPECT_EQ(format_scaled(0, 4), "0");
  EXPECT_EQ(format_scaled(-5000, 6), "-0.005");
  EXPECT_EQ(format_scaled_fixed(150, 2), "1.50");
  EXPECT_EQ(format_scaled_fixed(5, 2), "0.05");
}

TEST(Rounding, HalfAwayFromZeroBothSigns) {
  EXPECT_EQ(round_half_away(5, 10), 1);    // 0.5 -> 1
  EXPECT_EQ(round_half_away(-5, 10), -1);  // -0.5 -> -1
  EXPECT_EQ(round_half_away(4, 10), 0);
  EXPECT_EQ(round_half_away(-4, 10), 0);
  EXPECT_EQ(round_half_away(15, 10), 2);   // 1.5 -> 2 (not banker's 2... and 2.5 -> 3)
  EXPECT_EQ(round_half_away(25, 10), 3);
  EXPECT_EQ(round_half_away(-25, 10), -3);
  // weight 1.2345 x 69 927 kr = 86 324.8815 kr = 8 632 488.15 öre -> 8 632 488
  EXPECT_EQ(round_half_away(static_cast<__int128>(12345) * 6992700, 10000), 8632488);
}

}  // namespace
}  // namespace vardavtal
