#include "billing/cli/serve_command.h"

#include <cstdlib>
#include <iostream>
#include <thread>

#include "billing/app/resolve.h"
#include "billing/server/server.h"
#include "billing/text/text_table.h"
#include "store/audit.h"
#include "store/token_store.h"
#include "store/write_transaction.h"

namespace vardavtal {

const char* const kServeHelp =
    "usage: vardavtal [--db PATH|URL] serve [--listen ADDRESS:PORT] [--threads N]\n"
    "                 [--read-timeout SECONDS] [--body-limit BYTES]\n"
    "                 [--header-timeout SECONDS] [--max-connections N] [--max-per-client N]\n"
    "\n"
    "Serves the JSON API and the web page over HTTP/1.1 (docs/server.md). Default\n"
    "--listen $VARDAVTAL_LISTEN, else 127.0.0.1:8080 (port 0: any free port),\n"
    "--threads 2 network threads and as many database threads, --body-limit\n"
    "10 MiB for an upload. As a systemd service: docs/operations.md.\n"
    "Every API route but /api/health needs a token ('vardavtal token create'),\n"
    "checked with the route's access before any body is read.\n"
    "Limits: a request's first bytes must come within --header-timeout (2 s) and\n"
    "its header within as long again; its body within --read-timeout (10 s).\n"
    "At most --max-connections (1000) connections, --max-per-client (64) from one\n"
    "address; at the cap, the connection waiting longest for its first bytes is\n"
    "closed to make room. The last 5 % of the connections serve only /api/health\n"
    "and valid tokens (others get 503). SIGTERM or SIGINT stops it after the\n"
    "requests in flight. It prints 'listening on ADDRESS:PORT' on stdout and logs\n"
    "one line per request on stderr (no query strings, bodies or tokens).\n";

const char* const kTokenHelp =
    "usage: vardavtal [--db PATH|URL] token create --role admin|seller:HOSPITAL|buyer:COUNTY "
    "--name NAME\n"
    "                                  [--expires 90d|12w|1y]\n"
    "       vardavtal [--db PATH|URL] token list\n"
    "       vardavtal [--db PATH|URL] token rotate NAME [--expires 90d|12w|1y]\n"
    "       vardavtal [--db PATH|URL] token revoke NAME\n"
    "\n"
    "API tokens of the server. 'create' prints the token once, as the last line;\n"
    "only its SHA-256 is stored. A seller token sees that hospital's sales, a buyer\n"
    "token the invoices to that region and its own reconciliations, admin all.\n"
    "A token expires after --expires (default 1y, at most 10 years) and then\n"
    "answers 401; 'list' shows when each expires and was last used; 'rotate'\n"
    "replaces a token by a new one of the same name and role (the old one stops\n"
    "working at once) and prints it once.\n";

ListenAddress parse_listen(const std::optional<std::string>& option, const char* env,
                           const std::string& fallback) {
  std::string listen = fallback, from = "--listen";
  if (option) {
    listen = *option;
  } else if (env && *env) {
    listen = env;
    from = "VARDAVTAL_LISTEN";
  }
  const auto bad = [&] {
    return UsageError(from + " takes ADDRESS:PORT, not '" + listen + "'",
                      from + " ska vara ADRESS:PORT, inte '" + listen + "'");
  };
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) throw bad();
  ListenAddress out;
  out.address = listen.substr(0, colon);
  try {
    size_t used = 0;
    const int port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("");
    out.port = static_cast<unsigned short>(port);
  } catch (const std::exception&) {
    throw bad();
  }
  return out;
}

int cmd_serve(const std::string& db, const Args& a) {
  ServerOptions o;
  o.db = db;
  const ListenAddress listen = parse_listen(a.get("--listen"), std::getenv("VARDAVTAL_LISTEN"));
  o.address = listen.address;
  o.port = listen.port;
  o.threads = static_cast<int>(a.number("--threads", 2, 1, 256));
  o.read_timeout = std::chrono::milliseconds(a.number("--read-timeout", 10, 1, 3600) * 1000);
  o.body_limit = static_cast<size_t>(a.number("--body-limit", 10 << 20, 1024, 1LL << 30));
  o.header_timeout = std::chrono::milliseconds(a.number("--header-timeout", 2, 1, 3600) * 1000);
  o.max_connections = static_cast<size_t>(a.number("--max-connections", 1000, 1, 100000));
  o.max_per_client = static_cast<size_t>(a.number("--max-per-client", 64, 1, 100000));
  return run_server(o);
}

namespace {
// --expires: the token's lifetime in days (default one year).
int lifetime(const Args& a) {
  const std::optional<std::string> e = a.get("--expires");
  if (!e) return kTokenDaysDefault;
  const std::optional<int> days = parse_token_lifetime(*e);
  if (!days)
    throw UsageError(
        "--expires takes a lifetime such as 90d, 12w or 1y (at most 10 years), not '" + *e + "'",
        "--expires ska vara en livslängd som 90d, 12w eller 1y (högst 10 år), inte '" + *e + "'");
  return *days;
}
}  // namespace

int cmd_token(Store& store, const Args& a) {
  if (a.positional.empty())
    throw UsageError("token needs create, list, rotate or revoke",
                     "token behöver create, list, rotate eller revoke");
  const std::string& sub = a.positional[0];
  if (sub == "create") {
    auto role = a.get("--role");
    auto name = a.get("--name");
    if (!role || !name)
      throw UsageError("token create needs --role and --name",
                       "token create behöver --role och --name");
    auto who = parse_role(*role);
    if (!who)
      throw UsageError(
          "--role takes admin, seller:HOSPITAL or buyer:COUNTY, not '" + *role + "'",
          "--role ska vara admin, seller:SJUKHUS eller buyer:LÄN, inte '" + *role + "'");
    if (who->role == Role::seller) require_seller(store, who->party);
    if (who->role == Role::buyer) require_buyer(store, who->party);
    who->name = *name;
    // The token and its audit row commit together.
    WriteTransaction tr(store);
    const std::string token = create_token(store, *who, lifetime(a));
    append_audit_row(store, os_user(), "token", "created " + *name + " (" + *role + ")");
    tr.commit();
    std::cerr << "token '" << *name << "' (" << *role
              << ") skapad; den visas bara den här gången, spara den:\n";
    std::cout << token << "\n";
    return 0;
  }
  if (sub == "list") {
    TextTable t({"namn", "roll", "part", "skapad", "upphör", "senast använd", "återkallad"});
    for (const TokenInfo& i : list_tokens(store))
      t.add({i.name, i.role, i.party, i.created_at, i.expires_at.empty() ? "aldrig" : i.expires_at,
             i.last_used_at, i.revoked_at});
    std::cout << t.render();
    return 0;
  }
  if (sub == "revoke") {
    if (a.positional.size() != 2)
      throw UsageError("token revoke needs NAME", "token revoke behöver NAMN");
    WriteTransaction tr(store);
    if (!revoke_token(store, a.positional[1])) {
      std::cerr << "vardavtal: ingen aktiv token med namnet " << a.positional[1] << "\n";
      return 1;
    }
    append_audit_row(store, os_user(), "token", "revoked " + a.positional[1]);
    tr.commit();
    std::cout << "token '" << a.positional[1] << "' återkallad\n";
    return 0;
  }
  if (sub == "rotate") {
    if (a.positional.size() != 2)
      throw UsageError("token rotate needs NAME", "token rotate behöver NAMN");
    WriteTransaction tr(store);
    const std::optional<std::string> token = rotate_token(store, a.positional[1], lifetime(a));
    if (!token) {
      std::cerr << "vardavtal: ingen aktiv token med namnet " << a.positional[1] << "\n";
      return 1;
    }
    append_audit_row(store, os_user(), "token", "rotated " + a.positional[1]);
    tr.commit();
    std::cerr << "token '" << a.positional[1]
              << "' bytt: den gamla gäller inte längre; den nya visas bara den här gången, "
                 "spara den:\n";
    std::cout << *token << "\n";
    return 0;
  }
  throw UsageError("token needs create, list, rotate or revoke, not '" + sub + "'",
                   "token behöver create, list, rotate eller revoke, inte '" + sub + "'");
}

}  // namespace vardavtal
