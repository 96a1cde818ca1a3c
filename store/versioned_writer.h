// VersionedWriter: appends new versions of rows to one append-only input table
// in batches, inside the caller's transaction (SQLite: a native multi-row
// INSERT; PostgreSQL: COPY ... FROM STDIN; other backends: SOCI vector binds). It loads the
// table's version heads first (VersionLog), so a row identical to its latest
// version is not written and a changed one gets the next version. Usage per
// row: fill values(), decide(line), and append() if the decision says so. For
// an unversioned table (the ledger's, TableSpec::versioned false) every row is
// appended as given: fill values() and append().
// When append() or flush() throws (StoreError when the database fails, also
// when SQLite cannot prepare the insert of a batch), rows of earlier batches,
// and on SQLite those before the failing row in its statement, may be
// written: the caller is to roll its transaction back (import, bill and
// settle do; on PostgreSQL a failed COPY aborts the transaction anyway; on
// SQLite a full disk or no memory may have ended it already,
// WriteTransaction::rollback).
// Not thread-safe; one writer per table per transaction.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/content_hash.h"
#include "core/error_text.h"

namespace sqlite_api {
struct sqlite3_stmt;  // as soci-sqlite3.h declares it
}
#include "store/version_log.h"

namespace vardavtal {

enum class ColType { text, integer };

struct ColumnDef {
  const char* name;
  ColType type;
  // false for a column added after rows were stored (schema 011 on): its
  // NULL is left out of the content hash, and a value is hashed with the
  // column's name, so that a row that does not use the column keeps the
  // hash it had before the column existed (a re-import changes nothing).
  bool null_hashed = true;
};

// Thrown (from append() or flush()) when the database rejects a row because its
// identity and version exist already: in the fast path this means the file
// repeats an identity; redo the import with exact = true to find the lines.
struct IdentityConflict : Bilingual<std::runtime_error> {
  // "an identity repeats in TABLE", then ": DETAIL" (the database's words) when given.
  explicit IdentityConflict(std::string_view table, std::string_view detail = {})
      : Bilingual("an identity repeats in " + std::string(table) + tail(detail),
                  "en identitet upprepas i " + std::string(table) + tail(detail)) {}

 private:
  static std::string tail(std::string_view detail) {
    return detail.empty() ? std::string() : ": " + std::string(detail);
  }
};

// identity columns + content columns; the table also has version, import_id
// and content_hash. `line_column` names a content column numbering the rows of
// one version (item sets), else nullptr.
struct TableSpec {
  const char* table;
  std::vector<ColumnDef> identity;
  std::vector<ColumnDef> content;
  // false: a plain append-only table (the ledger): no version, import_id or
  // content_hash columns are added and every row is appended as given.
  bool versioned = true;
};

// One column's values for a batch of rows, as SOCI binds them (texts for a
// text column, ints for an integer one; ind says which are NULL).
struct ColumnValues {
  ColType type;
  std::vector<std::string> texts;
  std::vector<long long> ints;
  std::vector<soci::indicator> ind;
};

// The values of the row being built: identity columns first (0..), then
// content columns, in the TableSpec's order.
class RowValues {
 public:
  void text(size_t col, std::string_view v);
  void integer(size_t col, int64_t v);
  void null(size_t col);
  template <class T>
  void optional_integer(size_t col, const T& v) {
    if (v) integer(col, static_cast<int64_t>(*v)); else null(col);
  }

 private:
  friend class VersionedWriter;
  friend void identity_order(const RowValues&, size_t, size_t, std::vector<uint32_t>&);
  using Column = ColumnValues;
  // Room for `rows` rows (a new row's indicators are NULL).
  void resize(size_t rows);
  size_t rows() const { return versions_.size(); }
  std::vector<Column> cols_;
  std::vector<long long> versions_, hashes_;
  std::vector<uint32_t> order_;  // the order the rows are written in (by identity)
  size_t row_ = 0;
};

// The rows of one batch (unless a writer is given its own, rows_per_batch):
// a budget of kBatchCells values, at least kMinBatch and at most kMaxBatch
// rows, so that a narrow table writes in long batches
// (each sorted by identity, see VersionedWriter) and a wide one keeps its
// buffers small.
// SQLite's page cache (PRAGMA cache_size, in KiB when negative) while
// writing to an empty table.
inline constexpr long long kBulkCacheSize = -4096;
inline constexpr size_t kMinBatch = 4096, kMaxBatch = 65536, kBatchCells = size_t{1} << 18;
// The rows a writer's buffer holds at first: it doubles as rows come, up to
// the batch. A writer of a few rows (most imports of reference data) then
// does not allocate, and fault in, a batch of kBatchCells values twice.
inline constexpr size_t kFirstRows = 256;
size_t batch_rows(const TableSpec& spec);

// The order in which to write rows 0..rows-1 of `values`: by their identity
// columns (texts bytewise, integers by value), rows of equal identity in
// their given order; 0..rows-1 when they are in that order already.
// Inserting into a B-tree in key order is far cheaper than at random.
void identity_order(const RowValues& values, size_t identity_columns, size_t rows,
                    std::vector<uint32_t>& order);

// Orders the background batches of several writers on one session: each
// batch starts once the batch submitted before it, by any writer of the chain,
// has ended (and fails with that batch's failure), so no two batches use the
// session at once. A writer submitting a batch waits only for its own
// previous one (which may itself be waiting for another writer's); a
// writer's statements outside its batches (flush(), its destructor, building
// indexes) wait until the chain's last batch has ended. A failure stays in
// the chain: every later batch fails with it, so a chain whose batch failed
// is done (make new writers and a new chain). Owned by the caller; outlives
// its writers. Not thread-safe: the writers and then() are used by one thread.
class WriteChain {
 public:
  // Runs `task` (other writes on the session) in a thread of its own once
  // the batch submitted before it has ended, as a batch of the chain: it
  // does not run after a failed batch (it fails with it), and a batch
  // submitted after it waits for it and fails with its failure. Whatever
  // `task` uses must stay alive until it has run (capture it by value).
  void then(std::function<void()> task);
  // Waits for the chain's last batch; rethrows its failure (or the failure
  // of a batch before it). The session is then free.
  void wait();

 private:
  friend class VersionedWriter;
  std::shared_future<void> last_;  // the batch submitted last, by any writer
};

class VersionedWriter {
 public:
  // With exact = false and an empty table on SQLite or PostgreSQL, rows are
  // not tracked in memory (every row is new, version 1) and the primary key catches a
  // repeated identity (IdentityConflict). With exact = true every identity is
  // tracked and a repeat is reported by decide() as Change::duplicate.
  // On SQLite and PostgreSQL each batch is written in identity order. On
  // SQLite's fast path the session's page cache is kBulkCacheSize until
  // flush() (or the destructor) restores it: rows that only append to the
  // table and its indexes write through a small cache, whose pages stay in
  // the CPU's caches, faster than through a large one. On PostgreSQL's
  // fast path, when the first batch fills its buffer (a large load), the
  // table's primary key and other indexes are dropped and built again by
  // flush() (or the destructor) from their definitions, in the caller's
  // transaction: the server builds an index from sorted rows several times
  // faster than it inserts the rows one by one (in its own memory,
  // maintenance_work_mem, not the client's). A repeated identity is then
  // found by flush() (IdentityConflict); until the transaction ends, other
  // sessions wait to read the table (the drop locks it). Only when the
  // session's role owns the table (a role that may only insert loads with
  // the indexes in place). Not on SQLite,
  // whose sort for the index, in memory (temp_store), doubled an import's
  // peak RSS and took longer than it saved.
  // `expected_rows` (0: unknown) caps the batch for a writer that knows how
  // many rows it appends (a month's invoices): its buffers hold that many
  // rows at most. Either way they start at kFirstRows and double as rows
  // come. More rows are still written, a batch at a time.
  // `chain` (may be null) orders this writer's batches after those of the
  // other writers on the session (WriteChain).
  // `rows_per_batch` (0: batch_rows) replaces the batch of the table's budget
  // of values, for a writer whose rows are worth larger batches (the ledger
  // appender on PostgreSQL); expected_rows still caps it.
  VersionedWriter(soci::session& sql, const TableSpec& spec, int64_t import_id, bool exact = true,
                  size_t expected_rows = 0, WriteChain* chain = nullptr, size_t rows_per_batch = 0);
  ~VersionedWriter();
  VersionedWriter(const VersionedWriter&) = delete;
  VersionedWriter& operator=(const VersionedWriter&) = delete;

  RowValues& values() { return *current_; }
  // Rows per batch (rows_per_batch or batch_rows, capped by expected_rows).
  size_t batch() const { return batch_; }
  // Decides on the row in values(); the content hash is computed from the
  // content columns unless given.
  VersionDecision decide(long line);
  VersionDecision decide(long line, int64_t content_hash);
  // Appends values() with the last decision's version and hash.
  void append();
  // Writes what is pending (rethrows the failure of this writer's batch,
  // which fails with any batch before it on the chain); the session is then
  // free, also of the other writers' batches and tasks on its chain (a
  // failed task with no batch of this writer after it is rethrown by
  // WriteChain::wait). Call before committing.
  void flush();
  // Starts writing the rows appended so far as a batch (in the background
  // on SQLite and PostgreSQL, after the chain's batch before it); waits only
  // for this writer's own batch before, as a full buffer does; flush() then
  // waits for it.
  void write_buffered() { submit(); }

 private:
  // A prepared SQLite statement, finalized however the writer ends (also
  // when its constructor throws after preparing: an open statement keeps
  // SQLite from closing).
  struct FinalizeStatement {
    void operator()(sqlite_api::sqlite3_stmt* st) const;
  };
  using Statement = std::unique_ptr<sqlite_api::sqlite3_stmt, FinalizeStatement>;
  // Waits for this writer's batch being written, if any (rethrows its
  // failure), while values() keeps the rows not yet written.
  void wait_pending();
  // Waits for the last batch on the chain, if any (its failure is left to
  // its writer).
  void wait_session();
  int64_t hash_content() const;
  void load_heads();
  void shrink_page_cache();
  void restore_page_cache();
  void defer_indexes();
  void rebuild_indexes();
  void flush_soci(RowValues& v, size_t rows);
  void insert_sqlite(const RowValues& v, size_t rows);
  // Prepares an insert on SQLite's connection (throws StoreError).
  Statement prepare_sqlite(const std::string& text);
  // On PostgreSQL: writes the batch (rows 0..rows-1 of `v` in order_) with
  // one COPY after the chain's batch `before` (CopyIn), formatting it a piece
  // at a time: a piece formatted once that batch has ended is sent at once,
  // so the server inserts the first rows while the next are formatted; the
  // pieces formatted before go with it (all of them at the end, when that
  // batch ends only after the last piece is formatted).
  void send_copy(const RowValues& v, size_t rows, std::shared_future<void>& before);
  // Appends rows order_[first..first + n) of `v` to copy_ in COPY's text format.
  void copy_text(const RowValues& v, size_t first, size_t n);
  bool bulk() const { return native_ != nullptr || postgres_; }
  void submit();

  soci::session& sql_;
  const TableSpec& spec_;
  long long import_id_;
  VersionLog log_;
  RowValues buffers_[2];
  RowValues* current_ = &buffers_[0];
  std::shared_future<void> pending_;  // the background insert of the other buffer
  WriteChain* chain_;
  const size_t batch_;  // rows per buffer (rows_per_batch or batch_rows, capped)
  std::optional<long long> saved_cache_size_;  // PRAGMA cache_size before the fast path
  std::vector<long long> import_ids_;
  std::vector<soci::indicator> ok_;
  std::string identity_;
  VersionDecision last_{Change::unchanged, 0, 0};
  bool track_ = true;  // false: fast path on an empty table
  bool may_defer_indexes_ = false;             // PostgreSQL's fast path, before its first batch
  std::vector<std::string> deferred_indexes_;  // statements that build them again
  int64_t last_hash_ = 0;
  std::string insert_sql_;
  // On SQLite: a statement prepared once on SOCI's native connection, bound
  // with SQLITE_STATIC row by row (SOCI's vector binds copy every string).
  // native_ inserts one row; native_multi_ kMultiRows rows per step, which
  // opens SQLite's cursors once per group instead of once per row. Both are
  // INSERT OR FAIL: no statement journal (after a failed insert the caller
  // rolls back its whole transaction).
  static constexpr size_t kMultiRows = 64;
  Statement native_;
  Statement native_multi_;                            // prepared when a batch first needs it
  std::string multi_sql_;                             // its text
  // On PostgreSQL: each batch is one COPY of these columns, its text built
  // in copy_ by the background insert (send_copy).
  bool postgres_ = false;
  std::string copy_columns_;
  std::string copy_;
};

}  // namespace vardavtal
