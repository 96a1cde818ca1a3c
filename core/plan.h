// A production plan (issue 17; docs/followup.md#plan): how much care a seller
// plans to deliver to a buyer region in a year, per clinic, as the agreement
// parties plan volumes together (seed 003, agreement area 11 "Planering och
// uppföljning"). Value type.
#pragma once

#include <cstdint>
#include <string>

namespace vardavtal {

struct PlanRow {
  std::string seller;  // hospital code
  std::string buyer;   // county code
  int year = 0;
  std::string clinic;  // as the records name it
  int64_t planned_contacts = 0;
  int64_t planned_points = 0;  // DRG points in 10^-4
};

}  // namespace vardavtal
