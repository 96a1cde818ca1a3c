#include "billing/documents/peppol.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/error_text.h"
#include "core/region.h"

namespace vardavtal {
namespace {

constexpr char kInvoiceNs[] = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
constexpr char kCreditNoteNs[] = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
constexpr char kCacNs[] =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr char kCbcNs[] = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
// BT-24 and BT-23 of Peppol BIS Billing 3.0.
constexpr char kCustomizationId[] =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
constexpr char kProfileId[] = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
// ICD 0007: Swedish organisation number (EAS code list and ICD code list).
constexpr char kOrgScheme[] = "0007";
constexpr char kCountry[] = "SE";  // every party is a Swedish region
// Health care is exempt from VAT (mervärdesskattelagen; VAT directive
// art. 132.1(b)): category E with the matching VATEX code.
constexpr char kVatCategory[] = "E";
constexpr char kExemptionCode[] = "VATEX-EU-132-1B";
constexpr char kExemptionReason[] = "Momsfri sjukvård";
constexpr char kUnitCode[] = "C62";  // "one" (UN/ECE rec. 20)

const xmlChar* X(const char* s) {
  return reinterpret_cast<const xmlChar*>(s);
}

// A party's or the invoice's data that a Peppol invoice cannot carry (the
// data's texts are quoted as they are).
[[noreturn]] void invalid(const std::string& what) {
  throw BadArgument("write_peppol: " + what, "kan inte skriva Peppol-fakturan: " + what);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "232100-0024" or "2321000024" -> "2321000024"; anything else throws.
std::string org_number(const DocumentParty& p, const char* role) {
  std::string digits;
  for (char c : p.org_number)
    if (c != '-') digits += c;
  if (digits.size() != 10 || !all_digits(digits))
    invalid(std::string(role) + " organisation number '" + p.org_number + "' is not 10 digits");
  return digits;
}

// "5050-1055" -> "50501055" (SE-R-008/009: numeric, 7-8 characters).
std::string bankgiro_digits(const std::string& bankgiro) {
  std::string digits;
  for (char c : bankgiro)
    if (c != '-' && c != ' ') digits += c;
  if (digits.size() < 7 || digits.size() > 8 || !all_digits(digits))
    invalid("bankgiro '" + bankgiro + "' is not 7-8 digits");
  return digits;
}

// BT-27/BT-44: the registered name of the legal entity behind the organisation
// number. A hospital sells in its owning region's name, so a built-in region
// with that number gives the name; otherwise the party's own name.
std::string legal_name(const DocumentParty& p, const std::string& org) {
  for (const Region& r : builtin_regions())
    if (r.org_number == org) return r.name;
  return p.name;
}

struct PeppolLine {
  std::string id;
  std::string note;         // BT-127, may be empty
  std::string name;         // BT-153
  std::string seller_item;  // BT-155 (the DRG code), may be empty
  Money net;                // BT-131
};

std::string care_line_name(const InvoiceDocument& doc, const DocumentLine& l, int line_no) {
  const bool credit = doc.type == DocumentType::credit;
  if (!doc.spec_id.empty())
    return std::string(credit ? "Kreditering" : "Vård") + " enligt fakturaunderlag " + doc.spec_id +
           " rad " + std::to_string(line_no);
  // Only a credit note may lack its own specification id (checked before).
  return "Kreditering av faktura " + l.reference_invoice + " rad " +
         std::to_string(l.reference_line);
}

// What a credit line reverses: the original invoice, its line and
// specification, and the national reason code. No patient data.
std::string credit_line_note(const DocumentLine& l) {
  std::string note;
  auto add = [&note](const std::string& part) { note += (note.empty() ? "" : ", ") + part; };
  if (!l.reference_invoice.empty()) {
    std::string ref = "Avser faktura " + l.reference_invoice;
    if (l.reference_line > 0) ref += " rad " + std::to_string(l.reference_line);
    add(ref);
  }
  if (!l.reference_spec_id.empty()) add("fakturaunderlag " + l.reference_spec_id);
  if (l.reason_code > 0) add("orsakskod " + std::to_string(l.reason_code));
  return note;
}

std::vector<PeppolLine> peppol_lines(const InvoiceDocument& doc) {
  std::vector<PeppolLine> out;
  const bool credit = doc.type == DocumentType::credit;
  const bool several = doc.kind == InvoiceKind::subscription && doc.lines.size() > 1;
  if (several || doc.kind == InvoiceKind::settlement || doc.kind == InvoiceKind::commitment) {
    // Installments of several months (closed months caught up), or a
    // year-end true-up in words: a line each.
    for (size_t i = 0; i < doc.lines.size(); ++i) {
      PeppolLine line;
      line.id = std::to_string(i + 1);
      line.name = doc.lines[i].description;
      if (credit) line.note = credit_line_note(doc.lines[i]);
      line.net = doc.lines[i].net;
      out.push_back(std::move(line));
    }
    return out;
  }
  if (doc.kind == InvoiceKind::subscription) {
    // One line: the month's installment, whatever the document holds.
    PeppolLine line;
    line.id = "1";
    line.name = doc.period ? "Abonnemang " + doc.period->str() : "Abonnemang";
    if (doc.lines.empty()) {
      line.net = doc.total;
    } else {
      for (const DocumentLine& l : doc.lines) line.net += l.net;
      if (credit) line.note = credit_line_note(doc.lines.front());
    }
    out.push_back(std::move(line));
    return out;
  }
  for (size_t i = 0; i < doc.lines.size(); ++i) {
    const DocumentLine& l = doc.lines[i];
    const int line_no = l.line_no > 0 ? l.line_no : static_cast<int>(i + 1);
    PeppolLine line;
    line.id = std::to_string(line_no);
    line.name = care_line_name(doc, l, line_no);
    if (credit) line.note = credit_line_note(l);
    line.seller_item = l.drg;
    line.net = l.net;
    out.push_back(std::move(line));
  }
  return out;
}

// The tree under construction: the root element with the default namespace of
// the document type and the cac/cbc prefixes. Text goes in through
// xmlNewTextChild and attributes through xmlNewProp, which escape on output.
class Tree {
 public:
  explicit Tree(bool credit) : doc_(xmlNewDoc(X("1.0")), &xmlFreeDoc) {
    if (!doc_) throw std::bad_alloc();
    root_ = xmlNewDocNode(doc_.get(), nullptr, X(credit ? "CreditNote" : "Invoice"), nullptr);
    if (!root_) throw std::bad_alloc();
    xmlDocSetRootElement(doc_.get(), root_);
    xmlNsPtr ns = xmlNewNs(root_, X(credit ? kCreditNoteNs : kInvoiceNs), nullptr);
    cac_ = xmlNewNs(root_, X(kCacNs), X("cac"));
    cbc_ = xmlNewNs(root_, X(kCbcNs), X("cbc"));
    if (!ns || !cac_ || !cbc_) throw std::bad_alloc();
    xmlSetNs(root_, ns);
  }

  xmlNodePtr root() const { return root_; }

  xmlNodePtr cac(xmlNodePtr parent, const char* name) {
    return check(xmlNewChild(parent, cac_, X(name), nullptr));
  }
  // PEPPOL-EN16931-R008 forbids empty elements: callers pass text they know.
  xmlNodePtr cbc(xmlNodePtr parent, const char* name, const std::string& text) {
    if (text.empty()) invalid(std::string("empty ") + name);
    return check(xmlNewTextChild(parent, cbc_, X(name), X(text.c_str())));
  }
  xmlNodePtr cbc(xmlNodePtr parent, const char* name, const std::string& text,
                 const char* attribute, const std::string& value) {
    xmlNodePtr node = cbc(parent, name, text);
    if (!xmlNewProp(node, X(attribute), X(value.c_str()))) throw std::bad_alloc();
    return node;
  }

  std::string serialize() const {
    xmlChar* text = nullptr;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc_.get(), &text, &size, "UTF-8", 1);
    if (!text) throw std::bad_alloc();
    std::string out(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
    xmlFree(text);
    return out;
  }

 private:
  static xmlNodePtr check(xmlNodePtr node) {
    if (!node) throw std::bad_alloc();
    return node;
  }

  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
  xmlNodePtr root_ = nullptr;
  xmlNsPtr cac_ = nullptr;
  xmlNsPtr cbc_ = nullptr;
};

// BG-4/BG-7: endpoint and legal registration by organisation number (0007),
// country SE; the seller also with its VAT number (BR-E-02).
void write_party(Tree& t, xmlNodePtr parent, const char* wrapper, const DocumentParty& p,
                 bool seller) {
  const char* role = seller ? "seller" : "buyer";
  const std::string org = org_number(p, role);
  const std::string legal = legal_name(p, org);
  if (legal.empty()) invalid(std::string(role) + " has no name");
  xmlNodePtr party = t.cac(t.cac(parent, wrapper), "Party");
  t.cbc(party, "EndpointID", org, "schemeID", kOrgScheme);
  if (!p.name.empty() && p.name != legal) t.cbc(t.cac(party, "PartyName"), "Name", p.name);
  t.cbc(t.cac(t.cac(party, "PostalAddress"), "Country"), "IdentificationCode", kCountry);
  if (seller) {
    // A Swedish VAT number is SE + organisation number + 01 (SE-R-001/002).
    xmlNodePtr tax = t.cac(party, "PartyTaxScheme");
    t.cbc(tax, "CompanyID", std::string(kCountry) + org + "01");
    t.cbc(t.cac(tax, "TaxScheme"), "ID", "VAT");
  }
  xmlNodePtr legal_entity = t.cac(party, "PartyLegalEntity");
  t.cbc(legal_entity, "RegistrationName", legal);
  t.cbc(legal_entity, "CompanyID", org, "schemeID", kOrgScheme);
}

void write_tax_category(Tree& t, xmlNodePtr parent, const char* wrapper, bool with_reason) {
  xmlNodePtr category = t.cac(parent, wrapper);
  t.cbc(category, "ID", kVatCategory);
  t.cbc(category, "Percent", "0");
  if (with_reason) {
    t.cbc(category, "TaxExemptionReasonCode", kExemptionCode);
    t.cbc(category, "TaxExemptionReason", kExemptionReason);
  }
  t.cbc(t.cac(category, "TaxScheme"), "ID", "VAT");
}

void check_document(const InvoiceDocument& doc) {
  if (doc.number.empty()) invalid("no invoice number");
  if (!doc.issue_date.ok()) invalid("no issue date");
  if (doc.currency.empty()) invalid("no currency");
  const bool credit = doc.type == DocumentType::credit;
  const bool true_up = doc.kind == InvoiceKind::settlement || doc.kind == InvoiceKind::commitment;
  if (doc.kind == InvoiceKind::care) {
    if (doc.lines.empty()) invalid("a care document without lines");
    if (!credit && doc.spec_id.empty()) invalid("a care invoice without specification id");
    if (credit && doc.spec_id.empty())
      for (const DocumentLine& l : doc.lines)
        if (l.reference_invoice.empty())
          invalid("a credit line with neither specification id nor credited invoice");
  }
  if (credit && !true_up) {  // a true-up's credit may be the year's first
    bool referenced = !doc.reference_invoice.empty();
    for (const DocumentLine& l : doc.lines) referenced = referenced || !l.reference_invoice.empty();
    if (!referenced) invalid("a credit note without the invoice it credits");
  }
}

}  // namespace

std::string write_peppol(const InvoiceDocument& doc) {
  static const bool libxml_ready = (xmlInitParser(), true);
  (void)libxml_ready;
  check_document(doc);
  const bool credit = doc.type == DocumentType::credit;
  const std::vector<PeppolLine> lines = peppol_lines(doc);
  Money total;
  for (const PeppolLine& l : lines) total += l.net;
  if (total != doc.total)
    invalid("total " + doc.total.to_string() + " is not the sum of the lines " + total.to_string());

  Tree t(credit);
  xmlNodePtr root = t.root();
  auto amount = [&t, &doc](xmlNodePtr parent, const char* name, Money m) {
    return t.cbc(parent, name, m.to_string(), "currencyID", doc.currency);
  };

  t.cbc(root, "CustomizationID", kCustomizationId);
  t.cbc(root, "ProfileID", kProfileId);
  t.cbc(root, "ID", doc.number);
  t.cbc(root, "IssueDate", format_iso(doc.issue_date));
  if (!credit && doc.due_date.ok()) t.cbc(root, "DueDate", format_iso(doc.due_date));
  t.cbc(root, credit ? "CreditNoteTypeCode" : "InvoiceTypeCode", credit ? "381" : "380");
  t.cbc(root, "DocumentCurrencyCode", doc.currency);
  // BT-10, mandatory in Peppol (R003): the buyer's own reference, else the
  // specification id, else the billed month, else the invoice number.
  std::string buyer_reference = doc.buyer_reference;
  const std::string period = doc.period ? doc.period->str() : "";
  for (const std::string* fallback : {&doc.spec_id, &period, &doc.number})
    if (buyer_reference.empty()) buyer_reference = *fallback;
  t.cbc(root, "BuyerReference", buyer_reference);
  if (doc.period) {
    xmlNodePtr invoice_period = t.cac(root, "InvoicePeriod");
    t.cbc(invoice_period, "StartDate", format_iso(doc.period->first_day()));
    t.cbc(invoice_period, "EndDate", format_iso(doc.period->last_day()));
  } else if (doc.year) {  // a true-up: the agreement year it settles
    xmlNodePtr invoice_period = t.cac(root, "InvoicePeriod");
    t.cbc(invoice_period, "StartDate", format_iso(Period(*doc.year, 1).first_day()));
    t.cbc(invoice_period, "EndDate", format_iso(Period(*doc.year, 12).last_day()));
  }
  if (credit) {
    // BG-3: the credited invoice(s); the document's own first, then any other
    // invoice a line credits (without issue date: the line does not know it).
    std::vector<std::string> seen;
    auto reference = [&](const std::string& number, std::optional<Date> issued) {
      if (number.empty() || std::find(seen.begin(), seen.end(), number) != seen.end()) return;
      seen.push_back(number);
      xmlNodePtr ref = t.cac(t.cac(root, "BillingReference"), "InvoiceDocumentReference");
      t.cbc(ref, "ID", number);
      if (issued && issued->ok()) t.cbc(ref, "IssueDate", format_iso(*issued));
    };
    reference(doc.reference_invoice, doc.reference_issue_date);
    for (const DocumentLine& l : doc.lines) reference(l.reference_invoice, std::nullopt);
  }
  if (!doc.agreement_id.empty())
    t.cbc(t.cac(root, "ContractDocumentReference"), "ID", doc.agreement_id);
  // BG-24: the fakturaunderlag that carries the patient details.
  if (!doc.spec_id.empty()) {
    xmlNodePtr ref = t.cac(root, "AdditionalDocumentReference");
    t.cbc(ref, "ID", doc.spec_id);
    t.cbc(ref, "DocumentDescription", "Fakturaunderlag");
  }
  if (credit && !doc.reference_spec_id.empty() && doc.reference_spec_id != doc.spec_id) {
    xmlNodePtr ref = t.cac(root, "AdditionalDocumentReference");
    t.cbc(ref, "ID", doc.reference_spec_id);
    t.cbc(ref, "DocumentDescription", "Fakturaunderlag till krediterad faktura");
  }

  write_party(t, root, "AccountingSupplierParty", doc.seller, true);
  write_party(t, root, "AccountingCustomerParty", doc.buyer, false);

  if (!doc.bankgiro.empty()) {
    // Swedish bankgiro: code 30 (credit transfer), the number in the account
    // id and SE:BANKGIRO as branch id (SE-R-008/009/011).
    xmlNodePtr means = t.cac(root, "PaymentMeans");
    t.cbc(means, "PaymentMeansCode", "30");
    if (credit && doc.due_date.ok()) t.cbc(means, "PaymentDueDate", format_iso(doc.due_date));
    t.cbc(means, "PaymentID", doc.number);
    xmlNodePtr account = t.cac(means, "PayeeFinancialAccount");
    t.cbc(account, "ID", bankgiro_digits(doc.bankgiro));
    t.cbc(t.cac(account, "FinancialInstitutionBranch"), "ID", "SE:BANKGIRO");
  }

  const Money zero;
  xmlNodePtr tax_total = t.cac(root, "TaxTotal");
  amount(tax_total, "TaxAmount", zero);
  xmlNodePtr subtotal = t.cac(tax_total, "TaxSubtotal");
  amount(subtotal, "TaxableAmount", total);
  amount(subtotal, "TaxAmount", zero);
  write_tax_category(t, subtotal, "TaxCategory", true);

  xmlNodePtr monetary = t.cac(root, "LegalMonetaryTotal");
  amount(monetary, "LineExtensionAmount", total);
  amount(monetary, "TaxExclusiveAmount", total);
  amount(monetary, "TaxInclusiveAmount", total);  // no VAT
  amount(monetary, "PayableAmount", total);

  for (const PeppolLine& l : lines) {
    xmlNodePtr line = t.cac(root, credit ? "CreditNoteLine" : "InvoiceLine");
    t.cbc(line, "ID", l.id);
    if (!l.note.empty()) t.cbc(line, "Note", l.note);
    // Quantity 1 at the line's net. BR-27 forbids a negative price, so a
    // negative net (never expected) is written as quantity -1.
    const bool negative = l.net < zero;
    t.cbc(line, credit ? "CreditedQuantity" : "InvoicedQuantity", negative ? "-1" : "1", "unitCode",
          kUnitCode);
    amount(line, "LineExtensionAmount", l.net);
    xmlNodePtr item = t.cac(line, "Item");
    t.cbc(item, "Name", l.name);
    if (!l.seller_item.empty())
      t.cbc(t.cac(item, "SellersItemIdentification"), "ID", l.seller_item);
    write_tax_category(t, item, "ClassifiedTaxCategory", false);
    amount(t.cac(line, "Price"), "PriceAmount", negative ? -l.net : l.net);
  }
  return t.serialize();
}

}  // namespace vardavtal
