// End-to-end: `vardavtal reconcile` through the real binary on the billing
// fixture of billing_cli_test.cpp: the round trip of every specification this
// product issued for a buyer (corrections included) gives no findings; files
// for residents and referrals; the four output formats; a malformed file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

const std::string kHeader = vardavtal::testing::records_header(",referral_id,emergency");

class ReconcileCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("reconcile-cli");
    vardavtal::testing::write_billing_catalogue(dir_);
    // R1 and R6 planned with referrals of region 20, R3 an emergency visit, R7 planned
    // without a referral.
    write(dir_ / "records.csv",
          std::string(kHeader) +
              "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,"
              "2080,R20A,0\n"
              "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,200,341,I35.0,0480,,1\n"
              "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,"
              "2080,R20B,0\n"
              "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,,341,I35.0,0480,,0\n");
    write(dir_ / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\n");
    write(dir_ / "referrals.csv",
          "referral_id,county,patient_id,seller,valid_from,valid_to\n"
          "R20A,20,191212121212,AS,2021-01-01,2021-12-31\n"
          "R20B,20,191212121212,AS,2020-01-01,2020-12-31\n"
          // Region 04's only referral is to USO: none for AS's R7.
          "R04A,04,191212121212,USO,2020-01-01,2020-12-31\n");
    // Registered in 20 until 2021-03-05, then in 04 (R7 in 2020 was not 04's).
    write(dir_ / "residents.csv",
          "patient_id,county,valid_from,valid_to\n191212121212,20,1990-01-01,2021-03-05\n"
          "191212121212,04,2021-03-06,\n");
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Writes the fakturaunderlag of every care invoice and credit note to `buyer`.
  std::string specs_of(const std::string& buyer) {
    std::string files;
    auto list = boost::json::parse(run(bin_ + "invoices --buyer " + buyer + " --format json"));
    for (const auto& v : list.as_array()) {
      const auto& inv = v.as_object();
      if (inv.at("kind").as_string() != "care") continue;
      std::string number(inv.at("number").as_string());
      std::string path = (dir_ / (number + ".xml")).string();
      EXPECT_EQ(run(bin_ + "invoice " + number + " --format fakturaunderlag --out " + path), "");
      files += " " + path;
    }
    return files;
  }
  boost::json::object reconcile(const std::string& args, int* status = nullptr) {
    std::string out = run(bin_ + "reconcile --format json " + args, status);
    return boost::json::parse(out).as_object();
  }
  fs::path dir_;
  std::string bin_;
};

TEST_F(ReconcileCli, RoundTripOfIssuedSpecificationsGivesNoFindings) {
  // Bill, correct R1 (county 20 -> 21: a credit note to 20, reason 1) and R3 (fee), bill again.
  run(bin_ + "bill --through 2021-03");
  write(dir_ / "fix.csv",
        std::string(kHeader) +
            "R1,AS,191212121212,21,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,"
            "2180,R20A,0\n"
            "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,400,341,I35.0,0480,,1\n");
  ASSERT_NE(run(bin_ + "import records " + (dir_ / "fix.csv").string()).find("2 ändrade"),
            std::string::npos);
  run(bin_ + "bill --through 2021-04");
  // Region 20 received R6, R1 and R1's credit note: all as billed.
  const std::string specs = specs_of("20");
  auto r = reconcile("--buyer 20 --spec" + specs);
  EXPECT_EQ(r.at("findings").as_array().size(), 0u) << boost::json::serialize(r);
  EXPECT_EQ(r.at("invoices").as_array().size(), 3u) << boost::json::serialize(r);
  EXPECT_EQ(r.at("notes").as_array().size(), 0u);
  // The same specification twice is double billing (7) on every line.
  std::string first = specs.substr(1, specs.find(' ', 1) - 1);
  r = reconcile("--buyer 20 --spec " + first + " " + first);
  ASSERT_EQ(r.at("findings").as_array().size(), 1u) << boost::json::serialize(r);
  EXPECT_EQ(r.at("findings").as_array()[0].at("reason_code").as_int64(), 7);
}

TEST_F(ReconcileCli, FindingsFromResidentsAndReferralsInEveryFormat) {
  run(bin_ + "bill --through 2021-03");
  // Region 04 received R7 (2020, planned, no referral, then registered in 20: codes 1 and 5)
  // and R3 (2021 emergency visit, registered in 04: clean).
  const std::string specs = specs_of("04");
  auto r = reconcile("--buyer 04 --spec" + specs);
  const auto& f = r.at("findings").as_array();
  ASSERT_EQ(f.size(), 2u) << boost::json::serialize(r);
  EXPECT_EQ(f[0].at("care_contact_id").as_string(), "R7");
  EXPECT_EQ(f[0].at("reason_code").as_int64(), 1);
  // Only region 04's own registrations are read: nothing about where else the patient lives.
  EXPECT_EQ(f[0].at("message").as_string(),
            "patienten var inte folkbokförd i region 04 den 2020-02-02 (ingen folkbokföring känd)");
  EXPECT_EQ(f[0].at("message_en").as_string(),
            "patient not registered in region 04 on 2020-02-02 (no registration known)");
  EXPECT_EQ(f[1].at("reason_code").as_int64(), 5);
  // One line, two findings: the line is claimed once, by its first largest finding.
  EXPECT_EQ(f[0].at("counted").as_string(), "24514.70");
  EXPECT_EQ(f[1].at("disputed").as_string(), "24514.70");
  EXPECT_EQ(f[1].at("counted").as_string(), "0.00");
  EXPECT_EQ(r.at("invoices").as_array()[0].at("disputed").as_string(), "24514.70");
  // R7: B02B 0.5003 × 49 000 kr = 24 514.70 kr, no subscription in 2020: all disputed once.
  EXPECT_EQ(f[0].at("billed").as_string(), "24514.70");
  EXPECT_EQ(f[0].at("disputed").as_string(), "24514.70");
  for (const char* key : {"invoice", "spec_id", "line_id", "care_contact_id", "reason_code",
                          "billed", "expected", "disputed", "counted", "message", "message_en"})
    EXPECT_TRUE(f[0].as_object().contains(key)) << key;
  // Files instead of the database: registered in 04 throughout -> only the referral.
  write(dir_ / "res04.csv", "patient_id,county,valid_from,valid_to\n191212121212,04,1990-01-01,\n");
  r = reconcile("--buyer 04 --residents " + (dir_ / "res04.csv").string() + " --spec" + specs);
  ASSERT_EQ(r.at("findings").as_array().size(), 1u) << boost::json::serialize(r);
  EXPECT_EQ(r.at("findings").as_array()[0].at("reason_code").as_int64(), 5);
  // CSV, table and the XLSX dispute list.
  int status = -1;
  std::string csv = run(bin_ + "reconcile --format csv --buyer 04 --spec" + specs, &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "file,seller,invoice,spec_id,line_id,patient_id,care_contact_id,reason_code,billed,"
            "expected,disputed,counted,message,message_en");
  std::string table = run(bin_ + "reconcile --buyer 04 --spec" + specs);
  EXPECT_NE(table.find("24 514,70"), std::string::npos) << table;
  // The bestrids column adds up to twice the total: the table says why.
  EXPECT_NE(table.find("En rad med flera fynd bestrids en gång"), std::string::npos) << table;
  EXPECT_NE(table.find("Totalt"), std::string::npos) << table;
  const std::string xlsx = (dir_ / "disputes.xlsx").string();
  EXPECT_EQ(run(bin_ + "reconcile --format xlsx --out " + xlsx + " --buyer 04 --spec" + specs), "");
  write(dir_ / "read.py",
        "import zipfile, re\n"
        "z = zipfile.ZipFile('" +
            xlsx +
            "')\n"
            "print(re.findall(r'sheet name=\"([^\"]+)\"', z.read('xl/workbook.xml').decode()))\n"
            "s1 = z.read('xl/worksheets/sheet1.xml').decode()\n"
            "print('2451470/100' in s1, 'SUM(K2:K3)' in s1, '<autoFilter ref=\"A1:L3\"' in s1)\n"
            "print('IF(F2&gt;0,G2/F2,0)' in z.read('xl/worksheets/sheet2.xml').decode())\n");
  std::string out = run("python3 " + (dir_ / "read.py").string());
  EXPECT_EQ(out, "['Tvistelista', 'Per faktura']\nTrue True True\nTrue\n");
}

TEST_F(ReconcileCli, SavedDisputesKeepTheirStatusAndAreCreditedByACreditNote) {
  run(bin_ + "bill --through 2021-03");
  const std::string specs = specs_of("04");
  // R7 (24 514.70 kr): codes 1 and 5 on one line, saved as two disputes.
  int status = -1;
  // Only stderr: the subshell sends the report to /dev/null.
  std::string err = run(
      "(" + bin_ + "reconcile --save --format json --buyer 04 --spec" + specs + " 2>&1 >/dev/null)",
      &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(err, "Sparade 2 nya tvister, 0 fanns redan\n");
  boost::json::array list =
      boost::json::parse(run(bin_ + "disputes --buyer 04 --format json")).as_array();
  ASSERT_EQ(list.size(), 2u);
  const auto& d1 = list[0].as_object();
  EXPECT_EQ(d1.at("id").as_int64(), 1);
  EXPECT_EQ(d1.at("care_contact_id").as_string(), "R7");
  EXPECT_EQ(d1.at("reason_code").as_int64(), 1);
  EXPECT_EQ(d1.at("status").as_string(), "bestridd");
  EXPECT_EQ(d1.at("counted").as_string(), "24514.70");
  EXPECT_EQ(list[1].at("counted").as_string(), "0.00");
  const std::string invoice(d1.at("invoice").as_string());
  // The buyer accepts the first with a comment; saving again keeps both.
  EXPECT_EQ(run(bin_ + "dispute 1 --status godkänd --comment 'Folkbokföring rättad'"),
            "Tvist 1: godkänd\n");
  err = run("(" + bin_ + "reconcile --save --buyer 04 --spec" + specs + " 2>&1 >/dev/null)");
  EXPECT_EQ(err, "Sparade 0 nya tvister, 2 fanns redan\n");
  list = boost::json::parse(run(bin_ + "disputes --buyer 04 --format json")).as_array();
  EXPECT_EQ(list[0].at("status").as_string(), "godkänd");
  EXPECT_EQ(list[0].at("comment").as_string(), "Folkbokföring rättad");
  EXPECT_EQ(list[1].at("status").as_string(), "bestridd");
  // The line stays claimed by the finding still disputed (krävs), once.
  EXPECT_EQ(list[0].at("claimed").as_string(), "0.00");
  EXPECT_EQ(list[1].at("claimed").as_string(), "24514.70");
  // Filters: by status; another buyer sees none; a wrong status is a usage error.
  EXPECT_EQ(
      boost::json::parse(run(bin_ + "disputes --status bestridd --format json")).as_array().size(),
      1u);
  EXPECT_EQ(run(bin_ + "disputes --buyer 20"), "Inga tvister.\n");
  run(bin_ + "dispute 1 --status klar", &status);
  EXPECT_EQ(status, 2);
  run(bin_ + "dispute 9 --status godkänd", &status);
  EXPECT_EQ(status, 2);
  // The seller corrects R7 (a fee of 100 kr): its credit note references the
  // disputed line, so both disputes read krediterad, whatever was set.
  write(dir_ / "fix.csv",
        std::string(kHeader) +
            "R7,AS,191212121212,04,doctor_visit,K,2020-02-02,,B02B,,100,341,I35.0,0480,,0\n");
  run(bin_ + "import records " + (dir_ / "fix.csv").string());
  run(bin_ + "bill --through 2021-04");
  list = boost::json::parse(run(bin_ + "disputes --buyer 04 --format json")).as_array();
  ASSERT_EQ(list.size(), 2u);
  std::string credit;
  const boost::json::value credits =
      boost::json::parse(run(bin_ + "credits --buyer 04 --format json"));
  for (const auto& v : credits.as_array())
    if (v.as_object().contains("reference_invoice") &&
        v.at("reference_invoice").as_string() == invoice)
      credit = v.at("number").as_string();
  ASSERT_FALSE(credit.empty());
  for (const auto& v : list) {
    EXPECT_EQ(v.at("status").as_string(), "krediterad");
    EXPECT_EQ(v.at("credit_note").as_string(), credit);
  }
  for (const auto& v : list) EXPECT_EQ(v.at("claimed").as_string(), "0.00");
  // The table and the XLSX dispute list in Swedish, the claim counted once.
  const std::string table = run(bin_ + "disputes --buyer 04");
  EXPECT_NE(table.find("krediterad (" + credit + ")"), std::string::npos) << table;
  EXPECT_NE(table.find("krediterad        2   0,00"), std::string::npos) << table;
  const std::string xlsx = (dir_ / "tvister.xlsx").string();
  EXPECT_EQ(run(bin_ + "disputes --buyer 04 --format xlsx --out " + xlsx), "");
  write(dir_ / "read.py",
        "import zipfile\n"
        "z = zipfile.ZipFile('" +
            xlsx +
            "')\n"
            "s = z.read('xl/worksheets/sheet1.xml').decode()\n"
            "t = z.read('xl/sharedStrings.xml').decode()\n"
            "print('SUM(K2:K3)' in s, '<autoFilter ref=\"A1:N3\"' in s, 'Tvistelista' in "
            "z.read('xl/workbook.xml').decode(), 'krediterad' in t, 'folkbokförd' in t)\n");
  EXPECT_EQ(run("python3 " + (dir_ / "read.py").string()), "True True True True True\n");
  // Each change is in the audit trail, each listing in the access log.
  const std::string audit = run(bin_ + "audit");
  EXPECT_NE(audit.find("dispute 1: status godkänd, comment changed"), std::string::npos) << audit;
  EXPECT_NE(audit.find("saved the reconciliation of buyer 04: 2 findings"), std::string::npos);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
  EXPECT_NE(run(bin_ + "access-log --patient 191212121212").find("disputes buyer 04"),
            std::string::npos);
}

TEST_F(ReconcileCli, AMalformedFileGivesAClearErrorAndNoReport) {
  run(bin_ + "bill --through 2021-03");
  const std::string specs = specs_of("20");
  write(dir_ / "bad.xml", "<?xml version=\"1.0\"?>\n<ProcessClaimSpecification>\n<oops>\n");
  int status = 0;
  std::string out = run(
      bin_ + "reconcile --buyer 20 --spec" + specs + " " + (dir_ / "bad.xml").string(), &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("bad.xml"), std::string::npos) << out;
  EXPECT_EQ(out.find("Avstämning"), std::string::npos) << out;  // no partial report
  run(bin_ + "reconcile --buyer 99 --spec" + specs, &status);
  EXPECT_EQ(status, 2);  // unknown region
  run(bin_ + "reconcile --buyer 20", &status);
  EXPECT_EQ(status, 2);  // no specification
}

TEST_F(ReconcileCli, ASpecificationAddressedToAnotherRegionIsRefusedUnlessForced) {
  run(bin_ + "bill --through 2021-03");
  const std::string specs = specs_of("20");  // customer party: Region Dalarna, 2321000180
  int status = 0;
  std::string out = run(bin_ + "reconcile --buyer 04 --spec" + specs, &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("är ställt till region 20 Region Dalarna (2321000180)"), std::string::npos)
      << out;
  EXPECT_NE(out.find("inte till region 04"), std::string::npos) << out;
  EXPECT_NE(out.find("(--force stämmer av det ändå)"), std::string::npos) << out;
  EXPECT_NE(out.find("--force"), std::string::npos) << out;
  EXPECT_EQ(out.find("Avstämning"), std::string::npos) << out;  // no report
  // The same as CSV (its buyer column), refused too.
  auto list = boost::json::parse(run(bin_ + "invoices --buyer 20 --format json"));
  std::string number;
  for (const auto& v : list.as_array())
    if (v.at("kind").as_string() == "care") number = std::string(v.at("number").as_string());
  ASSERT_FALSE(number.empty());
  const std::string csv = (dir_ / (number + ".csv")).string();
  EXPECT_EQ(run(bin_ + "invoice " + number + " --format csv --out " + csv), "");
  out = run(bin_ + "reconcile --buyer 04 --spec " + csv, &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("ställt till region 20 Region Dalarna"), std::string::npos) << out;
  // Forced: checked line by line as before (every line disputed, code 1: not 04's resident).
  auto r = reconcile("--force --buyer 04 --spec" + specs, &status);
  EXPECT_EQ(status, 0);
  ASSERT_FALSE(r.at("findings").as_array().empty()) << boost::json::serialize(r);
  for (const auto& f : r.at("findings").as_array())
    EXPECT_NE(f.at("reason_code").as_int64(), 0) << boost::json::serialize(f);
  // Addressed to the buyer itself: no refusal.
  EXPECT_EQ(reconcile("--buyer 20 --spec" + specs).at("findings").as_array().size(), 0u);
}

// The demo's Region Uppsala has two selling hospitals under one organisation
// number: Akademiska (AS, no HSA id) and Lasarettet i Enköping (ENK, with an
// HSA id). Enköping's demo care (only its rows of the generated files, to stay
// small), billed, is reconciled by Västmanland without "cannot re-price":
// the care unit's HSA id on each line names the hospital.
TEST(ReconcileDemo, AnEnkopingSpecificationIsRepricedAsEnkopings) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("reconcile-demo");
  const std::string bin = vardavtal::testing::binary_on(dir);
  const fs::path data = dir / "data", enk = dir / "enk";
  ASSERT_EQ(run(bin + "generate --out " + data.string() + " >/dev/null && echo ok"), "ok\n");
  fs::create_directories(enk);
  fs::copy(data / "agreements", enk / "agreements");
  for (const char* f : {"regions.csv", "hospitals.csv", "weights.csv", "index.csv", "prices.csv"})
    fs::copy(data / f, enk / f);
  // ENK's records and referrals; the residents rows of their patients.
  auto filter = [](const fs::path& from, const fs::path& to, auto keep) {
    std::ifstream in(from);
    std::ofstream out(to);
    std::string line;
    std::getline(in, line);
    out << line << "\n";
    while (std::getline(in, line))
      if (keep(line)) out << line << "\n";
  };
  std::set<std::string> patients;
  filter(data / "records.csv", enk / "records.csv", [&](const std::string& l) {
    if (l.rfind("ENK-", 0) != 0) return false;
    patients.insert(l.substr(l.find(',', l.find(',') + 1) + 1, 12));
    return true;
  });
  ASSERT_GT(patients.size(), 100u);
  filter(data / "referrals.csv", enk / "referrals.csv",
         [](const std::string& l) { return l.find(",ENK,") != std::string::npos; });
  filter(data / "residents.csv", enk / "residents.csv",
         [&](const std::string& l) { return patients.count(l.substr(0, 12)) > 0; });
  filter(data / "items.csv", enk / "items.csv",
         [](const std::string& l) { return l.find(",ENK,") != std::string::npos; });
  ASSERT_EQ(vardavtal::testing::init_and_import_all(bin, enk), "ok\n");
  ASSERT_EQ(run(bin + "bill --seller ENK --through 2021-12 >/dev/null && echo ok"), "ok\n");

  std::string number;
  auto list = boost::json::parse(run(bin + "invoices --seller ENK --period 2021-03 --format json"));
  for (const auto& v : list.as_array())
    if (v.at("kind").as_string() == "care") {
      EXPECT_EQ(v.at("buyer").as_string(), "19");
      number = std::string(v.at("number").as_string());
    }
  ASSERT_FALSE(number.empty());
  const std::string xml = (dir / (number + ".xml")).string();
  const std::string csv = (dir / (number + ".csv")).string();
  EXPECT_EQ(run(bin + "invoice " + number + " --format fakturaunderlag --out " + xml), "");
  EXPECT_EQ(run(bin + "invoice " + number + " --format csv --out " + csv), "");
  EXPECT_EQ(run(bin + "check-spec " + xml), xml + ": OK\n");
  std::ifstream in(xml);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("<careUnitName>Lasarettet i Enköping</careUnitName>"), std::string::npos);
  EXPECT_NE(text.find("<extension>SE2321000024-ENK1</extension>"), std::string::npos);
  EXPECT_NE(text.find("<extension>2321000024</extension>"), std::string::npos);  // Region Uppsala
  for (const std::string& spec : {xml, csv}) {
    int status = -1;
    const std::string out = run(bin + "reconcile --buyer 19 --format json --spec " + spec, &status);
    EXPECT_EQ(status, 0) << out;
    EXPECT_EQ(out.find("cannot re-price"), std::string::npos) << out;
    auto r = boost::json::parse(out).as_object();
    EXPECT_EQ(r.at("findings").as_array().size(), 0u) << out;
    ASSERT_EQ(r.at("invoices").as_array().size(), 1u) << out;
    EXPECT_EQ(r.at("invoices").as_array()[0].at("seller").as_string(), "ENK") << out;
  }
  fs::remove_all(dir);
}

}  // namespace
