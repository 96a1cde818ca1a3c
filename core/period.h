// Period: a calendar month (year and month), the unit a billing run bills and
// an invoice covers. Text only at the edges: parse() takes exactly "YYYY-MM"
// (a month 01-12, nothing before or after) and str() writes it. Value type;
// any thread.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace vardavtal {

class Period {
 public:
  // 0000-01: a placeholder for value types filled in later.
  constexpr Period() = default;
  // Throws std::invalid_argument unless 0 <= year <= 9999 and 1 <= month <= 12.
  Period(int year, unsigned month);

  // Exactly "YYYY-MM" naming a month; nullopt otherwise.
  static std::optional<Period> parse(std::string_view text);

  int year() const { return year_; }
  unsigned month() const { return month_; }
  // "YYYY-MM".
  std::string str() const;

  // The month `n` months later (earlier when n < 0).
  Period plus_months(int n) const;
  Period next() const { return plus_months(1); }
  Period prev() const { return plus_months(-1); }

  Date first_day() const;
  Date last_day() const;

  auto operator<=>(const Period&) const = default;

 private:
  int year_ = 0;
  unsigned month_ = 1;
};

// The month a date falls in.
Period period_of(Date d);

// Whole months from `from` to `to` (negative when `to` is earlier).
int months_between(Period from, Period to);

}  // namespace vardavtal
