// Crash testing in the suite (issue 15 item 2): `import all` killed with
// SIGKILL at random points and run again imports what one run does: the
// database then passes verify, and billing it issues byte-identical
// invoices, numbered without gaps. (`init`, `bill` and `settle` have theirs
// in billing_cli_test.cpp and settle_cli_test.cpp.) Bounded: at most 20
// kills of a run of some 1 500 records.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

TEST(CrashCli, ImportKilledAtRandomPointsImportsWhatOneRunDoes) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("crash-cli");
  vardavtal::testing::write_billing_catalogue(dir);
  std::string rows;
  for (int i = 0; i < 1500; ++i) {
    char line[200];
    const int month = 1 + i % 12, day = 1 + i % 27;
    std::snprintf(line, sizeof line,
                  "C%04d,AS,191212121212,%s,inpatient,K,2021-%02d-%02d,2021-%02d-%02d,%s,30000,,"
                  "341,I35.0,%s\n",
                  i, i % 3 ? "20" : "04", month, day, month, day + 1, i % 2 ? "B02B" : "A01A",
                  i % 3 ? "2080" : "0480");
    rows += line;
  }
  write(dir / "records.csv", vardavtal::testing::records_header() + rows);
  const std::string bin = vardavtal::testing::binary_on(dir);
  const fs::path db = dir / "b.db";
  auto clean = [&] {
    for (const char* f : {"b.db", "b.db-wal", "b.db-shm", "b.db-journal"}) fs::remove(dir / f);
    ASSERT_EQ(run(bin + "init >/dev/null && echo ok"), "ok\n");
  };
  const std::string import = bin + "import --quiet all " + dir.string() + " >/dev/null";
  const std::string bill = bin + "bill --through 2021-12 >/dev/null";
  clean();
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(run(import + " && echo ok"), "ok\n");
  const auto span =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  const std::string summary = run(bin + "summary");
  ASSERT_EQ(run(bill + " && echo ok"), "ok\n");
  const std::string reference = run(bin + "invoices --format csv");
  std::mt19937 rng(20261215);
  int killed = 0, partial = 0;
  for (int i = 0; i < 20 && (i < 5 || killed == 0 || partial == 0); ++i) {
    clean();
    std::uniform_int_distribution<long> at(0, span.count());
    killed += vardavtal::testing::run_killed_after(import, std::chrono::microseconds(at(rng)));
    partial += run(bin + "summary") != summary;
    // Each file's audit row commits with its rows: as many as imports made.
    ASSERT_EQ(run("sqlite3 " + db.string() +
                  " \"SELECT (SELECT count(*) FROM imports WHERE kind <> 'reference') - "
                  "(SELECT count(*) FROM audit_log WHERE command = 'import')\""),
              "0\n")
        << "kill " << i;
    ASSERT_EQ(run(import + " && echo ok"), "ok\n") << i;
    ASSERT_EQ(run(bin + "summary"), summary) << "kill " << i;
    ASSERT_EQ(run(bin + "verify"), "OK\n") << "kill " << i;
    ASSERT_EQ(run(bill + " && echo ok"), "ok\n") << i;
    ASSERT_EQ(run(bin + "invoices --format csv"), reference) << "kill " << i;
  }
  EXPECT_GT(killed, 0);
  EXPECT_GT(partial, 0);  // some kills left a partly imported database
  fs::remove_all(dir);
}

}  // namespace
