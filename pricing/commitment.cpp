#include "pricing/commitment.h"

#include <algorithm>

#include "core/decimal.h"

namespace vardavtal {

namespace {
constexpr int64_t kScale = 10000;  // points and shares: 10^-4

// round(points × p × share / den), points and share in 10^-4: one rounding.
Money points_at(int64_t points, int64_t den, Money p, int64_t share) {
  const __int128 num = static_cast<__int128>(points) * p.ore() * share;
  return Money::from_ore(round_half_away(num, static_cast<__int128>(kScale) * kScale * den));
}

// The outcome with delivered = delivered_num / den points (10^-4): exact,
// each amount rounded once; the point fields are rounded for display.
std::optional<CommitmentOutcome> outcome(const Agreement& a, std::string_view buyer, Money p,
                                         int64_t delivered_num, int64_t den) {
  auto committed = a.commitment_points.find(std::string(buyer));
  if (committed == a.commitment_points.end()) return std::nullopt;
  CommitmentOutcome o;
  o.committed = committed->second;
  o.delivered = round_half_away(delivered_num, den);
  const int64_t short_num = std::max<int64_t>(0, o.committed * den - delivered_num);
  o.shortfall = round_half_away(short_num, den);
  o.shortfall_amount = points_at(short_num, den, p, a.commitment_shortfall_share);
  auto cap = a.commitment_cap_points.find(std::string(buyer));
  if (cap != a.commitment_cap_points.end()) {
    o.cap = cap->second;
    const int64_t above_num = std::max<int64_t>(0, delivered_num - cap->second * den);
    o.above_cap = round_half_away(above_num, den);
    o.above_cap_credit = points_at(above_num, den, p, kScale - a.commitment_above_cap_share);
  }
  return o;
}
}  // namespace

std::optional<CommitmentOutcome> commitment_outcome(const Agreement& a, std::string_view buyer,
                                                    Money p, int64_t delivered) {
  return outcome(a, buyer, p, delivered, 1);
}

std::optional<CommitmentOutcome> forecast_outcome(const Agreement& a, std::string_view buyer,
                                                  Money p, int64_t delivered, int months_billed) {
  if (months_billed <= 0 || months_billed >= 12) return outcome(a, buyer, p, delivered, 1);
  return outcome(a, buyer, p, delivered * 12, months_billed);
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
