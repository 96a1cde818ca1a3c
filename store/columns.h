// Column maps: each table's columns written once, for the records, postings
// (with their invoice lines) and invoices tables and the invoice_lines view.
// A TableMap lists a table's columns in order (identity columns first), each
// with its name, its SQL type, how it is written from the domain struct and
// how it is read back into it. From that one list come the TableSpec the
// VersionedWriter writes with, the row values (put), the SELECT list and the
// decode of a fetched row. The SQL migrations in schema/ stay the schema;
// tests/store checks each map against the migrated database's columns.
//
// The maps are built once and immutable: any thread. A RowReader is not
// thread-safe.
#pragma once

#include <soci/soci.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "ledger/invoice.h"
#include "ledger/posting.h"
#include "store/native_handles.h"
#include "store/versioned_writer.h"

namespace vardavtal {

// A SELECT whose rows are fetched column-wise, up to `batch` rows per fetch,
// into buffers of the given types, in that order. Usage: bind parameters on
// statement(), run(query), then while fetch() read rows 0..size()-1. Not
// copyable (the statement refers to the buffers); one thread at a time.
// SQLite: the rows are stepped into the buffers. PostgreSQL: the query runs
// as a server-side cursor (DECLARE ... WITH HOLD), read kFetchRows rows at a
// time (rounded up to a multiple of the batch) with libpq, so that memory
// stays flat in the size of the result (libpq would otherwise receive the
// whole result at once); the cursor outlives a commit of the caller's
// transaction and is closed when a FETCH comes back short or empty, or when
// the reader is destroyed.
class RowReader {
 public:
  RowReader(soci::session& sql, const std::vector<ColType>& types, size_t batch);
  ~RowReader();
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;

  // The statement that takes the query's parameters (soci::use).
  soci::statement& statement() { return cursor_name_.empty() ? st_ : declare_; }
  // Rows per FETCH on PostgreSQL. The server puts a FETCH's rows in a
  // tuplestore before it sends them, which goes to a temporary file beyond
  // work_mem (4 MB by default): 2 048 rows of the widest reads (a posting
  // about 270 bytes, a record 220) stay well inside it, where 16 384 records
  // spilled at scale 10 (docs/benchmarks.md).
  static constexpr size_t kFetchRows = 2048;

  // Prepares and executes `query`; the rows come with fetch().
  void run(const std::string& query);
  // The next rows; false when there are none (and on every call after).
  // Throws what SOCI throws for a failed statement (a soci_error; on
  // PostgreSQL with the server's SQLSTATE), or StoreError when the query's
  // columns are not the reader's.
  bool fetch();

  size_t size() const;  // rows of the last fetch
  bool null(size_t col, size_t row) const;
  const std::string& text(size_t col, size_t row) const;  // "" when NULL
  int64_t integer(size_t col, size_t row) const;          // 0 when NULL

 private:
  void close_cursor();
  bool fetch_sqlite();
  bool fetch_postgresql();
  void fetch_result();
  void copy_result_rows(size_t n);

  std::vector<ColumnValues> cols_;
  soci::session& sql_;
  size_t batch_;
  std::string cursor_name_;  // PostgreSQL: the cursor's name, else empty
  size_t fetch_rows_ = 0;    // PostgreSQL: kFetchRows, a multiple of the batch
  PgResult result_;          // PostgreSQL: the last FETCH's rows
  size_t result_rows_ = 0;   // PostgreSQL: rows in result_
  size_t result_row_ = 0;    // PostgreSQL: the first of them not handed out
  bool open_ = false;        // PostgreSQL: the cursor is declared and not closed
  bool native_ = false;      // SQLite: rows stepped by fetch_sqlite
  bool done_ = false;        // SQLite: the last row has been stepped
  size_t rows_ = 0;          // SQLite and PostgreSQL: rows of the last fetch
  soci::statement declare_;  // PostgreSQL: DECLARE with the parameters
  soci::statement st_;       // after cols_: destroyed before the buffers it refers to
};

template <class Row>
struct Column {
  const char* name;
  ColType type;
  void (*put)(const Row& row, RowValues& values, size_t col);
  // Reads the column's value of fetched row `i` into `row`; nullptr for a
  // column derived from others when written (not read back). Throws
  // StoreError when the database holds a value the struct cannot hold.
  void (*get)(const RowReader& rows, size_t col, size_t i, Row& row);
  bool null_hashed = true;  // ColumnDef::null_hashed
};

template <class Row>
class TableMap {
 public:
  // `identity`: how many of the leading columns identify a row. `versioned`:
  // the table also has version, import_id and content_hash columns, which the
  // VersionedWriter fills (see TableSpec).
  TableMap(const char* table, size_t identity, bool versioned, std::vector<Column<Row>> columns);

  const TableSpec& spec() const { return spec_; }
  const std::vector<Column<Row>>& columns() const { return columns_; }
  // The columns' types in order, for a RowReader (append any extra ones).
  std::vector<ColType> types() const;
  // "a.c1, a.c2, ..." for alias "a." ("" for none).
  std::string select_list(std::string_view alias = "") const;
  // The index of a column; throws std::out_of_range when there is none.
  size_t index(std::string_view name) const;

  // Writes every column of `row` into `values` (identity first, as the
  // spec), from values' column `first` on (a map of the later columns of a
  // wider row, posting_line_columns()).
  void put(const Row& row, RowValues& values, size_t first = 0) const;
  // Reads fetched row `i`, whose first columns are select_list()'s, into
  // `row`; derived columns are left as they are.
  void decode(const RowReader& rows, size_t i, Row& row) const;

 private:
  std::vector<Column<Row>> columns_;
  TableSpec spec_;
};

const TableMap<Record>& record_columns();     // records: identity (seller, record_id)
const TableMap<Posting>& posting_columns();   // postings: identity id
const TableMap<Invoice>& invoice_columns();   // invoices: identity (seller, number)
const TableMap<InvoiceLine>& line_columns();  // the view invoice_lines, read only
// A posting's row also holds its invoice line (schema 027; invoice_lines is
// a view of them): these columns, after posting_columns()'s. The line's
// seller and posting id are the posting's own.
const TableMap<InvoiceLine>& posting_line_columns();
// The columns of a posting's row as written: posting_columns()' then
// posting_line_columns()'.
const TableSpec& posted_line_spec();

}  // namespace vardavtal
