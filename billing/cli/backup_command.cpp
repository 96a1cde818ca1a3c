#include "billing/cli/backup_command.h"

#include <boost/json.hpp>
#include <iostream>

#include "billing/text/text_table.h"
#include "importers/csv_writer.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/ledger_store.h"
#include "store/run_lock.h"

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
  const std::vector<std::string> problems = LedgerStore(store).verify();
  if (problems.empty()) {
    std::cout << what << ": verify OK\n";
    return true;
  }
  for (const std::string& p : problems) std::cout << what << ": " << p << "\n";
  return false;
}
}  // namespace

int cmd_backup(Store& store, const Args& a) {
  const std::optional<std::string> out = a.get("--out");
  if (!out) throw UsageError("backup needs --out FILE");
  store.require_schema();
  const long long pages = backup_sqlite(store, *out);
  std::cout << "backup: " << pages << " pages -> " << *out << "\n";
  Store copy(*out, OpenMode::existing);
  copy.require_schema();
  return verified(copy, *out) ? 0 : 1;
}

int cmd_restore(Store& store, const Args& a) {
  if (a.positional.size() != 1) throw UsageError("restore needs one FILE");
  const std::string& file = a.positional[0];
  {
    Store copy(file, OpenMode::existing);
    copy.require_schema();
    if (copy.schema_version() != store.schema_version())
      throw StoreError(file + " has schema version " + std::to_string(copy.schema_version()) +
                       ", this database " + std::to_string(store.schema_version()) +
                       "; run 'vardavtal --db " + file + " init' on a copy first");
    if (!verified(copy, file)) {
      std::cout << "restore refused: " << file << " does not pass verify\n";
      return 1;
    }
  }
  RunLock lock(store, "restore");
  restore_sqlite(store, file);
  std::cout << "restored " << file << "\n";
  // Into the restored database's own trail, chained to its rows.
  append_audit(store, os_user(), "restore",
               file + " sha256 " + file_sha256(file));
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
    throw UsageError("--since takes YYYY-MM-DD, not '" + since + "'");
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

}  // namespace vardavtal
