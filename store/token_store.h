// API tokens (docs/server.md): who may see what through the server. A token
// is 32 random bytes (hex, prefixed "vdt_"), shown once; the store keeps only
// its SHA-256. Not thread-safe per Store; each server worker has its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace vardavtal {

enum class Role { admin, seller, buyer };
std::string_view to_string(Role r);

// Who a token speaks for: admin (party empty), seller:HOSPITAL or buyer:COUNTY.
struct Principal {
  std::string name;  // the token's name, for logs
  Role role = Role::admin;
  std::string party;
  std::string expires_at;  // ISO UTC; empty: never (set by authenticate)
};

// Parses "admin", "seller:AS" or "buyer:17"; nullopt for anything else.
std::optional<Principal> parse_role(std::string_view text);

struct TokenInfo {
  std::string name, role, party, created_at, revoked_at;  // revoked_at empty: active
  std::string expires_at;    // empty: never (a token made before expiry existed)
  std::string last_used_at;  // empty: never used
};

// How long a new or rotated token lives by default.
inline constexpr int kTokenDaysDefault = 365;

// "90d", "12w" or "1y" as days (1..3650); nullopt for anything else.
std::optional<int> parse_token_lifetime(std::string_view text);

// Creates a token for `who` (its name must be new: std::invalid_argument
// otherwise) that expires after `days`, and returns the token, which is not
// stored.
std::string create_token(Store& store, const Principal& who, int days = kTokenDaysDefault);
// The active token's principal; nullopt for an unknown, revoked or expired
// token. Records the use (at most once a minute per token; a use that would
// wait for a writer is not recorded).
std::optional<Principal> authenticate(Store& store, std::string_view token);
// Revokes the named token; false when there is no active token of that name.
bool revoke_token(Store& store, const std::string& name);
// A new token in place of the named active one (the old one stops working at
// once), with the same name and role, expiring after `days`; nullopt when
// there is no active token of that name.
std::optional<std::string> rotate_token(Store& store, const std::string& name,
                                        int days = kTokenDaysDefault);
std::vector<TokenInfo> list_tokens(Store& store);

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
// The same of a file's bytes, read in 1 MiB chunks (as the audit trail
// records imported and restored files).
std::string file_sha256(const std::string& path);

}  // namespace vardavtal
