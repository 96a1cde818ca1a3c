#include "store/token_store.h"

#include <openssl/evp.h>
#include <sys/random.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/date.h"
#include "core/error_text.h"

namespace vardavtal {

namespace {
std::string hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[p[i] >> 4]);
    out.push_back(digits[p[i] & 15]);
  }
  return out;
}
}  // namespace

std::string_view to_string(Role r) {
  switch (r) {
    case Role::admin:
      return "admin";
    case Role::seller:
      return "seller";
    case Role::buyer:
      return "buyer";
  }
  return "?";
}

std::optional<Principal> parse_role(std::string_view text) {
  Principal p;
  if (text == "admin") return p;
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size()) return std::nullopt;
  const std::string_view kind = text.substr(0, colon);
  if (kind == "seller")
    p.role = Role::seller;
  else if (kind == "buyer")
    p.role = Role::buyer;
  else
    return std::nullopt;
  p.party = std::string(text.substr(colon + 1));
  return p;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return hex(digest, n);
}

std::string file_sha256(const std::string& path) {
  // In 1 MiB chunks: no copy of the file in memory (an import's file may be
  // gigabytes), and no character-by-character reading.
  std::ifstream in(path, std::ios::binary);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0 &&
        EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount())) != 1)
      throw std::runtime_error("SHA-256 failed");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &n) != 1) throw std::runtime_error("SHA-256 failed");
  return hex(digest, n);
}

std::optional<int> parse_token_lifetime(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const int per = unit == 'd' ? 1 : unit == 'w' ? 7 : unit == 'y' ? 365 : 0;
  int n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9' || n > 10000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (per == 0 || n == 0 || n * per > 3650) return std::nullopt;
  return n * per;
}

namespace {
std::string new_token() {
  unsigned char bytes[32];
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t r = getrandom(bytes + got, sizeof bytes - got, 0);
    if (r < 0) throw std::runtime_error("getrandom failed");
    got += static_cast<size_t>(r);
  }
  return "vdt_" + hex(bytes, sizeof bytes);
}

// UTC now plus `seconds`, ISO: what expiry and last use compare with.
std::string utc_iso_in(long long seconds) {
  auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
           std::chrono::seconds(seconds);
  return date::format("%FT%TZ", t);
}

// Records a use, at most once a minute, never waiting for a writer: on
// SQLite with no busy timeout for this statement (a busy database skips it).
void record_use(Store& store, const std::string& name) {
  std::string n = name, now = utc_iso_in(0), minute_ago = utc_iso_in(-60);
  const bool sqlite = store.is_sqlite();
  try {
    if (sqlite) store.sql() << "PRAGMA busy_timeout=0";
    store.sql() << "UPDATE api_tokens SET last_used_at = :t WHERE name = :n AND (last_used_at IS "
                   "NULL OR last_used_at < :m)",
        soci::use(now), soci::use(n), soci::use(minute_ago);
  } catch (const soci::soci_error& e) {
    // Busy: the next use records it. A session lost is not: the request
    // would go on on a dead session.
    const std::optional<DatabaseTrouble> trouble = database_trouble(e);
    if (trouble && trouble->kind == DatabaseTrouble::Kind::connection_lost) throw *trouble;
  }
  if (sqlite) store.sql() << "PRAGMA busy_timeout=30000";
}
}  // namespace

std::string create_token(Store& store, const Principal& who, int days) {
  store.require_schema();
  const std::string token = new_token();
  long long exists = 0;
  std::string name = who.name, role(to_string(who.role)), party = who.party;
  store.sql() << "SELECT count(*) FROM api_tokens WHERE name = :n", soci::use(name),
      soci::into(exists);
  if (exists)
    throw BadArgument("a token named '" + name + "' exists already",
                      "det finns redan en token med namnet '" + name + "'");
  std::string hash = sha256_hex(token), now = utc_now_iso(),
              expires = utc_iso_in(86400LL * days);
  store.sql() << "INSERT INTO api_tokens (name, role, party, token_hash, created_at, expires_at) "
                 "VALUES (:n, :r, :p, :h, :c, :e)",
      soci::use(name), soci::use(role), soci::use(party), soci::use(hash), soci::use(now),
      soci::use(expires);
  return token;
}

std::optional<std::string> rotate_token(Store& store, const std::string& name, int days) {
  store.require_schema();
  const std::string token = new_token();
  std::string n = name, hash = sha256_hex(token), expires = utc_iso_in(86400LL * days);
  soci::statement st = (store.sql().prepare << "UPDATE api_tokens SET token_hash = :h, "
                                               "expires_at = :e, last_used_at = NULL WHERE name "
                                               "= :n AND revoked_at IS NULL",
                        soci::use(hash), soci::use(expires), soci::use(n));
  st.execute(true);
  if (st.get_affected_rows() == 0) return std::nullopt;
  return token;
}

std::optional<Principal> authenticate(Store& store, std::string_view token) {
  if (token.size() != 68 || token.substr(0, 4) != "vdt_") return std::nullopt;
  std::string hash = sha256_hex(token), now = utc_now_iso(), name, role, party, expires;
  soci::indicator has_expiry = soci::i_null;
  store.sql() << "SELECT name, role, party, expires_at FROM api_tokens WHERE token_hash = :h AND "
                 "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)",
      soci::use(hash), soci::use(now), soci::into(name), soci::into(role), soci::into(party),
      soci::into(expires, has_expiry);
  if (!store.sql().got_data()) return std::nullopt;
  auto p = parse_role(role == "admin" ? role : role + ":" + party);
  if (!p) return std::nullopt;
  p->name = name;
  if (has_expiry == soci::i_ok) p->expires_at = expires;
  record_use(store, name);
  return p;
}

bool revoke_token(Store& store, const std::string& name) {
  store.require_schema();
  std::string n = name, now = utc_now_iso();
  soci::statement st = (store.sql().prepare << "UPDATE api_tokens SET revoked_at = :t WHERE name "
                                               "= :n AND revoked_at IS NULL",
                        soci::use(now), soci::use(n));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<TokenInfo> list_tokens(Store& store) {
  store.require_schema();
  std::vector<TokenInfo> out;
  TokenInfo t;
  soci::indicator ind = soci::i_null, i_exp = soci::i_null, i_used = soci::i_null;
  soci::statement st =
      (store.sql().prepare << "SELECT name, role, party, created_at, revoked_at, expires_at, "
                              "last_used_at FROM api_tokens ORDER BY name",
       soci::into(t.name), soci::into(t.role), soci::into(t.party), soci::into(t.created_at),
       soci::into(t.revoked_at, ind), soci::into(t.expires_at, i_exp),
       soci::into(t.last_used_at, i_used));
  st.execute();
  while (st.fetch()) {
    if (ind != soci::i_ok) t.revoked_at.clear();
    if (i_exp != soci::i_ok) t.expires_at.clear();
    if (i_used != soci::i_ok) t.last_used_at.clear();
    out.push_back(t);
  }
  return out;
}

}  // namespace vardavtal
