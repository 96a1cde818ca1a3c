// The CSV columns of the other regions' models (billing rules §8,
// docs/import.md): records' national classification, items' cost and
// cost_ref, the price list's at_cost, and the tariffs kind. Each accepted
// with exact values and each refused with its file:line:column message.
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "importers/importers.h"

namespace vardavtal {
namespace {

using test::collect;
using test::dump;
using test::write_file;

template <class T, class F>
test::Result<T> read_with(const std::string& name, const std::string& text, std::string& path,
                          F read) {
  path = write_file(name, text);
  KnownCodes known = test::known_codes();
  return collect<T>([&](ErrorList& e, const BatchSink<T>& s) { return read(path, known, e, s); });
}

// The one error of a file, as reported, after "path:".
std::string only_error(const ErrorList& errors, const std::string& path) {
  EXPECT_EQ(errors.count(), 1u) << dump(errors);
  if (errors.empty()) return "";
  const std::string s = errors.listed()[0].to_string();
  return s.rfind(path + ":", 0) == 0 ? s.substr(path.size() + 1) : s;
}

// ------------------------------------------------------------------ records

constexpr const char* kRecordHead =
    "record_id,seller,patient_id,county,care_type,clinic,admission_date,agreement_type,"
    "riksavtal_chapter,care_level,referral_reason\n";

struct RecordsRead {
  std::string path;
  test::Result<Record> r;
};

RecordsRead records(const std::string& rows) {
  RecordsRead out;
  out.r =
      read_with<Record>("records.csv", kRecordHead + rows, out.path,
                        [](const std::string& p, const KnownCodes& k, ErrorList& e,
                           const BatchSink<Record>& s) { return read_records(p, {}, k, e, s); });
  return out;
}

TEST(ModelColumns, RecordClassificationIsRead) {
  auto [path, r] = records(
      "V1,AS,PSEUDO-1,19,doctor_visit,Ögon,2023-02-01,1,4.1,2,choice\n"
      "V2,AS,PSEUDO-2,20,day_care,Ögon,2023-02-01,3,,4,medical\n"
      "V3,AS,PSEUDO-3,20,day_care,Ögon,2023-02-01,,,,\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 3u);
  const Record& a = r.rows[0].row;
  EXPECT_EQ(a.agreement_type, 1);
  EXPECT_EQ(a.riksavtal_chapter, "4.1");
  EXPECT_EQ(a.care_level, 2);
  EXPECT_EQ(a.referral_reason, ReferralReason::choice);
  const Record& b = r.rows[1].row;
  EXPECT_EQ(b.agreement_type, 3);
  EXPECT_EQ(b.riksavtal_chapter, "");
  EXPECT_EQ(b.care_level, 4);
  EXPECT_EQ(b.referral_reason, ReferralReason::medical);
  const Record& c = r.rows[2].row;  // after a row with every value: none kept
  EXPECT_EQ(c.agreement_type, 0);
  EXPECT_EQ(c.care_level, 0);
  EXPECT_EQ(c.referral_reason, ReferralReason::none);
}

TEST(ModelColumns, EveryRiksavtalChapterOfTheStandardIsAccepted) {
  std::string rows;
  for (const char* c : {"3.1", "3.2", "4.1", "4.3", "4.4"})
    rows += std::string("V") + c + ",AS,PSEUDO-1,19,doctor_visit,Ögon,2023-02-01,1," + c + ",,\n";
  auto [path, r] = records(rows);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.rows.size(), 5u);
}

TEST(ModelColumns, RecordClassificationErrors) {
  const std::string good = "V1,AS,PSEUDO-1,19,doctor_visit,Ögon,2023-02-01,";
  struct Case {
    std::string tail;
    std::string message;
  } cases[] = {
      {"4,,,", "2:48: column 'agreement_type': expected a whole number from 1 to 3, found '4'"},
      {"0,,,", "2:48: column 'agreement_type': expected a whole number from 1 to 3, found '0'"},
      {"1,4.2,,",
       "2:50: column 'riksavtal_chapter': expected a Riksavtal chapter and point: 3.1, 3.2, 4.1, "
       "4.3 or 4.4 (ÖR50), found '4.2'"},
      {"1,Kap 3.1,,",
       "2:50: column 'riksavtal_chapter': expected a Riksavtal chapter and point: 3.1, 3.2, 4.1, "
       "4.3 or 4.4 (ÖR50), found 'Kap 3.1'"},
      {",,5,", "2:50: column 'care_level': expected a whole number from 1 to 4, found '5'"},
      {",,,patient",
       "2:51: column 'referral_reason': expected medical, choice or empty, found "
       "'patient'"},
  };
  for (const Case& c : cases) {
    auto [path, r] = records(good + c.tail + "\n");
    EXPECT_EQ(only_error(r.errors, path), c.message) << c.tail;
    EXPECT_TRUE(r.rows.empty());
  }
}

// -------------------------------------------------------------------- items

struct ItemsRead {
  std::string path;
  test::Result<ItemSet> r;
};

ItemsRead items(const std::string& text) {
  ItemsRead out;
  out.r = read_with<ItemSet>(
      "items.csv", text, out.path,
      [](const std::string& p, const KnownCodes& k, ErrorList& e, const BatchSink<ItemSet>& s) {
        return read_item_sets(p, {}, k, e, s);
      });
  return out;
}

TEST(ModelColumns, ItemCostAndEvidenceAreRead) {
  auto [path, r] = items(
      "record_id,seller,item_code,quantity,cost,cost_ref\n"
      "R1,AS,IMPL7,2,38000.00,Batch 4711\n"
      "R1,AS,IMPL7,-1,-19000,Kreditnota 9\n"
      "R1,AS,B05AA,3,,\n"
      "R1,AS,STENT,1,0.5,\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  const auto& lines = r.rows[0].row.lines;
  ASSERT_EQ(lines.size(), 4u);  // sorted: code, quantity
  EXPECT_EQ(lines[0], (ItemLine{"B05AA", 3}));
  EXPECT_EQ(lines[1], (ItemLine{"IMPL7", -1, Money::from_ore(-1900000), "Kreditnota 9"}));
  EXPECT_EQ(lines[2], (ItemLine{"IMPL7", 2, Money::from_ore(3800000), "Batch 4711"}));
  EXPECT_EQ(lines[3], (ItemLine{"STENT", 1, Money::from_ore(50), ""}));
}

TEST(ModelColumns, ItemCostWithADecimalComma) {
  auto [path, r] = items("record_id;seller;item_code;quantity;cost\nR1;AS;IMPL7;1;27500,50\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.rows[0].row.lines[0].cost, Money::from_ore(2750050));
}

TEST(ModelColumns, ItemCostErrors) {
  const std::string head = "record_id,seller,item_code,quantity,cost,cost_ref\n";
  struct Case {
    std::string rows;
    std::string message;
  } cases[] = {
      {"R1,AS,IMPL7,1,-5,\n",
       "2:15: column 'cost': expected a cost not negative on a line of positive quantity, found "
       "'-5'"},
      {"R1,AS,IMPL7,2,10,\nR1,AS,IMPL7,-1,5,\n",
       "3:16: column 'cost': expected a cost not positive on a correction (negative quantity), "
       "found '5'"},
      {"R1,AS,IMPL7,1,10.005,\n",
       "2:15: column 'cost': expected a decimal with at most 2 decimals, from -1000000000 kr to "
       "1000000000 kr, found '10.005'"},
      {"R1,AS,IMPL7,1,1000000000.01,\n",
       "2:15: column 'cost': expected a decimal with at most 2 decimals, from -1000000000 kr to "
       "1000000000 kr, found '1000000000.01'"},
      {"R1,AS,IMPL7,1,,Batch 1\n",
       "2:16: column 'cost_ref': expected an empty cost_ref on a line without a cost (the cost's "
       "evidence), found 'Batch 1'"},
      {"R1,AS,IMPL7,1,10," + std::string(101, 'x') + "\n",
       "2:18: column 'cost_ref': expected at most 100 characters, found '" + std::string(80, 'x') +
           "…'"},
      // The net cost of an item: a correction takes back at most what was stated.
      {"R1,AS,IMPL7,2,10,\nR1,AS,IMPL7,-1,-10.01,\n",
       "3:16: column 'cost': expected a net cost of item IMPL7 on record R1 that is not negative "
       "(a negative cost only corrects another), found '-0.01'"},
  };
  for (const Case& c : cases) {
    auto [path, r] = items(head + c.rows);
    EXPECT_EQ(only_error(r.errors, path), c.message) << c.rows;
  }
}

// ------------------------------------------------------------------- prices

struct PricesRead {
  std::string path;
  test::Result<PriceRow> r;
};

PricesRead prices(const std::string& text) {
  PricesRead out;
  out.r =
      read_with<PriceRow>("prices.csv", text, out.path,
                          [](const std::string& p, const KnownCodes& k, ErrorList& e,
                             const BatchSink<PriceRow>& s) { return read_prices(p, {}, k, e, s); });
  return out;
}

TEST(ModelColumns, AtCostRowsHaveNoPrice) {
  auto [path, r] = prices(
      "seller,year,item_code,name,price,at_cost\n"
      "AS,2023,IMPL7,Implantat,,1\n"
      "AS,2023,B05AA,Albumin,1234.50,0\n"
      "AS,2023,L01XC,Antikropp,99,\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_TRUE(r.rows[0].row.at_cost);
  EXPECT_EQ(r.rows[0].row.price.ore(), 0);
  EXPECT_FALSE(r.rows[1].row.at_cost);
  EXPECT_EQ(r.rows[1].row.price.ore(), 123450);
  EXPECT_FALSE(r.rows[2].row.at_cost);  // after an at-cost row in the same slot
  EXPECT_EQ(r.rows[2].row.price.ore(), 9900);
}

TEST(ModelColumns, AtCostErrors) {
  const std::string head = "seller,year,item_code,name,price,at_cost\n";
  struct Case {
    std::string row;
    std::string message;
  } cases[] = {
      {"AS,2023,IMPL7,Implantat,100,1\n",
       "2:25: column 'price': expected an empty price on an at-cost row (at_cost = 1), found "
       "'100'"},
      {"AS,2023,IMPL7,Implantat,,0\n",
       "2:25: column 'price': expected a non-negative amount in kronor with at most 2 decimals "
       "(1234.50), not above 1000000000 kr, found ''"},
      {"AS,2023,IMPL7,Implantat,,yes\n",
       "2:26: column 'at_cost': expected 1, 0 or empty, found 'yes'"},
  };
  for (const Case& c : cases) {
    auto [path, r] = prices(head + c.row);
    EXPECT_EQ(only_error(r.errors, path), c.message) << c.row;
  }
}

// ------------------------------------------------------------------ tariffs

struct TariffsRead {
  std::string path;
  test::Result<TariffRow> r;
};

TariffsRead tariffs(const std::string& text) {
  TariffsRead out;
  out.r = read_with<TariffRow>(
      "tariffs.csv", text, out.path,
      [](const std::string& p, const KnownCodes& k, ErrorList& e, const BatchSink<TariffRow>& s) {
        return read_tariffs(p, {}, k, e, s);
      });
  return out;
}

constexpr const char* kTariffHead = "seller,year,care_type,clinic,medical_field,unit,price,name\n";

TEST(ModelColumns, TariffRowsAreRead) {
  auto [path, r] = tariffs(std::string(kTariffHead) +
                           "USO,2023,inpatient,Psykiatri,,care_day,7412.50,Vårddygn psykiatri\n"
                           "USO,2023,doctor_visit,,931,contact,2100,Besök\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  const TariffRow& a = r.rows[0].row;
  EXPECT_EQ(a.seller, "USO");
  EXPECT_EQ(a.year, 2023);
  EXPECT_EQ(a.care_type, CareType::inpatient);
  EXPECT_EQ(a.clinic, "Psykiatri");
  EXPECT_EQ(a.medical_field, "");
  EXPECT_EQ(a.unit, TariffUnit::care_day);
  EXPECT_EQ(a.price.ore(), 741250);
  EXPECT_EQ(a.name, "Vårddygn psykiatri");
  EXPECT_EQ(r.rows[0].line, 2);
  EXPECT_EQ(r.rows[0].column, 10);  // care_type: the identity's column in reports
  const TariffRow& b = r.rows[1].row;
  EXPECT_EQ(b.care_type, CareType::doctor_visit);
  EXPECT_EQ(b.clinic, "");  // after a row with a clinic in the same slot
  EXPECT_EQ(b.medical_field, "931");
  EXPECT_EQ(b.unit, TariffUnit::contact);
  EXPECT_EQ(b.price.ore(), 210000);
}

TEST(ModelColumns, TariffClinicAndFieldColumnsMayBeLeftOut) {
  auto [path, r] = tariffs("seller,year,care_type,unit,price,name\nAS,2023,day_care,contact,1,X\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.rows[0].row.clinic, "");
  EXPECT_EQ(r.rows[0].row.medical_field, "");
}

TEST(ModelColumns, TariffErrors) {
  struct Case {
    std::string row;
    std::string message;
  } cases[] = {
      {"XX,2023,inpatient,,,contact,1,X\n",
       "2:1: column 'seller': expected a known hospital code, found 'XX'"},
      {"AS,1989,inpatient,,,contact,1,X\n",
       "2:4: column 'year': expected a whole number from 1990 to 2100, found '1989'"},
      {"AS,2023,psychiatry,,,contact,1,X\n",
       "2:9: column 'care_type': expected inpatient, doctor_visit, day_care or other_visit, found "
       "'psychiatry'"},
      {"AS,2023,inpatient,,93,contact,1,X\n",
       "2:20: column 'medical_field': expected a three-digit MVO code (medical field), or empty "
       "for any, found '93'"},
      {"AS,2023,inpatient,,,day,1,X\n",
       "2:21: column 'unit': expected contact or care_day, found 'day'"},
      {"AS,2023,inpatient,,,contact,0,X\n",
       "2:29: column 'price': expected a price above 0, found '0'"},
      {"AS,2023,inpatient,,,contact,1.005,X\n",
       "2:29: column 'price': expected a non-negative amount in kronor with at most 2 decimals "
       "(1234.50), not above 1000000000 kr, found '1.005'"},
      {"AS,2023,inpatient,,,contact,1,\n", "2:31: column 'name': expected a value, found ''"},
  };
  for (const Case& c : cases) {
    auto [path, r] = tariffs(kTariffHead + c.row);
    EXPECT_EQ(only_error(r.errors, path), c.message) << c.row;
  }
  auto [path, r] = tariffs(std::string(kTariffHead) + "AS,2023,inpatient," + std::string(101, 'k') +
                           ",,contact,1,X\n");
  EXPECT_EQ(only_error(r.errors, path),
            "2:19: column 'clinic': expected at most 100 characters, found '" +
                std::string(80, 'k') + "…'");
}

TEST(ModelColumns, TariffsNeedTheirRequiredColumns) {
  auto [path, r] = tariffs("seller,year,care_type,clinic,price,name\n");
  EXPECT_EQ(only_error(r.errors, path),
            "1:1: expected required column 'unit', found 'a header without it'");
}

}  // namespace
}  // namespace vardavtal
