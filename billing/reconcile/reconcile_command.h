// `vardavtal reconcile --buyer B --spec FILE...`: the purchaser's check of
// received specifications (docs/reconcile.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/args.h"
#include "billing/reconcile/reconcile.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kReconcileHelp;

// A specification addressed to another region than the buyer reconciling
// (docs/reconcile.md#input: the addressee's check): nothing is reconciled.
class MisaddressedSpecError : public SpecReadError {
 public:
  using SpecReadError::SpecReadError;
};

int cmd_reconcile(Store& store, const Args& args);

// Reads every file (SpecReadError before anything is checked), refuses them
// all with MisaddressedSpecError when one is addressed to another region
// (unless `force`), gathers the residents and referrals (from the files when
// given, else the database) and the buyer's catalogue, and reconciles. Shared
// by the CLI and the server.
ReconcileReport run_reconcile(Store& store, const std::string& buyer,
                              const std::vector<std::string>& files,
                              const std::optional<std::string>& residents_file,
                              const std::optional<std::string>& referrals_file,
                              bool force = false);
// The report as `reconcile --format json` writes it.
std::string reconcile_json(const ReconcileReport& report);

}  // namespace vardavtal
