// RunLock: one writer of the ledger at a time. `bill` and `settle` hold it for
// their whole run, so that two runs on one database cannot both number and
// issue invoices; a second run refuses at once with a clear message instead
// of waiting. SQLite: an exclusive flock(2) on "<database>.lock" beside the
// file (the kernel releases it when the process ends, also on a crash; the
// empty file stays). PostgreSQL: a session-level advisory lock, released when
// the session ends. Not thread-safe; one per Store and run.
#pragma once

#include <string>

#include "store/store.h"

namespace vardavtal {

class RunLock {
 public:
  // Takes the lock for `command` ("bill", "settle"), or throws StoreError
  // naming the command that holds it.
  RunLock(Store& store, const std::string& command);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  Store& store_;
  int fd_ = -1;  // SQLite: the lock file
};

}  // namespace vardavtal
