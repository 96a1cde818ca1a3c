// A billing run (`vardavtal bill --through YYYY-MM`): prices every record
// version not yet posted with a billing date up to the month's end, posts it,
// corrects changed versions (reversal + new posting, credit note with the
// national reason code), and issues per seller, buyer and month a care
// invoice, a subscription invoice and credit notes. Idempotent: a second run
// posts and issues nothing. One transaction per seller: read what the seller's
// plan needs, plan it (ledger/billing_planner.h, no I/O), append the plan.
// Not thread-safe per Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/period.h"
#include "ledger/billing_planner.h"
#include "ledger/invoice.h"
#include "store/store.h"

namespace vardavtal {

struct BillOptions {
  Period through;
  std::optional<std::string> seller;
  std::optional<Date> issue_date;  // default: the day after each billed month
};

struct BillResult {
  std::vector<BillSummary> sellers;
  std::vector<HeldRecord> held;  // not billed, with their reasons
  std::vector<Invoice> issued;   // in number order
};

BillResult run_billing(Store& store, const BillOptions& options);

}  // namespace vardavtal
