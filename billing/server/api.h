// The server's JSON API (docs/server.md) as a plain function of a request:
// authentication by bearer token, access control by the token's role, and the
// same library calls as the CLI. No networking here, so it is tested directly
// and the HTTP layer (server.cpp) stays thin. One Store per calling thread.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "store/access_log.h"
#include "store/store.h"
#include "store/token_store.h"

namespace vardavtal {

struct ApiRequest {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query, as received
  std::string authorization;  // the Authorization header, may be empty
  std::string body;
  // Where an answer's read of patient data goes (docs/audit.md#access-log),
  // called before the answer is returned; it throws when the read cannot be
  // logged (the answer is then a 500). Empty: appended to the audit trail at
  // once. The server passes its PendingReads (pending_reads.h).
  std::function<void(Store&, const PatientRead&)> log_read = nullptr;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string filename;   // set: a download (Content-Disposition: attachment)
  std::string who = "-";  // the token's name for the log
  std::string detail;     // a 500's or 503's cause, for the log only (never sent)
  int retry_after = 0;    // seconds for Retry-After (a 503 that may pass soon); 0: none
};

// Who may make a request under /api/, decided from its header alone (method,
// target, Authorization; the body is ignored) so that no body is read for a
// request that will be refused. Never throws.
struct ApiAuthorization {
  bool allowed = false;
  std::optional<Principal> who;  // a valid token's principal (also when refused)
  ApiResponse refusal;           // the answer when not allowed
};
ApiAuthorization authorize_api(Store& store, const ApiRequest& header);

// Answers one authorized request under /api/ (a refusal is answered as is).
// Never throws: a bad parameter (an unknown seller or buyer code) is 400, an
// unknown or revoked token 401, someone else's data or a missing thing (a
// year without data) 404 (the same answer for both), a wrong method 405, a
// bug 500 (its cause only in `detail`); the body is then {"error": message}.
ApiResponse handle_api(Store& store, const ApiRequest& request, const ApiAuthorization& access);
// authorize_api, then handle_api: for a request whose body has been read.
ApiResponse handle_api(Store& store, const ApiRequest& request);

// {"error": message, "error_sv": message_sv} with a newline: every error body
// of the server (English for programs, Swedish for people).
std::string error_body(const std::string& message, const std::string& message_sv);

}  // namespace vardavtal
