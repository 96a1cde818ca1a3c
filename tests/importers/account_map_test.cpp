// accounts.toml (docs/erp.md#accountstoml): a valid map read whole, and each
// mistake reported with file:line:column, the key and what was expected.
#include "importers/account_map.h"

#include <gtest/gtest.h>

#include "tests/importers/import_test_util.h"

namespace vardavtal {
namespace {

using test::write_file;

const char* kValid =
    "series = \"K\"\n"
    "[receivable]\naccount = \"1510\"\nname = \"Kundfordringar\"\n"
    "[revenue.care]\naccount = \"3611\"\n"
    "[revenue.items]\naccount = \"3612\"\nname = \"Material\"\n"
    "[dimension]\nnumber = 8\nname = \"Kund\"\n"
    "[objects]\n\"21\" = \"K21\"\n";

TEST(AccountMap, AValidMapIsReadWhole) {
  ErrorList errors;
  auto m = read_account_map(write_file("accounts.toml", kValid), errors);
  ASSERT_TRUE(m) << errors.report();
  EXPECT_EQ(m->series, "K");
  EXPECT_EQ(m->receivable, (LedgerAccount{"1510", "Kundfordringar"}));
  EXPECT_EQ(m->revenue.at(RevenueKind::care), (LedgerAccount{"3611", ""}));
  EXPECT_EQ(m->revenue.at(RevenueKind::items).name, "Material");
  EXPECT_EQ(m->revenue.count(RevenueKind::subscription), 0u);
  EXPECT_EQ(m->dimension, 8);
  EXPECT_EQ(m->dimension_name, "Kund");
  EXPECT_EQ(m->object_of("21"), "K21");
  EXPECT_EQ(m->object_of("04"), "04");  // the county code when not mapped
  EXPECT_TRUE(m->company_name.empty());
}

TEST(AccountMap, EachMistakeIsNamedWithItsPlace) {
  ErrorList errors;
  const std::string bad =
      "[receivable]\naccount = \"15A0\"\n"            // line 2: not digits
      "[revenue.care]\naccount = 3611\n"              // line 4: not a string
      "[revenue.gifts]\naccount = \"3699\"\n"         // line 5: unknown kind
      "[dimension]\nnumber = 300\nname = \"Kund\"\n"  // line 8: out of range
      "[objects]\n\"Dalarna\" = \"K20\"\n";           // line 11: not a county code
  const std::string path = write_file("accounts.toml", bad);
  EXPECT_FALSE(read_account_map(path, errors));
  const std::string report = errors.report();
  EXPECT_NE(report.find(path + ":2:11"), std::string::npos) << report;
  EXPECT_NE(report.find("receivable.account"), std::string::npos) << report;
  EXPECT_NE(report.find("15A0"), std::string::npos) << report;
  EXPECT_NE(report.find(path + ":4:11"), std::string::npos) << report;
  EXPECT_NE(report.find("revenue.gifts"), std::string::npos) << report;
  // [revenue.items] is required and missing.
  EXPECT_NE(report.find("revenue.items"), std::string::npos) << report;
  EXPECT_NE(report.find(path + ":8:10"), std::string::npos) << report;
  EXPECT_NE(report.find("objects.Dalarna"), std::string::npos) << report;
  EXPECT_EQ(errors.count(), 6u) << report;
}

TEST(AccountMap, NotTomlIsOneErrorWithItsPlace) {
  ErrorList errors;
  const std::string path = write_file("accounts.toml", "[receivable\naccount = \"1510\"\n");
  EXPECT_FALSE(read_account_map(path, errors));
  ASSERT_EQ(errors.count(), 1u);
  EXPECT_EQ(errors.listed()[0].line, 1);
  EXPECT_NE(errors.listed()[0].expected.find("valid TOML"), std::string::npos);
}

}  // namespace
}  // namespace vardavtal
