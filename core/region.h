// Region (region, landsting): one of Sweden's 21 regions, by SCB county code.
#pragma once

#include <string>
#include <vector>

namespace vardavtal {

struct Region {
  std::string code;               // two-digit SCB county code, "03"
  std::string name;               // "Region Uppsala"
  std::string org_number;         // 10 digits, Luhn-valid
  std::string healthcare_region;  // sjukvårdsregion, "Mellansverige"
};

// The 21 regions, built in (docs/import.md#parties). Order: by code.
const std::vector<Region>& builtin_regions();

}  // namespace vardavtal
