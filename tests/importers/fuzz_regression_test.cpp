// Crashers the agreement and CSV fuzzers found (fuzz/, docs/fuzzing.md), kept
// as regressions: each input from fuzz/corpus/ is read again and must be
// refused with a clean error (file:line:column), never a crash or undefined
// behaviour.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "import_test_util.h"
#include "importers/importers.h"

namespace vardavtal {
namespace {

std::string corpus_file(const std::string& name) {
  std::ifstream in(std::string(VARDAVTAL_SOURCE_DIR) + "/fuzz/corpus/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// agreement_fuzz: `year = 40E42` was converted to an integer before its type
// was checked (toml++'s value<int64_t>() of a float out of range: undefined
// behaviour). It is now refused as not a whole number, as a float in range is.
TEST(FuzzRegression, AgreementFloatOutOfIntegerRange) {
  ErrorList errors;
  const std::string path =
      test::write_file("agreement.toml", corpus_file("agreement_fuzz/crash-float-year.toml"));
  EXPECT_FALSE(read_agreement(path, test::known_codes(), errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.report().find("year"), std::string::npos) << errors.report();
  EXPECT_NE(errors.report().find("a whole number"), std::string::npos) << errors.report();
}

TEST(FuzzRegression, AgreementFloatsWhereIntegersAreDue) {
  for (const char* value : {"1e300", "-1e300", "inf", "nan", "2021.0", "9.3e18"}) {
    ErrorList errors;
    const std::string path = test::write_file(
        "agreement.toml", std::string("id = \"A-1\"\nseller = \"USO\"\nyear = ") + value +
                              "\nprice_list = 2\npoint_price = 70000\n"
                              "[subscription]\nshare = 0.5\nbase_years = [" +
                              value + "]\n");
    EXPECT_FALSE(read_agreement(path, test::known_codes(), errors)) << value;
    EXPECT_NE(errors.report().find("a whole number"), std::string::npos) << errors.report();
    EXPECT_NE(errors.report().find("a year"), std::string::npos) << errors.report();
  }
}

}  // namespace
}  // namespace vardavtal
