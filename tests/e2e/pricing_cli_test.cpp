// End-to-end: `price`, `subscription` and `explain` on a small hand-computed
// fixture, through the real binary. Expected values are worked out by hand in
// the comments.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "tests/e2e/run_command.h"
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;

class PricingCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One directory per process: ctest runs each test in its own process, in parallel.
    dir_ = fs::path(::testing::TempDir()) / ("pricing-cli-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "agreements");
    auto write = [](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
    // A01A: weight 2, LOS limit 10 days, cost limit 300 000 kr. B02B: 0.5003, no limits.
    write(dir_ / "weights.csv",
          "year,drg,name,weight,los_limit,cost_limit,day_weight\n"
          "2020,A01A,Testgrupp A,2.0000,10,300000,0.1\n"
          "2020,B02B,Testgrupp B,0.5003,,,\n"
          "2021,A01A,Testgrupp A,2.0000,10,300000,0.1\n"
          "2021,B02B,Testgrupp B,0.5003,,,\n");
    write(dir_ / "prices.csv", "seller,year,item_code,name,price\nAS,2021,X1,Implantat,1500.50\n");
    write(dir_ / "index.csv", "index,year,rate\nLPIK,2021,0.02\n");
    write(dir_ / "agreements" / "a2020.toml",
          "id = \"AGR20\"\nname = \"Test 2020\"\nseller = \"AS\"\nyear = 2020\nprice_list = 2\n"
          "point_price = 49000\noutliers = \"kpp\"\n");
    write(dir_ / "agreements" / "a2021.toml",
          "id = \"AGR21\"\nname = \"Test 2021\"\nseller = \"AS\"\nyear = 2021\nprice_list = 2\n"
          "point_price = 50000\noutliers = \"kpp\"\n[subscription]\nshare = 0.5\n"
          "base_years = [2020]\n[uplift]\nindex = \"LPIK\"\n");
    write(dir_ / "records.csv",
          "record_id,seller,patient_id,county,care_type,clinic,admission_date,discharge_date,"
          "drg,kpp_cost,patient_fee\n"
          "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,\n"
          "R2,AS,191212121212,20,inpatient,K,2021-04-01,2021-04-21,A01A,250000,\n"
          "R3,AS,191212121212,04,doctor_visit,K,2021-05-05,,B02B,,200\n"
          "R4,AS,191212121212,03,doctor_visit,K,2021-06-01,,B02B,,\n"
          "R5,AS,191212121212,20,inpatient,K,2021-07-07,2021-07-10,Z99Z,5000,\n"
          "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,\n"
          "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,\n");
    write(dir_ / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\n");
    db_ = (dir_ / "p.db").string();
    bin_ = std::string(VARDAVTAL_BINARY) + " --db " + db_ + " ";
    ASSERT_EQ(std::system((bin_ + "init >/dev/null").c_str()), 0);
    ASSERT_EQ(std::system((bin_ + "import --quiet all " + dir_.string() + " >/dev/null").c_str()), 0);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path dir_;
  static std::string db_, bin_;
};
fs::path PricingCli::dir_;
std::string PricingCli::db_, PricingCli::bin_;

TEST_F(PricingCli, PriceCsvGolden) {
  // R1: 2 × 50 000 = 100 000.00; 4 care days <= 10: no outlier; variable 0.5 × 100 000.
  // R2: 20 care days > 10: LOS outlier, kpp -> KPP cost 250 000.00 instead of the DRG price.
  // R3: 0.5003 × 50 000 = 25 015.00; items 2 × 1 500.50 = 3 001.00; fee 200;
  //     gross 25 015 + 3 001 − 200 = 27 816.00; variable round(0.5 × 25 015) + 3 001 − 200 = 15 308.50.
  // R4: buyer 03 is AS's own region (Uppsala): held. R5: Z99Z not in the weight list: held.
  const std::string expected =
      "seller,record_id,version,buyer,billing_date,drg,weight,care_days,outlier,drg_amount,"
      "los_outlier_amount,cost_outlier_amount,items_amount,patient_fee,gross,variable_amount,"
      "agreement,held_reason,tariff_amount,at_cost_amount\n"
      "AS,R1,1,20,2021-03-05,A01A,2,4,none,100000.00,0.00,0.00,0.00,0.00,100000.00,50000.00,"
      "AGR21,,0.00,0.00\n"
      "AS,R2,1,20,2021-04-21,A01A,2,20,los,0.00,250000.00,0.00,0.00,0.00,250000.00,125000.00,"
      "AGR21,,0.00,0.00\n"
      "AS,R3,1,04,2021-05-05,B02B,0.5003,1,none,25015.00,0.00,0.00,3001.00,200.00,27816.00,"
      "15308.50,AGR21,,0.00,0.00\n"
      "AS,R4,1,03,2021-06-01,B02B,,1,,,,,,,,,AGR21,own_region_buyer: buyer 03 is the seller's "
      "own region,,\n"
      "AS,R5,1,20,2021-07-10,Z99Z,,3,,,,,,,,,AGR21,drg_not_in_weight_list: DRG Z99Z is not in "
      "the 2021 weight list,,\n";
  int status = 0;
  EXPECT_EQ(run(bin_ + "price --seller AS --year 2021 --format csv", &status), expected);
  EXPECT_EQ(status, 0);
}

TEST_F(PricingCli, PriceJsonAndRecordFilter) {
  std::string out = run(bin_ + "price --record R3 --format json");
  boost::json::array a = boost::json::parse(out).as_array();
  ASSERT_EQ(a.size(), 1u);
  const auto& r = a[0].as_object();
  EXPECT_EQ(r.at("items_amount").as_string(), "3001.00");
  EXPECT_EQ(r.at("gross").as_string(), "27816.00");
  EXPECT_EQ(r.at("agreement").as_string(), "AGR21");
  EXPECT_EQ(r.at("weights_year").as_int64(), 2021);
  EXPECT_EQ(r.at("price_list_version").as_int64(), 1);
  boost::json::array held = boost::json::parse(run(bin_ + "price --record R4 --format json")).as_array();
  EXPECT_EQ(held[0].at("held_reason").as_string(), "own_region_buyer");
  EXPECT_TRUE(held[0].at("gross").is_null());
}

TEST_F(PricingCli, PriceTableSwedishStyleWithTotals) {
  std::string out = run(bin_ + "price --seller AS --year 2021");
  EXPECT_NE(out.find("100 000,00"), std::string::npos) << out;
  EXPECT_NE(out.find("27 816,00"), std::string::npos) << out;
  // Totals of the three priced records: gross 100 000 + 250 000 + 27 816 = 377 816,00.
  EXPECT_NE(out.find("377 816,00"), std::string::npos) << out;
  EXPECT_NE(out.find("2 spärrade"), std::string::npos) << out;
  // The held reasons in Swedish (the CSV keeps the English with its code).
  EXPECT_NE(out.find("köparen 03 är säljarens egen region"), std::string::npos) << out;
  EXPECT_EQ(out.find("own_region_buyer"), std::string::npos) << out;
  EXPECT_NE(out.find("säljare  journal"), std::string::npos) << out;
  EXPECT_NE(out.find("Totalt   3 prissatta"), std::string::npos) << out;
}

TEST_F(PricingCli, SubscriptionCsvGolden) {
  // Base year 2020 under AGR20 (49 000 kr/point): buyer 20: R6 2 × 49 000 = 98 000.00;
  // buyer 04: R7 0.5003 × 49 000 = 24 514.70. U(2020 -> 2021) = 1 + LPIK 2021 = 1.02.
  // S(04) = round(0.5 × 24 514.70 × 1.02) = round(12 502.497) = 12 502.50 -> 1 250 250 öre;
  //   floor(1 250 250 / 12) = 104 187 öre x 11, December 1 250 250 − 1 146 057 = 104 193.
  // S(20) = 0.5 × 98 000 × 1.02 = 49 980.00 -> 4 165.00 every month.
  const std::string expected =
      "seller,buyer,year,base_year,base_value,uplift_factor,subscription,installment_1,"
      "installment_2,installment_3,installment_4,installment_5,installment_6,installment_7,"
      "installment_8,installment_9,installment_10,installment_11,installment_12\n"
      "AS,04,2021,2020,24514.70,1.02,12502.50,1041.87,1041.87,1041.87,1041.87,1041.87,1041.87,"
      "1041.87,1041.87,1041.87,1041.87,1041.87,1041.93\n"
      "AS,20,2021,2020,98000.00,1.02,49980.00,4165.00,4165.00,4165.00,4165.00,4165.00,4165.00,"
      "4165.00,4165.00,4165.00,4165.00,4165.00,4165.00\n";
  EXPECT_EQ(run(bin_ + "subscription --seller AS --year 2021 --format csv"), expected);
  int status = 0;
  std::string none = run(bin_ + "subscription --seller AS --year 2020", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(none.find("vardavtal: avtal AGR20 har inget abonnemang (helt rörligt)"),
            std::string::npos)
      << none;
}

// The English explanation, for programs: `text` of `explain --format json`.
std::string english_explanation(const std::string& bin, const std::string& record) {
  const std::string out = run(bin + "explain --seller AS --record " + record + " --format json");
  return std::string(boost::json::parse(out).at("text").as_string());
}

TEST_F(PricingCli, ExplainInWordsAndNumbers) {
  std::string r2 = english_explanation(bin_, "R2");
  EXPECT_NE(r2.find("2021-04-21 - 2021-04-01 - 0 leave days = 20"), std::string::npos) << r2;
  EXPECT_NE(r2.find("20 care days vs limit 10 -> above: LOS outlier"), std::string::npos) << r2;
  EXPECT_NE(r2.find("billed by its KPP cost instead of the DRG price"), std::string::npos) << r2;
  EXPECT_NE(r2.find("250 000,00 kr"), std::string::npos) << r2;
  std::string r3 = english_explanation(bin_, "R3");
  EXPECT_NE(r3.find("0,5003 x 50 000,00 kr = "), std::string::npos) << r3;
  EXPECT_NE(r3.find("Item X1: 2 x 1 500,50 kr"), std::string::npos) << r3;
  EXPECT_NE(r3.find("= 15 308,50 kr"), std::string::npos) << r3;
  std::string r5 = english_explanation(bin_, "R5");
  EXPECT_NE(r5.find("HELD: DRG Z99Z is not in the 2021 weight list"), std::string::npos) << r5;
  int status = 0;
  run(bin_ + "explain --seller AS --record NOPE", &status);
  EXPECT_EQ(status, 1);
}

// `explain` for people is Swedish with Swedish numbers; --format json (the
// API's answer) keeps the English as `text` beside `text_sv`. Worked by hand
// from the fixture: AGR21 (version 1) gives 50 000 kr per point, the kpp
// outlier method and a subscription share of 0.5 over all clinics.
TEST_F(PricingCli, ExplainInSwedishForPeople) {
  // R1, a subscription record: 2 x 50 000 = 100 000; 4 care days <= 10 and
  // KPP 100 000 <= 300 000: no outlier; variable round(0.5 x 100 000) = 50 000.
  EXPECT_EQ(run(bin_ + "explain --seller AS --record R1"),
            "Vårdkontakt AS R1, version 1: Slutenvård, klinik K, köpare (län) 20\n"
            "Vårddatum 2021-03-05 (utskrivningsdatum): faktureringsår 2021\n"
            "Vårddagar: 2021-03-05 - 2021-03-01 - 0 permissionsdagar = 4 (minst 1)\n"
            "Avtal AGR21 (version 1), ytterfallsmetod kpp, viktlista 2021\n"
            "Poängpris 50 000,00 kr (givet i avtalet)\n"
            "DRG A01A \"Testgrupp A\", vikt 2 (version 1)\n"
            "  vikt x poängpris = 2 x 50 000,00 kr = 100 000 kr -> 100 000,00 kr (avrundat till "
            "hela ören, ett halvt öre bort från noll)\n"
            "  vårdtidsprövning: 4 vårddagar mot trimpunkt 10 -> inte över\n"
            "  kostnadsprövning: KPP-kostnad 100 000,00 kr mot kostnadsgräns 300 000,00 kr -> inte "
            "över\n"
            "Brutto = DRG 100 000,00 kr + vårdtidsytterfall 0,00 kr + kostnadsytterfall 0,00 kr + "
            "artiklar 0,00 kr - patientavgift 0,00 kr = 100 000,00 kr\n"
            "Abonnemangsandel 0,5: rörlig del = avrunda(0,5 x 100 000,00 kr) + artiklar 0,00 kr - "
            "avgift 0,00 kr = 50 000,00 kr\n");
  // R2, a DRG record with an outlier: 20 care days > 10, a LOS outlier; the
  // kpp method bills its KPP cost 250 000 instead of the DRG price 100 000;
  // variable round(0.5 x 250 000) = 125 000.
  EXPECT_EQ(run(bin_ + "explain --seller AS --record R2"),
            "Vårdkontakt AS R2, version 1: Slutenvård, klinik K, köpare (län) 20\n"
            "Vårddatum 2021-04-21 (utskrivningsdatum): faktureringsår 2021\n"
            "Vårddagar: 2021-04-21 - 2021-04-01 - 0 permissionsdagar = 20 (minst 1)\n"
            "Avtal AGR21 (version 1), ytterfallsmetod kpp, viktlista 2021\n"
            "Poängpris 50 000,00 kr (givet i avtalet)\n"
            "DRG A01A \"Testgrupp A\", vikt 2 (version 1)\n"
            "  vikt x poängpris = 2 x 50 000,00 kr = 100 000 kr -> 100 000,00 kr (avrundat till "
            "hela ören, ett halvt öre bort från noll)\n"
            "  vårdtidsprövning: 20 vårddagar mot trimpunkt 10 -> över: vårdtidsytterfall\n"
            "  kostnadsprövning: KPP-kostnad 250 000,00 kr mot kostnadsgräns 300 000,00 kr -> inte "
            "över\n"
            "  metod kpp: ett ytterfall faktureras efter sin KPP-kostnad i stället för DRG-priset "
            "-> vårdtidsytterfall 250 000,00 kr, DRG-belopp 0\n"
            "Brutto = DRG 0,00 kr + vårdtidsytterfall 250 000,00 kr + kostnadsytterfall 0,00 kr + "
            "artiklar 0,00 kr - patientavgift 0,00 kr = 250 000,00 kr\n"
            "Abonnemangsandel 0,5: rörlig del = avrunda(0,5 x 250 000,00 kr) + artiklar 0,00 kr - "
            "avgift 0,00 kr = 125 000,00 kr\n");
  // R3, a record with items: 0.5003 x 50 000 = 25 015; X1 2 x 1 500.50 =
  // 3 001; gross 25 015 + 3 001 - 200 = 27 816; variable round(0.5 x 25 015)
  // + 3 001 - 200 = 12 507.50 + 2 801 = 15 308.50. Both files imported once:
  // the price (its highest version used) and the item set are version 1.
  EXPECT_EQ(run(bin_ + "explain --seller AS --record R3"),
            "Vårdkontakt AS R3, version 1: Läkarbesök, klinik K, köpare (län) 04\n"
            "Vårddatum 2021-05-05 (besöksdatum): faktureringsår 2021\n"
            "Vårddagar: 1 (ett besök)\n"
            "Avtal AGR21 (version 1), ytterfallsmetod kpp, viktlista 2021\n"
            "Poängpris 50 000,00 kr (givet i avtalet)\n"
            "DRG B02B \"Testgrupp B\", vikt 0,5003 (version 1)\n"
            "  vikt x poängpris = 0,5003 x 50 000,00 kr = 25 015 kr -> 25 015,00 kr (avrundat "
            "till hela ören, ett halvt öre bort från noll)\n"
            "  vårdtidsprövning: 1 vårddag mot trimpunkt ingen -> inte över\n"
            "  kostnadsprövning: KPP-kostnad ingen mot kostnadsgräns ingen -> inte över\n"
            "Artikel X1: 2 x 1 500,50 kr \"Implantat\" = 3 001,00 kr (prislista 2021, version 1)\n"
            "Artikelbelopp 3 001,00 kr (prislista version 1, artikeluppsättning version 1)\n"
            "Brutto = DRG 25 015,00 kr + vårdtidsytterfall 0,00 kr + kostnadsytterfall 0,00 kr + "
            "artiklar 3 001,00 kr - patientavgift 200,00 kr = 27 816,00 kr\n"
            "Abonnemangsandel 0,5: rörlig del = avrunda(0,5 x 25 015,00 kr) + artiklar 3 001,00 "
            "kr - avgift 200,00 kr = 15 308,50 kr\n");
  // R5, held: the Swedish held reason (pricing's held_message_sv).
  EXPECT_NE(run(bin_ + "explain --seller AS --record R5")
                .find("SPÄRRAD: DRG Z99Z finns inte i viktlistan för 2021\n"),
            std::string::npos);
  // JSON: the English for programs as `text` (the API's field before the
  // Swedish), the Swedish as `text_sv`, which is what the table prints.
  const boost::json::value json =
      boost::json::parse(run(bin_ + "explain --seller AS --record R2 --format json"));
  const std::string en(json.at("text").as_string()), sv(json.at("text_sv").as_string());
  EXPECT_EQ(en.rfind("Record AS R2, version 1: inpatient, clinic K, buyer (county) 20\n", 0), 0u)
      << en;
  EXPECT_NE(en.find("Gross = DRG 0,00 kr + LOS outlier 250 000,00 kr"), std::string::npos) << en;
  EXPECT_EQ(sv, run(bin_ + "explain --seller AS --record R2"));
  int status = 0;
  run(bin_ + "explain --seller AS --record R2 --format csv", &status);
  EXPECT_EQ(status, 2);
}

}  // namespace
