// `vardavtal serve` and `vardavtal token ...` (docs/server.md).
#pragma once

#include <optional>
#include <string>

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kServeHelp;
extern const char* const kTokenHelp;
// Where `serve` listens: --listen (`option`) when given, else $VARDAVTAL_LISTEN
// (`env`, when set and not empty), else `fallback`. A value that is not
// ADDRESS:PORT (port 0-65535) is a UsageError naming where it came from.
struct ListenAddress {
  std::string address;
  unsigned short port = 0;
};
ListenAddress parse_listen(const std::optional<std::string>& option, const char* env,
                           const std::string& fallback = "127.0.0.1:8080");
// `db` is the database the server's threads open.
int cmd_serve(const std::string& db, const Args& args);
int cmd_token(Store& store, const Args& args);

}  // namespace vardavtal
