// `vardavtal reconcile --buyer B --spec FILE...`: the purchaser's check of
// received specifications (docs/reconcile.md).
#pragma once

#include <string>

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kReconcileHelp;
extern const char* const kDisputesHelp;
extern const char* const kDisputeHelp;

int cmd_reconcile(Store& store, const Args& args);
// `vardavtal disputes [--buyer B] [--seller S] [--status X] [--format F] [--out FILE]`.
int cmd_disputes(Store& store, const Args& args);
// `vardavtal dispute ID [--status S] [--comment TEXT]`.
int cmd_dispute(Store& store, const Args& args);

}  // namespace vardavtal
