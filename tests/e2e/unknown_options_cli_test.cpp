// End-to-end: options naming what the database does not hold are errors, not
// empty tables, told in Swedish (the options and codes as typed). An unknown seller or buyer code,
// a buyer given by name and a year without data stop every command with exit status 2 and a message
// naming what exists; `--db` of a missing file is not created (except by `init`); an invalid month
// and an unknown --format say so and list what is valid.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

const char* kSellers = "säljare: AS, ENK, USO";
const char* kBuyers =
    "köpare: 01, 03, 04, 05, 06, 07, 08, 09, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25";

// AS's fixture catalogue, records of 2020 and 2021, billed through 2021-03.
class UnknownOptionsCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::path(::testing::TempDir()) / ("unknown-options-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "agreements");
    vardavtal::testing::write_billing_catalogue(dir_);
    write(dir_ / "records.csv",
          vardavtal::testing::records_header() +
              "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,"
              "2080\n"
              "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,"
              "2080\n");
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
    ASSERT_EQ(run(bin_ + "bill --through 2021-03 >/dev/null && echo ok"), "ok\n");
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // Runs `args` on the fixture's database: exit status 2 and `message` in the output.
  static void expect_usage_error(const std::string& args, const std::string& message) {
    int status = -1;
    const std::string out = run(bin_ + args, &status);
    EXPECT_EQ(status, 2) << args << "\n" << out;
    EXPECT_NE(out.find(message), std::string::npos) << args << "\n" << out;
  }

  static inline fs::path dir_;
  static inline std::string bin_;
};

TEST_F(UnknownOptionsCli, AnUnknownSellerNamesTheSellersInEveryCommand) {
  const std::string xlsx = (dir_ / "x.xlsx").string();
  for (const std::string code : {"XX", "as"}) {
    const std::string message = "okänd säljare '" + code + "'; " + kSellers;
    for (const std::string& args :
         {"price --seller " + code, "subscription --seller " + code + " --year 2021",
          "explain --seller " + code + " --record R1",
          "bill --through 2021-03 --seller " + code, "invoices --seller " + code,
          "invoice 0300000001 --seller " + code,
          "followup invoiced --seller " + code + " --year 2021",
          "followup cost-per-point --seller " + code + " --year 2021",
          "followup buyer-top-drg --seller " + code + " --buyer 20 --year 2021",
          "followup all --seller " + code + " --year 2021 --out " + xlsx})
      expect_usage_error(args, message);
  }
  EXPECT_FALSE(fs::exists(xlsx));
}

TEST_F(UnknownOptionsCli, AnUnknownBuyerNamesTheCountyCodes) {
  const std::string spec = (dir_ / "spec.xml").string();
  write(spec, "<x/>");
  for (const std::string& args :
       {std::string("invoices --buyer 99"), std::string("followup bought --buyer 99 --year 2021"),
        std::string("followup buyer-top-drg --seller AS --buyer 99 --year 2021"),
        "reconcile --buyer 99 --spec " + spec})
    expect_usage_error(args, std::string("okänd köpare '99'; ") + kBuyers);
  // A region's name instead of its code: the code is named.
  expect_usage_error("followup bought --buyer Dalarna --year 2021",
                     "okänd köpare 'Dalarna' (Region Dalarna är 20); köpare: 01, 03,");
  expect_usage_error("invoices --buyer dalarna", "(Region Dalarna är 20)");
}

TEST_F(UnknownOptionsCli, AYearWithoutDataNamesTheYearsThatHaveIt) {
  expect_usage_error("followup contacts --seller AS --year 2015",
                     "inget fakturerat för AS 2015; fakturerade år: 2020, 2021");
  expect_usage_error("followup all --seller AS --year 2015 --out " + (dir_ / "y.xlsx").string(),
                     "inget fakturerat för AS 2015; fakturerade år: 2020, 2021");
  expect_usage_error("followup bought --buyer 20 --year 2015",
                     "inget fakturerat 2015; fakturerade år: 2020, 2021");
  expect_usage_error("price --year 2015",
                     "inga vårdkontakter 2015; år med vårdkontakter: 2020, 2021");
  expect_usage_error("price --seller USO --year 2021",
                     "inga vårdkontakter för USO 2021; år med vårdkontakter: inga");
  expect_usage_error("subscription --seller AS --year 2019",
                     "inget avtal för AS 2019; år med avtal: 2020, 2021");
  // USO has no invoices at all: `bill` is named.
  expect_usage_error("followup contacts --seller USO --year 2021",
                     "inget fakturerat för USO 2021; fakturerade år: inga (kör 'vardavtal bill')");
  // The years that have data still answer.
  int status = -1;
  run(bin_ + "followup contacts --seller AS --year 2020", &status);
  EXPECT_EQ(status, 0);
  run(bin_ + "price --year 2020", &status);
  EXPECT_EQ(status, 0);
}

TEST_F(UnknownOptionsCli, AnInvalidMonthAndAnUnknownFormatSaySo) {
  expect_usage_error("bill --through 2021-13",
                     "--through ska vara en månad ÅÅÅÅ-MM, inte '2021-13'");
  expect_usage_error("bill --through 2021-1", "--through ska vara en månad ÅÅÅÅ-MM, inte '2021-1'");
  expect_usage_error("invoices --period 2021-00",
                     "--period ska vara en månad ÅÅÅÅ-MM, inte '2021-00'");
  expect_usage_error(
      "invoice 0300000001 --format pdf",
      "--format ska vara table, csv, json, xlsx, peppol eller fakturaunderlag, inte 'pdf'");
  expect_usage_error("followup contacts --seller AS --year 2021 --format pdf",
                     "--format ska vara table, csv, csv-sv, json eller xlsx, inte 'pdf'");
  expect_usage_error("reconcile --buyer 20 --spec x.xml --format pdf",
                     "--format ska vara table, csv, json eller xlsx, inte 'pdf'");
  expect_usage_error("invoices --format pdf",
                     "--format ska vara table, csv, csv-sv eller json, inte 'pdf'");
}

// `--db` of a file that does not exist: every command but `init` refuses it
// and leaves no file behind; `init` creates it.
TEST(MissingDatabase, OnlyInitCreatesIt) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("missing-db");
  const fs::path typo = dir / "typo.db";
  const std::string bin = std::string(VARDAVTAL_BINARY) + " --db " + typo.string() + " ";
  for (const char* args : {"summary", "invoices", "verify", "token list", "import records x.csv",
                           "followup contacts --seller AS --year 2021", "serve --listen 127.0.0.1:0"}) {
    int status = -1;
    const std::string out = run(bin + args, &status);
    EXPECT_EQ(status, 1) << args << "\n" << out;
    EXPECT_NE(out.find("ingen databas i " + typo.string() + ": kör 'vardavtal init'"),
              std::string::npos)
        << args << "\n"
        << out;
    EXPECT_FALSE(fs::exists(typo)) << args;
  }
  int status = -1;
  run(bin + "init", &status);
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(fs::exists(typo));
  EXPECT_EQ(run(bin + "verify"), "OK\n");
  fs::remove_all(dir);
}

}  // namespace
