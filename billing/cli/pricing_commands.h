// The pricing commands of the CLI: `price`, `subscription`, `explain`.
#pragma once

#include <string>

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kPriceHelp;
extern const char* const kSubscriptionHelp;
extern const char* const kExplainHelp;

int cmd_price(Store& store, const Args& args);
int cmd_subscription(Store& store, const Args& args);
int cmd_explain(Store& store, const Args& args);

}  // namespace vardavtal
