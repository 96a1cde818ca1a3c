// The small hand-computed billing fixture shared by the end-to-end tests of
// `bill` (billing_cli_test.cpp) and `reconcile` (reconcile_cli_test.cpp): a
// fresh directory per test, the catalogue of seller AS (Akademiska, region 03),
// the records.csv header, and `init` + `import all` through the real binary.
// Each test writes its own records, items, referrals and residents.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/e2e/run_command.h"

namespace vardavtal::testing {

// Writes `text` to the file `p`, replacing what it held.
inline void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

// The header of the fixture's records.csv, with `extra_columns` (",a,b") appended.
inline std::string records_header(const std::string& extra_columns = "") {
  return "record_id,seller,patient_id,county,care_type,clinic,admission_date,discharge_date,drg,"
         "kpp_cost,patient_fee,medical_field,diagnosis,municipality" +
         extra_columns + "\n";
}

// AS's four records of the billing tests (with `records_header()`): R1
// inpatient to 20 and R3 a visit with two X1 implants to 04 in 2021-03; R6
// inpatient to 20 in 2020-06, R7 a visit to 04 in 2020-02.
inline std::string billing_records() {
  return records_header() +
         "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2080\n"
         "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,200,341,I35.0,0480\n"
         "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,2080\n"
         "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,,341,I35.0,0480\n";
}

// An empty directory for the running test, TempDir/<prefix>-<pid>-<test name>,
// with its subdirectory agreements/.
inline std::filesystem::path fresh_test_dir(const std::string& prefix) {
  // A parameterized test's name has a slash ("TranscriptMatches/0"): one
  // directory, not two, so that removing it leaves nothing behind.
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(name.begin(), name.end(), '/', '-');
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              (prefix + "-" + std::to_string(getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "agreements");
  return dir;
}

// Writes the catalogue into `dir` (made by fresh_test_dir): DRG weights 2020 and
// 2021 (A01A 2 with LOS limit 10 days and cost limit 300 000 kr, B02B 0.5003),
// AS's implant X1 at 1 500.50 kr (2021), LPIK 2021 2 %, and AS's agreements
// AGR20 (2020, point price 49 000 kr, fully variable) and AGR21 (2021, point
// price 50 000 kr, 50 % subscription on base year 2020, LPIK uplift).
inline void write_billing_catalogue(const std::filesystem::path& dir) {
  write(dir / "weights.csv",
        "year,drg,name,weight,los_limit,cost_limit,day_weight\n"
        "2020,A01A,Testgrupp A,2,10,300000,\n2020,B02B,Testgrupp B,0.5003,,,\n"
        "2021,A01A,Testgrupp A,2,10,300000,\n2021,B02B,Testgrupp B,0.5003,,,\n");
  write(dir / "prices.csv", "seller,year,item_code,name,price\nAS,2021,X1,Implantat,1500.50\n");
  write(dir / "index.csv", "index,year,rate\nLPIK,2021,0.02\n");
  write(dir / "agreements" / "a2020.toml",
        "id = \"AGR20\"\nseller = \"AS\"\nyear = 2020\nprice_list = 2\npoint_price = 49000\n");
  write(dir / "agreements" / "a2021.toml",
        "id = \"AGR21\"\nseller = \"AS\"\nyear = 2021\nprice_list = 2\npoint_price = 50000\n"
        "[subscription]\nshare = 0.5\nbase_years = [2020]\n[uplift]\nindex = \"LPIK\"\n");
}

// The command prefix for the binary on the database `dir`/b.db (ends in a space).
inline std::string binary_on(const std::filesystem::path& dir) {
  return std::string(VARDAVTAL_BINARY) + " --db " + (dir / "b.db").string() + " ";
}

// Runs `init` and `import --quiet all dir` with `bin`.
// "ok\n" when the import succeeded.
inline std::string init_and_import_all(const std::string& bin, const std::filesystem::path& dir) {
  return run(bin + "init >/dev/null; " + bin + "import --quiet all " + dir.string() +
             " >/dev/null && echo ok");
}

}  // namespace vardavtal::testing
