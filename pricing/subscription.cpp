#include "pricing/subscription.h"

#include <stdexcept>

#include "core/decimal.h"

namespace vardavtal {

namespace {
constexpr int64_t kShareScale = 10000;

__int128 mul(__int128 a, __int128 b) {
  __int128 r = 0;
  if (__builtin_mul_overflow(a, b, &r))
    throw std::overflow_error("subscription out of range for exact arithmetic");
  return r;
}
}  // namespace

Money subscription_from_base_years(int64_t share, std::span<const BaseYearValue> base) {
  if (base.empty()) throw std::invalid_argument("a subscription needs at least one base year");
  // Common denominator: the largest uplift denominator (all are powers of 10^6).
  __int128 d = 1;
  for (const auto& b : base)
    if (b.uplift.denominator > d) d = b.uplift.denominator;
  __int128 sum = 0;
  for (const auto& b : base) {
    __int128 term = mul(mul(b.value.ore(), b.uplift.numerator), d / b.uplift.denominator);
    if (__builtin_add_overflow(sum, term, &sum))
      throw std::overflow_error("subscription out of range for exact arithmetic");
  }
  const __int128 numerator = mul(sum, share);
  const __int128 denominator = mul(mul(d, static_cast<__int128>(base.size())), kShareScale);
  return Money::from_ore(round_half_away(numerator, denominator));
}

Money subscription_from_base_value(int64_t share, Money base_value) {
  return Money::from_ore(
      round_half_away(static_cast<__int128>(base_value.ore()) * share, kShareScale));
}

std::array<Money, 12> installments(Money yearly) {
  if (yearly.ore() < 0) throw std::invalid_argument("a negative subscription");
  std::array<Money, 12> out;
  const int64_t monthly = yearly.ore() / 12;
  for (int m = 0; m < 11; ++m) out[m] = Money::from_ore(monthly);
  out[11] = Money::from_ore(yearly.ore() - 11 * monthly);
  return out;
}

}  // namespace vardavtal
