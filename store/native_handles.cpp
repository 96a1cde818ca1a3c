#include "store/native_handles.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace vardavtal {

PGconn* postgresql_connection(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

void PgResultDeleter::operator()(PGresult* r) const {
  PQclear(r);
}

sqlite_api::sqlite3* sqlite_connection(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

}  // namespace vardavtal
