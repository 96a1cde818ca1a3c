// check_spec (billing/documents/spec_check.h) on a fakturaunderlag written by
// "another region's system" (its own prefixes, layout and optional fields):
// the document is valid; each edit of its text breaks exactly the rules it
// should, reported on the offending element's line; malformed XML gives one
// "XML" violation. Also: the embedded schema is the vendored one, the vendored
// RIVTA files (third_party/rivta/) have their recorded SHA-256, and the
// compiled-in code lists are those of the vendored MVO list and schematron.
#include "billing/documents/spec_check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "billing/documents/rivta_codes.h"
#include "billing/documents/rivta_schema.h"
#include "store/token_store.h"  // sha256_hex

namespace vardavtal {
namespace {

namespace fs = std::filesystem;

Date ymd(int y, unsigned m, unsigned d) {
  return Date{date::year{y}, date::month{m}, date::day{d}};
}

const Date kToday = ymd(2021, 5, 6);  // the day after the document's issueDate 20210505

// Three lines (lineId 10, 20, 30):
//   10 inpatient somatic care: DRG 50 000.00 + care-time outlier 10 000.5 = gross
//      60 000.50, discount 25 000.25, net 35 000.25;
//   20 outpatient visit billed by items: 3 × 100.10 = 300.30 and 1 × 49.9 = 49.90,
//      patient fee paid 100.00: gross = net = 250.20;
//   30 psychiatric inpatient care invoiced for a period, no diagnosis: DRG
//      20 000 + cost outlier 5 100.05 = gross = net 25 100.05.
// payableAmount 60 350.5 = 35 000.25 + 250.20 + 25 100.05.
std::string fixture() {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- A fakturaunderlag as another region's system might send it. -->
<urn1:ProcessClaimSpecification xmlns:urn1="urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1" xmlns:urn2="urn:riv:financial:billing:claim:1">
  <urn1:claimSpecification>
    <urn2:id>ZVF23210001802105000007</urn2:id>
    <urn2:issueDate>20210505</urn2:issueDate>
    <urn2:issueTime>101500</urn2:issueTime>
    <urn2:typeOfInvoice>380</urn2:typeOfInvoice>
    <urn2:invoiceId>5000123</urn2:invoiceId>
    <urn2:invoiceDateOfIssue>20210505</urn2:invoiceDateOfIssue>
    <urn2:payableAmount><urn2:amount>60350.5</urn2:amount>$SEK</urn2:payableAmount>
    <urn2:supplierParty>
      <urn2:identification><urn2:root>1.3.7</urn2:root><urn2:extension>2321000180</urn2:extension></urn2:identification>
    </urn2:supplierParty>
    <urn2:customerParty>
      <urn2:identification><urn2:root>1.3.7</urn2:root><urn2:extension>2321000024</urn2:extension></urn2:identification>
      <urn2:identification><urn2:root>2.51.1.6</urn2:root><urn2:extension>7350000000001</urn2:extension></urn2:identification>
    </urn2:customerParty>
    <urn2:healthCareServicesSpecificationLine>
      <urn2:patientInformation>
        <urn2:patientIdentity><urn2:root>1.2.752.129.2.1.3.1</urn2:root><urn2:extension>195001011237</urn2:extension></urn2:patientIdentity>
        <urn2:patientOtherInformation>
          <urn2:county><urn2:code>03</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.18</urn2:codeSystem></urn2:county>
          <urn2:municipality><urn2:code>0380</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.17</urn2:codeSystem></urn2:municipality>
          <urn2:listingLocalAuthoritiesNumber><urn2:root>1.2.752.129.2.1.4.1</urn2:root><urn2:extension>SE2321000024-E000000000001</urn2:extension></urn2:listingLocalAuthoritiesNumber>
          <urn2:gender><urn2:code>1</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.1</urn2:codeSystem></urn2:gender>
        </urn2:patientOtherInformation>
      </urn2:patientInformation>
      <urn2:healthcarePerformed>
        <urn2:lineId>10</urn2:lineId>
        <urn2:careContactId>VK-1001</urn2:careContactId>
        <urn2:paymentCommitment>
          <urn2:remittanceNumber>REM-77</urn2:remittanceNumber>
          <urn2:typeOfAgreement>2</urn2:typeOfAgreement>
          <urn2:typeOfChapter>1</urn2:typeOfChapter>
          <urn2:typeOfReimbursement>1</urn2:typeOfReimbursement>
        </urn2:paymentCommitment>
        <urn2:healthcareCategory>
          <urn2:typeOfCare><urn2:code>02</urn2:code><urn2:codeSystem>1.2.752.29.4.16</urn2:codeSystem></urn2:typeOfCare>
          <urn2:publicCare>true</urn2:publicCare>
          <urn2:plannedHealthcare>true</urn2:plannedHealthcare>
        </urn2:healthcareCategory>
        <urn2:timespan>
          <urn2:healthcareVisitDateTime><urn2:careVisitDate>20210401</urn2:careVisitDate></urn2:healthcareVisitDateTime>
          <urn2:healthcareDischargeDateTime><urn2:careDischargeDate>20210410</urn2:careDischargeDate></urn2:healthcareDischargeDateTime>
          <urn2:numberOfDays><urn2:onLeave>1</urn2:onLeave><urn2:inCare>8</urn2:inCare></urn2:numberOfDays>
        </urn2:timespan>
        <urn2:healthcareUnit>
          <urn2:careUnitId><urn2:root>1.2.752.129.2.1.4.1</urn2:root><urn2:extension>SE2321000180-E000000000002</urn2:extension></urn2:careUnitId>
          <urn2:careUnitName>Falu lasarett, kardiologi</urn2:careUnitName>
        </urn2:healthcareUnit>
        <urn2:categorization>
          <urn2:productCategory>02</urn2:productCategory>
          <urn2:priceList>2</urn2:priceList>
          <urn2:DRGCost>
            <urn2:DRGCode><urn2:originalText>F62C</urn2:originalText></urn2:DRGCode>
            <urn2:DRGPrice><urn2:amount>50000.00</urn2:amount>$SEK</urn2:DRGPrice>
            <urn2:extendedAllowanceCareTime><urn2:amount>10000.5</urn2:amount>$SEK</urn2:extendedAllowanceCareTime>
          </urn2:DRGCost>
        </urn2:categorization>
        <urn2:invoicedAmountDetails>
          <urn2:patientCareInvoiceGrossAmount><urn2:amount>60000.50</urn2:amount>$SEK</urn2:patientCareInvoiceGrossAmount>
          <urn2:patientCareInvoiceNetAmount><urn2:amount>35000.25</urn2:amount>$SEK</urn2:patientCareInvoiceNetAmount>
          <urn2:patientCareDiscount><urn2:amount>25000.25</urn2:amount>$SEK</urn2:patientCareDiscount>
        </urn2:invoicedAmountDetails>
        <urn2:activity>
          <urn2:medicalFieldCode>101</urn2:medicalFieldCode>
          <urn2:businessClassification><urn2:code>1024</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.3</urn2:codeSystem></urn2:businessClassification>
          <urn2:careLevel>3</urn2:careLevel>
        </urn2:activity>
        <urn2:diagnosis><urn2:inpatientCareDiagnosis><urn2:mainDiagnosis><urn2:diagnosisCode><urn2:code>I500</urn2:code><urn2:codeSystem>1.2.752.116.1.1.1.1.3</urn2:codeSystem></urn2:diagnosisCode></urn2:mainDiagnosis></urn2:inpatientCareDiagnosis></urn2:diagnosis>
        <urn2:treatment><urn2:typeOfTreatment><urn2:code>FPE26</urn2:code><urn2:codeSystem>1.2.752.116.1.3.2.1.4</urn2:codeSystem></urn2:typeOfTreatment></urn2:treatment>
      </urn2:healthcarePerformed>
    </urn2:healthCareServicesSpecificationLine>
    <urn2:healthCareServicesSpecificationLine>
      <urn2:patientInformation>
        <urn2:patientIdentity><urn2:root>1.2.752.129.2.1.3.3</urn2:root><urn2:extension>198001620007</urn2:extension></urn2:patientIdentity>
        <urn2:patientOtherInformation>
          <urn2:county><urn2:code>03</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.18</urn2:codeSystem></urn2:county>
          <urn2:municipality><urn2:code>0305</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.17</urn2:codeSystem></urn2:municipality>
        </urn2:patientOtherInformation>
      </urn2:patientInformation>
      <urn2:healthcarePerformed>
        <urn2:lineId>20</urn2:lineId>
        <urn2:healthcareCategory>
          <urn2:typeOfCare><urn2:code>01</urn2:code><urn2:codeSystem>1.2.752.29.4.16</urn2:codeSystem></urn2:typeOfCare>
          <urn2:plannedHealthcare>true</urn2:plannedHealthcare>
          <urn2:typeOfVisit>1</urn2:typeOfVisit>
        </urn2:healthcareCategory>
        <urn2:timespan>
          <urn2:healthcareVisitDateTime><urn2:careVisitDate>20210415</urn2:careVisitDate></urn2:healthcareVisitDateTime>
        </urn2:timespan>
        <urn2:healthcareUnit>
          <urn2:careUnitName>Falu lasarett, ögonmottagningen</urn2:careUnitName>
          <urn2:professionCodeForHealthcare>SJ</urn2:professionCodeForHealthcare>
        </urn2:healthcareUnit>
        <urn2:categorization>
          <urn2:productCategory>03</urn2:productCategory>
          <urn2:patientSpecificCare>
            <urn2:patientSpecificCareCode>X1</urn2:patientSpecificCareCode>
            <urn2:patientSpecificCareCodeName>Injektion</urn2:patientSpecificCareCodeName>
            <urn2:numberOfPatientSpecificCare>3</urn2:numberOfPatientSpecificCare>
            <urn2:patientSpecificCarePrice><urn2:amount>100.10</urn2:amount>$SEK</urn2:patientSpecificCarePrice>
            <urn2:patientSpecificCareTotalAmount><urn2:amount>300.30</urn2:amount>$SEK</urn2:patientSpecificCareTotalAmount>
          </urn2:patientSpecificCare>
          <urn2:patientSpecificCare>
            <urn2:patientSpecificCareCode>X2</urn2:patientSpecificCareCode>
            <urn2:patientSpecificCareCodeName>Besök sjuksköterska</urn2:patientSpecificCareCodeName>
            <urn2:numberOfPatientSpecificCare>1</urn2:numberOfPatientSpecificCare>
            <urn2:patientSpecificCarePrice><urn2:amount>49.9</urn2:amount>$SEK</urn2:patientSpecificCarePrice>
            <urn2:patientSpecificCareTotalAmount><urn2:amount>49.90</urn2:amount>$SEK</urn2:patientSpecificCareTotalAmount>
          </urn2:patientSpecificCare>
        </urn2:categorization>
        <urn2:invoicedAmountDetails>
          <urn2:patientCareInvoiceGrossAmount><urn2:amount>250.20</urn2:amount>$SEK</urn2:patientCareInvoiceGrossAmount>
          <urn2:patientCareInvoiceNetAmount><urn2:amount>+250.2000</urn2:amount>$SEK</urn2:patientCareInvoiceNetAmount>
          <urn2:outPatientCareFee><urn2:amount>200.00</urn2:amount>$SEK</urn2:outPatientCareFee>
          <urn2:outPatientCareFeePaid><urn2:amount>100.00</urn2:amount>$SEK</urn2:outPatientCareFeePaid>
          <urn2:patientFeeReducedCategory>01</urn2:patientFeeReducedCategory>
        </urn2:invoicedAmountDetails>
        <urn2:activity><urn2:medicalFieldCode>511</urn2:medicalFieldCode></urn2:activity>
      </urn2:healthcarePerformed>
    </urn2:healthCareServicesSpecificationLine>
    <urn2:healthCareServicesSpecificationLine>
      <urn2:patientInformation>
        <urn2:patientIdentity><urn2:root>1.2.752.129.2.1.3.1</urn2:root><urn2:extension>199203045670</urn2:extension></urn2:patientIdentity>
        <urn2:patientOtherInformation>
          <urn2:county><urn2:code>03</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.18</urn2:codeSystem></urn2:county>
          <urn2:municipality><urn2:code>0381</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.17</urn2:codeSystem></urn2:municipality>
        </urn2:patientOtherInformation>
      </urn2:patientInformation>
      <urn2:healthcarePerformed>
        <urn2:lineId>30</urn2:lineId>
        <urn2:careContactId>VK-1003</urn2:careContactId>
        <urn2:healthcareCategory>
          <urn2:typeOfCare><urn2:code>02</urn2:code><urn2:codeSystem>1.2.752.29.4.16</urn2:codeSystem></urn2:typeOfCare>
          <urn2:plannedHealthcare>false</urn2:plannedHealthcare>
        </urn2:healthcareCategory>
        <urn2:timespan>
          <urn2:healthcareVisitDateTime><urn2:careVisitDate>20210320</urn2:careVisitDate></urn2:healthcareVisitDateTime>
          <urn2:invoicePeriod><urn2:start>20210401</urn2:start><urn2:end>20210430</urn2:end></urn2:invoicePeriod>
          <urn2:numberOfDays><urn2:inCare>30</urn2:inCare></urn2:numberOfDays>
        </urn2:timespan>
        <urn2:healthcareUnit>
          <urn2:careUnitName>Säters sjukhus, allmänpsykiatri</urn2:careUnitName>
        </urn2:healthcareUnit>
        <urn2:categorization>
          <urn2:DRGCost>
            <urn2:DRGCode><urn2:originalText>U60N</urn2:originalText></urn2:DRGCode>
            <urn2:DRGPrice><urn2:amount>20000</urn2:amount>$SEK</urn2:DRGPrice>
            <urn2:extendedAllowanceCost><urn2:amount>5100.05</urn2:amount>$SEK</urn2:extendedAllowanceCost>
          </urn2:DRGCost>
        </urn2:categorization>
        <urn2:invoicedAmountDetails>
          <urn2:patientCareInvoiceGrossAmount><urn2:amount>25100.05</urn2:amount>$SEK</urn2:patientCareInvoiceGrossAmount>
          <urn2:patientCareInvoiceNetAmount><urn2:amount>25100.050</urn2:amount>$SEK</urn2:patientCareInvoiceNetAmount>
        </urn2:invoicedAmountDetails>
        <urn2:activity><urn2:medicalFieldCode>901</urn2:medicalFieldCode></urn2:activity>
      </urn2:healthcarePerformed>
    </urn2:healthCareServicesSpecificationLine>
  </urn1:claimSpecification>
</urn1:ProcessClaimSpecification>
)";
  const std::string sek =
      "<urn2:currency><urn2:code>SEK</urn2:code><urn2:codeSystem>1.0.4217</urn2:codeSystem>"
      "</urn2:currency>";
  for (size_t at = xml.find("$SEK"); at != std::string::npos; at = xml.find("$SEK", at))
    xml.replace(at, 4, sek);
  return xml;
}

// ---- editing the text ------------------------------------------------------

// Position of the n-th (1-based) occurrence of `needle`; npos when absent.
size_t find_nth(const std::string& text, const std::string& needle, int n) {
  size_t at = text.find(needle);
  for (int i = 1; i < n && at != std::string::npos; ++i) at = text.find(needle, at + 1);
  return at;
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// 1-based line of the n-th occurrence of `needle`; 0 when absent.
long line_of(const std::string& text, const std::string& needle, int n = 1) {
  size_t at = find_nth(text, needle, n);
  if (at == std::string::npos) return 0;
  return 1 +
         static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// One edit: replace the single occurrence of `from` by `to` (an empty `to`
// removes the whole line holding `from`).
struct Edit {
  std::string from, to;
};

std::string apply(std::string xml, const std::vector<Edit>& edits) {
  for (const Edit& e : edits) {
    EXPECT_EQ(count_of(xml, e.from), 1u) << "edit must match exactly once: " << e.from;
    size_t at = xml.find(e.from);
    if (at == std::string::npos) continue;
    if (e.to.empty()) {
      size_t begin = xml.rfind('\n', at) + 1;
      size_t end = xml.find('\n', at);
      xml.erase(begin, end - begin + 1);
    } else {
      xml.replace(at, e.from.size(), e.to);
    }
  }
  return xml;
}

// An expected violation: its rule and the element it is reported on, found by
// text (the n-th occurrence) in the edited document.
struct Expect {
  std::string rule, needle;
  int occurrence = 1;
};

using Found = std::vector<std::pair<std::string, long>>;

Found found_of(const std::vector<SpecViolation>& vs) {
  Found out;
  for (const SpecViolation& v : vs) out.emplace_back(v.rule, v.line);
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const std::vector<SpecViolation>& vs) {
  std::string out;
  for (const SpecViolation& v : vs)
    out += "  " + v.rule + " line " + std::to_string(v.line) + ": " + v.message + "\n";
  return out.empty() ? "  (none)\n" : out;
}

class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    std::string tmpl = (fs::temp_directory_path() / "spec_check_test_XXXXXX").string();
    int fd = mkstemp(tmpl.data());
    if (fd >= 0) close(fd);
    path_ = tmpl;
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes the edited fixture to a file, checks it and compares (rule, line).
void expect_violations(const std::vector<Edit>& edits, const std::vector<Expect>& expected,
                       Date today = kToday) {
  std::string xml = apply(fixture(), edits);
  Found want;
  for (const Expect& e : expected) {
    long line = line_of(xml, e.needle, e.occurrence);
    EXPECT_GT(line, 0) << "needle not in the edited document: " << e.needle;
    want.emplace_back(e.rule, line);
  }
  std::sort(want.begin(), want.end());
  TempFile file(xml);
  auto vs = check_spec(file.path(), today);
  EXPECT_EQ(found_of(vs), want) << "found:\n" << describe(vs);
  for (const SpecViolation& v : vs) EXPECT_FALSE(v.message.empty()) << v.rule;
}

TEST(SpecCheck, ValidDocumentHasNoViolations) {
  TempFile file(fixture());
  auto vs = check_spec(file.path(), kToday);
  EXPECT_TRUE(vs.empty()) << describe(vs);
  EXPECT_TRUE(check_spec(file.path()).empty()) << "with today's real date";
  EXPECT_TRUE(check_spec_text(fixture(), kToday).empty());
}

TEST(SpecCheck, FixtureIsValidForTheSharedValidatorToo) {
  TempFile file(fixture());
  std::string cmd = std::string("'") + VARDAVTAL_SOURCE_DIR +
                    "/third_party/validators/validate-fakturaunderlag' '" + file.path() +
                    "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

// ---- amounts ---------------------------------------------------------------

TEST(SpecCheck, Or27WrongGross) {
  // The DRG price no longer adds up to the gross.
  expect_violations(
      {{"<urn2:amount>50000.00</urn2:amount>", "<urn2:amount>50000.10</urn2:amount>"}},
      {{"ÖR27", "<urn2:amount>60000.50</urn2:amount>"}});
  // The gross itself changed: the net no longer follows from it either.
  expect_violations(
      {{"<urn2:amount>60000.50</urn2:amount>", "<urn2:amount>60000.60</urn2:amount>"}},
      {{"ÖR27", "<urn2:amount>60000.60</urn2:amount>"},
       {"ÖR28", "<urn2:amount>35000.25</urn2:amount>"}});
  // The patient fee paid is deducted.
  expect_violations({{"<urn2:amount>100.00</urn2:amount>", "<urn2:amount>99.99</urn2:amount>"}},
                    {{"ÖR27", "<urn2:amount>250.20</urn2:amount>"}});
}

TEST(SpecCheck, Or28WrongNet) {
  // Off by ten öre: within ÖR5's one krona, so only the line's net is wrong.
  expect_violations({{"<urn2:amount>+250.2000</urn2:amount>", "<urn2:amount>250.30</urn2:amount>"}},
                    {{"ÖR28", "<urn2:amount>250.30</urn2:amount>"}});
  // The discount is deducted.
  expect_violations(
      {{"<urn2:amount>25000.25</urn2:amount>", "<urn2:amount>25000.24</urn2:amount>"}},
      {{"ÖR28", "<urn2:amount>35000.25</urn2:amount>"}});
}

TEST(SpecCheck, Or5PayableAmountBeyondOneKrona) {
  expect_violations({{"<urn2:amount>60350.5</urn2:amount>", "<urn2:amount>60351.51</urn2:amount>"}},
                    {{"ÖR5", "<urn2:amount>60351.51</urn2:amount>"}});
  expect_violations({{"<urn2:amount>60350.5</urn2:amount>", "<urn2:amount>60349.49</urn2:amount>"}},
                    {{"ÖR5", "<urn2:amount>60349.49</urn2:amount>"}});
}

TEST(SpecCheck, Or5PayableAmountWithinOneKronaIsAccepted) {
  expect_violations({{"<urn2:amount>60350.5</urn2:amount>", "<urn2:amount>60351.50</urn2:amount>"}},
                    {});
  expect_violations(
      {{"<urn2:amount>60350.5</urn2:amount>", "<urn2:amount>60349.500</urn2:amount>"}}, {});
  expect_violations({{"<urn2:amount>60350.5</urn2:amount>", "<urn2:amount>60350.73</urn2:amount>"}},
                    {});
}

TEST(SpecCheck, Or26ItemTotalIsNumberTimesPrice) {
  // The total is wrong: the gross (which adds the totals) is then wrong too.
  expect_violations({{"<urn2:amount>300.30</urn2:amount>", "<urn2:amount>300.40</urn2:amount>"}},
                    {{"ÖR26", "<urn2:amount>300.40</urn2:amount>"},
                     {"ÖR27", "<urn2:amount>250.20</urn2:amount>"}});
  // The price is wrong: only the item's total is.
  expect_violations({{"<urn2:amount>100.10</urn2:amount>", "<urn2:amount>100.20</urn2:amount>"}},
                    {{"ÖR26", "<urn2:amount>300.30</urn2:amount>"}});
  expect_violations(
      {{"<urn2:numberOfPatientSpecificCare>3<", "<urn2:numberOfPatientSpecificCare>4<"}},
      {{"ÖR26", "<urn2:amount>300.30</urn2:amount>"}});
}

TEST(SpecCheck, Or26RoundsHalfToEvenAtOre) {
  // 3 × 100.101666 = 300.304998 -> 300.30: valid.
  expect_violations(
      {{"<urn2:amount>100.10</urn2:amount>", "<urn2:amount>100.101666</urn2:amount>"}}, {});
  // 3 × 100.101667 = 300.305001 -> 300.31: not 300.30.
  expect_violations(
      {{"<urn2:amount>100.10</urn2:amount>", "<urn2:amount>100.101667</urn2:amount>"}},
      {{"ÖR26", "<urn2:amount>300.30</urn2:amount>"}});
}

// ---- identities and codes --------------------------------------------------------

TEST(SpecCheck, Or43LineIdsUniqueAndAscending) {
  expect_violations({{"<urn2:lineId>20</urn2:lineId>", "<urn2:lineId>10</urn2:lineId>"}},
                    {{"ÖR43", "<urn2:lineId>10</urn2:lineId>", 2}});
  expect_violations({{"<urn2:lineId>30</urn2:lineId>", "<urn2:lineId>15</urn2:lineId>"}},
                    {{"ÖR43", "<urn2:lineId>15</urn2:lineId>"}});
  // Ascending by number, not by text.
  expect_violations({{"<urn2:lineId>30</urn2:lineId>", "<urn2:lineId>100</urn2:lineId>"}}, {});
}

TEST(SpecCheck, Or37IdPrefixAndLength) {
  expect_violations({{"<urn2:id>ZVF23210001802105000007</urn2:id>",
                      "<urn2:id>ZVX23210001802105000007</urn2:id>"}},
                    {{"ÖR37", "<urn2:id>"}});
  expect_violations(
      {{"<urn2:id>ZVF23210001802105000007</urn2:id>", "<urn2:id>ZVF2321000180210500007</urn2:id>"}},
      {{"ÖR37", "<urn2:id>"}});
}

TEST(SpecCheck, Or52CreditNoteWithoutReference) {
  expect_violations({{"<urn2:typeOfInvoice>380<", "<urn2:typeOfInvoice>381<"}},
                    {{"ÖR52", "<urn2:typeOfInvoice>"}});
  expect_violations({{"<urn2:typeOfInvoice>380<", "<urn2:typeOfInvoice>381<"},
                     {"<urn2:payableAmount>",
                      "<urn2:referenceToProcessClaimSpecificationId>ZVF23210001802104000001"
                      "</urn2:referenceToProcessClaimSpecificationId><urn2:payableAmount>"}},
                    {});
}

TEST(SpecCheck, Or2FutureIssueDate) {
  expect_violations({{"<urn2:issueDate>20210505<", "<urn2:issueDate>20210507<"}},
                    {{"ÖR2", "<urn2:issueDate>"}});
  expect_violations({}, {{"ÖR2", "<urn2:issueDate>"}}, ymd(2021, 5, 4));
}

TEST(SpecCheck, OtherRulesEachReportedOnTheirElement) {
  struct Case {
    const char* name;
    std::vector<Edit> edits;
    std::vector<Expect> expected;
  };
  const std::string supplier =
      "<urn2:root>1.3.7</urn2:root><urn2:extension>2321000180</urn2:extension>";
  const std::string gln =
      "<urn2:root>2.51.1.6</urn2:root><urn2:extension>7350000000001</urn2:extension>";
  const std::string diagnosis_10 = "<urn2:diagnosis><urn2:inpatientCareDiagnosis>";
  const std::vector<Case> cases = {
      {"ÖR1 empty element",
       {{"<urn2:invoiceId>5000123</urn2:invoiceId>", "<urn2:invoiceId/>"}},
       {{"ÖR1", "<urn2:invoiceId/>"}}},
      {"ÖR3 supplier root",
       {{supplier, "<urn2:root>1.3.8</urn2:root><urn2:extension>2321000180</urn2:extension>"}},
       {{"ÖR3", "<urn2:supplierParty>"}, {"ÖR48", "<urn2:root>1.3.8</urn2:root>"}}},
      {"ÖR3 supplier length",
       {{supplier, "<urn2:root>1.3.7</urn2:root><urn2:extension>232100018</urn2:extension>"}},
       {{"ÖR3", "<urn2:supplierParty>"}, {"ÖR48", "<urn2:extension>232100018<"}}},
      {"ÖR46 customer GLN length",
       {{gln, "<urn2:root>2.51.1.6</urn2:root><urn2:extension>735000000001</urn2:extension>"}},
       {{"ÖR46", "<urn2:customerParty>"}, {"ÖR48", "<urn2:extension>735000000001<"}}},
      {"ÖR4 type of invoice",
       {{"<urn2:typeOfInvoice>380<", "<urn2:typeOfInvoice>390<"}},
       {{"ÖR4", "<urn2:typeOfInvoice>"}}},
      {"ÖR7 two patient identities",
       {{"<urn2:extension>198001620007</urn2:extension></urn2:patientIdentity>",
         "<urn2:extension>198001620007</urn2:extension></"
         "urn2:patientIdentity><urn2:patientIdentity>"
         "<urn2:root>1.2.752.129.2.1.3.1</urn2:root><urn2:extension>195001011237</urn2:extension>"
         "</urn2:patientIdentity>"}},
       {{"ÖR7", "<urn2:patientInformation>", 2}, {"XSD", "<urn2:extension>198001620007<"}}},
      {"ÖR8 county length",
       {{"<urn2:county><urn2:code>03</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.18</"
         "urn2:codeSystem></urn2:county>\n          <urn2:municipality><urn2:code>0380",
         "<urn2:county><urn2:code>3</urn2:code><urn2:codeSystem>1.2.752.129.2.2.1.18</"
         "urn2:codeSystem></urn2:county>\n          <urn2:municipality><urn2:code>0380"}},
       {{"ÖR8", "<urn2:code>3</urn2:code>"}}},
      {"ÖR9 municipality length",
       {{"<urn2:code>0305</urn2:code>", "<urn2:code>305</urn2:code>"}},
       {{"ÖR9", "<urn2:code>305</urn2:code>"}}},
      {"ÖR10 gender",
       {{"<urn2:gender><urn2:code>1<", "<urn2:gender><urn2:code>3<"}},
       {{"ÖR10", "<urn2:gender>"}}},
      {"ÖR11 care contact id of inpatient care",
       {{"<urn2:careContactId>VK-1001</urn2:careContactId>", ""}},
       {{"ÖR11", "<urn2:code>02</urn2:code>", 1}}},
      {"ÖR12 type of agreement",
       {{"<urn2:typeOfAgreement>2<", "<urn2:typeOfAgreement>4<"}},
       {{"ÖR12", "<urn2:typeOfAgreement>"}}},
      {"ÖR13 type of chapter",
       {{"<urn2:typeOfChapter>1<", "<urn2:typeOfChapter>8<"}},
       {{"ÖR13", "<urn2:typeOfChapter>"}}},
      {"ÖR14 type of reimbursement",
       {{"<urn2:typeOfReimbursement>1<", "<urn2:typeOfReimbursement>3<"}},
       {{"ÖR14", "<urn2:typeOfReimbursement>"}}},
      {"ÖR15 type of care",
       {{"<urn2:code>02</urn2:code><urn2:codeSystem>1.2.752.29.4.16</urn2:codeSystem></"
         "urn2:typeOfCare>\n          <urn2:plannedHealthcare>false",
         "<urn2:code>03</urn2:code><urn2:codeSystem>1.2.752.29.4.16</urn2:codeSystem></"
         "urn2:typeOfCare>\n          <urn2:plannedHealthcare>false"}},
       {{"ÖR15", "<urn2:code>03</urn2:code><urn2:codeSystem>1.2.752.29.4.16"}}},
      {"ÖR16 type of visit",
       {{"<urn2:typeOfVisit>1<", "<urn2:typeOfVisit>3<"}},
       {{"ÖR16", "<urn2:typeOfVisit>"}}},
      {"ÖR17 visit after the issue date",
       {{"<urn2:careVisitDate>20210415<", "<urn2:careVisitDate>20210506<"}},
       {{"ÖR17", "<urn2:careVisitDate>20210506<"}}},
      {"ÖR18 discharge before admission",
       {{"<urn2:careDischargeDate>20210410<", "<urn2:careDischargeDate>20210331<"}},
       {{"ÖR18", "<urn2:careDischargeDate>"}}},
      {"ÖR38 discharge after the issue date",
       {{"<urn2:careDischargeDate>20210410<", "<urn2:careDischargeDate>20210506<"}},
       {{"ÖR38", "<urn2:careDischargeDate>"}}},
      {"ÖR19 invoice period without end",
       {{"<urn2:end>20210430</urn2:end>", "<!-- no end -->"}},
       {{"ÖR19", "<urn2:invoicePeriod>"}}},
      {"ÖR20 invoice period after the issue date",
       {{"<urn2:end>20210430<", "<urn2:end>20210506<"}},
       {{"ÖR20", "<urn2:invoicePeriod>"}}},
      {"ÖR21 invoice period ends before it starts",
       {{"<urn2:start>20210401<", "<urn2:start>20210501<"}},
       {{"ÖR21", "<urn2:end>"}}},
      {"ÖR22 profession code", {{">SJ<", ">XX<"}}, {{"ÖR22", ">XX<"}}},
      {"ÖR23 outpatient care without profession code",
       {{"<urn2:professionCodeForHealthcare>SJ</urn2:professionCodeForHealthcare>", ""}},
       {{"ÖR23", "<urn2:code>01</urn2:code>"}}},
      {"ÖR24 product category",
       {{"<urn2:productCategory>02<", "<urn2:productCategory>05<"}},
       {{"ÖR24", "<urn2:productCategory>05<"}}},
      {"ÖR25 price list",
       {{"<urn2:priceList>2<", "<urn2:priceList>7<"}},
       {{"ÖR25", "<urn2:priceList>"}}},
      {"ÖR29 reduced fee category",
       {{"<urn2:patientFeeReducedCategory>01<", "<urn2:patientFeeReducedCategory>06<"}},
       {{"ÖR29", "<urn2:patientFeeReducedCategory>"}}},
      {"ÖR30 care level",
       {{"<urn2:careLevel>3<", "<urn2:careLevel>5<"}},
       {{"ÖR30", "<urn2:careLevel>"}}},
      {"ÖR31 somatic inpatient care without diagnosis",
       {{diagnosis_10, ""}},
       {{"ÖR31", "<urn2:healthcarePerformed>", 1}}},
      {"ÖR33 diagnosis in psychiatric care",
       {{"<urn2:activity><urn2:medicalFieldCode>901</urn2:medicalFieldCode></urn2:activity>",
         "<urn2:activity><urn2:medicalFieldCode>901</urn2:medicalFieldCode></urn2:activity>"
         "<urn2:diagnosis><urn2:inpatientCareDiagnosis><urn2:mainDiagnosis><urn2:diagnosisCode>"
         "<urn2:code>F200</urn2:code><urn2:codeSystem>1.2.752.116.1.1.1.1.3</urn2:codeSystem>"
         "</urn2:diagnosisCode></urn2:mainDiagnosis></urn2:inpatientCareDiagnosis></"
         "urn2:diagnosis>"}},
       {{"ÖR33", "<urn2:medicalFieldCode>901<"}}},
      {"ÖR34 listing region root",
       {{"<urn2:root>1.2.752.129.2.1.4.1</urn2:root><urn2:extension>SE2321000024",
         "<urn2:root>1.2.752.129.2.1.4</urn2:root><urn2:extension>SE2321000024"}},
       {{"ÖR34", "<urn2:listingLocalAuthoritiesNumber>"}}},
      {"ÖR35 currency",
       {{"<urn2:amount>20000</urn2:amount><urn2:currency><urn2:code>SEK<",
         "<urn2:amount>20000</urn2:amount><urn2:currency><urn2:code>EUR<"}},
       {{"ÖR35", "<urn2:code>EUR<"}}},
      {"ÖR36 reason for credit",
       {{"<urn2:lineId>20</urn2:lineId>",
         "<urn2:lineId>20</urn2:lineId><urn2:reasonForCredit>0</urn2:reasonForCredit>"}},
       {{"ÖR36", "<urn2:reasonForCredit>"}}},
      {"ÖR39 diagnosis code without code system",
       {{"<urn2:code>I500</urn2:code><urn2:codeSystem>1.2.752.116.1.1.1.1.3</urn2:codeSystem>",
         "<urn2:code>I500</urn2:code>"}},
       {{"ÖR39", "<urn2:code>I500</urn2:code>"}}},
      {"ÖR40 county code system",
       {{"<urn2:codeSystem>1.2.752.129.2.2.1.18</urn2:codeSystem></urn2:county>\n          "
         "<urn2:municipality><urn2:code>0305",
         "<urn2:codeSystem>1.2.752.129.2.2.1.17</urn2:codeSystem></urn2:county>\n          "
         "<urn2:municipality><urn2:code>0305"}},
       {{"ÖR40", "<urn2:codeSystem>1.2.752.129.2.2.1.17</urn2:codeSystem></urn2:county>"}}},
      {"ÖR41 municipality 9901 with code system",
       {{"<urn2:code>0381</urn2:code>", "<urn2:code>9901</urn2:code>"}},
       {{"ÖR41", "<urn2:code>9901</urn2:code>"}}},
      {"ÖR42 DRG code with more than originalText",
       {{"<urn2:DRGCode><urn2:originalText>F62C<",
         "<urn2:DRGCode><urn2:code>F62C</urn2:code><urn2:originalText>F62C<"}},
       {{"ÖR42", "<urn2:DRGCode><urn2:code>F62C"}}},
      {"ÖR45 DRG cost without DRG code",
       {{"<urn2:DRGCode><urn2:originalText>U60N</urn2:originalText></urn2:DRGCode>", ""}},
       {{"ÖR45", "<urn2:DRGCost>", 2}}},
      {"ÖR44 categorization without DRG cost or items (and the gross then wrong)",
       {{"<urn2:DRGCode><urn2:originalText>U60N</urn2:originalText></urn2:DRGCode>", ""},
        {"<urn2:amount>20000</urn2:amount>", ""},
        {"<urn2:amount>5100.05</urn2:amount>", ""},
        {"<urn2:DRGCost>\n          </urn2:DRGCost>", "<!-- none -->"}},
       {{"ÖR44", "<urn2:categorization>", 3}, {"ÖR27", "<urn2:amount>25100.05</urn2:amount>"}}},
      {"ÖR47 item without name",
       {{"<urn2:patientSpecificCareCodeName>Besök sjuksköterska</urn2:patientSpecificCareCodeName>",
         ""}},
       {{"ÖR47", "<urn2:patientSpecificCare>", 2}}},
      {"ÖR49 medical field code",
       {{"<urn2:medicalFieldCode>511<", "<urn2:medicalFieldCode>512<"}},
       {{"ÖR49", "<urn2:medicalFieldCode>512<"}}},
      {"ÖR50 agreement in Riksavtalet",
       {{"<urn2:typeOfChapter>1</urn2:typeOfChapter>",
         "<urn2:typeOfChapter>1</urn2:typeOfChapter>"
         "<urn2:agreementInRiksavtalet>5.1</urn2:agreementInRiksavtalet>"}},
       {{"ÖR50", "<urn2:agreementInRiksavtalet>"}}},
      {"ÖR51 inpatient care without care days",
       {{"<urn2:inCare>8</urn2:inCare>", "<!-- -->"}},
       {{"ÖR51", "<urn2:code>02</urn2:code>", 1}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    expect_violations(c.edits, c.expected);
  }
}

// ---- schema and well-formedness ----------------------------------------------

TEST(SpecCheck, SchemaViolationMissingMandatoryElement) {
  // careUnitName is mandatory: the schema reports the element found in its place.
  expect_violations(
      {{"<urn2:careUnitName>Falu lasarett, ögonmottagningen</urn2:careUnitName>", ""}},
      {{"XSD", "<urn2:professionCodeForHealthcare>"}});
  TempFile file(apply(fixture(), {{"<urn2:careUnitName>Falu lasarett, ögonmottagningen"
                                   "</urn2:careUnitName>",
                                   ""}}));
  auto vs = check_spec(file.path(), kToday);
  ASSERT_EQ(vs.size(), 1u);
  EXPECT_NE(vs[0].message.find("careUnitName"), std::string::npos) << vs[0].message;
}

TEST(SpecCheck, SchemaViolationInvalidDecimalIsLeftToTheSchema) {
  expect_violations(
      {{"<urn2:amount>60000.50</urn2:amount>", "<urn2:amount>60000,50</urn2:amount>"}},
      {{"XSD", "<urn2:amount>60000,50</urn2:amount>"}});
}

TEST(SpecCheck, MalformedXmlIsOneViolation) {
  std::string xml =
      apply(fixture(), {{"</urn2:careUnitName>\n          <urn2:professionCodeForHealthcare>",
                         "</urn2:careUnitNam>\n          <urn2:professionCodeForHealthcare>"}});
  TempFile file(xml);
  auto vs = check_spec(file.path(), kToday);
  ASSERT_EQ(vs.size(), 1u) << describe(vs);
  EXPECT_EQ(vs[0].rule, "XML");
  EXPECT_EQ(vs[0].line, line_of(xml, "</urn2:careUnitNam>"));
  EXPECT_NE(vs[0].message.find("careUnitName"), std::string::npos) << vs[0].message;

  auto truncated = check_spec_text(fixture().substr(0, 2000), kToday);
  ASSERT_EQ(truncated.size(), 1u) << describe(truncated);
  EXPECT_EQ(truncated[0].rule, "XML");

  auto garbage = check_spec_text("not xml at all", kToday);
  ASSERT_EQ(garbage.size(), 1u);
  EXPECT_EQ(garbage[0].rule, "XML");
  EXPECT_EQ(garbage[0].line, 1);

  auto empty = check_spec_text("", kToday);
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].rule, "XML");
}

TEST(SpecCheck, MissingFileIsOneViolation) {
  auto vs = check_spec("/nonexistent/fakturaunderlag.xml", kToday);
  ASSERT_EQ(vs.size(), 1u) << describe(vs);
  EXPECT_EQ(vs[0].rule, "XML");
}

TEST(SpecCheck, DocumentTypeDeclarationIsRefused) {
  std::string xml = fixture();
  xml.insert(xml.find("<!--"), "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>\n");
  auto vs = check_spec_text(xml, kToday);
  ASSERT_EQ(vs.size(), 1u) << describe(vs);
  EXPECT_EQ(vs[0].rule, "XML");
  EXPECT_EQ(vs[0].line, 1 + std::count(xml.begin(), xml.begin() + xml.find("<!DOCTYPE"), '\n'));
}

TEST(SpecCheck, DocumentTypeDeclarationIsReportedAtItsLine) {
  // As `check-spec FILE` reads it: the declaration is on line 2 (libxml2 gives
  // a DTD node no line of its own; it used to come out as -1).
  const fs::path file = fs::temp_directory_path() /
                        ("vardavtal-dtd-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(file) << "<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE x [<!ENTITY a \"b\">]>\n"
                         "<x>&a;</x>\n";
  auto vs = check_spec(file.string(), kToday);
  fs::remove(file);
  ASSERT_EQ(vs.size(), 1u) << describe(vs);
  EXPECT_EQ(vs[0].rule, "XML");
  EXPECT_EQ(vs[0].line, 2) << describe(vs);
  // A declaration with only an external subset, on line 3.
  auto ext = check_spec_text("<?xml version=\"1.0\"?>\n<!-- x -->\n<!DOCTYPE x SYSTEM \"x.dtd\">\n<x/>\n",
                             kToday);
  ASSERT_EQ(ext.size(), 1u) << describe(ext);
  EXPECT_EQ(ext[0].line, 3) << describe(ext);
}

TEST(SpecCheck, WrongRootIsASchemaViolation) {
  auto vs = check_spec_text("<?xml version=\"1.0\"?>\n<Invoice xmlns=\"urn:x\"/>\n", kToday);
  ASSERT_FALSE(vs.empty());
  EXPECT_EQ(vs[0].rule, "XSD");
  EXPECT_EQ(vs[0].line, 2);
}

// ---- the embedded and vendored schema ------------------------------------------

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SpecCheck, EmbeddedSchemaIsTheVendoredOne) {
  auto files = rivta::embedded_schema_files();
  ASSERT_EQ(files.size(), 2u) << "billing/CMakeLists.txt must include third_party/rivta/embed.cmake";
  for (const rivta::EmbeddedFile& f : files) {
    std::string vendored = read_file(std::string(VARDAVTAL_SOURCE_DIR) +
                                     "/third_party/rivta/" + std::string(f.path));
    EXPECT_EQ(std::string(f.text), vendored) << f.path;
  }
  std::string why;
  EXPECT_NE(rivta::claim_schema(&why), nullptr) << why;
}

// The recorded SHA-256 of each vendored file, path relative to third_party/.
std::map<std::string, std::string> recorded_sums() {
  std::map<std::string, std::string> sums;
  std::stringstream in(read_file(std::string(VARDAVTAL_SOURCE_DIR) + "/third_party/SHA256SUMS"));
  for (std::string hash, file; in >> hash >> file;) sums[file] = hash;
  return sums;
}

// The code list of the schematron assertion `id`: the words of its
// contains(' ... ', ...) test, sorted.
std::vector<std::string> schematron_code_list(const std::string& schematron, const std::string& id) {
  size_t at = schematron.find("<assert id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  size_t open = schematron.find("contains('", at), close = schematron.find("'", open + 10);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::stringstream words(schematron.substr(open + 10, close - open - 10));
  std::vector<std::string> out;
  for (std::string w; words >> w;) out.push_back(w);
  std::sort(out.begin(), out.end());
  return out;
}

template <size_t N>
std::vector<std::string> sorted(const std::string_view (&list)[N]) {
  std::vector<std::string> out(std::begin(list), std::end(list));
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SpecCheck, VendoredSchemaAndCodesAreTheNationalOnes) {
  const std::string rivta_dir = std::string(VARDAVTAL_SOURCE_DIR) + "/third_party/rivta/";
  const std::map<std::string, std::string> sums = recorded_sums();
  // Every vendored RIVTA file is the published one (its recorded SHA-256).
  std::vector<std::string> files = {"schematron-constraints.xml", "mvo-codes.txt"};
  for (const rivta::EmbeddedFile& f : rivta::embedded_schema_files())
    files.push_back(std::string(f.path));
  ASSERT_EQ(files.size(), 4u);
  for (const std::string& f : files) {
    ASSERT_EQ(sums.count("rivta/" + f), 1u) << "third_party/SHA256SUMS lacks rivta/" << f;
    EXPECT_EQ(sha256_hex(read_file(rivta_dir + f)), sums.at("rivta/" + f)) << f;
  }
  // Every other vendored file (UBL schemas, CEN and Peppol rule sets, the web
  // page's Preact with htm) is the published one too.
  ASSERT_EQ(sums.size(), 24u);
  for (const auto& [file, sum] : sums)
    EXPECT_EQ(sha256_hex(read_file(std::string(VARDAVTAL_SOURCE_DIR) + "/third_party/" + file)), sum)
        << file;
  // The compiled-in MVO list is the vendored one, in its order.
  std::stringstream mvo(read_file(rivta_dir + "mvo-codes.txt"));
  std::vector<std::string> national, ours(std::begin(rivta::kMvoCodes), std::end(rivta::kMvoCodes));
  for (std::string code; mvo >> code;) national.push_back(code);
  EXPECT_EQ(ours, national);
  // Each compiled-in code list is the schematron rule's list.
  const std::string sch = read_file(rivta_dir + "schematron-constraints.xml");
  const std::vector<std::pair<std::string, std::vector<std::string>>> lists = {
      {"R4", sorted(rivta::kTypeOfInvoice)},
      {"R10", sorted(rivta::kGender)},
      {"R12", sorted(rivta::kTypeOfAgreement)},
      {"R13", sorted(rivta::kTypeOfChapter)},
      {"R14", sorted(rivta::kTypeOfReimbursement)},
      {"R15", sorted(rivta::kTypeOfCare)},
      {"R16", sorted(rivta::kTypeOfVisit)},
      {"R22", sorted(rivta::kProfessionCodes)},
      {"R24", sorted(rivta::kProductCategory)},
      {"R25", sorted(rivta::kPriceList)},
      {"R29", sorted(rivta::kPatientFeeReducedCategory)},
      {"R30", sorted(rivta::kCareLevel)},
      {"R36", sorted(rivta::kReasonForCredit)},
      {"R49", sorted(rivta::kMvoCodes)},
      {"R50", sorted(rivta::kAgreementInRiksavtalet)}};
  for (const auto& [id, list] : lists) EXPECT_EQ(list, schematron_code_list(sch, id)) << id;
}

}  // namespace
}  // namespace vardavtal
