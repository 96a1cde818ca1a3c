// Invoice lines as users look them up (issue 16 item 4; docs/ledger.md#
// credit-notes-and-late-lines): the lines of credit notes with their reason
// codes, and the late lines (invoiced more than six months after the care).
// Read-only. Not thread-safe per Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "store/store.h"

namespace vardavtal {

struct LineListing {
  std::string seller, number, buyer, period, issue_date;
  std::string type;  // invoice | credit
  int64_t line_no = 0;
  std::string record_id, billing_date;  // empty for a line without a record
  std::string patient_id;               // for the access log only
  Money amount;                         // positive, as on the document
  std::string reference_number;         // credit lines: the invoice credited
  int64_t reference_line = 0, reason_code = 0;
};

struct LineFilter {
  std::optional<std::string> seller, buyer, period;  // period: YYYY-MM billed
};

// The lines of care credit notes (those of the year-end true-ups carry no
// record nor reason code: `invoices`), by seller, number and line.
std::vector<LineListing> credit_lines(Store& store, const LineFilter& filter);
// The late lines of care invoices (not credit notes), by seller, number and line.
std::vector<LineListing> late_lines(Store& store, const LineFilter& filter);

// The lines of care invoices and credit notes of one patient (`by` patient:
// `key` is the patient id as imported, normalized) or of one care contact
// (`by` record: the record id), within `scope` (seller and/or buyer; period
// ignored), by seller, number and line. The search reads every record (by
// patient) or every posting (by record) of the scope: about a second per
// million records on the project machine.
enum class LineSearch { patient, record };
std::vector<LineListing> find_lines(Store& store, LineSearch by, const std::string& key,
                                    const LineFilter& scope);

// Whether `seller` billed record `record_id` to `buyer` (a care posting of
// any version) and its latest version is still `buyer`'s: what lets a buyer
// see how that record is priced (`explain` explains the latest version; a
// record that moved to another region is that region's to see).
bool billed_to(Store& store, const std::string& seller, const std::string& record_id,
               const std::string& buyer);

}  // namespace vardavtal
