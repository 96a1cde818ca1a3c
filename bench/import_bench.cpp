// Import benchmark (not a test): imports a records.csv into a fresh SQLite
// database through the validating importer, then loads the same file with
// `sqlite3 .import` into a plain table, in the same run, and prints rows/s and
// peak memory of both and their ratio.
// Usage: import_bench RECORDS_CSV [WORK_DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
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
std::string secs(long long us) {
  return std::to_string(us / 1000000) + "." + std::to_string(us / 10000 % 100 / 10) +
         std::to_string(us / 1000 % 10);
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
  fs::path db = work / "import-bench.db", plain = work / "sqlite-import.db";
  for (const auto& p : {db, plain}) {
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
  long long t1 = now_us();
  pid_t pid = fork();
  if (pid == 0) {
    std::string script = ".mode csv\n.import '" + csv + "' records\n";
    FILE* in = std::tmpfile();
    std::fputs(script.c_str(), in);
    std::rewind(in);
    dup2(fileno(in), STDIN_FILENO);
    execlp("sqlite3", "sqlite3", plain.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage child{};
  wait4(pid, &status, 0, &child);
  long long sqlite_us = now_us() - t1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "sqlite3 .import failed (is the sqlite3 package installed?)\n";
    return 1;
  }

  TextTable t({"loader", ">rows", ">seconds", ">CPU seconds", ">rows/s", ">peak RSS MiB"});
  t.add({"vardavtal import records", format_thousands(rows), secs(us),
         secs(cpu_us(self) - cpu_us(before)), per_second(rows, us),
         format_thousands(self.ru_maxrss / 1024)});
  t.add({"sqlite3 .import (plain table)", format_thousands(rows), secs(sqlite_us),
         secs(cpu_us(child)), per_second(rows, sqlite_us), format_thousands(child.ru_maxrss / 1024)});
  std::cout << t.render();
  long long ratio = sqlite_us * 100 / (us ? us : 1);
  std::cout << "ratio (vardavtal rows/s / sqlite3 rows/s): " << ratio / 100 << "."
            << (ratio % 100 < 10 ? "0" : "") << ratio % 100 << "\n";
  return 0;
}
