#include "store/backup.h"

#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>

#include "store/native_handles.h"

namespace vardavtal {

namespace {

sqlite_api::sqlite3* native(Store& store) {
  if (!store.is_sqlite())
    throw StoreError(
        "backup and restore copy SQLite databases; for PostgreSQL use pg_dump and "
        "pg_restore (docs/backup.md)",
        "backup och restore kopierar SQLite-databaser; för PostgreSQL används pg_dump och "
        "pg_restore (docs/backup.md)");
  return sqlite_connection(store.sql());
}

// An open connection to `path` that closes itself.
struct Connection {
  sqlite_api::sqlite3* db = nullptr;
  Connection(const std::string& path, int flags) {
    if (sqlite_api::sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      const std::string why = db ? sqlite_api::sqlite3_errmsg(db) : "out of memory";
      sqlite_api::sqlite3_close(db);
      throw StoreError("cannot open " + path + ": " + why, "kan inte öppna " + path + ": " + why);
    }
    sqlite_api::sqlite3_busy_timeout(db, 30000);
  }
  ~Connection() { sqlite_api::sqlite3_close(db); }
};

// Copies `from` into `to` a few pages at a time; the number of pages.
long long copy(sqlite_api::sqlite3* to, sqlite_api::sqlite3* from, const std::string& what,
               const std::string& what_sv) {
  sqlite_api::sqlite3_backup* b = sqlite_api::sqlite3_backup_init(to, "main", from, "main");
  if (!b)
    throw StoreError(what + ": " + sqlite_api::sqlite3_errmsg(to),
                     what_sv + ": " + sqlite_api::sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    rc = sqlite_api::sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite_api::sqlite3_sleep(10);
  }
  const long long pages = sqlite_api::sqlite3_backup_pagecount(b);
  sqlite_api::sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    throw StoreError(what + ": " + sqlite_api::sqlite3_errstr(rc),
                     what_sv + ": " + sqlite_api::sqlite3_errstr(rc));
  return pages;
}

}  // namespace

long long backup_sqlite(Store& store, const std::string& path) {
  sqlite_api::sqlite3* from = native(store);
  if (std::filesystem::exists(path))
    throw StoreError(path + " exists; choose a new file", path + " finns redan; välj en ny fil");
  long long pages = 0;
  try {
    Connection to(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    pages = copy(to.db, from, "backup to " + path, "säkerhetskopia till " + path);
  } catch (...) {
    std::filesystem::remove(path);  // no partial copy left behind
    throw;
  }
  return pages;
}

void restore_sqlite(Store& store, const std::string& path) {
  sqlite_api::sqlite3* to = native(store);
  Connection from(path, SQLITE_OPEN_READONLY);
  copy(to, from.db, "restore from " + path, "återställning från " + path);
}

}  // namespace vardavtal
