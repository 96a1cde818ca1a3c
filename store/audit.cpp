#include "store/audit.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "store/token_store.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {
std::string digest_of(const std::string& previous, const AuditEntry& e) {
  std::string fields = previous + "\n" + std::to_string(e.id) + "\n" + e.at + "\n" + e.who + "\n" +
                       e.command + "\n" + e.detail;
  // Rows before migration 017 (and every row that is not a read) hash as they did.
  if (!e.patients_digest.empty()) fields += "\n" + e.patients_digest;
  return sha256_hex(fields);
}

// The rows in order, with their patient digests.
std::vector<AuditEntry> read_entries(Store& store, const std::string& since) {
  std::vector<AuditEntry> out;
  AuditEntry e;
  long long id = 0;
  std::string from = since;
  soci::indicator i_patients = soci::i_null;
  soci::statement st =
      (store.sql().prepare << "SELECT id, at, who, command, detail, digest, patients_digest FROM "
                              "audit_log WHERE at >= :s ORDER BY id",
       soci::use(from), soci::into(id), soci::into(e.at), soci::into(e.who), soci::into(e.command),
       soci::into(e.detail), soci::into(e.digest), soci::into(e.patients_digest, i_patients));
  st.execute();
  while (st.fetch()) {
    e.id = id;
    if (i_patients != soci::i_ok) e.patients_digest.clear();
    out.push_back(e);
  }
  return out;
}

// The patient digest of each read whose ids are kept, by audit row.
std::map<int64_t, std::string> kept_patient_digests(Store& store) {
  std::map<int64_t, std::string> out;
  long long id = 0, current = -1;
  std::string patient;
  std::vector<std::string> ids;
  soci::statement st = (store.sql().prepare << "SELECT audit_id, patient_id FROM audit_patients "
                                               "ORDER BY audit_id",
                        soci::into(id), soci::into(patient));
  st.execute();
  auto flush = [&] {
    if (current >= 0) out[current] = patients_digest(std::move(ids));
    ids.clear();
  };
  while (st.fetch()) {
    if (id != current) flush();
    current = id;
    ids.push_back(patient);
  }
  flush();
  return out;
}

// A field as the chain hashes it: no line break (the digest joins the
// fields with "\n", so that none can pass for a field boundary).
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

bool has_line_break(const AuditEntry& e) {
  for (const std::string* f : {&e.at, &e.who, &e.command, &e.detail, &e.patients_digest})
    if (f->find_first_of("\r\n") != std::string::npos) return true;
  return false;
}

// A prune row's cutoff (access_log.cpp writes "patient lists of reads before
// YYYY-MM-DD removed: ..."); empty for other rows.
std::string prune_cutoff(const AuditEntry& e) {
  static const std::string prefix = "patient lists of reads before ";
  if (e.command != "prune" || e.detail.rfind(prefix, 0) != 0) return "";
  return e.detail.substr(prefix.size(), 10);
}
}  // namespace

std::string patients_digest(std::vector<std::string> patients) {
  std::sort(patients.begin(), patients.end());
  patients.erase(std::unique(patients.begin(), patients.end()), patients.end());
  std::string text;
  for (const std::string& p : patients) text += p + "\n";
  return sha256_hex(text);
}

void append_audit_row(Store& store, const std::string& who, const std::string& command,
                      const std::string& detail, const std::vector<std::string>& patients,
                      const std::string& at) {
  // "vaudit" in ASCII: another key than the run lock's.
  if (!store.is_sqlite()) store.sql() << "SELECT pg_advisory_xact_lock(130160953420148)";
  long long last = 0;
  std::string previous;
  soci::indicator i_last = soci::i_null, i_prev = soci::i_null;
  store.sql() << "SELECT id, digest FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
      soci::into(last, i_last), soci::into(previous, i_prev);
  if (i_prev != soci::i_ok) previous.clear();
  AuditEntry e;
  e.id = (i_last == soci::i_ok ? last : 0) + 1;
  e.at = at.empty() ? utc_now_iso() : at;
  e.who = one_line(who);
  e.command = one_line(command);
  e.detail = one_line(detail);
  if (!patients.empty()) e.patients_digest = patients_digest(patients);
  e.digest = digest_of(previous, e);
  long long id = e.id;
  soci::indicator i_patients = patients.empty() ? soci::i_null : soci::i_ok;
  store.sql() << "INSERT INTO audit_log (id, at, who, command, detail, digest, patients_digest) "
                 "VALUES (:i, :a, :w, :c, :d, :g, :p)",
      soci::use(id), soci::use(e.at), soci::use(e.who), soci::use(e.command), soci::use(e.detail),
      soci::use(e.digest), soci::use(e.patients_digest, i_patients);
  if (patients.empty()) return;
  std::vector<std::string> ids = patients;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<long long> audit_ids(ids.size(), id);
  store.sql() << "INSERT INTO audit_patients (audit_id, patient_id) VALUES (:a, :p)",
      soci::use(audit_ids), soci::use(ids);
}

void append_audit(Store& store, const std::string& who, const std::string& command,
                  const std::string& detail) {
  WriteTransaction tr(store);
  append_audit_row(store, who, command, detail);
  tr.commit();
}

std::vector<AuditEntry> audit_entries(Store& store, const std::string& since) {
  return read_entries(store, since);
}

std::vector<Phrase> verify_audit(Store& store, size_t limit) {
  std::vector<Phrase> out;
  const std::vector<AuditEntry> entries = read_entries(store, "");
  const std::map<int64_t, std::string> kept = kept_patient_digests(store);
  // The latest cutoff of a prune after each row: its read may have lost its ids.
  std::vector<std::string> pruned_before(entries.size() + 1);
  for (size_t i = entries.size(); i-- > 0;)
    pruned_before[i] = std::max(pruned_before[i + 1], prune_cutoff(entries[i]));
  std::string previous;
  int64_t expected = 1;
  for (size_t i = 0; i < entries.size() && out.size() < limit; ++i) {
    const AuditEntry& e = entries[i];
    if (e.id != expected)
      out.emplace_back("audit row " + std::to_string(expected) + " is missing (next is " +
                           std::to_string(e.id) + ")",
                       "granskningsrad " + std::to_string(expected) + " saknas (nästa är " +
                           std::to_string(e.id) + ")");
    else if (e.digest != digest_of(previous, e) || has_line_break(e))
      out.emplace_back("audit row " + std::to_string(e.id) +
                           " has been changed, or a row before it was (its digest does not chain)",
                       "granskningsrad " + std::to_string(e.id) +
                           " har ändrats, eller en rad före den (dess kontrollsumma hänger inte "
                           "ihop med kedjan)");
    else if (e.command == "read" && e.patients_digest.empty())
      out.emplace_back(
          "audit row " + std::to_string(e.id) + " is a read without its patients",
          "granskningsrad " + std::to_string(e.id) + " är en läsning utan sina patienter");
    else if (!e.patients_digest.empty()) {
      auto it = kept.find(e.id);
      const bool pruned = it == kept.end() && e.at < pruned_before[i + 1];
      if (!pruned && (it == kept.end() || it->second != e.patients_digest))
        out.emplace_back("audit row " + std::to_string(e.id) +
                             ": the patients of this read have been changed or removed",
                         "granskningsrad " + std::to_string(e.id) +
                             ": patienterna i denna läsning har ändrats eller tagits bort");
    }
    expected = e.id + 1;
    previous = e.digest;
  }
  std::set<int64_t> reads;
  for (const AuditEntry& e : entries)
    if (!e.patients_digest.empty()) reads.insert(e.id);
  for (const auto& [id, digest] : kept)
    if (out.size() < limit && !reads.count(id))
      out.emplace_back(
          "audit_patients rows of audit row " + std::to_string(id) + " belong to no read",
          "patientrader (audit_patients) för granskningsrad " + std::to_string(id) +
              " hör inte till någon läsning");
  return out;
}

std::string os_user() {
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "uid " + std::to_string(getuid());
}

}  // namespace vardavtal
