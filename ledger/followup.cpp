#include "ledger/followup.h"

#include "core/decimal.h"

namespace vardavtal {

Decomposition decompose(Money before, Money now, int64_t points_before, int64_t points_now) {
  Decomposition d;
  d.change = now - before;
  if (points_before > 0)
    d.volume = Money::from_ore(round_half_away(
        (static_cast<__int128>(points_now) - points_before) * before.ore(), points_before));
  d.price_and_model = d.change - d.volume;
  return d;
}

}  // namespace vardavtal
