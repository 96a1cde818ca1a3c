// Price uplift (uppräkning, docs/pricing.md#uplift): the factor U(b -> y), the
// product of (1 + rate_k) for k = b+1 .. y of one index series, kept as an
// exact fraction; and uplifted point prices. Pure; any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/money.h"

namespace vardavtal {

// rates of one series by year, in units of 10^-6.
using IndexSeries = std::map<int, int64_t>;

// An exact non-negative fraction numerator / denominator.
struct UpliftFactor {
  __int128 numerator = 1;
  __int128 denominator = 1;
  // Exact decimal text ("1.047532"); U is a product of 10^-6 fractions so it
  // always has a finite decimal form.
  std::string to_string() const;
};

// U(b -> y). nullopt when a rate for a year in b+1..y is missing (the missing
// year in `missing_year`). U(y -> y) = 1. Requires b <= y.
std::optional<UpliftFactor> uplift_factor(const IndexSeries& series, int base_year, int year,
                                          int* missing_year = nullptr);

// round(amount × U), half away from zero, in öre.
Money apply_uplift(Money amount, const UpliftFactor& u);

// An uplifted point price: last year's price × (1 + rate), rounded to whole
// kronor (docs/pricing.md#uplift).
Money uplift_point_price(Money last_year, int64_t rate);

}  // namespace vardavtal
