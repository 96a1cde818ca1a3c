// End-to-end: `backup` and `restore` (docs/backup.md) through the real
// binary on SQLite: a copy taken while a billing run writes passes verify;
// restoring it brings back exactly the invoices it held; a copy is never
// written over an existing file, a copy that fails verify is not restored,
// and restore waits for no running bill (it refuses).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

class BackupCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("backup-cli");
    vardavtal::testing::write_billing_catalogue(dir_);
    std::string rows;
    for (int m = 1; m <= 12; ++m) {
      char line[200];
      std::snprintf(line, sizeof line,
                    "R%02d,AS,191212121212,%s,inpatient,K,2021-%02d-01,2021-%02d-03,B02B,30000,,"
                    "341,I35.0,%s\n",
                    m, m % 2 ? "20" : "04", m, m, m % 2 ? "2080" : "0480");
      rows += line;
    }
    write(dir_ / "records.csv", vardavtal::testing::records_header() + rows);
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string invoices() { return run(bin_ + "invoices --format csv"); }
  fs::path dir_;
  std::string bin_;
};

TEST_F(BackupCli, ACopyTakenDuringABillIsConsistentAndRestoresExactly) {
  run(bin_ + "bill --through 2021-06");
  const std::string june = invoices();
  const fs::path copy = dir_ / "june.db";
  const std::string made = run(bin_ + "backup --out " + copy.string());
  EXPECT_EQ(made.rfind("backup: ", 0), 0u) << made;  // "backup: N pages -> FILE" (N: the schema's)
  EXPECT_NE(made.find(" pages -> " + copy.string() + "\n" + copy.string() + ": verify OK\n"),
            std::string::npos)
      << made;
  // While a billing run writes, another copy: consistent whatever it caught.
  const fs::path during = dir_ / "during.db";
  const std::string both = run(bin_ + "bill --through 2021-12 >/dev/null & " + bin_ +
                               "backup --out " + during.string() + " | tail -1; wait");
  EXPECT_EQ(both, during.string() + ": verify OK\n");
  const std::string december = invoices();
  ASSERT_NE(december, june);
  int status = 0;
  const std::string again = run(bin_ + "backup --out " + copy.string() + " 2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(again.find("finns redan; välj en ny fil"), std::string::npos) << again;

  EXPECT_EQ(run(bin_ + "restore " + copy.string()),
            copy.string() + ": verify OK\nrestored " + copy.string() +
                "\nrestored database: verify OK\n");
  EXPECT_EQ(invoices(), june);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
  // The restored trail is the copy's (taken before its own backup row was
  // appended to the original), then the restore row, which names the trail
  // it replaced: the original's, with both backups and December's bill.
  const std::string trail = run(bin_ + "audit --format csv");
  EXPECT_EQ(trail.find(",backup,"), std::string::npos) << trail;
  EXPECT_NE(trail.find(",restore," + copy.string() + " sha256 "), std::string::npos) << trail;
  EXPECT_NE(trail.find("; replaced a trail of "), std::string::npos) << trail;
}

TEST_F(BackupCli, RestoreRefusesACopyThatFailsVerifyOrARunningBill) {
  run(bin_ + "bill --through 2021-06");
  const fs::path copy = dir_ / "copy.db";
  run(bin_ + "backup --out " + copy.string());
  const std::string before = invoices();
  // Under a held run lock (a running bill or settle): refused.
  int status = 0;
  const std::string locked = run("flock " + (dir_ / "b.db.lock").string() + " " + bin_ +
                                     "restore " + copy.string() + " 2>&1",
                                 &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(locked.find("kan inte köra restore: en annan bill eller settle"), std::string::npos)
      << locked;
  // A copy whose ledger was tampered with: refused, nothing changed.
  run("sqlite3 " + copy.string() + " \"UPDATE invoices SET total = total + 1\"");
  const std::string bad = run(bin_ + "restore " + copy.string() + " 2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(bad.find("restore nekad: " + copy.string() + " klarar inte verify"), std::string::npos)
      << bad;
  EXPECT_EQ(invoices(), before);
}

// The audit trail (issue 15 item 5): one row per change, in order, with the
// file digests and number ranges; verify finds a row edited or deleted.
TEST_F(BackupCli, TheAuditTrailRecordsEveryChangeAndVerifyChecksItsChain) {
  run(bin_ + "bill --through 2021-03");
  run(bin_ + "token create --role admin --name auditor 2>/dev/null");
  run(bin_ + "import --quiet records " + (dir_ / "records.csv").string());  // nothing new
  const std::string json = run(bin_ + "audit --format json");
  const boost::json::array rows = boost::json::parse(json).as_array();
  std::vector<std::string> commands;
  for (const auto& r : rows) commands.push_back(std::string(r.at("command").as_string()));
  // init; import of weights, prices, index, 2 agreements and records; bill; token.
  EXPECT_EQ(commands, (std::vector<std::string>{"init", "import", "import", "import", "import",
                                                "import", "import", "bill", "token"}))
      << json;
  const std::string bill(rows[7].at("detail").as_string());
  // January (20), February (04), March (20): B02B 0.5003 × 50 000 = 25 015.00,
  // half of it variable under AGR21's 50 % subscription (whose base year 2020
  // has no production: no installments): 3 × 12 507.50.
  EXPECT_EQ(bill,
            "seller AS months 2021-01..2021-03 (run through 2021-03): 3 documents "
            "0300000001..0300000003 (invoiced 37522.50, credited 0.00)")
      << bill;
  const std::string records(rows[6].at("detail").as_string());
  EXPECT_NE(records.find("records.csv sha256 " +
                         run("sha256sum " + (dir_ / "records.csv").string() + " | cut -c1-64 | "
                             "tr -d '\\n'") + ": 12 new, 0 changed"),
            std::string::npos)
      << records;
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
  run("sqlite3 " + (dir_ / "b.db").string() +
      " \"UPDATE audit_log SET detail = 'nothing' WHERE command = 'bill'\"");
  EXPECT_EQ(run(bin_ + "verify"),
            "granskningsrad 8 har ändrats, eller en rad före den (dess kontrollsumma hänger inte "
            "ihop med kedjan)\n"
            "1 avvikelse\n");
}

// A run committed in several parts has one audit row per commit, inside it
// (docs/audit.md): one month a commit here, each with its one document; a
// file that is refused leaves no row.
TEST_F(BackupCli, EachCommitOfARunCarriesItsOwnAuditRow) {
  run("env VARDAVTAL_BILL_POSTINGS_PER_COMMIT=1 " + bin_ + "bill --through 2021-03");
  write(dir_ / "bad.csv", vardavtal::testing::records_header() + "R99,AS,1,20\n");
  int status = 0;
  run(bin_ + "import records " + (dir_ / "bad.csv").string() + " 2>&1", &status);
  EXPECT_EQ(status, 1);
  std::vector<std::string> details;
  const boost::json::value trail = boost::json::parse(run(bin_ + "audit --format json"));
  for (const auto& r : trail.as_array())
    if (r.at("command").as_string() != "init" && r.at("command").as_string() != "import")
      details.push_back(std::string(r.at("detail").as_string()));
  // 25 015.00 a month, half of it variable (AGR21's 50 % subscription).
  EXPECT_EQ(details, (std::vector<std::string>{
                         "seller AS months 2021-01..2021-01 (run through 2021-03): 1 document "
                         "0300000001..0300000001 (invoiced 12507.50, credited 0.00)",
                         "seller AS months 2021-02..2021-02 (run through 2021-03): 1 document "
                         "0300000002..0300000002 (invoiced 12507.50, credited 0.00)",
                         "seller AS months 2021-03..2021-03 (run through 2021-03): 1 document "
                         "0300000003..0300000003 (invoiced 12507.50, credited 0.00)"}));
}

// Who has seen a patient's data (issue 15 item 7; docs/audit.md#access-log):
// each CLI read of patient data is an audit row naming its patients;
// access-log answers per patient; verify finds a patient list edited;
// pruning (retention) takes no date after today.
TEST_F(BackupCli, AccessLogAnswersWhoHasSeenAPatientsData) {
  run(bin_ + "bill --through 2021-02");
  run(bin_ + "invoice 0300000001 --format csv >/dev/null");
  run(bin_ + "explain --seller AS --record R02 >/dev/null");
  const std::string me = run("id -un | tr -d '\\n'");
  // The fixture's one patient, written with a dash: the same personnummer.
  const std::string csv = run(bin_ + "access-log --patient 19121212-1212 --format csv");
  EXPECT_NE(csv.find("audit_id,at,who,what,patients\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("," + me + ",invoice 0300000001 seller AS (csv),1\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("," + me + ",explain seller AS record R02,1\n"), std::string::npos) << csv;
  // The question is itself a read of that patient.
  const std::string again = run(bin_ + "access-log --patient 191212121212 --format csv");
  EXPECT_NE(again.find("," + me + ",access-log,1\n"), std::string::npos) << again;
  EXPECT_EQ(run(bin_ + "access-log --patient 198001019804 --format csv"),
            "audit_id,at,who,what,patients\n");  // another patient: nobody
  int status = 0;
  const std::string bad = run(bin_ + "access-log --patient 191212121213 2>&1", &status);
  EXPECT_EQ(status, 2);
  EXPECT_EQ(bad.find("191212121213"), std::string::npos) << bad;  // never echoed
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");

  const std::string db = (dir_ / "b.db").string();
  run("sqlite3 " + db +
      " \"UPDATE audit_patients SET patient_id = '198001019804' WHERE audit_id = "
      "(SELECT min(audit_id) FROM audit_patients)\"");
  const std::string broken = run(bin_ + "verify");
  EXPECT_NE(broken.find(": patienterna i denna läsning har ändrats eller tagits bort\n"),
            std::string::npos)
      << broken;
  // Retention removes the past only (the ids of older reads: see
  // PendingReadsTest.RetentionRemovesTheIdsOfOlderReadsAndKeepsTheChain).
  const std::string future = run(bin_ + "access-log --prune-before 2999-01-01 2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(future, "vardavtal: --prune-before 2999-01-01 ligger efter i dag\n");
  const std::string today = run("date -u +%F | tr -d '\\n'");
  EXPECT_EQ(run(bin_ + "access-log --prune-before " + today),
            "removed the patient ids of 0 reads before " + today + " (0 entries)\n");
  const std::string trail = run(bin_ + "audit --format csv");
  EXPECT_NE(trail.find(",prune,\"patient lists of reads before " + today +
                       " removed: 0 reads, 0 patient entries\","),
            std::string::npos)
      << trail;
  EXPECT_EQ(trail.find("191212121212"), std::string::npos) << trail;
}

// PostgreSQL: pg_dump -Fc and pg_restore (docs/backup.md) round-trip the
// database: the restored one passes verify and holds the same invoices.
TEST_F(BackupCli, PostgresqlRoundTripsThroughPgDumpAndPgRestore) {
  const char* admin_url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
  if (!admin_url || !*admin_url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
  const std::string admin = admin_url, base = admin.substr(0, admin.rfind('/'));
  const std::string from = base + "/vardavtal_backup_from", to = base + "/vardavtal_backup_to";
  auto psql = [&](const std::string& sql) {
    return run("psql -q '" + admin + "' -c '" + sql + "' >/dev/null 2>&1 && echo ok");
  };
  for (const char* db : {"vardavtal_backup_from", "vardavtal_backup_to"}) {
    ASSERT_EQ(psql(std::string("DROP DATABASE IF EXISTS ") + db), "ok\n");
    ASSERT_EQ(psql(std::string("CREATE DATABASE ") + db), "ok\n");
  }
  const std::string pg = std::string(VARDAVTAL_BINARY) + " --db '" + from + "' ";
  ASSERT_EQ(run(pg + "init >/dev/null && " + pg + "import --quiet all " + dir_.string() +
                " >/dev/null && " + pg + "bill --through 2021-12 >/dev/null && echo ok"),
            "ok\n");
  const fs::path dump = dir_ / "vardavtal.dump";
  ASSERT_EQ(run("pg_dump -Fc -f " + dump.string() + " '" + from + "' && pg_restore --no-owner -d '" +
                to + "' " + dump.string() + " && echo ok"),
            "ok\n");
  const std::string restored = std::string(VARDAVTAL_BINARY) + " --db '" + to + "' ";
  EXPECT_EQ(run(restored + "verify"), "OK\n");
  EXPECT_EQ(run(restored + "invoices --format csv"), run(pg + "invoices --format csv"));
  for (const char* db : {"vardavtal_backup_from", "vardavtal_backup_to"})
    psql(std::string("DROP DATABASE IF EXISTS ") + db);
}

}  // namespace
