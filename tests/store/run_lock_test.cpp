// RunLock (one bill or settle at a time) and WAL (readers go on while a
// writer writes), on SQLite and, when VARDAVTAL_TEST_POSTGRES_URL is set, on
// PostgreSQL.
#include "store/run_lock.h"
#include "store/write_transaction.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace vardavtal {
namespace {

class RunLockTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      const char* url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
      if (!url || !*url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
      url_ = url;
    } else {
      const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
      std::string name = info->name();
      for (char& c : name)
        if (c == '/') c = '_';
      url_ = ::testing::TempDir() + "vardavtal_lock_" + name + ".db";
      for (const char* suffix : {"", "-wal", "-shm", "-journal", ".lock"})
        std::remove((url_ + suffix).c_str());
    }
  }
  void TearDown() override {
    if (!GetParam())
      for (const char* suffix : {"", "-wal", "-shm", "-journal", ".lock"})
        std::remove((url_ + suffix).c_str());
  }
  std::string url_;
};

TEST_P(RunLockTest, ASecondRunRefusesUntilTheFirstEnds) {
  Store a(url_), b(url_);
  std::optional<RunLock> first;
  first.emplace(a, "bill");
  try {
    RunLock second(b, "settle");
    ADD_FAILURE() << "two runs held the lock";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot settle: another bill or settle"), std::string::npos) << what;
    EXPECT_NE(what.find("is running on this database"), std::string::npos) << what;
    if (!GetParam()) {
      EXPECT_NE(what.find("(bill, pid "), std::string::npos) << what;
    }
  }
  first.reset();
  EXPECT_NO_THROW(RunLock again(b, "settle"));
}

INSTANTIATE_TEST_SUITE_P(Engines, RunLockTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgresql" : "Sqlite"; });

// WAL: a reader with no busy timeout reads the last committed state while a
// writer holds a large uncommitted transaction (spilled to disk).
TEST(SqliteWal, ReadersGoOnWhileAWriterWrites) {
  const std::string path = ::testing::TempDir() + "vardavtal_wal_readers.db";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
  {
    Store writer(path), reader(path);
    std::string mode;
    writer.sql() << "PRAGMA journal_mode", soci::into(mode);
    EXPECT_EQ(mode, "wal");
    writer.sql() << "CREATE TABLE t (v text)";
    writer.sql() << "PRAGMA cache_size=1";  // spill the transaction's pages early
    soci::transaction tr(writer.sql());
    const std::string big(4000, 'x');
    for (int i = 0; i < 500; ++i) writer.sql() << "INSERT INTO t VALUES (:v)", soci::use(big);
    reader.sql() << "PRAGMA busy_timeout=0";
    long long n = -1;
    EXPECT_NO_THROW((reader.sql() << "SELECT count(*) FROM t", soci::into(n)));
    EXPECT_EQ(n, 0);
    tr.commit();
    reader.sql() << "SELECT count(*) FROM t", soci::into(n);
    EXPECT_EQ(n, 500);
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

// A writing command's transaction takes the write lock at its start: another
// connection's write meanwhile waits (here: fails at once, with no busy
// timeout) instead of committing between the transaction's first read and
// its first write, which would make SQLite refuse that write whatever the
// timeout (what a deferred transaction met under the server's token updates).
TEST(SqliteWal, AWriteTransactionHoldsTheWriteLockFromItsStart) {
  const std::string path = ::testing::TempDir() + "vardavtal_wal_immediate.db";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
  {
    Store a(path), b(path);
    a.sql() << "CREATE TABLE t (v bigint)";
    WriteTransaction tr(a);
    long long n = -1;
    a.sql() << "SELECT count(*) FROM t", soci::into(n);  // the transaction reads first
    b.sql() << "PRAGMA busy_timeout=0";
    EXPECT_THROW(b.sql() << "INSERT INTO t VALUES (1)", soci::soci_error);
    EXPECT_NO_THROW(a.sql() << "INSERT INTO t VALUES (2)");  // then writes
    tr.commit();
    b.sql() << "SELECT count(*) FROM t", soci::into(n);
    EXPECT_EQ(n, 1);
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

}  // namespace
}  // namespace vardavtal
