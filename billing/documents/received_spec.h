// A received invoice specification, as a purchasing region reads it: the
// national fakturaunderlag (RIVTA ProcessClaimSpecification) from any seller,
// or the CSV specification this product writes (`invoice N --format csv`).
// A plain value; the readers never touch the database. Amounts are as
// written (positive, also on credit notes: `credit` says which way they go).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/codes.h"
#include "core/date.h"
#include "core/error_text.h"
#include "core/money.h"

namespace vardavtal {

struct ReceivedItem {
  std::string item_code;
  int64_t quantity = 0;
  Money unit_price, amount;
};

// One at-cost item line as the seller states it (§8.2): an `unspecified` of
// type självkostnad with text "code;quantity;cost[;cost_ref]".
struct ReceivedCost {
  std::string item_code;
  int64_t quantity = 0;
  Money cost;
  std::string cost_ref;
};

struct ReceivedLine {
  int line_id = 0;              // lineId
  long source_line = 0;         // line of the line's healthcarePerformed (XML) or row (CSV)
  std::string care_contact_id;  // careContactId; the record id in this product's CSV
  std::string patient_id;       // personnummer, samordningsnummer or pseudonym (extension)
  std::string county;           // the patient's county as billed (2 digits); may be empty
  std::string municipality;     // may be empty
  std::optional<CareType> care_type;  // CSV: exact; XML: inpatient for typeOfCare 02,
                                      // else from professionCode (LK doctor_visit,
                                      // TP day_care, other other_visit)
  Date admission_date{};                // careVisitDate
  std::optional<Date> discharge_date;   // careDischargeDate
  int leave_days = 0;                   // numberOfDays/onLeave
  std::string drg;                      // DRGCode originalText (empty: none)
  Money drg_amount, los_outlier_amount, cost_outlier_amount, items_amount, patient_fee;
  Money gross;     // patientCareInvoiceGrossAmount
  Money discount;  // patientCareDiscount (the subscription share)
  Money charge, allowance;  // patientCareCharge, patientCareAllowance (private care; XML only)
  Money net;       // patientCareInvoiceNetAmount: what the line bills
  std::vector<ReceivedItem> items;  // price-list items (not the tariff, not AT-COST)
  std::string medical_field;        // activity/medicalFieldCode (MVO); CSV: empty
  // §8.1: the tariff, a patientSpecificCare coded TAR-<unit> (XML: code,
  // units as quantity, price, total); its amount (CSV: the tariff_amount
  // column, units and price not known).
  std::optional<ReceivedItem> tariff;
  Money tariff_amount;
  // §8.2: the AT-COST amount (CSV: the at_cost_amount column) and the
  // at-cost item lines stated with it (XML only; empty when none are stated).
  Money at_cost_amount;
  std::vector<ReceivedCost> costs;
  std::string referral_id;          // paymentCommitment/remittanceNumber
  bool planned = true;              // plannedHealthcare (CSV: not emergency)
  std::string riksavtalet_chapter;  // paymentCommitment/agreementInRiksavtalet, e.g. "3.1"
  // The care unit that gave the care (healthcareUnit): its HSA id (careUnitId
  // extension; may be empty) and name (careUnitName). CSV: the seller_hsa_id
  // and seller_name columns (empty when the file has none).
  std::string care_unit_id, care_unit_name;
  // Credit notes
  int reference_line = 0;
  int reason_code = 0;
};

struct ReceivedSpec {
  std::string file;            // as given on the command line
  std::string spec_id;         // claimSpecification id (ZVF...); CSV: spec_id column
  std::string invoice_number;  // invoiceId
  bool credit = false;         // typeOfInvoice 381
  std::string reference_invoice, reference_spec_id;  // credit notes
  Date issue_date{};
  std::string seller_org;  // supplierParty identification extension (10 digits);
                           // CSV: the seller_org_number column (may be empty)
  std::string seller;      // CSV: the hospital code; XML: empty
  std::string buyer_org;   // customerParty identification extension
  std::string buyer;       // CSV: the county code; XML: empty
  Money payable;           // payableAmount; CSV: sum of the nets
  std::vector<ReceivedLine> lines;
};

// A file that cannot be read as a specification: names the file, the line
// and what was expected. Nothing of the file is used.
class SpecReadError : public Bilingual<std::runtime_error> {
 public:
  using Bilingual::Bilingual;
};

// Reads a fakturaunderlag XML (root ProcessClaimSpecification) or a CSV
// specification, chosen by content (a '<' first after any BOM/whitespace is
// XML). Throws SpecReadError for an unreadable, not well-formed or
// incomplete file (a missing mandatory value, a bad amount or date).
ReceivedSpec read_received_spec(const std::string& path);

}  // namespace vardavtal
