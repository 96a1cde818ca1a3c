#include "pricing/uplift.h"

#include <stdexcept>

#include "core/decimal.h"

namespace vardavtal {

namespace {
constexpr int64_t kRateScale = 1000000;
}

std::optional<UpliftFactor> uplift_factor(const IndexSeries& series, int base_year, int year,
                                          int* missing_year) {
  if (base_year > year)
    throw std::invalid_argument("uplift from " + std::to_string(base_year) + " back to " +
                                std::to_string(year));
  UpliftFactor u;
  for (int k = base_year + 1; k <= year; ++k) {
    auto it = series.find(k);
    if (it == series.end()) {
      if (missing_year) *missing_year = k;
      return std::nullopt;
    }
    __int128 n = 0, d = 0;
    if (__builtin_mul_overflow(u.numerator, static_cast<__int128>(kRateScale + it->second), &n) ||
        __builtin_mul_overflow(u.denominator, static_cast<__int128>(kRateScale), &d))
      throw std::overflow_error("uplift chain too long for exact arithmetic");
    u.numerator = n;
    u.denominator = d;
  }
  return u;
}

std::string UpliftFactor::to_string() const {
  // denominator is 10^(6m): print numerator with 6m decimals, trimmed.
  int places = 0;
  for (__int128 d = denominator; d > 1; d /= 10) ++places;
  std::string digits;
  __int128 n = numerator;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(n % 10)));
    n /= 10;
  } while (n > 0);
  while (static_cast<int>(digits.size()) <= places) digits.insert(digits.begin(), '0');
  std::string out = digits.substr(0, digits.size() - static_cast<size_t>(places));
  if (places > 0) {
    std::string frac = digits.substr(digits.size() - static_cast<size_t>(places));
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (!frac.empty()) out += "." + frac;
  }
  return out;
}

Money apply_uplift(Money amount, const UpliftFactor& u) {
  __int128 n = 0;
  if (__builtin_mul_overflow(static_cast<__int128>(amount.ore()), u.numerator, &n))
    throw std::overflow_error("uplifted amount out of range");
  return Money::from_ore(round_half_away(n, u.denominator));
}

Money uplift_point_price(Money last_year, int64_t rate) {
  // kronor = round(last_year_kr × (1e6 + rate) / 1e6), in öre = that × 100.
  __int128 ore = static_cast<__int128>(last_year.ore()) * (kRateScale + rate);
  return Money::from_kronor(round_half_away(ore, static_cast<__int128>(kRateScale) * 100));
}

}  // namespace vardavtal
