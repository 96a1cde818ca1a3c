// `vardavtal followup TABLE ...`: the annual follow-up tables.
#pragma once

#include <string>

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kFollowupHelp;
int cmd_followup(Store& store, const Args& args);

}  // namespace vardavtal
