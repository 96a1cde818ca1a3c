// The largest values an import accepts (docs/import.md "Limits",
// docs/decisions.md). Far above any real value, they keep every amount the
// billing derives from imported values well inside int64 öre; sums are checked
// as well (core/money.h). One Bound per kind of value, used by the CSV and the
// TOML readers alike.
#pragma once

#include <cstdint>
#include <string>

#include "core/catalogue.h"
#include "core/decimal.h"

namespace vardavtal {

// A decimal with `places` decimals, in units of 10^-places, from -max (or 0)
// to max.
// The years of catalogue and plan rows.
inline constexpr int64_t kMinYear = 1990, kMaxYear = 2100;

struct Bound {
  int places;
  int64_t max;  // in units of 10^-places
  const char* unit;
  const char* unit_sv = nullptr;  // the unit in Swedish when it differs

  bool admits(int64_t units, bool allow_negative) const {
    return units <= max && units >= (allow_negative ? -max : 0);
  }
  // "not above 1000000000 kr" / "from -1 to 1".
  std::string text(bool allow_negative) const {
    std::string m = format_scaled(max, places) + unit;
    return allow_negative ? "from -" + m + " to " + m : "not above " + m;
  }
  // The same in Swedish: "högst 1000000000 kr" / "från -0,5 till 0,5".
  std::string text_sv(bool allow_negative) const {
    std::string m = format_scaled(max, places);
    for (char& c : m)
      if (c == '.') c = ',';  // a Swedish decimal comma
    m += unit_sv ? unit_sv : unit;
    return allow_negative ? "från -" + m + " till " + m : "högst " + m;
  }
};

// Plausibility (docs/import.md#plausibility): the longest care stay a record
// may have, 3 years; a longer one is a typo in the source system.
inline constexpr int kMaxStayDays = 1096;
// An agreement's max_contact_amount: up to 10^15 kr, the most one contact can
// bill within the other bounds (an item line of 1 000 000 × 1 000 000 000 kr).
inline constexpr Bound kMaxContactBound{2, 100'000'000'000'000'000, " kr"};

// Amounts in kronor: KPP cost, patient fee, cost limit, item price, point
// price. 1 000 000 000 kr.
inline constexpr Bound kAmountBound{2, 100'000'000'000, " kr"};
// A subscription's base value: a buyer's whole year of care from a seller,
// which can be several billion kronor (the scale-10 demo has 3.4 billion).
// 1 000 000 000 000 kr; share × base value stays within int64 öre.
inline constexpr Bound kBaseValueBound{2, 100'000'000'000'000, " kr"};
// DRG weights and day weights: 1 000 points.
inline constexpr Bound kWeightBound{kWeightPlaces, 1000 * 10'000, " points", " poäng"};
// Index rates: a change of at most 100 % either way.
inline constexpr Bound kRateBound{kRatePlaces, 1'000'000, ""};
// A volume commitment's DRG points per buyer and year (and its caps):
// 10 000 000 points; points × a point price stay within int64 öre.
inline constexpr Bound kCommitmentBound{kWeightPlaces, 10'000'000LL * 10'000, " points", " poäng"};
// Shares (subscription share, cost outlier share): at most 1.
inline constexpr Bound kShareBound{kSharePlaces, 10'000, ""};

}  // namespace vardavtal
