#include "store/pg_copy.h"

#include <soci/postgresql/soci-postgresql.h>

#include <utility>

#include "store/store.h"
#include "store/versioned_writer.h"

namespace vardavtal {

std::string server_message(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

namespace {
// Where in the COPY the server failed, from libpq's CONTEXT line ("COPY t,
// line 5, column n: \"value\"" or "...: null input") without what follows
// the place, which quotes the row or the value; empty when there is none.
std::string copy_place(const std::string& message) {
  const std::string label = "\nCONTEXT:  ";
  const size_t at = message.find(label);
  if (at == std::string::npos) return "";
  std::string line = message.substr(at + label.size());
  line = line.substr(0, line.find('\n'));
  return " (" + line.substr(0, line.find(": ")) + ")";
}

[[noreturn]] void copy_failed(PGconn* conn, const std::string& table, const std::string& message,
                              std::string state = "") {
  // A session lost gives no SQLSTATE: libpq's connection_failure then.
  if (state.empty() && PQstatus(conn) == CONNECTION_BAD) state = "08006";
  // A refused right, a lost session, ... (database_trouble in store.h) are
  // reported as any statement's, not as a failed copy.
  const soci::postgresql_soci_error as_statement(message,
                                                 state.size() == 5 ? state.c_str() : "XX000");
  if (database_trouble(as_statement)) throw as_statement;
  // The server's first line and the CONTEXT's place: a DETAIL ("Failing
  // row contains ...") and the rest of the CONTEXT line quote the row.
  const std::string what = "copy into " + table,
                    said = server_first_line(message, state) + copy_place(message);
  throw StoreError(what + " failed: " + said, "databasfel: " + what + " misslyckades: " + said);
}

// Reads every result of the command under way, so that the connection is
// ready for the next; the first failed one's message and SQLSTATE.
std::pair<std::string, std::string> drain_results(PGconn* conn) {
  std::string error, state;
  while (PGresult* raw = PQgetResult(conn)) {
    PgResult r(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && error.empty()) {
      error = server_message(PQresultErrorMessage(raw));
      const char* code = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
      state = code ? code : "";
    }
  }
  return {error, state};
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
  PgResult start(PQexec(conn_, copy.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
    const char* state = start ? PQresultErrorField(start.get(), PG_DIAG_SQLSTATE) : nullptr;
    copy_failed(conn_, table_, server_message(PQerrorMessage(conn_)), state ? state : "");
  }
}

// Cancelled: the server aborts the COPY (and the transaction), and every
// result is read, so that the connection is ready for the rollback.
CopyIn::~CopyIn() {
  if (!open_) return;
  PQputCopyEnd(conn_, "vardavtal: the rows were not all sent");
  drain_results(conn_);
}

void CopyIn::put(std::string_view rows) {
  // Bounded pieces: libpq queues what it cannot send at once.
  constexpr size_t kPiece = 1 << 20;
  for (size_t at = 0; send_error_.empty() && at < rows.size(); at += kPiece) {
    const std::string_view piece = rows.substr(at, kPiece);
    if (PQputCopyData(conn_, piece.data(), static_cast<int>(piece.size())) != 1)
      send_error_ = server_message(PQerrorMessage(conn_));
  }
}

void CopyIn::end() {
  open_ = false;
  const bool sent = send_error_.empty();
  if (PQputCopyEnd(conn_, sent ? nullptr : "vardavtal: sending the rows failed") != 1)
    copy_failed(conn_, table_, server_message(PQerrorMessage(conn_)));
  const auto [error, state] = drain_results(conn_);
  if (!sent) copy_failed(conn_, table_, send_error_);
  // The first line: the DETAIL names the repeated key, a patient id in some tables.
  if (state == "23505") throw IdentityConflict(table_, server_first_line(error, ""));
  if (!error.empty()) copy_failed(conn_, table_, error, state);
}

}  // namespace vardavtal
