// `vardavtal followup TABLE ...`: the annual follow-up tables.
#pragma once

#include <optional>
#include <string>

#include "billing/args.h"
#include "billing/followup/tables.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kFollowupHelp;
int cmd_followup(Store& store, const Args& args);

// One follow-up table by name (not "all"); `buyer` for bought and
// buyer-top-drg. UsageError for an unknown name or a missing option.
FollowupTable followup_table(Store& store, const std::string& name, const FollowupOptions& o,
                             const std::optional<std::string>& buyer);

}  // namespace vardavtal
