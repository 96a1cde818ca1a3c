// Import benchmark (not a test): loads a records.csv with vardavtal's
// validating importer and with `sqlite3 .import`, each load a child process
// of its own into a fresh SQLite database, in K rounds, and prints each
// loader's wall and CPU time (user + sys of the child, its threads included)
// and peak RSS (the pages the child shares with the bench count too), the
// medians over the rounds (for an even K, the mean of the middle two), and its
// CPU against `sqlite3 .import` into a plain table (issue 13's peer) by the
// medians and round by round. Each round runs every loader once, starting one
// loader later than the round before: each loader takes a different place in
// the round (the load before it changes only in the round it starts). The
// vardavtal loads are forked from the bench: unlike the CLI's, their CPU does
// not include loading the program and its libraries.
//
// The loaders:
//  1. `vardavtal import records`: the product (WAL mode, the records' primary
//     key and indexes, one transaction), after the schema and the hospitals
//     beside the file, which are not measured;
//  2. the same in rollback-journal mode (the Store's synchronous=NORMAL): the
//     pages go to the database only, without the WAL and its checkpoint, as
//     leaving WAL mode for a load would give. An upper bound, not the
//     product: the server's readers go on during an import only in WAL mode
//     (issue 15, docs/decisions.md);
//  3. the same without the index records_billing_county as well. An upper
//     bound too: a billing run reads its months through that index;
//  4. `sqlite3 .import` into a plain table (no key, no index, rollback
//     journal, the shell's defaults): the peer;
//  5. `sqlite3 .import` into a table with the keys vardavtal keeps (the
//     primary key without vardavtal's version column, and a (seller, date,
//     county) index; the CSV has no billing date, its admission date, always
//     set, is one of the same size), 16 KiB pages and synchronous=NORMAL as
//     vardavtal's database, in WAL mode;
//  6. the same in rollback-journal mode.
// Every loader must load the same number of rows, or the bench fails.
//
// Usage: import_bench [--rounds K] RECORDS_CSV [WORK_DIR]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "billing/app/import.h"
#include "billing/text/text_table.h"
#include "core/decimal.h"
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
  return format_scaled_fixed(us / 10000, 2);
}
// a / b (b positive) with two decimals, by the project's one rounding.
std::string ratio(long long a, long long b) {
  return format_scaled_fixed(round_half_away(__int128(a) * 100, b ? b : 1), 2);
}
long long median(std::vector<long long> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void remove_database(const fs::path& db) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix);
}

struct Run {
  bool ran = false;  // the child ran and was waited for
  bool ok = false;   // and exited with 0
  long long us = 0;
  rusage usage{};
};

// Runs `child` in a child process (its result is the exit status, 0 for
// success) and measures it. The caller has no other thread.
Run in_child(const std::function<int()>& child) {
  std::cout.flush();
  std::cerr.flush();
  Run r;
  const long long t0 = now_us();
  const pid_t pid = fork();
  if (pid == 0) _exit(child());
  if (pid < 0) {
    std::perror("import_bench: fork");
    return r;
  }
  int status = 0;
  if (wait4(pid, &status, 0, &r.usage) != pid) {
    std::perror("import_bench: wait4");
    return r;
  }
  r.us = now_us() - t0;
  r.ran = true;
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

// The sqlite3 shell on `db` with `script` as its input.
int sqlite3_child(const std::string& db, const std::string& script) {
  FILE* in = std::tmpfile();
  if (!in) return 126;
  std::fputs(script.c_str(), in);
  std::rewind(in);
  dup2(fileno(in), STDIN_FILENO);
  const int null = open("/dev/null", O_WRONLY);
  dup2(null, STDOUT_FILENO);  // the PRAGMAs' answers
  execlp("sqlite3", "sqlite3", db.c_str(), static_cast<char*>(nullptr));
  return 127;
}

// A database with the schema and the hospitals beside `csv` (the demo's NUS
// is not built in), as `vardavtal import` finds it after `init`.
bool prepare_vardavtal(const fs::path& db, const std::string& csv, bool without_billing_index) {
  remove_database(db);
  Store setup(db.string());
  setup.migrate();
  const fs::path hospitals = fs::path(csv).parent_path() / "hospitals.csv";
  if (fs::exists(hospitals) &&
      !import_file(setup, "hospitals", hospitals.string(), ImportOptions{}).ok()) {
    std::cerr << hospitals.string() << ": not imported\n";
    return false;
  }
  if (without_billing_index) setup.sql() << "DROP INDEX records_billing_county";
  return true;
}

// `vardavtal import records` on a session of its own, in rollback-journal
// mode when `rollback`.
int vardavtal_child(const std::string& db, const std::string& csv, bool rollback) {
  try {
    Store store(db, OpenMode::existing);
    if (rollback) {
      std::string mode;
      store.sql() << "PRAGMA journal_mode=DELETE", soci::into(mode);
      if (mode != "delete") {
        std::cerr << db << ": journal mode " << mode << ", not delete\n";
        return 3;
      }
    }
    FileImport r = import_file(store, "records", csv, ImportOptions{});
    if (!r.ok()) {
      std::cerr << r.errors.report();
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}

long long count_records(const fs::path& db) {
  Store store(db.string(), OpenMode::existing);
  long long n = 0;
  store.sql() << "SELECT count(*) FROM records", soci::into(n);
  return n;
}

enum class Role { product, variant, plain, same_keys_wal, same_keys_rollback };

struct Loader {
  std::string name;
  Role role;
  std::function<bool(const fs::path&)> prepare;  // in the bench's process, not measured
  std::function<int(const fs::path&)> load;      // in a child process, measured
  std::vector<Run> runs = {};

  bool is_sqlite3() const { return role != Role::product && role != Role::variant; }
};

// The CSV's header as the columns of a table of texts ("a text, b text, ").
std::string text_columns(const std::string& csv) {
  std::ifstream in(csv);
  std::string header, columns;
  std::getline(in, header);
  for (size_t from = 0; from <= header.size();) {
    size_t to = header.find(',', from);
    if (to == std::string::npos) to = header.size();
    columns += header.substr(from, to - from) + " text, ";
    from = to + 1;
  }
  return columns;
}

std::vector<Loader> loaders(const std::string& csv) {
  auto vardavtal = [&csv](std::string name, Role role, bool rollback, bool without_index) {
    auto prepare = [csv, without_index](const fs::path& db) {
      return prepare_vardavtal(db, csv, without_index);
    };
    auto load = [csv, rollback](const fs::path& db) {
      return vardavtal_child(db.string(), csv, rollback);
    };
    return Loader{std::move(name), role, prepare, load};
  };
  auto sqlite3 = [](std::string name, Role role, std::string script) {
    auto prepare = [](const fs::path& db) {
      remove_database(db);
      return true;
    };
    auto load = [script](const fs::path& db) { return sqlite3_child(db.string(), script); };
    return Loader{std::move(name), role, prepare, load};
  };
  // The pages' size first: a database in WAL mode keeps the one it has.
  const std::string pages = "PRAGMA page_size=16384;\n", normal = "PRAGMA synchronous=NORMAL;\n",
                    keyed =
                        "CREATE TABLE records (" + text_columns(csv) +
                        "PRIMARY KEY (seller, record_id));\n"
                        "CREATE INDEX records_date ON records (seller, admission_date, county);\n"
                        ".mode csv\n.import --skip 1 '" +
                        csv + "' records\n";
  return {
      vardavtal("vardavtal import records", Role::product, false, false),
      vardavtal("the same, rollback journal (upper bound)", Role::variant, true, false),
      vardavtal("the same, also without records_billing_county (upper bound)", Role::variant, true,
                true),
      sqlite3("sqlite3 .import (plain table)", Role::plain,
              ".mode csv\n.import '" + csv + "' records\n"),
      sqlite3("sqlite3 .import (same keys, WAL)", Role::same_keys_wal,
              pages + "PRAGMA journal_mode=WAL;\n" + normal + keyed),
      sqlite3("sqlite3 .import (same keys, rollback journal)", Role::same_keys_rollback,
              pages + normal + keyed),
  };
}

const Loader& find(const std::vector<Loader>& all, Role role) {
  return *std::find_if(all.begin(), all.end(), [role](const Loader& l) { return l.role == role; });
}

std::vector<long long> cpu_of(const Loader& l) {
  std::vector<long long> v;
  for (const Run& r : l.runs) v.push_back(cpu_us(r.usage));
  return v;
}

// K rounds of every loader, each round starting one loader later; the rows
// every load loaded (the same for all), or -1 after a failure (said on stderr).
long long run_rounds(std::vector<Loader>& all, int rounds, const fs::path& db) {
  long long rows = -1;
  for (int round = 0; round < rounds; ++round) {
    for (size_t i = 0; i < all.size(); ++i) {
      Loader& l = all[(round + i) % all.size()];
      if (!l.prepare(db)) return -1;
      Run r = in_child([&] { return l.load(db); });
      if (!r.ok) {
        std::cerr << l.name << " failed"
                  << (l.is_sqlite3() && r.ran
                          ? " (is the sqlite3 package installed, 3.32 or later for --skip?)\n"
                          : "\n");
        return -1;
      }
      const long long n = count_records(db);
      if (rows >= 0 && n != rows) {
        std::cerr << l.name << " loaded " << n << " rows, not " << rows << "\n";
        return -1;
      }
      rows = n;
      l.runs.push_back(r);
    }
  }
  return rows;
}

void report(const std::vector<Loader>& all, long long rows, int rounds) {
  const std::vector<long long> plain = cpu_of(find(all, Role::plain));
  const long long plain_cpu = median(plain);
  std::cout << "import_bench: " << format_thousands(rows) << " records, " << rounds << " round"
            << (rounds > 1 ? "s (medians)" : "") << "\n";
  TextTable t(
      {"loader", ">seconds", ">CPU seconds", ">rows/s", ">peak RSS MiB", ">CPU ÷ plain table"});
  for (const Loader& l : all) {
    std::vector<long long> wall, rss;
    for (const Run& r : l.runs) {
      wall.push_back(r.us);
      rss.push_back(r.usage.ru_maxrss);
    }
    const long long cpu = median(cpu_of(l)), us = median(wall);
    t.add({(l.role == Role::variant ? "  " : "") + l.name, secs(us), secs(cpu),
           per_second(rows, us), format_thousands(median(rss) / 1024), ratio(cpu, plain_cpu)});
  }
  std::cout << t.render();
  if (rounds > 1) {
    std::cout << "CPU ÷ sqlite3 .import (plain table), round by round:\n";
    for (const Loader& l : all) {
      const std::vector<long long> cpu = cpu_of(l);
      std::cout << "  " << l.name << ":";
      for (size_t i = 0; i < cpu.size(); ++i)
        std::cout << (i ? ", " : " ") << ratio(cpu[i], plain[i]);
      std::cout << "\n";
    }
  }
  const long long ours = median(cpu_of(find(all, Role::product))),
                  same_keys = median(cpu_of(find(all, Role::same_keys_wal)));
  std::cout << "CPU (vardavtal / sqlite3), plain table: " << ratio(ours, plain_cpu)
            << ", same keys: " << ratio(ours, same_keys) << "\n";
}
}  // namespace

int main(int argc, char** argv) {
  const char* usage = "usage: import_bench [--rounds K] RECORDS_CSV [WORK_DIR]\n";
  int rounds = 1, arg = 1;
  if (argc > 1 && std::string_view(argv[1]) == "--rounds") {
    const std::string_view k = argc > 2 ? argv[2] : "";
    const auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), rounds);
    if (ec != std::errc() || end != k.data() + k.size() || rounds < 1) {
      std::cerr << usage << "(K: a whole number from 1)\n";
      return 2;
    }
    arg = 3;
  }
  if (argc - arg < 1 || argc - arg > 2) {
    std::cerr << usage;
    return 2;
  }
  const std::string csv = argv[arg];
  try {
    if (!fs::is_regular_file(csv) || csv.find('\'') != std::string::npos) {
      std::cerr << csv
                << ": not a file, or its path has a ' (the sqlite3 shell's .import quotes it)\n";
      return 2;
    }
    const fs::path work =
        argc - arg > 1 ? fs::path(argv[arg + 1]) : fs::temp_directory_path() / "vardavtal-bench";
    fs::create_directories(work);
    const fs::path db = work / "import-bench.db";
    std::vector<Loader> all = loaders(csv);
    const long long rows = run_rounds(all, rounds, db);
    if (rows < 0) return 1;  // the failed load's database is left for a look
    remove_database(db);
    report(all, rows, rounds);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "import_bench: " << e.what() << "\n";
    return 1;
  }
}
