// libFuzzer harness: the server's handling of one request, from its bytes on
// the wire to the answer, without sockets: Boost.Beast's request parser
// configured as `vardavtal serve` configures it (billing/server/server.cpp:
// header 16 KiB, body 10 MiB, 64 KiB unless the upload route), then the
// server's own target, token and route parsing and the API
// (billing/server/api.h) or a static file. The database is a temporary
// SQLite file with Norra's model (tests/e2e/models/norra) imported and billed, and
// three tokens; "@ADMIN@", "@SELLER@" and "@BUYER@" in the Authorization
// header stand for them, so that inputs reach past authentication. No answer
// may be a 500, and nothing may crash, leak or be undefined.
#include <stdlib.h>  // mkdtemp

#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "billing/app/billing_run.h"
#include "billing/app/import.h"
#include "billing/server/api.h"
#include "billing/server/web_assets.h"
#include "store/store.h"
#include "store/token_store.h"

namespace {

namespace http = boost::beast::http;
using namespace vardavtal;

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kUploadLimit = 10 * 1024 * 1024;  // ServerOptions::body_limit
constexpr std::size_t kSmallBodyLimit = 64 * 1024;

struct World {
  std::unique_ptr<Store> store;
  std::string admin, seller, buyer;
};

World& world() {
  static World* w = [] {
    auto* w = new World;
    // A file in a directory of its own (its journal and lock files beside
    // it), removed at exit.
    static std::string dir = "/tmp/vardavtal-http-fuzz-XXXXXX";
    if (!::mkdtemp(dir.data())) std::abort();
    std::atexit([] { std::filesystem::remove_all(dir); });
    w->store = std::make_unique<Store>(dir + "/fuzz.db");
    w->store->migrate();
    for (const auto& [kind, path] :
         files_in_directory(VARDAVTAL_SOURCE_DIR "/tests/e2e/models/norra")) {
      const FileImport r = import_file(*w->store, kind, path, ImportOptions{});
      if (!r.ok()) {
        std::fprintf(stderr, "fuzz set-up: %s\n", r.errors.report().c_str());
        std::abort();
      }
    }
    BillOptions bill;
    bill.through = Period(2021, 12);
    run_billing(*w->store, bill);
    w->admin = create_token(*w->store, Principal{"fuzz-admin", Role::admin, "", ""});
    w->seller = create_token(*w->store, Principal{"fuzz-seller", Role::seller, "NUS", ""});
    w->buyer = create_token(*w->store, Principal{"fuzz-buyer", Role::buyer, "25", ""});
    return w;
  }();
  return *w;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  http::request_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(kUploadLimit);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (used < size && !parser.is_done()) {
    const std::size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == http::error::need_more) {
      if (n == 0) break;  // an incomplete request: the server waits, then times out
      ec = {};
    }
    if (ec) return 0;  // 400/413/431 from the parser
    used += n;
  }
  if (!parser.is_header_done()) return 0;

  // As answer_request does.
  const auto& h = parser.get();
  const std::string target(h.target());
  const std::string path = target.substr(0, target.find('?'));
  const bool head = h.method() == http::verb::head;
  const bool api = path.rfind("/api/", 0) == 0;
  const bool upload = h.method() == http::verb::post && path == "/api/reconcile";
  const std::size_t body_limit = upload ? kUploadLimit : kSmallBodyLimit;
  if (parser.content_length() && *parser.content_length() > body_limit) return 0;  // 413
  if (!parser.is_done() && parser.get().body().size() > body_limit) return 0;
  if (!api) {
    (void)web_asset(path);
    return 0;
  }
  std::string authorization(h[http::field::authorization]);
  replace_all(authorization, "@ADMIN@", w.admin);
  replace_all(authorization, "@SELLER@", w.seller);
  replace_all(authorization, "@BUYER@", w.buyer);
  ApiRequest request{head ? "GET" : std::string(h.method_string()), target, authorization, {}};
  const ApiAuthorization access = authorize_api(*w.store, request);
  if (access.refusal.status == 500) __builtin_trap();
  if (!access.allowed) return 0;
  if (!parser.is_done()) return 0;  // the body never came: the server times out
  request.body = parser.release().body();
  const ApiResponse response = handle_api(*w.store, request, access);
  if (response.status == 500) {
    std::fprintf(stderr, "500 for %s %s: %s\n", request.method.c_str(), target.c_str(),
                 response.detail.c_str());
    __builtin_trap();
  }
  return 0;
}
