// Price catalogue rows (docs/import.md#price-catalogue): DRG weight list, item price list and
// price index series. Decimals are exact integers at the scale named here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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

struct PriceRow {
  std::string seller;
  int year = 0;
  std::string item_code;
  std::string name;
  Money price;  // per unit
};

struct IndexRow {
  std::string index;  // "LPIK"
  int year = 0;
  int64_t rate = 0;   // 10^-6, yearly change as a fraction (0.019 -> 19000)
};

}  // namespace vardavtal
