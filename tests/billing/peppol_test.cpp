// The Peppol BIS Billing 3.0 writer: three hand-built documents (a care
// invoice with three lines, a subscription invoice, a credit note) are checked
// by XPath (libxml2) for their key values and absence of patient data, and all
// three are validated together, in one call, by `vardavtal check-peppol`
// (UBL schema, EN 16931 and Peppol rules). It needs default-jre-headless and
// libsaxonhe-java: without them the test fails.
#include "billing/documents/peppol.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "billing/documents/invoice_document.h"
#include "core/date.h"
#include "core/money.h"
#include "tests/billing/document_fixture.h"

namespace vardavtal {
namespace {

namespace fs = std::filesystem;

using namespace document_fixture;

constexpr char kSpecId[] = "ZVF23210000242103000001";        // the care invoice's
constexpr char kCreditSpecId[] = "ZVF23210000242105000003";  // the credit note's
const char* const kPatientIds[] = {"194512129876", "201001019802", "19780615-4417"};
const char* const kRecordIds[] = {"AS-2021-0004711", "AS-2021-0004712", "AS-2021-0004713"};

DocumentLine care_line(int line_no, int patient, std::string drg, Money net) {
  DocumentLine l;
  l.line_no = line_no;
  // Patient details that belong in the fakturaunderlag only.
  l.description = std::string("Vårdtillfälle ") + kRecordIds[patient] + " " + kPatientIds[patient];
  l.record_id = kRecordIds[patient];
  l.record_version = 2;
  l.patient_id = kPatientIds[patient];
  l.municipality = "2080";
  l.clinic = "Ortopedi";
  l.admission_date = ymd(2021, 3, 1);
  l.discharge_date = ymd(2021, 3, 5);
  l.drg = std::move(drg);
  l.referral_id = "REM-" + std::string(kPatientIds[patient]);
  l.gross = net;
  l.net = net;
  l.billing_date = ymd(2021, 3, 5);
  return l;
}

InvoiceDocument care_invoice() {
  InvoiceDocument d;
  d.number = "1000123";
  d.seller = seller();
  d.buyer = buyer();
  d.period = Period(2021, 3);
  d.issue_date = ymd(2021, 4, 5);
  d.due_date = ymd(2021, 5, 5);
  d.spec_id = kSpecId;
  d.agreement_id = "MV-2021";
  d.price_list = 1;
  d.bankgiro = "5050-1055";  // fictitious test bankgiro
  d.lines.push_back(care_line(1, 0, "373O", kr(4567890)));
  DocumentLine second = care_line(2, 1, "209A", kr(1234567));
  second.gross = kr(1300000);  // under a subscription: net = gross − share
  second.subscription_share = kr(65433);
  d.lines.push_back(second);
  d.lines.push_back(care_line(3, 2, "", kr(80005)));  // items only
  d.total = kr(4567890 + 1234567 + 80005);            // 58 824,62
  return d;
}

InvoiceDocument subscription_invoice() {
  InvoiceDocument d;
  d.number = "1000124";
  d.kind = InvoiceKind::subscription;
  d.seller = seller();
  d.buyer = buyer();
  d.period = Period(2021, 3);
  d.issue_date = ymd(2021, 4, 5);
  d.due_date = ymd(2021, 5, 5);
  d.agreement_id = "MV-2021";
  d.bankgiro = "505-1055";                        // seven digits, also allowed
  d.buyer_reference = "Kst 4711 & <abonnemang>";  // escaped by the tree API
  DocumentLine l;
  l.line_no = 1;
  l.description = "Abonnemang 2021-03";
  l.gross = kr(25000000);
  l.net = kr(25000000);
  d.lines.push_back(l);
  d.total = kr(25000000);
  return d;
}

InvoiceDocument credit_note() {
  InvoiceDocument d;
  d.number = "1000125";
  d.type = DocumentType::credit;
  d.seller = seller();
  d.buyer = buyer();
  d.period = Period(2021, 5);
  d.issue_date = ymd(2021, 5, 10);
  d.due_date = ymd(2021, 6, 9);
  d.spec_id = kCreditSpecId;
  d.agreement_id = "MV-2021";
  d.bankgiro = "5050-1055";
  d.reference_invoice = "1000123";
  d.reference_spec_id = kSpecId;
  d.reference_issue_date = ymd(2021, 4, 5);
  DocumentLine l = care_line(1, 1, "209A", kr(1234567));  // positive on a credit note
  l.reference_invoice = "1000123";
  l.reference_spec_id = kSpecId;
  l.reference_line = 2;
  l.reason_code = 2;
  d.lines.push_back(l);
  d.total = kr(1234567);
  return d;
}

// A parsed document with XPath over the UBL namespaces (inv, cn, cac, cbc).
class Xml {
 public:
  explicit Xml(const std::string& text)
      : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "peppol.xml", nullptr,
                           XML_PARSE_NONET),
             &xmlFreeDoc),
        ctx_(nullptr, &xmlXPathFreeContext) {
    if (!doc_) throw std::runtime_error("not well-formed XML");
    ctx_.reset(xmlXPathNewContext(doc_.get()));
    auto ns = [this](const char* prefix, const char* uri) {
      xmlXPathRegisterNs(ctx_.get(), reinterpret_cast<const xmlChar*>(prefix),
                         reinterpret_cast<const xmlChar*>(uri));
    };
    ns("inv", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
    ns("cn", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2");
    ns("cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2");
    ns("cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2");
  }

  // The XPath expression's value as a string ("" for an empty node set).
  std::string str(const std::string& xpath) const {
    auto obj = eval(xpath);
    xmlChar* s = xmlXPathCastToString(obj.get());
    std::string out(reinterpret_cast<const char*>(s));
    xmlFree(s);
    return out;
  }
  std::string count(const std::string& xpath) const { return str("string(count(" + xpath + "))"); }

  // The string values of every node the expression selects.
  std::vector<std::string> values(const std::string& xpath) const {
    auto obj = eval(xpath);
    std::vector<std::string> out;
    if (obj->type != XPATH_NODESET || !obj->nodesetval) return out;
    for (int i = 0; i < obj->nodesetval->nodeNr; ++i) {
      xmlChar* s = xmlNodeGetContent(obj->nodesetval->nodeTab[i]);
      out.emplace_back(s ? reinterpret_cast<const char*>(s) : "");
      xmlFree(s);
    }
    return out;
  }

 private:
  std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> eval(
      const std::string& xpath) const {
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> obj(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx_.get()),
        &xmlXPathFreeObject);
    if (!obj) throw std::runtime_error("bad XPath " + xpath);
    return obj;
  }

  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx_;
};

// Checks shared by the three documents: type, parties, VAT category E.
void expect_common(const Xml& x, const std::string& root, const std::string& type_code,
                   const std::string& total) {
  const std::string r = "/" + root;
  EXPECT_EQ(x.str(r + "/cbc:CustomizationID"),
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0");
  EXPECT_EQ(
      x.str(r + "/cbc:" + (root == "cn:CreditNote" ? "CreditNoteTypeCode" : "InvoiceTypeCode")),
      type_code);
  EXPECT_EQ(x.str(r + "/cbc:DocumentCurrencyCode"), "SEK");
  EXPECT_EQ(x.count("//*[@currencyID != 'SEK']"), "0");
  // Organisation numbers, scheme 0007, as endpoints and legal registrations.
  const std::string s = r + "/cac:AccountingSupplierParty/cac:Party";
  const std::string b = r + "/cac:AccountingCustomerParty/cac:Party";
  EXPECT_EQ(x.str(s + "/cbc:EndpointID"), "2321000024");
  EXPECT_EQ(x.str(s + "/cbc:EndpointID/@schemeID"), "0007");
  EXPECT_EQ(x.str(b + "/cbc:EndpointID"), "2321000180");
  EXPECT_EQ(x.str(b + "/cbc:EndpointID/@schemeID"), "0007");
  EXPECT_EQ(x.str(s + "/cac:PartyLegalEntity/cbc:CompanyID"), "2321000024");
  EXPECT_EQ(x.str(s + "/cac:PartyLegalEntity/cbc:CompanyID/@schemeID"), "0007");
  EXPECT_EQ(x.str(b + "/cac:PartyLegalEntity/cbc:CompanyID"), "2321000180");
  EXPECT_EQ(x.str(b + "/cac:PartyLegalEntity/cbc:CompanyID/@schemeID"), "0007");
  EXPECT_EQ(x.str(s + "/cac:PartyLegalEntity/cbc:RegistrationName"), "Region Uppsala");
  EXPECT_EQ(x.str(s + "/cac:PartyName/cbc:Name"), "Akademiska sjukhuset");
  EXPECT_EQ(x.str(b + "/cac:PartyLegalEntity/cbc:RegistrationName"), "Region Dalarna");
  EXPECT_EQ(x.str(s + "/cac:PostalAddress/cac:Country/cbc:IdentificationCode"), "SE");
  EXPECT_EQ(x.str(b + "/cac:PostalAddress/cac:Country/cbc:IdentificationCode"), "SE");
  EXPECT_EQ(x.str(s + "/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"),
            "SE232100002401");
  // Exempt health care: one VAT breakdown, category E, 0 %, VATEX-EU-132-1B.
  EXPECT_EQ(x.count(r + "/cac:TaxTotal"), "1");
  EXPECT_EQ(x.str(r + "/cac:TaxTotal/cbc:TaxAmount"), "0.00");
  EXPECT_EQ(x.count(r + "/cac:TaxTotal/cac:TaxSubtotal"), "1");
  const std::string sub = r + "/cac:TaxTotal/cac:TaxSubtotal";
  EXPECT_EQ(x.str(sub + "/cbc:TaxableAmount"), total);
  EXPECT_EQ(x.str(sub + "/cbc:TaxAmount"), "0.00");
  EXPECT_EQ(x.str(sub + "/cac:TaxCategory/cbc:ID"), "E");
  EXPECT_EQ(x.str(sub + "/cac:TaxCategory/cbc:Percent"), "0");
  EXPECT_EQ(x.str(sub + "/cac:TaxCategory/cbc:TaxExemptionReasonCode"), "VATEX-EU-132-1B");
  EXPECT_EQ(x.count("//cac:ClassifiedTaxCategory[cbc:ID != 'E' or cbc:Percent != '0']"), "0");
  EXPECT_NE(x.count("//cac:ClassifiedTaxCategory"), "0");
  // Totals: exact, two decimals, all equal (no VAT, nothing prepaid).
  const std::string m = r + "/cac:LegalMonetaryTotal";
  EXPECT_EQ(x.str(m + "/cbc:LineExtensionAmount"), total);
  EXPECT_EQ(x.str(m + "/cbc:TaxExclusiveAmount"), total);
  EXPECT_EQ(x.str(m + "/cbc:TaxInclusiveAmount"), total);
  EXPECT_EQ(x.str(m + "/cbc:PayableAmount"), total);
  // Bankgiro as the Swedish rules want it.
  EXPECT_EQ(x.str(r + "/cac:PaymentMeans/cbc:PaymentMeansCode"), "30");
  EXPECT_EQ(
      x.str(r +
            "/cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"),
      "SE:BANKGIRO");
}

// No patient data: no personnummer-shaped number (12 digits, or 8 + 4 with a
// separator) in any text or attribute, apart from the seller's VAT number
// (SE + 12 digits, checked above), and none of the test's patient or record ids.
void expect_no_patient_data(const std::string& text) {
  for (const char* id : kPatientIds) EXPECT_EQ(text.find(id), std::string::npos) << id;
  for (const char* id : kRecordIds) EXPECT_EQ(text.find(id), std::string::npos) << id;
  Xml x(text);
  const std::regex personnummer(R"((^|[^0-9])[0-9]{8}[-+]?[0-9]{4}([^0-9]|$))");
  const auto values =
      x.values("//text()[not(parent::cbc:CompanyID/parent::cac:PartyTaxScheme)] | //@*");
  ASSERT_FALSE(values.empty());
  for (const std::string& v : values)
    EXPECT_FALSE(std::regex_search(v, personnummer)) << "personnummer-like value: " << v;
}

TEST(Peppol, CareInvoiceHasItsLinesTotalsAndReferences) {
  const std::string text = write_peppol(care_invoice());
  Xml x(text);
  expect_common(x, "inv:Invoice", "380", "58824.62");
  EXPECT_EQ(x.str("/inv:Invoice/cbc:ID"), "1000123");
  EXPECT_EQ(x.str("/inv:Invoice/cbc:IssueDate"), "2021-04-05");
  EXPECT_EQ(x.str("/inv:Invoice/cbc:DueDate"), "2021-05-05");
  // No buyer reference of its own: the specification id.
  EXPECT_EQ(x.str("/inv:Invoice/cbc:BuyerReference"), kSpecId);
  EXPECT_EQ(x.str("/inv:Invoice/cac:AdditionalDocumentReference/cbc:ID"), kSpecId);
  EXPECT_EQ(x.str("/inv:Invoice/cac:AdditionalDocumentReference/cbc:DocumentDescription"),
            "Fakturaunderlag");
  EXPECT_EQ(x.str("/inv:Invoice/cac:ContractDocumentReference/cbc:ID"), "MV-2021");
  EXPECT_EQ(x.str("/inv:Invoice/cac:InvoicePeriod/cbc:StartDate"), "2021-03-01");
  EXPECT_EQ(x.str("/inv:Invoice/cac:InvoicePeriod/cbc:EndDate"), "2021-03-31");
  EXPECT_EQ(x.count("//cac:BillingReference"), "0");
  EXPECT_EQ(x.str("/inv:Invoice/cac:PaymentMeans/cbc:PaymentID"), "1000123");
  EXPECT_EQ(x.str("/inv:Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"), "50501055");
  EXPECT_EQ(x.count("//cbc:PaymentDueDate"), "0");  // an invoice has cbc:DueDate
  // One line per document line: quantity 1, price = line total = net.
  ASSERT_EQ(x.count("/inv:Invoice/cac:InvoiceLine"), "3");
  const char* nets[] = {"45678.90", "12345.67", "800.05"};
  const char* drgs[] = {"373O", "209A", ""};
  for (int i = 1; i <= 3; ++i) {
    const std::string l = "/inv:Invoice/cac:InvoiceLine[" + std::to_string(i) + "]";
    SCOPED_TRACE(l);
    EXPECT_EQ(x.str(l + "/cbc:ID"), std::to_string(i));
    EXPECT_EQ(x.str(l + "/cbc:InvoicedQuantity"), "1");
    EXPECT_EQ(x.str(l + "/cbc:InvoicedQuantity/@unitCode"), "C62");
    EXPECT_EQ(x.str(l + "/cbc:LineExtensionAmount"), nets[i - 1]);
    EXPECT_EQ(x.str(l + "/cac:Price/cbc:PriceAmount"), nets[i - 1]);
    EXPECT_EQ(x.str(l + "/cac:Item/cbc:Name"),
              std::string("Vård enligt fakturaunderlag ") + kSpecId + " rad " + std::to_string(i));
    EXPECT_EQ(x.str(l + "/cac:Item/cac:SellersItemIdentification/cbc:ID"), drgs[i - 1]);
  }
  expect_no_patient_data(text);
}

TEST(Peppol, SubscriptionInvoiceHasOneLine) {
  const std::string text = write_peppol(subscription_invoice());
  Xml x(text);
  expect_common(x, "inv:Invoice", "380", "250000.00");
  EXPECT_EQ(x.str("/inv:Invoice/cbc:BuyerReference"), "Kst 4711 & <abonnemang>");
  EXPECT_EQ(x.count("//cac:AdditionalDocumentReference"), "0");  // no fakturaunderlag
  EXPECT_EQ(x.str("/inv:Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"), "5051055");
  ASSERT_EQ(x.count("/inv:Invoice/cac:InvoiceLine"), "1");
  EXPECT_EQ(x.str("//cac:InvoiceLine/cac:Item/cbc:Name"), "Abonnemang 2021-03");
  EXPECT_EQ(x.str("//cac:InvoiceLine/cbc:InvoicedQuantity"), "1");
  EXPECT_EQ(x.str("//cac:InvoiceLine/cbc:LineExtensionAmount"), "250000.00");
  EXPECT_EQ(x.str("//cac:InvoiceLine/cac:Price/cbc:PriceAmount"), "250000.00");
  expect_no_patient_data(text);
}

TEST(Peppol, CreditNoteReferencesTheInvoice) {
  const std::string text = write_peppol(credit_note());
  Xml x(text);
  expect_common(x, "cn:CreditNote", "381", "12345.67");
  EXPECT_EQ(x.count("/inv:Invoice"), "0");
  EXPECT_EQ(x.str("/cn:CreditNote/cbc:ID"), "1000125");
  ASSERT_EQ(x.count("/cn:CreditNote/cac:BillingReference"), "1");
  EXPECT_EQ(x.str("/cn:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
            "1000123");
  EXPECT_EQ(x.str("/cn:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate"),
            "2021-04-05");
  // Its own fakturaunderlag, then the credited invoice's.
  EXPECT_EQ(x.str("/cn:CreditNote/cac:AdditionalDocumentReference[1]/cbc:ID"), kCreditSpecId);
  EXPECT_EQ(x.str("/cn:CreditNote/cac:AdditionalDocumentReference[2]/cbc:ID"), kSpecId);
  EXPECT_EQ(x.str("/cn:CreditNote/cbc:BuyerReference"), kCreditSpecId);
  // A credit note's due date lives in PaymentMeans.
  EXPECT_EQ(x.count("//cbc:DueDate"), "0");
  EXPECT_EQ(x.str("/cn:CreditNote/cac:PaymentMeans/cbc:PaymentDueDate"), "2021-06-09");
  ASSERT_EQ(x.count("/cn:CreditNote/cac:CreditNoteLine"), "1");
  const std::string l = "/cn:CreditNote/cac:CreditNoteLine";
  EXPECT_EQ(x.str(l + "/cbc:CreditedQuantity"), "1");
  EXPECT_EQ(x.str(l + "/cbc:LineExtensionAmount"), "12345.67");  // positive
  EXPECT_EQ(x.str(l + "/cac:Price/cbc:PriceAmount"), "12345.67");
  EXPECT_EQ(x.str(l + "/cac:Item/cbc:Name"),
            std::string("Kreditering enligt fakturaunderlag ") + kCreditSpecId + " rad 1");
  EXPECT_EQ(x.str(l + "/cbc:Note"), std::string("Avser faktura 1000123 rad 2, fakturaunderlag ") +
                                        kSpecId + ", orsakskod 2");
  expect_no_patient_data(text);
}

TEST(Peppol, RejectsDocumentsTheRulesWouldReject) {
  auto expect_invalid = [](InvoiceDocument d, const char* why) {
    EXPECT_THROW(write_peppol(d), std::invalid_argument) << why;
  };
  InvoiceDocument d = care_invoice();
  d.total = d.total + kr(1);
  expect_invalid(d, "total is not the sum of the lines");
  d = care_invoice();
  d.seller.org_number = "232100002";
  expect_invalid(d, "9-digit organisation number");
  d = care_invoice();
  d.buyer.org_number = "23210001AB";
  expect_invalid(d, "organisation number with letters");
  d = care_invoice();
  d.bankgiro = "5050-10555";
  expect_invalid(d, "9-digit bankgiro");
  d = care_invoice();
  d.spec_id.clear();
  expect_invalid(d, "care invoice without fakturaunderlag");
  d = care_invoice();
  d.number.clear();
  expect_invalid(d, "no invoice number");
  InvoiceDocument c = credit_note();
  c.reference_invoice.clear();
  c.lines[0].reference_invoice.clear();
  expect_invalid(c, "credit note without the credited invoice");
  // Hyphenated numbers are accepted and written as digits.
  d = care_invoice();
  d.seller.org_number = "232100-0024";
  EXPECT_EQ(Xml(write_peppol(d)).str("//cac:AccountingSupplierParty//cbc:EndpointID"),
            "2321000024");
}

TEST(Peppol, NegativeNetIsQuantityMinusOneAtAPositivePrice) {
  // BR-27 forbids a negative price; the line amount keeps its sign.
  InvoiceDocument d = care_invoice();
  d.lines[2].net = kr(-80005);
  d.total = kr(4567890 + 1234567 - 80005);
  Xml x(write_peppol(d));
  EXPECT_EQ(x.str("//cac:InvoiceLine[3]/cbc:InvoicedQuantity"), "-1");
  EXPECT_EQ(x.str("//cac:InvoiceLine[3]/cbc:LineExtensionAmount"), "-800.05");
  EXPECT_EQ(x.str("//cac:InvoiceLine[3]/cac:Price/cbc:PriceAmount"), "800.05");
  EXPECT_EQ(x.str("//cac:LegalMonetaryTotal/cbc:PayableAmount"), "57224.52");
}

// Runs a shell command; its output (stdout and stderr) and exit status.
std::pair<std::string, int> run(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {"popen failed", -1};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

TEST(Peppol, CheckPeppolAcceptsAllThreeDocuments) {
  const fs::path dir = fs::temp_directory_path() / ("vardavtal-peppol-" + std::to_string(getpid()));
  fs::create_directories(dir);
  // Kept for inspection when the test fails.
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      if (::testing::Test::HasFailure()) {
        std::cerr << "documents kept in " << dir << "\n";
      } else {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
      }
    }
  } cleanup{dir};
  const std::vector<std::pair<std::string, InvoiceDocument>> docs = {
      {"care-invoice.xml", care_invoice()},
      {"subscription-invoice.xml", subscription_invoice()},
      {"credit-note.xml", credit_note()}};
  std::string command = std::string(VARDAVTAL_BINARY) + " check-peppol";
  for (const auto& [name, doc] : docs) {
    std::ofstream(dir / name, std::ios::binary) << write_peppol(doc);
    command += " '" + (dir / name).string() + "'";
  }
  const auto [output, status] = run(command);
  ASSERT_NE(status, 2) << "vardavtal check-peppol cannot run here; install its tools with "
                          "`scripts/install-deps.sh --test` (default-jre-headless "
                          "libsaxonhe-java):\n"
      << output;
  EXPECT_EQ(status, 0) << output;
  // One result line per file: schema ok and zero fatal assertions in both rule
  // sets (warnings are allowed).
  for (const auto& [name, doc] : docs) {
    const std::string root = doc.type == DocumentType::credit ? "CreditNote" : "Invoice";
    const std::string expected =
        (dir / name).string() + " [" + root + "] schema=ok EN16931=0 PEPPOL-EN16931=0\n";
    EXPECT_NE(output.find(expected), std::string::npos)
        << "expected the line: " << expected << "validator output:\n"
        << output;
  }
}

}  // namespace
}  // namespace vardavtal
