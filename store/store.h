// Store: the one database layer (SOCI over SQLite by default, PostgreSQL by
// URL). All SQL of the product lives in store/. A Store owns one session and
// is not thread-safe; open one per thread.
#pragma once

#include <soci/soci.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error_text.h"

namespace vardavtal {

// English and Swedish, both required (core/error_text.h).
struct StoreError : Bilingual<std::runtime_error> {
  using Bilingual::Bilingual;
};

// Whether opening a SQLite file may create it (PostgreSQL: no effect).
enum class OpenMode { create, existing };

class Store {
 public:
  // `url`: a file path or "sqlite3://PATH" (SQLite), or "postgresql://..." /
  // "postgres://..." (libpq connection URI). A missing SQLite file is created
  // with OpenMode::create; with OpenMode::existing no file is made and every
  // use of the store (sql(), require_schema()) is a StoreError ("no database
  // at PATH: run 'vardavtal init'"), so that usage errors are reported first.
  // Throws StoreError when the database cannot be opened.
  explicit Store(const std::string& url, OpenMode mode = OpenMode::create);

  soci::session& sql();
  bool is_sqlite() const { return sqlite_; }
  // Another session on the same database (a reader beside this one, e.g. a
  // billing run's months read ahead in a thread of their own); on SQLite with
  // a page cache of 16 MiB, on PostgreSQL with this session's search_path.
  // nullptr when the database cannot be opened twice (SQLite in memory).
  // Throws StoreError as the constructor does, also when the search_path
  // cannot be given.
  std::unique_ptr<Store> open_beside();
  // True when the session is open and usable with no transaction under way:
  // what a session handed from one task to the next must be.
  bool idle();
  // The SQLite file's path; empty on PostgreSQL.
  const std::string& sqlite_path() const { return path_; }

  // Applies the migrations not yet applied, with their data steps, and seeds
  // the built-in regions and hospitals where absent, all in one transaction
  // (a crash leaves the database as it was). Safe to repeat. Returns the
  // names of the migrations applied now, each with what its data step did.
  // `audit_who` given and something applied: the init audit row (from
  // schema version 16 on) commits in the same transaction.
  std::vector<std::string> migrate(const std::string& audit_who = "");
  // The highest applied migration number; 0 on an empty database.
  int schema_version();
  // Throws StoreError("... run 'vardavtal init'") unless fully migrated.
  void require_schema();

  // Latest known codes, for validating imports.
  std::set<std::string> region_codes();
  std::set<std::string> hospital_codes();

  // A per-session slot for derived read-only data (the pricing catalogue),
  // by name; its owner decides when `stamp` makes it stale.
  struct CacheSlot {
    int64_t stamp = -1;
    std::shared_ptr<const void> value;
  };
  CacheSlot& cache_slot(const std::string& name) { return cache_[name]; }

  // A fresh id for an import, inside the caller's transaction: unique among
  // the imports committed and those in flight. On PostgreSQL the id stays
  // claimed (an advisory lock) until the transaction ends, so that imports
  // on several sessions at once each get their own; their ids need not
  // follow the order of their commits.
  int64_t next_import_id();
  // How many imports have committed: grows with each import's commit, in
  // whatever order their ids came (a run's watermark, a cache's stamp).
  int64_t imports_seen();
  void record_import(int64_t id, const std::string& kind, const std::string& file, int64_t added,
                     int64_t changed, int64_t unchanged);

 private:
  // The part of migration `migration` that SQL cannot express, in its
  // transaction; what it did, as text to follow the migration's name.
  std::string run_data_step(int migration);
  void compare_text_bytewise();

  soci::session sql_;
  std::string url_;
  std::string missing_;  // the path of a missing SQLite file (OpenMode::existing)
  std::string path_;     // the SQLite file
  bool sqlite_ = true;
  std::map<std::string, CacheSlot> cache_;
};

// Current UTC time as ISO 8601 text, for audit columns.
std::string utc_now_iso();

// A database error that is no bug of vardavtal's: the server refused the
// role a right, ended the session, ran short of a resource, aborted the
// transaction in a conflict or cancelled the statement. Said as what it is
// and what to do, in the server's own words (its first line, which names a
// table, a file or a limit, never a value), by the CLI and the server
// (docs/postgresql.md, "When the database fails"), not as an internal error.
// Only PostgreSQL gives these: SQLite's errors are its file's.
struct DatabaseTrouble : StoreError {
  enum class Kind {
    refused_right,    // 42501: the role lacks a grant (docs/postgresql.md, "Schema and roles")
    connection_lost,  // class 08, 57P01, 57P02: a restart, pg_terminate_backend, the network
    server_short,     // class 53: disk full, out of memory, too many connections
    conflict,         // 40001, 40P01: a serialization failure, a deadlock
    cancelled,        // 57014, 55P03: statement_timeout, lock_timeout, pg_cancel_backend
  };
  DatabaseTrouble(Kind kind, const std::string& english, const std::string& swedish)
      : StoreError(english, swedish), kind(kind) {}
  // The same request may succeed later as it is: every kind but a refusal.
  bool passing() const { return kind != Kind::refused_right; }
  // Worth trying again in a few seconds: a session lost, a conflict (a full
  // disk or a time limit will not pass that soon).
  bool soon() const { return kind == Kind::connection_lost || kind == Kind::conflict; }
  Kind kind;
};
// `e` as a DatabaseTrouble when it is one, or when it is SOCI's error of a
// statement that failed so (by its SQLSTATE; a session lost before the
// server could say why is SOCI's "Connection failed"); else nullopt. A
// function that wraps database errors in its own lets these through as they
// are.
std::optional<DatabaseTrouble> database_trouble(const std::exception& e);

// `e`'s text without what may quote a row, a statement or its bound values
// (patient ids among them): what a log or an "internt fel" may show. For
// SOCI's errors the first line of its message without the context, for
// PostgreSQL's with the SQLSTATE (a data exception's value left out; SOCI's
// "Cannot convert data" without the value it could not convert); other
// exceptions' what().
std::string without_statement(const std::exception& e);

// The first line of a PostgreSQL error message (libpq's text: DETAIL,
// CONTEXT and LINE lines after it may quote a row or a statement); for a
// data exception (SQLSTATE class 22), whose line quotes the value, only its
// severity ("ERROR:") and "a value the column does not take"; then
// " [SQLSTATE x]" when `sqlstate` is given: what without_statement shows of a
// statement's error, for errors that did not come through SOCI (COPY,
// store/pg_copy.h).
std::string server_first_line(std::string message, const std::string& sqlstate);

}  // namespace vardavtal
