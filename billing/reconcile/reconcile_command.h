// `vardavtal reconcile --buyer B --spec FILE...`: the purchaser's check of
// received specifications (billing-rules §7; docs/reconcile.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/args.h"
#include "billing/reconcile/reconcile.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kReconcileHelp;
int cmd_reconcile(Store& store, const Args& args);

// Reads every file (SpecReadError before anything is checked), gathers the
// residents and referrals (from the files when given, else the database) and
// the buyer's catalogue, and reconciles. Shared by the CLI and the server.
ReconcileReport run_reconcile(Store& store, const std::string& buyer,
                              const std::vector<std::string>& files,
                              const std::optional<std::string>& residents_file,
                              const std::optional<std::string>& referrals_file);
// The report as `reconcile --format json` writes it.
std::string reconcile_json(const ReconcileReport& report);

}  // namespace vardavtal
