// The pricing commands of the CLI: `price`, `subscription`, `explain`.
#pragma once

#include <optional>
#include <string>

#include "billing/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kPriceHelp;
extern const char* const kSubscriptionHelp;
extern const char* const kExplainHelp;

int cmd_price(Store& store, const Args& args);
int cmd_subscription(Store& store, const Args& args);
int cmd_explain(Store& store, const Args& args);

// `explain`'s text for one record of the seller (its latest version); nullopt
// when there is no such record.
std::optional<std::string> explain_record(Store& store, const std::string& seller,
                                          const std::string& record);

}  // namespace vardavtal
