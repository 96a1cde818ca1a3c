// read_referrals and read_residents (docs/import.md#purchaser-registers): the purchaser's
// registers of referrals and of residents' registration periods.
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

test::Result<Referral> referrals(const std::string& text) {
  std::string path = write_file("referrals.csv", text);
  KnownCodes known = test::known_codes();
  return collect<Referral>([&](ErrorList& e, const BatchSink<Referral>& s) {
    return read_referrals(path, {}, known, e, s);
  });
}

test::Result<Residence> residents(const std::string& text) {
  std::string path = write_file("residents.csv", text);
  KnownCodes known = test::known_codes();
  return collect<Residence>([&](ErrorList& e, const BatchSink<Residence>& s) {
    return read_residents(path, {}, known, e, s);
  });
}

Date d(const char* iso) {
  return *parse_iso_date(iso);
}

constexpr const char* kReferralHeader =
    "referral_id,county,patient_id,seller,valid_from,valid_to\n";
constexpr const char* kResidentHeader = "patient_id,county,valid_from,valid_to\n";

TEST(ReferralsImport, RowsHaveExactValues) {
  auto r = referrals(std::string(kReferralHeader) +
                     "REM-1,17,19121212-1212,AS,2021-01-01,2021-12-31\n"
                     "REM-2,18,PSEUDO-9,USO,2021-02-01,\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  const Referral& a = r.rows[0].row;
  EXPECT_EQ(a.referral_id, "REM-1");
  EXPECT_EQ(a.county, "17");
  EXPECT_EQ(a.patient_id, "191212121212");
  EXPECT_EQ(a.seller, "AS");
  EXPECT_EQ(a.valid_from, d("2021-01-01"));
  ASSERT_TRUE(a.valid_to);
  EXPECT_EQ(*a.valid_to, d("2021-12-31"));
  const Referral& b = r.rows[1].row;
  EXPECT_EQ(b.patient_id, "PSEUDO-9");
  EXPECT_FALSE(b.valid_to);
  EXPECT_EQ(r.rows[1].line, 3);
  EXPECT_EQ(r.rows[1].column, 1);
}

TEST(ReferralsImport, OneDayPeriodIsAccepted) {
  auto r = referrals(std::string(kReferralHeader) + "REM-1,17,PSEUDO-9,AS,2021-01-01,2021-01-01\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(*r.rows[0].row.valid_to, d("2021-01-01"));
}

struct BadLine {
  const char* name;
  const char* line;
  const char* column;
  int field;
  const char* found;
};

void PrintTo(const BadLine& c, std::ostream* os) {
  *os << c.name;
}

class ReferralsBadValue : public ::testing::TestWithParam<BadLine> {};

TEST_P(ReferralsBadValue, IsReportedAtItsLineAndColumn) {
  const BadLine& c = GetParam();
  auto r = referrals(std::string(kReferralHeader) + "REM-0,17,PSEUDO-1,AS,2021-01-01,\n" + c.line +
                     "\n");
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, column_of_field(c.line, static_cast<size_t>(c.field)));
  EXPECT_EQ(e.column_name, c.column);
  EXPECT_EQ(e.found, c.found);
  ASSERT_EQ(r.rows.size(), 1u);
}

const BadLine kBadReferrals[] = {
    {"ValidToBeforeValidFrom", "REM-1,17,PSEUDO-1,AS,2021-02-01,2021-01-31", "valid_to", 5,
     "2021-01-31"},
    {"ValidFromNotADay", "REM-1,17,PSEUDO-1,AS,2021-02-30,", "valid_from", 4, "2021-02-30"},
    {"ValidFromEmpty", "REM-1,17,PSEUDO-1,AS,,", "valid_from", 4, ""},
    {"ValidToNotADate", "REM-1,17,PSEUDO-1,AS,2021-02-01,soon", "valid_to", 5, "soon"},
    {"CountyUnknown", "REM-1,01,PSEUDO-1,AS,2021-02-01,", "county", 1, "01"},
    {"PatientIdBadCheckDigit", "REM-1,17,191212121213,AS,2021-02-01,", "patient_id", 2,
     "191212121213"},
    {"PatientIdDigitsOnlyButShort", "REM-1,17,12345,AS,2021-02-01,", "patient_id", 2, "12345"},
    {"SellerUnknown", "REM-1,17,PSEUDO-1,XX,2021-02-01,", "seller", 3, "XX"},
    {"ReferralIdEmpty", ",17,PSEUDO-1,AS,2021-02-01,", "referral_id", 0, ""},
};

INSTANTIATE_TEST_SUITE_P(Rules, ReferralsBadValue, ::testing::ValuesIn(kBadReferrals),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ResidentsImport, RowsHaveExactValues) {
  auto r = residents(std::string(kResidentHeader) +
                     "191212121212,18,2000-01-01,2020-12-31\n"
                     "191212121212,17,2021-01-01,\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row.patient_id, "191212121212");
  EXPECT_EQ(r.rows[0].row.county, "18");
  EXPECT_EQ(r.rows[0].row.valid_from, d("2000-01-01"));
  EXPECT_EQ(*r.rows[0].row.valid_to, d("2020-12-31"));
  EXPECT_EQ(r.rows[1].row.county, "17");
  EXPECT_FALSE(r.rows[1].row.valid_to);  // still registered
}

class ResidentsBadValue : public ::testing::TestWithParam<BadLine> {};

TEST_P(ResidentsBadValue, IsReportedAtItsLineAndColumn) {
  const BadLine& c = GetParam();
  auto r = residents(std::string(kResidentHeader) + "PSEUDO-1,17,2021-01-01,\n" + c.line + "\n");
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, column_of_field(c.line, static_cast<size_t>(c.field)));
  EXPECT_EQ(e.column_name, c.column);
  EXPECT_EQ(e.found, c.found);
  ASSERT_EQ(r.rows.size(), 1u);
}

const BadLine kBadResidents[] = {
    {"ValidToBeforeValidFrom", "PSEUDO-2,17,2021-01-02,2021-01-01", "valid_to", 3, "2021-01-01"},
    {"CountyUnknown", "PSEUDO-2,25,2021-01-02,", "county", 1, "25"},
    {"PatientIdBadBirthDate", "191200001212,17,2021-01-02,", "patient_id", 0, "191200001212"},
    {"ValidFromNotLeap", "PSEUDO-2,17,2021-02-29,", "valid_from", 2, "2021-02-29"},
};

INSTANTIATE_TEST_SUITE_P(Rules, ResidentsBadValue, ::testing::ValuesIn(kBadResidents),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vardavtal
