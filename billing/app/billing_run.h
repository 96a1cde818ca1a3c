// A billing run (`vardavtal bill --through YYYY-MM`): prices every record
// version not yet posted with a billing date up to the month's end, posts it,
// corrects changed versions (reversal + new posting, credit note with the
// national reason code), and issues per seller, buyer and month a care
// invoice, a subscription invoice and credit notes. Idempotent: a second run
// posts and issues nothing. Month by month, one transaction (and billing run
// id) per seller and month: read what the month's plan needs (only the record
// versions not yet posted: each record read with its posting in force), plan it
// (ledger/billing_planner.h, no I/O), append the plan and commit. Memory is
// one month's; a run stopped at any point leaves whole months and the next
// run continues, issuing what an uninterrupted run would have. Each month
// also stores the versions it held and the import watermark it saw: a re-run
// with every month billed and nothing imported since reads those instead of
// re-pricing the billed months (BillResult::from_stored_held). A run that
// issues holds the database's RunLock (store/run_lock.h): a second `bill` or
// `settle` meanwhile refuses with a StoreError.
// Not thread-safe per Store.
#pragma once

#include <cstdint>
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
  // Plan and append as a run would, in one transaction that is rolled back:
  // the result is what the run would issue, and nothing is written.
  bool dry_run = false;
  // Whole months are committed together until about this many postings are
  // written (a commit costs disk syncs; the database holds the uncommitted).
  size_t postings_per_commit = 100000;
  // When every month up to --through is billed, re-price the versions not
  // posted of the billed months even if nothing was imported since the
  // seller's latest billing run (by default the run's stored held versions
  // stand for them): for checks and tests.
  bool reprice = false;
  // A month whose record rows exceed this in more than one county is planned
  // in parts by buyer range, one part's versions in memory at a time (the
  // invoices are the same; docs/ledger.md says what the bound leaves out). About
  // 440 bytes a version.
  int64_t versions_per_part = 65536;
  // Read each month after the first ahead, on a second session, while the
  // month before is planned and written (docs/ledger.md, "Reading ahead");
  // the invoices are the same either way. Not in a dry run, nor on a SQLite
  // database in memory.
  bool read_ahead = true;
  // Given (the CLI: the OS user): each commit that issued documents appends
  // its audit row (months, numbers, amounts) inside that commit.
  std::string audit_who;
};

struct BillResult {
  std::vector<BillSummary> sellers;
  std::vector<HeldRecord> held;  // not billed, with their reasons
  std::vector<Invoice> issued;   // in number order
  // The sellers whose billed months were not re-priced: nothing was imported
  // since their latest billing run, whose stored held versions were listed.
  std::vector<std::string> from_stored_held;
  // The months (of all sellers) planned in parts by buyer range.
  size_t months_in_parts = 0;
  // Months whose versions were read ahead on a second session.
  size_t months_read_ahead = 0;
};

BillResult run_billing(Store& store, const BillOptions& options);

}  // namespace vardavtal
