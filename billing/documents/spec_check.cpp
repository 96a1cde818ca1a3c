// check_spec: schema validation with libxml2's xmlschemas against the embedded
// RIVTA schema (rivta_schema.h), then the rules ÖR1–ÖR52 on the parsed tree.
//
// Each rule follows the schematron (schematron-constraints.xml, R1–R52) — its
// context elements, its paths and, where it rounds, its rounding — and the TKB
// table where the two differ:
//   ÖR3/ÖR46  the TKB's "root 1.3.7 and 10 characters" (the schematron's R3/R46
//             test the roots only; R48 tests the lengths, reported as ÖR48 too)
//   ÖR6       the same formula as ÖR28 (no schematron rule of its own): reported
//             as ÖR28 only
//   ÖR20      both the TKB (start and end not after issueDate) and the
//             schematron (one of them before issueDate)
//   ÖR32      replaced by ÖR39 (TKB) — checked as ÖR39
//   ÖR43      the TKB's "unique and ascending" (the schematron's sort is a no-op,
//             so it only finds duplicates)
//   ÖR7       (no schematron rule) one patientIdentity per patientInformation
// Code lists are compared after trimming (normalize-space), other values as
// they are, as in the schematron. Amounts (xs:decimal) are parsed exactly into
// units of 10^-6 krona with parse_scaled; ÖR26–ÖR28 round both sides
// half-to-even to öre as the schematron does; ÖR5 allows a difference of at
// most one krona. A value the schema rejects (not a decimal, not a date) is
// left to the XSD violation and skipped by the rules.
#include "billing/documents/spec_check.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "billing/documents/rivta_codes.h"
#include "billing/documents/rivta_schema.h"
#include "billing/documents/xml_tree.h"
#include "core/decimal.h"

namespace vardavtal {

namespace {

namespace r = rivta;

constexpr int kScale = 6;                 // amounts in units of 10^-6 krona
constexpr int64_t kUnitsPerOre = 10'000;  // 10^(kScale - 2)
constexpr int64_t kUnitsPerKrona = 1'000'000;

std::string trim_message(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// ---- amounts -------------------------------------------------------------

enum class Status { ok, invalid, unsupported };
struct Decimal6 {
  Status status = Status::invalid;
  __int128 units = 0;
};

using xml_tree::digits_only;

// xs:decimal lexical form -> units of 10^-6. invalid: not an xs:decimal (the
// schema reports it); unsupported: more than 6 significant decimals or too large.
Decimal6 parse_decimal(std::string_view raw) {
  auto d = xml_tree::split_xs_decimal(r::trim_xml_space(raw));
  if (!d) return {};
  if (d->decimals > static_cast<size_t>(kScale)) return {Status::unsupported, 0};
  auto v = parse_scaled(d->text, kScale);
  if (!v) return {Status::unsupported, 0};
  return {Status::ok, d->negative ? -static_cast<__int128>(*v) : static_cast<__int128>(*v)};
}

// xs:integer -> value.
Decimal6 parse_integer(std::string_view raw) {
  std::string_view t = r::trim_xml_space(raw);
  bool neg = false;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    neg = t[0] == '-';
    t.remove_prefix(1);
  }
  if (t.empty() || !digits_only(t)) return {};
  auto v = parse_scaled(t, 0);
  if (!v) return {Status::unsupported, 0};
  return {Status::ok, neg ? -static_cast<__int128>(*v) : static_cast<__int128>(*v)};
}

// round-half-to-even(x, 2): units -> öre.
__int128 round_ore(__int128 units) {
  __int128 q = units / kUnitsPerOre, rem = units % kUnitsPerOre;
  if (rem < 0) rem = -rem;
  if (2 * rem > kUnitsPerOre || (2 * rem == kUnitsPerOre && q % 2 != 0)) q += units < 0 ? -1 : 1;
  return q;
}

std::string int128_text(__int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  std::string s;
  while (v != 0) {
    int d = static_cast<int>(v % 10);
    s.push_back(static_cast<char>('0' + (d < 0 ? -d : d)));
    v /= 10;
  }
  if (neg) s.push_back('-');
  std::reverse(s.begin(), s.end());
  return s;
}

// Fixed-point text with `places` decimals.
std::string scaled_text(__int128 v, int places) {
  bool neg = v < 0;
  std::string digits = int128_text(neg ? -v : v);
  if (static_cast<int>(digits.size()) <= places)
    digits.insert(0, static_cast<size_t>(places + 1 - static_cast<int>(digits.size())), '0');
  std::string out = neg ? "-" : "";
  out += digits.substr(0, digits.size() - static_cast<size_t>(places));
  if (places > 0) out += "." + digits.substr(digits.size() - static_cast<size_t>(places));
  return out;
}

// Units as kronor: two decimals, more when the value has them.
std::string units_text(__int128 units) {
  if (units % kUnitsPerOre == 0) return scaled_text(units / kUnitsPerOre, 2);
  std::string s = scaled_text(units, kScale);
  while (s.back() == '0') s.pop_back();
  return s;
}

std::string ore_text(__int128 ore) {
  return scaled_text(ore, 2);
}

// ---- the tree --------------------------------------------------------------

using xml_tree::child;
using xml_tree::children;
using xml_tree::is_core;
using xml_tree::is_element;
using xml_tree::name_of;
using xml_tree::path;
using xml_tree::text;

// The parent when it is the core element `name`.
xmlNode* parent(const xmlNode* n, const char* name) {
  return n && is_core(n->parent, name) ? n->parent : nullptr;
}

// "YYYYMMDD" as the schema's DateType writes it (digits only, 8 of them).
bool date8(std::string_view s) {
  return s.size() == 8 && digits_only(s);
}

class Checker {
 public:
  Checker(xmlDoc* doc, Date today) : today_(r::format_date(today)) {
    index(xmlDocGetRootElement(doc));
  }

  void run() {
    rule1_empty_elements();
    rule2_issue_date();
    rules3_46_48_parties();
    rules4_52_type_of_invoice();
    rule5_payable_amount();
    rule7_patient_identity();
    rules8_9_40_41_county_municipality();
    code_lists();
    rules11_23_51_31_type_of_care();
    rules17_18_38_dates();
    rules19_20_21_invoice_period();
    rule26_item_totals();
    rule27_gross();
    rule28_net();
    rule33_psychiatry();
    rule34_listing_region();
    rule35_currency();
    rule37_id();
    rule39_cv_types();
    rule42_drg_code();
    rule43_line_ids();
    rules44_45_47_categorization();
    rule49_medical_field();
  }

 private:
  void add(const char* rule, const xmlNode* n, std::string message) {
    found_.push_back({rule, n ? xmlGetLineNo(n) : 0, std::move(message)});
  }

  void index(xmlNode* n) {
    for (; n; n = n->next) {
      if (!is_element(n)) continue;
      all_.push_back(n);
      if (is_core(n)) by_name_[name_of(n)].push_back(n);
      index(n->children);
    }
  }

  const std::vector<xmlNode*>& all(const char* name) {
    static const std::vector<xmlNode*> none;
    auto it = by_name_.find(name);
    return it == by_name_.end() ? none : it->second;
  }

  template <size_t N>
  void code_in(const char* rule, const char* what, const xmlNode* n,
               const std::string_view (&list)[N]) {
    std::string v = text(n);
    if (!r::in_list(list, r::trim_xml_space(v)))
      add(rule, n,
          std::string(what) + " must be one of " + r::list_text(list) + ", found '" + v + "'");
  }

  // The claimSpecification's issueDate for an element `up` levels below it.
  std::string issue_date_above(const xmlNode* n, int up) {
    for (int i = 0; i < up && n; ++i) n = n->parent;
    return n ? text(child(n, "issueDate")) : "";
  }

  // Sum of the amounts of every node in `amount_types` (AmountType elements);
  // nullopt when one of them is not a decimal or cannot be computed exactly.
  std::optional<__int128> sum_amounts(const std::vector<xmlNode*>& amount_types, const char* rule) {
    __int128 sum = 0;
    for (const xmlNode* a : amount_types)
      for (const xmlNode* v : children(a, "amount")) {
        Decimal6 d = parse_decimal(text(v));
        if (d.status == Status::unsupported)
          add(rule, v,
              "amount '" + text(v) +
                  "' cannot be checked exactly (more than 6 decimals "
                  "or too large)");
        if (d.status != Status::ok) return std::nullopt;
        sum += d.units;
      }
    return sum;
  }

  std::vector<xmlNode*> all_under(const xmlNode* n, std::initializer_list<const char*> names) {
    std::vector<xmlNode*> level{const_cast<xmlNode*>(n)};
    for (const char* name : names) {
      std::vector<xmlNode*> next;
      for (const xmlNode* x : level)
        for (xmlNode* c : children(x, name)) next.push_back(c);
      level = std::move(next);
    }
    return level;
  }

  // ÖR1 (R1): no empty elements (only comments count as empty).
  void rule1_empty_elements() {
    for (const xmlNode* n : all_) {
      bool empty = true;
      for (const xmlNode* c = n->children; c && empty; c = c->next)
        if (c->type != XML_COMMENT_NODE) empty = false;
      if (empty)
        add("ÖR1", n, "element " + name_of(n) + " is empty (empty elements are not allowed)");
    }
  }

  // ÖR2: issueDate not in the future.
  void rule2_issue_date() {
    for (const xmlNode* n : all("issueDate")) {
      std::string v = text(n);
      if (date8(v) && v > today_)
        add("ÖR2", n, "issueDate " + v + " is in the future (today is " + today_ + ")");
    }
  }

  // ÖR3 supplierParty, ÖR46 customerParty (TKB): one identification with root
  // 1.3.7 and a 10-character extension, optionally a second one with root
  // 2.51.1.6 (GLN) and 13 characters. ÖR48: each identification's extension
  // has 10 characters for 1.3.7 and 13 for 2.51.1.6.
  void rules3_46_48_parties() {
    auto party = [&](const char* rule, const char* name) {
      for (const xmlNode* p : all(name)) {
        auto ids = children(p, "identification");
        int org = 0, gln = 0, other = 0;
        std::string found;
        for (const xmlNode* id : ids) {
          std::string root = text(child(id, "root")), ext = text(child(id, "extension"));
          size_t len = r::utf8_length(ext);
          if (root == r::kOidOrgNumber && len == 10)
            ++org;
          else if (root == r::kOidGln && len == 13)
            ++gln;
          else
            ++other;
          found += (found.empty() ? "" : ", ") + root + "/'" + ext + "'";
        }
        bool ok = org == 1 && other == 0 && gln <= 1 && ids.size() <= 2;
        if (!ok)
          add(rule, p,
              std::string(name) +
                  " must be identified by root 1.3.7 with a 10-character "
                  "organisation number (and optionally root 2.51.1.6 with a 13-character GLN), "
                  "found " +
                  (found.empty() ? "none" : found));
      }
    };
    party("ÖR3", "supplierParty");
    party("ÖR46", "customerParty");
    for (const xmlNode* id : all("identification")) {
      std::string root = text(child(id, "root")), ext = text(child(id, "extension"));
      size_t len = r::utf8_length(ext);
      if (!((root == r::kOidOrgNumber && len == 10) || (root == r::kOidGln && len == 13)))
        add("ÖR48", id,
            "identification extension must have 10 characters for root 1.3.7 or 13 "
            "for root 2.51.1.6, found root '" +
                root + "' with " + std::to_string(len) + " characters");
    }
  }

  // ÖR4: 380 or 381. ÖR52: a credit note references the original fakturaunderlag.
  void rules4_52_type_of_invoice() {
    for (const xmlNode* n : all("typeOfInvoice")) {
      code_in("ÖR4", "typeOfInvoice", n, r::kTypeOfInvoice);
      if (text(n).find("381") != std::string::npos &&
          !child(n->parent, "referenceToProcessClaimSpecificationId"))
        add("ÖR52", n,
            "a credit note (381) must have referenceToProcessClaimSpecificationId, the "
            "id of the original fakturaunderlag; found none");
    }
  }

  // ÖR5: payableAmount differs from the sum of the lines' net amounts by at most 1 krona.
  void rule5_payable_amount() {
    auto nets = sum_amounts(all_patient_net_amounts(), "ÖR5");
    if (!nets) return;
    for (const xmlNode* pa : all("payableAmount"))
      for (const xmlNode* v : children(pa, "amount")) {
        Decimal6 d = parse_decimal(text(v));
        if (d.status != Status::ok) continue;
        __int128 diff = d.units - *nets;
        if (diff > kUnitsPerKrona || diff < -kUnitsPerKrona)
          add("ÖR5", v,
              "payableAmount " + units_text(d.units) +
                  " differs from the sum of the "
                  "lines' patientCareInvoiceNetAmount " +
                  units_text(*nets) + " by " + units_text(diff < 0 ? -diff : diff) +
                  " (at most 1.00 allowed)");
      }
  }

  std::vector<xmlNode*> all_patient_net_amounts() {
    std::vector<xmlNode*> out;
    for (xmlNode* n : all("patientCareInvoiceNetAmount"))
      if (parent(n, "invoicedAmountDetails")) out.push_back(n);
    return out;
  }

  // ÖR7: only one of personnummer, samordningsnummer, reservnummer.
  void rule7_patient_identity() {
    for (const xmlNode* p : all("patientInformation")) {
      size_t n = children(p, "patientIdentity").size();
      if (n != 1)
        add("ÖR7", p,
            "patientInformation must hold exactly one patientIdentity (personnummer, "
            "samordningsnummer or reservnummer), found " +
                std::to_string(n));
    }
  }

  // ÖR8/ÖR9: code lengths; ÖR40/ÖR41: code and codeSystem (99 / 9901 without codeSystem).
  void rules8_9_40_41_county_municipality() {
    auto place = [&](const char* name, const char* len_rule, size_t len, const char* cv_rule,
                     const char* asylum, const char* oid) {
      for (const xmlNode* n : all(name)) {
        auto codes = children(n, "code");
        auto systems = children(n, "codeSystem");
        std::string code = text(codes.empty() ? nullptr : codes.front());
        std::string system = text(systems.empty() ? nullptr : systems.front());
        const xmlNode* info = parent(n, "patientOtherInformation");
        if (info && parent(info, "patientInformation"))
          for (const xmlNode* c : codes)
            if (r::utf8_length(text(c)) != len)
              add(len_rule, c,
                  std::string(name) + " code must have exactly " + std::to_string(len) +
                      " characters, found '" + text(c) + "'");
        bool ok = (code == asylum && !codes.empty() && systems.empty()) ||
                  (codes.size() + systems.size() == 2 && codes.size() == 1 && system == oid &&
                   code != asylum);
        if (!ok)
          add(cv_rule, n,
              std::string(name) + " must have a code and codeSystem " + oid + " (code " + asylum +
                  " without codeSystem), found code '" + code + "', codeSystem '" +
                  (systems.empty() ? "(none)" : system) + "'");
      }
    };
    place("county", "ÖR8", 2, "ÖR40", "99", r::kOidCounty);
    place("municipality", "ÖR9", 4, "ÖR41", "9901", r::kOidMunicipality);
  }

  // Code lists: ÖR10, ÖR12–ÖR16, ÖR22, ÖR24, ÖR25, ÖR29, ÖR30, ÖR36, ÖR50.
  void code_lists() {
    for (const xmlNode* g : all("gender"))
      if (parent(g, "patientOtherInformation"))
        for (const xmlNode* c : children(g, "code")) code_in("ÖR10", "gender code", c, r::kGender);
    for (const xmlNode* n : all("typeOfAgreement"))
      if (parent(n, "paymentCommitment"))
        code_in("ÖR12", "typeOfAgreement", n, r::kTypeOfAgreement);
    for (const xmlNode* n : all("typeOfChapter"))
      if (parent(n, "paymentCommitment")) code_in("ÖR13", "typeOfChapter", n, r::kTypeOfChapter);
    for (const xmlNode* n : all("typeOfReimbursement"))
      if (parent(n, "paymentCommitment"))
        code_in("ÖR14", "typeOfReimbursement", n, r::kTypeOfReimbursement);
    for (const xmlNode* n : all("agreementInRiksavtalet"))
      if (parent(n, "paymentCommitment"))
        code_in("ÖR50", "agreementInRiksavtalet", n, r::kAgreementInRiksavtalet);
    for (const xmlNode* n : all("typeOfCare"))
      if (parent(n, "healthcareCategory"))
        for (const xmlNode* c : children(n, "code"))
          code_in("ÖR15", "typeOfCare code", c, r::kTypeOfCare);
    for (const xmlNode* n : all("typeOfVisit"))
      if (parent(n, "healthcareCategory")) code_in("ÖR16", "typeOfVisit", n, r::kTypeOfVisit);
    for (const xmlNode* n : all("professionCodeForHealthcare"))
      code_in("ÖR22", "professionCodeForHealthcare", n, r::kProfessionCodes);
    for (const xmlNode* n : all("productCategory"))
      if (parent(n, "categorization")) code_in("ÖR24", "productCategory", n, r::kProductCategory);
    for (const xmlNode* n : all("priceList")) code_in("ÖR25", "priceList", n, r::kPriceList);
    for (const xmlNode* n : all("patientFeeReducedCategory"))
      code_in("ÖR29", "patientFeeReducedCategory", n, r::kPatientFeeReducedCategory);
    for (const xmlNode* n : all("careLevel"))
      if (parent(n, "activity")) code_in("ÖR30", "careLevel", n, r::kCareLevel);
    for (const xmlNode* n : all("reasonForCredit"))
      code_in("ÖR36", "reasonForCredit", n, r::kReasonForCredit);
  }

  // Per typeOfCare code: ÖR11 careContactId and ÖR51 inCare for inpatient care
  // (02), ÖR23 professionCodeForHealthcare for outpatient care (01). ÖR31 per
  // healthcarePerformed: a main diagnosis for inpatient care unless the medical
  // field code starts with 9 or an invoicePeriod is given.
  void rules11_23_51_31_type_of_care() {
    for (const xmlNode* code : all("code")) {
      const xmlNode* toc = parent(code, "typeOfCare");
      const xmlNode* cat = parent(toc, "healthcareCategory");
      const xmlNode* hp = parent(cat, "healthcarePerformed");
      if (!hp) continue;
      std::string v = text(code);
      if (v == "02" && !child(hp, "careContactId"))
        add("ÖR11", code, "inpatient care (typeOfCare 02) needs careContactId; found none");
      if (v == "02" && !path(hp, {"timespan", "numberOfDays", "inCare"}))
        add("ÖR51", code, "inpatient care (typeOfCare 02) needs numberOfDays/inCare; found none");
      if (v == "01" && !path(hp, {"healthcareUnit", "professionCodeForHealthcare"}))
        add("ÖR23", code,
            "outpatient care (typeOfCare 01) needs professionCodeForHealthcare; "
            "found none");
    }
    for (const xmlNode* hp : all("healthcarePerformed")) {
      bool inpatient = false;
      for (const xmlNode* c : all_under(hp, {"healthcareCategory", "typeOfCare", "code"}))
        if (text(c) == "02") inpatient = true;
      bool psychiatric = false;
      for (const xmlNode* m : all_under(hp, {"activity", "medicalFieldCode"}))
        if (text(m).starts_with("9")) psychiatric = true;
      bool diagnosis =
          path(hp, {"diagnosis", "inpatientCareDiagnosis", "mainDiagnosis", "diagnosisCode"});
      bool period = path(hp, {"timespan", "invoicePeriod"});
      if (inpatient && !psychiatric && !diagnosis && !period)
        add("ÖR31", hp,
            "inpatient care needs diagnosis/inpatientCareDiagnosis/mainDiagnosis "
            "unless the medical field code starts with 9 or an invoicePeriod is given; "
            "found none");
    }
  }

  // ÖR17: careVisitDate <= issueDate. ÖR18: careDischargeDate >= careVisitDate.
  // ÖR38: careDischargeDate <= issueDate.
  void rules17_18_38_dates() {
    for (const xmlNode* n : all("careVisitDate")) {
      const xmlNode* hv = parent(n, "healthcareVisitDateTime");
      const xmlNode* hp = parent(parent(hv, "timespan"), "healthcarePerformed");
      if (!parent(hp, "healthCareServicesSpecificationLine")) continue;
      std::string v = text(n), issue = issue_date_above(n, 5);
      if (date8(v) && date8(issue) && v > issue)
        add("ÖR17", n, "careVisitDate " + v + " is after the issueDate " + issue);
    }
    for (const xmlNode* n : all("careDischargeDate")) {
      const xmlNode* hd = parent(n, "healthcareDischargeDateTime");
      const xmlNode* ts = parent(hd, "timespan");
      const xmlNode* hp = parent(ts, "healthcarePerformed");
      if (!parent(hp, "healthCareServicesSpecificationLine")) continue;
      std::string v = text(n), issue = issue_date_above(n, 5);
      std::string visit = text(path(ts, {"healthcareVisitDateTime", "careVisitDate"}));
      if (date8(v) && date8(visit) && v < visit)
        add("ÖR18", n, "careDischargeDate " + v + " is before the careVisitDate " + visit);
      if (date8(v) && date8(issue) && v > issue)
        add("ÖR38", n, "careDischargeDate " + v + " is after the issueDate " + issue);
    }
  }

  // ÖR19: start and end; ÖR20: not after issueDate; ÖR21: end >= start.
  void rules19_20_21_invoice_period() {
    for (const xmlNode* n : all("invoicePeriod")) {
      const xmlNode* hp = parent(parent(n, "timespan"), "healthcarePerformed");
      if (!parent(hp, "healthCareServicesSpecificationLine")) continue;
      const xmlNode* s = child(n, "start");
      const xmlNode* e = child(n, "end");
      if (!s || !e) add("ÖR19", n, "invoicePeriod needs both start and end");
      std::string start = text(s), end = text(e), issue = issue_date_above(n, 4);
      if (date8(issue)) {
        bool tkb = (!date8(start) || start <= issue) && (!date8(end) || end <= issue);
        bool sch = (date8(end) && end < issue) || (date8(start) && start < issue);
        if ((s || e) && (!tkb || !sch))
          add("ÖR20", n,
              "invoicePeriod " + start + "–" + end +
                  " may not be later than the "
                  "issueDate " +
                  issue);
      }
      if (s && e && date8(start) && date8(end) && end < start)
        add("ÖR21", e, "invoicePeriod end " + end + " is before its start " + start);
    }
  }

  // ÖR26: patientSpecificCareTotalAmount = numberOfPatientSpecificCare × patientSpecificCarePrice.
  void rule26_item_totals() {
    for (const xmlNode* total : all("patientSpecificCareTotalAmount")) {
      const xmlNode* psc = parent(total, "patientSpecificCare");
      const xmlNode* cat = parent(psc, "categorization");
      const xmlNode* hp = parent(cat, "healthcarePerformed");
      if (!parent(hp, "healthCareServicesSpecificationLine")) continue;
      __int128 number = 0;
      bool ok = true;
      for (const xmlNode* c : children(psc, "numberOfPatientSpecificCare")) {
        Decimal6 d = parse_integer(text(c));
        if (d.status == Status::ok)
          number += d.units;
        else
          ok = false;
      }
      auto price = sum_amounts(children(psc, "patientSpecificCarePrice"), "ÖR26");
      if (!ok || !price) continue;
      for (const xmlNode* v : children(total, "amount")) {
        Decimal6 d = parse_decimal(text(v));
        if (d.status != Status::ok) continue;
        __int128 expected = round_ore(number * *price);
        if (round_ore(d.units) != expected)
          add("ÖR26", v,
              "patientSpecificCareTotalAmount " + units_text(d.units) +
                  " is not "
                  "numberOfPatientSpecificCare " +
                  int128_text(number) +
                  " × "
                  "patientSpecificCarePrice " +
                  units_text(*price) + " = " + ore_text(expected));
      }
    }
  }

  // ÖR27: gross = DRGPrice + extendedAllowanceCareTime + extendedAllowanceCost
  // + Σ patientSpecificCareTotalAmount − outPatientCareFeePaid.
  void rule27_gross() {
    for (const xmlNode* gross : all("patientCareInvoiceGrossAmount")) {
      const xmlNode* details = parent(gross, "invoicedAmountDetails");
      const xmlNode* hp = parent(details, "healthcarePerformed");
      if (!parent(hp, "healthCareServicesSpecificationLine")) continue;
      auto drg_costs = all_under(hp, {"categorization", "DRGCost"});
      auto part = [&](std::vector<xmlNode*> parents, const char* name) {
        std::vector<xmlNode*> out;
        for (const xmlNode* p : parents)
          for (xmlNode* c : children(p, name)) out.push_back(c);
        return sum_amounts(out, "ÖR27");
      };
      auto drg = part(drg_costs, "DRGPrice");
      auto care_time = part(drg_costs, "extendedAllowanceCareTime");
      auto cost = part(drg_costs, "extendedAllowanceCost");
      auto items = part(all_under(hp, {"categorization", "patientSpecificCare"}),
                        "patientSpecificCareTotalAmount");
      auto fee = sum_amounts(children(details, "outPatientCareFeePaid"), "ÖR27");
      if (!drg || !care_time || !cost || !items || !fee) continue;
      __int128 expected = round_ore(*drg + *care_time + *cost + *items - *fee);
      for (const xmlNode* v : children(gross, "amount")) {
        Decimal6 d = parse_decimal(text(v));
        if (d.status != Status::ok) continue;
        if (round_ore(d.units) != expected)
          add("ÖR27", v,
              "patientCareInvoiceGrossAmount " + units_text(d.units) +
                  " is not "
                  "DRGPrice " +
                  units_text(*drg) + " + extendedAllowanceCareTime " + units_text(*care_time) +
                  " + extendedAllowanceCost " + units_text(*cost) +
                  " + patientSpecificCareTotalAmount " + units_text(*items) +
                  " − outPatientCareFeePaid " + units_text(*fee) + " = " + ore_text(expected));
      }
    }
  }

  // ÖR28 (= ÖR6): net = gross + patientCareCharge − patientCareAllowance − patientCareDiscount.
  void rule28_net() {
    for (const xmlNode* net : all_patient_net_amounts()) {
      const xmlNode* details = net->parent;
      const xmlNode* hp = parent(details, "healthcarePerformed");
      if (!parent(hp, "healthCareServicesSpecificationLine")) continue;
      auto grosses = children(details, "patientCareInvoiceGrossAmount");
      if (grosses.size() != 1 || children(grosses.front(), "amount").size() != 1) continue;
      auto gross = sum_amounts(grosses, "ÖR28");
      auto charge = sum_amounts(children(details, "patientCareCharge"), "ÖR28");
      auto allowance = sum_amounts(children(details, "patientCareAllowance"), "ÖR28");
      auto discount = sum_amounts(children(details, "patientCareDiscount"), "ÖR28");
      if (!gross || !charge || !allowance || !discount) continue;
      __int128 expected = round_ore(*gross + *charge - *allowance - *discount);
      for (const xmlNode* v : children(net, "amount")) {
        Decimal6 d = parse_decimal(text(v));
        if (d.status != Status::ok) continue;
        if (round_ore(d.units) != expected)
          add("ÖR28", v,
              "patientCareInvoiceNetAmount " + units_text(d.units) +
                  " is not "
                  "patientCareInvoiceGrossAmount " +
                  units_text(*gross) + " + patientCareCharge " + units_text(*charge) +
                  " − patientCareAllowance " + units_text(*allowance) + " − patientCareDiscount " +
                  units_text(*discount) + " = " + ore_text(expected));
      }
    }
  }

  // ÖR33: no diagnosis or treatment when medicalFieldCode starts with 9.
  void rule33_psychiatry() {
    for (const xmlNode* m : all("medicalFieldCode")) {
      const xmlNode* hp = m->parent ? m->parent->parent : nullptr;
      if (!parent(m, "activity") || !text(m).starts_with("9")) continue;
      if (child(hp, "diagnosis") || child(hp, "treatment"))
        add("ÖR33", m,
            "medicalFieldCode " + text(m) +
                " starts with 9: diagnosis and treatment "
                "may not be given");
    }
  }

  // ÖR34: listingLocalAuthoritiesNumber/root is the HSA-id OID.
  void rule34_listing_region() {
    for (const xmlNode* l : all("listingLocalAuthoritiesNumber"))
      for (const xmlNode* root : children(l, "root"))
        if (text(root) != r::kOidHsaId)
          add("ÖR34", root,
              std::string("listingLocalAuthoritiesNumber root must be ") + r::kOidHsaId +
                  ", found '" + text(root) + "'");
  }

  // ÖR35: every currency is SEK with codeSystem 1.0.4217.
  void rule35_currency() {
    for (const xmlNode* c : all("currency")) {
      std::string code = text(child(c, "code")), system = text(child(c, "codeSystem"));
      bool ok = children(c, "code").size() == 1 && children(c, "codeSystem").size() == 1 &&
                code == r::kCurrency && system == r::kOidCurrency;
      if (!ok)
        add("ÖR35", c,
            "currency must be code SEK with codeSystem 1.0.4217, found code '" + code +
                "', codeSystem '" + system + "'");
    }
  }

  // ÖR37: id starts with ZVF and has 23 characters.
  void rule37_id() {
    for (const xmlNode* n : all("id")) {
      std::string v = text(n);
      if (!v.starts_with(r::kSpecIdPrefix) || r::utf8_length(v) != r::kSpecIdLength)
        add("ÖR37", n,
            "id must start with ZVF and have 23 characters, found '" + v + "' (" +
                std::to_string(r::utf8_length(v)) + " characters)");
    }
  }

  // ÖR39: code and codeSystem for gender, typeOfCare, businessClassification,
  // diagnosisCode, typeOfTreatment and ATC (ÖR32 is replaced by this rule).
  void rule39_cv_types() {
    for (const char* name : {"gender", "typeOfCare", "businessClassification", "diagnosisCode",
                             "typeOfTreatment", "ATC"})
      for (const xmlNode* n : all(name))
        if (children(n, "code").size() + children(n, "codeSystem").size() != 2 ||
            !child(n, "code") || !child(n, "codeSystem"))
          add("ÖR39", n, std::string(name) + " must have both code and codeSystem");
  }

  // ÖR42: DRGCode holds originalText and nothing else.
  void rule42_drg_code() {
    for (const xmlNode* n : all("DRGCode")) {
      int elements = 0;
      for (const xmlNode* c = n->children; c; c = c->next)
        if (is_element(c)) ++elements;
      if (elements != 1 || !child(n, "originalText"))
        add("ÖR42", n,
            "DRGCode must hold only originalText (the four-character DRG code), found " +
                std::to_string(elements) + " child element(s)");
    }
  }

  // ÖR43: lineId unique and ascending over the document.
  void rule43_line_ids() {
    std::map<std::string, long> seen;  // normalized value -> line
    std::string previous;
    for (const xmlNode* n : all("lineId")) {
      const std::string raw = text(n);  // t views it: it must outlive t
      std::string_view t = r::trim_xml_space(raw);
      if (!t.empty() && t[0] == '+') t.remove_prefix(1);
      if (t.empty() || !digits_only(t)) continue;  // the schema reports it
      while (t.size() > 1 && t[0] == '0') t.remove_prefix(1);
      std::string v(t);
      auto less_eq = [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a <= b;
      };
      if (auto it = seen.find(v); it != seen.end())
        add("ÖR43", n,
            "lineId " + v + " is not unique (also on line " + std::to_string(it->second) + ")");
      else if (!previous.empty() && less_eq(v, previous))
        add("ÖR43", n, "lineId " + v + " is not in ascending order (follows " + previous + ")");
      seen.emplace(v, xmlGetLineNo(n));
      previous = v;
    }
  }

  // ÖR44: DRGCost or patientSpecificCare; ÖR45: DRGCode and DRGPrice;
  // ÖR47: patientSpecificCare's code, name, number and price.
  void rules44_45_47_categorization() {
    for (const xmlNode* n : all("categorization"))
      if (!child(n, "DRGCost") && !child(n, "patientSpecificCare"))
        add("ÖR44", n, "categorization must hold DRGCost or patientSpecificCare; found neither");
    for (const xmlNode* n : all("DRGCost"))
      if (!child(n, "DRGCode") || !child(n, "DRGPrice"))
        add("ÖR45", n,
            std::string("DRGCost must hold DRGCode and DRGPrice; missing ") +
                (child(n, "DRGCode") ? "DRGPrice" : "DRGCode"));
    for (const xmlNode* n : all("patientSpecificCare")) {
      std::string missing;
      for (const char* name : {"patientSpecificCareCode", "patientSpecificCareCodeName",
                               "numberOfPatientSpecificCare", "patientSpecificCarePrice"})
        if (!child(n, name)) missing += (missing.empty() ? "" : ", ") + std::string(name);
      if (!missing.empty())
        add("ÖR47", n,
            "patientSpecificCare must hold code, name, number and price; missing " + missing);
    }
  }

  // ÖR49: medicalFieldCode is an approved MVO code (3 characters).
  void rule49_medical_field() {
    for (const xmlNode* n : all("medicalFieldCode")) {
      std::string v = text(n);
      if (r::utf8_length(v) != 3 || !r::in_list(r::kMvoCodes, r::trim_xml_space(v)))
        add("ÖR49", n,
            "medicalFieldCode must be an approved MVO code (mvo.xml), found '" + v + "'");
    }
  }

 public:
  std::vector<SpecViolation> take() {
    std::stable_sort(
        found_.begin(), found_.end(),
        [](const SpecViolation& a, const SpecViolation& b) { return a.line < b.line; });
    return std::move(found_);
  }

 private:
  std::string today_;
  std::vector<xmlNode*> all_;
  std::map<std::string, std::vector<xmlNode*>, std::less<>> by_name_;
  std::vector<SpecViolation> found_;
};

// ---- parsing and the schema ---------------------------------------------------

struct ParseErrors {
  std::optional<SpecViolation> first_error;  // level >= XML_ERR_ERROR
  std::optional<SpecViolation> first_warning;
  long doctype_line = 0;  // xml_tree::note_doctype_line
};

void on_parse_error(void* user, xmlErrorPtr err) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(user);
  auto* errors = ctxt ? static_cast<ParseErrors*>(ctxt->_private) : nullptr;
  if (!errors || !err) return;
  SpecViolation v{"XML", err->line, trim_message(err->message)};
  if (err->file && err->line == 0 && v.message.find(err->file) == std::string::npos)
    v.message += " (" + std::string(err->file) + ")";
  auto& slot = err->level >= XML_ERR_ERROR ? errors->first_error : errors->first_warning;
  if (!slot) slot = std::move(v);
}

void on_schema_error(void* user, xmlErrorPtr err) {
  auto* out = static_cast<std::vector<SpecViolation>*>(user);
  if (!err) return;
  out->push_back({"XSD", err->line, trim_message(err->message)});
}

template <typename Read>
std::vector<SpecViolation> check(Read read, Date today) {
  xmlInitParser();
  std::vector<SpecViolation> out;
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    &xmlFreeParserCtxt);
  if (!ctxt) return {{"XML", 0, "libxml2 could not create a parser"}};
  ParseErrors errors;
  ctxt->_private = &errors;
  ctxt->sax->serror = on_parse_error;  // userData is the context itself
  xml_tree::note_doctype_line<ParseErrors>(ctxt.get());
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      read(ctxt.get(), XML_PARSE_NONET | XML_PARSE_BIG_LINES), &xmlFreeDoc);
  if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
    if (errors.first_error) return {*errors.first_error};
    if (errors.first_warning) return {*errors.first_warning};
    return {{"XML", 0, "not a well-formed XML document"}};
  }
  if (doc->intSubset || doc->extSubset)
    return {{"XML", errors.doctype_line,
             "a document type declaration (DTD) is not allowed in a fakturaunderlag"}};
  if (!xmlDocGetRootElement(doc.get())) return {{"XML", 0, "the document has no root element"}};

  std::string why;
  if (xmlSchemaPtr schema = rivta::claim_schema(&why)) {
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> v(
        xmlSchemaNewValidCtxt(schema), &xmlSchemaFreeValidCtxt);
    xmlSchemaSetValidStructuredErrors(v.get(), on_schema_error, &out);
    int rc = xmlSchemaValidateDoc(v.get(), doc.get());
    if (rc != 0 && out.empty())
      out.push_back(
          {"XSD", 0, "schema validation failed (libxml2 code " + std::to_string(rc) + ")"});
  } else {
    out.push_back({"XSD", 0, "cannot validate against the schema: " + why});
  }

  Checker checker(doc.get(), today);
  checker.run();
  for (SpecViolation& v : checker.take()) out.push_back(std::move(v));
  return out;
}

}  // namespace

std::vector<SpecViolation> check_spec(const std::string& path) {
  return check_spec(path, rivta::today_local());
}

std::vector<SpecViolation> check_spec(const std::string& path, Date today) {
  return check([&](xmlParserCtxtPtr c,
                   int options) { return xmlCtxtReadFile(c, path.c_str(), nullptr, options); },
               today);
}

std::vector<SpecViolation> check_spec_text(std::string_view xml, Date today) {
  return check(
      [&](xmlParserCtxtPtr c, int options) {
        return xmlCtxtReadMemory(c, xml.data(), static_cast<int>(xml.size()), "fakturaunderlag.xml",
                                 nullptr, options);
      },
      today);
}

}  // namespace vardavtal
