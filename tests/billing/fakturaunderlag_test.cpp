// write_fakturaunderlag (billing/documents/fakturaunderlag.h): hand-built
// invoices and credit notes are written, validated by the shared national
// schema validator and by check_spec, and read back with XPath for exact
// values; documents that cannot yield a valid fakturaunderlag are refused.
#include "billing/documents/fakturaunderlag.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "billing/documents/csv_spec.h"
#include "billing/documents/spec_check.h"
#include "billing/documents/xlsx_spec.h"
#include "tests/billing/document_fixture.h"

namespace vardavtal {
namespace {

using namespace document_fixture;

// Line 1: a plain DRG line (inpatient, with referral).
DocumentLine plain_drg_line() {
  DocumentLine l;
  l.line_no = 1;
  l.record_id = "VK-1001";
  l.record_version = 1;
  l.patient_id = "195001011237";
  l.municipality = "2080";
  l.care_type = CareType::inpatient;
  l.clinic = "Kardiologi";
  l.medical_field_code = "101";
  l.main_diagnosis = "I214";
  l.admission_date = ymd(2021, 4, 1);
  l.discharge_date = ymd(2021, 4, 5);
  l.care_days = 4;
  l.drg = "E03N";
  l.referral_id = "REM-1";
  l.drg_amount = kr(8632488);  // 86 324.88
  l.gross = kr(8632488);
  l.net = kr(8632488);
  l.billing_date = *l.discharge_date;
  return l;
}

// Line 2: an outlier line (surcharge method: DRG price and both outlier
// amounts) with two patient-specific items; emergency care without referral.
DocumentLine outlier_line() {
  DocumentLine l = drg_outlier_stay();
  l.line_no = 2;
  l.record_id = "VK-1002";
  l.patient_id = "P-000042";  // a pseudonym
  l.municipality = "2021";
  l.clinic = "101";  // the clinic is itself an MVO code
  l.emergency = true;
  add_items(l);
  l.gross = kr(22515524);  // 150 000.00 + 34 963.50 + 12 500.25 + 27 691.49 = 225 155.24
  l.net = kr(22515524);
  return l;
}

InvoiceDocument invoice() {
  return invoice_with({plain_drg_line(), outlier_line(), subscription_line()},
                      kr(8632488 + 22515524 + 97284));  // 312 452.96
}

// A credit note reversing lines 3 and 1 of the invoice above (reason codes 2
// wrong price and 7 double billing); amounts positive.
InvoiceDocument credit_note() {
  InvoiceDocument d = credit_note_for(
      invoice(), {credited(subscription_line(), 1, 2), credited(plain_drg_line(), 2, 7)});
  d.lines[1].reference_spec_id = d.reference_spec_id;
  d.lines[1].reference_invoice = d.reference_invoice;
  return d;  // total 972.84 + 86 324.88 = 87 297.72
}

// Runs the vendored validator (xmllint against the RIVTA XSD); exit code and output.
int shared_validator(const std::string& file, std::string* output) {
  std::string log = file + ".log";
  std::string cmd = std::string("'") + VARDAVTAL_SOURCE_DIR +
                    "/third_party/validators/validate-fakturaunderlag' '" + file + "' >'" + log + "' 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream s;
  s << in.rdbuf();
  *output = s.str();
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string violations_text(const std::vector<SpecViolation>& vs) {
  std::string out;
  for (const SpecViolation& v : vs)
    out += v.rule + " line " + std::to_string(v.line) + ": " + v.message + "\n";
  return out;
}

// XPath 1.0 string value of `expr`; prefixes p (responder) and c (core).
class XPath {
 public:
  explicit XPath(const std::string& xml)
      : doc_(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xml", nullptr,
                           XML_PARSE_NONET)),
        ctx_(doc_ ? xmlXPathNewContext(doc_) : nullptr) {
    if (ctx_) {
      xmlXPathRegisterNs(ctx_, BAD_CAST "p",
                         BAD_CAST
                         "urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1");
      xmlXPathRegisterNs(ctx_, BAD_CAST "c", BAD_CAST "urn:riv:financial:billing:claim:1");
    }
  }
  ~XPath() {
    if (ctx_) xmlXPathFreeContext(ctx_);
    if (doc_) xmlFreeDoc(doc_);
  }
  XPath(const XPath&) = delete;
  XPath& operator=(const XPath&) = delete;

  std::string operator()(const std::string& expr) const {
    if (!ctx_) return "<no document>";
    xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST("string(" + expr + ")").c_str(), ctx_);
    if (!obj) return "<bad xpath>";
    std::string s = obj->stringval ? reinterpret_cast<const char*>(obj->stringval) : "";
    xmlXPathFreeObject(obj);
    return s;
  }

 private:
  xmlDocPtr doc_;
  xmlXPathContextPtr ctx_;
};

// The healthcarePerformed of line n (1-based), as an XPath prefix.
std::string hp(int n) {
  return "/p:ProcessClaimSpecification/p:claimSpecification/"
         "c:healthCareServicesSpecificationLine[" +
         std::to_string(n) + "]/c:healthcarePerformed";
}

TEST(Fakturaunderlag, InvoicePassesTheSharedSchemaValidator) {
  TempDir dir;
  std::string file = dir.write("invoice.xml", write_fakturaunderlag(invoice(), kToday));
  std::string out;
  EXPECT_EQ(shared_validator(file, &out), 0) << out;
}

TEST(Fakturaunderlag, InvoiceHasNoSpecViolations) {
  TempDir dir;
  std::string file = dir.write("invoice.xml", write_fakturaunderlag(invoice(), kToday));
  auto vs = check_spec(file, kToday);
  EXPECT_TRUE(vs.empty()) << violations_text(vs);
  // Also with today's real date (the issue date lies in the past).
  auto now = check_spec(file);
  EXPECT_TRUE(now.empty()) << violations_text(now);
}

TEST(Fakturaunderlag, InvoiceHeaderValues) {
  std::string xml = write_fakturaunderlag(invoice(), kToday);
  ASSERT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")) << xml.substr(0, 60);
  EXPECT_NE(xml.find("\n    <id>"), std::string::npos) << "indented output";
  XPath x(xml);
  const std::string s = "/p:ProcessClaimSpecification/p:claimSpecification/c:";
  EXPECT_EQ(x("count(/p:ProcessClaimSpecification/p:claimSpecification)"), "1");
  EXPECT_EQ(x(s + "id"), "ZVF23210000242105000042");
  EXPECT_EQ(x(s + "issueDate"), "20210503");
  EXPECT_EQ(x(s + "typeOfInvoice"), "380");
  EXPECT_EQ(x(s + "invoiceId"), "2021000042");
  EXPECT_EQ(x("count(" + s + "referenceToProcessClaimSpecificationId)"), "0");
  EXPECT_EQ(x(s + "payableAmount/c:amount"), "312452.96");  // ÖR5: 86 324.88 + 225 155.24 + 972.84
  EXPECT_EQ(x(s + "payableAmount/c:currency/c:code"), "SEK");
  EXPECT_EQ(x(s + "payableAmount/c:currency/c:codeSystem"), "1.0.4217");
  EXPECT_EQ(x(s + "supplierParty/c:identification/c:root"), "1.3.7");
  EXPECT_EQ(x(s + "supplierParty/c:identification/c:extension"), "2321000024");
  EXPECT_EQ(x(s + "customerParty/c:identification/c:extension"), "2321000180");
  EXPECT_EQ(x("count(" + s + "healthCareServicesSpecificationLine)"), "3");
  EXPECT_EQ(x("count(//c:healthcarePerformed)"), "3");
}

TEST(Fakturaunderlag, PlainDrgLineValues) {
  XPath x(write_fakturaunderlag(invoice(), kToday));
  const std::string line =
      "/p:ProcessClaimSpecification/p:claimSpecification/"
      "c:healthCareServicesSpecificationLine[1]/c:patientInformation/";
  EXPECT_EQ(x(line + "c:patientIdentity/c:root"), "1.2.752.129.2.1.3.1");  // personnummer
  EXPECT_EQ(x(line + "c:patientIdentity/c:extension"), "195001011237");
  EXPECT_EQ(x(line + "c:patientOtherInformation/c:county/c:code"), "20");
  EXPECT_EQ(x(line + "c:patientOtherInformation/c:municipality/c:code"), "2080");
  EXPECT_EQ(x(hp(1) + "/c:lineId"), "1");
  EXPECT_EQ(x(hp(1) + "/c:careContactId"), "VK-1001");
  EXPECT_EQ(x(hp(1) + "/c:paymentCommitment/c:remittanceNumber"), "REM-1");
  EXPECT_EQ(x(hp(1) + "/c:healthcareCategory/c:typeOfCare/c:code"), "02");
  EXPECT_EQ(x(hp(1) + "/c:healthcareCategory/c:plannedHealthcare"), "true");
  EXPECT_EQ(x(hp(1) + "/c:timespan/c:healthcareVisitDateTime/c:careVisitDate"), "20210401");
  EXPECT_EQ(x(hp(1) + "/c:timespan/c:healthcareDischargeDateTime/c:careDischargeDate"), "20210405");
  EXPECT_EQ(x(hp(1) + "/c:timespan/c:numberOfDays/c:inCare"), "4");
  EXPECT_EQ(x("count(" + hp(1) + "/c:timespan/c:numberOfDays/c:onLeave)"), "0");
  EXPECT_EQ(x(hp(1) + "/c:healthcareUnit/c:careUnitId/c:extension"), "SE2321000024-E000000000001");
  EXPECT_EQ(x(hp(1) + "/c:healthcareUnit/c:careUnitName"), "Akademiska sjukhuset");
  EXPECT_EQ(x(hp(1) + "/c:categorization/c:priceList"), "2");
  EXPECT_EQ(x(hp(1) + "/c:categorization/c:DRGCost/c:DRGCode/c:originalText"), "E03N");
  EXPECT_EQ(x("count(" + hp(1) + "/c:categorization/c:DRGCost/c:DRGCode/*)"), "1");  // ÖR42
  EXPECT_EQ(x(hp(1) + "/c:categorization/c:DRGCost/c:DRGPrice/c:amount"), "86324.88");
  EXPECT_EQ(x(hp(1) + "/c:invoicedAmountDetails/c:patientCareInvoiceGrossAmount/c:amount"),
            "86324.88");
  EXPECT_EQ(x(hp(1) + "/c:invoicedAmountDetails/c:patientCareInvoiceNetAmount/c:amount"),
            "86324.88");
  EXPECT_EQ(x("count(" + hp(1) + "/c:invoicedAmountDetails/c:patientCareDiscount)"), "0");
  EXPECT_EQ(x(hp(1) + "/c:activity/c:medicalFieldCode"), "101");
  EXPECT_EQ(
      x(hp(1) + "/c:diagnosis/c:inpatientCareDiagnosis/c:mainDiagnosis/c:diagnosisCode/c:code"),
      "I214");
}

TEST(Fakturaunderlag, OutlierLineWithItemsValues) {
  XPath x(write_fakturaunderlag(invoice(), kToday));
  EXPECT_EQ(
      x("/p:ProcessClaimSpecification/p:claimSpecification/c:healthCareServicesSpecificationLine[2]"
        "/c:patientInformation/c:patientIdentity/c:root"),
      "2321000024");  // a pseudonym: local reservnummer under the seller's org number
  EXPECT_EQ(x(hp(2) + "/c:paymentCommitment/c:agreementInRiksavtalet"), "3.1");
  EXPECT_EQ(x(hp(2) + "/c:healthcareCategory/c:plannedHealthcare"), "false");
  EXPECT_EQ(x(hp(2) + "/c:timespan/c:numberOfDays/c:onLeave"), "2");
  EXPECT_EQ(x(hp(2) + "/c:timespan/c:numberOfDays/c:inCare"), "36");
  EXPECT_EQ(x(hp(2) + "/c:activity/c:medicalFieldCode"), "101");
  const std::string drg = hp(2) + "/c:categorization/c:DRGCost/";
  EXPECT_EQ(x(drg + "c:DRGPrice/c:amount"), "150000.00");
  EXPECT_EQ(x(drg + "c:extendedAllowanceCareTime/c:amount"), "34963.50");
  EXPECT_EQ(x(drg + "c:extendedAllowanceCost/c:amount"), "12500.25");
  const std::string item = hp(2) + "/c:categorization/c:patientSpecificCare";
  EXPECT_EQ(x("count(" + item + ")"), "2");
  EXPECT_EQ(x(item + "[1]/c:patientSpecificCareCode"), "IMPL-7");
  EXPECT_EQ(x(item + "[1]/c:numberOfPatientSpecificCare"), "2");
  EXPECT_EQ(x(item + "[1]/c:patientSpecificCarePrice/c:amount"), "12345.67");
  EXPECT_EQ(x(item + "[1]/c:patientSpecificCareTotalAmount/c:amount"), "24691.34");  // ÖR26
  EXPECT_EQ(x(item + "[2]/c:patientSpecificCareCodeName"), "Läkemedel <X> & Y");
  EXPECT_EQ(x(item + "[2]/c:patientSpecificCareTotalAmount/c:amount"), "3000.15");
  // ÖR27: 150 000.00 + 34 963.50 + 12 500.25 + 24 691.34 + 3 000.15 − 0 = 225 155.24.
  EXPECT_EQ(x(hp(2) + "/c:invoicedAmountDetails/c:patientCareInvoiceGrossAmount/c:amount"),
            "225155.24");
  EXPECT_EQ(x(hp(2) + "/c:invoicedAmountDetails/c:patientCareInvoiceNetAmount/c:amount"),
            "225155.24");
}

TEST(Fakturaunderlag, PatientFeeAndSubscriptionLineValues) {
  XPath x(write_fakturaunderlag(invoice(), kToday));
  EXPECT_EQ(
      x("/p:ProcessClaimSpecification/p:claimSpecification/c:healthCareServicesSpecificationLine[3]"
        "/c:patientInformation/c:patientIdentity/c:root"),
      "1.2.752.129.2.1.3.3");  // samordningsnummer
  EXPECT_EQ(x(hp(3) + "/c:healthcareCategory/c:typeOfCare/c:code"), "01");
  EXPECT_EQ(x(hp(3) + "/c:healthcareUnit/c:professionCodeForHealthcare"), "LK");
  EXPECT_EQ(x("count(" + hp(3) + "/c:timespan/c:numberOfDays)"), "0");
  EXPECT_EQ(x("count(" + hp(3) + "/c:timespan/c:healthcareDischargeDateTime)"), "0");
  EXPECT_EQ(x(hp(3) + "/c:categorization/c:DRGCost/c:DRGPrice/c:amount"), "2345.67");
  const std::string a = hp(3) + "/c:invoicedAmountDetails/";
  EXPECT_EQ(x(a + "c:outPatientCareFeePaid/c:amount"), "200.00");
  EXPECT_EQ(x(a + "c:patientCareInvoiceGrossAmount/c:amount"), "2145.67");  // ÖR27
  EXPECT_EQ(x(a + "c:patientCareDiscount/c:amount"), "1172.83");
  EXPECT_EQ(x(a + "c:patientCareInvoiceNetAmount/c:amount"), "972.84");  // ÖR28
  EXPECT_EQ(x("count(" + hp(3) + "/c:diagnosis)"), "0");
}

TEST(Fakturaunderlag, CreditNoteIsValidAndReferencesTheOriginal) {
  TempDir dir;
  std::string xml = write_fakturaunderlag(credit_note(), kToday);
  std::string file = dir.write("credit.xml", xml);
  std::string out;
  EXPECT_EQ(shared_validator(file, &out), 0) << out;
  auto vs = check_spec(file, kToday);
  EXPECT_TRUE(vs.empty()) << violations_text(vs);

  XPath x(xml);
  const std::string s = "/p:ProcessClaimSpecification/p:claimSpecification/c:";
  EXPECT_EQ(x(s + "typeOfInvoice"), "381");
  EXPECT_EQ(x(s + "id"), "ZVF23210000242105000043");
  EXPECT_EQ(x(s + "referenceToInvoice"), "2021000042");
  EXPECT_EQ(x(s + "referenceToProcessClaimSpecificationId"), "ZVF23210000242105000042");
  EXPECT_EQ(x(s + "payableAmount/c:amount"), "87297.72");  // positive on a credit note
  EXPECT_EQ(x(hp(1) + "/c:lineId"), "1");
  EXPECT_EQ(x(hp(1) + "/c:referenceToLineId"), "3");
  EXPECT_EQ(x(hp(1) + "/c:reasonForCredit"), "2");
  EXPECT_EQ(x(hp(1) + "/c:invoicedAmountDetails/c:patientCareInvoiceNetAmount/c:amount"), "972.84");
  EXPECT_EQ(x(hp(2) + "/c:lineId"), "2");
  EXPECT_EQ(x(hp(2) + "/c:referenceToLineId"), "1");
  EXPECT_EQ(x(hp(2) + "/c:reasonForCredit"), "7");
  EXPECT_EQ(x(hp(2) + "/c:invoicedAmountDetails/c:patientCareInvoiceGrossAmount/c:amount"),
            "86324.88");
}

TEST(Fakturaunderlag, SubscriptionInvoiceHasNone) {
  InvoiceDocument d;
  d.kind = InvoiceKind::subscription;
  d.number = "2021000050";
  DocumentLine l;
  l.line_no = 1;
  l.description = "Abonnemang 2021-04";
  l.net = kr(100000000);
  d.lines = {l};
  d.total = l.net;
  EXPECT_THROW(write_fakturaunderlag(d, kToday), std::invalid_argument);
}

TEST(Fakturaunderlag, OutputIsReproducibleAndEscaped) {
  InvoiceDocument d = invoice();
  d.seller.name = "Sjukhuset <Ä> & \"Ö\"";
  std::string a = write_fakturaunderlag(d, kToday);
  EXPECT_EQ(a, write_fakturaunderlag(d, kToday));
  EXPECT_NE(a.find("Sjukhuset &lt;Ä&gt; &amp;"), std::string::npos);
  EXPECT_EQ(XPath(a)(hp(1) + "/c:healthcareUnit/c:careUnitName"), "Sjukhuset <Ä> & \"Ö\"");
  EXPECT_TRUE(check_spec_text(a, kToday).empty());
}

TEST(Fakturaunderlag, PsychiatricInpatientCareNeedsNoDiagnosisAndGetsNone) {
  InvoiceDocument d = invoice();
  d.lines[0].medical_field_code = "901";  // psychiatry: no diagnosis may be sent (ÖR33)
  std::string with = write_fakturaunderlag(d, kToday);
  EXPECT_EQ(XPath(with)("count(" + hp(1) + "/c:diagnosis)"), "0");
  d.lines[0].main_diagnosis.clear();  // and none is required (ÖR31)
  std::string without = write_fakturaunderlag(d, kToday);
  EXPECT_TRUE(check_spec_text(without, kToday).empty())
      << violations_text(check_spec_text(without, kToday));
}

// True when `text` names `rule` ("ÖR2" but not as part of "ÖR27").
bool mentions(const std::string& text, const std::string& rule) {
  for (size_t at = text.find(rule); at != std::string::npos; at = text.find(rule, at + 1)) {
    size_t end = at + rule.size();
    if (end == text.size() || text[end] < '0' || text[end] > '9') return true;
  }
  return false;
}

// A document that would break a rule is refused, naming the rule.
TEST(Fakturaunderlag, RefusesDocumentsThatBreakTheStandard) {
  struct Case {
    const char* rule;
    void (*edit)(InvoiceDocument&);
  };
  const Case cases[] = {
      {"ÖR27", [](InvoiceDocument& d) { d.lines[1].gross += kr(1); }},
      {"ÖR28", [](InvoiceDocument& d) { d.lines[2].net += kr(1), d.total += kr(1); }},
      {"ÖR5", [](InvoiceDocument& d) { d.total += kr(1); }},
      {"ÖR26", [](InvoiceDocument& d) { d.lines[1].items[0].amount += kr(1); }},
      {"ÖR43", [](InvoiceDocument& d) { d.lines[2].line_no = 2; }},
      {"ÖR37", [](InvoiceDocument& d) { d.spec_id = "ZVX23210000242105000042"; }},
      {"ÖR37", [](InvoiceDocument& d) { d.spec_id = "ZVF2321000024210500004"; }},
      {"ÖR2", [](InvoiceDocument& d) { d.issue_date = ymd(2021, 5, 11); }},
      {"ÖR17", [](InvoiceDocument& d) { d.lines[2].admission_date = ymd(2021, 5, 4); }},
      {"ÖR38", [](InvoiceDocument& d) { d.lines[0].discharge_date = ymd(2021, 5, 4); }},
      {"ÖR18", [](InvoiceDocument& d) { d.lines[0].discharge_date = ymd(2021, 3, 31); }},
      {"ÖR41", [](InvoiceDocument& d) { d.lines[0].municipality.clear(); }},
      {"ÖR31", [](InvoiceDocument& d) { d.lines[0].main_diagnosis.clear(); }},
      {"ÖR49", [](InvoiceDocument& d) { d.lines[0].medical_field_code = "999"; }},
      {"ÖR49", [](InvoiceDocument& d) { d.lines[1].clinic = "Kardiologi"; }},
      {"ÖR51", [](InvoiceDocument& d) { d.lines[0].care_days = 0; }},
      {"ÖR3", [](InvoiceDocument& d) { d.seller.org_number = "2321000025"; }},
      {"ÖR46", [](InvoiceDocument& d) { d.buyer.org_number = "232100018"; }},
      {"ÖR25", [](InvoiceDocument& d) { d.price_list = 7; }},
      {"ÖR35", [](InvoiceDocument& d) { d.currency = "EUR"; }},
      {"ÖR44",
       [](InvoiceDocument& d) {
         auto& l = d.lines[2];
         d.total -= l.net;
         l.drg.clear(), l.drg_amount = {}, l.gross = -l.patient_fee, l.subscription_share = {};
         l.net = l.gross, d.total += l.net;
       }},
      {"ÖR45", [](InvoiceDocument& d) { d.lines[1].drg.clear(); }},
      {"ÖR47", [](InvoiceDocument& d) { d.lines[1].items[1].name.clear(); }},
      {"ÖR52",
       [](InvoiceDocument& d) {
         d.type = DocumentType::credit;
         for (auto& l : d.lines) l.reference_line = l.line_no, l.reason_code = 2;
         d.reference_invoice = "2021000040";
       }},
      {"ÖR36",
       [](InvoiceDocument& d) {
         d = credit_note();
         d.lines[0].reason_code = 0;
       }},
      {"ÖR40", [](InvoiceDocument& d) { d.buyer.county = "2"; }},
      // Guards without a rule number of their own.
      {"seller's organisation number",
       [](InvoiceDocument& d) {
         d.spec_id = "ZVF23210000322105000042";  // another organisation's id
       }},
      {"schema accepts", [](InvoiceDocument& d) { d.issue_date = ymd(1899, 12, 31); }},
      {"schema accepts", [](InvoiceDocument& d) { d.lines[0].admission_date = ymd(1899, 12, 31); }},
      {"schema accepts", [](InvoiceDocument& d) { d.lines[0].discharge_date = ymd(1899, 12, 31); }},
      {"spaces or hyphens", [](InvoiceDocument& d) { d.number = "2021-000042"; }},
      {"spaces or hyphens",
       [](InvoiceDocument& d) {
         d = credit_note();
         d.reference_invoice = "2021 000042";
         for (auto& l : d.lines) l.reference_invoice.clear();
       }},
      {"not valid UTF-8", [](InvoiceDocument& d) { d.lines[1].items[1].name = "L\xe4kemedel"; }},
      {"not valid UTF-8",
       [](InvoiceDocument& d) {
         d.lines[0].patient_id =
             "19500101\x01"
             "237";
       }},
      {"not the sum of the items",
       [](InvoiceDocument& d) {
         auto& l = d.lines[1];
         l.items[1].quantity = 4, l.items[1].amount = kr(400020);
       }},
      {"one reference per document",
       [](InvoiceDocument& d) {
         d = credit_note();
         d.lines[1].reference_spec_id = "ZVF23210000242104000001";
       }},
      {"one reference per document",
       [](InvoiceDocument& d) {
         d = credit_note();
         d.lines[1].reference_invoice = "2021000001";
       }},
  };
  for (const Case& c : cases) {
    InvoiceDocument d = invoice();
    c.edit(d);
    SCOPED_TRACE(c.rule);
    try {
      write_fakturaunderlag(d, kToday);
      ADD_FAILURE() << "written although it breaks " << c.rule;
    } catch (const std::invalid_argument& e) {
      if (std::string(c.rule).starts_with("ÖR"))
        EXPECT_TRUE(mentions(e.what(), c.rule)) << e.what();
      else
        EXPECT_NE(std::string(e.what()).find(c.rule), std::string::npos) << e.what();
    }
  }
}

// ---- Agreement models (billing rules §8): tariffs, at-cost, classification ----

InvoiceDocument agreement_models_invoice() {
  return invoice_with({tariff_stay(), at_cost_visit()}, kr(8895000 + 1784617));  // 106 796.17
}

TEST(FakturaunderlagAgreementModels, PassesTheSchemaAndEveryRule) {
  TempDir dir;
  std::string file =
      dir.write("models.xml", write_fakturaunderlag(agreement_models_invoice(), kToday));
  std::string out;
  EXPECT_EQ(shared_validator(file, &out), 0) << out;
  auto vs = check_spec(file, kToday);
  EXPECT_TRUE(vs.empty()) << violations_text(vs);
}

TEST(FakturaunderlagAgreementModels, TariffIsOnePatientSpecificCare) {
  XPath x(write_fakturaunderlag(agreement_models_invoice(), kToday));
  const std::string c = hp(1) + "/c:categorization/";
  EXPECT_EQ(x(c + "c:productCategory"), "03");  // per care day: patient-specific
  EXPECT_EQ(x("count(" + c + "c:DRGCost)"), "0");
  EXPECT_EQ(x("count(" + c + "c:patientSpecificCare)"), "1");
  const std::string t = c + "c:patientSpecificCare/";
  EXPECT_EQ(x(t + "c:patientSpecificCareCode"), "TAR-care_day");
  EXPECT_EQ(x(t + "c:patientSpecificCareCodeName"), "Psykiatrisk vård, vårddygn");
  EXPECT_EQ(x(t + "c:numberOfPatientSpecificCare"), "12");
  EXPECT_EQ(x(t + "c:patientSpecificCarePrice/c:amount"), "7412.50");
  EXPECT_EQ(x(t + "c:patientSpecificCareTotalAmount/c:amount"), "88950.00");  // ÖR26
  EXPECT_EQ(x(hp(1) + "/c:invoicedAmountDetails/c:patientCareInvoiceGrossAmount/c:amount"),
            "88950.00");  // ÖR27
  EXPECT_EQ(x(hp(1) + "/c:timespan/c:numberOfDays/c:inCare"), "12");
}

TEST(FakturaunderlagAgreementModels, PerContactTariffIsKontaktersattning) {
  InvoiceDocument d = agreement_models_invoice();
  DocumentLine& l = d.lines[0];
  l.tariff->unit = TariffUnit::contact;
  l.tariff->code = "TAR-contact";
  l.tariff->units = 1;
  l.tariff->price = l.tariff->amount;
  std::string xml = write_fakturaunderlag(d, kToday);
  XPath x(xml);
  EXPECT_EQ(x(hp(1) + "/c:categorization/c:productCategory"), "04");
  EXPECT_EQ(x(hp(1) + "/c:categorization/c:patientSpecificCare/c:numberOfPatientSpecificCare"),
            "1");
  EXPECT_TRUE(check_spec_text(xml, kToday).empty())
      << violations_text(check_spec_text(xml, kToday));
}

TEST(FakturaunderlagAgreementModels, AtCostIsOnePatientSpecificCareWithItsEvidence) {
  XPath x(write_fakturaunderlag(agreement_models_invoice(), kToday));
  const std::string c = hp(2) + "/c:categorization/";
  EXPECT_EQ(x(c + "c:productCategory"), "02");
  EXPECT_EQ(x(c + "c:DRGCost/c:DRGPrice/c:amount"), "2345.67");
  EXPECT_EQ(x("count(" + c + "c:patientSpecificCare)"), "1");  // not one per at-cost item
  const std::string a = c + "c:patientSpecificCare/";
  EXPECT_EQ(x(a + "c:patientSpecificCareCode"), "AT-COST");
  EXPECT_EQ(x(a + "c:patientSpecificCareCodeName"), "Tilläggsdebitering (självkostnad)");
  EXPECT_EQ(x(a + "c:numberOfPatientSpecificCare"), "1");
  EXPECT_EQ(x(a + "c:patientSpecificCarePrice/c:amount"), "15500.50");
  EXPECT_EQ(x(a + "c:patientSpecificCareTotalAmount/c:amount"), "15500.50");
  EXPECT_EQ(x("count(" + a + "c:unspecified)"), "2");
  EXPECT_EQ(x(a + "c:unspecified[1]/c:text"), "IMPL-9;1;38000.00;LOT-4711");
  EXPECT_EQ(x(a + "c:unspecified[1]/c:type"), "självkostnad");
  EXPECT_EQ(x(a + "c:unspecified[2]/c:text"), "IMPL-10;2;27500.50");
  EXPECT_EQ(x(hp(2) + "/c:invoicedAmountDetails/c:patientCareInvoiceGrossAmount/c:amount"),
            "17846.17");  // ÖR27: 2 345.67 + 15 500.50
}

// Below the threshold the at-cost amount is 0.00, still written with its
// evidence (a line billed only at cost then still names a product, ÖR44);
// without at-cost lines there is no AT-COST element.
TEST(FakturaunderlagAgreementModels, AtCostBelowTheThresholdIsZeroWithItsEvidence) {
  InvoiceDocument d = agreement_models_invoice();
  DocumentLine& l = d.lines[1];
  d.total -= l.at_cost_amount;
  l.gross -= l.at_cost_amount, l.net -= l.at_cost_amount, l.at_cost_amount = {};
  XPath x(write_fakturaunderlag(d, kToday));
  const std::string psc = hp(2) + "/c:categorization/c:patientSpecificCare";
  EXPECT_EQ(x("count(" + psc + ")"), "1");
  EXPECT_EQ(x(psc + "/c:patientSpecificCareTotalAmount/c:amount"), "0.00");
  EXPECT_NE(x("count(" + psc + "/c:unspecified)"), "0");
  l.costs.clear();
  XPath y(write_fakturaunderlag(d, kToday));
  EXPECT_EQ(y("count(" + psc + ")"), "0");
}

TEST(FakturaunderlagAgreementModels, ClassificationWithAReferral) {
  XPath x(write_fakturaunderlag(agreement_models_invoice(), kToday));
  const std::string pc = hp(1) + "/c:paymentCommitment/";
  EXPECT_EQ(x(pc + "c:remittanceNumber"), "REM-8");
  EXPECT_EQ(x(pc + "c:typeOfAgreement"), "2");
  EXPECT_EQ(x(pc + "c:typeOfChapter"), "1");  // medical reasons: Kapitel 2, hemregionens initiativ
  EXPECT_EQ(x("count(" + pc + "c:agreementInRiksavtalet)"), "0");
  EXPECT_EQ(x(hp(1) + "/c:activity/c:careLevel"), "3");

  InvoiceDocument d = agreement_models_invoice();
  d.lines[0].referral_reason = ReferralReason::choice;
  d.lines[0].agreement_type = 1;
  XPath y(write_fakturaunderlag(d, kToday));
  EXPECT_EQ(y(pc + "c:typeOfChapter"), "4");  // the patient's choice: Kapitel 4
  EXPECT_EQ(y(pc + "c:typeOfAgreement"), "1");
}

TEST(FakturaunderlagAgreementModels, ClassificationWithoutAReferral) {
  XPath x(write_fakturaunderlag(agreement_models_invoice(), kToday));
  const std::string pc = hp(2) + "/c:paymentCommitment/";
  EXPECT_EQ(x(pc + "c:agreementInRiksavtalet"), "4.1");
  EXPECT_EQ(x("count(" + pc + "c:remittanceNumber)"), "0");
  EXPECT_EQ(x("count(" + pc + "c:typeOfAgreement)"), "0");  // only with a referral (TKB)
  EXPECT_EQ(x("count(" + pc + "c:typeOfChapter)"), "0");
  EXPECT_EQ(x("count(" + hp(2) + "/c:activity/c:careLevel)"), "0");

  // The record's chapter wins over the emergency fallback 3.1.
  InvoiceDocument d = agreement_models_invoice();
  d.lines[1].emergency = true;
  d.lines[1].riksavtal_chapter = "3.2";
  EXPECT_EQ(XPath(write_fakturaunderlag(d, kToday))(pc + "c:agreementInRiksavtalet"), "3.2");
  // A referral leaves the chapter out (it is for care without one).
  d.lines[1].referral_id = "REM-9";
  XPath y(write_fakturaunderlag(d, kToday));
  EXPECT_EQ(y("count(" + pc + "c:agreementInRiksavtalet)"), "0");
  EXPECT_EQ(y(pc + "c:remittanceNumber"), "REM-9");
}

TEST(FakturaunderlagAgreementModels, ClassificationAbsentWhenNotGiven) {
  XPath x(write_fakturaunderlag(invoice(), kToday));  // no §8.6 data
  EXPECT_EQ(x(hp(1) + "/c:paymentCommitment/c:remittanceNumber"), "REM-1");
  EXPECT_EQ(x("count(//c:typeOfAgreement)"), "0");
  EXPECT_EQ(x("count(//c:typeOfChapter)"), "0");
  EXPECT_EQ(x("count(//c:careLevel)"), "0");
  EXPECT_EQ(x(hp(2) + "/c:paymentCommitment/c:agreementInRiksavtalet"), "3.1");  // emergency
  EXPECT_EQ(x("count(" + hp(3) + "/c:paymentCommitment/c:agreementInRiksavtalet)"), "0");
}

TEST(FakturaunderlagAgreementModels, RefusesWhatBreaksTheStandard) {
  struct Case {
    const char* rule;
    void (*edit)(InvoiceDocument&);
  };
  const Case cases[] = {
      {"ÖR26", [](InvoiceDocument& d) { d.lines[0].tariff->price += kr(1); }},
      {"ÖR27",
       [](InvoiceDocument& d) {
         auto& l = d.lines[0];
         l.tariff->units = 13, l.tariff->amount += kr(741250), l.tariff_amount += kr(741250);
       }},
      {"ÖR27", [](InvoiceDocument& d) { d.lines[1].at_cost_amount += kr(1); }},
      {"ÖR44",
       [](InvoiceDocument& d) {
         d.lines[0].tariff.reset();
         d.lines[0].tariff_amount = {};
       }},
      {"without its tariff", [](InvoiceDocument& d) { d.lines[0].tariff.reset(); }},
      {"not the tariff's total", [](InvoiceDocument& d) { d.lines[0].tariff_amount += kr(1); }},
      {"tariff name", [](InvoiceDocument& d) { d.lines[0].tariff->name.clear(); }},
      {"at-cost amount is negative",
       [](InvoiceDocument& d) {
         auto& l = d.lines[1];
         l.at_cost_amount = kr(-1), l.gross = l.drg_amount - kr(1), l.net = l.gross;
         d.total = d.lines[0].net + l.net;
       }},
      {"ÖR12", [](InvoiceDocument& d) { d.lines[0].agreement_type = 4; }},
      {"ÖR30", [](InvoiceDocument& d) { d.lines[0].care_level = 5; }},
      {"ÖR50", [](InvoiceDocument& d) { d.lines[1].riksavtal_chapter = "2.1"; }},
  };
  for (const Case& c : cases) {
    InvoiceDocument d = agreement_models_invoice();
    c.edit(d);
    SCOPED_TRACE(c.rule);
    try {
      write_fakturaunderlag(d, kToday);
      ADD_FAILURE() << "written although it breaks " << c.rule;
    } catch (const std::invalid_argument& e) {
      if (std::string(c.rule).starts_with("ÖR"))
        EXPECT_TRUE(mentions(e.what(), c.rule)) << e.what();
      else
        EXPECT_NE(std::string(e.what()).find(c.rule), std::string::npos) << e.what();
    }
  }
}

// The CSV specification's last two columns and the XLSX's Swedish headers.
TEST(FakturaunderlagAgreementModels, CsvAndXlsxCarryTariffAndAtCostAmounts) {
  InvoiceDocument d = agreement_models_invoice();
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  csv_spec::write(d, f);
  std::rewind(f);
  std::string csv;
  for (int ch; (ch = std::fgetc(f)) != EOF;) csv += static_cast<char>(ch);
  std::fclose(f);
  std::istringstream lines(csv);
  std::string header, row1, row2;
  std::getline(lines, header), std::getline(lines, row1), std::getline(lines, row2);
  EXPECT_TRUE(header.ends_with(",seller_name,tariff_amount,at_cost_amount,description")) << header;
  EXPECT_TRUE(row1.ends_with(",88950.00,0.00,")) << row1;
  EXPECT_TRUE(row2.ends_with(",0.00,15500.50,")) << row2;

  TempDir dir;
  const std::string xlsx = dir.write("spec.xlsx", "");
  write_xlsx_specification(d, xlsx);
  std::string out;
  auto part = [&](const char* name) {
    std::string log = xlsx + ".part";
    std::string cmd = "python3 -c \"import zipfile,sys; sys.stdout.write(zipfile.ZipFile('" + xlsx +
                      "').read('" + name + "').decode())\" >'" + log + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(log);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const std::string strings = part("xl/sharedStrings.xml");
  const std::string sheet = part("xl/worksheets/sheet1.xml");
  EXPECT_NE(strings.find("Åtgärdsersättning"), std::string::npos);
  EXPECT_NE(strings.find("Tilläggsdebitering"), std::string::npos);
  EXPECT_NE(sheet.find("8895000/100"), std::string::npos);  // tariff amount, exact
  EXPECT_NE(sheet.find("1550050/100"), std::string::npos);  // at-cost amount, exact
  // Column order: "Patientspecifikt", "Åtgärdsersättning", "Tilläggsdebitering", "Patientavgift".
  EXPECT_LT(strings.find("Patientspecifikt"), strings.find("Åtgärdsersättning"));
  EXPECT_LT(strings.find("Tilläggsdebitering"), strings.find("Patientavgift"));
}

}  // namespace
}  // namespace vardavtal
