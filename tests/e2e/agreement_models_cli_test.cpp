// End-to-end: the other healthcare regions' agreement models (billing rules
// §8) through the real binary, from files to documents: a DRG-exempt
// psychiatric stay priced per care day by tariff (§8.7 example 1), an
// oncology stay with drugs billed at cost above the threshold (example 2),
// the national classification on the fakturaunderlag, which passes every
// national rule, and the follow-up's own columns for both.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

class AgreementModelsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("models-cli");
    vardavtal::testing::write_billing_catalogue(dir_);
    // 2021 under Norra's terms: point price 60 000 kr, psychiatry exempt from
    // DRG, at-cost drugs above 50 000 kr per contact, fully variable.
    write(dir_ / "agreements" / "a2021.toml",
          "id = \"NORRA21\"\nseller = \"AS\"\nyear = 2021\nprice_list = 1\npoint_price = 60000\n"
          "drg_exempt = { clinics = [\"Psyk\"] }\n"
          "[extra_billing]\nthreshold = 50000.00\n"
          "[commitment]\npoints = { \"04\" = 3.0, \"20\" = 1.0 }\nshortfall_share = 0.5\n"
          "cap_points = { \"04\" = 4.0, \"20\" = 1.0 }\nabove_cap_share = 0.5\n");
    write(dir_ / "prices.csv",
          "seller,year,item_code,name,price,at_cost\nAS,2021,X1,Implantat,1500.50,0\n"
          "AS,2021,DRUG,Dyrt läkemedel,,1\n");
    write(dir_ / "tariffs.csv",
          "seller,year,care_type,clinic,medical_field,unit,price,name\n"
          "AS,2021,inpatient,Psyk,,care_day,7412.50,Vårddygn psykiatri\n"
          "AS,2021,inpatient,,,contact,1.00,Övrig slutenvård\n");
    write(dir_ / "records.csv",
          vardavtal::testing::records_header(
              ",leave_days,referral_id,care_level,referral_reason,agreement_type") +
              "P1,AS,191212121212,20,inpatient,Psyk,2021-03-01,2021-03-15,A01A,,,311,F32.1,2080,"
              "2,REF1,3,medical,1\n"
              "C1,AS,191212121212,04,inpatient,ONK,2021-03-02,2021-03-04,B02B,40000,,221,"
              "C50.9,0480,0,,,,\n");
    write(dir_ / "items.csv",
          "record_id,seller,item_code,quantity,cost,cost_ref\n"
          "C1,AS,DRUG,1,38000.00,batch 1\nC1,AS,DRUG,1,27500.50,batch 2\n");
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  // The care invoice of `buyer`, as JSON.
  boost::json::object invoice_of(const std::string& buyer) {
    const boost::json::value all = boost::json::parse(run(bin_ + "invoices --format json"));
    for (const auto& v : all.as_array())
      if (v.at("buyer").as_string() == buyer) return v.as_object();
    ADD_FAILURE() << "no invoice for " << buyer;
    return {};
  }
  fs::path dir_;
  std::string bin_;
};

TEST_F(AgreementModelsCli, TariffAndAtCostAreBilledAndExplained) {
  int status = 0;
  run(bin_ + "bill --through 2021-03", &status);
  ASSERT_EQ(status, 0);
  // P1: 2021-03-01 -> 03-15 less 2 leave days = 12 care days x 7 412.50 = 88 950.00.
  EXPECT_EQ(invoice_of("20").at("total").as_string(), "88950.00");
  // C1: 0.5003 x 60 000 = 30 018.00 + at cost 38 000.00 + 27 500.50 − 50 000.00 = 15 500.50.
  EXPECT_EQ(invoice_of("04").at("total").as_string(), "45518.50");

  const std::string explain = run(bin_ + "explain --seller AS --record P1");
  EXPECT_NE(explain.find("Undantagen från DRG i NORRA21 (klinik Psyk, verksamhetsområde 311): "
                         "prissatt efter taxa"),
            std::string::npos)
      << explain;
  EXPECT_NE(explain.find("taxebelopp = 12 vårddygn x 7 412,50 kr = 88 950,00 kr"),
            std::string::npos)
      << explain;
  const std::string c1 = run(bin_ + "explain --seller AS --record C1");
  EXPECT_NE(c1.find("Tilläggsdebitering efter kostnad: angiven kostnad 65 500,50 kr - tröskel "
                    "50 000,00 kr = 15 500,50 kr"),
            std::string::npos)
      << c1;

  const std::string csv = run(bin_ + "price --seller AS --year 2021 --format csv");
  EXPECT_NE(csv.find("AS,P1,1,20,2021-03-15,A01A,,12,none,0.00,0.00,0.00,0.00,0.00,88950.00,"
                     "88950.00,NORRA21,,88950.00,0.00\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("AS,C1,1,04,2021-03-04,B02B,0.5003,2,none,30018.00,0.00,0.00,0.00,0.00,"
                     "45518.50,45518.50,NORRA21,,0.00,15500.50\n"),
            std::string::npos)
      << csv;
}

TEST_F(AgreementModelsCli, TheFakturaunderlagCarriesThemAndPassesTheNationalRules) {
  run(bin_ + "bill --through 2021-03");
  for (const char* buyer : {"20", "04"}) {
    const std::string number(invoice_of(buyer).at("number").as_string());
    const fs::path xml = dir_ / (number + ".xml");
    run(bin_ + "invoice " + number + " --format fakturaunderlag --out " + xml.string());
    int status = 0;
    EXPECT_EQ(run(bin_ + "check-spec " + xml.string(), &status), xml.string() + ": OK\n");
    EXPECT_EQ(status, 0);
  }
  const std::string number(invoice_of("20").at("number").as_string());
  const std::string p1 = run(bin_ + "invoice " + number + " --format fakturaunderlag");
  for (const char* part : {"<typeOfAgreement>1</typeOfAgreement>",
                           "<typeOfChapter>1</typeOfChapter>", "<careLevel>3</careLevel>",
                           "<patientSpecificCareCode>TAR-care_day</patientSpecificCareCode>",
                           "<numberOfPatientSpecificCare>12</numberOfPatientSpecificCare>"})
    EXPECT_NE(p1.find(part), std::string::npos) << part << "\n" << p1;
  EXPECT_EQ(p1.find("DRGCost"), std::string::npos);  // exempt: no DRG price
  const std::string c1 =
      run(bin_ + "invoice " + std::string(invoice_of("04").at("number").as_string()) +
          " --format fakturaunderlag");
  EXPECT_NE(c1.find("<patientSpecificCareCode>AT-COST</patientSpecificCareCode>"),
            std::string::npos)
      << c1;
}

// A contact billed only by at-cost items under the threshold bills 0.00; its
// line still names a product (ÖR44): AT-COST 0.00 with the cost evidence.
TEST_F(AgreementModelsCli, AtCostUnderTheThresholdStillCarriesItsEvidence) {
  write(dir_ / "more.csv", vardavtal::testing::records_header() +
                               "V1,AS,191212121212,19,doctor_visit,ONK,2021-03-20,,,,,221,C50.9,"
                               "1980\n");
  write(dir_ / "more_items.csv",
        "record_id,seller,item_code,quantity,cost,cost_ref\nV1,AS,DRUG,1,1000.00,batch 3\n");
  ASSERT_EQ(run(bin_ + "import records " + (dir_ / "more.csv").string() + " >/dev/null && " + bin_ +
                "import items " + (dir_ / "more_items.csv").string() + " >/dev/null && echo ok"),
            "ok\n");
  run(bin_ + "bill --through 2021-03");
  const std::string explain = run(bin_ + "explain --seller AS --record V1");
  EXPECT_NE(explain.find("= 0,00 kr (aldrig under 0)"), std::string::npos) << explain;
  const std::string list = run(bin_ + "invoices --format csv");
  const auto at = list.find(",19,");
  ASSERT_NE(at, std::string::npos) << list;
  const std::string number = list.substr(list.rfind('\n', at) + 1, 10);
  const fs::path xml = dir_ / "v1.xml";
  run(bin_ + "invoice " + number + " --format fakturaunderlag --out " + xml.string());
  EXPECT_EQ(run(bin_ + "check-spec " + xml.string()), xml.string() + ": OK\n");
  const std::string doc = run(bin_ + "invoice " + number + " --format fakturaunderlag");
  EXPECT_NE(doc.find("<patientSpecificCareCode>AT-COST</patientSpecificCareCode>"),
            std::string::npos)
      << doc;
  EXPECT_NE(doc.find("DRUG;1;1000.00;batch 3"), std::string::npos) << doc;
}

TEST_F(AgreementModelsCli, TheReferredTableShowsCareReferredForMedicalReasons) {
  run(bin_ + "bill --through 2021-03");
  // Dalarna (20) bought P1, 88 950.00, referred for medical reasons, from AS: a
  // university hospital of its own healthcare region (Mellansverige).
  EXPECT_EQ(run(bin_ + "followup referred --buyer 20 --year 2021 --format csv"),
            "group,referred_medical_2021,bought_2021,share_pct,group_code\n"
            "Regionsjukhus inom sjukvårdsregionen,8895000,8895000,100.00,university_inside\n"
            "Regionsjukhus utom sjukvårdsregionen,0,0,,university_outside\n"
            "Övriga sjukhus inom sjukvårdsregionen,0,0,,other_inside\n"
            "Övriga sjukhus utom sjukvårdsregionen,0,0,,other_outside\n"
            "total,8895000,8895000,100.00,\n");
  // Sörmland (04) bought C1, whose record gives no referral reason.
  const std::string s04 = run(bin_ + "followup referred --buyer 04 --year 2021 --format csv");
  EXPECT_NE(s04.find("total,0,4551850,0.00,\n"), std::string::npos) << s04;
  int status = 0;
  run(bin_ + "followup referred --seller AS --year 2021", &status);
  EXPECT_NE(status, 0);  // a buyer's view: needs --buyer
}

TEST_F(AgreementModelsCli, InvoicedSplitShowsTariffsAndAtCostApart) {
  run(bin_ + "bill --through 2021-03");
  const std::string split =
      run(bin_ + "followup invoiced-split --seller AS --year 2021 --format csv");
  // Dalarna (20): the tariff 88 950.00; Sörmland (04): DRG 30 018.00 variable,
  // at cost 15 500.50. 2020 has nothing billed.
  EXPECT_NE(split.find("Dalarna,0,0,0,0,8895000,0,8895000,0,8895000,,20\n"), std::string::npos)
      << split;
  EXPECT_NE(split.find("Sörmland,3001800,0,0,0,0,1550050,4551850,0,4551850,,04\n"),
            std::string::npos)
      << split;
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(AgreementModelsCli, TheCommitmentTableForecastsTheYearsTrueUp) {
  run(bin_ + "bill --through 2021-03");
  // 3 months billed. 04: C1's B02B 0.5003 points delivered, forecast 0.5003 × 12 / 3 = 2.0012,
  //   shortfall 3 − 2.0012 = 0.9988 × 60 000 × 0.5 = 29 964.00 expected.
  // 20: P1 is priced by tariff (no DRG points): 0 delivered, shortfall 1 × 60 000 × 0.5 = 30
  // 000.00.
  EXPECT_EQ(run(bin_ + "followup commitment --seller AS --year 2021 --format csv"),
            "region,committed_points,cap_points,delivered_points,months_billed,forecast_points,"
            "expected_true_up,region_code\n"
            "Dalarna,1,1,0,3,0,3000000,20\n"
            "Sörmland,3,4,0.5003,3,2.0012,2996400,04\n"
            "total,4,,0.5003,3,2.0012,5996400,\n");
  const std::string table = run(bin_ + "followup commitment --seller AS --year 2021");
  EXPECT_NE(table.find("Volymåtagande per region, AS 2021 (3 av 12 månader fakturerade)"),
            std::string::npos)
      << table;
  // A year whose agreement has no commitment is refused.
  int status = 0;
  run(bin_ + "followup commitment --seller AS --year 2020", &status);
  EXPECT_NE(status, 0);
}

}  // namespace
