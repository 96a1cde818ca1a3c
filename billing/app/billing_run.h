// A billing run (`vardavtal bill --through YYYY-MM`): prices every record
// version not yet posted with a billing date up to the month's end, posts it,
// corrects changed versions (reversal + new posting, credit note with the
// national reason code), and issues per seller, buyer and month a care
// invoice, a subscription invoice and credit notes. Idempotent: a second run
// posts and issues nothing. One transaction per seller. Not thread-safe per
// Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/invoice.h"
#include "store/store.h"

namespace vardavtal {

struct BillOptions {
  std::string through;  // YYYY-MM
  std::optional<std::string> seller;
  std::optional<Date> issue_date;  // default: the day after each billed month
};

struct HeldRecord {
  std::string seller, record_id, reason;
  Date billing_date{};
};

struct BillSummary {
  std::string seller;
  std::string from_period, to_period;  // months billed; empty when none
  long long care_postings = 0, reversals = 0, subscription_postings = 0;
  long long care_invoices = 0, credit_notes = 0, subscription_invoices = 0;
  long long lines = 0, late_lines = 0;
  // When every month up to --through is billed already: postings that wait
  // for the next open month (changed or late record versions).
  long long waiting = 0;
  Money invoiced, credited;
};

struct BillResult {
  std::vector<BillSummary> sellers;
  std::vector<HeldRecord> held;  // not billed, with their reasons
  std::vector<Invoice> issued;   // in number order
};

BillResult run_billing(Store& store, const BillOptions& options);

}  // namespace vardavtal
