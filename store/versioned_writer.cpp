#include "store/versioned_writer.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <numeric>

#include "core/text.h"
#include "store/columns.h"
#include "store/native_handles.h"
#include "store/pg_copy.h"
#include "store/store.h"

namespace vardavtal {

using namespace sqlite_api;  // soci-sqlite3.h puts the SQLite C API there

void RowValues::text(size_t col, std::string_view v) {
  Column& c = cols_[col];
  assign_bytes(c.texts[row_], v);  // buffers reused batch after batch
  c.ind[row_] = soci::i_ok;
}

void RowValues::integer(size_t col, int64_t v) {
  Column& c = cols_[col];
  c.ints[row_] = v;
  c.ind[row_] = soci::i_ok;
}

void RowValues::null(size_t col) { cols_[col].ind[row_] = soci::i_null; }

void RowValues::resize(size_t rows) {
  for (Column& c : cols_) {
    if (c.type == ColType::text)
      c.texts.resize(rows);
    else
      c.ints.resize(rows);
    c.ind.resize(rows, soci::i_null);
  }
  versions_.resize(rows);
  hashes_.resize(rows);
}

size_t batch_rows(const TableSpec& spec) {
  const size_t columns = std::max<size_t>(1, spec.identity.size() + spec.content.size());
  return std::clamp(kBatchCells / columns, kMinBatch, kMaxBatch);
}

void identity_order(const RowValues& values, size_t identity_columns, size_t rows,
                    std::vector<uint32_t>& order) {
  order.resize(rows);
  std::iota(order.begin(), order.end(), 0u);
  auto compare = [&](uint32_t a, uint32_t b) {  // <0, 0, >0 as a's identity sorts
    for (size_t c = 0; c < identity_columns; ++c) {
      const RowValues::Column& col = values.cols_[c];
      if (col.type == ColType::text) {
        if (int d = col.texts[a].compare(col.texts[b])) return d;
      } else if (col.ints[a] != col.ints[b]) {
        return col.ints[a] < col.ints[b] ? -1 : 1;
      }
    }
    return 0;
  };
  auto less = [&](uint32_t a, uint32_t b) { return compare(a, b) < 0; };
  if (!std::is_sorted(order.begin(), order.end(), less))
    std::stable_sort(order.begin(), order.end(), less);
}

VersionedWriter::VersionedWriter(soci::session& sql, const TableSpec& spec, int64_t import_id,
                                 bool exact, size_t expected_rows, WriteChain* chain,
                                 size_t rows_per_batch)
    : sql_(sql),
      spec_(spec),
      import_id_(import_id),
      chain_(chain),
      batch_(std::min(rows_per_batch ? rows_per_batch : batch_rows(spec),
                      expected_rows ? expected_rows : SIZE_MAX)),
      track_(exact) {
  for (RowValues& values : buffers_) {
    auto add_col = [&](const ColumnDef& d) {
      RowValues::Column c;
      c.type = d.type;
      values.cols_.push_back(std::move(c));
    };
    for (const auto& d : spec.identity) add_col(d);
    for (const auto& d : spec.content) add_col(d);
    values.resize(std::min(batch_, kFirstRows));
  }

  std::string names, params;
  auto add = [&](const char* n) {
    if (!names.empty()) {
      names += ", ";
      params += ", ";
    }
    names += n;
    params += ":";
    params += n;
  };
  for (const auto& d : spec.identity) add(d.name);
  if (spec.versioned) {
    add("version");
    add("import_id");
    add("content_hash");
  }
  for (const auto& d : spec.content) add(d.name);
  insert_sql_ = std::string("INSERT INTO ") + spec.table + " (" + names + ") VALUES (" + params + ")";
  if (is_postgresql(sql_)) {
    postgres_ = true;
    copy_columns_ = names;
  }
  if (sql_.get_backend_name() == "sqlite3") {
    std::string one = "(" + std::string(std::count(params.begin(), params.end(), ':'), '?');
    for (size_t i = 2; i < one.size(); i += 2) one.insert(i, ",");
    one += ")";
    // OR FAIL, not the default ABORT: under ABORT SQLite keeps a statement
    // journal for a multi-row statement inside a transaction, a copy of each
    // page the statement changes (16 KiB), so that it can undo the statement
    // alone on a conflict. Nobody needs that: a writer whose insert fails
    // throws, and its caller rolls its transaction back whole
    // (versioned_writer.h). A conflict still stops the statement at the
    // conflicting row and throws.
    std::string head =
        std::string("INSERT OR FAIL INTO ") + spec.table + " (" + names + ") VALUES ";
    native_ = prepare_sqlite(head + one);
    // The multi-row statement when a batch first has kMultiRows rows: most
    // writers of a billing run's month (its invoices, its run) never do, and
    // compiling it for each of them was a twentieth of a scale-1 bill's CPU
    // time (docs/benchmarks.md).
    multi_sql_ = head + one;
    for (size_t i = 1; i < kMultiRows; ++i) multi_sql_ += "," + one;
  }
  if (spec.versioned) load_heads();
  else track_ = false;
}

void VersionedWriter::FinalizeStatement::operator()(sqlite3_stmt* st) const {
  sqlite3_finalize(st);
}

VersionedWriter::Statement VersionedWriter::prepare_sqlite(const std::string& text) {
  sqlite3* db = sqlite_connection(sql_);
  sqlite3_stmt* st = nullptr;
  const int rc = sqlite3_prepare_v2(db, text.c_str(), -1, &st, nullptr);
  Statement prepared(st);  // finalized, also when it failed half-way
  if (rc != SQLITE_OK)
    throw StoreError(
        std::string("cannot prepare insert into ") + spec_.table + ": " + sqlite3_errmsg(db),
        std::string("databasfel: kan inte förbereda insättning i ") + spec_.table + ": " +
            sqlite3_errmsg(db));
  return prepared;
}

VersionedWriter::~VersionedWriter() {
  if (pending_.valid()) pending_.wait();
  wait_session();  // another writer's batch may still use the session
  try {
    restore_page_cache();
    rebuild_indexes();  // flush() was not called: the table keeps its indexes all the same
  } catch (...) {  // a destructor does not throw; the session is then unusable anyway
  }
}

void VersionedWriter::load_heads() {
  std::string cols;
  for (const auto& d : spec_.identity) cols += std::string(d.name) + ", ";
  long long count = 0;
  sql_ << "SELECT count(*) FROM " << spec_.table, soci::into(count);
  if (count == 0) {
    if (!bulk()) track_ = true;  // the fast path is for SQLite and PostgreSQL only
    if (!track_ && native_) shrink_page_cache();
    may_defer_indexes_ = !track_ && postgres_;
    return;
  }
  track_ = true;
  log_.reserve(static_cast<size_t>(count));
  const size_t n = spec_.identity.size();
  std::vector<ColType> types(n, ColType::text);
  types.insert(types.end(), {ColType::integer, ColType::integer});
  RowReader rows(sql_, types, kMinBatch);
  rows.run("SELECT " + cols + "version, content_hash FROM " + spec_.table);
  std::string key;
  while (rows.fetch()) {
    for (size_t r = 0; r < rows.size(); ++r) {
      key.clear();
      for (size_t c = 0; c < n; ++c) {
        if (c) key += '\x1f';
        key += rows.text(c, r);
      }
      log_.load(key, rows.integer(n, r), rows.integer(n + 1, r));
    }
  }
}

void VersionedWriter::shrink_page_cache() {
  long long kib = 0;
  sql_ << "PRAGMA cache_size", soci::into(kib);
  saved_cache_size_ = kib;
  sql_ << "PRAGMA cache_size=" + std::to_string(kBulkCacheSize);
}

void VersionedWriter::restore_page_cache() {
  if (!saved_cache_size_) return;
  sql_ << "PRAGMA cache_size=" + std::to_string(*saved_cache_size_);
  saved_cache_size_.reset();
}

void VersionedWriter::defer_indexes() {
  may_defer_indexes_ = false;
  // Every index of the table, with the constraint it serves (the primary
  // key): only the table's owner may drop them, so a role that may only
  // insert (docs/postgresql.md, "Schema and roles") gets none and loads with them.
  std::string table(spec_.table), index, index_def, constraint, constraint_def;
  soci::statement st =
      (sql_.prepare
           << "SELECT quote_ident(x.relname), pg_get_indexdef(i.indexrelid), "
              "coalesce(quote_ident(k.conname), ''), coalesce(pg_get_constraintdef(k.oid), "
              "'') FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class t "
              "ON t.oid = i.indrelid LEFT JOIN pg_constraint k ON k.conindid = "
              "i.indexrelid AND k.conrelid = t.oid WHERE t.oid = to_regclass(:t) AND "
              "pg_has_role(t.relowner, 'USAGE')",
       soci::use(table, "t"), soci::into(index), soci::into(index_def), soci::into(constraint),
       soci::into(constraint_def));
  st.execute();
  std::vector<std::string> drop;
  while (st.fetch()) {
    if (constraint.empty()) {
      deferred_indexes_.push_back(index_def);
      drop.push_back("DROP INDEX " + index);
    } else {
      deferred_indexes_.push_back("ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " " +
                                  constraint_def);
      drop.push_back("ALTER TABLE " + table + " DROP CONSTRAINT " + constraint);
    }
  }
  for (const std::string& stmt : drop) sql_ << stmt;
}

void VersionedWriter::rebuild_indexes() {
  std::vector<std::string> rebuild;
  rebuild.swap(deferred_indexes_);
  for (const std::string& stmt : rebuild) {
    try {
      sql_ << stmt;
    } catch (const soci::postgresql_soci_error& e) {
      if (e.sqlstate() == "23505")  // the primary key (or a unique index) found a repeat
        throw IdentityConflict(spec_.table, without_statement(e));
      throw;
    }
  }
}

int64_t VersionedWriter::hash_content() const {
  ContentHash h;
  const RowValues& v = *current_;
  const size_t n_id = spec_.identity.size();
  for (size_t c = n_id; c < v.cols_.size(); ++c) {
    const auto& col = v.cols_[c];
    const bool null = col.ind[v.row_] == soci::i_null;
    if (!spec_.content[c - n_id].null_hashed) {
      if (null) continue;
      h.add(std::string_view("\x01")).add(spec_.content[c - n_id].name);  // no text holds \x01
    }
    if (null) h.add(std::string_view("\x01null"));
    else if (col.type == ColType::text) h.add(col.texts[v.row_]);
    else h.add(static_cast<int64_t>(col.ints[v.row_]));
  }
  return h.value();
}

VersionDecision VersionedWriter::decide(long line) { return decide(line, hash_content()); }

VersionDecision VersionedWriter::decide(long line, int64_t content_hash) {
  last_hash_ = content_hash;
  if (!track_) return last_ = {Change::added, 1, 0};
  identity_.clear();
  const RowValues& v = *current_;
  for (size_t c = 0; c < spec_.identity.size(); ++c) {
    if (c) identity_ += '\x1f';
    const auto& col = v.cols_[c];
    if (col.type == ColType::text) identity_ += col.texts[v.row_];
    else identity_ += std::to_string(col.ints[v.row_]);
  }
  last_ = log_.decide(identity_, content_hash, line);
  return last_;
}

void VersionedWriter::append() {
  RowValues& v = *current_;
  v.versions_[v.row_] = last_.version;
  v.hashes_[v.row_] = last_hash_;
  if (++v.row_ == batch_) submit();
  else if (v.row_ == v.rows())
    v.resize(std::min(batch_, 2 * v.rows()));
}

void VersionedWriter::wait_pending() {
  if (pending_.valid()) std::exchange(pending_, {}).get();  // rethrows a failed insert
}

void VersionedWriter::wait_session() {
  if (chain_ && chain_->last_.valid()) chain_->last_.wait();
}

void WriteChain::then(std::function<void()> task) {
  std::shared_future<void> before = last_;
  last_ = std::async(std::launch::async, [before, task = std::move(task)]() mutable {
            if (before.valid()) std::exchange(before, {}).get();  // its failure is this one's
            task();
          }).share();
}

void WriteChain::wait() {
  if (last_.valid()) last_.get();
}

void VersionedWriter::submit() {
  RowValues& full = *current_;
  const size_t rows = full.row_;
  if (rows == 0) return;
  wait_pending();
  // A first batch that fills the buffer into an empty table on PostgreSQL:
  // the table's indexes are built after its rows, not row by row.
  if (may_defer_indexes_ && rows == batch_) {
    wait_session();
    defer_indexes();
  }
  may_defer_indexes_ = false;
  if (bulk()) {
    identity_order(full, spec_.identity.size(), rows, full.order_);
    std::shared_future<void> before = chain_ ? chain_->last_ : std::shared_future<void>();
    // `before` is let go once waited for: a batch does not keep the chain
    // of all batches before it alive.
    auto write = [this, &full, rows, before]() mutable {
      if (!native_) {
        send_copy(full, rows, before);
        return;
      }
      if (before.valid()) std::exchange(before, {}).get();  // its failure is this batch's too
      insert_sqlite(full, rows);
    };
    pending_ = std::async(std::launch::async, write).share();
    if (chain_) chain_->last_ = pending_;
    current_ = current_ == &buffers_[0] ? &buffers_[1] : &buffers_[0];
  } else {
    wait_session();  // a batch of another writer, or a task of the chain, may use the session
    flush_soci(full, rows);
  }
  current_->row_ = 0;
}

void VersionedWriter::flush() {
  submit();
  wait_pending();
  wait_session();
  restore_page_cache();
  rebuild_indexes();
}

void VersionedWriter::insert_sqlite(const RowValues& v, size_t rows) {
  const size_t n_id = spec_.identity.size();
  const int per_row = static_cast<int>(v.cols_.size() + (spec_.versioned ? 3 : 0));
  // Binds column `c`'s value of row `r` to parameter `p` (1-based).
  auto bind = [](sqlite3_stmt* st, int p, const RowValues::Column& c, size_t r) {
    if (c.ind[r] == soci::i_null)
      sqlite3_bind_null(st, p);
    else if (c.type == ColType::text)
      sqlite3_bind_text(st, p, c.texts[r].data(), static_cast<int>(c.texts[r].size()),
                        SQLITE_STATIC);
    else
      sqlite3_bind_int64(st, p, c.ints[r]);
  };
  // Binds rows order_[first..first + n) to a statement of n rows, a column
  // (all n rows' values of it) at a time: the values come from one buffer
  // after another instead of from every column's buffers for each row, which
  // the CPU's prefetchers follow (the rows were filled by another thread).
  auto bind_rows = [&](sqlite3_stmt* st, size_t first, size_t n) {
    auto column = [&](int pos, auto&& value) {
      for (size_t k = 0; k < n; ++k)
        value(static_cast<int>(k) * per_row + pos, v.order_[first + k]);
    };
    int pos = 0;
    for (size_t c = 0; c < n_id; ++c)
      column(++pos, [&](int p, size_t r) { bind(st, p, v.cols_[c], r); });
    if (spec_.versioned) {
      column(++pos, [&](int p, size_t r) { sqlite3_bind_int64(st, p, v.versions_[r]); });
      column(++pos, [&](int p, size_t) { sqlite3_bind_int64(st, p, import_id_); });
      column(++pos, [&](int p, size_t r) { sqlite3_bind_int64(st, p, v.hashes_[r]); });
    }
    for (size_t c = n_id; c < v.cols_.size(); ++c)
      column(++pos, [&](int p, size_t r) { bind(st, p, v.cols_[c], r); });
  };
  auto step = [&](sqlite3_stmt* st) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw IdentityConflict(spec_.table);
    if (rc != SQLITE_DONE)
      throw StoreError(std::string("insert into ") + spec_.table + " failed: " + sqlite3_errstr(rc),
                       std::string("databasfel: insättning i ") + spec_.table +
                           " misslyckades: " + sqlite3_errstr(rc));
  };
  size_t r = 0;
  if (rows >= kMultiRows && !native_multi_) native_multi_ = prepare_sqlite(multi_sql_);
  for (; r + kMultiRows <= rows; r += kMultiRows) {
    bind_rows(native_multi_.get(), r, kMultiRows);
    step(native_multi_.get());
  }
  for (; r < rows; ++r) {
    bind_rows(native_.get(), r, 1);
    step(native_.get());
  }
}

// Rows are formatted kCopyRows at a time (some 70 KB of postings).
constexpr size_t kCopyRows = 256;

void VersionedWriter::send_copy(const RowValues& v, size_t rows, std::shared_future<void>& before) {
  std::optional<CopyIn> copy;
  // Begins the COPY after the batch before it: waits for that batch when
  // `wait`, else begins only if it has ended already. Its failure is this
  // batch's too.
  auto begin = [&](bool wait) {
    if (copy) return;
    if (before.valid()) {
      if (!wait && before.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
      std::exchange(before, {}).get();
    }
    copy.emplace(sql_, spec_.table, copy_columns_);
  };
  copy_.clear();
  try {
    for (size_t first = 0; first < rows && !(copy && copy->failed()); first += kCopyRows) {
      copy_text(v, first, std::min(kCopyRows, rows - first));
      begin(false);
      if (copy) {
        copy->put(copy_);
        copy_.clear();
      }
    }
  } catch (...) {
    // Fails only once the session is free; a COPY begun is cancelled (~CopyIn).
    if (before.valid()) before.wait();
    throw;
  }
  begin(true);
  copy->put(copy_);
  copy->end();
}

void VersionedWriter::copy_text(const RowValues& v, size_t first, size_t n) {
  const size_t n_id = spec_.identity.size();
  char digits[24];
  auto integer = [&](long long x) {
    copy_.append(digits, std::to_chars(digits, digits + sizeof digits, x).ptr);
  };
  for (size_t i = first; i < first + n; ++i) {
    const uint32_t r = v.order_[i];
    auto field = [&](const RowValues::Column& c, size_t col) {
      if (col > 0) copy_ += '\t';
      if (c.ind[r] == soci::i_null) copy_ += "\\N";
      else if (c.type == ColType::text) append_copy_text(copy_, c.texts[r]);
      else integer(c.ints[r]);
    };
    size_t col = 0;
    for (size_t c = 0; c < n_id; ++c) field(v.cols_[c], col++);
    if (spec_.versioned) {
      copy_ += '\t';
      integer(v.versions_[r]);
      copy_ += '\t';
      integer(import_id_);
      copy_ += '\t';
      integer(v.hashes_[r]);
    }
    for (size_t c = n_id; c < v.cols_.size(); ++c) field(v.cols_[c], col++);
    copy_ += '\n';
  }
}

void VersionedWriter::flush_soci(RowValues& v, size_t rows) {
  // SOCI binds whole vectors: each holds the batch's rows, then its room again.
  const size_t room = v.rows();
  v.resize(rows);
  import_ids_.assign(rows, import_id_);
  ok_.assign(rows, soci::i_ok);
  soci::statement st(sql_);
  const size_t n_id = spec_.identity.size();
  auto bind = [&](RowValues::Column& c) {
    if (c.type == ColType::text) st.exchange(soci::use(c.texts, c.ind));
    else st.exchange(soci::use(c.ints, c.ind));
  };
  for (size_t c = 0; c < n_id; ++c) bind(v.cols_[c]);
  if (spec_.versioned) {
    st.exchange(soci::use(v.versions_, ok_));
    st.exchange(soci::use(import_ids_, ok_));
    st.exchange(soci::use(v.hashes_, ok_));
  }
  for (size_t c = n_id; c < v.cols_.size(); ++c) bind(v.cols_[c]);
  st.alloc();
  st.prepare(insert_sql_);
  st.define_and_bind();
  st.execute(true);
  v.resize(room);
}

}  // namespace vardavtal
