// Purchaser reconciliation (docs/reconcile.md#checks): one test per finding type on
// hand-built specifications. The catalogue is the pricing fixture's: AS 2021,
// point price 69 927 kr, E03N weight 1.2345 (LOS limit 10 days), no
// subscription, so a line's net is its gross: drg_value(E03N) = 86 324.88 kr.
#include "billing/reconcile/reconcile.h"

#include <gtest/gtest.h>

#include "../pricing/pricing_fixture.h"

namespace vardavtal {
namespace {

using pricing_test::day;
using pricing_test::ore;

constexpr int64_t kE03N = 8632488;  // öre

class Reconcile : public ::testing::Test {
 protected:
  void SetUp() override {
    pricing_test::fill_standard(catalogue_);
    in_.buyer = "20";
    in_.catalogue = &catalogue_;
    in_.regions = {{"03", "Region Uppsala", "2321000024", "Mellansverige"},
                   {"20", "Region Dalarna", "2321000180", "Mellansverige"}};
    in_.hospitals = {{"AS", "Akademiska sjukhuset", "03", HospitalKind::university, "", ""}};
    in_.have_residents = in_.have_referrals = true;
    in_.residences["191212121212"] = {{"191212121212", "20", day("2000-01-01"), std::nullopt}};
    in_.referrals["191212121212"] = {
        {"R20-1", "20", "191212121212", "AS", day("2021-01-01"), day("2021-12-31")}};
  }
  // A clean line: E03N stay 2021-03-01..03-05 (4 days), planned, referral R20-1.
  static ReceivedLine line(int id, const std::string& contact = "VK-1") {
    ReceivedLine l;
    l.line_id = id;
    l.care_contact_id = contact;
    l.patient_id = "191212121212";
    l.county = "20";
    l.care_type = CareType::inpatient;
    l.admission_date = day("2021-03-01");
    l.discharge_date = day("2021-03-05");
    l.drg = "E03N";
    l.drg_amount = ore(kE03N);
    l.gross = l.net = ore(kE03N);
    l.referral_id = "R20-1";
    return l;
  }
  static ReceivedSpec spec(const std::string& number, std::vector<ReceivedLine> lines,
                           const char* issued = "2021-04-01") {
    ReceivedSpec s;
    s.file = number + ".xml";
    s.spec_id = "ZVF23210000242103" + number;
    s.invoice_number = number;
    s.issue_date = day(issued);
    s.seller_org = "2321000024";
    s.buyer_org = "2321000180";
    for (const ReceivedLine& l : lines) s.payable += l.net;
    s.lines = std::move(lines);
    return s;
  }
  ReconcileReport run(std::vector<ReceivedSpec> specs) {
    in_.specs = std::move(specs);
    return reconcile(in_);
  }
  static std::string dump(const ReconcileReport& r) {
    std::string s;
    for (const Finding& f : r.findings)
      s += std::to_string(f.line_id) + " " + std::to_string(f.reason_code) + " " + f.message + "\n";
    return s;
  }
  static std::vector<int> codes(const ReconcileReport& r) {
    std::vector<int> out;
    for (const Finding& f : r.findings) out.push_back(f.reason_code);
    return out;
  }

  Catalogue catalogue_;
  ReconcileInput in_;
};

TEST_F(Reconcile, ACleanSpecificationHasNoFindings) {
  ReconcileReport r = run({spec("000001", {line(1)})});
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].seller, "AS");
  EXPECT_EQ(r.invoices[0].billed, ore(kE03N));
  EXPECT_EQ(r.invoices[0].disputed, Money{});
  EXPECT_TRUE(r.notes.empty());
}

TEST_F(Reconcile, Code1PatientRegisteredElsewhere) {
  in_.residences["191212121212"] = {{"191212121212", "20", day("2000-01-01"), day("2021-02-28")},
                                    {"191212121212", "21", day("2021-03-01"), std::nullopt}};
  ReconcileReport r = run({spec("000001", {line(1)})});
  ASSERT_EQ(codes(r), std::vector<int>{1});
  EXPECT_EQ(r.findings[0].disputed, ore(kE03N));
  EXPECT_NE(r.findings[0].message_en.find("registered in 21"), std::string::npos);
  // Unknown to the residents: not registered either.
  in_.residences.clear();
  EXPECT_EQ(codes(run({spec("000001", {line(1)})})), std::vector<int>{1});
  // No residents at all: the check is skipped and said so.
  in_.have_residents = false;
  r = run({spec("000001", {line(1)})});
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.notes.size(), 1u);
}

TEST_F(Reconcile, Code2PriceDiffersFromRepricing) {
  ReceivedLine l = line(1);
  l.drg_amount = l.gross = l.net = ore(kE03N + 1000);  // 10.00 kr too much
  ReconcileReport r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), std::vector<int>{2});
  EXPECT_EQ(r.findings[0].billed, ore(kE03N + 1000));
  EXPECT_EQ(r.findings[0].expected, ore(kE03N));
  EXPECT_EQ(r.findings[0].disputed, ore(1000));
  // Billed too little: reported, nothing disputed.
  l.drg_amount = l.gross = l.net = ore(kE03N - 1);
  r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), std::vector<int>{2});
  EXPECT_EQ(r.findings[0].disputed, Money{});
}

TEST_F(Reconcile, Code2AmountRulesOR27OR28AndOR5) {
  ReceivedLine l = line(1);
  l.gross = ore(kE03N + 500);  // ÖR27 broken; net still right
  l.discount = ore(500);       // ÖR28 holds: gross − discount = net
  ReconcileReport r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), std::vector<int>{2});
  EXPECT_NE(r.findings[0].message_en.find("ÖR27"), std::string::npos);
  l = line(1);
  l.net = ore(kE03N + 200);  // ÖR28: net is not gross − discount, and the price differs
  r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), (std::vector<int>{2, 2}));
  EXPECT_NE(r.findings[0].message_en.find("ÖR28"), std::string::npos);
  EXPECT_EQ(r.findings[0].disputed, ore(200));
  // The line is disputed at most its net, not twice.
  EXPECT_EQ(r.invoices[0].disputed, ore(200));
  // ÖR5: payable more than one krona above the sum of the nets.
  ReceivedSpec s = spec("000001", {line(1)});
  s.payable += ore(101);
  r = run({s});
  ASSERT_EQ(codes(r), std::vector<int>{2});
  EXPECT_EQ(r.findings[0].line_id, 0);
  EXPECT_EQ(r.findings[0].disputed, ore(101));
  s.payable -= ore(1);  // exactly one krona: allowed
  EXPECT_TRUE(run({s}).findings.empty());
}

TEST_F(Reconcile, Code5PlannedCareNeedsAValidReferral) {
  ReceivedLine l = line(1);
  l.referral_id.clear();  // none on the line: any valid referral of the patient will do
  EXPECT_TRUE(run({spec("000001", {l})}).findings.empty());
  in_.referrals["191212121212"][0].valid_to = day("2021-02-28");  // expired
  ReconcileReport r = run({spec("000001", {line(1)})});
  ASSERT_EQ(codes(r), std::vector<int>{5});
  EXPECT_NE(r.findings[0].message_en.find("valid 2021-01-01 to 2021-02-28"), std::string::npos);
  EXPECT_EQ(r.findings[0].message, "planerad vård utan giltig remiss: remiss " +
                                       line(1).referral_id +
                                       " giltig 2021-01-01 till 2021-02-28, vård 2021-03-01");
  // Acute care, and care given under a chapter of Riksavtalet without a
  // referral (ÖR50: 3.1, 3.2, 4.1, 4.3, 4.4), need none.
  l = line(1);
  l.planned = false;
  EXPECT_TRUE(run({spec("000001", {l})}).findings.empty());
  for (const char* chapter : {"3.1", "3.2", "4.1", "4.3", "4.4"}) {
    l = line(1);
    l.riksavtalet_chapter = chapter;
    EXPECT_TRUE(run({spec("000001", {l})}).findings.empty()) << chapter;
  }
  // A referral to another seller does not count.
  in_.referrals["191212121212"][0] = {"R20-1",           "20",        "191212121212", "USO",
                                      day("2021-01-01"), std::nullopt};
  EXPECT_EQ(codes(run({spec("000001", {line(1)})})), std::vector<int>{5});
}

TEST_F(Reconcile, AReferralOfAnotherPatientIsNamedAsSuch) {
  // The line's referral exists, but it was issued for another patient.
  in_.referrals["191111111111"] = in_.referrals["191212121212"];
  in_.referrals["191111111111"][0].patient_id = "191111111111";
  in_.referrals.erase("191212121212");
  ReconcileReport r = run({spec("000001", {line(1)})});
  ASSERT_EQ(codes(r), std::vector<int>{5});
  const std::string id = line(1).referral_id;
  EXPECT_EQ(r.findings[0].message_en, "planned care without a valid referral: referral " + id +
                                          " exists, but for another patient");
  EXPECT_EQ(r.findings[0].message,
            "planerad vård utan giltig remiss: remiss " + id + " finns, men för en annan patient");
  // Not known at all: unknown.
  in_.referrals.clear();
  in_.referrals["191111111111"] = {};
  r = run({spec("000001", {line(1)})});
  EXPECT_EQ(r.findings[0].message_en,
            "planned care without a valid referral: referral " + id + " unknown");
}

TEST_F(Reconcile, ALineWithSeveralFindingsIsCountedOnceInTheTotal) {
  // Patient registered elsewhere (1) and billed late (6): both claim the whole
  // net; the first carries it, the total is the net once.
  in_.residences["191212121212"][0].county = "21";
  ReconcileReport r = run({spec("000001", {line(1)}, "2021-09-06")});
  ASSERT_EQ(codes(r), (std::vector<int>{1, 6}));
  EXPECT_EQ(r.findings[0].disputed, ore(kE03N));
  EXPECT_EQ(r.findings[1].disputed, ore(kE03N));
  EXPECT_EQ(r.findings[0].counted, ore(kE03N));
  EXPECT_EQ(r.findings[1].counted, Money{});
  EXPECT_EQ(r.invoices[0].disputed, ore(kE03N));
  EXPECT_EQ(r.disputed_by_seller.at("AS"), ore(kE03N));
}

TEST_F(Reconcile, Code6BilledMoreThanSixMonthsAfterCare) {
  // Discharged 2021-03-05: 2021-09-05 is six months, 2021-09-06 is more.
  EXPECT_TRUE(run({spec("000001", {line(1)}, "2021-09-05")}).findings.empty());
  ReconcileReport r = run({spec("000001", {line(1)}, "2021-09-06")});
  ASSERT_EQ(codes(r), std::vector<int>{6});
  EXPECT_EQ(r.findings[0].disputed, ore(kE03N));
}

TEST_F(Reconcile, Code7TheSameContactBilledTwiceUnlessCredited) {
  ReconcileReport r = run({spec("000001", {line(1)}), spec("000002", {line(1), line(2, "VK-2")})});
  ASSERT_EQ(codes(r), std::vector<int>{7});
  EXPECT_EQ(r.findings[0].invoice, "000002");
  EXPECT_EQ(r.findings[0].line_id, 1);
  // Within one specification too.
  EXPECT_EQ(codes(run({spec("000001", {line(1), line(2)})})), std::vector<int>{7});
  // Credited in between: billed again legitimately.
  ReceivedSpec credit = spec("000003", {line(1)});
  credit.credit = true;
  EXPECT_TRUE(run({spec("000001", {line(1)}), credit, spec("000002", {line(1)})}).findings.empty());
}

TEST_F(Reconcile, Code8CareAfterTheIssueDate) {
  ReconcileReport r = run({spec("000001", {line(1)}, "2021-03-04")});
  ASSERT_EQ(codes(r), std::vector<int>{8});
  EXPECT_NE(r.findings[0].message_en.find("after the issue date 2021-03-04"), std::string::npos);
}

TEST_F(Reconcile, UnknownSellerOrDrgCannotBeRepricedAndIsNoClaim) {
  ReceivedLine l = line(1);
  l.drg = "Z99Z";
  ReconcileReport r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), std::vector<int>{0});
  EXPECT_NE(r.findings[0].message_en.find("cannot re-price"), std::string::npos);
  EXPECT_EQ(r.invoices[0].findings, 0);
  EXPECT_EQ(r.invoices[0].disputed, Money{});
  ReceivedSpec s = spec("000001", {line(1)});
  s.seller_org = "2321000099";
  r = run({s});
  ASSERT_EQ(codes(r), std::vector<int>{0});
  EXPECT_NE(r.findings[0].message_en.find("no seller known"), std::string::npos);
}

// Region Uppsala (2321000024) owns AS (no HSA id: known by name) and ENK
// (HSA id SE2321000024-ENK1). ENK's 2021 agreement: point price 50 000 kr, so
// E03N (1.2345) is 61 725.00 kr there and 86 324.88 kr at AS.
TEST_F(Reconcile, TwoHospitalsOfOneRegionAreToldApartByTheCareUnit) {
  in_.hospitals.push_back(
      {"ENK", "Lasarettet i Enköping", "03", HospitalKind::county, "SE2321000024-ENK1", ""});
  catalogue_.set_hospital_region("ENK", "03");
  catalogue_.add_agreement(pricing_test::make_agreement("ENK", 2021, pricing_test::kr(50000)), 1);
  catalogue_.finalize();
  in_.referrals["191212121212"].push_back(
      {"R20-2", "20", "191212121212", "ENK", day("2021-01-01"), day("2021-12-31")});
  constexpr int64_t kE03NAtEnk = 6172500;  // 1.2345 × 50 000 kr
  ReceivedLine enk = line(1, "ENK-1");
  enk.care_unit_id = "SE2321000024-ENK1";
  enk.care_unit_name = "Lasarettet i Enköping";
  enk.referral_id = "R20-2";
  enk.drg_amount = enk.gross = enk.net = ore(kE03NAtEnk);
  ReceivedLine as = line(2, "AS-1");
  as.care_unit_name = "Akademiska sjukhuset";
  ReconcileReport r = run({spec("000001", {enk, as})});
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].seller, "AS+ENK");
  // The same Enköping line billed at AS's price: re-priced under ENK's agreement.
  enk.drg_amount = enk.gross = enk.net = ore(kE03N);
  r = run({spec("000002", {enk})});
  ASSERT_EQ(codes(r), std::vector<int>{2}) << dump(r);
  EXPECT_EQ(r.findings[0].seller, "ENK");
  EXPECT_EQ(r.findings[0].expected, ore(kE03NAtEnk));
  EXPECT_EQ(r.findings[0].disputed, ore(kE03N - kE03NAtEnk));
  EXPECT_EQ(r.invoices[0].seller, "ENK");
  // A care unit the buyer does not know, or none: the organisation number
  // names two hospitals, so the line is not guessed.
  ReceivedLine other = line(1);
  other.care_unit_name = "Lasarettet i Nyköping";
  r = run({spec("000003", {other})});
  ASSERT_EQ(codes(r), std::vector<int>{0}) << dump(r);
  EXPECT_NE(r.findings[0].message_en.find("cannot re-price: the line names care unit 'Lasarettet i "
                                          "Nyköping', none of the hospitals of organisation number "
                                          "2321000024 (AS, ENK)"),
            std::string::npos)
      << dump(r);
  r = run({spec("000004", {line(1)})});
  ASSERT_EQ(codes(r), std::vector<int>{0}) << dump(r);
  EXPECT_NE(r.findings[0].message_en.find("names no care unit"), std::string::npos) << dump(r);
  // Only one hospital under the number: the organisation number is enough.
  in_.hospitals.pop_back();
  r = run({spec("000005", {line(1)})});
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  EXPECT_EQ(r.invoices[0].seller, "AS");
}

TEST_F(Reconcile, ASpecificationForAnotherRegionIsNamedWithItsRegion) {
  ReceivedSpec ours = spec("000001", {line(1)});
  ReceivedSpec theirs = spec("000002", {line(1)});
  theirs.buyer_org = "2321000024";
  ReceivedSpec unknown = spec("000003", {line(1)});
  unknown.buyer_org = "2321000099";
  ReceivedSpec csv = spec("000004", {line(1)});
  csv.buyer_org.clear();
  csv.buyer = "03";
  ReceivedSpec csv_ours = csv;
  csv_ours.buyer = "20";
  in_.specs = {ours, theirs, unknown, csv, csv_ours};
  std::vector<std::string> en, sv;
  for (const Message& m : addressed_elsewhere(in_)) {
    en.push_back(m.en);
    sv.push_back(m.sv);
  }
  EXPECT_EQ(sv.at(1),
            "000003.xml: fakturaunderlag ZVF23210000242103000003 till faktura 000003 är ställt "
            "till organisationsnummer 2321000099, ingen känd region, inte till region 20 Region "
            "Dalarna");
  EXPECT_EQ(en,
            (std::vector<std::string>{
                "000002.xml: specification ZVF23210000242103000002 of invoice 000002 is addressed "
                "to region 03 Region Uppsala (2321000024), not to region 20 Region Dalarna",
                "000003.xml: specification ZVF23210000242103000003 of invoice 000003 is addressed "
                "to organisation number 2321000099, no known region, not to region 20 Region "
                "Dalarna",
                "000004.xml: specification ZVF23210000242103000004 of invoice 000004 is addressed "
                "to region 03 Region Uppsala (2321000024), not to region 20 Region Dalarna"}));
}

TEST_F(Reconcile, AKppOutlierIsRepricedFromItsBilledCost) {
  // 12 care days > LOS limit 10: under "kpp" billed by its whole KPP cost
  // 150 000.00 kr as the LOS outlier amount, DRG price 0.
  ReceivedLine l = line(1);
  l.discharge_date = day("2021-03-13");
  l.drg_amount = Money{};
  l.los_outlier_amount = l.gross = l.net = Money::from_kronor(150000);
  EXPECT_TRUE(run({spec("000001", {l})}).findings.empty());
  // The same amount on a stay within the limit is no outlier: re-priced at the DRG price.
  l.discharge_date = day("2021-03-05");
  ReconcileReport r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), std::vector<int>{2});
  EXPECT_EQ(r.findings[0].expected, ore(kE03N));
}

TEST_F(Reconcile, InstallmentLinesAreNotCareAndNegativeNetsAreNeverClaimed) {
  // A subscription installment (no patient, contact, DRG or items) is not checked.
  ReceivedLine inst;
  inst.line_id = 2;
  inst.gross = inst.net = ore(416500);
  inst.planned = true;
  EXPECT_TRUE(run({spec("000001", {line(1), inst})}).findings.empty());
  // A line whose net is negative (fee above the price) is claimed at 0, not below.
  in_.residences.clear();  // code 1 on every line
  ReceivedLine neg = line(1);
  neg.drg.clear();
  neg.drg_amount = Money{};
  neg.patient_fee = ore(10000);
  neg.gross = neg.net = ore(-10000);
  ReconcileReport r = run({spec("000001", {neg})});
  ASSERT_FALSE(r.findings.empty());
  for (const Finding& f : r.findings) EXPECT_GE(f.disputed, Money{}) << f.message;
  EXPECT_EQ(r.invoices[0].disputed, Money{});
}

TEST_F(Reconcile, ItemsGivenOnlyAsATotalAreTakenAsBilled) {
  ReceivedLine l = line(1);
  l.drg.clear();
  l.drg_amount = Money{};
  l.items_amount = ore(300100);
  l.patient_fee = ore(20000);
  l.gross = l.net = ore(280100);  // 3 001.00 − 200.00
  EXPECT_TRUE(run({spec("000001", {l})}).findings.empty());
  l.gross = l.net = ore(290100);  // 100.00 too much: ÖR27 and the re-pricing both say so
  ReconcileReport r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), (std::vector<int>{2, 2})) << dump(r);
  EXPECT_EQ(r.findings[1].disputed, ore(10000));
  EXPECT_EQ(r.invoices[0].disputed, ore(10000));  // once
}

TEST_F(Reconcile, OR26ExcessIsDisputedAndOR28CountsChargeAndAllowance) {
  ReceivedLine l = line(1);
  l.items = {{"IMPL1", 2, ore(1234567), ore(2469200)}};  // 2 × 12 345.67 = 24 691.34; 0.66 too much
  l.items_amount = ore(2469200);
  l.gross = l.net = ore(kE03N + 2469200);
  ReconcileReport r = run({spec("000001", {l})});
  ASSERT_FALSE(r.findings.empty()) << dump(r);
  EXPECT_NE(r.findings[0].message_en.find("ÖR26"), std::string::npos);
  EXPECT_EQ(r.findings[0].disputed, ore(66));
  // net = gross + charge − allowance − discount (ÖR28 = ÖR6): a 6 % allowance is fine.
  l = line(1);
  l.allowance = ore(kE03N * 6 / 100);
  l.net = l.gross - l.allowance;
  EXPECT_TRUE(run({spec("000001", {l})}).findings.empty()) << dump(run({spec("000001", {l})}));
}

// §8.1, §8.2: a catalogue whose agreement has an extra-billing threshold of
// 50 000.00 and a psychiatric care-day tariff of 7 412.50 (field 901).
class ReconcileTariffs : public Reconcile {
 protected:
  void SetUp() override {
    Reconcile::SetUp();
    catalogue_ = Catalogue{};
    pricing_test::fill_standard(catalogue_, OutlierMethod::kpp, [](Agreement& a) {
      a.extra_billing_threshold = ore(5000000);
      a.drg_exempt_fields = {"901"};
    });
    TariffRow t;
    t.seller = "AS";
    t.year = 2021;
    t.care_type = CareType::inpatient;
    t.medical_field = "901";
    t.unit = TariffUnit::care_day;
    t.price = ore(741250);
    t.name = "Psykiatrisk vård, vårddygn";
    catalogue_.add_tariff(t, 1);
  }
  // A DRG-exempt stay 2021-03-01..03-13: 12 care days, billed for `days`.
  static ReceivedLine tariff_line(int64_t days) {
    ReceivedLine l = line(1);
    l.drg.clear();
    l.drg_amount = Money{};
    l.discharge_date = day("2021-03-13");
    l.medical_field = "901";
    l.tariff = ReceivedItem{"TAR-care_day", days, ore(741250), ore(741250 * days)};
    l.tariff_amount = l.gross = l.net = ore(741250 * days);
    return l;
  }
  // line(1) with an at-cost amount and the costs 38 000.00 and 27 500.50.
  static ReceivedLine at_cost_line(int64_t amount, bool costs_stated = true) {
    ReceivedLine l = line(1);
    l.at_cost_amount = ore(amount);
    if (costs_stated)
      l.costs = {{"IMPL-9", 1, ore(3800000), "LOT-4711"}, {"IMPL-10", 2, ore(2750050), ""}};
    l.gross = l.net = ore(kE03N + amount);
    return l;
  }
};

TEST_F(ReconcileTariffs, ACorrectTariffLinePasses) {
  ReconcileReport r = run({spec("000001", {tariff_line(12)})});
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  EXPECT_EQ(r.invoices[0].disputed, Money{});
}

TEST_F(ReconcileTariffs, ACareDayTooManyIsAWrongPrice) {
  ReconcileReport r = run({spec("000001", {tariff_line(13)})});  // 96 362.50 for 88 950.00
  ASSERT_EQ(codes(r), std::vector<int>{2}) << dump(r);
  EXPECT_EQ(r.findings[0].billed, ore(9636250));
  EXPECT_EQ(r.findings[0].expected, ore(8895000));
  EXPECT_EQ(r.findings[0].disputed, ore(741250));
  EXPECT_NE(r.findings[0].message_en.find("88950.00"), std::string::npos) << dump(r);
  EXPECT_EQ(r.invoices[0].disputed, ore(741250));
}

TEST_F(ReconcileTariffs, ATariffAmountWithoutUnitsIsRepricedToo) {
  ReceivedLine l = tariff_line(13);
  l.tariff.reset();  // the CSV specification: the amount only
  ReconcileReport r = run({spec("000001", {l})});
  ASSERT_EQ(codes(r), std::vector<int>{2}) << dump(r);
  EXPECT_EQ(r.findings[0].disputed, ore(741250));
  l = tariff_line(12);
  l.tariff.reset();
  EXPECT_TRUE(run({spec("000001", {l})}).findings.empty());
}

TEST_F(ReconcileTariffs, AnAtCostAmountWithinTheStatedCostsPasses) {
  // 38 000.00 + 27 500.50 − 50 000.00 = 15 500.50
  ReconcileReport r = run({spec("000001", {at_cost_line(1550050)})});
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  r = run({spec("000001", {at_cost_line(1550000)})});  // less is no claim
  EXPECT_TRUE(r.findings.empty()) << dump(r);
}

TEST_F(ReconcileTariffs, AnAtCostAmountAboveTheStatedCostsIsDisputed) {
  ReconcileReport r = run({spec("000001", {at_cost_line(1550051)})});
  ASSERT_EQ(codes(r), std::vector<int>{2}) << dump(r);
  EXPECT_EQ(r.findings[0].disputed, ore(1));
  EXPECT_EQ(r.findings[0].expected, ore(kE03N + 1550050));
  EXPECT_NE(r.findings[0].message_en.find("65500.50"), std::string::npos) << dump(r);
  EXPECT_NE(r.findings[0].message_en.find("50000.00"), std::string::npos) << dump(r);
  EXPECT_EQ(r.invoices[0].disputed, ore(1));
}

TEST_F(ReconcileTariffs, AnAtCostAmountWithoutStatedCostsIsANote) {
  ReconcileReport r = run({spec("000001", {at_cost_line(1550051, false)})});
  ASSERT_EQ(codes(r), std::vector<int>{0}) << dump(r);
  EXPECT_NE(r.findings[0].message_en.find("cannot verify the at-cost amount"), std::string::npos);
  EXPECT_EQ(r.findings[0].disputed, Money{});
  EXPECT_EQ(r.invoices[0].disputed, Money{});
}

}  // namespace
}  // namespace vardavtal
