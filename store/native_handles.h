// The connections under a SOCI session, for what SOCI does not offer (COPY,
// SQLite's backup API and prepared multi-row inserts, a session's transaction
// state), and an owner of libpq's results. For the store and its tests only:
// nothing above the store sees a libpq or SQLite handle. The session must be
// open and of that engine; the handle stays the session's. Declared without
// libpq's or SQLite's headers, so that a caller includes only the one it uses.
#pragma once

#include <soci/soci.h>

#include <memory>

typedef struct pg_conn PGconn;      // as libpq-fe.h declares it
typedef struct pg_result PGresult;  // as libpq-fe.h declares it
namespace sqlite_api {
struct sqlite3;  // as soci-sqlite3.h declares it
}

namespace vardavtal {

PGconn* postgresql_connection(soci::session& sql);
// A libpq result, owned (PQclear when it goes).
struct PgResultDeleter {
  void operator()(PGresult* r) const;
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;
sqlite_api::sqlite3* sqlite_connection(soci::session& sql);

}  // namespace vardavtal
