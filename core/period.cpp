#include "core/period.h"

#include <cstdio>
#include <stdexcept>

namespace vardavtal {

namespace {
// Months since 0000-01.
int index_of(Period p) { return p.year() * 12 + static_cast<int>(p.month()) - 1; }
}  // namespace

Period::Period(int year, unsigned month) : year_(year), month_(month) {
  if (year < 0 || year > 9999 || month < 1 || month > 12)
    throw std::invalid_argument("no such month: year " + std::to_string(year) + ", month " +
                                std::to_string(month));
}

std::optional<Period> Period::parse(std::string_view text) {
  if (text.size() != 7) return std::nullopt;
  std::string day = std::string(text) + "-01";
  const std::optional<Date> first = parse_iso_date(day);
  if (!first) return std::nullopt;
  return period_of(*first);
}

std::string Period::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", year_, month_);
  return buf;
}

Period Period::plus_months(int n) const {
  const int i = index_of(*this) + n;
  if (i < 0) throw std::out_of_range("a month before year 0");
  return Period(i / 12, static_cast<unsigned>(i % 12) + 1);
}

Date Period::first_day() const {
  return date::year{year_} / date::month{month_} / date::day{1};
}

Date Period::last_day() const {
  return date::year_month_day_last{date::year{year_}, date::month_day_last{date::month{month_}}};
}

Period period_of(Date d) {
  return Period(static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
}

int months_between(Period from, Period to) { return index_of(to) - index_of(from); }

}  // namespace vardavtal
