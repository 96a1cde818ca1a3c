#include "core/date.h"

#include <chrono>
#include <cstdio>

namespace vardavtal {

namespace {
bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

std::optional<Date> parse_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
  Date ymd{date::year{to_int(y)}, date::month{static_cast<unsigned>(to_int(m))},
           date::day{static_cast<unsigned>(to_int(d))}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string format_iso(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

void format_iso(Date d, char out[10]) {
  int y = static_cast<int>(d.year());
  unsigned m = static_cast<unsigned>(d.month()), dd = static_cast<unsigned>(d.day());
  out[0] = static_cast<char>('0' + y / 1000 % 10);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + dd / 10);
  out[9] = static_cast<char>('0' + dd % 10);
}

Date latest_plausible_date(Date today) {
  Date ahead = today + date::years{1};
  return ahead.ok() ? ahead : Date{ahead.year() / ahead.month() / date::last};
}

bool is_plausible_date(Date d, Date today) {
  return d >= kEarliestPlausibleDate && d <= latest_plausible_date(today);
}

Date today() { return Date{date::floor<date::days>(std::chrono::system_clock::now())}; }

int days_between(Date from, Date to) {
  return static_cast<int>((date::sys_days{to} - date::sys_days{from}).count());
}

}  // namespace vardavtal
