// The server's access log while another command writes (billing/server/
// pending_reads.h): a read waits for no billing run; it is spooled beside the
// database and appended, with its own time, once the write lock is free; a
// spool left by a killed server is appended by the next one.
#include "billing/server/pending_reads.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "store/access_log.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/write_transaction.h"

namespace vardavtal {
namespace {

namespace fs = std::filesystem;

class PendingReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / ("pending-reads-" + std::string(info->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "b.db").string();
    Store(db_, OpenMode::create).migrate();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string spool() const {
    std::ifstream in(db_ + ".reads");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
  std::string db_;
};

const PatientRead kRead{"2026-12-01T10:00:00Z", "token t", "GET /api/invoices/7", {"191212121212"}};

TEST_F(PendingReadsTest, AFreeDatabaseTakesTheReadAtOnce) {
  Store store(db_);
  PendingReads reads(db_);
  reads.log(store, kRead);
  EXPECT_EQ(reads.pending(), 0u);
  EXPECT_FALSE(fs::exists(db_ + ".reads"));
  const std::vector<AccessEntry> log = access_log(store, "191212121212");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at, "2026-12-01T10:00:00Z");
  EXPECT_EQ(log[0].who, "token t");
  EXPECT_EQ(log[0].what, "GET /api/invoices/7");
}

TEST_F(PendingReadsTest, WhileAnotherWritesTheReadIsSpooledThenAppendedInOrder) {
  Store store(db_), writer(db_);
  PendingReads reads(db_);
  {
    WriteTransaction billing(writer);  // a billing run's commit in progress
    reads.log(store, kRead);           // returns without waiting for it
    PatientRead second = kRead;
    second.at = "2026-12-01T10:00:01Z";
    second.patients = {"191212121212", "198001019804"};
    reads.log(store, second);
    EXPECT_EQ(reads.pending(), 2u);
    EXPECT_EQ(spool(),
              "2026-12-01T10:00:00Z\x1ftoken t\x1fGET /api/invoices/7\x1f"
              "191212121212\n"
              "2026-12-01T10:00:01Z\x1ftoken t\x1fGET /api/invoices/7\x1f"
              "191212121212\x1f"
              "198001019804\n");
    EXPECT_EQ((fs::status(db_ + ".reads").permissions() & fs::perms::all),
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_TRUE(access_log(store, "191212121212").empty());
    billing.commit();
  }
  EXPECT_TRUE(reads.flush(store));
  EXPECT_EQ(reads.pending(), 0u);
  EXPECT_FALSE(fs::exists(db_ + ".reads"));
  const std::vector<AccessEntry> log = access_log(store, "191212121212");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].at, "2026-12-01T10:00:00Z");  // when it was read, not when written
  EXPECT_EQ(log[1].at, "2026-12-01T10:00:01Z");
  EXPECT_EQ(log[1].patients, 2);
  EXPECT_EQ(access_log(store, "198001019804").size(), 1u);
  EXPECT_TRUE(verify_audit(store).empty());
}

TEST_F(PendingReadsTest, TheNextServerAppendsWhatAKilledOneLeftInTheSpool) {
  {
    Store store(db_), writer(db_);
    WriteTransaction billing(writer);
    PendingReads reads(db_);
    reads.log(store, kRead);
    // Killed here: no flush; the spool holds the read (and half a line).
  }
  std::ofstream(db_ + ".reads", std::ios::app) << "2026-12-01T10:00:09Z\x1ftoken";
  Store store(db_);
  EXPECT_TRUE(access_log(store, "191212121212").empty());
  {
    PendingReads next(db_);
    EXPECT_EQ(next.pending(), 1u);  // the cut line is no read
    next.start();
    EXPECT_EQ(next.stop(), 0u);  // a last flush before it stops
  }
  ASSERT_EQ(access_log(store, "191212121212").size(), 1u);
  EXPECT_FALSE(fs::exists(db_ + ".reads"));
  EXPECT_TRUE(verify_audit(store).empty());
}

// Retention (docs/audit.md#access-log): the ids of reads before the cutoff
// go, the reads stay in the chain, verify holds; a read whose ids are removed
// without a prune after it is reported, and so is a read moved into another
// field (no field may hold a line break).
TEST_F(PendingReadsTest, RetentionRemovesTheIdsOfOlderReadsAndKeepsTheChain) {
  Store store(db_);
  PatientRead old = kRead, recent = kRead;
  old.at = "2020-01-01T08:00:00Z";
  append_patient_reads(store, {old, recent});
  const PruneResult r = prune_access_log(store, "dpo", "2021-01-01");
  EXPECT_EQ(r.reads, 1);
  EXPECT_EQ(r.patients, 1);
  const std::vector<AccessEntry> left = access_log(store, "191212121212");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].at, "2026-12-01T10:00:00Z");
  EXPECT_TRUE(verify_audit(store).empty());
  EXPECT_THROW(prune_access_log(store, "dpo", "2999-01-01"), std::invalid_argument);

  // The recent read's ids removed by hand: no prune covers it.
  store.sql() << "DELETE FROM audit_patients";
  const std::vector<Phrase> left_out = verify_audit(store);
  ASSERT_EQ(left_out.size(), 1u);
  EXPECT_EQ(left_out[0].en, "audit row 2: the patients of this read have been changed or removed");
  EXPECT_EQ(left_out[0].sv,
            "granskningsrad 2: patienterna i denna läsning har ändrats eller tagits bort");
}

TEST_F(PendingReadsTest, AReadDisguisedAsAnotherRowIsFound) {
  Store store(db_);
  append_patient_reads(store, {kRead});
  // Its patient digest moved to the end of its detail: the same bytes hashed.
  store.sql() << "UPDATE audit_log SET detail = detail || char(10) || patients_digest, "
                 "patients_digest = NULL WHERE id = 1";
  store.sql() << "DELETE FROM audit_patients";
  const std::vector<Phrase> found = verify_audit(store);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].en,
            "audit row 1 has been changed, or a row before it was (its digest does not chain)");
}

}  // namespace
}  // namespace vardavtal
