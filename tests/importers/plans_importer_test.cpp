// read_plans (docs/import.md#plans): a plan row per seller, buyer, year and
// clinic; planned points exact to four decimals; each wrong value named.
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "importers/importers.h"

namespace vardavtal {
namespace {

using test::collect;
using test::dump;
using test::write_file;

test::Result<PlanRow> read_csv(const std::string& text) {
  const std::string path = write_file("plans.csv", text);
  return test::collect<PlanRow>([&](ErrorList& e, const BatchSink<PlanRow>& s) {
    return read_plans(path, {}, test::known_codes(), e, s);
  });
}

TEST(PlansImporter, ReadsARowWithExactPoints) {
  auto r = read_csv(
      "seller,buyer,year,clinic,planned_contacts,planned_points\n"
      "AS,20,2021,Kardiologi,1200,950.1234\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  const PlanRow& p = r.rows[0].row;
  EXPECT_EQ(p.seller, "AS");
  EXPECT_EQ(p.buyer, "20");
  EXPECT_EQ(p.year, 2021);
  EXPECT_EQ(p.clinic, "Kardiologi");
  EXPECT_EQ(p.planned_contacts, 1200);
  EXPECT_EQ(p.planned_points, 9501234);
}

TEST(PlansImporter, NamesEachWrongValue) {
  auto r = read_csv(
      "seller,buyer,year,clinic,planned_contacts,planned_points\n"
      "XX,20,2021,K,1,1\n"        // line 2: unknown seller
      "AS,99,2021,K,1,1\n"        // line 3: unknown region
      "AS,20,2021,,1,1\n"         // line 4: no clinic
      "AS,20,2021,K,-1,1\n"       // line 5: negative contacts
      "AS,20,2021,K,1,1.23456\n"  // line 6: five decimals
  );
  const std::string report = dump(r.errors);
  EXPECT_EQ(r.errors.count(), 5u) << report;
  for (const char* where : {":2:1: column 'seller'", ":3:4: column 'buyer'", ":4:", ":5:", ":6:"})
    EXPECT_NE(report.find(where), std::string::npos) << where << "\n" << report;
  EXPECT_NE(report.find("planned_points"), std::string::npos) << report;
  EXPECT_NE(report.find("planned_contacts"), std::string::npos) << report;
}

}  // namespace
}  // namespace vardavtal
