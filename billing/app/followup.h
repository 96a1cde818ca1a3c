// The follow-up tables as the CLI's `followup` and the server's
// /api/followup ask for them: by name, with the seller, buyer and year checked
// against the database first (billing/app/resolve.h). Not thread-safe per Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/app/usage_error.h"
#include "billing/followup/tables.h"
#include "store/store.h"

namespace vardavtal {

// One follow-up table by name (not "all"); `buyer` for bought and
// buyer-top-drg. UsageError for an unknown name or a missing option.
FollowupTable followup_table(Store& store, const std::string& name, const FollowupOptions& o,
                             const std::optional<std::string>& buyer);

// `followup all`: the seller's tables (invoiced restated with LPIK unless
// another index is given), `commitment` when the seller's agreement of the
// year has one, and one top-10 table per buyer region; the options are
// checked as above. The buyers' tables (bought, referred) are not the
// seller's: they have their own --buyer.
std::vector<FollowupTable> all_tables(Store& store, const FollowupOptions& o);

}  // namespace vardavtal
