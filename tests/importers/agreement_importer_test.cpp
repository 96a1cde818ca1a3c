// read_agreement (docs/import.md#agreements): the TOML agreement, exact decimals read
// from the text (never through binary floating point), and its errors with
// line and column.
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "importers/importers.h"

namespace vardavtal {
namespace {

using test::dump;
using test::write_file;

struct Read {
  std::optional<Agreement> agreement;
  ErrorList errors;
};

Read read(const std::string& text) {
  Read r;
  r.agreement = read_agreement(write_file("agreement.toml", text), test::known_codes(), r.errors);
  return r;
}

// The example of docs/import.md#agreements, verbatim.
const char kExample[] = R"TOML(id          = "MSV-2a-AS-2021"          # unique
name        = "Avtal om vård vid Universitetssjukhus (2a)"
seller      = "AS"
buyers      = ["04", "17", "18", "19", "20", "21"]   # omitted = every region but the seller's own
year        = 2021
price_list  = 2        # national price-list code (1 Norra, 2 Uppsala/Örebro, 3 Stockholm/Gotland, 4 Sydöstra, 5 Västra, 6 Södra)
point_price = 69927    # kronor per DRG point; omitted = last year's price uplifted by [uplift]
weights     = 2021     # which weight-list year prices this agreement
outliers    = "kpp"    # "kpp" | "surcharge" | "none"
cost_outlier_share = 1.0   # surcharge method: share of the cost above cost_limit

[subscription]          # omitted = 100 % variable billing
share      = 0.5        # fixed part (abonnemang) of the DRG-based value
base_years = [2019, 2020]
# base_value = 123456789.00   # kronor per buyer, when base-year records are not in the database

[uplift]
index = "LPIK"          # series used for uplift of prices and base values
)TOML";

// A minimal valid agreement; tests append or replace lines.
const char kMinimal[] = R"TOML(id = "A-1"
seller = "USO"
year = 2022
price_list = 2
point_price = 70000
)TOML";

TEST(AgreementImport, ExampleOfTheRulesParsesToExactValues) {
  auto r = read(kExample);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  const Agreement& a = *r.agreement;
  EXPECT_EQ(a.id, "MSV-2a-AS-2021");
  EXPECT_EQ(a.name, "Avtal om vård vid Universitetssjukhus (2a)");
  EXPECT_EQ(a.seller, "AS");
  EXPECT_EQ(a.buyers, (std::vector<std::string>{"04", "17", "18", "19", "20", "21"}));
  EXPECT_EQ(a.year, 2021);
  EXPECT_EQ(a.price_list, 2);
  ASSERT_TRUE(a.point_price);
  EXPECT_EQ(a.point_price->ore(), 6992700);
  EXPECT_EQ(a.weights_year, 2021);
  EXPECT_EQ(a.outliers, OutlierMethod::kpp);
  EXPECT_EQ(a.cost_outlier_share, 10000);
  ASSERT_TRUE(a.subscription_share);
  EXPECT_EQ(*a.subscription_share, 5000);
  EXPECT_EQ(a.base_years, (std::vector<int>{2019, 2020}));
  EXPECT_TRUE(a.base_values.empty());
  EXPECT_EQ(a.uplift_index, "LPIK");
}

TEST(AgreementImport, MinimalAgreementTakesDefaults) {
  auto r = read(kMinimal);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  const Agreement& a = *r.agreement;
  EXPECT_EQ(a.name, "");
  EXPECT_TRUE(a.buyers.empty());    // every region but the seller's own
  EXPECT_EQ(a.weights_year, 2022);  // the agreement's own year
  EXPECT_EQ(a.outliers, OutlierMethod::kpp);
  EXPECT_EQ(a.cost_outlier_share, 10000);
  EXPECT_FALSE(a.subscription_share);  // fully variable
  EXPECT_TRUE(a.base_years.empty());
  EXPECT_EQ(a.uplift_index, "");
  EXPECT_EQ(a.point_price->ore(), 7000000);
}

TEST(AgreementImport, DecimalsAreExactFromTheText) {
  auto r = read(std::string(kMinimal) +
                "outliers = \"surcharge\"\ncost_outlier_share = 0.1234\n"
                "[subscription]\nshare = 0.4\nbase_years = [2020]\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  EXPECT_EQ(r.agreement->outliers, OutlierMethod::surcharge);
  EXPECT_EQ(r.agreement->cost_outlier_share, 1234);
  EXPECT_EQ(*r.agreement->subscription_share, 4000);
}

TEST(AgreementImport, PointPriceWithOere) {
  auto r = read(R"TOML(id = "A-1"
seller = "USO"
year = 2022
price_list = 2
point_price = 69927.25
)TOML");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.agreement->point_price->ore(), 6992725);
}

TEST(AgreementImport, OutlierMethodNone) {
  auto r = read(std::string(kMinimal) + "outliers = \"none\"\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.agreement->outliers, OutlierMethod::none);
}

TEST(AgreementImport, BaseValueAsANumberAppliesToEveryBuyer) {
  auto r = read(std::string(kMinimal) + "[subscription]\nshare = 0.5\nbase_value = 123456789.00\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  ASSERT_EQ(r.agreement->base_values.size(), 1u);
  ASSERT_TRUE(r.agreement->base_values.count(""));
  EXPECT_EQ(r.agreement->base_values.at("").ore(), 12345678900);
  EXPECT_TRUE(r.agreement->base_years.empty());
}

// A buyer's year of care can exceed the 1 000 000 000 kr bound of other
// amounts: the scale-100 demo's largest base value is 34 400 680 000 kr.
TEST(AgreementImport, BaseValueAboveAThousandMillionKronor) {
  auto r = read(std::string(kMinimal) +
                "[subscription]\nshare = 0.5\nbase_value = { \"21\" = 34400680000.00, "
                "\"04\" = 1000000000000.00 }\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.agreement->base_values.at("21").ore(), 3440068000000);
  EXPECT_EQ(r.agreement->base_values.at("04").ore(), 100000000000000);
}

TEST(AgreementImport, BaseValueAsAnIntegerNumber) {
  auto r = read(std::string(kMinimal) + "[subscription]\nshare = 0.5\nbase_value = 1000\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.agreement->base_values.at("").ore(), 100000);
}

TEST(AgreementImport, BaseValuePerCountyAsAnInlineTable) {
  auto r =
      read(std::string(kMinimal) +
           "[subscription]\nshare = 0.25\nbase_value = { \"04\" = 1000000.50, 17 = 2000000 }\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  const auto& b = r.agreement->base_values;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.at("04").ore(), 100000050);
  EXPECT_EQ(b.at("17").ore(), 200000000);
  EXPECT_EQ(*r.agreement->subscription_share, 2500);
}

TEST(AgreementImport, BaseValuePerCountyAsATable) {
  auto r = read(std::string(kMinimal) +
                "[subscription]\nshare = 1\n[subscription.base_value]\n\"18\" = 5.5\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.agreement->base_values.at("18").ore(), 550);
  EXPECT_EQ(*r.agreement->subscription_share, 10000);
}

TEST(AgreementImport, WithoutPointPriceButWithUpliftIsAccepted) {
  auto r = read(R"TOML(id = "A-2"
seller = "AS"
year = 2022
price_list = 2
[uplift]
index = "LPIK"
)TOML");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  EXPECT_FALSE(r.agreement->point_price);
  EXPECT_EQ(r.agreement->uplift_index, "LPIK");
}

// ------------------------------------------------------------------ errors

struct BadToml {
  const char* name;
  const char* text;
  long line;
  long column;
  const char* column_name;
  const char* found;
};

void PrintTo(const BadToml& c, std::ostream* os) {
  *os << c.name;
}

class AgreementBad : public ::testing::TestWithParam<BadToml> {};

TEST_P(AgreementBad, IsReportedAtItsLineAndColumn) {
  const BadToml& c = GetParam();
  auto r = read(c.text);
  EXPECT_FALSE(r.agreement);
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, c.line);
  EXPECT_EQ(e.column, c.column);
  EXPECT_EQ(e.column_name, c.column_name);
  EXPECT_EQ(e.found, c.found);
  EXPECT_FALSE(e.expected.empty());
}

const BadToml kBadTomls[] = {
    {"UnknownKey",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "pointprice = 1\n",
     6, 1, "pointprice", "pointprice"},
    {"UnknownKeyInSubscription",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.5\nbase_years = [2020]\n  basevalue = 1\n",
     9, 3, "subscription.basevalue", "basevalue"},
    {"UnknownTable",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[prices]\nx = 1\n",
     6, 2, "prices", "prices"},
    {"MissingPointPriceWithoutUplift",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\n", 1, 1, "point_price",
     "neither"},
    {"SubscriptionShareFivePlaces",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.12345\nbase_years = [2020]\n",
     7, 9, "subscription.share", "0.12345"},
    {"SubscriptionShareAboveOne",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 1.5\nbase_years = [2020]\n",
     7, 9, "subscription.share", "1.5"},
    {"SubscriptionShareNegative",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = -0.5\nbase_years = [2020]\n",
     7, 9, "subscription.share", "-0.5"},
    {"CostOutlierShareFivePlaces",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "cost_outlier_share = 0.00001\n",
     6, 22, "cost_outlier_share", "0.00001"},
    {"PointPriceThreePlaces",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 69927.125\n", 5,
     15, "point_price", "69927.125"},
    {"PointPriceNegative",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = -1\n", 5, 15,
     "point_price", "-1"},
    {"PointPriceAsString",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = \"69927\"\n", 5,
     15, "point_price", "\"69927\""},
    {"SellerUnknown",
     "id = \"A-1\"\nseller = \"XX\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n", 2, 10,
     "seller", "XX"},
    {"BuyerUnknown",
     "id = \"A-1\"\nseller = \"USO\"\nbuyers = [\"03\", \"01\"]\nyear = 2022\nprice_list = 2\n"
     "point_price = 70000\n",
     3, 17, "buyers", "\"01\""},
    {"BuyerAsANumber",
     "id = \"A-1\"\nseller = \"USO\"\nbuyers = [3]\nyear = 2022\nprice_list = 2\n"
     "point_price = 70000\n",
     3, 11, "buyers", "3"},
    {"PriceListSeven",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 7\npoint_price = 70000\n", 4, 14,
     "price_list", "7"},
    {"YearAsAFloat",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022.0\nprice_list = 2\npoint_price = 70000\n", 3, 8,
     "year", "2022.0"},
    {"OutliersUnknown",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "outliers = \"max\"\n",
     6, 12, "outliers", "max"},
    {"IdMissing", "seller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n", 1, 1,
     "id", "none"},
    {"IdEmpty", "id = \"\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n",
     1, 6, "id", "\"\""},
    {"SubscriptionWithoutShare",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nbase_years = [2020]\n",
     6, 1, "subscription.share", "no share"},
    {"SubscriptionWithoutBase",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.5\n",
     6, 1, "subscription", "neither"},
    {"BaseYearNotAYear",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.5\nbase_years = [2020, 20]\n",
     8, 21, "subscription.base_years", "20"},
    {"BaseValueUnknownCounty",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.5\nbase_value = { \"99\" = 1 }\n",
     8, 23, "subscription.base_value", "99"},
    {"BaseValueThreePlaces",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.5\nbase_value = 1.005\n",
     8, 14, "subscription.base_value", "1.005"},
    // Issue 11 item 7: amounts above 1 000 000 000 kr (base values above
    // 1 000 000 000 000 kr, issue 13), shares above 1.
    {"PointPriceAboveTheBound",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\n"
     "point_price = 1000000000.01\n",
     5, 15, "point_price", "1000000000.01"},
    {"PointPriceIntegerAboveTheBound",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\n"
     "point_price = 92233720368547758\n",
     5, 15, "point_price", "92233720368547758"},
    {"BaseValueAboveTheBound",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.5\nbase_value = 1000000000001\n",
     8, 14, "subscription.base_value", "1000000000001"},
    {"BaseValuePerCountyAboveTheBound",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[subscription]\nshare = 0.5\nbase_value = { \"03\" = 1000000000000.01 }\n",
     8, 23, "subscription.base_value", "1000000000000.01"},
    {"CostOutlierShareAboveOne",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "cost_outlier_share = 1.0001\n",
     6, 22, "cost_outlier_share", "1.0001"},
    // Issue 11 item 12: control characters in text (TOML escapes them).
    {"NameWithNul",
     "id = \"A-1\"\nname = \"Avtal\\u0000\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\n"
     "point_price = 70000\n",
     2, 8, "name", "Avtal\\x00"},
    {"UpliftWithoutIndex",
     "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\npoint_price = 70000\n"
     "[uplift]\n",
     6, 1, "uplift.index", "none"},
};

INSTANTIATE_TEST_SUITE_P(Rules, AgreementBad, ::testing::ValuesIn(kBadTomls),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AgreementImport, AmountsAtTheBoundAreAccepted) {
  auto r = read(
      "id = \"A-1\"\nseller = \"USO\"\nyear = 2022\nprice_list = 2\n"
      "point_price = 1000000000.00\ncost_outlier_share = 1\n"
      "[subscription]\nshare = 1\nbase_value = { \"03\" = 1000000000 }\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  EXPECT_EQ(r.agreement->point_price->ore(), 100000000000);
  EXPECT_EQ(r.agreement->base_values.at("03").ore(), 100000000000);
  EXPECT_EQ(r.agreement->cost_outlier_share, 10000);
}

TEST(AgreementImport, TomlSyntaxErrorHasLineAndColumn) {
  auto r = read("id = \"A-1\"\nseller = \"USO\nyear = 2022\n");
  EXPECT_FALSE(r.agreement);
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 2);
  EXPECT_GT(e.column, 1);
  EXPECT_NE(e.expected.find("TOML"), std::string::npos) << e.expected;
}

TEST(AgreementImport, TomlSyntaxErrorOnALaterLine) {
  auto r = read(std::string(kMinimal) + "\n\nbuyers = [\"03\",, \"04\"]\n");
  EXPECT_FALSE(r.agreement);
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line, 8);
  EXPECT_GE(r.errors.listed()[0].column, 16);
}

TEST(AgreementImport, DuplicateKeyIsASyntaxError) {
  auto r = read(std::string(kMinimal) + "year = 2023\n");
  EXPECT_FALSE(r.agreement);
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].line, 6);
}

TEST(AgreementImport, SeveralErrorsAreAllReported) {
  auto r = read(R"TOML(id = "A-1"
seller = "XX"
year = 2022
price_list = 9
point_price = 1.001
colour = "red"
)TOML");
  EXPECT_FALSE(r.agreement);
  EXPECT_EQ(r.errors.count(), 4u) << dump(r.errors);
}

TEST(AgreementImport, CrlfAndBomFilesWork) {
  std::string text = "\xEF\xBB\xBF";
  for (char c : std::string(kExample)) {
    if (c == '\n') text += '\r';
    text += c;
  }
  auto r = read(text);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  EXPECT_EQ(r.agreement->id, "MSV-2a-AS-2021");
  EXPECT_EQ(r.agreement->cost_outlier_share, 10000);
  EXPECT_EQ(*r.agreement->subscription_share, 5000);
  EXPECT_EQ(r.agreement->point_price->ore(), 6992700);
}

TEST(AgreementImport, BomBeforeAFloatOnTheFirstLine) {
  auto r = read(
      "\xEF\xBB\xBF"
      "cost_outlier_share = 0.5\n" +
      std::string(kMinimal));
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.agreement->cost_outlier_share, 5000);
}

TEST(AgreementImport, NonAsciiTextBeforeAFloatOnTheSameLine) {
  // TOML columns count characters; the float's text must still be found.
  auto r = read(std::string(kMinimal) +
                "subscription = { \"anm\xC3\xA4rkning\" = \"\xC3\x96\xC3\x96\", share = 0.25, "
                "base_years = [2020] }\n");
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].column_name, "subscription.anmärkning");
  EXPECT_EQ(r.errors.listed()[0].line, 6);
  EXPECT_EQ(r.errors.listed()[0].column, 18);
  auto ok = read(std::string(kMinimal) +
                 "subscription = { base_value = { \"04\" = 1.5 }, share = 0.25 }\n");
  ASSERT_TRUE(ok.errors.empty()) << dump(ok.errors);
  EXPECT_EQ(*ok.agreement->subscription_share, 2500);
  EXPECT_EQ(ok.agreement->base_values.at("04").ore(), 150);
}

TEST(AgreementImport, TabsAroundAFloat) {
  auto r = read(std::string(kMinimal) + "cost_outlier_share\t=\t0.75\t# tab\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(r.agreement->cost_outlier_share, 7500);
}

TEST(AgreementImport, CrlfErrorFoundTextHasNoCarriageReturn) {
  auto r = read(
      "id = \"A-1\"\r\nseller = \"USO\"\r\nyear = 2022\r\nprice_list = 2\r\n"
      "point_price = 70000\r\n[subscription]\r\nshare = 0.12345\r\nbase_years = [2020]\r\n");
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].found, "0.12345");
  EXPECT_EQ(r.errors.listed()[0].line, 7);
}

TEST(AgreementImport, MissingFileIsAnError) {
  ErrorList errors;
  auto a = read_agreement(::testing::TempDir() + "vardavtal_no_such_agreement.toml",
                          test::known_codes(), errors);
  EXPECT_FALSE(a);
  EXPECT_FALSE(errors.empty());
}

}  // namespace
}  // namespace vardavtal
