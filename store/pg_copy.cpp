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

CopyIn::CopyIn(soci::session& sql, const std::string& table, const std::string& columns)
    : conn_(postgresql_connection(sql)), table_(table) {
  const std::string copy = "COPY " + table + " (" + columns + ") FROM STDIN";
  Result start(PQexec(conn_, copy.c_str()), &PQclear);
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
    open_ = false;
    const std::string what = "copy into " + table_;
    throw StoreError(what + " failed: " + trimmed(PQerrorMessage(conn_)),
                     "databasfel: " + what + " misslyckades: " + trimmed(PQerrorMessage(conn_)));
  }
}

// Cancelled: the server aborts the COPY (and the transaction); every result
// is read, so that the connection is ready for the rollback.
CopyIn::~CopyIn() {
  if (!open_) return;
  PQputCopyEnd(conn_, "vardavtal: the rows were not all sent");
  while (PGresult* raw = PQgetResult(conn_)) PQclear(raw);
}

void CopyIn::put(std::string_view rows) {
  // Bounded pieces: libpq queues what it cannot send at once.
  constexpr size_t kPiece = 1 << 20;
  for (size_t at = 0; send_error_.empty() && at < rows.size(); at += kPiece) {
    const std::string_view piece = rows.substr(at, kPiece);
    if (PQputCopyData(conn_, piece.data(), static_cast<int>(piece.size())) != 1)
      send_error_ = trimmed(PQerrorMessage(conn_));
  }
}

void CopyIn::end() {
  const std::string what = "copy into " + table_;
  open_ = false;
  const bool sent = send_error_.empty();
  if (PQputCopyEnd(conn_, sent ? nullptr : "vardavtal: sending the rows failed") != 1)
    throw StoreError(what + " failed: " + trimmed(PQerrorMessage(conn_)),
                     "databasfel: " + what + " misslyckades: " + trimmed(PQerrorMessage(conn_)));
  // Every result is read, so that the connection is ready for the next command.
  std::string error, state;
  while (PGresult* raw = PQgetResult(conn_)) {
    Result r(raw, &PQclear);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && error.empty()) {
      error = trimmed(PQresultErrorMessage(raw));
      const char* code = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
      state = code ? code : "";
    }
  }
  if (!sent)
    throw StoreError(what + " failed: " + send_error_,
                     "databasfel: " + what + " misslyckades: " + send_error_);
  if (state == "23505") throw IdentityConflict(table_, error);
  if (!error.empty())
    throw StoreError(what + " failed: " + error, "databasfel: " + what + " misslyckades: " + error);
}

void copy_rows(soci::session& sql, const std::string& table, const std::string& columns,
               std::string_view rows) {
  CopyIn copy(sql, table, columns);
  copy.put(rows);
  copy.end();
}

}  // namespace vardavtal
