// The year-end true-ups (`vardavtal settle --year Y [--seller S]`; billing
// rules §8.4, §8.5; docs/ledger.md#year-end-settlement): for each seller whose
// agreement of the year has a [settlement] or a [commitment], each buyer's
// settlement of the cost difference and commitment true-up, as invoices
// (380) or credit notes (381) of kinds settlement and commitment. Refuses
// (nothing written) unless every seller settled has billed all twelve months
// of the year, has nothing waiting to be billed (a dry billing run counts
// it), has a point price for a commitment, and, for a settlement, a KPP cost
// on every billed record of the year. Idempotent: a run issues only the
// difference from what earlier runs issued (after corrections billed since,
// or terms changed), and nothing when there is none. Checks first, then one
// transaction for every seller: read, plan (ledger/settlement.h), append.
// Not thread-safe per Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "ledger/invoice.h"
#include "ledger/settlement.h"
#include "store/store.h"

namespace vardavtal {

struct SettleOptions {
  int year = 0;
  std::optional<std::string> seller;
  // Default: the day after the seller's last billed month.
  std::optional<Date> issue_date;
  bool dry_run = false;  // plan and report; write nothing
  // Given (the CLI: the OS user): the run's audit row commits with it.
  std::string audit_who;
};

struct SettleSeller {
  std::string seller;
  std::vector<SettlementBasis> bases;  // every buyer's, posted or not (posting_id 0)
  std::vector<Invoice> issued;         // in number order
};

struct SettleResult {
  std::vector<SettleSeller> sellers;
};

// A year that cannot be settled yet: the reason names the seller and what to
// do (bill the year's last months; add the missing KPP costs).
struct SettleRefused : Bilingual<std::runtime_error> {
  using Bilingual::Bilingual;
};

SettleResult run_settle(Store& store, const SettleOptions& options);

}  // namespace vardavtal
