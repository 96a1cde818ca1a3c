#include "store/access_log.h"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "core/error_text.h"
#include "store/audit.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {
std::vector<std::string> distinct(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

void append_read_row(Store& store, const PatientRead& read) {
  const size_t n = distinct(read.patients).size();
  append_audit_row(store, read.who, "read",
                   read.what + ": " + std::to_string(n) + (n == 1 ? " patient" : " patients"),
                   read.patients, read.at);
}
}  // namespace

void log_patient_read(Store& store, const std::string& who, const std::string& what,
                      const std::vector<std::string>& patients) {
  append_patient_reads(store, {PatientRead{utc_now_iso(), who, what, patients}});
}

void append_patient_reads(Store& store, const std::vector<PatientRead>& reads) {
  if (std::none_of(reads.begin(), reads.end(),
                   [](const PatientRead& r) { return !r.patients.empty(); }))
    return;
  WriteTransaction tr(store);
  for (const PatientRead& r : reads)
    if (!r.patients.empty()) append_read_row(store, r);
  tr.commit();
}

bool try_log_patient_read(Store& store, const PatientRead& read) {
  if (read.patients.empty()) return true;
  if (!store.is_sqlite()) {
    append_patient_reads(store, {read});
    return true;
  }
  std::optional<WriteTransaction> tr;
  store.sql() << "PRAGMA busy_timeout=0";
  try {
    tr.emplace(store);  // BEGIN IMMEDIATE: fails at once while another writes
  } catch (const soci::soci_error&) {
    store.sql() << "PRAGMA busy_timeout=30000";
    return false;
  }
  store.sql() << "PRAGMA busy_timeout=30000";
  append_read_row(store, read);
  tr->commit();
  return true;
}

std::vector<std::string> patients_of_invoice(Store& store, const Invoice& invoice) {
  std::vector<std::string> out;
  std::string id, seller = invoice.seller, number = invoice.number;
  soci::statement st =
      (store.sql().prepare
           << "SELECT DISTINCT r.patient_id FROM postings p JOIN records r ON r.seller = "
              "p.seller AND r.record_id = p.record_id AND r.version = p.record_version WHERE "
              "p.seller = :s AND p.number = :n",
       soci::use(seller), soci::use(number), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<std::string> patients_of_records(Store& store, const std::string& seller,
                                             const std::vector<std::string>& record_ids) {
  std::vector<std::string> out;
  std::string s = seller, record, id;
  soci::statement st = (store.sql().prepare << "SELECT DISTINCT patient_id FROM records WHERE "
                                               "seller = :s AND record_id = :r",
                        soci::use(s), soci::use(record), soci::into(id));
  for (const std::string& r : distinct(record_ids)) {
    record = r;
    st.execute();
    while (st.fetch()) out.push_back(id);
  }
  return distinct(std::move(out));
}

std::vector<std::string> patients_of_held(Store& store, const std::vector<HeldRecord>& held) {
  std::map<std::string, std::vector<std::string>> by_seller;
  for (const HeldRecord& h : held) by_seller[h.seller].push_back(h.record_id);
  std::vector<std::string> out;
  for (const auto& [seller, records] : by_seller) {
    std::vector<std::string> p = patients_of_records(store, seller, records);
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

namespace {
std::vector<AccessEntry> access_log_rows(Store& store, const std::string& patient,
                                         const std::string& since) {
  std::vector<AccessEntry> out;
  AccessEntry e;
  long long id = 0;
  std::string p = patient, from = since, detail;
  soci::statement st =
      (store.sql().prepare << "SELECT a.id, a.at, a.who, a.detail FROM audit_patients x JOIN "
                              "audit_log a ON a.id = x.audit_id WHERE x.patient_id = :p AND "
                              "a.at >= :s ORDER BY a.id",
       soci::use(p), soci::use(from), soci::into(id), soci::into(e.at), soci::into(e.who),
       soci::into(detail));
  st.execute();
  while (st.fetch()) {
    e.audit_id = id;
    // The detail is "WHAT: N patient(s)" (log_patient_read).
    const size_t colon = detail.rfind(": ");
    e.what = detail.substr(0, colon);
    e.patients = colon == std::string::npos ? 0 : std::atoll(detail.c_str() + colon + 2);
    out.push_back(e);
  }
  return out;
}
}  // namespace

std::vector<AccessEntry> access_log(Store& store, const std::string& patient,
                                    const std::string& since) {
  try {
    return access_log_rows(store, patient, since);
  } catch (const soci::soci_error& e) {
    if (auto trouble = database_trouble(e)) throw *trouble;  // the server's line: no value
    // SOCI's message repeats the bound values: the patient id stays out of it.
    throw StoreError("the access log could not be read", "åtkomstloggen kunde inte läsas");
  }
}

PruneResult prune_access_log(Store& store, const std::string& who, const std::string& before) {
  // Retention removes the past only: a later cutoff would erase reads of
  // today, which no retention period allows.
  if (before > utc_now_iso().substr(0, 10))
    throw BadArgument("--prune-before " + before + " is after today",
                      "--prune-before " + before + " ligger efter i dag");
  WriteTransaction tr(store);
  PruneResult r;
  std::string cutoff = before;
  long long reads = 0, patients = 0;
  store.sql() << "SELECT count(DISTINCT x.audit_id), count(*) FROM audit_patients x JOIN "
                 "audit_log a ON a.id = x.audit_id WHERE a.at < :b",
      soci::use(cutoff), soci::into(reads), soci::into(patients);
  store.sql() << "DELETE FROM audit_patients WHERE audit_id IN (SELECT id FROM audit_log WHERE "
                 "at < :b)",
      soci::use(cutoff);
  r.reads = reads;
  r.patients = patients;
  // verify (audit.cpp, prune_cutoff) reads the date back from this wording.
  append_audit_row(store, who, "prune",
                   "patient lists of reads before " + before +
                       " removed: " + std::to_string(reads) + " reads, " +
                       std::to_string(patients) + " patient entries");
  tr.commit();
  return r;
}

}  // namespace vardavtal
