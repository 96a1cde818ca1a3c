// `vardavtal reconcile --buyer B --spec FILE...`: the purchaser's check of
// received specifications (docs/reconcile.md).
#pragma once

#include <string>

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kReconcileHelp;

int cmd_reconcile(Store& store, const Args& args);

}  // namespace vardavtal
