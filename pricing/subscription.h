// Subscription (abonnemang, docs/pricing.md#subscription): the yearly amount S per buyer
// from base years or a base value, and its 12 monthly installments. Exact
// integer arithmetic; one rounding per amount. Pure; any thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/money.h"
#include "pricing/uplift.h"

namespace vardavtal {

// One base year's DRG-based value V_b (priced under year b's agreement) and
// its uplift U(b -> y).
struct BaseYearValue {
  int year = 0;
  Money value;
  UpliftFactor uplift;
};

// S = round(s × mean over b of (V_b × U(b -> y))), s in 10^-4. Throws
// std::invalid_argument on no base years, std::overflow_error if the exact
// product does not fit 128 bits.
Money subscription_from_base_years(int64_t share, std::span<const BaseYearValue> base);

// S = round(s × base_value).
Money subscription_from_base_value(int64_t share, Money base_value);

// 12 installments of floor(S / 12) öre; December takes the remainder, so they
// add up to S exactly. S must not be negative.
std::array<Money, 12> installments(Money yearly);

}  // namespace vardavtal
