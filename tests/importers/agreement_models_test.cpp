// read_agreement's keys for the other regions' models (billing rules §8,
// docs/import.md#agreements): each accepted with exact values, and each
// refused with its file:line:column message.
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "importers/importers.h"

namespace vardavtal {
namespace {

using test::dump;
using test::write_file;

struct Read {
  std::string path;
  std::optional<Agreement> agreement;
  ErrorList errors;
};

Read read(const std::string& text) {
  Read r;
  r.path = write_file("agreement.toml", text);
  r.agreement = read_agreement(r.path, test::known_codes(), r.errors);
  return r;
}

// Six lines of a valid agreement: the keys under test start on line 7.
const char kHead[] =
    "id = \"A-1\"\nseller = \"USO\"\nbuyers = [\"03\", \"19\", \"20\"]\nyear = 2023\n"
    "point_price = 60000\nprice_list = 2\n";

const char kAllModels[] = R"TOML(agreement_type = 3
drg_exempt = { clinics = ["Psykiatri", "Barn, habilitering"], medical_fields = ["931", "101"] }

[extra_billing]
threshold = 50000.00

[subscription]
share = 0.25
base_value = 1000000
clinics = ["Ortopedi"]
include_items = true

[settlement]
share = "1/3"
basis = "kpp"

[commitment]
points = { "19" = 1200.0, "20" = 850.1234 }
shortfall_share = 0.5
cap_points = { "19" = 1300 }
above_cap_share = 0.25
)TOML";

TEST(AgreementModels, EveryKeyIsReadToExactValues) {
  auto r = read(std::string(kHead) + kAllModels);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  ASSERT_TRUE(r.agreement);
  const Agreement& a = *r.agreement;
  EXPECT_EQ(a.agreement_type, 3);
  EXPECT_EQ(a.drg_exempt_clinics, (std::vector<std::string>{"Psykiatri", "Barn, habilitering"}));
  EXPECT_EQ(a.drg_exempt_fields, (std::vector<std::string>{"931", "101"}));
  EXPECT_EQ(a.extra_billing_threshold.ore(), 5000000);
  EXPECT_EQ(a.subscription_clinics, (std::vector<std::string>{"Ortopedi"}));
  EXPECT_TRUE(a.subscription_include_items);
  EXPECT_EQ(a.subscription_share, 2500);
  ASSERT_TRUE(a.settlement_share);
  EXPECT_EQ(*a.settlement_share, (Fraction{1, 3}));
  EXPECT_EQ(a.settlement_basis, "kpp");
  EXPECT_EQ(a.commitment_points,
            (std::map<std::string, int64_t>{{"19", 12000000}, {"20", 8501234}}));
  EXPECT_EQ(a.commitment_shortfall_share, 5000);
  EXPECT_EQ(a.commitment_cap_points, (std::map<std::string, int64_t>{{"19", 13000000}}));
  EXPECT_EQ(a.commitment_above_cap_share, 2500);
  EXPECT_TRUE(a.has_commitment());
}

TEST(AgreementModels, WithoutThemTheDefaults) {
  auto r = read(kHead);
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  const Agreement& a = *r.agreement;
  EXPECT_EQ(a.agreement_type, 2);
  EXPECT_TRUE(a.drg_exempt_clinics.empty());
  EXPECT_TRUE(a.drg_exempt_fields.empty());
  EXPECT_EQ(a.extra_billing_threshold.ore(), 0);
  EXPECT_TRUE(a.subscription_clinics.empty());
  EXPECT_FALSE(a.subscription_include_items);
  EXPECT_FALSE(a.settlement_share);
  EXPECT_EQ(a.settlement_basis, "");
  EXPECT_FALSE(a.has_commitment());
  EXPECT_EQ(a.commitment_shortfall_share, 0);
}

TEST(AgreementModels, SettlementShareAsADecimalOrOneAndBasisByDefault) {
  for (const auto& [text, num, den] : {std::tuple{"0.5", 1, 2}, std::tuple{"\"0.125\"", 1, 8},
                                       std::tuple{"1", 1, 1}, std::tuple{"\"2/6\"", 1, 3}}) {
    auto r = read(std::string(kHead) + "[settlement]\nshare = " + text + "\n");
    ASSERT_TRUE(r.errors.empty()) << text << "\n" << dump(r.errors);
    EXPECT_EQ(*r.agreement->settlement_share, (Fraction{num, den})) << text;
    EXPECT_EQ(r.agreement->settlement_basis, "kpp");
  }
}

TEST(AgreementModels, DrgExemptAsATableAndSubscriptionScopeWithoutItems) {
  auto r = read(std::string(kHead) +
                "[drg_exempt]\nclinics = []\nmedical_fields = [\"931\"]\n"
                "[subscription]\nshare = 0.5\nbase_years = [2021]\ninclude_items = false\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_TRUE(r.agreement->drg_exempt_clinics.empty());
  EXPECT_EQ(r.agreement->drg_exempt_fields, std::vector<std::string>{"931"});
  EXPECT_FALSE(r.agreement->subscription_include_items);
}

// Plausibility (issue 15): max_contact_amount raises the per-contact limit;
// absent, the default applies.
TEST(AgreementModels, MaxContactAmountRaisesThePlausibilityLimit) {
  auto r = read(std::string(kHead) + "max_contact_amount = 250000000.00\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_EQ(*r.agreement->max_contact_amount, Money::from_kronor(250000000));
  auto plain = read(std::string(kHead));
  ASSERT_TRUE(plain.errors.empty()) << dump(plain.errors);
  EXPECT_FALSE(plain.agreement->max_contact_amount);
}

// ------------------------------------------------------------------ errors

struct Bad {
  const char* name;
  const char* text;     // after kHead (line 7 on)
  const char* message;  // after "path:"
};

void PrintTo(const Bad& c, std::ostream* os) {
  *os << c.name;
}

class AgreementModelsBad : public ::testing::TestWithParam<Bad> {};

TEST_P(AgreementModelsBad, IsReportedAtItsLineAndColumn) {
  auto r = read(std::string(kHead) + GetParam().text);
  EXPECT_FALSE(r.agreement);
  ASSERT_EQ(r.errors.count(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors.listed()[0].to_string(), r.path + ":" + GetParam().message);
}

const Bad kBad[] = {
    {"AgreementTypeFour", "agreement_type = 4\n",
     "7:18: column 'agreement_type': expected a whole number from 1 to 3, found '4'"},
    {"AgreementTypeAsString", "agreement_type = \"1\"\n",
     "7:18: column 'agreement_type': expected a whole number from 1 to 3, found '\"1\"'"},
    {"DrgExemptNotATable", "drg_exempt = [\"Psykiatri\"]\n",
     "7:14: column 'drg_exempt': expected a table, found '[\"Psykiatri\"]'"},
    {"DrgExemptUnknownKey", "drg_exempt = { clinic = [\"Psykiatri\"] }\n",
     "7:16: column 'drg_exempt.clinic': expected a known key, found 'clinic'"},
    {"DrgExemptFieldNotMvo", "drg_exempt = { medical_fields = [\"931\", \"93\"] }\n",
     "7:41: column 'drg_exempt.medical_fields': expected a three-digit MVO code as a string "
     "(\"931\"), found '\"93\"'"},
    {"DrgExemptFieldAsANumber", "drg_exempt = { medical_fields = [931] }\n",
     "7:34: column 'drg_exempt.medical_fields': expected a three-digit MVO code as a string "
     "(\"931\"), found '931'"},
    {"DrgExemptClinicEmpty", "drg_exempt = { clinics = [\"\"] }\n",
     "7:27: column 'drg_exempt.clinics': expected a clinic name: 1-100 characters without "
     "control characters, found '\"\"'"},
    {"DrgExemptClinicsNotAnArray", "drg_exempt = { clinics = \"Psykiatri\" }\n",
     "7:26: column 'drg_exempt.clinics': expected an array of strings, found '\"Psykiatri\"'"},
    {"ExtraBillingNegative", "[extra_billing]\nthreshold = -1\n",
     "8:13: column 'extra_billing.threshold': expected a non-negative number with at most 2 "
     "decimals, not above 1000000000 kr, found '-1'"},
    {"ExtraBillingThreePlaces", "[extra_billing]\nthreshold = 50000.005\n",
     "8:13: column 'extra_billing.threshold': expected a non-negative number with at most 2 "
     "decimals, not above 1000000000 kr, found '50000.005'"},
    {"ExtraBillingWithoutThreshold", "[extra_billing]\n",
     "7:1: column 'extra_billing.threshold': expected a threshold in kronor per contact, found "
     "'none'"},
    {"SubscriptionIncludeItemsNotABoolean",
     "[subscription]\nshare = 0.5\nbase_years = [2021]\ninclude_items = 1\n",
     "10:17: column 'subscription.include_items': expected true or false, found '1'"},
    {"SubscriptionClinicWithAControlCharacter",
     "[subscription]\nshare = 0.5\nbase_years = [2021]\nclinics = [\"Orto\\u0001\"]\n",
     "10:12: column 'subscription.clinics': expected a clinic name: 1-100 characters without "
     "control characters, found '\"Orto\\u0001\"'"},
    {"SettlementShareZero", "[settlement]\nshare = \"0/3\"\n",
     "8:9: column 'settlement.share': expected a share above 0 and at most 1: a fraction as a "
     "string (\"1/3\", denominator at most 1000000000) or a decimal, found '\"0/3\"'"},
    {"SettlementShareAboveOne", "[settlement]\nshare = \"4/3\"\n",
     "8:9: column 'settlement.share': expected a share above 0 and at most 1: a fraction as a "
     "string (\"1/3\", denominator at most 1000000000) or a decimal, found '\"4/3\"'"},
    {"SettlementShareNegative", "[settlement]\nshare = -0.5\n",
     "8:9: column 'settlement.share': expected a share above 0 and at most 1: a fraction as a "
     "string (\"1/3\", denominator at most 1000000000) or a decimal, found '-0.5'"},
    {"SettlementShareDenominatorZero", "[settlement]\nshare = \"1/0\"\n",
     "8:9: column 'settlement.share': expected a share above 0 and at most 1: a fraction as a "
     "string (\"1/3\", denominator at most 1000000000) or a decimal, found '\"1/0\"'"},
    {"SettlementShareDenominatorTooLarge", "[settlement]\nshare = \"1/3000000000\"\n",
     "8:9: column 'settlement.share': expected a share above 0 and at most 1: a fraction as a "
     "string (\"1/3\", denominator at most 1000000000) or a decimal, found '\"1/3000000000\"'"},
    {"SettlementShareNotANumber", "[settlement]\nshare = \"a third\"\n",
     "8:9: column 'settlement.share': expected a share above 0 and at most 1: a fraction as a "
     "string (\"1/3\", denominator at most 1000000000) or a decimal, found '\"a third\"'"},
    {"SettlementWithoutShare", "[settlement]\nbasis = \"kpp\"\n",
     "7:1: column 'settlement.share': expected the share of the cost difference settled, found "
     "'none'"},
    {"SettlementBasisOther", "[settlement]\nshare = \"1/3\"\nbasis = \"invoiced\"\n",
     "9:9: column 'settlement.basis': expected \"kpp\" (the contacts' KPP cost), found "
     "'\"invoiced\"'"},
    {"SettlementUnknownKey", "[settlement]\nshare = \"1/3\"\nbase = \"kpp\"\n",
     "9:1: column 'settlement.base': expected a known key, found 'base'"},
    {"CommitmentWithoutPoints", "[commitment]\nshortfall_share = 0.5\n",
     "7:1: column 'commitment.points': expected the committed points per buyer, found 'none'"},
    {"CommitmentWithoutShortfallShare", "[commitment]\npoints = { \"19\" = 1200.0 }\n",
     "7:1: column 'commitment.shortfall_share': expected the share of a shortfall invoiced, "
     "found 'none'"},
    {"CommitmentPointsEmpty", "[commitment]\npoints = {}\nshortfall_share = 0.5\n",
     "8:10: column 'commitment.points': expected DRG points per buyer region: { \"19\" = 1200.0 "
     "}, found '{}'"},
    {"CommitmentOfANonBuyer",
     "[commitment]\npoints = { \"19\" = 1200.0, \"04\" = 10 }\nshortfall_share = 0.5\n",
     "8:27: column 'commitment.points': expected a buyer's region code as key, found '04'"},
    {"CommitmentOfAnUnknownCounty",
     "[commitment]\npoints = { \"99\" = 1 }\nshortfall_share = 0.5\n",
     "8:12: column 'commitment.points': expected a buyer's region code as key, found '99'"},
    {"CommitmentPointsFivePlaces",
     "[commitment]\npoints = { \"19\" = 1200.00001 }\nshortfall_share = 0.5\n",
     "8:19: column 'commitment.points': expected a non-negative number with at most 4 decimals, "
     "not above 10000000 points, found '1200.00001'"},
    {"CommitmentPointsAboveTheBound",
     "[commitment]\npoints = { \"19\" = 10000000.0001 }\nshortfall_share = 0.5\n",
     "8:19: column 'commitment.points': expected a non-negative number with at most 4 decimals, "
     "not above 10000000 points, found '10000000.0001'"},
    {"CommitmentShortfallShareAboveOne",
     "[commitment]\npoints = { \"19\" = 1200 }\nshortfall_share = 1.5\n",
     "9:19: column 'commitment.shortfall_share': expected a non-negative number with at most 4 "
     "decimals, not above 1, found '1.5'"},
    {"CommitmentCapBelowTheCommitment",
     "[commitment]\npoints = { \"19\" = 1200 }\nshortfall_share = 0.5\n"
     "cap_points = { \"19\" = 1199.9999 }\nabove_cap_share = 0.5\n",
     "10:23: column 'commitment.cap_points': expected a cap not below the 1200 points committed, "
     "found '1199.9999'"},
    {"CommitmentCapOfABuyerWithoutCommitment",
     "[commitment]\npoints = { \"19\" = 1200 }\nshortfall_share = 0.5\n"
     "cap_points = { \"20\" = 1300 }\nabove_cap_share = 0.5\n",
     "10:16: column 'commitment.cap_points': expected a buyer with committed points, found '20'"},
    {"CommitmentCapWithoutAboveCapShare",
     "[commitment]\npoints = { \"19\" = 1200 }\nshortfall_share = 0.5\n"
     "cap_points = { \"19\" = 1300 }\n",
     "7:1: column 'commitment.above_cap_share': expected the share kept above the caps, found "
     "'none'"},
    {"CommitmentAboveCapShareWithoutCaps",
     "[commitment]\npoints = { \"19\" = 1200 }\nshortfall_share = 0.5\nabove_cap_share = 0.5\n",
     "10:19: column 'commitment.above_cap_share': expected cap_points beside it, found '0.5'"},
    {"CommitmentUnknownKey",
     "[commitment]\npoints = { \"19\" = 1200 }\nshortfall_share = 0.5\ncap = 1\n",
     "10:1: column 'commitment.cap': expected a known key, found 'cap'"},
};

INSTANTIATE_TEST_SUITE_P(Rules, AgreementModelsBad, ::testing::ValuesIn(kBad),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vardavtal
