// The purchaser's reconciliation as the CLI's `reconcile` and the server's
// /api/reconcile run it: read the received specifications, refuse those
// addressed elsewhere, gather residents, referrals and the catalogue, and
// check every line (billing/reconcile/reconcile.h). Not thread-safe per Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/reconcile/reconcile.h"
#include "store/store.h"

namespace vardavtal {

// A specification addressed to another region than the buyer reconciling
// (docs/reconcile.md#input: the addressee's check): nothing is reconciled.
// what() is English (the API's error), `swedish` the same for people.
class MisaddressedSpecError : public SpecReadError {
 public:
  using SpecReadError::SpecReadError;
};

// Reads every file (SpecReadError before anything is checked), refuses them
// all with MisaddressedSpecError when one is addressed to another region
// (unless `force`), gathers the residents and referrals (from the files when
// given, else the database) and the buyer's catalogue, and reconciles. Shared
// by the CLI and the server. The report's `patients` lists every line's
// patient, for the caller's access log (store/access_log.h).
ReconcileReport run_reconcile(Store& store, const std::string& buyer,
                              const std::vector<std::string>& files,
                              const std::optional<std::string>& residents_file,
                              const std::optional<std::string>& referrals_file,
                              bool force = false);

}  // namespace vardavtal
