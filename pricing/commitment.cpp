#include "pricing/commitment.h"

#include <algorithm>

#include "core/decimal.h"

namespace vardavtal {

namespace {
constexpr int64_t kScale = 10000;  // points and shares: 10^-4

// round(points × p × share), points and share in 10^-4.
Money points_at(int64_t points, Money p, int64_t share) {
  const __int128 num = static_cast<__int128>(points) * p.ore() * share;
  return Money::from_ore(round_half_away(num, static_cast<__int128>(kScale) * kScale));
}
}  // namespace

std::optional<CommitmentOutcome> commitment_outcome(const Agreement& a, std::string_view buyer,
                                                    Money p, int64_t delivered) {
  auto committed = a.commitment_points.find(std::string(buyer));
  if (committed == a.commitment_points.end()) return std::nullopt;
  CommitmentOutcome o;
  o.committed = committed->second;
  o.delivered = delivered;
  o.shortfall = std::max<int64_t>(0, o.committed - delivered);
  o.shortfall_amount = points_at(o.shortfall, p, a.commitment_shortfall_share);
  auto cap = a.commitment_cap_points.find(std::string(buyer));
  if (cap != a.commitment_cap_points.end()) {
    o.cap = cap->second;
    o.above_cap = std::max<int64_t>(0, delivered - cap->second);
    o.above_cap_credit = points_at(o.above_cap, p, kScale - a.commitment_above_cap_share);
  }
  return o;
}

Money settlement_amount(const Fraction& share, Money kpp_cost, Money invoiced) {
  const __int128 diff = static_cast<__int128>(kpp_cost.ore()) - invoiced.ore();
  return Money::from_ore(round_half_away(diff * share.num, share.den));
}

int64_t forecast_points(int64_t delivered, int months_billed) {
  if (months_billed <= 0 || months_billed >= 12) return delivered;
  return round_half_away(static_cast<__int128>(delivered) * 12, months_billed);
}

}  // namespace vardavtal
