// Import benchmark (not a test): imports a records.csv into a fresh SQLite
// database through the validating importer, then loads the same file with
// `sqlite3 .import` into a plain table, and into a table with the same keys in
// WAL mode, in the same run, and prints rows/s, CPU and peak memory of each
// and the ratios.
// Usage: import_bench RECORDS_CSV [WORK_DIR]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "billing/app/import.h"
#include "billing/text/text_table.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace vardavtal;

namespace {
long long now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
std::string per_second(long long rows, long long us) {
  return format_thousands(rows * 1000000LL / (us > 0 ? us : 1));
}
long long cpu_us(const rusage& r) {
  return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000000LL + r.ru_utime.tv_usec +
         r.ru_stime.tv_usec;
}
// Seconds with two decimals (the hundredths, rounded down).
std::string secs(long long us) {
  return std::to_string(us / 1000000) + "." + std::to_string(us / 100000 % 10) +
         std::to_string(us / 10000 % 10);
}
// a / b with two decimals.
std::string ratio(long long a, long long b) {
  const long long r = a * 100 / (b ? b : 1);
  return std::to_string(r / 100) + "." + (r % 100 < 10 ? "0" : "") + std::to_string(r % 100);
}

struct Sqlite3Run {
  bool ok = false;
  long long us = 0;
  rusage usage{};
};

// Runs the sqlite3 shell on `db` with `script` as its input (a child process).
Sqlite3Run run_sqlite3(const std::string& db, const std::string& script) {
  Sqlite3Run r;
  const long long t0 = now_us();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* in = std::tmpfile();
    if (!in) _exit(126);
    std::fputs(script.c_str(), in);
    std::rewind(in);
    dup2(fileno(in), STDIN_FILENO);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);  // the PRAGMAs' answers
    execlp("sqlite3", "sqlite3", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  wait4(pid, &status, 0, &r.usage);
  r.us = now_us() - t0;
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: import_bench RECORDS_CSV [WORK_DIR]\n";
    return 2;
  }
  std::string csv = argv[1];
  fs::path work = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "vardavtal-bench";
  fs::create_directories(work);
  fs::path db = work / "import-bench.db", plain = work / "sqlite-import.db",
           keyed = work / "sqlite-import-keyed.db";
  for (const auto& p : {db, plain, keyed}) {
    fs::remove(p);
    fs::remove(p.string() + "-wal");
    fs::remove(p.string() + "-shm");
  }

  // 1. vardavtal import (validating, versioned, one transaction), after the
  // schema and the hospitals beside the file (the demo's NUS is not built in),
  // which are not measured.
  long long rows = 0, us = 0;
  rusage before{};
  {
    Store setup(db.string());
    setup.migrate();
    const fs::path hospitals = fs::path(csv).parent_path() / "hospitals.csv";
    if (fs::exists(hospitals) &&
        !import_file(setup, "hospitals", hospitals.string(), ImportOptions{}).ok()) {
      std::cerr << hospitals.string() << ": not imported\n";
      return 1;
    }
  }
  {
    // A session of its own, as `vardavtal import` after `init` has.
    Store store(db.string(), OpenMode::existing);
    getrusage(RUSAGE_SELF, &before);
    long long t0 = now_us();
    FileImport r = import_file(store, "records", csv, ImportOptions{});
    us = now_us() - t0;
    if (!r.ok()) {
      std::cerr << r.errors.report();
      return 1;
    }
    rows = r.added;
  }
  rusage self{};
  getrusage(RUSAGE_SELF, &self);

  // 2. sqlite3 .import of the same file into a plain table (child process).
  Sqlite3Run plain_run = run_sqlite3(plain.string(), ".mode csv\n.import '" + csv + "' records\n");
  // 3. The same into a table with the keys vardavtal keeps (the primary key,
  // without vardavtal's version column, and a (seller, date, county) index;
  // the CSV has no billing date, its admission date, always set, is one of
  // the same size) in WAL mode with 16 KiB pages, as vardavtal's database:
  // what sqlite3 costs with the same obligations.
  std::ifstream header_in(csv);
  std::string header;
  std::getline(header_in, header);
  std::string columns;
  for (size_t from = 0; from <= header.size();) {
    size_t to = header.find(',', from);
    if (to == std::string::npos) to = header.size();
    columns += header.substr(from, to - from) + " text, ";
    from = to + 1;
  }
  Sqlite3Run keyed_run =
      run_sqlite3(keyed.string(),
                  "PRAGMA page_size=16384;\nPRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n"
                  "CREATE TABLE records (" +
                      columns +
                      "PRIMARY KEY (seller, record_id));\n"
                      "CREATE INDEX records_date ON records (seller, admission_date, county);\n"
                      ".mode csv\n.import --skip 1 '" +
                      csv + "' records\n");
  for (const auto& [name, r] :
       {std::pair{"plain table", &plain_run}, std::pair{"same keys", &keyed_run}})
    if (!r->ok) {
      std::cerr << "sqlite3 .import into the " << name
                << " failed (is the sqlite3 package installed, 3.32 or later for --skip?)\n";
      return 1;
    }

  TextTable t({"loader", ">rows", ">seconds", ">CPU seconds", ">rows/s", ">peak RSS MiB"});
  const long long cpu = cpu_us(self) - cpu_us(before);
  t.add({"vardavtal import records", format_thousands(rows), secs(us), secs(cpu),
         per_second(rows, us), format_thousands(self.ru_maxrss / 1024)});
  for (const auto& [name, r] : {std::pair{"sqlite3 .import (plain table)", &plain_run},
                                std::pair{"sqlite3 .import (same keys, WAL)", &keyed_run}})
    t.add({name, format_thousands(rows), secs(r->us), secs(cpu_us(r->usage)),
           per_second(rows, r->us), format_thousands(r->usage.ru_maxrss / 1024)});
  std::cout << t.render();
  std::cout << "ratio (vardavtal rows/s / sqlite3 rows/s), plain table: " << ratio(plain_run.us, us)
            << ", same keys: " << ratio(keyed_run.us, us) << "\n";
  std::cout << "CPU (vardavtal / sqlite3), plain table: " << ratio(cpu, cpu_us(plain_run.usage))
            << ", same keys: " << ratio(cpu, cpu_us(keyed_run.usage)) << "\n";
  return 0;
}
