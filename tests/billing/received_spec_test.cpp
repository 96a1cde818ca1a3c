// read_received_spec (billing/documents/received_spec.h): fakturaunderlag
// written by our writer read back field by field, a minimal document from
// another seller, the CSV specification the product writes (the e2e golden
// files, which the golden test keeps equal to `invoice N --format csv`), and
// files that must be refused with the file and line.
#include "billing/documents/received_spec.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "billing/documents/csv_spec.h"
#include "billing/documents/fakturaunderlag.h"
#include "tests/billing/document_fixture.h"

namespace vardavtal {
namespace {

using namespace document_fixture;

std::string golden(const std::string& name) {
  std::ifstream in(std::string(VARDAVTAL_SOURCE_DIR) + "/tests/e2e/golden/" + name,
                   std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The message of the SpecReadError reading `path` throws; "" when none.
std::string read_error(const std::string& path) {
  try {
    read_received_spec(path);
  } catch (const SpecReadError& e) {
    return e.what();
  }
  return "";
}

// 1-based line of position `pos` in `text`.
long line_at(const std::string& text, size_t pos) {
  if (pos == std::string::npos) return -1;
  return 1 + static_cast<long>(std::count(text.begin(), text.begin() + pos, '\n'));
}
// 1-based line of the first occurrence of `needle` in `text`.
long line_of(const std::string& text, const std::string& needle) {
  return line_at(text, text.find(needle));
}

std::string replace_first(std::string text, const std::string& from, const std::string& to) {
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

// ---- a care invoice and a credit note, written by our writer ----------------

DocumentLine drg_outlier_line() {
  DocumentLine l = drg_outlier_stay();  // 197 463.75
  l.line_no = 1;
  l.record_id = "VK-2001";
  l.record_version = 2;
  l.patient_id = "195001011237";
  l.municipality = "2080";
  l.medical_field_code = "101";
  l.referral_id = "REM-1";
  return l;
}

DocumentLine item_line() {
  DocumentLine l;
  l.line_no = 2;
  l.record_id = "VK-2002";
  l.patient_id = "P-000042";  // a pseudonym
  l.municipality = "2021";
  l.care_type = CareType::other_visit;
  l.medical_field_code = "101";
  l.admission_date = ymd(2021, 4, 12);
  l.referral_id = "REM-2";
  add_items(l);  // 27 691.49
  l.patient_fee = kr(10000);
  l.gross = kr(2759149);  // 27 691.49 − 100.00
  l.net = kr(2759149);
  return l;
}

// Emergency care without referral: Riksavtalet 3.1.
DocumentLine emergency_line() {
  DocumentLine l;
  l.line_no = 4;
  l.record_id = "VK-2004";
  l.patient_id = "195001011237";
  l.municipality = "2080";
  l.care_type = CareType::day_care;
  l.medical_field_code = "101";
  l.admission_date = ymd(2021, 4, 25);
  l.drg = "D11O";
  l.emergency = true;
  l.drg_amount = kr(500000);
  l.gross = kr(500000);
  l.net = kr(500000);
  return l;
}

InvoiceDocument care_invoice() {
  return invoice_with({drg_outlier_line(), item_line(), subscription_line(), emergency_line()},
                      kr(23102808));  // 197 463.75 + 27 591.49 + 972.84 + 5 000.00
}

InvoiceDocument credit_note() {
  return credit_note_for(care_invoice(),
                         {credited(subscription_line(), 1, 2), credited(emergency_line(), 2, 7)});
}

// Every field of a line read back equals what was written.
void expect_line(const DocumentLine& w, const ReceivedLine& r, const std::string& county) {
  SCOPED_TRACE("line " + std::to_string(w.line_no));
  const bool inpatient = w.care_type == CareType::inpatient;
  EXPECT_EQ(r.line_id, w.line_no);
  EXPECT_GT(r.source_line, 0);
  EXPECT_EQ(r.care_contact_id, w.record_id);
  EXPECT_EQ(r.patient_id, w.patient_id);
  EXPECT_EQ(r.county, county);
  EXPECT_EQ(r.municipality, w.municipality);
  ASSERT_TRUE(r.care_type.has_value());
  EXPECT_EQ(*r.care_type, w.care_type);
  EXPECT_EQ(r.admission_date, w.admission_date);
  EXPECT_EQ(r.discharge_date, inpatient ? w.discharge_date : std::nullopt);
  EXPECT_EQ(r.leave_days, w.leave_days);
  EXPECT_EQ(r.drg, w.drg);
  EXPECT_EQ(r.drg_amount, w.drg_amount);
  EXPECT_EQ(r.los_outlier_amount, w.los_outlier_amount);
  EXPECT_EQ(r.cost_outlier_amount, w.cost_outlier_amount);
  EXPECT_EQ(r.items_amount, w.items_amount);
  EXPECT_EQ(r.patient_fee, w.patient_fee);
  EXPECT_EQ(r.gross, w.gross);
  EXPECT_EQ(r.discount, w.subscription_share);
  EXPECT_EQ(r.net, w.net);
  ASSERT_EQ(r.items.size(), w.items.size());
  for (size_t i = 0; i < w.items.size(); ++i) {
    EXPECT_EQ(r.items[i].item_code, w.items[i].item_code);
    EXPECT_EQ(r.items[i].quantity, w.items[i].quantity);
    EXPECT_EQ(r.items[i].unit_price, w.items[i].unit_price);
    EXPECT_EQ(r.items[i].amount, w.items[i].amount);
  }
  EXPECT_EQ(r.referral_id, w.referral_id);
  EXPECT_EQ(r.planned, !w.emergency);
  EXPECT_EQ(r.riksavtalet_chapter, w.emergency && w.referral_id.empty() ? "3.1" : "");
  EXPECT_EQ(r.reference_line, w.reference_line);
  EXPECT_EQ(r.reason_code, w.reason_code);
}

TEST(ReceivedSpec, ReadsBackOurCareInvoice) {
  TempDir dir;
  const InvoiceDocument doc = care_invoice();
  std::string file = dir.write("invoice.xml", write_fakturaunderlag(doc, kToday));
  ReceivedSpec s = read_received_spec(file);
  EXPECT_EQ(s.file, file);
  EXPECT_EQ(s.spec_id, "ZVF23210000242105000042");
  EXPECT_EQ(s.invoice_number, "2021000042");
  EXPECT_FALSE(s.credit);
  EXPECT_EQ(s.reference_invoice, "");
  EXPECT_EQ(s.reference_spec_id, "");
  EXPECT_EQ(s.issue_date, ymd(2021, 5, 3));
  EXPECT_EQ(s.seller_org, "2321000024");
  EXPECT_EQ(s.seller, "");
  EXPECT_EQ(s.buyer_org, "2321000180");
  EXPECT_EQ(s.buyer, "");
  EXPECT_EQ(s.payable, kr(23102808));
  ASSERT_EQ(s.lines.size(), doc.lines.size());
  for (size_t i = 0; i < doc.lines.size(); ++i) expect_line(doc.lines[i], s.lines[i], "20");
  for (size_t i = 1; i < s.lines.size(); ++i)
    EXPECT_GT(s.lines[i].source_line, s.lines[i - 1].source_line);
  // A few values spelled out, in case writer and reader agree on a mistake.
  EXPECT_EQ(s.lines[0].los_outlier_amount.ore(), 3496350);
  EXPECT_EQ(s.lines[0].cost_outlier_amount.ore(), 1250025);
  EXPECT_EQ(s.lines[0].leave_days, 2);
  EXPECT_EQ(s.lines[0].discharge_date, ymd(2021, 3, 20));
  EXPECT_EQ(s.lines[1].items_amount.ore(), 2769149);
  EXPECT_EQ(s.lines[1].care_type, CareType::other_visit);
  EXPECT_EQ(s.lines[2].discount.ore(), 117283);
  EXPECT_EQ(s.lines[2].net.ore(), 97284);
  EXPECT_EQ(s.lines[2].care_type, CareType::doctor_visit);
  EXPECT_EQ(s.lines[3].riksavtalet_chapter, "3.1");
  EXPECT_FALSE(s.lines[3].planned);
  EXPECT_EQ(s.lines[3].care_type, CareType::day_care);
  EXPECT_EQ(s.lines[3].referral_id, "");
}

TEST(ReceivedSpec, ReadsBackOurCreditNote) {
  TempDir dir;
  const InvoiceDocument doc = credit_note();
  std::string file = dir.write("credit.xml", write_fakturaunderlag(doc, kToday));
  ReceivedSpec s = read_received_spec(file);
  EXPECT_EQ(s.spec_id, "ZVF23210000242105000043");
  EXPECT_EQ(s.invoice_number, "2021000043");
  EXPECT_TRUE(s.credit);
  EXPECT_EQ(s.reference_invoice, "2021000042");
  EXPECT_EQ(s.reference_spec_id, "ZVF23210000242105000042");
  EXPECT_EQ(s.issue_date, ymd(2021, 5, 7));
  EXPECT_EQ(s.payable, kr(97284 + 500000));
  ASSERT_EQ(s.lines.size(), 2u);
  for (size_t i = 0; i < doc.lines.size(); ++i) expect_line(doc.lines[i], s.lines[i], "20");
  EXPECT_EQ(s.lines[0].reference_line, 3);
  EXPECT_EQ(s.lines[0].reason_code, 2);
  EXPECT_EQ(s.lines[1].reference_line, 4);
  EXPECT_EQ(s.lines[1].reason_code, 7);
}

// ---- another seller: only what is mandatory, other prefixes and layout --------

const char* const kOtherSeller = R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- written by another product -->
<ProcessClaimSpecification xmlns="urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1"
    xmlns:c="urn:riv:financial:billing:claim:1" xmlns:x="urn:example:extension">
 <claimSpecification>
  <c:id> ZVF23210000322104000007 </c:id>
  <c:issueDate>20210415</c:issueDate>
  <c:typeOfInvoice>380</c:typeOfInvoice>
  <c:invoiceId>77</c:invoiceId>
  <c:payableAmount><c:amount>1100.5</c:amount><c:currency><c:code>SEK</c:code></c:currency></c:payableAmount>
  <c:supplierParty><c:identification><c:root>2.51.1.6</c:root><c:extension>7350000000001</c:extension></c:identification>
    <c:identification><c:root>1.3.7</c:root><c:extension>2321000032</c:extension></c:identification></c:supplierParty>
  <c:customerParty><c:identification><c:root>1.3.7</c:root><c:extension>2321000180</c:extension></c:identification></c:customerParty>
  <c:healthCareServicesSpecificationLine>
   <c:patientInformation>
    <c:patientIdentity><c:root>1.2.752.129.2.1.3.1</c:root><c:extension>191212121212</c:extension></c:patientIdentity>
    <c:patientOtherInformation><c:county><c:code>20</c:code></c:county><c:municipality><c:code>2080</c:code></c:municipality></c:patientOtherInformation>
   </c:patientInformation>
   <c:healthcarePerformed>
    <c:lineId>1</c:lineId>
    <c:timespan><c:healthcareVisitDateTime><c:careVisitDate>20210301</c:careVisitDate><c:careVisitTime>101500</c:careVisitTime></c:healthcareVisitDateTime></c:timespan>
    <c:invoicedAmountDetails>
     <c:patientCareInvoiceGrossAmount><c:amount>1000</c:amount></c:patientCareInvoiceGrossAmount>
     <c:patientCareInvoiceNetAmount><c:amount>1000.000</c:amount></c:patientCareInvoiceNetAmount>
    </c:invoicedAmountDetails>
    <x:note>ignored</x:note>
   </c:healthcarePerformed>
   <c:healthcarePerformed>
    <c:lineId>+007</c:lineId>
    <c:healthcareCategory><c:typeOfCare><c:code>01</c:code></c:typeOfCare><c:plannedHealthcare>0</c:plannedHealthcare></c:healthcareCategory>
    <c:timespan><c:healthcareVisitDateTime><c:careVisitDate>20210302</c:careVisitDate></c:healthcareVisitDateTime></c:timespan>
    <c:healthcareUnit><c:careUnitName>Annat sjukhus</c:careUnitName><c:professionCodeForHealthcare>SJ</c:professionCodeForHealthcare></c:healthcareUnit>
    <c:categorization><c:patientSpecificCare><c:patientSpecificCareCode>K1</c:patientSpecificCareCode>
      <c:numberOfPatientSpecificCare>3</c:numberOfPatientSpecificCare>
      <c:patientSpecificCarePrice><c:amount>33.50</c:amount></c:patientSpecificCarePrice></c:patientSpecificCare></c:categorization>
    <c:invoicedAmountDetails>
     <c:patientCareInvoiceGrossAmount><c:amount>100.5</c:amount></c:patientCareInvoiceGrossAmount>
     <c:patientCareInvoiceNetAmount><c:amount>.5</c:amount></c:patientCareInvoiceNetAmount>
     <c:patientCareDiscount><c:amount>100.</c:amount></c:patientCareDiscount>
    </c:invoicedAmountDetails>
   </c:healthcarePerformed>
  </c:healthCareServicesSpecificationLine>
 </claimSpecification>
</ProcessClaimSpecification>
)";

TEST(ReceivedSpec, ReadsAMinimalDocumentFromAnotherSeller) {
  TempDir dir;
  // With a UTF-8 byte order mark: still XML.
  const std::string xml = kOtherSeller;
  std::string file = dir.write("other.xml", "\xEF\xBB\xBF" + xml);
  ReceivedSpec s = read_received_spec(file);
  EXPECT_EQ(s.spec_id, "ZVF23210000322104000007");  // trimmed
  EXPECT_EQ(s.invoice_number, "77");
  EXPECT_FALSE(s.credit);
  EXPECT_EQ(s.issue_date, ymd(2021, 4, 15));
  EXPECT_EQ(s.seller_org, "2321000032");  // the 1.3.7 identification, not the GLN
  EXPECT_EQ(s.buyer_org, "2321000180");
  EXPECT_EQ(s.payable, kr(110050));
  ASSERT_EQ(s.lines.size(), 2u);

  const ReceivedLine& a = s.lines[0];
  EXPECT_EQ(a.line_id, 1);
  EXPECT_EQ(a.source_line, line_of(xml, "<c:healthcarePerformed>"));
  EXPECT_EQ(a.patient_id, "191212121212");
  EXPECT_EQ(a.county, "20");
  EXPECT_EQ(a.municipality, "2080");
  EXPECT_EQ(a.care_contact_id, "");
  EXPECT_FALSE(a.care_type.has_value());  // neither typeOfCare nor a profession code
  EXPECT_EQ(a.admission_date, ymd(2021, 3, 1));
  EXPECT_FALSE(a.discharge_date.has_value());
  EXPECT_EQ(a.leave_days, 0);
  EXPECT_EQ(a.drg, "");
  EXPECT_EQ(a.drg_amount, Money{});
  EXPECT_EQ(a.items_amount, Money{});
  EXPECT_EQ(a.patient_fee, Money{});
  EXPECT_EQ(a.gross, kr(100000));
  EXPECT_EQ(a.discount, Money{});
  EXPECT_EQ(a.net, kr(100000));
  EXPECT_TRUE(a.planned);  // plannedHealthcare absent
  EXPECT_EQ(a.referral_id, "");
  EXPECT_EQ(a.riksavtalet_chapter, "");
  EXPECT_EQ(a.reference_line, 0);
  EXPECT_EQ(a.reason_code, 0);

  const ReceivedLine& b = s.lines[1];
  EXPECT_EQ(b.line_id, 7);
  EXPECT_EQ(b.source_line, line_at(xml, xml.rfind("<c:healthcarePerformed>")));
  EXPECT_EQ(b.patient_id, "191212121212");        // the specification line's patient
  EXPECT_EQ(b.care_type, CareType::other_visit);  // 01 with profession SJ
  EXPECT_FALSE(b.planned);
  ASSERT_EQ(b.items.size(), 1u);
  EXPECT_EQ(b.items[0].item_code, "K1");
  EXPECT_EQ(b.items[0].quantity, 3);
  EXPECT_EQ(b.items[0].unit_price, kr(3350));
  EXPECT_EQ(b.items[0].amount, kr(10050));  // no total: number × price
  EXPECT_EQ(b.items_amount, kr(10050));
  EXPECT_EQ(b.gross, kr(10050));
  EXPECT_EQ(b.net, kr(50));
  EXPECT_EQ(b.discount, kr(10000));

  // White space before the root element (no XML declaration): still XML.
  std::string bare = xml.substr(xml.find("?>") + 2);
  EXPECT_EQ(read_received_spec(dir.write("bare.xml", "\n \t" + bare)).payable, kr(110050));
}

TEST(ReceivedSpec, MapsTypeOfCareAndProfessionCodes) {
  TempDir dir;
  auto care_type = [&](const std::string& category, const std::string& unit) {
    std::string xml =
        replace_first(kOtherSeller, "<c:lineId>1</c:lineId>",
                      "<c:lineId>1</c:lineId><c:healthcareCategory>" + category +
                          "<c:plannedHealthcare>true</c:plannedHealthcare></c:healthcareCategory>");
    xml = replace_first(xml, "</c:timespan>",
                        "</c:timespan><c:healthcareUnit><c:careUnitName>X</c:careUnitName>" + unit +
                            "</c:healthcareUnit>");
    return read_received_spec(dir.write("t.xml", xml)).lines.at(0).care_type;
  };
  const std::string out = "<c:typeOfCare><c:code>01</c:code></c:typeOfCare>";
  const std::string in = "<c:typeOfCare><c:code> 02 </c:code></c:typeOfCare>";
  auto prof = [](const char* code) {
    return std::string("<c:professionCodeForHealthcare>") + code +
           "</c:professionCodeForHealthcare>";
  };
  EXPECT_EQ(care_type(in, ""), CareType::inpatient);
  EXPECT_EQ(care_type(in, prof("LK")), CareType::inpatient);
  EXPECT_EQ(care_type(out, prof("LK")), CareType::doctor_visit);
  EXPECT_EQ(care_type(out, prof("TP")), CareType::day_care);
  EXPECT_EQ(care_type(out, prof("OV")), CareType::other_visit);
  EXPECT_EQ(care_type(out, ""), std::nullopt);
}

TEST(ReceivedSpec, AmountsAreExactToTheOre) {
  TempDir dir;
  auto payable = [&](const std::string& amount) {
    std::string xml = replace_first(kOtherSeller, "<c:amount>1100.5</c:amount>",
                                    "<c:amount>" + amount + "</c:amount>");
    return read_received_spec(dir.write("a.xml", xml)).payable.ore();
  };
  EXPECT_EQ(payable("100"), 10000);
  EXPECT_EQ(payable("100.5"), 10050);
  EXPECT_EQ(payable("100.50"), 10050);
  EXPECT_EQ(payable("12.340"), 1234);
  EXPECT_EQ(payable("0086324.88"), 8632488);
  EXPECT_EQ(payable("-5.25"), -525);
  EXPECT_EQ(payable("\n  7.05 "), 705);
  for (const char* bad : {"12.345", "1e3", "1,5", "", "12.3.4", "-", "99999999999999999999"}) {
    std::string xml = replace_first(kOtherSeller, "<c:amount>1100.5</c:amount>",
                                    std::string("<c:amount>") + bad + "</c:amount>");
    std::string file = dir.write("bad.xml", xml);
    EXPECT_EQ(read_error(file), file + ":" + std::to_string(line_of(xml, "<c:payableAmount>")) +
                                    ": expected an amount (decimal with at most 2 decimals) in "
                                    "payableAmount/amount, found '" +
                                    bad + "'")
        << bad;
  }
}

// ---- refused documents --------------------------------------------------------

TEST(ReceivedSpec, RefusesXmlThatIsNotWellFormed) {
  TempDir dir;
  std::string file = dir.write("broken.xml",
                               "<?xml version=\"1.0\"?>\n"
                               "<pcs:ProcessClaimSpecification xmlns:pcs=\"urn:x\">\n"
                               "  <a>\n"
                               "  </b>\n"
                               "</pcs:ProcessClaimSpecification>\n");
  std::string e = read_error(file);
  EXPECT_TRUE(e.starts_with(file + ":4: expected well-formed XML, found ")) << e;
  EXPECT_NE(e.find("mismatch"), std::string::npos) << e;
}

TEST(ReceivedSpec, RefusesADocumentTypeDeclaration) {
  TempDir dir;
  std::string xml = replace_first(kOtherSeller, "<!-- written by another product -->",
                                  "<!DOCTYPE ProcessClaimSpecification [<!ENTITY e \"x\">]>");
  std::string file = dir.write("dtd.xml", xml);
  EXPECT_EQ(read_error(file),
            file +
                ":2: expected no document type declaration (DTD), found <!DOCTYPE "
                "ProcessClaimSpecification>");
}

TEST(ReceivedSpec, RefusesAMissingCareVisitDate) {
  TempDir dir;
  std::string xml = write_fakturaunderlag(care_invoice(), kToday);
  const long line = line_of(xml, "<healthcareVisitDateTime>");
  xml = replace_first(xml, "<careVisitDate>20210210</careVisitDate>", "");
  std::string file = dir.write("no-date.xml", xml);
  EXPECT_EQ(read_error(file), file + ":" + std::to_string(line) +
                                  ": expected careVisitDate in healthcareVisitDateTime, found "
                                  "nothing");
  // And a date that is not a real day.
  xml = replace_first(write_fakturaunderlag(care_invoice(), kToday),
                      "<careVisitDate>20210210</careVisitDate>",
                      "<careVisitDate>20210230</careVisitDate>");
  file = dir.write("bad-date.xml", xml);
  EXPECT_EQ(read_error(file), file + ":" + std::to_string(line_of(xml, "20210230")) +
                                  ": expected a date YYYYMMDD in careVisitDate, found '20210230'");
}

TEST(ReceivedSpec, RefusesAnAmountWithThreeDecimals) {
  TempDir dir;
  std::string xml = write_fakturaunderlag(care_invoice(), kToday);
  // The DRGPrice of line 4.
  xml = replace_first(xml, "<amount>5000.00</amount>", "<amount>12.345</amount>");
  std::string file = dir.write("amount.xml", xml);
  EXPECT_EQ(read_error(file), file + ":" + std::to_string(line_of(xml, "12.345")) +
                                  ": expected an amount (decimal with at most 2 decimals) in "
                                  "DRGPrice/amount, found '12.345'");
}

TEST(ReceivedSpec, RefusesMissingMandatoryValues) {
  TempDir dir;
  const std::string xml = write_fakturaunderlag(care_invoice(), kToday);
  struct Case {
    std::string from, to, expected;
  } cases[] = {
      {"<invoiceId>2021000042</invoiceId>", "", "expected invoiceId in claimSpecification"},
      {"<typeOfInvoice>380</typeOfInvoice>", "<typeOfInvoice>383</typeOfInvoice>",
       "expected typeOfInvoice 380 (invoice) or 381 (credit note), found '383'"},
      {"<lineId>1</lineId>", "<lineId>0</lineId>",
       "expected a positive integer in lineId, found '0'"},
      {"<extension>195001011237</extension>", "<extension> </extension>",
       "expected a value in extension, found an empty element"},
      {"<patientCareInvoiceNetAmount>", "<patientCareInvoiceNet>",
       "expected patientCareInvoiceNetAmount in invoicedAmountDetails"},
  };
  for (const Case& c : cases) {
    std::string text = replace_first(xml, c.from, c.to);
    if (c.from == "<patientCareInvoiceNetAmount>")
      text = replace_first(text, "</patientCareInvoiceNetAmount>", "</patientCareInvoiceNet>");
    std::string file = dir.write("m.xml", text);
    std::string e = read_error(file);
    EXPECT_TRUE(e.starts_with(file + ":")) << e;
    EXPECT_NE(e.find(c.expected), std::string::npos) << e;
  }
  // A root that is not a ProcessClaimSpecification.
  std::string file = dir.write("root.xml", "<Invoice/>\n");
  EXPECT_EQ(read_error(file),
            file +
                ":1: expected root element ProcessClaimSpecification in "
                "namespace "
                "urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1"
                ", found Invoice");
}

// ---- the CSV specification ------------------------------------------------------

TEST(ReceivedSpec, CsvOfACareInvoiceAgreesWithItsFakturaunderlag) {
  TempDir dir;
  // The product's own output for invoice 0300000007 (kept current by the golden test).
  ReceivedSpec csv = read_received_spec(dir.write("7.csv", golden("0300000007.csv")));
  ReceivedSpec xml =
      read_received_spec(dir.write("7.xml", golden("0300000007.fakturaunderlag.xml")));
  EXPECT_EQ(csv.invoice_number, "0300000007");
  EXPECT_FALSE(csv.credit);
  EXPECT_EQ(csv.seller, "AS");
  EXPECT_EQ(csv.buyer, "04");
  EXPECT_EQ(csv.spec_id, xml.spec_id);
  EXPECT_EQ(csv.invoice_number, xml.invoice_number);
  EXPECT_EQ(csv.issue_date, xml.issue_date);
  EXPECT_EQ(csv.payable, xml.payable);
  EXPECT_EQ(csv.payable, kr(1530850));
  ASSERT_EQ(csv.lines.size(), 1u);
  ASSERT_EQ(xml.lines.size(), 1u);
  const ReceivedLine& c = csv.lines[0];
  const ReceivedLine& x = xml.lines[0];
  EXPECT_EQ(c.source_line, 2);
  EXPECT_EQ(c.line_id, x.line_id);
  EXPECT_EQ(c.care_contact_id, "R3");
  EXPECT_EQ(c.care_contact_id, x.care_contact_id);
  EXPECT_EQ(c.patient_id, "191212121212");
  EXPECT_EQ(c.patient_id, x.patient_id);
  EXPECT_EQ(c.county, x.county);
  EXPECT_EQ(c.municipality, "0480");
  EXPECT_EQ(c.municipality, x.municipality);
  EXPECT_EQ(c.care_type, CareType::doctor_visit);
  EXPECT_EQ(c.care_type, x.care_type);
  EXPECT_EQ(c.admission_date, ymd(2021, 3, 10));
  EXPECT_EQ(c.admission_date, x.admission_date);
  EXPECT_EQ(c.discharge_date, std::nullopt);
  EXPECT_EQ(c.discharge_date, x.discharge_date);
  EXPECT_EQ(c.leave_days, x.leave_days);
  EXPECT_EQ(c.drg, "B02B");
  EXPECT_EQ(c.drg, x.drg);
  EXPECT_EQ(c.drg_amount, x.drg_amount);
  EXPECT_EQ(c.los_outlier_amount, x.los_outlier_amount);
  EXPECT_EQ(c.cost_outlier_amount, x.cost_outlier_amount);
  EXPECT_EQ(c.items_amount, kr(300100));
  EXPECT_EQ(c.items_amount, x.items_amount);
  EXPECT_EQ(c.patient_fee, kr(20000));
  EXPECT_EQ(c.patient_fee, x.patient_fee);
  EXPECT_EQ(c.gross, kr(2781600));
  EXPECT_EQ(c.gross, x.gross);
  EXPECT_EQ(c.discount, kr(1250750));  // the subscription share
  EXPECT_EQ(c.discount, x.discount);
  EXPECT_EQ(c.net, kr(1530850));
  EXPECT_EQ(c.net, x.net);
  EXPECT_EQ(c.referral_id, x.referral_id);
  EXPECT_EQ(c.planned, x.planned);
  EXPECT_TRUE(c.items.empty());  // the CSV has the items' sum only
}

TEST(ReceivedSpec, CsvOfASubscriptionInvoiceAndACreditNote) {
  TempDir dir;
  ReceivedSpec sub = read_received_spec(dir.write("3.csv", golden("0300000003.csv")));
  EXPECT_EQ(sub.invoice_number, "0300000003");
  EXPECT_EQ(sub.spec_id, "");  // no fakturaunderlag
  ASSERT_EQ(sub.lines.size(), 1u);
  EXPECT_EQ(sub.lines[0].care_contact_id, "");
  EXPECT_EQ(sub.lines[0].patient_id, "");
  EXPECT_FALSE(sub.lines[0].care_type.has_value());
  EXPECT_TRUE(sub.lines[0].planned);
  EXPECT_EQ(sub.lines[0].net, kr(104187));
  EXPECT_EQ(sub.payable, kr(104187));

  ReceivedSpec cn = read_received_spec(dir.write("12.csv", golden("0300000012.csv")));
  ReceivedSpec xml =
      read_received_spec(dir.write("12.xml", golden("0300000012.fakturaunderlag.xml")));
  EXPECT_TRUE(cn.credit);
  EXPECT_EQ(cn.reference_invoice, "0300000008");
  EXPECT_EQ(cn.reference_invoice, xml.reference_invoice);
  EXPECT_EQ(cn.reference_spec_id, xml.reference_spec_id);
  EXPECT_EQ(cn.spec_id, xml.spec_id);
  EXPECT_EQ(cn.issue_date, xml.issue_date);
  EXPECT_EQ(cn.payable, xml.payable);
  ASSERT_EQ(cn.lines.size(), 1u);
  const ReceivedLine& c = cn.lines[0];
  const ReceivedLine& x = xml.lines[0];
  EXPECT_EQ(c.reference_line, 1);
  EXPECT_EQ(c.reference_line, x.reference_line);
  EXPECT_EQ(c.reason_code, 1);
  EXPECT_EQ(c.reason_code, x.reason_code);
  EXPECT_EQ(c.care_type, CareType::inpatient);
  EXPECT_EQ(c.care_type, x.care_type);
  EXPECT_EQ(c.discharge_date, ymd(2021, 3, 5));
  EXPECT_EQ(c.discharge_date, x.discharge_date);
  EXPECT_EQ(c.gross, x.gross);
  EXPECT_EQ(c.discount, x.discount);
  EXPECT_EQ(c.net, x.net);
}

// Column `name` of a CSV text removed (header and every row; no quoted commas).
std::string drop_column(const std::string& csv, const std::string& name) {
  std::istringstream in(csv);
  std::string line, out;
  long index = -1;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ls(line);
    std::string f;
    while (std::getline(ls, f, ',')) fields.push_back(f);
    if (line.ends_with(',')) fields.push_back("");
    if (index < 0) index = std::find(fields.begin(), fields.end(), name) - fields.begin();
    fields.erase(fields.begin() + index);
    std::string joined;
    for (size_t i = 0; i < fields.size(); ++i) joined += (i ? "," : "") + fields[i];
    out += joined + "\n";
  }
  return out;
}

TEST(ReceivedSpec, RefusesACsvWithoutARequiredColumn) {
  TempDir dir;
  const std::string csv = golden("0300000007.csv");
  ASSERT_NO_THROW(read_received_spec(dir.write("ok.csv", drop_column(csv, "version"))));
  for (const char* column : {"patient_id", "number", "amount", "reference_spec_id"}) {
    std::string file = dir.write("missing.csv", drop_column(csv, column));
    EXPECT_EQ(read_error(file),
              file + ":1: expected a column '" + column + "' in the header, found no such column");
  }
}

TEST(ReceivedSpec, RefusesACsvWithTwoInvoiceNumbers) {
  TempDir dir;
  const std::string csv = golden("0300000007.csv");
  std::string row = csv.substr(csv.find('\n') + 1);
  std::string second = replace_first(replace_first(row, "0300000007", "0300000099"), "R3", "R4");
  std::string file = dir.write("two.csv", csv + second);
  EXPECT_EQ(read_error(file), file +
                                  ":3:1: column 'number': expected one specification per file: "
                                  "'0300000007' on line 2, found '0300000099'");
  // The same number twice is one specification of two lines.
  ReceivedSpec s = read_received_spec(dir.write("one.csv", csv + replace_first(row, "R3", "R4")));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[1].care_contact_id, "R4");
  EXPECT_EQ(s.payable, kr(2 * 1530850));
}

TEST(ReceivedSpec, CsvTextColumnsLoseTheFormulaGuard) {
  // The writer puts an apostrophe before text a spreadsheet would read as a formula (and one
  // more before apostrophes that precede such text); the reader takes exactly that one away.
  TempDir dir;
  std::string csv = golden("0300000007.csv");
  csv = replace_first(csv, ",R3,", ",'+cmd|' /C calc'!A0,");
  csv = replace_first(csv, ",191212121212,", ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",");
  csv = replace_first(csv, ",0,,0,12507.50,", ",0,''-2+3,0,12507.50,");
  ReceivedSpec s = read_received_spec(dir.write("guarded.csv", csv));
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].care_contact_id, "+cmd|' /C calc'!A0");
  EXPECT_EQ(s.lines[0].patient_id, "=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(s.lines[0].referral_id, "'-2+3");
  EXPECT_EQ(s.lines[0].net, kr(1530850));  // amounts are numbers, read as they are
}

TEST(ReceivedSpec, RefusesBadCsvValues) {
  TempDir dir;
  const std::string csv = golden("0300000007.csv");
  const std::string header = csv.substr(0, csv.find('\n'));
  // Field number (1-based) of `name` in the header.
  auto field_of = [&](const std::string& name) {
    size_t pos = ("," + header + ",").find("," + name + ",");
    return 1 + std::count(header.begin(), header.begin() + pos, ',');
  };
  struct Case {
    std::string from, to, column, expected;
  } cases[] = {
      {",15308.50,", ",15308.505,", "amount", "an amount with two decimals (1234.50)"},
      {",doctor_visit,", ",visit,", "care_type",
       "inpatient, doctor_visit, day_care or other_visit"},
      {",2021-03-10,B02B,", ",2021-02-30,B02B,", "billing_date", ""},  // not read: no error
      {",invoice,", ",bill,", "type", "invoice or credit"},
  };
  for (const Case& c : cases) {
    std::string text = replace_first(csv, c.from, c.to);
    std::string file = dir.write("bad.csv", text);
    std::string value = c.to.substr(1, c.to.size() - 2);
    if (c.expected.empty()) {
      EXPECT_EQ(read_error(file), "") << c.column;
      continue;
    }
    // The bad value is the field of its column, and the error names its character column.
    size_t at = text.find(c.to) + 1;
    ASSERT_EQ(1 + std::count(text.begin() + header.size() + 1, text.begin() + at, ','),
              field_of(c.column));
    const long column = static_cast<long>(at - header.size());
    EXPECT_EQ(read_error(file), file + ":2:" + std::to_string(column) + ": column '" + c.column +
                                    "': expected " + c.expected + ", found '" + value + "'");
  }
  std::string file = dir.write("empty.csv", "");
  EXPECT_EQ(read_error(file), file + ":1: expected a header row, found an empty file");
  EXPECT_NE(read_error(dir.write("header.csv", csv.substr(0, csv.find('\n') + 1))), "");
  EXPECT_TRUE(read_error("/nonexistent/spec.xml").starts_with("/nonexistent/spec.xml:0: "));
}

// Issue 11 item 12: a huge bad value is cut in the message, not repeated whole.
TEST(ReceivedSpec, AHugeBadValueIsCutInTheMessage) {
  TempDir dir;
  const std::string csv = golden("0300000007.csv");
  const std::string huge(1 << 20, '7');
  std::string file = dir.write("huge.csv", replace_first(csv, ",15308.50,", "," + huge + ","));
  std::string e = read_error(file);
  EXPECT_NE(e.find(", found '" + std::string(80, '7') + "…'"), std::string::npos) << e.substr(0, 300);
  EXPECT_LT(e.size(), 400u);
  std::string xml = replace_first(write_fakturaunderlag(care_invoice(), kToday),
                                  "<careVisitDate>20210210</careVisitDate>",
                                  "<careVisitDate>" + huge + "</careVisitDate>");
  e = read_error(dir.write("huge.xml", xml));
  EXPECT_NE(e.find("found '" + std::string(80, '7') + "…'"), std::string::npos) << e.substr(0, 300);
  EXPECT_LT(e.size(), 400u);
}

// Issue 11 item 7: the sum of a file's amounts is checked, an overflow is a read error.
TEST(ReceivedSpec, AmountsWhoseSumOverflowsAreARefusal) {
  TempDir dir;
  const std::string csv = golden("0300000007.csv");
  std::string row = replace_first(csv.substr(csv.find('\n') + 1), ",15308.50,",
                                  ",92233720368547758.07,");
  std::string text = csv.substr(0, csv.find('\n') + 1) + row + replace_first(row, "R3", "R4");
  std::string file = dir.write("overflow.csv", text);
  std::string e = read_error(file);
  EXPECT_TRUE(e.starts_with(file + ": amount too large")) << e;
}

// ---- tariffs and at-cost amounts (billing rules §8.1, §8.2) -----------------

InvoiceDocument tariff_invoice() {
  return invoice_with({tariff_stay(), at_cost_visit()}, kr(10679617));
}

std::string csv_of(const InvoiceDocument& doc) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  csv_spec::write(doc, f);
  std::fclose(f);
  std::string out(data, size);
  std::free(data);
  return out;
}

TEST(ReceivedSpec, ReadsTheTariffAndTheAtCostAmountApartFromItems) {
  TempDir dir;
  ReceivedSpec s =
      read_received_spec(dir.write("tariff.xml", write_fakturaunderlag(tariff_invoice(), kToday)));
  ASSERT_EQ(s.lines.size(), 2u);
  const ReceivedLine& t = s.lines[0];
  EXPECT_TRUE(t.items.empty());
  EXPECT_EQ(t.items_amount, Money{});
  ASSERT_TRUE(t.tariff.has_value());
  EXPECT_EQ(t.tariff->item_code, "TAR-care_day");
  EXPECT_EQ(t.tariff->quantity, 12);
  EXPECT_EQ(t.tariff->unit_price.ore(), 741250);
  EXPECT_EQ(t.tariff_amount.ore(), 8895000);
  EXPECT_EQ(t.medical_field, "901");
  EXPECT_EQ(t.drg, "");
  const ReceivedLine& a = s.lines[1];
  EXPECT_TRUE(a.items.empty());
  EXPECT_FALSE(a.tariff.has_value());
  EXPECT_EQ(a.at_cost_amount.ore(), 1550050);
  ASSERT_EQ(a.costs.size(), 2u);
  EXPECT_EQ(a.costs[0].item_code, "IMPL-9");
  EXPECT_EQ(a.costs[0].quantity, 1);
  EXPECT_EQ(a.costs[0].cost.ore(), 3800000);
  EXPECT_EQ(a.costs[0].cost_ref, "LOT-4711");
  EXPECT_EQ(a.costs[1].item_code, "IMPL-10");
  EXPECT_EQ(a.costs[1].quantity, 2);
  EXPECT_EQ(a.costs[1].cost.ore(), 2750050);
  EXPECT_EQ(a.costs[1].cost_ref, "");
}

TEST(ReceivedSpec, RefusesABadStatedCost) {
  TempDir dir;
  std::string xml = replace_first(write_fakturaunderlag(tariff_invoice(), kToday),
                                  "IMPL-9;1;38000.00", "IMPL-9;one;38000.00");
  std::string e = read_error(dir.write("bad.xml", xml));
  EXPECT_NE(e.find("code;quantity;cost[;cost_ref]"), std::string::npos) << e;
  EXPECT_NE(e.find("IMPL-9;one"), std::string::npos) << e;
}

TEST(ReceivedSpec, CsvReadsTheTariffAndAtCostAmounts) {
  TempDir dir;
  ReceivedSpec s = read_received_spec(dir.write("tariff.csv", csv_of(tariff_invoice())));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].tariff_amount.ore(), 8895000);
  EXPECT_FALSE(s.lines[0].tariff.has_value());  // units and price are not in the CSV
  EXPECT_EQ(s.lines[0].at_cost_amount, Money{});
  EXPECT_EQ(s.lines[1].tariff_amount, Money{});
  EXPECT_EQ(s.lines[1].at_cost_amount.ore(), 1550050);
  EXPECT_TRUE(s.lines[1].costs.empty());
}

}  // namespace
}  // namespace vardavtal
