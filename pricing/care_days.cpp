#include "pricing/care_days.h"

#include <algorithm>

namespace vardavtal {

int care_days(const Record& r) {
  if (r.care_type != CareType::inpatient || !r.discharge_date) return 1;
  return std::max(1, days_between(r.admission_date, *r.discharge_date) - r.leave_days);
}

}  // namespace vardavtal
