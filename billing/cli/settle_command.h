// The `settle` command of the CLI: the year-end settlement and volume
// commitment true-ups (billing/app/settle_run.h), printed per seller, buyer
// and kind.
#pragma once

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kSettleHelp;
int cmd_settle(Store& store, const Args& args);

}  // namespace vardavtal
