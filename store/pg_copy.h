// PostgreSQL's bulk paths on SOCI's libpq connection: rows sent with
// `COPY ... FROM STDIN` (text format) instead of one INSERT per row, and the
// text form of one field in that format. The VersionedWriter writes through
// here on PostgreSQL; the RowReader reads through server-side cursors.
// Stateless functions, and a CopyIn for each COPY under way; a session is
// used by one thread at a time.
#pragma once

#include <soci/soci.h>

#include <string>
#include <string_view>

#include "store/native_handles.h"

namespace vardavtal {

// True when `sql` is a PostgreSQL session.
bool is_postgresql(const soci::session& sql);

// A libpq error message (nullptr: none) without its trailing newline.
std::string server_message(const char* message);

// Appends `v` to `out` as one field of COPY's text format: backslash, tab,
// newline and carriage return as \\, \t, \n and \r, every other byte as it is
// (the text is UTF-8, the session's client encoding). NULL is "\N", written
// by the caller; an empty field is the empty text.
void append_copy_text(std::string& out, std::string_view v);

// One `COPY table (columns) FROM STDIN` on the session's connection, inside
// the caller's transaction, its rows sent piece by piece as the caller has
// them: the server inserts the first rows while the caller formats the next.
// The constructor starts the COPY (StoreError when the server refuses it;
// soci::postgresql_soci_error with the SQLSTATE, as a statement's, when the
// role may not insert into the table or the session is lost, ...:
// database_trouble in store.h);
// put() sends complete lines of COPY's text format (fields separated by tab,
// each line ending in a newline); end() ends the COPY and throws
// IdentityConflict when a row repeated a primary or unique key (SQLSTATE
// 23505), the database's trouble as the constructor does, else
// StoreError with libpq's message; either way the transaction
// is then aborted and must be rolled back. A CopyIn destroyed before end()
// (the caller failed) cancels the COPY, which aborts the transaction too.
// The session is used by nothing else until end() or the destructor.
class CopyIn {
 public:
  CopyIn(soci::session& sql, const std::string& table, const std::string& columns);
  ~CopyIn();
  CopyIn(const CopyIn&) = delete;
  CopyIn& operator=(const CopyIn&) = delete;

  void put(std::string_view rows);
  // True once a put() failed to send (end() then throws its error).
  bool failed() const { return !send_error_.empty(); }
  void end();

 private:
  PGconn* conn_;
  std::string table_;
  std::string send_error_;  // the first failed put's, reported by end()
  bool open_ = true;        // the COPY has not been ended
};

}  // namespace vardavtal
