// The words of a year-end true-up (billing/app/settlement_text.h), from the
// planner's bases: §8.7 examples 3 and 4 and terms dropped later.
#include "billing/app/settlement_text.h"

#include <gtest/gtest.h>

namespace vardavtal {
namespace {

Money kr(int64_t kronor, int64_t ore = 0) {
  return Money::from_ore(kronor * 100 + ore);
}

SettlementInput input(PricingAgreement& a) {
  a.terms.id = "NORRA21";
  a.terms.year = 2021;
  a.point_price = kr(60000);
  SettlementInput in;
  in.seller = {"NUS", "24", "2321000222"};
  in.year = 2021;
  in.agreement = &a;
  in.issue_date = date::year{2022} / 1 / 1;
  return in;
}

TEST(SettlementText, Example3InWords) {
  PricingAgreement a;
  a.terms.settlement_share = Fraction{1, 3};
  SettlementInput in = input(a);
  in.buyers.push_back({"22", kr(12000000), kr(11000000, 1), 0, {}, {}});
  EXPECT_EQ(describe(plan_settlement(in).bases[0]),
            "Efterreglering 2021: 1/3 × (KPP-kostnad 12 000 000,00 − fakturerat 11 000 000,01) "
            "= 333 333,33");
}

TEST(SettlementText, Example4InWords) {
  PricingAgreement a;
  a.terms.commitment_points["19"] = 12000000;
  a.terms.commitment_shortfall_share = 5000;
  SettlementInput in = input(a);
  in.buyers.push_back({"19", Money{}, Money{}, 11505000, {}, {}});
  EXPECT_EQ(describe(plan_settlement(in).bases[0]),
            "Volymåtagande 2021: åtagande 1200 poäng, levererat 1150,5, underskott 49,5 × "
            "poängpris 60 000,00 × andel = 1 485 000,00; avräkning 1 485 000,00");
  EXPECT_EQ(points_text(25003), "2,5003");
}

TEST(SettlementText, TermsDroppedLaterInWords) {
  PricingAgreement a;
  SettlementInput in = input(a);
  in.buyers.push_back({"22", kr(900), Money{}, 0, {{BillingKind::settlement, kr(100)}}, {}});
  EXPECT_EQ(describe(plan_settlement(in).bases[0]),
            "Efterreglering 2021: avtalet har ingen efterreglering = 0,00; tidigare reglerat "
            "100,00");
}

}  // namespace
}  // namespace vardavtal
