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

// The range of dates an import accepts (docs/import.md): from 1900-01-01 to
// one year after `today` (28 February after a 29 February).
inline constexpr Date kEarliestPlausibleDate{date::year{1900}, date::January, date::day{1}};
Date latest_plausible_date(Date today);
bool is_plausible_date(Date d, Date today);

// Today's date in UTC.
Date today();

inline int year_of(Date d) { return static_cast<int>(d.year()); }

}  // namespace vardavtal
