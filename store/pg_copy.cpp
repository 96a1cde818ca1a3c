#include "store/pg_copy.h"

#include <soci/postgresql/soci-postgresql.h>

#include <memory>

#include "store/native_handles.h"
#include "store/store.h"
#include "store/versioned_writer.h"

namespace vardavtal {

namespace {
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}
}  // namespace

bool is_postgresql(const soci::session& sql) {
  return const_cast<soci::session&>(sql).get_backend_name() == "postgresql";
}

void append_copy_text(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

void copy_rows(soci::session& sql, const std::string& table, const std::string& columns,
               std::string_view rows) {
  PGconn* conn = postgresql_connection(sql);
  const std::string what = "copy into " + table;
  {
    const std::string copy = "COPY " + table + " (" + columns + ") FROM STDIN";
    Result start(PQexec(conn, copy.c_str()), &PQclear);
    if (PQresultStatus(start.get()) != PGRES_COPY_IN)
      throw StoreError(what + " failed: " + trimmed(PQerrorMessage(conn)),
                       "databasfel: " + what + " misslyckades: " + trimmed(PQerrorMessage(conn)));
  }
  // Bounded pieces: libpq queues what it cannot send at once.
  constexpr size_t kPiece = 1 << 20;
  bool sent = true;
  for (size_t at = 0; sent && at < rows.size(); at += kPiece) {
    const std::string_view piece = rows.substr(at, kPiece);
    sent = PQputCopyData(conn, piece.data(), static_cast<int>(piece.size())) == 1;
  }
  const std::string send_error = sent ? "" : trimmed(PQerrorMessage(conn));
  if (PQputCopyEnd(conn, sent ? nullptr : "vardavtal: sending the rows failed") != 1)
    throw StoreError(what + " failed: " + trimmed(PQerrorMessage(conn)),
                     "databasfel: " + what + " misslyckades: " + trimmed(PQerrorMessage(conn)));
  // Every result is read, so that the connection is ready for the next command.
  std::string error, state;
  while (PGresult* raw = PQgetResult(conn)) {
    Result r(raw, &PQclear);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && error.empty()) {
      error = trimmed(PQresultErrorMessage(raw));
      const char* code = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
      state = code ? code : "";
    }
  }
  if (!send_error.empty())
    throw StoreError(what + " failed: " + send_error,
                     "databasfel: " + what + " misslyckades: " + send_error);
  if (state == "23505") throw IdentityConflict(table, error);
  if (!error.empty())
    throw StoreError(what + " failed: " + error, "databasfel: " + what + " misslyckades: " + error);
}

}  // namespace vardavtal
