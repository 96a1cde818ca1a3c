#include "core/decimal.h"

#include <numeric>

#include <limits>
#include <stdexcept>

namespace vardavtal {

std::optional<int64_t> parse_scaled(std::string_view t, int max_places, bool decimal_comma,
                                    bool allow_negative) {
  if (t.empty()) return std::nullopt;
  bool neg = false;
  if (t[0] == '-') {
    if (!allow_negative) return std::nullopt;
    neg = true;
    t.remove_prefix(1);
  }
  if (t.empty()) return std::nullopt;
  __int128 v = 0;
  int places = -1;  // -1: no separator seen yet
  bool any_digit = false;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      if (places >= 0) {
        if (++places > max_places) return std::nullopt;
      }
      v = v * 10 + (c - '0');
      any_digit = true;
      if (v > std::numeric_limits<int64_t>::max()) return std::nullopt;
    } else if ((c == '.' || (decimal_comma && c == ',')) && places < 0 && any_digit) {
      places = 0;
    } else {
      return std::nullopt;
    }
  }
  if (places == 0) return std::nullopt;  // "12." is not a number
  for (int p = places < 0 ? 0 : places; p < max_places; ++p) {
    v *= 10;
    if (v > std::numeric_limits<int64_t>::max()) return std::nullopt;
  }
  return static_cast<int64_t>(neg ? -v : v);
}

std::string format_scaled_fixed(int64_t units, int places) {
  bool neg = units < 0;
  unsigned long long mag = neg ? 0ULL - static_cast<unsigned long long>(units)
                               : static_cast<unsigned long long>(units);
  std::string digits = std::to_string(mag);
  if (static_cast<int>(digits.size()) <= places)
    digits.insert(0, static_cast<size_t>(places + 1 - static_cast<int>(digits.size())), '0');
  std::string out = neg ? "-" : "";
  out += digits.substr(0, digits.size() - static_cast<size_t>(places));
  if (places > 0) {
    out += '.';
    out += digits.substr(digits.size() - static_cast<size_t>(places));
  }
  return out;
}

std::string format_scaled(int64_t units, int places) {
  std::string s = format_scaled_fixed(units, places);
  if (places > 0) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

int64_t round_half_away(__int128 num, __int128 den) {
  bool neg = num < 0;
  __int128 mag = neg ? -num : num;
  __int128 q = mag / den, r = mag % den;
  if (2 * r >= den) ++q;
  if (q > (neg ? -static_cast<__int128>(std::numeric_limits<int64_t>::min())
               : static_cast<__int128>(std::numeric_limits<int64_t>::max())))
    throw std::overflow_error("a rounded value too large for 64 bits");
  return static_cast<int64_t>(neg ? -q : q);
}

std::optional<Fraction> Fraction::parse(std::string_view text) {
  constexpr int kPlaces = 9;
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    auto units = parse_scaled(text, kPlaces, false, true);
    if (!units) return std::nullopt;
    const int64_t g = std::gcd(*units, int64_t{1000000000});
    return Fraction{*units / g, 1000000000 / g};
  }
  auto num = parse_scaled(text.substr(0, slash), 0, false, true);
  auto den = parse_scaled(text.substr(slash + 1), 0);
  if (!num || !den || *den == 0) return std::nullopt;
  const int64_t g = std::gcd(*num, *den);
  return Fraction{*num / g, *den / g};
}

std::string Fraction::text() const { return std::to_string(num) + "/" + std::to_string(den); }

}  // namespace vardavtal
