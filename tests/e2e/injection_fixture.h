// The CSV-injection fixture shared by csv_injection_test.cpp (CLI) and
// server_test.cpp (API download): the billing fixture's catalogue and records,
// with imported text that a spreadsheet would read as a formula: AS renamed
// "@Akademiska sjukhuset", DRG B02B named "+Testgrupp B", record
// "+cmd|' /C calc'!A0" of patient "@SUM(1+1)" at clinic
// =HYPERLINK("http://x","y") with referral "-2+3", and record R3 at clinic
// "@Klinik".
#pragma once

#include <filesystem>
#include <string>

#include "tests/e2e/billing_fixture.h"

namespace vardavtal::testing {

inline void write_injection_fixture(const std::filesystem::path& dir) {
  write_billing_catalogue(dir);
  write(dir / "weights.csv",
        "year,drg,name,weight,los_limit,cost_limit,day_weight\n"
        "2020,A01A,Testgrupp A,2,10,300000,\n2020,B02B,+Testgrupp B,0.5003,,,\n"
        "2021,A01A,Testgrupp A,2,10,300000,\n2021,B02B,+Testgrupp B,0.5003,,,\n");
  write(
      dir / "hospitals.csv",
      "code,name,region,kind,hsa_id,bankgiro\nAS,@Akademiska sjukhuset,03,university,,5050-1055\n");
  write(
      dir / "records.csv",
      records_header(",referral_id,emergency") +
          "+cmd|' /C calc'!A0,AS,@SUM(1+1),20,inpatient,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
          "2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2080,-2+3,0\n"
          "R3,AS,191212121212,04,doctor_visit,@Klinik,2021-03-10,,B02B,,200,341,I35.0,0480,,1\n"
          "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,2080,,1\n"
          "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,,341,I35.0,0480,,1\n");
  write(dir / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\n");
  write(dir / "referrals.csv",
        "referral_id,county,patient_id,seller,valid_from,valid_to\n"
        "-2+3,20,@SUM(1+1),AS,2021-01-01,2021-12-31\n");
  write(dir / "residents.csv",
        "patient_id,county,valid_from,valid_to\n@SUM(1+1),20,1990-01-01,\n"
        "191212121212,04,1990-01-01,\n");
}

}  // namespace vardavtal::testing
