// The server's access log of patient data (docs/audit.md#access-log) without
// waiting behind a billing run: a read is appended to the audit trail at
// once when the database's write lock is free; while another command writes
// (SQLite has one writer at a time, and `bill` holds it for a commit of
// months), the read goes to a spool file beside the database and is answered,
// and a flusher thread appends the spooled reads, with their own times, as
// soon as the lock is free. A spool left by a server that was killed is
// appended when the next server starts. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "store/access_log.h"
#include "store/store.h"

namespace vardavtal {

class PendingReads {
 public:
  // `db`: the server's database path or URL; a SQLite file's spool is
  // `<db>.reads` (mode 0600: it holds patient ids). Reads what a previous
  // server left there.
  explicit PendingReads(std::string db);
  ~PendingReads();  // stop()
  PendingReads(const PendingReads&) = delete;
  PendingReads& operator=(const PendingReads&) = delete;

  // Logs `read` (on the caller's database session): at once, or spooled.
  // Throws when neither is possible: the answer is then not given.
  void log(Store& store, const PatientRead& read);

  // Starts the flusher thread (its own database session).
  void start();
  // Stops the flusher after a last flush; returns how many reads stay in
  // the spool for the next start (the database refused them).
  size_t stop();
  // Appends what is spooled now, waiting for the write lock (the flusher's
  // work; also the stop's). False when the database refused.
  bool flush(Store& store);
  // How many reads wait in the spool.
  size_t pending() const;

 private:
  void spool(const PatientRead& read);  // under mutex_
  void rewrite_spool();                 // under mutex_
  void run();

  const std::string db_, spool_path_;
  mutable std::mutex mutex_;
  std::mutex flush_mutex_;  // one flush at a time: a batch is appended once
  std::condition_variable wake_;
  std::deque<PatientRead> queue_;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace vardavtal
