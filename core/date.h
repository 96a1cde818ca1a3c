// Calendar dates. A Date is a date::year_month_day; parsing is strict ISO 8601
// (YYYY-MM-DD, a real calendar day, nothing before or after). Pure functions,
// safe from any thread.
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

namespace vardavtal {

using Date = date::year_month_day;

// Parses exactly "YYYY-MM-DD" naming a real day; nullopt otherwise.
std::optional<Date> parse_iso_date(std::string_view text);

// "YYYY-MM-DD".
std::string format_iso(Date d);
// Writes the 10 characters of "YYYY-MM-DD" into out (no allocation).
void format_iso(Date d, char out[10]);

// Whole days from `from` to `to` (negative when `to` is earlier).
int days_between(Date from, Date to);

inline int year_of(Date d) { return static_cast<int>(d.year()); }

}  // namespace vardavtal
