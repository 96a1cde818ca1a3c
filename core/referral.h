// Referral (remiss / betalningsförbindelse) and resident registration periods:
// what a purchasing region knows about its patients (docs/import.md#purchaser-registers).
#pragma once

#include <optional>
#include <string>

#include "core/date.h"

namespace vardavtal {

struct Referral {
  std::string referral_id;
  std::string county;  // issuing region
  std::string patient_id;
  std::string seller;
  Date valid_from{};
  std::optional<Date> valid_to;
};

// A patient's registration (folkbokföring) in a county over a period;
// an empty valid_to means still registered.
struct Residence {
  std::string patient_id;
  std::string county;
  Date valid_from{};
  std::optional<Date> valid_to;
};

}  // namespace vardavtal
