// Record (vårdkontakt): one care contact as exported by the seller, and its
// patient-specific items. Identity: (seller, record_id). See docs/import.md#care-records.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/codes.h"
#include "core/date.h"
#include "core/money.h"

namespace vardavtal {

struct Record {
  std::string record_id;
  std::string seller;
  std::string patient_id;    // 12-digit personnummer or a pseudonym
  std::string county;        // buyer: home county at the start of care
  std::string municipality;  // 4 digits or empty
  CareType care_type = CareType::inpatient;
  std::string clinic;
  Date admission_date{};
  std::optional<Date> discharge_date;  // inpatient only
  int leave_days = 0;
  std::string drg;  // empty: billed by items only
  std::optional<Money> kpp_cost;
  std::string referral_id;  // empty when none
  bool emergency = false;
  Money patient_fee;
  // For the national fakturaunderlag (optional in the import): the medical
  // field as Socialstyrelsen's 3-digit MVO code (ÖR49), and the main
  // diagnosis as an ICD-10-SE code (needed for somatic inpatient care, ÖR31).
  std::string medical_field;
  std::string diagnosis;
  // National classification (billing rules §8.6), optional in the import:
  // agreement type 1 Riksavtal, 2 Regionavtal, 3 Mellanlänsavtal (0: not
  // given, the agreement's own type applies); the Riksavtal chapter; the care
  // level 1–4 (0: not given); why the patient was referred.
  int agreement_type = 0;
  std::string riksavtal_chapter;
  int care_level = 0;
  ReferralReason referral_reason = ReferralReason::none;
  // Withdrawn: registered in error (billing rules §2, optional column
  // `cancelled` = 1). Billing reverses what was billed on the record with
  // credit reason code 9 and bills nothing more.
  bool cancelled = false;
};

// Billing date: discharge for inpatient care, the visit date otherwise.
inline Date billing_date(const Record& r) {
  return r.discharge_date ? *r.discharge_date : r.admission_date;
}

// One line of a record's patient-specific items (patientspecifik debitering).
struct RecordItem {
  std::string record_id;
  std::string seller;
  std::string item_code;
  int64_t quantity = 0;  // negative only as a correction of another line
  std::optional<Money> cost;  // at-cost items (§8.2): the line's cost
  std::string cost_ref;
};

// One line of a record's item set.
// `cost` is the line's stated cost (for its whole quantity) of an item
// billed at cost (§8.2); `cost_ref` its evidence (batch, delivery note).
struct ItemLine {
  ItemLine() = default;
  ItemLine(std::string code, int64_t qty, std::optional<Money> line_cost = std::nullopt,
           std::string ref = {})
      : item_code(std::move(code)), quantity(qty), cost(line_cost), cost_ref(std::move(ref)) {}
  std::string item_code;
  int64_t quantity = 0;
  std::optional<Money> cost;
  std::string cost_ref;
  auto operator<=>(const ItemLine&) const = default;
};

// The patient-specific items of one record, versioned as one set.
struct ItemSet {
  std::string seller;
  std::string record_id;
  std::vector<ItemLine> lines;  // sorted by item code, then quantity
};

}  // namespace vardavtal
