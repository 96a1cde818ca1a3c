// Volume commitment (volymåtagande, billing rules §8.5) and the year-end
// settlement's amount (§8.4). Commitment: what a buyer's
// delivered DRG points mean at the year's end under the agreement's
// commitment, and the run-rate forecast during the year. Pure functions on
// exact integers (points in 10^-4, shares in 10^-4, money in öre), each
// amount rounded once, half away from zero; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/agreement.h"
#include "core/decimal.h"
#include "core/money.h"

namespace vardavtal {

struct CommitmentOutcome {
  int64_t committed = 0;       // points, 10^-4
  std::optional<int64_t> cap;  // points, 10^-4
  int64_t delivered = 0;       // points, 10^-4
  int64_t shortfall = 0;       // max(0, committed − delivered)
  int64_t above_cap = 0;       // max(0, delivered − cap)
  Money shortfall_amount;      // round(shortfall × P × shortfall_share): invoiced
  Money above_cap_credit;      // round(above_cap × P × (1 − above_cap_share)): credited
  // What the buyer owes (positive) or is owed (negative) at settlement.
  Money true_up() const { return shortfall_amount - above_cap_credit; }
  bool operator==(const CommitmentOutcome&) const = default;
};

// The outcome for `buyer` with `delivered` points at point price `p`;
// nullopt when the agreement commits that buyer to nothing.
std::optional<CommitmentOutcome> commitment_outcome(const Agreement& a, std::string_view buyer,
                                                    Money p, int64_t delivered);

// The outcome on the year's run-rate forecast (delivered ÷ months billed ×
// 12), computed on the exact forecast and rounded once per amount;
// `delivered` in its points when all 12 months (or none) are billed.
std::optional<CommitmentOutcome> forecast_outcome(const Agreement& a, std::string_view buyer,
                                                  Money p, int64_t delivered, int months_billed);

// Year-end settlement of the cost difference (§8.4): round(share × (C − I)),
// C the buyer's KPP cost of the year's billed records, I all invoiced to it
// for the year; positive is invoiced, negative credited.
Money settlement_amount(const Fraction& share, Money kpp_cost, Money invoiced);

// The year's run-rate forecast: delivered ÷ months billed × 12, in 10^-4
// points rounded once; `delivered` itself when all 12 months (or none) are
// billed.
int64_t forecast_points(int64_t delivered, int months_billed);

}  // namespace vardavtal
