// Follow-up aggregates (docs/followup.md) that are rules rather than sums.
// Pure functions; any thread.
#pragma once

#include <cstdint>

#include "core/money.h"

namespace vardavtal {

// Change decomposition (table 7): the volume effect is the change in DRG
// points valued at last year's average price per point (invoiced last year ÷
// its points), rounded once to öre; the price and model effect is the rest of
// the change. With no points last year the whole change is price and model.
struct Decomposition {
  Money change, volume, price_and_model;
};
Decomposition decompose(Money invoiced_before, Money invoiced_now, int64_t points_before,
                        int64_t points_now);  // points in 10^-4

}  // namespace vardavtal
