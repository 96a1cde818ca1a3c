// The held records as users look them up (issue 16 item 4; docs/ledger.md#
// held-records): what the latest billing run of each seller could not
// price, with the reason, the buyer and since when (the import of the held
// version). Read-only. Not thread-safe per Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace vardavtal {

struct HeldListing {
  std::string seller, record_id, buyer, patient_id;
  int64_t record_version = 0;
  std::string billing_date;  // ISO date
  std::string reason;        // "code: words" in English, as the run gave it (programs)
  std::string reason_sv;     // the words in Swedish ("" when stored before migration 023)
  std::string since;         // when the held version was imported (ISO UTC)
  std::string as_of;         // when the billing run that held it ran (ISO UTC)
  bool newer_version = false;  // a later version was imported since: the next run prices it
};

// The stored held records of `seller` (all sellers when none) whose buyer is
// `buyer` (all when none), by seller, billing date and record id (byte
// order, the same on both engines). The list is the latest billing run's:
// a version imported since is not priced (or held) until the next run that
// bills a month, and `newer_version` says so.
std::vector<HeldListing> held_listing(Store& store, const std::optional<std::string>& seller,
                                      const std::optional<std::string>& buyer);

}  // namespace vardavtal
