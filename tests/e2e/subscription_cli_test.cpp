// End-to-end: a year with a subscription invoices all twelve installments to
// every buyer, whatever month the seller's care starts in (docs/ledger.md):
// care starting in February, a buyer with no care, a seller with no care at
// all, and an agreement with a subscription imported after its year's first
// months were billed.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

// AGR21: AS 2021, point price 50 000 kr; with `subscription`, half of a base
// value of 120 000 kr for 04 and 240 000 kr for 20: S = 60 000.00 and
// 120 000.00, i.e. 5 000.00 and 10 000.00 a month.
std::string agreement(bool subscription) {
  std::string a =
      "id = \"AGR21\"\nseller = \"AS\"\nyear = 2021\nprice_list = 2\npoint_price = 50000\n";
  if (subscription)
    a += "[subscription]\nshare = 0.5\nbase_years = [2020]\n"
         "base_value = { \"04\" = 120000.00, \"20\" = 240000.00 }\n";
  return a;
}

class SubscriptionCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("subscription-cli");
    write(dir_ / "weights.csv",
          "year,drg,name,weight,los_limit,cost_limit,day_weight\n2021,A01A,Testgrupp A,2,,,\n");
    write(dir_ / "prices.csv", "seller,year,item_code,name,price\n");
    write(dir_ / "index.csv", "index,year,rate\nLPIK,2021,0.02\n");
    bin_ = vardavtal::testing::binary_on(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Imports the catalogue with `agreement(subscription)` and `records`.
  void import(bool subscription, const std::string& records) {
    write(dir_ / "agreements" / "a2021.toml", agreement(subscription));
    write(dir_ / "records.csv", vardavtal::testing::records_header() + records);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  }
  void bill(const std::string& through) {
    int status = 0;
    std::string out = run(bin_ + "bill --through " + through, &status);
    ASSERT_EQ(status, 0) << out;
  }
  boost::json::array invoices(const std::string& filter = "") {
    return boost::json::parse(run(bin_ + "invoices --format json" + filter)).as_array();
  }
  // Subscription invoices as "period buyer total lines", in number order.
  std::vector<std::string> subscriptions() {
    std::vector<std::string> out;
    for (const auto& v : invoices()) {
      const auto& o = v.as_object();
      if (o.at("kind").as_string() != "subscription") continue;
      out.push_back(std::string(o.at("period").as_string()) + " " +
                    std::string(o.at("buyer").as_string()) + " " +
                    std::string(o.at("total").as_string()) + " " +
                    std::to_string(o.at("lines").as_int64()));
    }
    return out;
  }
  // The subscription invoiced per buyer over the year, in öre.
  std::map<std::string, long long> subscription_per_buyer() {
    std::map<std::string, long long> out;
    for (const auto& v : invoices()) {
      const auto& o = v.as_object();
      if (o.at("kind").as_string() != "subscription") continue;
      std::string t(o.at("total").as_string());
      t.erase(t.find('.'), 1);
      out[std::string(o.at("buyer").as_string())] += std::stoll(t);
    }
    return out;
  }
  fs::path dir_;
  std::string bin_;
};

TEST_F(SubscriptionCli, CareStartingInFebruaryStillInvoicesJanuaryToEveryBuyer) {
  // Only 20 has care (2021-02-18); 04 has none.
  import(true,
         "R1,AS,191212121212,20,inpatient,K,2021-02-15,2021-02-18,A01A,100000,,341,I35.0,2080\n");
  bill("2021-03");
  EXPECT_EQ(subscriptions(),
            (std::vector<std::string>{"2021-01 04 5000.00 1", "2021-01 20 10000.00 1",
                                      "2021-02 04 5000.00 1", "2021-02 20 10000.00 1",
                                      "2021-03 04 5000.00 1", "2021-03 20 10000.00 1"}));
  // The care invoice of February: 0.5 × 2 × 50 000 = 50 000.00.
  auto feb = invoices(" --period 2021-02");
  ASSERT_EQ(feb.size(), 3u);
  EXPECT_EQ(feb[0].at("kind").as_string(), "care");
  EXPECT_EQ(feb[0].at("total").as_string(), "50000.00");
  bill("2021-12");
  EXPECT_EQ(subscription_per_buyer(),
            (std::map<std::string, long long>{{"04", 6000000}, {"20", 12000000}}));
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(SubscriptionCli, SellerWithNoCareAtAllInvoicesItsSubscription) {
  import(true, "");
  bill("2021-12");
  EXPECT_EQ(subscriptions().size(), 24u);
  EXPECT_EQ(subscriptions().front(), "2021-01 04 5000.00 1");
  EXPECT_EQ(subscription_per_buyer(),
            (std::map<std::string, long long>{{"04", 6000000}, {"20", 12000000}}));
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(SubscriptionCli, SubscriptionAgreedAfterItsFirstMonthsWereBilledCatchesUp) {
  const std::string r1 =
      "R1,AS,191212121212,20,inpatient,K,2021-02-15,2021-02-18,A01A,100000,,341,I35.0,2080\n";
  import(false, r1);
  bill("2021-03");
  EXPECT_TRUE(subscriptions().empty());
  // The agreement's new version has the subscription: April's invoice per
  // buyer carries January to April, one line a month.
  import(true, r1);
  bill("2021-04");
  EXPECT_EQ(subscriptions(),
            (std::vector<std::string>{"2021-04 04 20000.00 4", "2021-04 20 40000.00 4"}));
  const std::string number(invoices(" --period 2021-04").back().at("number").as_string());
  const auto lines = boost::json::parse(run(bin_ + "invoice " + number + " --format json"))
                         .as_object()
                         .at("lines")
                         .as_array();
  ASSERT_EQ(lines.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(lines[i].at("billing_date").as_string(), "2021-0" + std::to_string(i + 1) + "-01");
    EXPECT_EQ(lines[i].at("amount").as_string(), "10000.00");
  }
  const std::string peppol = run(bin_ + "invoice " + number + " --format peppol");
  EXPECT_NE(peppol.find("Abonnemang 2021-01"), std::string::npos) << peppol;
  EXPECT_NE(peppol.find("Abonnemang 2021-04"), std::string::npos);
  bill("2021-12");
  EXPECT_EQ(subscription_per_buyer(),
            (std::map<std::string, long long>{{"04", 6000000}, {"20", 12000000}}));
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(SubscriptionCli, SubscriptionAgreedAfterItsYearWasBilledCatchesUpTheNextMonth) {
  import(false, "R1,AS,191212121212,20,inpatient,K,2021-02-15,2021-02-18,A01A,100000,,341,I35.0,"
                "2080\n");
  bill("2021-12");
  EXPECT_TRUE(subscriptions().empty());
  // 2021's agreement gets its subscription after the year is closed: January
  // 2022's invoice per buyer carries all twelve installments of 2021.
  import(true, "R1,AS,191212121212,20,inpatient,K,2021-02-15,2021-02-18,A01A,100000,,341,I35.0,"
               "2080\n");
  bill("2022-01");
  EXPECT_EQ(subscriptions(),
            (std::vector<std::string>{"2022-01 04 60000.00 12", "2022-01 20 120000.00 12"}));
  // Nothing is caught up twice.
  bill("2022-03");
  EXPECT_EQ(subscriptions().size(), 2u);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

}  // namespace
