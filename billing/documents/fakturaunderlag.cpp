// write_fakturaunderlag: InvoiceDocument -> RIVTA ProcessClaimSpecification.
//
// How each field is filled (TKB 7.1.2; "—" = not written). Element names are
// the schema's (financial_billing_claim_1.0.xsd), in its order. Amounts are
// Money::to_string(): plain xs:decimal with a point and two decimals, always
// >= 0 ("Samtliga belopp presenteras positivt", credit notes too). Currency of
// every amount: code SEK, codeSystem 1.0.4217 (ÖR35). Dates: YYYYMMDD.
//
// claimSpecification
//   id                      spec_id; must be ZVF + seller org number + YYMM + 6 digits (ÖR37)
//   issueDate               issue_date; not after today (ÖR2)
//   issueTime               —  optional; left out so the document is reproducible
//   typeOfInvoice           380 invoice / 381 credit note (ÖR4)
//   invoiceId               number (digits only: no spaces or hyphens)
//   invoiceDateOfIssue      issue_date
//   referenceToInvoice      credit notes: reference_invoice
//   referenceToProcessClaimSpecificationId  credit notes: reference_spec_id (ÖR52)
//   payableAmount           total, which must equal the sum of the lines' nets exactly (ÖR5)
//   unspecified             —  optional free fields for private care providers
//   supplierParty/identification  root 1.3.7, extension seller.org_number, 10 digits (ÖR3, ÖR48)
//   customerParty/identification  root 1.3.7, extension buyer.org_number, 10 digits (ÖR46, ÖR48)
//   sellerContact/buyerContact    —  optional; we hold no contact person
// healthCareServicesSpecificationLine (one per DocumentLine)
//   patientInformation/patientIdentity  root: personnummer 1.2.752.129.2.1.3.1, or
//       samordningsnummer 1.2.752.129.2.1.3.3 (day + 60) for 12-digit ids; a
//       pseudonym is sent as a local reservnummer whose root is the seller's
//       organisation number (TKB: "alt. organisationsnummer om lokal
//       reservnummer oid ej finns"); extension: patient_id. One only (ÖR7).
//   patientOtherInformation/county        buyer.county (the patient's home county at the
//       start of care is the buyer), codeSystem 1.2.752.129.2.2.1.18 (ÖR8, ÖR40)
//   patientOtherInformation/municipality  municipality, codeSystem 1.2.752.129.2.2.1.17
//       (ÖR9, ÖR41); mandatory, so a line without one cannot be written
//   listingLocalAuthoritiesNumber, LMACardNumber, EUCardNumber  —  not in our data;
//       asylum seekers (county 99 / 9901) are not billed by this product
//   gender                —  optional; left out (data minimisation)
//   healthcarePerformed (one per line)
//     lineId              line_no, unique and ascending (ÖR43)
//     careContactId       record_id, for every care type (mandatory for inpatient care, ÖR11)
//     referenceToLineId   credit notes: reference_line
//     reasonForCredit     credit notes: reason_code 1..9 (ÖR36)
//     paymentCommitment   with a referral: remittanceNumber = referral_id,
//                         typeOfAgreement = agreement_type when given (ÖR12),
//                         typeOfChapter from referral_reason: medical 1, choice 4 (ÖR13;
//                         our reading, the standard has no field for the reason);
//                         without one: agreementInRiksavtalet = riksavtal_chapter, else 3.1
//                         (acute care) for emergency care (ÖR50);
//                         typeOfReimbursement — not in our data (optional until "20xx-01")
//     healthcareCategory  typeOfCare 02 slutenvård for inpatient, 01 öppenvård otherwise,
//                         codeSystem 1.2.752.29.4.16 (ÖR15, ÖR39); publicCare true (the
//                         sellers are regions); plannedHealthcare = not emergency;
//                         typeOfVisit — not in our data (optional)
//     timespan            careVisitDate = admission_date (<= issueDate, ÖR17);
//                         careDischargeDate = discharge_date for inpatient care
//                         (>= careVisitDate ÖR18, <= issueDate ÖR38);
//                         invoicePeriod — we do not invoice stays in parts (ÖR19–ÖR21 n/a);
//                         numberOfDays for inpatient care: onLeave = leave_days when > 0,
//                         inCare = care_days (ÖR51)
//     healthcareUnit      careUnitId = seller.hsa_id (root 1.2.752.129.2.1.4.1) when known;
//                         careUnitName = seller.name (follows the HSA id, as the TKB asks);
//                         professionCodeForHealthcare for outpatient care (ÖR22, ÖR23),
//                         derived from the care type: doctor_visit LK (läkare), day_care
//                         TP (team incl. doctor), other_visit OV (övrig personal)
//     categorization      productCategory 02 (NordDRG) for DRG lines, 04 (Kontaktersättning)
//                         for a per-contact tariff, else 03 (patient-specific) (ÖR24); priceList =
//                         price_list when 1..6 (ÖR25); DRGCost when the line has a DRG (ÖR44,
//                         ÖR45):
//                           DRGCode with only originalText = drg (ÖR42),
//                           DRGPrice = drg_amount (also 0.00 for a KPP-billed outlier),
//                           extendedAllowanceCareTime = los_outlier_amount when > 0,
//                           extendedAllowanceCost = cost_outlier_amount when > 0;
//                         one patientSpecificCare per price-list item: code, name, number =
//                           quantity, price = unit_price, total = amount = number × price
//                           (ÖR26, ÖR47);
//                         the tariff (§8.1) as one more: TAR-<unit>, its name, number = units,
//                           price, total = tariff_amount (ÖR26);
//                         the at-cost amount (§8.2), when > 0 or at-cost lines exist (0.00
//                           under the threshold: ÖR44 needs a product) as one more: AT-COST, number 1,
//                           price = total = at_cost_amount, each at-cost item line in an
//                           unspecified (type självkostnad, text code;quantity;cost[;cost_ref])
//     invoicedAmountDetails
//                         patientCareInvoiceGrossAmount = gross = DRGPrice + outliers
//                           + item totals + tariff + at-cost amount − outPatientCareFeePaid (ÖR27)
//                         patientCareInvoiceNetAmount = net = gross − patientCareDiscount
//                           (ÖR28, ÖR6)
//                         patientCareDiscount = subscription_share when > 0 (docs/ledger.md)
//                         outPatientCareFeePaid = patient_fee when > 0
//                         patientCareAllowance, patientCareCharge — private care only (n/a)
//                         outPatientCareFee, patientFeeReducedCategory (ÖR29),
//                         patientFreePassCauseIndicator, inpatientCareFee — not in our data
//     activity            medicalFieldCode = medical_field_code, or clinic when that is an
//                         MVO code (ÖR49); careLevel = care_level when 1..4 (ÖR30);
//                         businessClassification — not in our data (optional until "20xx-01")
//     diagnosis           main_diagnosis (ICD-10-SE, codeSystem 1.2.752.116.1.1.1.1.3, ÖR39)
//                         as inpatientCareDiagnosis for inpatient care (mandatory unless
//                         psychiatric, ÖR31) or outpatientCareDiagnosis; never when the
//                         medical field code starts with 9 (ÖR33)
//     treatment           —  not in our data (KVÅ, ATC optional)
//
// Rules that do not apply to what we send: ÖR10 (no gender), ÖR14 (no
// reimbursement type), ÖR16 (no typeOfVisit), ÖR19–ÖR21
// (no invoicePeriod), ÖR29 (no reduced-fee category), ÖR32 (replaced by ÖR39), ÖR34 (no listing
// region). ÖR1 (no empty element) holds because every written text is checked to be non-empty.
//
// Everything is checked before anything is written; a document that breaks a
// rule is refused with std::invalid_argument listing all problems.
#include "billing/documents/fakturaunderlag.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "billing/documents/rivta_codes.h"
#include "core/codes.h"
#include "core/error_text.h"

namespace vardavtal {

namespace {

namespace r = rivta;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Valid UTF-8 made only of XML 1.0 characters.
bool is_xml_text(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    char32_t cp;
    size_t len;
    if (b < 0x80) {
      cp = b, len = 1;
    } else if ((b >> 5) == 0x6) {
      cp = b & 0x1F, len = 2;
    } else if ((b >> 4) == 0xE) {
      cp = b & 0x0F, len = 3;
    } else if ((b >> 3) == 0x1E) {
      cp = b & 0x07, len = 4;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len]) return false;  // overlong
    bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
              (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!ok) return false;
    i += len;
  }
  return true;
}

bool has_space_or_hyphen(std::string_view s) {
  for (char c : s)
    if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r') return true;
  return false;
}

// ÖR37: "ZVF" + 23 characters in all.
bool is_spec_id(std::string_view id) {
  return id.starts_with(r::kSpecIdPrefix) && r::utf8_length(id) == r::kSpecIdLength;
}

std::string money_text(Money m) {
  return m.to_string();
}

std::string_view profession_code(CareType t) {
  switch (t) {
    case CareType::doctor_visit:
      return "LK";  // läkare
    case CareType::day_care:
      return "TP";  // teampersonal inkl. läkarmedverkan
    case CareType::other_visit:
      return "OV";  // övrig personal
    case CareType::inpatient:
      break;
  }
  return "";
}

// The line's MVO code: its own, or its clinic when that is one.
std::string medical_field_code(const DocumentLine& l) {
  if (!l.medical_field_code.empty()) return l.medical_field_code;
  if (r::in_list(r::kMvoCodes, l.clinic)) return l.clinic;
  return "";
}

// productCategory (ÖR24): 02 NordDRG; a tariff per contact 04
// (Kontaktersättning); otherwise 03 (patient-specific: items, care days).
std::string_view product_category(const DocumentLine& l) {
  if (!l.drg.empty()) return "02";
  if (l.tariff && l.tariff->unit == TariffUnit::contact) return "04";
  return "03";
}

// typeOfChapter from why the patient was referred (our reading; the standard
// has no field for the reason): medical reasons 1 (Kapitel 2, vård efter
// initiativ från hemregionen), the patient's choice 4 (Kapitel 4, patientens val).
std::string_view chapter_of(ReferralReason reason) {
  switch (reason) {
    case ReferralReason::medical:
      return "1";
    case ReferralReason::choice:
      return "4";
    case ReferralReason::none:
      break;
  }
  return "";
}

// An at-cost item line's evidence: "code;quantity;cost[;cost_ref]".
std::string cost_text(const DocumentCost& c) {
  std::string s = c.item_code + ";" + std::to_string(c.quantity) + ";" + money_text(c.cost);
  if (!c.cost_ref.empty()) s += ";" + c.cost_ref;
  return s;
}

bool psychiatric(std::string_view mvo) {
  return !mvo.empty() && mvo[0] == '9';
}

// Every problem that keeps the document from being a valid fakturaunderlag.
class Problems {
 public:
  void add(std::string msg) { list_.push_back(std::move(msg)); }
  void line(const DocumentLine& l, const std::string& msg) {
    add("line " + std::to_string(l.line_no) + " (record " + l.record_id + "): " + msg);
  }
  void text(const std::string& where, std::string_view value) {
    if (value.empty())
      add(where + " is empty (mandatory)");
    else if (!is_xml_text(value))
      add(where + " is not valid UTF-8 XML text");
  }
  void raise_if_any(const InvoiceDocument& doc) const {
    if (list_.empty()) return;
    std::string msg =
        "cannot write the fakturaunderlag of invoice " + doc.number + " (" + doc.spec_id + "):";
    std::string msg_sv = "kan inte skriva fakturaunderlaget för faktura " + doc.number + " (" +
                         doc.spec_id + "), regler som inte uppfylls:";
    for (const std::string& p : list_) {
      msg += "\n  " + p;
      msg_sv +=
          "\n  " + p;  // the rules' own words (ÖR rule numbers), as the national rules have them
    }
    throw BadArgument(msg, msg_sv);
  }

 private:
  std::vector<std::string> list_;
};

std::string county_of(const InvoiceDocument& doc) {
  return doc.buyer.county.empty() ? doc.buyer.code : doc.buyer.county;
}

void check_document(const InvoiceDocument& doc, Date today, Problems& p) {
  if (doc.currency != r::kCurrency) p.add("currency must be SEK (ÖR35), found " + doc.currency);
  // ÖR37 and the TKB's structure of the id.
  p.text("spec_id", doc.spec_id);
  auto seller_org = normalize_org_number(doc.seller.org_number);
  if (!is_spec_id(doc.spec_id)) {
    p.add("spec_id must start with ZVF and have 23 characters (ÖR37), found '" + doc.spec_id + "'");
  } else if (!all_digits(std::string_view(doc.spec_id).substr(3)) ||
             (seller_org && doc.spec_id.substr(3, 10) != *seller_org)) {
    p.add(
        "spec_id must be ZVF + the seller's organisation number + YYMM + a 6-digit counter, "
        "found '" +
        doc.spec_id + "'");
  }
  if (!seller_org)
    p.add(
        "seller organisation number must be 10 digits with a valid check digit (ÖR3, ÖR48), "
        "found '" +
        doc.seller.org_number + "'");
  if (!normalize_org_number(doc.buyer.org_number))
    p.add(
        "buyer organisation number must be 10 digits with a valid check digit (ÖR46, ÖR48), "
        "found '" +
        doc.buyer.org_number + "'");
  if (!r::date_in_schema_range(doc.issue_date))
    p.add("issue_date is not a date the schema accepts (1900–2099)");
  else if (doc.issue_date > today)
    p.add("issue_date " + format_iso(doc.issue_date) + " is in the future (ÖR2; today is " +
          format_iso(today) + ")");
  if (!doc.number.empty()) {
    p.text("invoice number", doc.number);
    if (has_space_or_hyphen(doc.number))
      p.add("invoice number may not contain spaces or hyphens, found '" + doc.number + "'");
  }
  if (doc.price_list < 0 || doc.price_list > 6)
    p.add("price_list must be 1..6 (ÖR25) or 0 (none), found " + std::to_string(doc.price_list));
  std::string county = county_of(doc);
  if (!is_county_code_form(county) || county == "99")
    p.add("buyer county must be a two-digit SCB county code (ÖR8, ÖR40), found '" + county + "'");
  if (!doc.seller.hsa_id.empty()) p.text("seller HSA id", doc.seller.hsa_id);
  p.text("seller name (careUnitName)", doc.seller.name);
  if (doc.type == DocumentType::credit) {
    if (!is_spec_id(doc.reference_spec_id))
      p.add("a credit note must reference the original fakturaunderlag id (ÖR52, ÖR37), found '" +
            doc.reference_spec_id + "'");
    else
      p.text("reference_spec_id", doc.reference_spec_id);
    p.text("reference_invoice", doc.reference_invoice);
    if (has_space_or_hyphen(doc.reference_invoice))
      p.add("reference_invoice may not contain spaces or hyphens");
  }
  Money sum;
  int previous = 0;
  for (const DocumentLine& l : doc.lines) {
    if (l.line_no <= previous)
      p.line(l, "line numbers must be unique and ascending from 1 (ÖR43), " +
                    std::to_string(l.line_no) + " follows " + std::to_string(previous));
    previous = l.line_no;
    sum += l.net;
  }
  if (sum != doc.total)
    p.add("total " + money_text(doc.total) + " is not the sum of the lines' nets " +
          money_text(sum) + " (ÖR5)");
}

// The tariff (§8.1) is one patient-specific care: units × price = amount (ÖR26).
void check_tariff(const DocumentLine& l, Problems& p) {
  if (!l.tariff) {
    if (l.tariff_amount != Money{})
      p.line(l, "tariff amount " + money_text(l.tariff_amount) + " without its tariff");
    return;
  }
  const DocumentTariff& t = *l.tariff;
  if (t.code.empty() || !is_xml_text(t.code)) p.line(l, "tariff code is empty or not XML text");
  if (t.name.empty() || !is_xml_text(t.name)) p.line(l, "tariff name is empty or not XML text");
  if (t.units < 1) p.line(l, "tariff units must be at least 1, found " + std::to_string(t.units));
  if (t.price < Money{}) p.line(l, "tariff price is negative (" + money_text(t.price) + ")");
  if (static_cast<__int128>(t.units) * t.price.ore() != t.amount.ore())
    p.line(l, "tariff: total " + money_text(t.amount) + " is not " + std::to_string(t.units) +
                  " × " + money_text(t.price) + " (ÖR26)");
  if (t.amount != l.tariff_amount)
    p.line(l, "tariff amount " + money_text(l.tariff_amount) + " is not the tariff's total " +
                  money_text(t.amount));
}

// The at-cost amount (§8.2) is one patient-specific care of 1 × the amount,
// with the at-cost item lines' evidence.
void check_at_cost(const DocumentLine& l, Problems& p) {
  if (l.at_cost_amount < Money{})
    p.line(l, "at-cost amount is negative (" + money_text(l.at_cost_amount) + ")");
  for (const DocumentCost& c : l.costs) {
    if (c.item_code.empty() || !is_xml_text(c.item_code))
      p.line(l, "at-cost item code is empty or not XML text");
    if (!is_xml_text(c.cost_ref)) p.line(l, "cost reference is not valid UTF-8 XML text");
  }
}

// The national classification (§8.6): the standard's code lists.
void check_classification(const DocumentLine& l, Problems& p) {
  if (l.agreement_type != 0 && !r::in_list(r::kTypeOfAgreement, std::to_string(l.agreement_type)))
    p.line(l, "agreement type must be 1..3 (ÖR12), found " + std::to_string(l.agreement_type));
  if (l.care_level != 0 && !r::in_list(r::kCareLevel, std::to_string(l.care_level)))
    p.line(l, "care level must be 1..4 (ÖR30), found " + std::to_string(l.care_level));
  if (!l.riksavtal_chapter.empty() && !r::in_list(r::kAgreementInRiksavtalet, l.riksavtal_chapter))
    p.line(l, "Riksavtal chapter must be 3.1, 3.2, 4.1, 4.3 or 4.4 (ÖR50), found '" +
                  l.riksavtal_chapter + "'");
}

void check_line(const InvoiceDocument& doc, const DocumentLine& l, Problems& p) {
  auto text = [&](const char* what, std::string_view v) {
    if (v.empty())
      p.line(l, std::string(what) + " is empty (mandatory)");
    else if (!is_xml_text(v))
      p.line(l, std::string(what) + " is not valid UTF-8 XML text");
  };
  const bool inpatient = l.care_type == CareType::inpatient;
  text("patient_id", l.patient_id);
  text("record_id (careContactId, ÖR11)", l.record_id);
  if (!l.referral_id.empty()) text("referral_id", l.referral_id);
  if (!is_municipality_code_form(l.municipality) || l.municipality == "9901")
    p.line(l, "municipality must be a four-digit SCB code (mandatory; ÖR9, ÖR41), found '" +
                  l.municipality + "'");
  std::string mvo = medical_field_code(l);
  if (!r::in_list(r::kMvoCodes, mvo))
    p.line(l, "medical field code must be an approved MVO code (mandatory; ÖR49), found '" +
                  (l.medical_field_code.empty() ? l.clinic : l.medical_field_code) + "'");
  if (inpatient && !psychiatric(mvo) && l.main_diagnosis.empty())
    p.line(l, "somatic inpatient care needs its main diagnosis (ÖR31)");
  if (!l.main_diagnosis.empty()) text("main_diagnosis", l.main_diagnosis);
  if (inpatient && l.care_days < 1)
    p.line(l, "care days must be at least 1 (inCare, ÖR51), found " + std::to_string(l.care_days));
  if (l.leave_days < 0) p.line(l, "leave_days may not be negative");
  // Dates.
  if (!r::date_in_schema_range(l.admission_date)) {
    p.line(l, "admission/visit date is not a date the schema accepts (1900–2099)");
  } else if (l.admission_date > doc.issue_date) {
    p.line(l, "care date " + format_iso(l.admission_date) + " is after the issue date " +
                  format_iso(doc.issue_date) + " (ÖR17)");
  }
  if (inpatient && l.discharge_date) {
    Date d = *l.discharge_date;
    if (!r::date_in_schema_range(d))
      p.line(l, "discharge date is not a date the schema accepts (1900–2099)");
    else if (d < l.admission_date)
      p.line(l, "discharge date " + format_iso(d) + " is before the admission date (ÖR18)");
    else if (d > doc.issue_date)
      p.line(l, "discharge date " + format_iso(d) + " is after the issue date " +
                    format_iso(doc.issue_date) + " (ÖR38)");
  }
  // Product: a DRG or items, at least one (ÖR44); a DRG cost needs its code (ÖR45).
  if (!l.drg.empty()) {
    if (!is_drg_code_form(l.drg)) p.line(l, "DRG code must have four characters, found " + l.drg);
  } else {
    if (l.drg_amount != Money{} || l.los_outlier_amount != Money{} ||
        l.cost_outlier_amount != Money{})
      p.line(l, "DRG price or outlier amounts without a DRG code (ÖR45)");
    if (l.items.empty() && !l.tariff && l.costs.empty())
      p.line(l, "neither a DRG, nor a tariff, nor patient-specific items (ÖR44)");
  }
  // Amounts: positive, and every formula of the standard exact.
  auto non_negative = [&](const char* what, Money m) {
    if (m < Money{}) p.line(l, std::string(what) + " is negative (" + money_text(m) + ")");
  };
  non_negative("DRG price", l.drg_amount);
  non_negative("length-of-stay outlier amount", l.los_outlier_amount);
  non_negative("cost outlier amount", l.cost_outlier_amount);
  non_negative("patient fee", l.patient_fee);
  non_negative("subscription share (patientCareDiscount)", l.subscription_share);
  non_negative("gross", l.gross);
  non_negative("net", l.net);
  Money items;
  for (const DocumentItem& it : l.items) {
    text("item code (ÖR47)", it.item_code);
    text("item name (ÖR47)", it.name);
    non_negative("item price", it.unit_price);
    __int128 product = static_cast<__int128>(it.quantity) * it.unit_price.ore();
    if (product != it.amount.ore())
      p.line(l, "item " + it.item_code + ": total " + money_text(it.amount) + " is not " +
                    std::to_string(it.quantity) + " × " + money_text(it.unit_price) + " (ÖR26)");
    items += it.amount;
  }
  if (items != l.items_amount)
    p.line(l, "items amount " + money_text(l.items_amount) + " is not the sum of the items " +
                  money_text(items));
  check_tariff(l, p);
  check_at_cost(l, p);
  Money gross = l.drg_amount + l.los_outlier_amount + l.cost_outlier_amount + items +
                l.tariff_amount + l.at_cost_amount - l.patient_fee;
  if (gross != l.gross)
    p.line(l,
           "gross " + money_text(l.gross) +
               " is not DRG price + outliers + items + tariff + at-cost amount − patient fee = " +
               money_text(gross) + " (ÖR27)");
  check_classification(l, p);
  if (l.gross - l.subscription_share != l.net)
    p.line(l, "net " + money_text(l.net) + " is not gross − subscription share = " +
                  money_text(l.gross - l.subscription_share) + " (ÖR28)");
  // Credit notes: what the line reverses.
  if (doc.type == DocumentType::credit) {
    if (l.reference_line < 1) p.line(l, "a credit line must reference the original line");
    if (!r::in_list(r::kReasonForCredit, std::to_string(l.reason_code)))
      p.line(l, "credit reason code must be 1..9 (ÖR36), found " + std::to_string(l.reason_code));
    if (!l.reference_spec_id.empty() && l.reference_spec_id != doc.reference_spec_id)
      p.line(l, "references fakturaunderlag " + l.reference_spec_id + ", the credit note " +
                    doc.reference_spec_id + " (one reference per document)");
    if (!l.reference_invoice.empty() && l.reference_invoice != doc.reference_invoice)
      p.line(l, "references invoice " + l.reference_invoice + ", the credit note " +
                    doc.reference_invoice + " (one reference per document)");
  }
}

// Builds the tree. Called only for a document that passed the checks.
class Builder {
 public:
  explicit Builder(const InvoiceDocument& doc) : doc_(doc) {}

  std::string run() {
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> xml(xmlNewDoc(BAD_CAST "1.0"), &xmlFreeDoc);
    xmlNode* root =
        xmlNewDocNode(xml.get(), nullptr, BAD_CAST "ProcessClaimSpecification", nullptr);
    xmlDocSetRootElement(xml.get(), root);
    xmlNs* responder = xmlNewNs(root, BAD_CAST r::kResponderNs, BAD_CAST "pcs");
    core_ = xmlNewNs(root, BAD_CAST r::kCoreNs, nullptr);  // default namespace
    xmlSetNs(root, responder);
    xmlNode* spec = xmlNewChild(root, responder, BAD_CAST "claimSpecification", nullptr);
    claim(spec);
    xmlChar* mem = nullptr;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(xml.get(), &mem, &size, "UTF-8", 1);
    if (!mem) throw std::runtime_error("libxml2 could not serialize the fakturaunderlag");
    std::string out(reinterpret_cast<const char*>(mem), static_cast<size_t>(size));
    xmlFree(mem);
    return out;
  }

 private:
  xmlNode* el(xmlNode* parent, const char* name) {
    return xmlNewChild(parent, core_, BAD_CAST name, nullptr);
  }
  void text(xmlNode* parent, const char* name, const std::string& value) {
    xmlNewTextChild(parent, core_, BAD_CAST name, BAD_CAST value.c_str());  // escapes &, <, >
  }
  void cv(xmlNode* parent, const char* name, const std::string& code, const char* system) {
    xmlNode* n = el(parent, name);
    text(n, "code", code);
    text(n, "codeSystem", system);
  }
  void ii(xmlNode* parent, const char* name, const std::string& root, const std::string& ext) {
    xmlNode* n = el(parent, name);
    text(n, "root", root);
    text(n, "extension", ext);
  }
  void amount(xmlNode* parent, const char* name, Money m) {
    xmlNode* n = el(parent, name);
    text(n, "amount", money_text(m));
    cv(n, "currency", r::kCurrency, r::kOidCurrency);
  }

  void claim(xmlNode* s) {
    const bool credit = doc_.type == DocumentType::credit;
    text(s, "id", doc_.spec_id);
    text(s, "issueDate", r::format_date(doc_.issue_date));
    text(s, "typeOfInvoice", credit ? "381" : "380");
    if (!doc_.number.empty()) text(s, "invoiceId", doc_.number);
    text(s, "invoiceDateOfIssue", r::format_date(doc_.issue_date));
    if (credit) {
      text(s, "referenceToInvoice", doc_.reference_invoice);
      text(s, "referenceToProcessClaimSpecificationId", doc_.reference_spec_id);
    }
    amount(s, "payableAmount", doc_.total);
    ii(el(s, "supplierParty"), "identification", r::kOidOrgNumber,
       *normalize_org_number(doc_.seller.org_number));
    ii(el(s, "customerParty"), "identification", r::kOidOrgNumber,
       *normalize_org_number(doc_.buyer.org_number));
    for (const DocumentLine& l : doc_.lines) line(el(s, "healthCareServicesSpecificationLine"), l);
  }

  void line(xmlNode* n, const DocumentLine& l) {
    const bool inpatient = l.care_type == CareType::inpatient;
    // Patient.
    xmlNode* patient = el(n, "patientInformation");
    const std::string& id = l.patient_id;
    std::string root;
    if (id.size() == 12 && all_digits(id))
      root =
          (id[6] - '0') * 10 + (id[7] - '0') > 60 ? r::kOidSamordningsnummer : r::kOidPersonnummer;
    else
      root = *normalize_org_number(doc_.seller.org_number);  // local reservnummer
    ii(patient, "patientIdentity", root, id);
    xmlNode* other = el(patient, "patientOtherInformation");
    cv(other, "county", county_of(doc_), r::kOidCounty);
    cv(other, "municipality", l.municipality, r::kOidMunicipality);

    xmlNode* hp = el(n, "healthcarePerformed");
    text(hp, "lineId", std::to_string(l.line_no));
    text(hp, "careContactId", l.record_id);
    if (doc_.type == DocumentType::credit) {
      text(hp, "referenceToLineId", std::to_string(l.reference_line));
      text(hp, "reasonForCredit", std::to_string(l.reason_code));
    }
    payment_commitment(hp, l);
    xmlNode* cat = el(hp, "healthcareCategory");
    cv(cat, "typeOfCare", inpatient ? "02" : "01", r::kOidTypeOfCare);
    text(cat, "publicCare", "true");
    text(cat, "plannedHealthcare", l.emergency ? "false" : "true");

    xmlNode* ts = el(hp, "timespan");
    text(el(ts, "healthcareVisitDateTime"), "careVisitDate", r::format_date(l.admission_date));
    if (inpatient && l.discharge_date)
      text(el(ts, "healthcareDischargeDateTime"), "careDischargeDate",
           r::format_date(*l.discharge_date));
    if (inpatient) {
      xmlNode* days = el(ts, "numberOfDays");
      if (l.leave_days > 0) text(days, "onLeave", std::to_string(l.leave_days));
      text(days, "inCare", std::to_string(l.care_days));
    }

    xmlNode* unit = el(hp, "healthcareUnit");
    if (!doc_.seller.hsa_id.empty()) ii(unit, "careUnitId", r::kOidHsaId, doc_.seller.hsa_id);
    text(unit, "careUnitName", doc_.seller.name);
    if (!inpatient)
      text(unit, "professionCodeForHealthcare", std::string(profession_code(l.care_type)));

    xmlNode* c = el(hp, "categorization");
    text(c, "productCategory", std::string(product_category(l)));
    if (doc_.price_list >= 1) text(c, "priceList", std::to_string(doc_.price_list));
    if (!l.drg.empty()) {
      xmlNode* drg = el(c, "DRGCost");
      text(el(drg, "DRGCode"), "originalText", l.drg);
      amount(drg, "DRGPrice", l.drg_amount);
      if (l.los_outlier_amount > Money{})
        amount(drg, "extendedAllowanceCareTime", l.los_outlier_amount);
      if (l.cost_outlier_amount > Money{})
        amount(drg, "extendedAllowanceCost", l.cost_outlier_amount);
    }
    for (const DocumentItem& it : l.items) {
      xmlNode* psc = el(c, "patientSpecificCare");
      text(psc, "patientSpecificCareCode", it.item_code);
      text(psc, "patientSpecificCareCodeName", it.name);
      text(psc, "numberOfPatientSpecificCare", std::to_string(it.quantity));
      amount(psc, "patientSpecificCarePrice", it.unit_price);
      amount(psc, "patientSpecificCareTotalAmount", it.amount);
    }
    if (l.tariff) tariff(c, *l.tariff);
    if (l.at_cost_amount > Money{} || !l.costs.empty()) at_cost(c, l);  // 0.00 under the threshold, with its evidence (ÖR44)

    xmlNode* amounts = el(hp, "invoicedAmountDetails");
    amount(amounts, "patientCareInvoiceGrossAmount", l.gross);
    amount(amounts, "patientCareInvoiceNetAmount", l.net);
    if (l.subscription_share > Money{})
      amount(amounts, "patientCareDiscount", l.subscription_share);
    if (l.patient_fee > Money{}) amount(amounts, "outPatientCareFeePaid", l.patient_fee);

    std::string mvo = medical_field_code(l);
    xmlNode* activity = el(hp, "activity");
    text(activity, "medicalFieldCode", mvo);
    if (l.care_level > 0) text(activity, "careLevel", std::to_string(l.care_level));
    if (!l.main_diagnosis.empty() && !psychiatric(mvo)) {
      xmlNode* dx =
          el(el(hp, "diagnosis"), inpatient ? "inpatientCareDiagnosis" : "outpatientCareDiagnosis");
      cv(el(dx, "mainDiagnosis"), "diagnosisCode", l.main_diagnosis, r::kOidIcd10Se);
    }
  }

  // remittanceNumber, typeOfAgreement and typeOfChapter with a referral (the
  // TKB: "Uppgiften lämnas när en remiss finns"); agreementInRiksavtalet
  // without one: the record's chapter, or 3.1 (acute care) for emergency care.
  void payment_commitment(xmlNode* hp, const DocumentLine& l) {
    const std::string chapter =
        !l.riksavtal_chapter.empty() ? l.riksavtal_chapter : (l.emergency ? "3.1" : "");
    if (l.referral_id.empty() && chapter.empty()) return;
    xmlNode* pc = el(hp, "paymentCommitment");
    if (l.referral_id.empty()) {
      text(pc, "agreementInRiksavtalet", chapter);
      return;
    }
    text(pc, "remittanceNumber", l.referral_id);
    if (l.agreement_type > 0) text(pc, "typeOfAgreement", std::to_string(l.agreement_type));
    std::string_view type_of_chapter = chapter_of(l.referral_reason);
    if (!type_of_chapter.empty()) text(pc, "typeOfChapter", std::string(type_of_chapter));
  }

  // The tariff as one patient-specific care: units × price (§8.1, ÖR26).
  void tariff(xmlNode* c, const DocumentTariff& t) {
    xmlNode* psc = el(c, "patientSpecificCare");
    text(psc, "patientSpecificCareCode", t.code);
    text(psc, "patientSpecificCareCodeName", t.name);
    text(psc, "numberOfPatientSpecificCare", std::to_string(t.units));
    amount(psc, "patientSpecificCarePrice", t.price);
    amount(psc, "patientSpecificCareTotalAmount", t.amount);
  }

  // The at-cost amount as one patient-specific care, 1 × the amount (§8.2),
  // each at-cost item line's cost and evidence in `unspecified`.
  void at_cost(xmlNode* c, const DocumentLine& l) {
    xmlNode* psc = el(c, "patientSpecificCare");
    text(psc, "patientSpecificCareCode", r::kAtCostCode);
    text(psc, "patientSpecificCareCodeName", r::kAtCostName);
    text(psc, "numberOfPatientSpecificCare", "1");
    amount(psc, "patientSpecificCarePrice", l.at_cost_amount);
    amount(psc, "patientSpecificCareTotalAmount", l.at_cost_amount);
    for (const DocumentCost& cost : l.costs) {
      xmlNode* u = el(psc, "unspecified");
      text(u, "text", cost_text(cost));
      text(u, "type", r::kCostType);
    }
  }

  const InvoiceDocument& doc_;
  xmlNs* core_ = nullptr;
};

}  // namespace

std::string write_fakturaunderlag(const InvoiceDocument& doc) {
  return write_fakturaunderlag(doc, rivta::today_local());
}

std::string write_fakturaunderlag(const InvoiceDocument& doc, Date today) {
  if (doc.kind != InvoiceKind::care)
    throw BadArgument("invoice " + doc.number +
                          " is a subscription, settlement or commitment invoice: it holds no "
                          "patient data and has no fakturaunderlag (billing rules §5, §8.4)",
                      "faktura " + doc.number +
                          " är en abonnemangs-, avräknings- eller åtagandefaktura: den har inga "
                          "patientuppgifter och inget fakturaunderlag (faktureringsregler §5, "
                          "§8.4)");
  Problems problems;
  check_document(doc, today, problems);
  for (const DocumentLine& l : doc.lines) check_line(doc, l, problems);
  problems.raise_if_any(doc);
  xmlInitParser();
  return Builder(doc).run();
}

}  // namespace vardavtal
