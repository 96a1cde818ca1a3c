#include "billing/cli/backup_command.h"

#include <boost/json.hpp>
#include <iostream>

#include "billing/text/text_table.h"
#include "core/codes.h"
#include "importers/csv_writer.h"
#include "store/access_log.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/ledger_store.h"
#include "store/run_lock.h"
#include "store/token_store.h"

namespace vardavtal {

const char* const kBackupHelp =
    "usage: vardavtal [--db PATH] backup --out FILE\n"
    "\n"
    "Copies the SQLite database to FILE (a new file) with SQLite's online backup,\n"
    "while the server and other commands go on, then runs verify on the copy. Exit\n"
    "status 1 when the copy fails verify. PostgreSQL: use pg_dump (docs/backup.md).\n";

const char* const kRestoreHelp =
    "usage: vardavtal [--db PATH] restore FILE\n"
    "\n"
    "Puts the backup FILE back in place of the SQLite database, after checking that\n"
    "it has this build's schema and passes verify; refused while a bill or settle\n"
    "runs. Then runs verify on the restored database. PostgreSQL: use pg_restore\n"
    "(docs/backup.md).\n";

namespace {
// verify's findings on `store`, printed under `what`; true when none.
bool verified(Store& store, const std::string& what) {
  const std::vector<Phrase> problems = LedgerStore(store).verify();
  if (problems.empty()) {
    std::cout << what << ": verify OK\n";
    return true;
  }
  for (const Phrase& p : problems) std::cout << what << ": " << p.sv << "\n";
  return false;
}
}  // namespace

int cmd_backup(Store& store, const Args& a) {
  const std::optional<std::string> out = a.get("--out");
  if (!out) throw UsageError("backup needs --out FILE", "backup behöver --out FIL");
  store.require_schema();
  const long long pages = backup_sqlite(store, *out);
  std::cout << "backup: " << pages << " pages -> " << *out << "\n";
  Store copy(*out, OpenMode::existing);
  copy.require_schema();
  const bool ok = verified(copy, *out);
  // A copy of every patient's data: in the trail of the database copied.
  append_audit(store, os_user(), "backup", *out + " (" + std::to_string(pages) + " pages)");
  return ok ? 0 : 1;
}

int cmd_restore(Store& store, const Args& a) {
  if (a.positional.size() != 1)
    throw UsageError("restore needs one FILE", "restore behöver en FIL");
  const std::string& file = a.positional[0];
  {
    Store copy(file, OpenMode::existing);
    copy.require_schema();
    if (copy.schema_version() != store.schema_version())
      throw StoreError(file + " has schema version " + std::to_string(copy.schema_version()) +
                           ", this database " + std::to_string(store.schema_version()) +
                           "; run 'vardavtal --db " + file + " init' on a copy first",
                       file + " har schemaversion " + std::to_string(copy.schema_version()) +
                           ", den här databasen " + std::to_string(store.schema_version()) +
                           "; kör först 'vardavtal --db " + file + " init' på en kopia");
    if (!verified(copy, file)) {
      std::cout << "restore nekad: " << file << " klarar inte verify\n";
      return 1;
    }
  }
  RunLock lock(store, "restore");
  // The trail it replaces, named in the restored one: the rows after the
  // backup (changes and reads) are not lost without a trace.
  const std::vector<AuditEntry> replaced = audit_entries(store);
  restore_sqlite(store, file);
  std::cout << "restored " << file << "\n";
  // Into the restored database's own trail, chained to its rows.
  append_audit(store, os_user(), "restore",
               file + " sha256 " + file_sha256(file) + "; replaced a trail of " +
                   std::to_string(replaced.size()) + " rows" +
                   (replaced.empty() ? std::string()
                                     : " ending in row " + std::to_string(replaced.back().id) +
                                           " digest " + replaced.back().digest));
  return verified(store, "restored database") ? 0 : 1;
}

const char* const kAuditHelp =
    "usage: vardavtal [--db PATH|URL] audit [--since YYYY-MM-DD] [--format table|csv|json]\n"
    "\n"
    "The audit trail: every change of the database (import of a file with its\n"
    "SHA-256, bill, settle, token create/rotate/revoke, restore, init), when, by\n"
    "which OS user, and what changed. Rows are chained by digests; verify checks\n"
    "the chain (docs/audit.md).\n";

int cmd_audit(Store& store, const Args& a) {
  const Format format = format_of(a);
  std::string since = a.get("--since").value_or("");
  if (!since.empty() && !parse_iso_date(since))
    throw UsageError("--since takes YYYY-MM-DD, not '" + since + "'",
                     "--since ska vara ÅÅÅÅ-MM-DD, inte '" + since + "'");
  store.require_schema();
  const std::vector<AuditEntry> rows = audit_entries(store, since);
  if (format == Format::json) {
    boost::json::array arr;
    for (const AuditEntry& e : rows)
      arr.push_back({{"id", e.id}, {"at", e.at}, {"who", e.who}, {"command", e.command},
                     {"detail", e.detail}, {"digest", e.digest}});
    std::cout << boost::json::serialize(arr) << "\n";
  } else if (format == Format::csv) {
    CsvWriter w(stdout, {"id", "at", "who", "command", "detail", "digest"});
    for (const AuditEntry& e : rows)
      w.field(e.id).field(e.at).field(e.who).field(e.command).field(e.detail).field(e.digest).end_row();
  } else {
    TextTable t({">id", "at", "who", "command", "detail"});
    for (const AuditEntry& e : rows) t.add({std::to_string(e.id), e.at, e.who, e.command, e.detail});
    std::cout << t.render();
  }
  return 0;
}

const char* const kAccessLogHelp =
    "usage: vardavtal [--db PATH|URL] access-log --patient ID [--since YYYY-MM-DD]\n"
    "                                           [--format table|csv|json]\n"
    "       vardavtal [--db PATH|URL] access-log --prune-before YYYY-MM-DD\n"
    "\n"
    "Who has seen a patient's data (Patientdatalagen 4 kap. 3 §; docs/audit.md):\n"
    "every read of patient-level data through the CLI (invoice, explain, price,\n"
    "reconcile, bill's held records) or the server (invoice lines and documents,\n"
    "explain, reconcile, bill preview), when, by whom (OS user or token) and\n"
    "through which command or route, with how many patients it showed. The\n"
    "question is itself logged as a read of that patient.\n"
    "\n"
    "--prune-before removes the patient ids of reads before the date (the\n"
    "region's retention period; nothing is removed otherwise). The reads stay in\n"
    "the audit trail, so verify still checks the chain.\n";

int cmd_access_log(Store& store, const Args& a) {
  store.require_schema();
  if (auto before = a.get("--prune-before")) {
    if (!parse_iso_date(*before))
      throw UsageError("--prune-before takes YYYY-MM-DD, not '" + *before + "'",
                       "--prune-before ska vara ÅÅÅÅ-MM-DD, inte '" + *before + "'");
    const PruneResult r = prune_access_log(store, os_user(), *before);
    std::cout << "removed the patient ids of " << r.reads << " reads before " << *before << " ("
              << r.patients << " entries)\n";
    return 0;
  }
  const Format format = format_of(a);
  const auto raw = a.get("--patient");
  if (!raw)
    throw UsageError("access-log needs --patient ID (or --prune-before DATE)",
                     "access-log behöver --patient ID (eller --prune-before DATUM)");
  Phrase why{"", ""};
  // Never echoed: a patient id stays out of error messages.
  const std::optional<std::string> patient = normalize_patient_id(*raw, &why);
  if (!patient)
    throw UsageError("--patient takes a personnummer, samordningsnummer or pseudonym",
                     "--patient ska vara ett personnummer, samordningsnummer eller en pseudonym");
  const std::string since = a.get("--since").value_or("");
  if (!since.empty() && !parse_iso_date(since))
    throw UsageError("--since takes YYYY-MM-DD, not '" + since + "'",
                     "--since ska vara ÅÅÅÅ-MM-DD, inte '" + since + "'");
  const std::vector<AccessEntry> rows = access_log(store, *patient, since);
  log_patient_read(store, os_user(), "access-log", {*patient});
  if (format == Format::json) {
    boost::json::array arr;
    for (const AccessEntry& e : rows)
      arr.push_back({{"audit_id", e.audit_id},
                     {"at", e.at},
                     {"who", e.who},
                     {"what", e.what},
                     {"patients", e.patients}});
    std::cout << boost::json::serialize(arr) << "\n";
  } else if (format == Format::csv) {
    CsvWriter w(stdout, {"audit_id", "at", "who", "what", "patients"});
    for (const AccessEntry& e : rows)
      w.field(e.audit_id).field(e.at).field(e.who).field(e.what).field(e.patients).end_row();
  } else {
    TextTable t({">audit row", "at", "who", "what", ">patients"});
    for (const AccessEntry& e : rows)
      t.add({std::to_string(e.audit_id), e.at, e.who, e.what, std::to_string(e.patients)});
    std::cout << t.render();
  }
  return 0;
}

}  // namespace vardavtal
