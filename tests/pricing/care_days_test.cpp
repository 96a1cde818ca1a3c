#include <gtest/gtest.h>

#include "pricing/care_days.h"

namespace vardavtal {
namespace {

Record stay(const char* in, const char* out, int leave) {
  Record r;
  r.care_type = CareType::inpatient;
  r.admission_date = *parse_iso_date(in);
  r.discharge_date = *parse_iso_date(out);
  r.leave_days = leave;
  return r;
}

TEST(CareDays, DischargeMinusAdmissionMinusLeave) {
  EXPECT_EQ(care_days(stay("2021-03-01", "2021-03-11", 0)), 10);
  EXPECT_EQ(care_days(stay("2021-03-01", "2021-03-11", 3)), 7);
  EXPECT_EQ(care_days(stay("2020-12-30", "2021-01-02", 0)), 3);  // over the year end
}

TEST(CareDays, AtLeastOne) {
  EXPECT_EQ(care_days(stay("2021-03-01", "2021-03-01", 0)), 1);  // same day
  EXPECT_EQ(care_days(stay("2021-03-01", "2021-03-03", 2)), 1);  // all leave
}

TEST(CareDays, VisitsHaveOne) {
  Record v;
  v.care_type = CareType::doctor_visit;
  v.admission_date = *parse_iso_date("2021-05-05");
  EXPECT_EQ(care_days(v), 1);
  EXPECT_EQ(billing_date(v), *parse_iso_date("2021-05-05"));
  EXPECT_EQ(billing_date(stay("2020-12-30", "2021-01-02", 0)), *parse_iso_date("2021-01-02"));
}

}  // namespace
}  // namespace vardavtal
