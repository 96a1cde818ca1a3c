#include "store/audit.h"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "store/token_store.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {
std::string digest_of(const std::string& previous, const AuditEntry& e) {
  return sha256_hex(previous + "\n" + std::to_string(e.id) + "\n" + e.at + "\n" + e.who + "\n" +
                    e.command + "\n" + e.detail);
}
}  // namespace

void append_audit(Store& store, const std::string& who, const std::string& command,
                  const std::string& detail) {
  WriteTransaction tr(store);
  long long last = 0;
  std::string previous;
  soci::indicator i_last = soci::i_null, i_prev = soci::i_null;
  store.sql() << "SELECT id, digest FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
      soci::into(last, i_last), soci::into(previous, i_prev);
  if (i_prev != soci::i_ok) previous.clear();
  AuditEntry e;
  e.id = (i_last == soci::i_ok ? last : 0) + 1;
  e.at = utc_now_iso();
  e.who = who;
  e.command = command;
  e.detail = detail;
  e.digest = digest_of(previous, e);
  long long id = e.id;
  store.sql() << "INSERT INTO audit_log (id, at, who, command, detail, digest) VALUES (:i, :a, "
                 ":w, :c, :d, :g)",
      soci::use(id), soci::use(e.at), soci::use(e.who), soci::use(e.command), soci::use(e.detail),
      soci::use(e.digest);
  tr.commit();
}

std::vector<AuditEntry> audit_entries(Store& store, const std::string& since) {
  std::vector<AuditEntry> out;
  AuditEntry e;
  long long id = 0;
  std::string from = since;
  soci::statement st = (store.sql().prepare << "SELECT id, at, who, command, detail, digest FROM "
                                               "audit_log WHERE at >= :s ORDER BY id",
                        soci::use(from), soci::into(id), soci::into(e.at), soci::into(e.who),
                        soci::into(e.command), soci::into(e.detail), soci::into(e.digest));
  st.execute();
  while (st.fetch()) {
    e.id = id;
    out.push_back(e);
  }
  return out;
}

std::vector<std::string> verify_audit(Store& store, size_t limit) {
  std::vector<std::string> out;
  std::string previous;
  int64_t expected = 1;
  for (const AuditEntry& e : audit_entries(store)) {
    if (out.size() >= limit) break;
    if (e.id != expected)
      out.push_back("audit row " + std::to_string(expected) + " is missing (next is " +
                    std::to_string(e.id) + ")");
    else if (e.digest != digest_of(previous, e))
      out.push_back("audit row " + std::to_string(e.id) +
                    " has been changed, or a row before it was (its digest does not chain)");
    expected = e.id + 1;
    previous = e.digest;
  }
  return out;
}

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return sha256_hex(
      std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
}

std::string os_user() {
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "uid " + std::to_string(getuid());
}

}  // namespace vardavtal
