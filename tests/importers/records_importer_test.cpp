// read_records (docs/import.md#care-records): every column rule, the header rules, the
// format variants (',' and ';' with decimal comma, Windows-1252, BOM, CRLF)
// and error reporting (line, character column, column name, found text).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "import_test_util.h"
#include "importers/importers.h"

namespace vardavtal {
namespace {

using test::collect;
using test::column_of_field;
using test::dump;
using test::write_file;
using Row = std::map<std::string, std::string>;

const std::vector<std::string> kHeader = {
    "record_id", "seller",   "patient_id",     "county",         "municipality",
    "care_type", "clinic",   "admission_date", "discharge_date", "leave_days",
    "drg",       "kpp_cost", "referral_id",    "emergency",      "patient_fee"};

Row inpatient_row() {
  return {{"record_id", "R1"},
          {"seller", "AS"},
          {"patient_id", "191212121212"},
          {"county", "18"},
          {"municipality", "1880"},
          {"care_type", "inpatient"},
          {"clinic", "Kirurgi"},
          {"admission_date", "2021-03-01"},
          {"discharge_date", "2021-03-10"},
          {"leave_days", "2"},
          {"drg", "E03N"},
          {"kpp_cost", "45678.50"},
          {"referral_id", "REM-1"},
          {"emergency", "1"},
          {"patient_fee", "0"}};
}

Row visit_row() {
  return {{"record_id", "V1"},
          {"seller", "USO"},
          {"patient_id", "PSEUDO-A7"},
          {"county", "03"},
          {"municipality", "0380"},
          {"care_type", "doctor_visit"},
          {"clinic", "Ögon"},
          {"admission_date", "2021-05-04"},
          {"discharge_date", ""},
          {"leave_days", ""},
          {"drg", ""},
          {"kpp_cost", "1200"},
          {"referral_id", ""},
          {"emergency", ""},
          {"patient_fee", "100.50"}};
}

std::string join(const std::vector<std::string>& v, char delim) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += delim;
    s += v[i];
  }
  return s;
}

std::string line_of(const Row& r, const std::vector<std::string>& header, char delim = ',') {
  std::vector<std::string> v;
  for (const auto& h : header) v.push_back(r.count(h) ? r.at(h) : "");
  return join(v, delim);
}

std::string csv(const std::vector<Row>& rows, const std::vector<std::string>& header = kHeader,
                char delim = ',', const char* eol = "\n") {
  std::string s = join(header, delim) + eol;
  for (const auto& r : rows) s += line_of(r, header, delim) + eol;
  return s;
}

test::Result<Record> read(const std::string& path, ImportOptions options = {}) {
  KnownCodes known = test::known_codes();
  return collect<Record>([&](ErrorList& e, const BatchSink<Record>& s) {
    return read_records(path, options, known, e, s);
  });
}

Date d(const char* iso) {
  return *parse_iso_date(iso);
}

size_t index_of(const std::string& col) {
  for (size_t i = 0; i < kHeader.size(); ++i)
    if (kHeader[i] == col) return i;
  ADD_FAILURE() << "no column " << col;
  return 0;
}

// ---------------------------------------------------------------- good rows

TEST(RecordsImport, InpatientRowHasExactValues) {
  auto r = read(write_file("records.csv", csv({inpatient_row()})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.read, 1);
  const Record& x = r.rows[0].row;
  EXPECT_EQ(x.record_id, "R1");
  EXPECT_EQ(x.seller, "AS");
  EXPECT_EQ(x.patient_id, "191212121212");
  EXPECT_EQ(x.county, "18");
  EXPECT_EQ(x.municipality, "1880");
  EXPECT_EQ(x.care_type, CareType::inpatient);
  EXPECT_EQ(x.clinic, "Kirurgi");
  EXPECT_EQ(x.admission_date, d("2021-03-01"));
  ASSERT_TRUE(x.discharge_date);
  EXPECT_EQ(*x.discharge_date, d("2021-03-10"));
  EXPECT_EQ(x.leave_days, 2);
  EXPECT_EQ(x.drg, "E03N");
  ASSERT_TRUE(x.kpp_cost);
  EXPECT_EQ(x.kpp_cost->ore(), 4567850);
  EXPECT_EQ(x.referral_id, "REM-1");
  EXPECT_TRUE(x.emergency);
  EXPECT_EQ(x.patient_fee.ore(), 0);
  EXPECT_EQ(billing_date(x), d("2021-03-10"));
  EXPECT_EQ(r.rows[0].line, 2);
  EXPECT_EQ(r.rows[0].column, 1);
}

TEST(RecordsImport, VisitRowHasExactValues) {
  auto r = read(write_file("records.csv", csv({visit_row()})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  const Record& x = r.rows[0].row;
  EXPECT_EQ(x.record_id, "V1");
  EXPECT_EQ(x.seller, "USO");
  EXPECT_EQ(x.patient_id, "PSEUDO-A7");  // a pseudonym is kept as it is
  EXPECT_EQ(x.care_type, CareType::doctor_visit);
  EXPECT_EQ(x.clinic, "Ögon");
  EXPECT_EQ(x.admission_date, d("2021-05-04"));
  EXPECT_FALSE(x.discharge_date);
  EXPECT_EQ(x.leave_days, 0);
  EXPECT_EQ(x.drg, "");
  ASSERT_TRUE(x.kpp_cost);
  EXPECT_EQ(x.kpp_cost->ore(), 120000);
  EXPECT_EQ(x.referral_id, "");
  EXPECT_FALSE(x.emergency);
  EXPECT_EQ(x.patient_fee.ore(), 10050);
  EXPECT_EQ(billing_date(x), d("2021-05-04"));
}

TEST(RecordsImport, EveryCareTypeIsAccepted) {
  std::vector<Row> rows;
  const char* types[] = {"doctor_visit", "day_care", "other_visit"};
  for (int i = 0; i < 3; ++i) {
    Row v = visit_row();
    v["record_id"] = "V" + std::to_string(i);
    v["care_type"] = types[i];
    rows.push_back(v);
  }
  rows.push_back(inpatient_row());
  auto r = read(write_file("records.csv", csv(rows)));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[0].row.care_type, CareType::doctor_visit);
  EXPECT_EQ(r.rows[1].row.care_type, CareType::day_care);
  EXPECT_EQ(r.rows[2].row.care_type, CareType::other_visit);
  EXPECT_EQ(r.rows[3].row.care_type, CareType::inpatient);
}

TEST(RecordsImport, VisitWithDischargeOnTheVisitDateIsAcceptedAsAVisit) {
  Row v = visit_row();
  v["discharge_date"] = v["admission_date"];
  v["leave_days"] = "0";
  auto r = read(write_file("records.csv", csv({v})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_FALSE(r.rows[0].row.discharge_date);
  EXPECT_EQ(r.rows[0].row.leave_days, 0);
}

TEST(RecordsImport, SameDayStayAndLeaveEqualToTheStayAreAccepted) {
  Row same = inpatient_row();
  same["record_id"] = "S";
  same["discharge_date"] = same["admission_date"];
  same["leave_days"] = "0";
  Row full_leave = inpatient_row();
  full_leave["leave_days"] = "9";  // 2021-03-01 .. 2021-03-10 is 9 days
  auto r = read(write_file("records.csv", csv({same, full_leave})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(*r.rows[0].row.discharge_date, d("2021-03-01"));
  EXPECT_EQ(r.rows[1].row.leave_days, 9);
}

// Plausibility (issue 15): a stay of 3 years (1 096 days) is accepted, one
// day more is refused at its discharge date.
TEST(RecordsImport, AStayOverThreeYearsIsRefused) {
  Row three = inpatient_row();
  three["admission_date"] = "2018-03-01";
  three["discharge_date"] = "2021-03-01";  // 1 096 days (2020 is a leap year)
  three["leave_days"] = "0";
  Row more = three;
  more["record_id"] = "R2";
  more["discharge_date"] = "2021-03-02";
  auto r = read(write_file("records.csv", csv({three, more})));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line, 3);
  EXPECT_EQ(r.errors.listed()[0].column_name, "discharge_date");
  EXPECT_NE(r.errors.listed()[0].expected.find("a stay of at most 3 years (1096 days) from the "
                                               "admission date 2018-03-01"),
            std::string::npos)
      << r.errors.listed()[0].expected;
  ASSERT_EQ(r.rows.size(), 1u);
}

TEST(RecordsImport, PersonnummerFormsAreNormalized) {
  Row dash = inpatient_row();
  dash["patient_id"] = "19121212-1212";
  Row samordning = inpatient_row();
  samordning["record_id"] = "R2";
  samordning["patient_id"] = "198501720125";  // day 72 = 12 + 60
  Row pseudo = inpatient_row();
  pseudo["record_id"] = "R3";
  pseudo["patient_id"] = "X1234567";
  auto r = read(write_file("records.csv", csv({dash, samordning, pseudo})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].row.patient_id, "191212121212");
  EXPECT_EQ(r.rows[1].row.patient_id, "198501720125");
  EXPECT_EQ(r.rows[2].row.patient_id, "X1234567");
}

TEST(RecordsImport, TextLimitsCountCharactersNotBytes) {
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "Ö";  // 100 characters, 200 bytes
  Row a = inpatient_row();
  a["clinic"] = hundred;
  Row b = inpatient_row();
  b["record_id"] = "R2";
  b["clinic"] = hundred + "x";
  auto r = read(write_file("records.csv", csv({a, b})));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line, 3);
  EXPECT_EQ(r.errors.listed()[0].column_name, "clinic");
  EXPECT_NE(r.errors.listed()[0].expected.find("100 characters"), std::string::npos);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.clinic, hundred);
}

TEST(RecordsImport, QuotedFieldKeepsItsDelimiter) {
  Row q = inpatient_row();
  q["clinic"] = "\"Kirurgi, avd \"\"3\"\"\"";
  auto r = read(write_file("records.csv", csv({q})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.clinic, "Kirurgi, avd \"3\"");
  EXPECT_EQ(r.rows[0].row.drg, "E03N");
}

TEST(RecordsImport, LocatedRowsCarryTheirLineAndRecordIdColumn) {
  std::vector<std::string> header = kHeader;
  std::swap(header[0], header[2]);  // record_id third
  Row a = inpatient_row(), b = visit_row();
  auto r = read(write_file("records.csv", csv({a, b}, header)));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].line, 2);
  EXPECT_EQ(r.rows[1].line, 3);
  EXPECT_EQ(r.rows[0].column, column_of_field(line_of(a, header), 2));
  EXPECT_EQ(r.rows[1].column, column_of_field(line_of(b, header), 2));
}

// ------------------------------------------------------------------ header

TEST(RecordsImport, HeaderColumnsInAnyOrder) {
  std::vector<std::string> header(kHeader.rbegin(), kHeader.rend());
  auto r = read(write_file("records.csv", csv({inpatient_row()}, header)));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  const Record& x = r.rows[0].row;
  EXPECT_EQ(x.record_id, "R1");
  EXPECT_EQ(x.seller, "AS");
  EXPECT_EQ(x.county, "18");
  EXPECT_EQ(x.kpp_cost->ore(), 4567850);
  EXPECT_EQ(x.patient_fee.ore(), 0);
  EXPECT_EQ(*x.discharge_date, d("2021-03-10"));
  EXPECT_EQ(r.rows[0].column, column_of_field(line_of(inpatient_row(), header), 14));
}

TEST(RecordsImport, OnlyRequiredColumnsGiveDefaults) {
  std::vector<std::string> header = {"record_id", "seller", "patient_id",    "county",
                                     "care_type", "clinic", "admission_date"};
  auto r = read(write_file("records.csv", csv({visit_row()}, header)));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  const Record& x = r.rows[0].row;
  EXPECT_EQ(x.municipality, "");
  EXPECT_EQ(x.leave_days, 0);
  EXPECT_EQ(x.drg, "");
  EXPECT_FALSE(x.kpp_cost);
  EXPECT_EQ(x.referral_id, "");
  EXPECT_FALSE(x.emergency);
  EXPECT_EQ(x.patient_fee.ore(), 0);
  EXPECT_FALSE(x.discharge_date);
}

TEST(RecordsImport, InpatientWithoutDischargeColumnIsRejected) {
  std::vector<std::string> header = {"record_id", "seller", "patient_id",    "county",
                                     "care_type", "clinic", "admission_date"};
  auto r = read(write_file("records.csv", csv({inpatient_row()}, header)));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].column_name, "discharge_date");
  EXPECT_EQ(r.errors.listed()[0].line, 2);
  EXPECT_TRUE(r.rows.empty());
}

TEST(RecordsImport, EachMissingRequiredColumnIsRejected) {
  for (const char* required :
       {"record_id", "seller", "patient_id", "county", "care_type", "clinic", "admission_date"}) {
    SCOPED_TRACE(required);
    std::vector<std::string> header;
    for (const auto& h : kHeader)
      if (h != required) header.push_back(h);
    auto r = read(write_file("records.csv", csv({inpatient_row()}, header)));
    ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
    const ImportError& e = r.errors.listed()[0];
    EXPECT_EQ(e.line, 1);
    EXPECT_NE(e.expected.find(std::string("'") + required + "'"), std::string::npos) << e.expected;
    EXPECT_TRUE(r.rows.empty());
  }
}

TEST(RecordsImport, UnknownColumnIsRejectedAtItsPosition) {
  std::vector<std::string> header = kHeader;
  header.insert(header.begin() + 3, "colour");
  Row row = inpatient_row();
  row["colour"] = "blue";
  auto r = read(write_file("records.csv", csv({row}, header)));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, column_of_field(join(header, ','), 3));
  EXPECT_EQ(e.found, "colour");
  EXPECT_TRUE(r.rows.empty());
}

TEST(RecordsImport, RepeatedColumnIsRejectedAtItsSecondPosition) {
  std::vector<std::string> header = kHeader;
  header.push_back("seller");
  auto r = read(write_file("records.csv", csv({inpatient_row()}, header)));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, column_of_field(join(header, ','), header.size() - 1));
  EXPECT_NE(e.found.find("seller"), std::string::npos) << e.found;
  EXPECT_TRUE(r.rows.empty());
}

TEST(RecordsImport, EmptyFileIsRejected) {
  auto r = read(write_file("records.csv", ""));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line, 1);
  EXPECT_TRUE(r.rows.empty());
}

TEST(RecordsImport, WrongFieldCountIsRejectedAndOtherRowsStillChecked) {
  Row a = inpatient_row(), c = visit_row();
  std::string text = csv({a});
  std::string short_line = line_of(inpatient_row(), kHeader);
  short_line = short_line.substr(0, short_line.rfind(','));  // 14 fields
  std::string long_line = line_of(inpatient_row(), kHeader) + ",extra";
  text += short_line + "\n" + long_line + "\n" + line_of(c, kHeader) + "\n";
  auto r = read(write_file("records.csv", text));
  ASSERT_EQ(r.errors.count(), 2u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line, 3);
  EXPECT_EQ(r.errors.listed()[0].column, 1);
  EXPECT_EQ(r.errors.listed()[0].found, "14 fields");
  EXPECT_NE(r.errors.listed()[0].expected.find("15"), std::string::npos);
  EXPECT_EQ(r.errors.listed()[1].line, 4);
  EXPECT_EQ(r.errors.listed()[1].found, "16 fields");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].line, 2);
  EXPECT_EQ(r.rows[1].line, 5);
  EXPECT_EQ(r.read, 4);
}

// --------------------------------------------------------- bad values, one each

struct BadCase {
  const char* name;
  bool visit;     // start from the visit row instead of the inpatient row
  Row overrides;  // the bad row's changes
  const char* column;
  const char* found;  // the field's text as reported (unquoted)
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

class RecordsBadValue : public ::testing::TestWithParam<BadCase> {};

TEST_P(RecordsBadValue, IsReportedAtItsLineAndColumn) {
  const BadCase& c = GetParam();
  Row good = inpatient_row();
  good["record_id"] = "GOOD";
  Row bad = c.visit ? visit_row() : inpatient_row();
  for (const auto& [k, v] : c.overrides) bad[k] = v;
  Row after = visit_row();
  after["record_id"] = "AFTER";
  auto r = read(write_file("records.csv", csv({good, bad, after})));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, column_of_field(line_of(bad, kHeader), index_of(c.column)));
  EXPECT_EQ(e.column_name, c.column);
  EXPECT_EQ(e.found, c.found);
  EXPECT_FALSE(e.expected.empty());
  EXPECT_NE(e.to_string().find(":3:"), std::string::npos) << e.to_string();
  // The good rows around it are still validated and handed on; the caller
  // rejects the file because `errors` is not empty.
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row.record_id, "GOOD");
  EXPECT_EQ(r.rows[1].row.record_id, "AFTER");
}

const std::string kLongId(65, 'x');

const BadCase kBadCases[] = {
    {"AdmissionNotALeapDay",
     false,
     {{"admission_date", "2021-02-29"}},
     "admission_date",
     "2021-02-29"},
    {"AdmissionOneDigitMonth",
     false,
     {{"admission_date", "2021-3-01"}},
     "admission_date",
     "2021-3-01"},
    {"AdmissionSlashes", false, {{"admission_date", "2021/03/01"}}, "admission_date", "2021/03/01"},
    {"AdmissionWithTime",
     false,
     {{"admission_date", "2021-03-01T10:00"}},
     "admission_date",
     "2021-03-01T10:00"},
    {"AdmissionEmpty", false, {{"admission_date", ""}}, "admission_date", ""},
    {"DischargeDay32", false, {{"discharge_date", "2021-03-32"}}, "discharge_date", "2021-03-32"},
    {"DischargeMissingForInpatient", false, {{"discharge_date", ""}}, "discharge_date", ""},
    {"DischargeBeforeAdmission",
     false,
     {{"discharge_date", "2021-02-28"}},
     "discharge_date",
     "2021-02-28"},
    {"CountyNotKnown", false, {{"county", "01"}, {"municipality", ""}}, "county", "01"},
    {"CountyOneDigit", false, {{"county", "3"}, {"municipality", ""}}, "county", "3"},
    {"CountyEmpty", false, {{"county", ""}, {"municipality", ""}}, "county", ""},
    {"MunicipalityInAnotherCounty", false, {{"municipality", "0380"}}, "municipality", "0380"},
    {"MunicipalityThreeDigits", false, {{"municipality", "188"}}, "municipality", "188"},
    {"MunicipalityFiveDigits", false, {{"municipality", "18800"}}, "municipality", "18800"},
    {"MunicipalityLetter", false, {{"municipality", "18A0"}}, "municipality", "18A0"},
    {"DrgLowerCase", false, {{"drg", "e03n"}}, "drg", "e03n"},
    {"DrgOneDigit", false, {{"drg", "E3N"}}, "drg", "E3N"},
    {"DrgTooLong", false, {{"drg", "E03NN"}}, "drg", "E03NN"},
    {"DrgDigitSuffix", false, {{"drg", "E031"}}, "drg", "E031"},
    {"CareTypeUnknown", false, {{"care_type", "outpatient"}}, "care_type", "outpatient"},
    {"CareTypeCapitalized", false, {{"care_type", "Inpatient"}}, "care_type", "Inpatient"},
    {"CareTypeEmpty", false, {{"care_type", ""}}, "care_type", ""},
    {"LeaveDaysMoreThanTheStay", false, {{"leave_days", "10"}}, "leave_days", "10"},
    {"LeaveDaysNegative", false, {{"leave_days", "-1"}}, "leave_days", "-1"},
    {"LeaveDaysText", false, {{"leave_days", "two"}}, "leave_days", "two"},
    {"LeaveDaysDecimal", false, {{"leave_days", "1.5"}}, "leave_days", "1.5"},
    {"VisitDischargeOnAnotherDay",
     true,
     {{"discharge_date", "2021-05-05"}},
     "discharge_date",
     "2021-05-05"},
    {"VisitWithLeaveDays",
     true,
     {{"care_type", "day_care"}, {"leave_days", "1"}},
     "leave_days",
     "1"},
    {"KppCostNegative", false, {{"kpp_cost", "-1"}}, "kpp_cost", "-1"},
    {"KppCostThreeDecimals", false, {{"kpp_cost", "1.234"}}, "kpp_cost", "1.234"},
    {"KppCostThousandsSpace", false, {{"kpp_cost", "1 234"}}, "kpp_cost", "1 234"},
    {"KppCostExponent", false, {{"kpp_cost", "1e3"}}, "kpp_cost", "1e3"},
    {"KppCostDecimalCommaInCommaFile", false, {{"kpp_cost", "\"1234,50\""}}, "kpp_cost", "1234,50"},
    {"KppCostTrailingPoint", false, {{"kpp_cost", "12."}}, "kpp_cost", "12."},
    {"PatientFeeNegative", false, {{"patient_fee", "-5"}}, "patient_fee", "-5"},
    {"PatientIdBadCheckDigit",
     false,
     {{"patient_id", "191212121213"}},
     "patient_id",
     "191212121213"},
    {"PatientIdBadCheckDigitWithDash",
     false,
     {{"patient_id", "19121212-1213"}},
     "patient_id",
     "19121212-1213"},
    {"PatientIdTenDigits", false, {{"patient_id", "1212121212"}}, "patient_id", "1212121212"},
    {"PatientIdNoBirthDate", false, {{"patient_id", "191213121212"}}, "patient_id", "191213121212"},
    {"PatientIdEmpty", false, {{"patient_id", ""}}, "patient_id", ""},
    {"EmergencyTwo", false, {{"emergency", "2"}}, "emergency", "2"},
    {"EmergencyYes", false, {{"emergency", "yes"}}, "emergency", "yes"},
    {"SellerUnknown", false, {{"seller", "XX"}}, "seller", "XX"},
    {"SellerLowerCase", false, {{"seller", "as"}}, "seller", "as"},
    {"SellerEmpty", false, {{"seller", ""}}, "seller", ""},
    {"RecordIdEmpty", false, {{"record_id", ""}}, "record_id", ""},
    {"RecordIdTooLong", false, {{"record_id", kLongId}}, "record_id", kLongId.c_str()},
    {"ClinicEmpty", false, {{"clinic", ""}}, "clinic", ""},
    // Issue 11 item 7: amounts above 1 000 000 000 kr are refused.
    {"KppCostAboveTheBound", false, {{"kpp_cost", "1000000000.01"}}, "kpp_cost", "1000000000.01"},
    {"KppCostTwoToThe63Oere",
     false,
     {{"kpp_cost", "92233720368547758.07"}},
     "kpp_cost",
     "92233720368547758.07"},
    {"PatientFeeAboveTheBound",
     true,
     {{"patient_fee", "1000000000.01"}},
     "patient_fee",
     "1000000000.01"},
    // Issue 11 item 12: dates before 1900 or more than a year ahead, control characters.
    {"AdmissionYearZero", false, {{"admission_date", "0000-03-01"}}, "admission_date", "0000-03-01"},
    {"AdmissionBefore1900", false, {{"admission_date", "1899-12-31"}}, "admission_date", "1899-12-31"},
    {"AdmissionFarAhead", false, {{"admission_date", "2999-01-01"}}, "admission_date", "2999-01-01"},
    {"DischargeFarAhead", false, {{"discharge_date", "9999-12-31"}}, "discharge_date", "9999-12-31"},
    {"ClinicWithNul", false, {{"clinic", std::string("Ki\0rurgi", 8)}}, "clinic", "Ki\\x00rurgi"},
    {"ClinicWithEscape", false, {{"clinic", "Ki\x1b[2Jrurgi"}}, "clinic", "Ki\\x1b[2Jrurgi"},
    {"ReferralIdWithCarriageReturn",
     false,
     {{"referral_id", "\"REM\r1\""}},
     "referral_id",
     "REM\\x0d1"},
};

INSTANTIATE_TEST_SUITE_P(Rules, RecordsBadValue, ::testing::ValuesIn(kBadCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RecordsImport, ErrorsInSeveralColumnsOfOneRowAreAllReported) {
  Row bad = inpatient_row();
  bad["county"] = "99";
  bad["municipality"] = "";
  bad["drg"] = "e03n";
  bad["kpp_cost"] = "-1";
  auto r = read(write_file("records.csv", csv({bad})));
  ASSERT_EQ(r.errors.count(), 3u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].column_name, "county");
  EXPECT_EQ(r.errors.listed()[1].column_name, "drg");
  EXPECT_EQ(r.errors.listed()[2].column_name, "kpp_cost");
  EXPECT_TRUE(r.rows.empty());
}

TEST(RecordsImport, AmountsAtTheBoundAndEarliestDateAreAccepted) {
  Row a = inpatient_row();
  a["kpp_cost"] = "1000000000.00";
  a["admission_date"] = "1900-01-01";
  a["discharge_date"] = "1900-01-10";  // a stay of at most 3 years
  Row v = visit_row();
  v["patient_fee"] = "1000000000";
  v["clinic"] = "Ögon\tmottagning";  // a tab inside free text is fine
  auto r = read(write_file("records.csv", csv({a, v})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row.kpp_cost->ore(), 100000000000);
  EXPECT_EQ(r.rows[0].row.admission_date, d("1900-01-01"));
  EXPECT_EQ(r.rows[1].row.patient_fee.ore(), 100000000000);
  EXPECT_EQ(r.rows[1].row.clinic, "Ögon\tmottagning");
}

// Issue 11 item 12: a huge bad value is cut in the error, not repeated whole.
TEST(RecordsImport, AHugeBadValueIsCutInTheError) {
  Row bad = inpatient_row();
  bad["clinic"] = std::string(1000000, 'k');
  auto r = read(write_file("records.csv", csv({bad})));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.found, std::string(80, 'k') + "…");
  EXPECT_LT(e.to_string().size(), 400u);
}

// --------------------------------------------------------- the error list

TEST(RecordsImport, ErrorListKeepsTwentyAndCountsTheRest) {
  std::vector<Row> rows;
  for (int i = 0; i < 25; ++i) {
    Row b = inpatient_row();
    b["record_id"] = "R" + std::to_string(i);
    b["admission_date"] = "2021-02-29";
    rows.push_back(b);
  }
  auto r = read(write_file("records.csv", csv(rows)));
  EXPECT_EQ(r.errors.count(), 25u);
  ASSERT_EQ(r.errors.listed().size(), 20u);
  for (size_t i = 0; i < 20; ++i) EXPECT_EQ(r.errors.listed()[i].line, static_cast<long>(i + 2));
  std::string report = r.errors.report();
  EXPECT_NE(report.find("... and 5 more errors"), std::string::npos) << report;
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), 21);
  EXPECT_TRUE(r.rows.empty());
  // For people, in Swedish: the same places, the same found values.
  const std::string sv = r.errors.report(Language::sv);
  EXPECT_EQ(
      sv.substr(0, sv.find('\n')),
      r.errors.listed()[0].path + ":2:" + std::to_string(r.errors.listed()[0].column) +
          ": kolumn 'admission_date': förväntade ett ISO-datum ÅÅÅÅ-MM-DD, fann '2021-02-29'");
  EXPECT_NE(sv.find("... och 5 fel till\n"), std::string::npos) << sv;
  EXPECT_EQ(sv.find("expected"), std::string::npos) << sv;
  EXPECT_EQ(std::count(sv.begin(), sv.end(), '\n'), 21);
}

TEST(RecordsImport, ErrorTextNamesFileLineColumnExpectedAndFound) {
  Row bad = inpatient_row();
  bad["drg"] = "E3N";
  std::string path = write_file("records.csv", csv({bad}));
  auto r = read(path);
  ASSERT_EQ(r.errors.count(), 1u);
  std::string text = r.errors.listed()[0].to_string();
  long col = column_of_field(line_of(bad, kHeader), index_of("drg"));
  EXPECT_EQ(text.rfind(path + ":2:" + std::to_string(col) + ": column 'drg': expected ", 0), 0u)
      << text;
  EXPECT_NE(text.find("found 'E3N'"), std::string::npos) << text;
}

// --------------------------------------------------------- format variants

TEST(RecordsImport, SemicolonFileTakesDecimalComma) {
  Row a = inpatient_row();
  a["kpp_cost"] = "1234,50";
  Row b = visit_row();
  b["patient_fee"] = "100,5";
  b["kpp_cost"] = "0,05";
  auto r = read(write_file("records.csv", csv({a, b}, kHeader, ';')));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row.kpp_cost->ore(), 123450);
  EXPECT_EQ(r.rows[1].row.patient_fee.ore(), 10050);
  EXPECT_EQ(r.rows[1].row.kpp_cost->ore(), 5);
}

TEST(RecordsImport, SemicolonFileReportsColumnsOfItsOwnFields) {
  Row a = inpatient_row();
  a["kpp_cost"] = "1234,567";
  auto r = read(write_file("records.csv", csv({a}, kHeader, ';')));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].column,
            column_of_field(line_of(a, kHeader, ';'), index_of("kpp_cost"), ';'));
  EXPECT_EQ(r.errors.listed()[0].found, "1234,567");
}

TEST(RecordsImport, ColumnsCountCharactersNotBytes) {
  Row a = inpatient_row();
  a["clinic"] = "Ögonkliniken Örebro läns";  // 3 two-byte characters
  a["admission_date"] = "2021-13-01";
  std::string line = line_of(a, kHeader);
  auto r = read(write_file("records.csv", csv({a})));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  long col = column_of_field(line, index_of("admission_date"));
  EXPECT_EQ(r.errors.listed()[0].column, col);
  EXPECT_EQ(static_cast<size_t>(col - 1), line.find("2021-13-01") - 3);
}

// "Örebro" and "Kärl" in Windows-1252 bytes.
const char kCp1252Clinic[] = "\xD6rebro k\xE4rl";

TEST(RecordsImport, Cp1252FileIsReadAsUtf8) {
  Row a = inpatient_row();
  a["clinic"] = kCp1252Clinic;
  auto r = read(write_file("records.csv", csv({a}, kHeader, ';')));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.clinic, "Örebro kärl");
  EXPECT_EQ(r.rows[0].row.kpp_cost->ore(), 4567850);
}

TEST(RecordsImport, Cp1252ForcedByOption) {
  Row a = inpatient_row();
  a["clinic"] = kCp1252Clinic;
  ImportOptions o;
  o.encoding = csv::Encoding::cp1252;
  auto r = read(write_file("records.csv", csv({a})), o);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.clinic, "Örebro kärl");
}

TEST(RecordsImport, Cp1252ErrorReportsTheUtf8Text) {
  Row a = inpatient_row();
  a["clinic"] = kCp1252Clinic;
  a["care_type"] = "sl\xE4ktbes\xF6k";
  auto r = read(write_file("records.csv", csv({a})));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].found, "släktbesök");
  EXPECT_EQ(r.errors.listed()[0].column_name, "care_type");
}

TEST(RecordsImport, Utf8BomDoesNotBecomePartOfTheFirstColumnName) {
  Row a = inpatient_row();
  a["clinic"] = "Örebro";
  auto r = read(write_file("records.csv", "\xEF\xBB\xBF" + csv({a})));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.record_id, "R1");
  EXPECT_EQ(r.rows[0].row.clinic, "Örebro");
}

TEST(RecordsImport, Utf8BomBeforeAnUnknownFirstColumn) {
  std::vector<std::string> header = kHeader;
  header.insert(header.begin(), "colour");
  auto r = read(write_file("records.csv", "\xEF\xBB\xBF" + csv({inpatient_row()}, header)));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].found, "colour");
  EXPECT_EQ(r.errors.listed()[0].line, 1);
  EXPECT_EQ(r.errors.listed()[0].column, 1);
}

TEST(RecordsImport, Utf8BomWithSemicolonsAndDecimalComma) {
  Row a = inpatient_row();
  a["kpp_cost"] = "99,99";
  auto r = read(write_file("records.csv", "\xEF\xBB\xBF" + csv({a}, kHeader, ';')));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.kpp_cost->ore(), 9999);
}

TEST(RecordsImport, CrlfLineEndsAreNotPartOfTheLastField) {
  std::vector<std::string> header = kHeader;
  std::swap(header[6], header.back());  // clinic last
  Row a = inpatient_row(), b = visit_row();
  std::string text = csv({a, b}, header, ',', "\r\n") + "\r\n";
  auto r = read(write_file("records.csv", text));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row.clinic, "Kirurgi");
  EXPECT_EQ(r.rows[1].row.clinic, "Ögon");
  EXPECT_EQ(r.rows[1].line, 3);
}

TEST(RecordsImport, CrlfErrorInTheLastFieldHasNoCarriageReturn) {
  Row a = inpatient_row();
  a["patient_fee"] = "x";
  auto r = read(write_file("records.csv", csv({a}, kHeader, ';', "\r\n")));
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].found, "x");
  EXPECT_EQ(r.errors.listed()[0].column_name, "patient_fee");
}

TEST(RecordsImport, Cp1252SemicolonsAndCrlf) {
  Row a = inpatient_row();
  a["clinic"] = kCp1252Clinic;
  a["kpp_cost"] = "1234,50";
  Row b = visit_row();
  b["clinic"] = "\xC5s";  // "Ås"
  b["patient_fee"] = "100,50";
  auto r = read(write_file("records.csv", csv({a, b}, kHeader, ';', "\r\n")));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row.clinic, "Örebro kärl");
  EXPECT_EQ(r.rows[0].row.kpp_cost->ore(), 123450);
  EXPECT_EQ(r.rows[1].row.patient_fee.ore(), 10050);
  EXPECT_EQ(r.rows[1].row.clinic, "Ås");
}

TEST(RecordsImport, BlankLinesAreSkippedButLinesStillCounted) {
  std::string text = csv({inpatient_row()}) + "\n" + line_of(visit_row(), kHeader) + "\n";
  auto r = read(write_file("records.csv", text));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].line, 4);
}

TEST(RecordsImport, ManyRowsComeInSeveralBatches) {
  std::vector<Row> rows;
  for (int i = 0; i < 9000; ++i) {
    Row v = visit_row();
    v["record_id"] = "V" + std::to_string(i);
    rows.push_back(v);
  }
  KnownCodes known = test::known_codes();
  ErrorList errors;
  size_t batches = 0, total = 0;
  long last_line = 0;
  bool ordered = true;
  long n = read_records(write_file("records.csv", csv(rows)), {}, known, errors,
                        [&](std::span<Located<Record>> batch) {
                          ++batches;
                          for (const auto& x : batch) {
                            ordered = ordered && x.line == last_line + 1 + (last_line == 0);
                            last_line = x.line;
                            ++total;
                          }
                        });
  EXPECT_TRUE(errors.empty()) << dump(errors);
  EXPECT_EQ(n, 9000);
  EXPECT_EQ(total, 9000u);
  EXPECT_GE(batches, 2u);
  EXPECT_TRUE(ordered);
  EXPECT_EQ(last_line, 9001);
}

}  // namespace
}  // namespace vardavtal
