// WriteTransaction: a transaction of a command that writes (import, bill,
// settle, the audit trail). On SQLite it begins IMMEDIATE: it takes the
// write lock at once (waiting up to the busy timeout for another writer)
// instead of at its first write, when a commit of another connection since
// its first read would make SQLite refuse it at once ("database is locked")
// whatever the timeout. On PostgreSQL an ordinary transaction. Rolls back
// unless committed. Not thread-safe; one per Store at a time.
#pragma once

#include "store/store.h"

namespace vardavtal {

class WriteTransaction {
 public:
  explicit WriteTransaction(Store& store) : sql_(store.sql()) {
    if (store.is_sqlite())
      sql_ << "BEGIN IMMEDIATE";
    else
      sql_.begin();
  }
  ~WriteTransaction() {
    if (!done_) rollback();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  void commit() {
    sql_.commit();
    done_ = true;
  }
  // Nothing of the transaction is kept, whether the rollback succeeds or the
  // database ended the transaction already (SQLite rolls back by itself on a
  // full disk or out of memory in a statement without a statement journal,
  // as the writers' inserts are): a failed ROLLBACK is not the error to
  // report; the caller's own is.
  void rollback() {
    done_ = true;
    try {
      sql_.rollback();
    } catch (...) {
      // Closing the session rolls it back anyway.
    }
  }

 private:
  soci::session& sql_;
  bool done_ = false;
};

// ReadSnapshot: the reads of one task see one state of the database (a
// billing run's month read ahead on a session of its own: its item sets and
// records). On SQLite a deferred transaction (its snapshot is taken at the
// first read; in WAL mode it never blocks the writer); on PostgreSQL
// REPEATABLE READ. Ends (nothing written) when destroyed. Not thread-safe;
// one per Store at a time.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Store& store) : sql_(store.sql()) {
    sql_ << (store.is_sqlite() ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ");
  }
  ~ReadSnapshot() {
    try {
      sql_ << "ROLLBACK";
    } catch (...) {
      // Closing the session ends it anyway.
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  soci::session& sql_;
};

}  // namespace vardavtal
