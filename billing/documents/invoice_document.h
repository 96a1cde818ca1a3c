// InvoiceDocument: everything the documents of one invoice or credit note need
// (fakturaunderlag XML, Peppol UBL, CSV/XLSX specification), gathered from the
// ledger and the store by the billing layer. A plain value: writers read it
// and never touch the database. Amounts are positive on credit notes too; the
// document type says which way they go.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/codes.h"
#include "core/date.h"
#include "core/money.h"
#include "core/period.h"

namespace vardavtal {

enum class DocumentType { invoice, credit };  // 380, 381
// settlement, commitment: a year-end true-up (billing rules §8.4, §8.5), one
// line in words, no patient data.
enum class InvoiceKind { care, subscription, settlement, commitment };

struct DocumentParty {
  std::string code;        // hospital code (seller) or county code (buyer)
  std::string name;        // "Akademiska sjukhuset", "Region Dalarna"
  std::string org_number;  // 10 digits (the owning region's for a hospital)
  std::string county;      // the party's county code
  std::string hsa_id;      // may be empty
};

struct DocumentItem {
  std::string item_code;
  std::string name;
  int64_t quantity = 0;
  Money unit_price;
  Money amount;  // quantity × unit_price
};

// A tariff (billing rules §8.1) as the line bills it: price × units.
// `code` is ours ("TAR-contact", "TAR-care_day"; docs/fakturaunderlag.md).
struct DocumentTariff {
  std::string code;
  std::string name;
  TariffUnit unit = TariffUnit::contact;
  int64_t units = 0;  // 1 per contact, or the care days
  Money price;        // per unit
  Money amount;       // units × price
};

// An item line billed at its stated cost (§8.2): the evidence of the line's
// at-cost amount.
struct DocumentCost {
  std::string item_code;
  int64_t quantity = 0;
  Money cost;            // the line's stated cost (whole quantity)
  std::string cost_ref;  // batch, delivery note; may be empty
};

// One specification line: one patient's care contact (care invoices), or the
// month's installment (subscription invoices) or a year's true-up
// (settlement, commitment), which have no patient fields.
struct DocumentLine {
  int line_no = 0;  // 1.., unique and ascending (ÖR43)
  std::string description;  // "Abonnemang 2021-03", "Efterreglering 2021: …"; empty for care
  // Care contact
  std::string record_id;
  int64_t record_version = 0;
  std::string patient_id;    // 12-digit personnummer or pseudonym
  std::string municipality;  // may be empty
  CareType care_type = CareType::inpatient;
  std::string clinic;
  Date admission_date{};
  std::optional<Date> discharge_date;
  int care_days = 1;
  std::string drg;  // may be empty (items only)
  std::string drg_name;
  int64_t drg_weight = 0;  // 10^-4 points
  std::string referral_id;  // may be empty
  bool emergency = false;
  // Fakturaunderlag (national ProcessClaimSpecification) data the fields above
  // lack; see docs/fakturaunderlag.md.
  int leave_days = 0;              // onLeave: leave days inside an inpatient stay (record's)
  std::string medical_field_code;  // medicalFieldCode: Socialstyrelsen MVO code, 3 digits (ÖR49);
                                   // empty = `clinic` when that is itself an MVO code
  std::string main_diagnosis;      // ICD-10-SE; mandatory for somatic inpatient care (ÖR31)
  Money drg_amount;           // DRGPrice
  Money los_outlier_amount;   // ExtendedAllowanceCareTime
  Money cost_outlier_amount;  // ExtendedAllowanceCost
  Money items_amount;         // PatientSpecificCareTotalAmount (sum of price-list items)
  std::vector<DocumentItem> items;
  Money tariff_amount;                   // §8.1: tariff->amount; 0 without a tariff
  std::optional<DocumentTariff> tariff;  // a DRG-exempt or tariff-priced line
  Money at_cost_amount;                  // §8.2: Σ costs − the threshold, >= 0
  std::vector<DocumentCost> costs;       // the at-cost item lines
  // National classification (§8.6); 0 / empty / none: not given.
  int agreement_type = 0;         // typeOfAgreement 1..3 (the record's, else the agreement's)
  std::string riksavtal_chapter;  // agreementInRiksavtalet (ÖR50)
  int care_level = 0;             // careLevel 1..4 (ÖR30)
  ReferralReason referral_reason = ReferralReason::none;
  Money patient_fee;          // OutPatientCareFeePaid
  Money gross;                // ÖR27: drg + los + cost + items + tariff + at cost − fee
  Money subscription_share;   // patientCareDiscount: DRG-based value − its variable part
  Money net;                  // ÖR28: gross − subscription_share (the invoiced amount)
  bool late = false;          // invoiced more than six months after the billing date
  Date billing_date{};
  // Credit notes: what the line reverses.
  std::string reference_invoice;
  std::string reference_spec_id;
  int reference_line = 0;
  int reason_code = 0;  // national credit reason code 1..9
};

struct InvoiceDocument {
  std::string number;  // digits only, gapless per region
  DocumentType type = DocumentType::invoice;
  InvoiceKind kind = InvoiceKind::care;
  DocumentParty seller;
  DocumentParty buyer;
  std::optional<Period> period;  // the billed month; none for a true-up
  std::optional<int> year;       // a true-up's agreement year (its invoice period)
  Date issue_date{};
  Date due_date{};
  std::string spec_id;  // ZVF + seller org number + YYMM + 6-digit counter; empty for subscription
  std::string agreement_id;
  int price_list = 0;     // national price-list code 1..6
  std::string currency = "SEK";
  std::string bankgiro;   // seller's bankgiro, "NNN-NNNN" or "NNNN-NNNN"
  std::string buyer_reference;  // BuyerReference (Peppol): defaults to the spec id or period
  // Credit notes: the original invoice and its specification.
  std::string reference_invoice;
  std::string reference_spec_id;
  Date reference_issue_date{};
  std::vector<DocumentLine> lines;
  Money total;  // sum of the lines' net amounts (ÖR5)
};

}  // namespace vardavtal
