// read_weights, read_prices, read_index (docs/import.md#price-catalogue): exact scaled
// decimals (weights 4 places, rates 6, money 2) and their limits.
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "importers/importers.h"
#include "importers/limits.h"

namespace vardavtal {
namespace {

using test::collect;
using test::column_of_field;
using test::dump;
using test::write_file;

test::Result<WeightRow> weights(const std::string& text) {
  std::string path = write_file("weights.csv", text);
  return collect<WeightRow>(
      [&](ErrorList& e, const BatchSink<WeightRow>& s) { return read_weights(path, {}, e, s); });
}

test::Result<PriceRow> prices(const std::string& text) {
  std::string path = write_file("prices.csv", text);
  KnownCodes known = test::known_codes();
  return collect<PriceRow>([&](ErrorList& e, const BatchSink<PriceRow>& s) {
    return read_prices(path, {}, known, e, s);
  });
}

test::Result<IndexRow> index(const std::string& text) {
  std::string path = write_file("index.csv", text);
  return collect<IndexRow>(
      [&](ErrorList& e, const BatchSink<IndexRow>& s) { return read_index(path, {}, e, s); });
}

void expect_one_error(const ErrorList& errors, long line, long column, const char* name,
                      const std::string& found) {
  ASSERT_EQ(errors.count(), 1u) << dump(errors);
  const ImportError& e = errors.listed()[0];
  EXPECT_EQ(e.line, line);
  EXPECT_EQ(e.column, column);
  EXPECT_EQ(e.column_name, name);
  EXPECT_EQ(e.found, found);
}

constexpr const char* kWeightHeader = "year,drg,name,weight,los_limit,cost_limit,day_weight\n";

// ------------------------------------------------------------------ weights

TEST(WeightsImport, RowsHaveExactScaledValues) {
  auto r = weights(std::string(kWeightHeader) +
                   "2021,E03N,Hjärtklaffsoperation,1.2345,12,150000.50,0.25\n"
                   "2021,R51O,Övrigt,0.0001,,,\n"
                   "2021,A01Z,Stor,12,0,7,3\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 3u);
  const WeightRow& a = r.rows[0].row;
  EXPECT_EQ(a.year, 2021);
  EXPECT_EQ(a.drg, "E03N");
  EXPECT_EQ(a.name, "Hjärtklaffsoperation");
  EXPECT_EQ(a.weight, 12345);  // 1.2345 points in 0.0001
  ASSERT_TRUE(a.los_limit);
  EXPECT_EQ(*a.los_limit, 12);
  ASSERT_TRUE(a.cost_limit);
  EXPECT_EQ(a.cost_limit->ore(), 15000050);
  EXPECT_EQ(a.day_weight, 2500);
  const WeightRow& b = r.rows[1].row;
  EXPECT_EQ(b.weight, 1);
  EXPECT_FALSE(b.los_limit);  // empty = no outlier limit
  EXPECT_FALSE(b.cost_limit);
  EXPECT_EQ(b.day_weight, 0);  // empty = 0
  const WeightRow& c = r.rows[2].row;
  EXPECT_EQ(c.weight, 120000);
  EXPECT_EQ(*c.los_limit, 0);
  EXPECT_EQ(c.cost_limit->ore(), 700);
  EXPECT_EQ(c.day_weight, 30000);
  EXPECT_EQ(r.rows[0].column, column_of_field("2021,E03N", 1));
}

TEST(WeightsImport, SemicolonFileTakesDecimalComma) {
  auto r = weights(
      "year;drg;name;weight;los_limit;cost_limit;day_weight\n"
      "2021;E03N;Hj\xE4rt;1,2345;12;150000,5;0,25\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.name, "Hjärt");
  EXPECT_EQ(r.rows[0].row.weight, 12345);
  EXPECT_EQ(r.rows[0].row.cost_limit->ore(), 15000050);
  EXPECT_EQ(r.rows[0].row.day_weight, 2500);
}

TEST(WeightsImport, OptionalColumnsMayBeLeftOut) {
  auto r = weights("drg,year,weight,name\nE03N,2020,0.5,X\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.year, 2020);
  EXPECT_EQ(r.rows[0].row.weight, 5000);
  EXPECT_FALSE(r.rows[0].row.los_limit);
  EXPECT_FALSE(r.rows[0].row.cost_limit);
  EXPECT_EQ(r.rows[0].row.day_weight, 0);
}

struct BadWeight {
  const char* name;
  const char* line;
  const char* column;
  int field;
  const char* found;
};

void PrintTo(const BadWeight& c, std::ostream* os) {
  *os << c.name;
}

class WeightsBadValue : public ::testing::TestWithParam<BadWeight> {};

TEST_P(WeightsBadValue, IsReportedAtItsLineAndColumn) {
  const BadWeight& c = GetParam();
  auto r = weights(std::string(kWeightHeader) + "2021,E03N,A,1,,,\n" + c.line + "\n");
  expect_one_error(r.errors, 3, column_of_field(c.line, static_cast<size_t>(c.field)), c.column,
                   c.found);
  ASSERT_EQ(r.rows.size(), 1u);
}

const BadWeight kBadWeights[] = {
    {"WeightFivePlaces", "2021,E04N,B,1.23456,,,", "weight", 3, "1.23456"},
    {"WeightNegative", "2021,E04N,B,-1,,,", "weight", 3, "-1"},
    {"WeightEmpty", "2021,E04N,B,,,,", "weight", 3, ""},
    {"WeightDecimalCommaInCommaFile", "2021,E04N,B,\"1,5\",,,", "weight", 3, "1,5"},
    {"DrgLowerCase", "2021,e04n,B,1,,,", "drg", 1, "e04n"},
    {"DrgShort", "2021,E4N,B,1,,,", "drg", 1, "E4N"},
    {"YearTwoDigits", "21,E04N,B,1,,,", "year", 0, "21"},
    {"YearText", "20x1,E04N,B,1,,,", "year", 0, "20x1"},
    {"NameEmpty", "2021,E04N,,1,,,", "name", 2, ""},
    {"LosLimitNegative", "2021,E04N,B,1,-1,,", "los_limit", 4, "-1"},
    {"LosLimitDecimal", "2021,E04N,B,1,1.5,,", "los_limit", 4, "1.5"},
    {"CostLimitNegative", "2021,E04N,B,1,,-100,", "cost_limit", 5, "-100"},
    {"CostLimitThreePlaces", "2021,E04N,B,1,,100.001,", "cost_limit", 5, "100.001"},
    {"DayWeightFivePlaces", "2021,E04N,B,1,,,0.00001", "day_weight", 6, "0.00001"},
    {"DayWeightNegative", "2021,E04N,B,1,,,-0.1", "day_weight", 6, "-0.1"},
    // Issue 11 item 7: the bounds (1 000 points, 1 000 000 000 kr).
    {"WeightAboveTheBound", "2021,E04N,B,1000.0001,,,", "weight", 3, "1000.0001"},
    {"DayWeightAboveTheBound", "2021,E04N,B,1,,,1000.0001", "day_weight", 6, "1000.0001"},
    {"CostLimitAboveTheBound", "2021,E04N,B,1,,1000000000.01,", "cost_limit", 5,
     "1000000000.01"},
    {"NameWithControlCharacter", "2021,E04N,B\x01,1,,,", "name", 2, "B\\x01"},
};

INSTANTIATE_TEST_SUITE_P(Rules, WeightsBadValue, ::testing::ValuesIn(kBadWeights),
                         [](const auto& info) { return std::string(info.param.name); });

// ------------------------------------------------------------------- prices

TEST(PricesImport, RowsHaveExactValues) {
  auto r = prices(
      "seller,year,item_code,name,price\n"
      "AS,2021,L01XC,Trastuzumab,1234.56\n"
      "USO,2022,IMPL7,Höftprotes,50000\n"
      "AS,2021,ZERO,Gratis,0\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].row.seller, "AS");
  EXPECT_EQ(r.rows[0].row.year, 2021);
  EXPECT_EQ(r.rows[0].row.item_code, "L01XC");
  EXPECT_EQ(r.rows[0].row.name, "Trastuzumab");
  EXPECT_EQ(r.rows[0].row.price.ore(), 123456);
  EXPECT_EQ(r.rows[1].row.name, "Höftprotes");
  EXPECT_EQ(r.rows[1].row.price.ore(), 5000000);
  EXPECT_EQ(r.rows[2].row.price.ore(), 0);
  EXPECT_EQ(r.rows[0].column, column_of_field("AS,2021,L01XC", 2));
}

TEST(CatalogueImport, ValuesAtTheBoundsAreAccepted) {
  auto p = prices("seller,year,item_code,name,price\nAS,2021,MAX,Dyr,1000000000.00\n");
  ASSERT_TRUE(p.errors.empty()) << dump(p.errors);
  EXPECT_EQ(p.rows.at(0).row.price.ore(), 100000000000);
  auto w = weights(std::string(kWeightHeader) + "2021,E03N,A,1000,,1000000000,1000\n");
  ASSERT_TRUE(w.errors.empty()) << dump(w.errors);
  EXPECT_EQ(w.rows.at(0).row.weight, 10000000);
  EXPECT_EQ(w.rows.at(0).row.day_weight, 10000000);
  EXPECT_EQ(w.rows.at(0).row.cost_limit->ore(), 100000000000);
  auto i = index("index,year,rate\nLPIK,2021,-1\n");
  ASSERT_TRUE(i.errors.empty()) << dump(i.errors);
  EXPECT_EQ(i.rows.at(0).row.rate, -1000000);
}

TEST(PricesImport, SemicolonFileTakesDecimalComma) {
  auto r = prices("seller;year;item_code;name;price\r\nAS;2021;L01XC;L\xE4kemedel;1234,5\r\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.price.ore(), 123450);
  EXPECT_EQ(r.rows[0].row.name, "Läkemedel");
}

class PricesBadValue : public ::testing::TestWithParam<BadWeight> {};

TEST_P(PricesBadValue, IsReportedAtItsLineAndColumn) {
  const BadWeight& c = GetParam();
  auto r = prices(std::string("seller,year,item_code,name,price\nAS,2021,A,A,1\n") + c.line + "\n");
  expect_one_error(r.errors, 3, column_of_field(c.line, static_cast<size_t>(c.field)), c.column,
                   c.found);
  ASSERT_EQ(r.rows.size(), 1u);
}

const BadWeight kBadPrices[] = {
    {"PriceNegative", "AS,2021,B,B,-1", "price", 4, "-1"},
    {"PriceThreePlaces", "AS,2021,B,B,1.005", "price", 4, "1.005"},
    {"PriceEmpty", "AS,2021,B,B,", "price", 4, ""},
    {"PriceDecimalCommaInCommaFile", "AS,2021,B,B,\"1,5\"", "price", 4, "1,5"},
    {"SellerUnknown", "XX,2021,B,B,1", "seller", 0, "XX"},
    {"YearOutOfRange", "AS,1989,B,B,1", "year", 1, "1989"},
    {"ItemCodeEmpty", "AS,2021,,B,1", "item_code", 2, ""},
    {"NameEmpty", "AS,2021,B,,1", "name", 3, ""},
    {"PriceAboveTheBound", "AS,2021,B,B,1000000000.01", "price", 4, "1000000000.01"},
    {"PriceTwoToThe63Oere", "AS,2021,B,B,92233720368547758.07", "price", 4,
     "92233720368547758.07"},
    {"ItemCodeWithBell", "AS,2021,B\a,B,1", "item_code", 2, "B\\x07"},
};

INSTANTIATE_TEST_SUITE_P(Rules, PricesBadValue, ::testing::ValuesIn(kBadPrices),
                         [](const auto& info) { return std::string(info.param.name); });

// -------------------------------------------------------------------- index

TEST(IndexImport, RatesHaveSixPlaces) {
  auto r = index(
      "index,year,rate\n"
      "LPIK,2021,0.019\n"
      "LPIK-excl-drugs,2021,-0.005\n"
      "LPIK,2022,0.123456\n"
      "LPIK,2023,1\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[0].row.index, "LPIK");
  EXPECT_EQ(r.rows[0].row.year, 2021);
  EXPECT_EQ(r.rows[0].row.rate, 19000);
  EXPECT_EQ(r.rows[1].row.index, "LPIK-excl-drugs");
  EXPECT_EQ(r.rows[1].row.rate, -5000);  // a fall in prices
  EXPECT_EQ(r.rows[2].row.rate, 123456);
  EXPECT_EQ(r.rows[3].row.rate, 1000000);
}

TEST(IndexImport, SemicolonFileTakesDecimalComma) {
  auto r = index("index;year;rate\nLPIK;2021;0,019\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].row.rate, 19000);
}

class IndexBadValue : public ::testing::TestWithParam<BadWeight> {};

TEST_P(IndexBadValue, IsReportedAtItsLineAndColumn) {
  const BadWeight& c = GetParam();
  auto r = index(std::string("index,year,rate\nLPIK,2020,0.01\n") + c.line + "\n");
  expect_one_error(r.errors, 3, column_of_field(c.line, static_cast<size_t>(c.field)), c.column,
                   c.found);
  ASSERT_EQ(r.rows.size(), 1u);
}

const BadWeight kBadIndex[] = {
    {"RateSevenPlaces", "LPIK,2021,0.0190001", "rate", 2, "0.0190001"},
    {"RatePercent", "LPIK,2021,1.9%", "rate", 2, "1.9%"},
    {"RateEmpty", "LPIK,2021,", "rate", 2, ""},
    {"NameWithSlash", "LPIK/2,2021,0.01", "index", 0, "LPIK/2"},
    {"NameEmpty", ",2021,0.01", "index", 0, ""},
    {"YearText", "LPIK,last,0.01", "year", 1, "last"},
    {"RateAboveTheBound", "LPIK,2021,1.000001", "rate", 2, "1.000001"},
    {"RateBelowTheBound", "LPIK,2021,-1.000001", "rate", 2, "-1.000001"},
};

INSTANTIATE_TEST_SUITE_P(Rules, IndexBadValue, ::testing::ValuesIn(kBadIndex),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vardavtal

// A bound in the Swedish of an import error: its unit in Swedish, a decimal
// comma.
TEST(ImportBounds, SwedishTextHasSwedishUnitAndDecimalComma) {
  using namespace vardavtal;
  EXPECT_EQ(kWeightBound.text_sv(false), "högst 1000 poäng");
  EXPECT_EQ(kWeightBound.text(false), "not above 1000 points");
  EXPECT_EQ(kShareBound.text_sv(true), "från -1 till 1");
  EXPECT_EQ((Bound{2, 1250, " kr"}).text_sv(true), "från -12,5 kr till 12,5 kr");
}
