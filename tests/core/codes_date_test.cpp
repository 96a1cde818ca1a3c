#include <gtest/gtest.h>

#include "core/agreement.h"
#include "core/codes.h"
#include "core/content_hash.h"
#include "core/date.h"
#include "core/region.h"
#include "core/text.h"

namespace vardavtal {
namespace {

TEST(Date, StrictIso) {
  auto d = parse_iso_date("2021-02-28");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_iso(*d), "2021-02-28");
  EXPECT_TRUE(parse_iso_date("2020-02-29"));  // leap year
  for (const char* bad : {"2021-02-29", "2021-13-01", "2021-00-10", "2021-1-01", "21-01-01",
                          "2021/01/01", "2021-01-01 ", " 2021-01-01", "20210101", "2021-01-32",
                          "", "2021-01-01T00:00"})
    EXPECT_FALSE(parse_iso_date(bad)) << bad;
}

TEST(Date, DaysBetweenAndFormatInto) {
  EXPECT_EQ(days_between(*parse_iso_date("2020-12-30"), *parse_iso_date("2021-01-02")), 3);
  EXPECT_EQ(days_between(*parse_iso_date("2021-01-02"), *parse_iso_date("2020-12-30")), -3);
  char buf[10];
  format_iso(*parse_iso_date("2019-07-04"), buf);
  EXPECT_EQ(std::string(buf, 10), "2019-07-04");
}

// Issue 11 item 12: imports accept dates from 1900-01-01 to a year after today.
TEST(Date, PlausibleFrom1900ToAYearAhead) {
  const Date today = *parse_iso_date("2024-05-17");
  EXPECT_FALSE(is_plausible_date(*parse_iso_date("0000-03-01"), today));
  EXPECT_FALSE(is_plausible_date(*parse_iso_date("1899-12-31"), today));
  EXPECT_TRUE(is_plausible_date(*parse_iso_date("1900-01-01"), today));
  EXPECT_TRUE(is_plausible_date(*parse_iso_date("2025-05-17"), today));
  EXPECT_FALSE(is_plausible_date(*parse_iso_date("2025-05-18"), today));
  // From a 29 February the year ahead ends on 28 February.
  const Date leap = *parse_iso_date("2024-02-29");
  EXPECT_TRUE(is_plausible_date(*parse_iso_date("2025-02-28"), leap));
  EXPECT_FALSE(is_plausible_date(*parse_iso_date("2025-03-01"), leap));
  EXPECT_EQ(format_iso(latest_plausible_date(today)), "2025-05-17");
}

// Issue 11 item 12: found values in messages are cut and show control characters.
TEST(Text, ExcerptCutsAtEightyCharactersAndShowsControlCharacters) {
  EXPECT_EQ(excerpt("Kirurgi"), "Kirurgi");
  EXPECT_EQ(excerpt(std::string(80, 'x')), std::string(80, 'x'));
  EXPECT_EQ(excerpt(std::string(64 << 20, 'x')), std::string(80, 'x') + "…");
  // Characters, not bytes: 100 × "ö" (2 bytes each) -> 80 of them.
  std::string oo;
  for (int i = 0; i < 100; ++i) oo += "ö";
  EXPECT_EQ(excerpt(oo), oo.substr(0, 160) + "…");
  EXPECT_EQ(excerpt(std::string("a\0b\r\x7f", 5)), "a\\x00b\\x0d\\x7f");
  EXPECT_EQ(excerpt("a\tb"), "a\tb");
}

TEST(Text, ControlCharactersOtherThanTab) {
  EXPECT_FALSE(has_control_character("Ögon\tmottagning"));
  EXPECT_TRUE(has_control_character(std::string("a\0b", 3)));
  EXPECT_TRUE(has_control_character("a\nb"));
  EXPECT_TRUE(has_control_character("a\rb"));
  EXPECT_TRUE(has_control_character("a\x7f"));
  EXPECT_TRUE(has_control_character("a\xc2\x85"));  // U+0085 NEXT LINE (C1)
  EXPECT_FALSE(has_control_character("Åre ≥ 1 €"));
}

// The import's buffers are refilled row after row with longer and shorter text.
TEST(Text, AssignBytesRefillsAString) {
  std::string s = "Ortopedi och handkirurgi";
  assign_bytes(s, "Neuro");
  EXPECT_EQ(s, "Neuro");
  assign_bytes(s, "Kvinnosjukvård och förlossning");
  EXPECT_EQ(s, "Kvinnosjukvård och förlossning");
  assign_bytes(s, "");
  EXPECT_EQ(s, "");
  assign_bytes(s, "x");
  assign_bytes(s, std::string_view{});  // no data at all
  EXPECT_EQ(s, "");
  assign_bytes(s, std::string_view("a\0b", 3));
  EXPECT_EQ(s, std::string("a\0b", 3));
}

TEST(Codes, Luhn) {
  EXPECT_TRUE(luhn_valid("2321000024"));   // Region Uppsala
  EXPECT_FALSE(luhn_valid("2321000025"));
  EXPECT_FALSE(luhn_valid("23210000a4"));
  EXPECT_EQ(normalize_org_number("232100-0164"), "2321000164");
  EXPECT_FALSE(normalize_org_number("232100-0165"));
  EXPECT_FALSE(normalize_org_number("23210001"));
}

TEST(Codes, BuiltinRegionsHaveValidOrgNumbers) {
  ASSERT_EQ(builtin_regions().size(), 21u);
  int mellansverige = 0;
  for (const auto& r : builtin_regions()) {
    EXPECT_TRUE(normalize_org_number(r.org_number)) << r.code;
    EXPECT_TRUE(is_county_code_form(r.code));
    if (r.healthcare_region == "Mellansverige") ++mellansverige;
  }
  EXPECT_EQ(mellansverige, 7);
}

TEST(Codes, Personnummer) {
  // 19121212-1212 is the Tax Agency's classic test number: Luhn over 1212121212.
  EXPECT_EQ(normalize_patient_id("191212121212", nullptr), "191212121212");
  EXPECT_EQ(normalize_patient_id("19121212-1212", nullptr), "191212121212");
  Phrase why{"", ""};
  EXPECT_FALSE(normalize_patient_id("191212121213", &why));  // check digit
  EXPECT_NE(why.en.find("check digit"), std::string::npos);
  EXPECT_NE(why.sv.find("kontrollsiffra"), std::string::npos);
  EXPECT_FALSE(normalize_patient_id("191213321212", &why));  // month 13
  EXPECT_NE(why.en.find("birth date"), std::string::npos);
  EXPECT_NE(why.sv.find("födelsedatum"), std::string::npos);
  EXPECT_FALSE(normalize_patient_id("1212121212", &why));    // 10 digits
  // Samordningsnummer: day + 60 (1912-12-72); check digit computed for it.
  EXPECT_EQ(normalize_patient_id("191212721219", nullptr), "191212721219");
  EXPECT_FALSE(normalize_patient_id("191212721218", nullptr));
  EXPECT_EQ(normalize_patient_id("PSEUDO-00017", nullptr), "PSEUDO-00017");
  EXPECT_FALSE(normalize_patient_id("", &why));
  EXPECT_FALSE(normalize_patient_id("12345-6789", &why));  // digits only but not 12
}

TEST(Codes, Forms) {
  EXPECT_TRUE(is_drg_code_form("E03N"));
  EXPECT_TRUE(is_drg_code_form("R51O"));
  for (const char* bad : {"E3N", "e03N", "E03n", "E03NN", "003N", "EE3N", ""})
    EXPECT_FALSE(is_drg_code_form(bad)) << bad;
  EXPECT_TRUE(is_county_code_form("03"));
  EXPECT_FALSE(is_county_code_form("3"));
  EXPECT_TRUE(is_municipality_code_form("0380"));
  EXPECT_FALSE(is_municipality_code_form("380"));
  EXPECT_EQ(parse_care_type("day_care"), CareType::day_care);
  EXPECT_FALSE(parse_care_type("daycare"));
  EXPECT_EQ(parse_hospital_kind("district"), HospitalKind::district);
  EXPECT_FALSE(parse_hospital_kind("regional"));
}

TEST(ContentHash, SeparatesFields) {
  EXPECT_NE(ContentHash().add("ab").add("c").value(), ContentHash().add("a").add("bc").value());
  EXPECT_EQ(ContentHash().add("x").add(int64_t{5}).value(),
            ContentHash().add("x").add(int64_t{5}).value());
  EXPECT_NE(ContentHash().add(int64_t{5}).value(), ContentHash().add(int64_t{6}).value());
}

// The digests stored in every database so far (FNV-1a 64 of the fields'
// bytes, each text ended by 0x1f, each integer eight bytes little-endian and
// 0x1e): a change here makes every re-import see every row as changed.
TEST(ContentHash, KeepsTheStoredDigests) {
  EXPECT_EQ(ContentHash().value(), -3750763034362895579);
  EXPECT_EQ(ContentHash().add("").value(), -5808567868270191730);
  EXPECT_EQ(ContentHash().add("AS").add(int64_t{-5}).add("\x01null").value(), -7361188534299954353);
}

}  // namespace
}  // namespace vardavtal

namespace vardavtal {
namespace {
TEST(Codes, Bankgiro) {
  EXPECT_EQ(normalize_bankgiro("5050-1055"), "5050-1055");
  EXPECT_EQ(normalize_bankgiro("50501055"), "5050-1055");
  EXPECT_EQ(normalize_bankgiro("5051-2342"), "5051-2342");
  EXPECT_FALSE(normalize_bankgiro("5050-1056"));  // check digit
  EXPECT_FALSE(normalize_bankgiro("505-10"));
  EXPECT_FALSE(normalize_bankgiro("5050-10555"));
}
}  // namespace

TEST(OutlierMethod, OneTextFormReadBackExactly) {
  for (OutlierMethod m : {OutlierMethod::kpp, OutlierMethod::surcharge, OutlierMethod::none})
    EXPECT_EQ(parse_outlier_method(to_string(m)), m) << to_string(m);
  EXPECT_EQ(parse_outlier_method("KPP"), std::nullopt);
  EXPECT_EQ(parse_outlier_method(""), std::nullopt);
  EXPECT_EQ(parse_outlier_method("surcharge "), std::nullopt);
}

}  // namespace vardavtal
