// The words of a year-end true-up (billing rules §8.4, §8.5) as its documents,
// the invoice listing and `settle` show them, in Swedish. Pure functions; any
// thread.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/settlement.h"

namespace vardavtal {

// "Efterreglering 2021: 1/3 × (KPP-kostnad 12 000 000,00 − fakturerat
// 11 000 000,01) = 333 333,33", then "; tidigare reglerat …" when earlier
// runs settled part of it.
std::string describe(const SettlementBasis& b);

// DRG points (10^-4) exactly, with a decimal comma: "1150,5", "2,5003".
std::string points_text(int64_t points);

}  // namespace vardavtal
