#include "store/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vardavtal {

namespace {
// The advisory lock key of PostgreSQL: "vardavtal" in ASCII, as a number.
constexpr long long kLedgerLockKey = 0x7661726461767461LL;

std::string busy_message(const std::string& command, const std::string& holder) {
  return "cannot " + command + ": another bill or settle" + holder +
         " is running on this database; run it again when that one has finished";
}

std::string busy_message_sv(const std::string& command, const std::string& holder) {
  return "kan inte köra " + command + ": en annan bill eller settle" + holder +
         " körs mot databasen; kör igen när den är klar";
}

// What the lock file says about its holder: " (bill, pid 123)", or "".
std::string holder_of(int fd) {
  char buf[128] = {};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return "";
  return " (" + std::string(buf, static_cast<size_t>(n)) + ")";
}
}  // namespace

RunLock::RunLock(Store& store, const std::string& command) : store_(store) {
  if (!store.is_sqlite()) {
    int got = 0;
    long long key = kLedgerLockKey;
    store.sql() << "SELECT CASE WHEN pg_try_advisory_lock(:k) THEN 1 ELSE 0 END", soci::use(key),
        soci::into(got);
    if (!got) throw StoreError(busy_message(command, ""), busy_message_sv(command, ""));
    return;
  }
  store.sql();  // a missing database says so first
  const std::string path = store.sqlite_path() + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0)
    throw StoreError("cannot open " + path + ": " + std::strerror(errno),
                     "kan inte öppna " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const std::string holder = holder_of(fd_);
    ::close(fd_);
    fd_ = -1;
    throw StoreError(busy_message(command, holder), busy_message_sv(command, holder));
  }
  const std::string me = command + ", pid " + std::to_string(::getpid());
  if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, me.data(), me.size(), 0) < 0) {
    // The holder's name is only informative.
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) {
    if (::ftruncate(fd_, 0) != 0) {
      // Informative content only; the lock itself is released below.
    }
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
    return;
  }
  try {
    long long key = kLedgerLockKey;
    store_.sql() << "SELECT pg_advisory_unlock(:k)", soci::use(key);
  } catch (...) {
    // The session's end releases it anyway.
  }
}

}  // namespace vardavtal
