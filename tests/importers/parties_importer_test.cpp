// read_regions and read_hospitals (docs/import.md#parties).
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "importers/importers.h"

namespace vardavtal {
namespace {

using test::collect;
using test::column_of_field;
using test::dump;
using test::write_file;

test::Result<Region> regions(const std::string& text, ImportOptions options = {}) {
  std::string path = write_file("regions.csv", text);
  return collect<Region>(
      [&](ErrorList& e, const BatchSink<Region>& s) { return read_regions(path, options, e, s); });
}

test::Result<Hospital> hospitals(const std::string& text, ImportOptions options = {}) {
  std::string path = write_file("hospitals.csv", text);
  KnownCodes known = test::known_codes();
  return collect<Hospital>([&](ErrorList& e, const BatchSink<Hospital>& s) {
    return read_hospitals(path, options, known, e, s);
  });
}

constexpr const char* kRegionHeader = "code,name,org_number,healthcare_region\n";
constexpr const char* kHospitalHeader = "code,name,region,kind,hsa_id\n";

void expect_one_error(const ErrorList& errors, long line, long column, const char* name,
                      const std::string& found) {
  ASSERT_EQ(errors.count(), 1u) << dump(errors);
  const ImportError& e = errors.listed()[0];
  EXPECT_EQ(e.line, line);
  EXPECT_EQ(e.column, column);
  EXPECT_EQ(e.column_name, name);
  EXPECT_EQ(e.found, found);
}

// ------------------------------------------------------------------ regions

TEST(RegionsImport, RowsHaveExactValues) {
  auto r = regions(std::string(kRegionHeader) +
                   "03,Region Uppsala,2321000024,Mellansverige\n"
                   "18,Region Örebro län,232100-0164,Mellansverige\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row.code, "03");
  EXPECT_EQ(r.rows[0].row.name, "Region Uppsala");
  EXPECT_EQ(r.rows[0].row.org_number, "2321000024");
  EXPECT_EQ(r.rows[0].row.healthcare_region, "Mellansverige");
  EXPECT_EQ(r.rows[1].row.name, "Region Örebro län");
  EXPECT_EQ(r.rows[1].row.org_number, "2321000164");  // the hyphen form is normalized
  EXPECT_EQ(r.rows[1].line, 3);
  EXPECT_EQ(r.rows[1].column, 1);
}

TEST(RegionsImport, OrgNumberWithBadCheckDigitIsRejected) {
  std::string line = "03,Region Uppsala,2321000025,Mellansverige";
  auto r = regions(std::string(kRegionHeader) + line + "\n");
  expect_one_error(r.errors, 2, column_of_field(line, 2), "org_number", "2321000025");
  EXPECT_TRUE(r.rows.empty());
}

TEST(RegionsImport, OrgNumberOfWrongLengthOrWithLettersIsRejected) {
  for (const char* bad : {"232100002", "23210000244", "23210000A4", "2321-000024", ""}) {
    SCOPED_TRACE(bad);
    std::string line = std::string("03,Region Uppsala,") + bad + ",Mellansverige";
    auto r = regions(std::string(kRegionHeader) + line + "\n");
    expect_one_error(r.errors, 2, column_of_field(line, 2), "org_number", bad);
  }
}

TEST(RegionsImport, CodeMustBeTwoDigits) {
  for (const char* bad : {"3", "003", "AB", ""}) {
    SCOPED_TRACE(bad);
    std::string line = std::string(bad) + ",Region,2321000024,Mellansverige";
    auto r = regions(std::string(kRegionHeader) + line + "\n");
    expect_one_error(r.errors, 2, 1, "code", bad);
  }
}

TEST(RegionsImport, NameAndHealthcareRegionAreRequired) {
  std::string line = "03,,2321000024,Mellansverige";
  auto r = regions(std::string(kRegionHeader) + line + "\n");
  expect_one_error(r.errors, 2, column_of_field(line, 1), "name", "");
  line = "03,Region Uppsala,2321000024,";
  r = regions(std::string(kRegionHeader) + line + "\n");
  expect_one_error(r.errors, 2, column_of_field(line, 3), "healthcare_region", "");
}

TEST(RegionsImport, HeaderRules) {
  auto reordered = regions(
      "org_number;healthcare_region;code;name\r\n"
      "2321000024;Mellansverige;03;Region Uppsala\r\n");
  ASSERT_TRUE(reordered.errors.empty()) << dump(reordered.errors);
  ASSERT_EQ(reordered.rows.size(), 1u);
  EXPECT_EQ(reordered.rows[0].row.code, "03");
  EXPECT_EQ(reordered.rows[0].row.name, "Region Uppsala");
  EXPECT_EQ(reordered.rows[0].column, column_of_field("2321000024;Mellansverige;03;", 2, ';'));

  auto missing = regions("code,name,healthcare_region\n03,Region Uppsala,Mellansverige\n");
  ASSERT_EQ(missing.errors.count(), 1u) << dump(missing.errors);
  EXPECT_NE(missing.errors.listed()[0].expected.find("'org_number'"), std::string::npos);
  EXPECT_TRUE(missing.rows.empty());

  auto repeated = regions("code,name,org_number,healthcare_region,name\n03,A,2321000024,M,B\n");
  ASSERT_EQ(repeated.errors.count(), 1u) << dump(repeated.errors);
  EXPECT_EQ(repeated.errors.listed()[0].column,
            column_of_field("code,name,org_number,healthcare_region,name", 4));
  EXPECT_TRUE(repeated.rows.empty());
}

TEST(RegionsImport, Cp1252AndBom) {
  auto cp =
      regions(std::string(kRegionHeader) + "18,Region \xD6rebro l\xE4n,2321000164,Mellansverige\n");
  ASSERT_TRUE(cp.errors.empty()) << dump(cp.errors);
  ASSERT_EQ(cp.rows.size(), 1u);
  EXPECT_EQ(cp.rows[0].row.name, "Region Örebro län");
  auto bom = regions("\xEF\xBB\xBF" + std::string(kRegionHeader) +
                     "18,Region Örebro län,2321000164,Mellansverige\n");
  ASSERT_TRUE(bom.errors.empty()) << dump(bom.errors);
  ASSERT_EQ(bom.rows.size(), 1u);
  EXPECT_EQ(bom.rows[0].row.code, "18");
}

// ---------------------------------------------------------------- hospitals

TEST(HospitalsImport, RowsHaveExactValues) {
  auto r = hospitals(std::string(kHospitalHeader) +
                     "AS,Akademiska sjukhuset,03,university,SE2321000024-E000000000001\n"
                     "MAS,Mälarsjukhuset,04,county,\n"
                     "LS1,Lasarettet i Enköping,03,district,\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].row.code, "AS");
  EXPECT_EQ(r.rows[0].row.name, "Akademiska sjukhuset");
  EXPECT_EQ(r.rows[0].row.region, "03");
  EXPECT_EQ(r.rows[0].row.kind, HospitalKind::university);
  EXPECT_EQ(r.rows[0].row.hsa_id, "SE2321000024-E000000000001");
  EXPECT_EQ(r.rows[1].row.name, "Mälarsjukhuset");
  EXPECT_EQ(r.rows[1].row.kind, HospitalKind::county);
  EXPECT_EQ(r.rows[1].row.hsa_id, "");
  EXPECT_EQ(r.rows[2].row.kind, HospitalKind::district);
  EXPECT_EQ(r.rows[2].row.code, "LS1");
}

TEST(HospitalsImport, HsaIdColumnIsOptional) {
  auto r = hospitals("code,name,region,kind\nUSO,Universitetssjukhuset Örebro,18,university\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.hsa_id, "");
  EXPECT_EQ(r.rows[0].row.region, "18");
}

struct BadHospital {
  const char* name;
  const char* line;
  const char* column;
  int field;
  const char* found;
};

void PrintTo(const BadHospital& c, std::ostream* os) {
  *os << c.name;
}

class HospitalsBadValue : public ::testing::TestWithParam<BadHospital> {};

TEST_P(HospitalsBadValue, IsReportedAtItsLineAndColumn) {
  const BadHospital& c = GetParam();
  auto r =
      hospitals(std::string(kHospitalHeader) + "AS,Akademiska,03,university,\n" + c.line + "\n");
  expect_one_error(r.errors, 3, column_of_field(c.line, static_cast<size_t>(c.field)), c.column,
                   c.found);
  ASSERT_EQ(r.rows.size(), 1u);
}

const BadHospital kBadHospitals[] = {
    {"RegionUnknown", "X1,Sjukhus,01,county,", "region", 2, "01"},
    {"RegionNotTwoDigits", "X1,Sjukhus,3,county,", "region", 2, "3"},
    {"KindUnknown", "X1,Sjukhus,03,regional,", "kind", 3, "regional"},
    {"KindCapitalized", "X1,Sjukhus,03,University,", "kind", 3, "University"},
    {"CodeLowerCase", "as,Sjukhus,03,county,", "code", 0, "as"},
    {"CodeTooLong", "ABCDEFGHIJK,Sjukhus,03,county,", "code", 0, "ABCDEFGHIJK"},
    {"CodeEmpty", ",Sjukhus,03,county,", "code", 0, ""},
    {"NameEmpty", "X1,,03,county,", "name", 1, ""},
};

INSTANTIATE_TEST_SUITE_P(Rules, HospitalsBadValue, ::testing::ValuesIn(kBadHospitals),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vardavtal
