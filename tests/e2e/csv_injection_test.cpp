// End-to-end: imported text that a spreadsheet would read as a formula
// (=HYPERLINK(...), +cmd|..., @SUM(...), -2+3) comes out of every CSV as a
// text cell guarded with a leading apostrophe, while the amounts the product
// writes (-3550500) stay numbers; the product's own CSV specification reads
// back unguarded in reconcile; XLSX keeps such text as a string cell.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/injection_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

class CsvInjection : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("csv-injection");
    vardavtal::testing::write_injection_fixture(dir_);
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
    ASSERT_EQ(run(bin_ + "bill --through 2021-03 >/dev/null && echo ok"), "ok\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  // The number of the care invoice of 2021-03 to `buyer`.
  std::string care_invoice(const std::string& buyer) {
    auto list = boost::json::parse(run(bin_ + "invoices --buyer " + buyer + " --format json"));
    for (const auto& v : list.as_array())
      if (v.at("kind").as_string() == "care" && v.at("period").as_string() == "2021-03")
        return std::string(v.at("number").as_string());
    return "";
  }
  // The unzipped member `name` of the XLSX file `xlsx`.
  std::string xlsx_member(const std::string& xlsx, const std::string& name) {
    return run("python3 -c \"import zipfile,sys; sys.stdout.write(zipfile.ZipFile('" + xlsx +
               "').read('" + name + "').decode())\"");
  }
  fs::path dir_;
  std::string bin_;
};

const std::string kInvoiceHeader =
    "number,line_id,record_id,version,buyer,billing_date,drg,drg_amount,los_outlier_amount,"
    "cost_outlier_amount,items_amount,patient_fee,gross,amount,late,reference_invoice,"
    "reference_line,reason_code,type,seller,spec_id,issue_date,patient_id,municipality,"
    "care_type,admission_date,discharge_date,leave_days,referral_id,emergency,discount,"
    "reference_spec_id,seller_org_number,seller_hsa_id,seller_name,tariff_amount,at_cost_amount,"
    "description\n";

TEST_F(CsvInjection, InvoiceCsvGuardsImportedTextAndReadsBackInReconcile) {
  const std::string number = care_invoice("20");
  ASSERT_EQ(number, "0300000008");
  // The record id, the pseudonym and the referral id get an apostrophe; amounts and dates do
  // not. A: 2 points × 50 000 = 100 000.00, half of it the subscription's discount.
  const std::string expected =
      kInvoiceHeader +
      "0300000008,1,'+cmd|' /C calc'!A0,1,20,2021-03-05,A01A,100000.00,0.00,0.00,0.00,0.00,"
      "100000.00,50000.00,0,,,,invoice,AS,ZVF23210000242103000002,2021-04-01,'@SUM(1+1),2080,"
      "inpatient,2021-03-01,2021-03-05,0,'-2+3,0,50000.00,,2321000024,,'@Akademiska sjukhuset,"
      "0.00,0.00,\n";
  EXPECT_EQ(run(bin_ + "invoice " + number + " --format csv"), expected);

  // The purchaser reconciles the CSV: the guarded cells read back as the imported text (the
  // record, its patient's registration and its referral are all found).
  const fs::path spec = dir_ / "spec.csv";
  int status = 0;
  EXPECT_EQ(run(bin_ + "invoice " + number + " --format csv --out " + spec.string(), &status), "");
  ASSERT_EQ(status, 0);
  auto report =
      boost::json::parse(run(bin_ + "reconcile --format json --buyer 20 --spec " + spec.string()));
  EXPECT_EQ(report.at("findings").as_array().size(), 0u) << boost::json::serialize(report);

  // Dry-run pricing guards the record id too.
  const std::string price = run(bin_ + "price --seller AS --year 2021 --format csv");
  EXPECT_NE(price.find("\nAS,'+cmd|' /C calc'!A0,1,20,2021-03-05,A01A,2,"), std::string::npos)
      << price;
}

TEST_F(CsvInjection, FollowupCsvGuardsNamesAndKeepsNegativeNumbers) {
  // Points by clinic, 2021: A01A 2 at the HYPERLINK clinic, B02B 0.5003 at @Klinik; 2020: both
  // at K. The guarded HYPERLINK cell is quoted for its commas and quotation marks.
  EXPECT_EQ(run(bin_ + "followup clinics --seller AS --year 2021 --format csv"),
            "clinic,points_2019,points_2020,points_2021\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",0,0,2\n"
            "'@Klinik,0,0,0.5003\n"
            "K,0,2.5003,0\n"
            "others,0,0,0\n"
            "total,0,2.5003,2.5003\n");
  // Dalarna (20) bought from "@Akademiska sjukhuset": 2021 R1 50 000.00 with a referral and
  // subscription 3 × 4 165.00; 2020 R6 98 000.00. The negative change stays a number.
  EXPECT_EQ(run(bin_ + "followup bought --buyer 20 --year 2021 --format csv"),
            "seller,healthcare_region,with_referral_2021,without_referral_2021,"
            "subscription_2021,settlement_2021,commitment_2021,"
            "bought_2021,bought_2020,diff,diff_pct,seller_code\n"
            "'@Akademiska sjukhuset,inside,5000000,0,1249500,0,0,6249500,9800000,-3550500,"
            "-36.23,AS\n"
            "inside_total,inside,5000000,0,1249500,0,0,6249500,9800000,-3550500,-36.23,\n"
            "outside_total,outside,0,0,0,0,0,0,0,0,,\n"
            "total,,5000000,0,1249500,0,0,6249500,9800000,-3550500,-36.23,\n");
  const std::string top = run(bin_ + "followup top-drg --seller AS --year 2021 --format csv");
  EXPECT_NE(top.find("\nB02B,'+Testgrupp B,"), std::string::npos) << top;
}

TEST_F(CsvInjection, XlsxKeepsFormulaLikeTextAsStrings) {
  const std::string xlsx = (dir_ / "inv.xlsx").string();
  ASSERT_EQ(run(bin_ + "invoice " + care_invoice("20") + " --format xlsx --out " + xlsx), "");
  const std::string workbook = (dir_ / "followup.xlsx").string();
  int status = 0;
  run(bin_ + "followup all --seller AS --year 2021 --out " + workbook, &status);
  ASSERT_EQ(status, 0);
  // The clinic is a shared string (a string cell), never a formula in a worksheet.
  for (const std::string& file : {xlsx, workbook}) {
    const std::string strings = xlsx_member(file, "xl/sharedStrings.xml");
    EXPECT_NE(strings.find("<t>=HYPERLINK(\"http://x\",\"y\")</t>"), std::string::npos)
        << file << strings;
    const std::string members =
        run("python3 -c \"import zipfile; print(*zipfile.ZipFile('" + file + "').namelist())\"");
    for (size_t at = members.find("xl/worksheets/sheet"); at != std::string::npos;
         at = members.find("xl/worksheets/sheet", at + 1)) {
      const std::string sheet = members.substr(at, members.find_first_of(" \n", at) - at);
      EXPECT_EQ(xlsx_member(file, sheet).find("HYPERLINK"), std::string::npos) << file << sheet;
    }
  }
}

}  // namespace
