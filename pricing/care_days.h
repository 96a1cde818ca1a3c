// Derived values of a record (docs/pricing.md#derived-values). Pure functions, any thread.
#pragma once

#include "core/record.h"

namespace vardavtal {

// Care days (vårddagar): discharge − admission − leave days, at least 1;
// visits have 1.
int care_days(const Record& r);

}  // namespace vardavtal
