// read_received_spec: a received invoice specification -> ReceivedSpec.
//
// XML (fakturaunderlag, RIVTA ProcessClaimSpecification 1.0) is parsed with
// libxml2 without network access and without a DTD (a document type
// declaration is refused, as check_spec does). Elements are matched by
// namespace and name as the schema declares them (root and claimSpecification
// in the responder namespace, everything below in urn:riv:financial:billing:
// claim:1); text is trimmed of XML whitespace. Optional elements may be absent
// (an absent amount is 0.00, plannedHealthcare defaults to true); the values
// the purchaser cannot do without are mandatory: id, invoiceId, typeOfInvoice
// (380/381), issueDate, payableAmount, and per healthcarePerformed its lineId,
// the patient identity's extension, careVisitDate and the gross and net
// amounts. Each healthcarePerformed is one ReceivedLine (the schema allows
// several per specification line; they share the patient). Amounts
// (xs:decimal) are exact to the öre: more significant decimals are an error,
// as is anything that is not an xs:decimal. Dates are YYYYMMDD and must name a
// real day. Currencies, code systems and the ÖR rules are not checked here:
// that is check_spec's job. Our own patientSpecificCare codes are read apart
// from the items: TAR-<unit> as the line's tariff (§8.1), AT-COST as its
// at-cost amount with the `unspecified` costs of type självkostnad (§8.2).
//
// CSV: the specification `vardavtal invoice N --format csv` writes, read by
// header (columns in any order, unknown columns ignored) with the project's
// CSV reader (',' or ';', UTF-8 or Windows-1252). Every row must belong to the
// same invoice number. Text columns lose the writer's formula guard ("'=x").
// The columns seller_org_number, seller_hsa_id and seller_name (the hospital
// as the fakturaunderlag names it), tariff_amount and at_cost_amount are optional.
#include "billing/documents/received_spec.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string_view>

#include "importers/csv_cell.h"
#include "billing/documents/csv_spec.h"
#include "billing/documents/rivta_codes.h"
#include "billing/documents/xml_tree.h"
#include "core/decimal.h"
#include "core/text.h"
#include "importers/csv_reader.h"

namespace vardavtal {

namespace {

namespace r = rivta;

[[noreturn]] void fail(const std::string& file, long line, const Phrase& expected,
                       const Found& found) {
  const std::string at = file + ":" + std::to_string(line) + ": ";
  throw SpecReadError(at + "expected " + expected.en + ", found " + found.en,
                      at + "förväntade " + expected.sv + ", fann " + found.sv);
}

using xml_tree::digits_only;

// A found value for a message: an excerpt (at most 80 characters, control
// characters shown as \xNN), quoted.
std::string quoted(std::string_view s) {
  return "'" + excerpt(s) + "'";
}

// A decimal (xs:decimal lexical form: optional sign, digits with an optional
// point, trailing zeros allowed) -> öre; nullopt for anything else or more
// than two significant decimals.
std::optional<Money> parse_amount(std::string_view t) {
  auto d = xml_tree::split_xs_decimal(t);
  if (!d) return std::nullopt;
  auto ore = parse_scaled(d->text, 2);  // nullopt for a third decimal or overflow
  if (!ore) return std::nullopt;
  return Money::from_ore(d->negative ? -*ore : *ore);
}

// Non-negative integer text (digits only) that fits in int64.
std::optional<int64_t> parse_count(std::string_view t) {
  if (t.empty() || !digits_only(t)) return std::nullopt;
  return parse_scaled(t, 0);
}

// ---- XML -------------------------------------------------------------------

using xml_tree::child;
using xml_tree::children;
using xml_tree::in_ns;
using xml_tree::is_element;
using xml_tree::name_of;
using xml_tree::path;

// The element's text, trimmed of XML whitespace.
std::string text(const xmlNode* n) {
  return std::string(r::trim_xml_space(xml_tree::text(n)));
}

// What an element holds, for a message: its child elements' names, or its text.
std::string contents(const xmlNode* n) {
  std::string names;
  int count = 0;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (!is_element(c)) continue;
    if (++count > 3) {
      names += ", ...";
      break;
    }
    names += (names.empty() ? "" : ", ") + name_of(c);
  }
  if (!names.empty()) return names;
  std::string t = text(n);
  return t.empty() ? "nothing" : quoted(t);
}

class XmlReader {
 public:
  explicit XmlReader(const std::string& file) : file_(file) {}

  ReceivedSpec read(xmlDoc* doc) {
    ReceivedSpec spec;
    spec.file = file_;
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!in_ns(root, r::kResponderNs, "ProcessClaimSpecification"))
      fail(root ? xmlGetLineNo(root) : 1,
           {std::string("root element ProcessClaimSpecification in namespace ") + r::kResponderNs,
            std::string("rotelementet ProcessClaimSpecification i namnrymden ") + r::kResponderNs},
           {root ? element_text(root) : "no root element",
            root ? element_text(root) : "inget rotelement"});
    xmlNode* s = nullptr;
    for (xmlNode* c = root->children; c && !s; c = c->next)
      if (in_ns(c, r::kResponderNs, "claimSpecification")) s = c;
    if (!s)
      fail(root,
           {"claimSpecification in ProcessClaimSpecification",
            "claimSpecification i ProcessClaimSpecification"},
           contents(root));

    spec.spec_id = need_text(s, "id");
    spec.issue_date = date(need(s, "issueDate"));
    xmlNode* type = need(s, "typeOfInvoice");
    std::string t = text(type);
    if (t != "380" && t != "381")
      fail(type,
           {"typeOfInvoice 380 (invoice) or 381 (credit note)",
            "typeOfInvoice 380 (faktura) eller 381 (kreditfaktura)"},
           quoted(t));
    spec.credit = t == "381";
    spec.invoice_number = need_text(s, "invoiceId");
    spec.reference_invoice = text(child(s, "referenceToInvoice"));
    spec.reference_spec_id = text(child(s, "referenceToProcessClaimSpecificationId"));
    spec.payable = amount(need(s, "payableAmount"));
    spec.seller_org = org_number(child(s, "supplierParty"));
    spec.buyer_org = org_number(child(s, "customerParty"));
    for (xmlNode* line : children(s, "healthCareServicesSpecificationLine")) {
      std::vector<xmlNode*> performed = children(line, "healthcarePerformed");
      if (performed.empty())
        fail(line,
             {"healthcarePerformed in healthCareServicesSpecificationLine",
              "healthcarePerformed i healthCareServicesSpecificationLine"},
             contents(line));
      for (xmlNode* hp : performed) spec.lines.push_back(read_line(line, hp));
    }
    return spec;
  }

 private:
  [[noreturn]] void fail(long line, const Phrase& expected, const Found& found) {
    vardavtal::fail(file_, line, expected, found);
  }
  [[noreturn]] void fail(const xmlNode* n, const Phrase& expected, const Found& found) {
    fail(xmlGetLineNo(n), expected, found);
  }

  static std::string element_text(const xmlNode* n) {
    std::string s = name_of(n);
    if (n->ns && n->ns->href)
      s += std::string(" in namespace ") + reinterpret_cast<const char*>(n->ns->href);
    return s;
  }

  // A mandatory child element.
  xmlNode* need(const xmlNode* parent, const char* name) {
    xmlNode* c = child(parent, name);
    if (!c)
      fail(parent,
           {std::string(name) + " in " + name_of(parent),
            std::string(name) + " i " + name_of(parent)},
           contents(parent));
    return c;
  }
  xmlNode* need(const xmlNode* n, std::initializer_list<const char*> names) {
    const xmlNode* cur = n;
    for (const char* name : names) cur = need(cur, name);
    return const_cast<xmlNode*>(cur);
  }
  // A mandatory child element with a non-empty text.
  std::string need_text(const xmlNode* parent, const char* name) {
    return need_text(need(parent, name));
  }
  std::string need_text(const xmlNode* n) {
    std::string t = text(n);
    if (t.empty())
      fail(n, {"a value in " + name_of(n), "ett värde i " + name_of(n)},
           {"an empty element", "ett tomt element"});
    return t;
  }

  // YYYYMMDD naming a real day.
  Date date(const xmlNode* n) {
    std::string t = text(n);
    std::optional<Date> d;
    if (t.size() == 8 && digits_only(t))
      d = parse_iso_date(t.substr(0, 4) + "-" + t.substr(4, 2) + "-" + t.substr(6, 2));
    if (!d)
      fail(n, {"a date YYYYMMDD in " + name_of(n), "ett datum ÅÅÅÅMMDD i " + name_of(n)},
           quoted(t));
    return *d;
  }

  // An AmountType element: its amount, exact to the öre.
  Money amount(const xmlNode* n) {
    xmlNode* a = need(n, "amount");
    std::string t = text(a);
    auto m = parse_amount(t);
    if (!m)
      fail(a,
           {"an amount (decimal with at most 2 decimals) in " + name_of(n) + "/amount",
            "ett belopp (decimaltal med högst 2 decimaler) i " + name_of(n) + "/amount"},
           quoted(t));
    return *m;
  }
  Money optional_amount(const xmlNode* parent, const char* name) {
    xmlNode* n = child(parent, name);
    return n ? amount(n) : Money{};
  }

  // A positive integer that fits an int (lineId, referenceToLineId, onLeave).
  int positive(const xmlNode* n) {
    std::string t = text(n);
    std::string_view v = t;
    if (!v.empty() && v[0] == '+') v.remove_prefix(1);
    auto i = parse_count(v);
    if (!i || *i < 1 || *i > INT_MAX)
      fail(n, {"a positive integer in " + name_of(n), "ett positivt heltal i " + name_of(n)},
           quoted(t));
    return static_cast<int>(*i);
  }

  // xs:integer (numberOfPatientSpecificCare).
  int64_t integer(const xmlNode* n) {
    std::string t = text(n);
    std::string_view v = t;
    bool neg = false;
    if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
      neg = v[0] == '-';
      v.remove_prefix(1);
    }
    auto i = parse_count(v);
    if (!i) fail(n, {"an integer in " + name_of(n), "ett heltal i " + name_of(n)}, quoted(t));
    return neg ? -*i : *i;
  }

  // xs:boolean.
  bool boolean(const xmlNode* n) {
    std::string t = text(n);
    if (t == "true" || t == "1") return true;
    if (t == "false" || t == "0") return false;
    fail(n, {"true or false in " + name_of(n), "true eller false i " + name_of(n)}, quoted(t));
  }

  // The organisation number of a supplierParty/customerParty: the extension
  // of its 1.3.7 identification, else of its first one; empty when none.
  std::string org_number(const xmlNode* party) {
    if (!party) return "";
    std::vector<xmlNode*> ids = children(party, "identification");
    for (const xmlNode* id : ids)
      if (text(child(id, "root")) == r::kOidOrgNumber) return text(child(id, "extension"));
    return ids.empty() ? "" : text(child(ids.front(), "extension"));
  }

  ReceivedLine read_line(const xmlNode* line, const xmlNode* hp) {
    ReceivedLine l;
    l.source_line = xmlGetLineNo(hp);
    l.line_id = positive(need(hp, "lineId"));
    l.patient_id = need_text(need(line, {"patientInformation", "patientIdentity", "extension"}));
    const xmlNode* other = path(line, {"patientInformation", "patientOtherInformation"});
    l.county = text(path(other, {"county", "code"}));
    l.municipality = text(path(other, {"municipality", "code"}));
    l.care_contact_id = text(child(hp, "careContactId"));
    if (xmlNode* n = child(hp, "referenceToLineId")) l.reference_line = positive(n);
    if (xmlNode* n = child(hp, "reasonForCredit")) {
      std::string t = text(n);
      auto code = parse_count(t);
      if (!code || *code > INT_MAX)
        fail(n,
             {"a credit reason code (1..9) in reasonForCredit",
              "en krediteringsorsak (1..9) i reasonForCredit"},
             quoted(t));
      l.reason_code = static_cast<int>(*code);
    }
    const xmlNode* pc = child(hp, "paymentCommitment");
    l.referral_id = text(child(pc, "remittanceNumber"));
    l.riksavtalet_chapter = text(child(pc, "agreementInRiksavtalet"));

    const xmlNode* unit = child(hp, "healthcareUnit");
    l.care_unit_id = text(path(unit, {"careUnitId", "extension"}));
    l.care_unit_name = text(child(unit, "careUnitName"));

    const xmlNode* category = child(hp, "healthcareCategory");
    if (xmlNode* n = child(category, "plannedHealthcare")) l.planned = boolean(n);
    std::string type_of_care = text(path(category, {"typeOfCare", "code"}));
    std::string profession = text(child(unit, "professionCodeForHealthcare"));
    if (type_of_care == "02")
      l.care_type = CareType::inpatient;
    else if (profession == "LK")
      l.care_type = CareType::doctor_visit;
    else if (profession == "TP")
      l.care_type = CareType::day_care;
    else if (!profession.empty())
      l.care_type = CareType::other_visit;

    l.admission_date = date(need(hp, {"timespan", "healthcareVisitDateTime", "careVisitDate"}));
    const xmlNode* ts = child(hp, "timespan");
    if (xmlNode* n = path(ts, {"healthcareDischargeDateTime", "careDischargeDate"}))
      l.discharge_date = date(n);
    if (xmlNode* n = path(ts, {"numberOfDays", "onLeave"})) l.leave_days = positive(n);

    const xmlNode* cat = child(hp, "categorization");
    if (const xmlNode* drg = child(cat, "DRGCost")) {
      const xmlNode* code = child(drg, "DRGCode");
      l.drg = text(child(code, "originalText"));
      if (l.drg.empty()) l.drg = text(child(code, "code"));
      l.drg_amount = optional_amount(drg, "DRGPrice");
      l.los_outlier_amount = optional_amount(drg, "extendedAllowanceCareTime");
      l.cost_outlier_amount = optional_amount(drg, "extendedAllowanceCost");
    }
    if (cat)
      for (const xmlNode* psc : children(cat, "patientSpecificCare")) patient_specific(psc, l);
    for (const ReceivedItem& it : l.items) l.items_amount += it.amount;
    l.medical_field = text(path(hp, {"activity", "medicalFieldCode"}));

    const xmlNode* amounts = need(hp, "invoicedAmountDetails");
    l.gross = amount(need(amounts, "patientCareInvoiceGrossAmount"));
    l.net = amount(need(amounts, "patientCareInvoiceNetAmount"));
    l.discount = optional_amount(amounts, "patientCareDiscount");
    l.charge = optional_amount(amounts, "patientCareCharge");
    l.allowance = optional_amount(amounts, "patientCareAllowance");
    l.patient_fee = optional_amount(amounts, "outPatientCareFeePaid");
    return l;
  }

  // One patientSpecificCare: the tariff (TAR-<unit>, §8.1), the at-cost
  // amount with its stated costs (AT-COST, §8.2), else a price-list item.
  void patient_specific(const xmlNode* psc, ReceivedLine& l) {
    ReceivedItem it = item(psc);
    if (it.item_code.starts_with(r::kTariffCodePrefix)) {
      if (l.tariff)
        fail(psc, {"one tariff (TAR-) per line", "en taxa (TAR-) per rad"},
             {"a second: " + quoted(it.item_code), "en andra: " + quoted(it.item_code)});
      l.tariff_amount = it.amount;
      l.tariff = std::move(it);
      return;
    }
    if (it.item_code != r::kAtCostCode) {
      l.items.push_back(std::move(it));
      return;
    }
    l.at_cost_amount += it.amount;
    for (const xmlNode* u : children(psc, "unspecified"))
      if (text(child(u, "type")) == r::kCostType) l.costs.push_back(cost(child(u, "text")));
  }

  // "code;quantity;cost[;cost_ref]" of an at-cost item line.
  ReceivedCost cost(const xmlNode* n) {
    const std::string t = text(n);
    std::vector<std::string> parts;
    size_t from = 0;
    for (size_t at; (at = t.find(';', from)) != std::string::npos; from = at + 1)
      parts.push_back(t.substr(from, at - from));
    parts.push_back(t.substr(from));
    const Phrase expected{"code;quantity;cost[;cost_ref] in unspecified/text",
                          "kod;antal;kostnad[;kostnadsunderlag] i unspecified/text"};
    if (parts.size() < 3 || parts.size() > 4 || parts[0].empty()) fail(n, expected, quoted(t));
    auto quantity = parse_count(parts[1]);
    auto money = parse_amount(parts[2]);
    if (!quantity || !money) fail(n, expected, quoted(t));
    return {parts[0], *quantity, *money, parts.size() == 4 ? parts[3] : ""};
  }

  // One patientSpecificCare; its total, or number × price when the total is absent.
  ReceivedItem item(const xmlNode* psc) {
    ReceivedItem it;
    it.item_code = text(child(psc, "patientSpecificCareCode"));
    if (xmlNode* n = child(psc, "numberOfPatientSpecificCare")) it.quantity = integer(n);
    it.unit_price = optional_amount(psc, "patientSpecificCarePrice");
    if (xmlNode* n = child(psc, "patientSpecificCareTotalAmount")) {
      it.amount = amount(n);
    } else {
      __int128 total = static_cast<__int128>(it.quantity) * it.unit_price.ore();
      if (total > INT64_MAX || total < INT64_MIN)
        fail(psc,
             {"a patientSpecificCare total that fits", "en summa för patientSpecificCare som ryms"},
             {"number × price too large", "antal × pris för stort"});
      it.amount = Money::from_ore(static_cast<int64_t>(total));
    }
    return it;
  }

  const std::string& file_;
};

struct ParseErrors {
  std::optional<std::pair<long, std::string>> first_error, first_warning;
  long doctype_line = 0;  // xml_tree::note_doctype_line
};

void on_parse_error(void* user, xmlErrorPtr err) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(user);
  auto* errors = ctxt ? static_cast<ParseErrors*>(ctxt->_private) : nullptr;
  if (!errors || !err) return;
  std::string msg = err->message ? err->message : "";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  auto& slot = err->level >= XML_ERR_ERROR ? errors->first_error : errors->first_warning;
  if (!slot) slot = std::make_pair(static_cast<long>(err->line), std::move(msg));
}

ReceivedSpec read_xml(const std::string& file, const std::string& bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    fail(file, 0, {"a file under 2 GB", "en fil under 2 GB"}, {"larger", "större"});
  xmlInitParser();
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    &xmlFreeParserCtxt);
  if (!ctxt) throw std::runtime_error("libxml2 could not create a parser");
  ParseErrors errors;
  ctxt->_private = &errors;
  ctxt->sax->serror = on_parse_error;  // userData is the context itself
  xml_tree::note_doctype_line<ParseErrors>(ctxt.get());
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), file.c_str(),
                        nullptr, XML_PARSE_NONET | XML_PARSE_BIG_LINES),
      &xmlFreeDoc);
  if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
    auto e = errors.first_error ? errors.first_error : errors.first_warning;
    if (e) fail(file, e->first, {"well-formed XML", "välformad XML"}, e->second);
    fail(file, 0, {"well-formed XML", "välformad XML"},
         {"a document libxml2 cannot read", "ett dokument som libxml2 inte kan läsa"});
  }
  if (xmlDtd* dtd = doc->intSubset ? doc->intSubset : doc->extSubset) {
    fail(file, errors.doctype_line,
         {"no document type declaration (DTD)", "ingen dokumenttypsdeklaration (DTD)"},
         std::string("<!DOCTYPE ") + (dtd->name ? reinterpret_cast<const char*>(dtd->name) : "") +
             ">");
  }
  return XmlReader(file).read(doc.get());
}

// ---- CSV -------------------------------------------------------------------

// The columns are the writer's (csv_spec.h); the reader finds them by name.
using Col = csv_spec::Column;
using namespace csv_spec;  // the kNumber.. column names

class CsvRow {
 public:
  CsvRow(const std::string& file, const std::vector<csv::Field>& fields,
         const size_t (&index)[kColumns])
      : file_(file), fields_(fields), index_(index) {}

  // A text column: the guard this product's writer puts before formula-like
  // text ("'=HYPERLINK(...)") removed; an optional column the file does not
  // have reads as empty. Numbers and dates are read raw.
  std::string_view text(Col c) const { return csv_text_unguarded(raw(c)); }
  std::string_view raw(Col c) const {
    return index_[c] < fields_.size() ? field(c).text : std::string_view{};
  }

  [[noreturn]] void fail(Col c, const Phrase& expected) const {
    const csv::Field& f = field(c);
    const std::string at = file_ + ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
    const std::string col = "'" + std::string(kNames[c]) + "': ";
    throw SpecReadError(
        at + ": column " + col + "expected " + expected.en + ", found " + quoted(f.text),
        at + ": kolumn " + col + "förväntade " + expected.sv + ", fann " + quoted(f.text));
  }

  std::string need(Col c) const {
    if (text(c).empty()) fail(c, {"a value", "ett värde"});
    return std::string(text(c));
  }
  Money money(Col c) const {
    auto ore = parse_scaled(raw(c), 2, false, true);
    if (!ore)
      fail(c, {"an amount with two decimals (1234.50)", "ett belopp med två decimaler (1234.50)"});
    return Money::from_ore(*ore);
  }
  // An amount of an optional column: 0.00 when the file has no such column.
  Money optional_money(Col c) const { return index_[c] < fields_.size() ? money(c) : Money{}; }
  Date date(Col c) const {
    auto d = parse_iso_date(raw(c));
    if (!d) fail(c, {"a date YYYY-MM-DD", "ett datum ÅÅÅÅ-MM-DD"});
    return *d;
  }
  std::optional<Date> optional_date(Col c) const {
    if (raw(c).empty()) return std::nullopt;
    return date(c);
  }
  // A non-negative int; `empty` when the field is empty and allowed to be.
  int count(Col c, std::optional<int> empty, const Phrase& what) const {
    if (raw(c).empty() && empty) return *empty;
    auto v = parse_count(raw(c));
    if (!v || *v > INT_MAX) fail(c, what);
    return static_cast<int>(*v);
  }

 private:
  const csv::Field& field(Col c) const { return fields_[index_[c]]; }

  const std::string& file_;
  const std::vector<csv::Field>& fields_;
  const size_t (&index_)[kColumns];
};

ReceivedSpec read_csv_file(const std::string& file) {
  csv::Reader reader(file);
  std::vector<csv::Field> fields;
  if (!reader.next(fields))
    fail(file, 1, {"a header row", "en rubrikrad"}, {"an empty file", "en tom fil"});
  const long header_line = reader.line();
  std::vector<std::string> header;
  for (const csv::Field& f : fields) header.emplace_back(f.text);
  size_t index[kColumns];
  for (int c = 0; c < kColumns; ++c) {
    size_t found = header.size();
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] != kNames[c]) continue;
      if (found != header.size())
        fail(file, header_line,
             {"column '" + std::string(kNames[c]) + "' once in the header",
              "kolumnen '" + std::string(kNames[c]) + "' en gång i rubriken"},
             {"it twice", "den två gånger"});
      found = i;
    }
    if (found == header.size() && required(static_cast<Col>(c)))
      fail(file, header_line,
           {"a column '" + std::string(kNames[c]) + "' in the header",
            "en kolumn '" + std::string(kNames[c]) + "' i rubriken"},
           {"no such column", "ingen sådan kolumn"});
    index[c] = found;
  }

  ReceivedSpec spec;
  spec.file = file;
  // The spec-level columns of the first row; every row must repeat them.
  std::string first[kColumns];
  long first_line = 0;
  constexpr Col kSpecLevel[] = {kNumber,   kType,     kSeller,     kSpecId,
                                kIssueDate, kSellerOrg, kSellerHsaId, kSellerName};
  while (reader.next(fields)) {
    if (fields.size() != header.size())
      fail(file, reader.line(),
           {std::to_string(header.size()) + " fields as in the header",
            std::to_string(header.size()) + " fält som i rubriken"},
           std::to_string(fields.size()));
    CsvRow row(file, fields, index);
    if (spec.lines.empty()) {
      first_line = reader.line();
      for (Col c : kSpecLevel) first[c] = std::string(row.text(c));
      spec.invoice_number = row.need(kNumber);
      std::string type = std::string(row.text(kType));
      if (type != "invoice" && type != "credit")
        row.fail(kType, {"invoice or credit", "invoice eller credit"});
      spec.credit = type == "credit";
      spec.seller = row.need(kSeller);
      spec.seller_org = std::string(row.text(kSellerOrg));
      spec.spec_id = first[kSpecId];
      spec.issue_date = row.date(kIssueDate);
      spec.buyer = std::string(row.text(kBuyer));
      spec.reference_invoice = std::string(row.text(kReferenceInvoice));
      spec.reference_spec_id = std::string(row.text(kReferenceSpecId));
    } else {
      for (Col c : kSpecLevel)
        if (row.text(c) != first[c])
          row.fail(c, {(c == kNumber ? "one specification per file: " : "the same value as ") +
                           quoted(first[c]) + " on line " + std::to_string(first_line),
                       (c == kNumber ? "en specifikation per fil: " : "samma värde som ") +
                           quoted(first[c]) + " på rad " + std::to_string(first_line)});
    }

    ReceivedLine l;
    l.source_line = reader.line();
    l.line_id =
        row.count(kLineId, std::nullopt, {"a positive line number", "ett positivt radnummer"});
    if (l.line_id < 1) row.fail(kLineId, {"a positive line number", "ett positivt radnummer"});
    l.care_contact_id = std::string(row.text(kRecordId));
    l.patient_id = std::string(row.text(kPatientId));
    l.county = std::string(row.text(kBuyer));
    l.municipality = std::string(row.text(kMunicipality));
    if (!row.text(kCareType).empty()) {
      l.care_type = parse_care_type(row.text(kCareType));
      if (!l.care_type)
        row.fail(kCareType, {"inpatient, doctor_visit, day_care or other_visit",
                             "inpatient, doctor_visit, day_care eller other_visit"});
    }
    // A care line (it has a record) names its care type and date; a
    // subscription line has neither.
    if (!l.care_contact_id.empty()) {
      if (!l.care_type)
        row.fail(kCareType, {"the care type of record " + quoted(l.care_contact_id),
                             "vårdtypen för vårdkontakt " + quoted(l.care_contact_id)});
      l.admission_date = row.date(kAdmissionDate);
    } else if (auto d = row.optional_date(kAdmissionDate)) {
      l.admission_date = *d;
    }
    l.discharge_date = row.optional_date(kDischargeDate);
    l.leave_days =
        row.count(kLeaveDays, 0, {"a number of leave days", "ett antal permissionsdagar"});
    l.drg = std::string(row.text(kDrg));
    l.drg_amount = row.money(kDrgAmount);
    l.los_outlier_amount = row.money(kLosOutlier);
    l.cost_outlier_amount = row.money(kCostOutlier);
    l.items_amount = row.money(kItemsAmount);
    l.patient_fee = row.money(kPatientFee);
    l.gross = row.money(kGross);
    l.discount = row.money(kDiscount);
    l.net = row.money(kAmount);
    l.tariff_amount = row.optional_money(kTariffAmount);
    l.at_cost_amount = row.optional_money(kAtCostAmount);
    l.referral_id = std::string(row.text(kReferralId));
    l.care_unit_id = std::string(row.text(kSellerHsaId));
    l.care_unit_name = std::string(row.text(kSellerName));
    std::string_view emergency = row.text(kEmergency);
    if (emergency == "1")
      l.planned = false;
    else if (emergency != "0" && !(emergency.empty() && !l.care_type))
      row.fail(kEmergency, {"0 or 1", "0 eller 1"});
    l.reference_line = row.count(kReferenceLine, 0, {"a line number", "ett radnummer"});
    l.reason_code =
        row.count(kReasonCode, 0, {"a credit reason code (1..9)", "en krediteringsorsak (1..9)"});
    spec.payable += l.net;
    spec.lines.push_back(std::move(l));
  }
  if (spec.lines.empty())
    fail(file, header_line, {"at least one row after the header", "minst en rad efter rubriken"},
         {"none", "ingen"});
  return spec;
}

ReceivedSpec read_csv(const std::string& file) {
  try {
    return read_csv_file(file);
  } catch (const csv::ParseError& e) {
    throw SpecReadError(e.what(), e.swedish());
  }
}

// True when the first character after a UTF-8 BOM and whitespace is '<'.
bool looks_like_xml(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  for (char c : bytes) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '<';
  }
  return false;
}

}  // namespace

ReceivedSpec read_received_spec(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, 0, {"a readable file", "en läsbar fil"}, std::string(std::strerror(errno)));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(path, 0, {"a readable file", "en läsbar fil"}, {"a read error", "ett läsfel"});
  try {
    return looks_like_xml(bytes) ? read_xml(path, bytes) : read_csv(path);
  } catch (const MoneyOverflow& e) {  // a sum of the file's amounts
    throw SpecReadError(path + ": " + e.what(),
                        path + ": ett belopp för stort att räkna exakt med");
  }
}

}  // namespace vardavtal
