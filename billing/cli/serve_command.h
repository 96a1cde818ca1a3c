// `vardavtal serve` and `vardavtal token ...` (docs/server.md).
#pragma once

#include <string>

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kServeHelp;
extern const char* const kTokenHelp;
// `db` is the database the server's threads open.
int cmd_serve(const std::string& db, const Args& args);
int cmd_token(Store& store, const Args& args);

}  // namespace vardavtal
