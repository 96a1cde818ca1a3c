// The connections under a SOCI session, for what SOCI does not offer (COPY,
// SQLite's backup API and prepared multi-row inserts, a session's transaction
// state). Inside the store only: nothing above it sees a libpq or SQLite
// handle. The session must be open and of that engine; the handle stays the
// session's.
#pragma once

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace vardavtal {

inline PGconn* postgresql_connection(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

inline sqlite_api::sqlite3* sqlite_connection(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

}  // namespace vardavtal
