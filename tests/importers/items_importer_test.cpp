// read_item_sets (docs/import.md#items): a record's patient-specific items are one
// set, grouped even when its lines are spread over the file; a negative
// quantity only corrects another line of the same item.
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

test::Result<ItemSet> read(const std::string& text, ImportOptions options = {}) {
  std::string path = write_file("items.csv", text);
  KnownCodes known = test::known_codes();
  return collect<ItemSet>([&](ErrorList& e, const BatchSink<ItemSet>& s) {
    return read_item_sets(path, options, known, e, s);
  });
}

const ItemSet* find(const test::Result<ItemSet>& r, const std::string& seller,
                    const std::string& record_id) {
  for (const auto& x : r.rows)
    if (x.row.seller == seller && x.row.record_id == record_id) return &x.row;
  return nullptr;
}

long line_of(const test::Result<ItemSet>& r, const std::string& record_id) {
  for (const auto& x : r.rows)
    if (x.row.record_id == record_id) return x.line;
  return -1;
}

TEST(ItemsImport, LinesOfOneRecordAreGroupedEvenWhenSpread) {
  auto r = read(
      "record_id,seller,item_code,quantity\n"
      "R1,AS,L01XC,2\n"
      "R2,AS,IMPL7,1\n"
      "R1,AS,B05AA,3\n"
      "R1,USO,L01XC,5\n"
      "R2,AS,IMPL7,4\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.read, 5);
  ASSERT_EQ(r.rows.size(), 3u);
  const ItemSet* r1 = find(r, "AS", "R1");
  ASSERT_TRUE(r1);
  ASSERT_EQ(r1->lines.size(), 2u);  // sorted by item code
  EXPECT_EQ(r1->lines[0], (ItemLine{"B05AA", 3}));
  EXPECT_EQ(r1->lines[1], (ItemLine{"L01XC", 2}));
  const ItemSet* r2 = find(r, "AS", "R2");
  ASSERT_TRUE(r2);
  ASSERT_EQ(r2->lines.size(), 2u);
  EXPECT_EQ(r2->lines[0], (ItemLine{"IMPL7", 1}));
  EXPECT_EQ(r2->lines[1], (ItemLine{"IMPL7", 4}));
  const ItemSet* uso = find(r, "USO", "R1");  // same record id, another seller
  ASSERT_TRUE(uso);
  ASSERT_EQ(uso->lines.size(), 1u);
  EXPECT_EQ(uso->lines[0], (ItemLine{"L01XC", 5}));
  // A set is located at its record's first line.
  for (const auto& x : r.rows) {
    if (x.row.seller == "AS" && x.row.record_id == "R1") {
      EXPECT_EQ(x.line, 2);
    } else if (x.row.record_id == "R2") {
      EXPECT_EQ(x.line, 3);
    } else {
      EXPECT_EQ(x.line, 5);
    }
    EXPECT_EQ(x.column, 1);
  }
}

TEST(ItemsImport, SetOrderDoesNotDependOnLineOrder) {
  auto a = read("record_id,seller,item_code,quantity\nR1,AS,X,1\nR1,AS,Y,2\nR1,AS,X,-1\n");
  auto b = read("record_id,seller,item_code,quantity\nR1,AS,X,-1\nR1,AS,Y,2\nR1,AS,X,1\n");
  ASSERT_TRUE(a.errors.empty()) << dump(a.errors);
  ASSERT_TRUE(b.errors.empty()) << dump(b.errors);
  ASSERT_EQ(a.rows.size(), 1u);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(a.rows[0].row.lines, b.rows[0].row.lines);
  EXPECT_EQ(a.rows[0].row.lines[0], (ItemLine{"X", -1}));
}

TEST(ItemsImport, HeaderInAnyOrderAndColumnOfRecordId) {
  auto r = read("quantity;item_code;seller;record_id\n3;L01XC;AS;R9\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.record_id, "R9");
  EXPECT_EQ(r.rows[0].row.lines[0], (ItemLine{"L01XC", 3}));
  EXPECT_EQ(r.rows[0].column, column_of_field("3;L01XC;AS;R9", 3, ';'));
}

TEST(ItemsImport, NegativeCorrectionKeepingTheNetNonNegativeIsAccepted) {
  auto r = read(
      "record_id,seller,item_code,quantity\n"
      "R1,AS,L01XC,2\n"
      "R1,AS,L01XC,-2\n"  // net 0: the item was wrongly billed
      "R2,AS,L01XC,-1\n"  // the correction comes first in the file
      "R2,AS,L01XC,3\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 2u);
  const ItemSet* r1 = find(r, "AS", "R1");
  ASSERT_TRUE(r1);
  ASSERT_EQ(r1->lines.size(), 2u);
  EXPECT_EQ(r1->lines[0], (ItemLine{"L01XC", -2}));
  EXPECT_EQ(r1->lines[1], (ItemLine{"L01XC", 2}));
}

TEST(ItemsImport, NegativeNetPerItemIsRejectedAtTheItemsLastLine) {
  auto r = read(
      "record_id,seller,item_code,quantity\n"
      "R1,AS,L01XC,1\n"
      "R2,AS,IMPL7,1\n"
      "R1,AS,L01XC,-2\n"
      "R3,AS,B05AA,1\n");
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, column_of_field("R1,AS,L01XC,-2", 3));
  EXPECT_EQ(e.column_name, "quantity");
  EXPECT_EQ(e.found, "-1");
  EXPECT_NE(e.expected.find("L01XC"), std::string::npos) << e.expected;
  EXPECT_NE(e.expected.find("R1"), std::string::npos) << e.expected;
}

TEST(ItemsImport, NegativeQuantityCannotCorrectAnotherItem) {
  auto r = read(
      "record_id,seller,item_code,quantity\n"
      "R1,AS,L01XC,5\n"
      "R1,AS,IMPL7,-1\n");
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line, 3);
  EXPECT_EQ(r.errors.listed()[0].column_name, "quantity");
  EXPECT_EQ(r.errors.listed()[0].found, "-1");
}

TEST(ItemsImport, NegativeQuantityCannotCorrectAnotherRecord) {
  auto r = read(
      "record_id,seller,item_code,quantity\n"
      "R1,AS,L01XC,5\n"
      "R2,AS,L01XC,-1\n"
      "R1,USO,L01XC,-1\n");
  ASSERT_EQ(r.errors.count(), 2u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line + r.errors.listed()[1].line, 3 + 4);
}

struct BadItem {
  const char* name;
  const char* line;
  const char* column;
  int field;
  const char* found;
};

void PrintTo(const BadItem& c, std::ostream* os) {
  *os << c.name;
}

class ItemsBadValue : public ::testing::TestWithParam<BadItem> {};

TEST_P(ItemsBadValue, IsReportedAtItsLineAndColumn) {
  const BadItem& c = GetParam();
  auto r = read(std::string("record_id,seller,item_code,quantity\nR0,AS,X,1\n") + c.line +
                "\nR2,USO,Y,1\n");
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, column_of_field(c.line, static_cast<size_t>(c.field)));
  EXPECT_EQ(e.column_name, c.column);
  EXPECT_EQ(e.found, c.found);
}

const BadItem kBadItems[] = {
    {"QuantityZero", "R1,AS,L01XC,0", "quantity", 3, "0"},
    {"QuantityDecimal", "R1,AS,L01XC,1.5", "quantity", 3, "1.5"},
    {"QuantityEmpty", "R1,AS,L01XC,", "quantity", 3, ""},
    {"QuantityText", "R1,AS,L01XC,two", "quantity", 3, "two"},
    {"SellerUnknown", "R1,XX,L01XC,1", "seller", 1, "XX"},
    {"RecordIdEmpty", ",AS,L01XC,1", "record_id", 0, ""},
    {"ItemCodeEmpty", "R1,AS,,1", "item_code", 2, ""},
};

INSTANTIATE_TEST_SUITE_P(Rules, ItemsBadValue, ::testing::ValuesIn(kBadItems),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ItemsImport, MissingAndUnknownColumnsAreRejected) {
  auto missing = read("record_id,seller,item_code\nR1,AS,X\n");
  ASSERT_EQ(missing.errors.count(), 1u) << dump(missing.errors);
  EXPECT_NE(missing.errors.listed()[0].expected.find("'quantity'"), std::string::npos);
  EXPECT_TRUE(missing.rows.empty());
  auto unknown = read("record_id,seller,item_code,quantity,price\nR1,AS,X,1,10\n");
  ASSERT_EQ(unknown.errors.count(), 1u) << dump(unknown.errors);
  EXPECT_EQ(unknown.errors.listed()[0].found, "price");
  EXPECT_EQ(unknown.errors.listed()[0].column,
            column_of_field("record_id,seller,item_code,quantity,price", 4));
  EXPECT_TRUE(unknown.rows.empty());
}

TEST(ItemsImport, Cp1252BomAndCrlfVariants) {
  auto cp = read("record_id;seller;item_code;quantity\r\nR\xD6;AS;X;1\r\n");
  ASSERT_TRUE(cp.errors.empty()) << dump(cp.errors);
  ASSERT_EQ(cp.rows.size(), 1u);
  EXPECT_EQ(cp.rows[0].row.record_id, "RÖ");
  EXPECT_EQ(cp.rows[0].row.lines[0], (ItemLine{"X", 1}));
  auto bom = read("\xEF\xBB\xBFrecord_id,seller,item_code,quantity\r\nR1,AS,X,7\r\n");
  ASSERT_TRUE(bom.errors.empty()) << dump(bom.errors);
  ASSERT_EQ(bom.rows.size(), 1u);
  EXPECT_EQ(bom.rows[0].row.lines[0], (ItemLine{"X", 7}));
}

TEST(ItemsImport, ManyRecordsComeInBatchesAndKeepTheirLines) {
  std::string text = "record_id,seller,item_code,quantity\n";
  for (int i = 0; i < 5000; ++i) text += "R" + std::to_string(i) + ",AS,X,1\n";
  for (int i = 0; i < 5000; ++i) text += "R" + std::to_string(i) + ",AS,Y,2\n";
  auto r = read(text);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.read, 10000);
  ASSERT_EQ(r.rows.size(), 5000u);
  for (const auto& x : r.rows) {
    ASSERT_EQ(x.row.lines.size(), 2u) << x.row.record_id;
    EXPECT_EQ(x.row.lines[1], (ItemLine{"Y", 2}));
  }
  EXPECT_EQ(line_of(r, "R4999"), 5001);
}

}  // namespace
}  // namespace vardavtal
