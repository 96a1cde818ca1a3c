#include "billing/documents/rivta_codes.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace vardavtal::rivta {

std::string format_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

bool date_in_schema_range(Date d) {
  int y = static_cast<int>(d.year());
  return d.ok() && y >= 1900 && y <= 2099;
}

Date today_local() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return Date{date::year{tm.tm_year + 1900}, date::month{static_cast<unsigned>(tm.tm_mon + 1)},
              date::day{static_cast<unsigned>(tm.tm_mday)}};
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    if (i + len > s.size()) len = 1;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) len = 1;
    i += len;
  }
  return n;
}

std::string_view trim_xml_space(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace vardavtal::rivta
