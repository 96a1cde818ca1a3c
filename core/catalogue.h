// Price catalogue rows (docs/import.md#price-catalogue): DRG weight list, item price list and
// price index series. Decimals are exact integers at the scale named here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/codes.h"
#include "core/money.h"

namespace vardavtal {

inline constexpr int kWeightPlaces = 4;  // weights in units of 0.0001 points
inline constexpr int kRatePlaces = 6;    // index rates in units of 0.000001
inline constexpr int kSharePlaces = 4;   // shares in units of 0.0001

struct WeightRow {
  int year = 0;
  std::string drg;
  std::string name;
  int64_t weight = 0;                 // 10^-4 points
  std::optional<int> los_limit;       // care days (trimpunkt)
  std::optional<Money> cost_limit;    // kronor
  int64_t day_weight = 0;             // 10^-4 points per care day beyond los_limit
};

// A price-list row prices an item per unit, or (at_cost, §8.2) bills it at
// the cost stated on each item line; an at-cost row has no price (0).
struct PriceRow {
  std::string seller;
  int year = 0;
  std::string item_code;
  std::string name;
  Money price;  // per unit
  bool at_cost = false;
};

// What a tariff prices (§8.1): one contact, or each care day.
enum class TariffUnit { contact, care_day };
std::optional<TariffUnit> parse_tariff_unit(std::string_view s);  // "contact" | "care_day"
std::string_view to_string(TariffUnit u);

// A tariff (åtgärdsersättning, vårddygnspris): a price without DRG for the
// seller's records of one care type, narrowed by clinic and/or medical field
// (empty = any). Identity: seller, year, care type, clinic, field, unit.
struct TariffRow {
  std::string seller;
  int year = 0;
  CareType care_type = CareType::inpatient;
  std::string clinic;         // empty: any clinic
  std::string medical_field;  // MVO code; empty: any field
  TariffUnit unit = TariffUnit::contact;
  Money price;                // per unit
  std::string name;
};

struct IndexRow {
  std::string index;  // "LPIK"
  int year = 0;
  int64_t rate = 0;   // 10^-6, yearly change as a fraction (0.019 -> 19000)
};

}  // namespace vardavtal
