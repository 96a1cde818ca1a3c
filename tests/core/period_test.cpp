#include <gtest/gtest.h>

#include <stdexcept>

#include "core/period.h"

namespace vardavtal {
namespace {

TEST(Period, ParsesAndFormatsExactlyYearDashMonth) {
  auto p = Period::parse("2021-03");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->year(), 2021);
  EXPECT_EQ(p->month(), 3u);
  EXPECT_EQ(p->str(), "2021-03");
  EXPECT_EQ(Period(987, 7).str(), "0987-07");
  for (const char* bad : {"2021-13", "2021-00", "2021-1", " 2021-01", "2021-01 ", "2021/01",
                          "202101", "21-01", "", "2021-01-01", "2021-0a", "+021-01"})
    EXPECT_FALSE(Period::parse(bad)) << bad;
}

TEST(Period, RejectsImpossibleMonths) {
  EXPECT_THROW(Period(2021, 13), std::invalid_argument);
  EXPECT_THROW(Period(2021, 0), std::invalid_argument);
  EXPECT_THROW(Period(10000, 1), std::invalid_argument);
}

TEST(Period, StepsAcrossTheYear) {
  EXPECT_EQ(Period(2021, 12).next(), Period(2022, 1));
  EXPECT_EQ(Period(2022, 1).prev(), Period(2021, 12));
  EXPECT_EQ(Period(2021, 11).plus_months(14), Period(2023, 1));
  EXPECT_EQ(Period(2021, 3).plus_months(-15), Period(2019, 12));
  EXPECT_EQ(months_between(Period(2021, 11), Period(2023, 1)), 14);
  EXPECT_EQ(months_between(Period(2023, 1), Period(2021, 11)), -14);
  EXPECT_THROW(Period(0, 1).prev(), std::out_of_range);
}

TEST(Period, OrdersByYearThenMonth) {
  EXPECT_LT(Period(2021, 12), Period(2022, 1));
  EXPECT_LT(Period(2021, 2), Period(2021, 10));  // not text order of "2" and "10"
  EXPECT_EQ(Period(2021, 5), *Period::parse("2021-05"));
}

TEST(Period, FirstAndLastDay) {
  EXPECT_EQ(format_iso(Period(2020, 2).first_day()), "2020-02-01");
  EXPECT_EQ(format_iso(Period(2020, 2).last_day()), "2020-02-29");  // leap year
  EXPECT_EQ(format_iso(Period(2021, 2).last_day()), "2021-02-28");
  EXPECT_EQ(format_iso(Period(2100, 2).last_day()), "2100-02-28");  // not a leap year
  EXPECT_EQ(format_iso(Period(2021, 12).last_day()), "2021-12-31");
  EXPECT_EQ(period_of(*parse_iso_date("2021-12-31")), Period(2021, 12));
  EXPECT_EQ(period_of(*parse_iso_date("2024-02-29")), Period(2024, 2));
}

}  // namespace
}  // namespace vardavtal
