// Record (vårdkontakt): one care contact as exported by the seller, and its
// patient-specific items. Identity: (seller, record_id). See docs/import.md#care-records.
#pragma once

#include <optional>
#include <string>
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
};

// One line of a record's item set.
struct ItemLine {
  std::string item_code;
  int64_t quantity = 0;
  auto operator<=>(const ItemLine&) const = default;
};

// The patient-specific items of one record, versioned as one set.
struct ItemSet {
  std::string seller;
  std::string record_id;
  std::vector<ItemLine> lines;  // sorted by item code, then quantity
};

}  // namespace vardavtal
