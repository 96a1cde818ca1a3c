// A PostgreSQL database of the running test's own, for the end-to-end tests
// that need a server (postgres_roles_test.cpp, postgres_outage_test.cpp), on
// the server of VARDAVTAL_TEST_POSTGRES_URL (a superuser's, as
// scripts/postgres-up.sh prints): made anew by create(), dropped with its
// sessions by drop() or when the object goes, also when the test fails.
#pragma once

#include <cstdlib>
#include <string>

#include "tests/e2e/run_command.h"

namespace vardavtal::testing {

// A command's output (stdout and stderr) and exit status.
struct Result {
  std::string out;
  int status = 0;
};

// `text` as one word of /bin/sh.
inline std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// `sql` run by psql as `url` (from its standard input), stopping at the first
// error; query results are dropped (-o). Its errors, empty when it succeeded.
inline std::string psql(const std::string& url, const std::string& sql) {
  return run(
      "printf '%s\\n' " + shell_quoted(sql) +
      " | PGOPTIONS=--client-min-messages=warning psql -q -X -v ON_ERROR_STOP=1 -o /dev/null " +
      shell_quoted(url));
}

// What `query` gives as `url`, a line a row (psql's unaligned tuples).
inline std::string psql_value(const std::string& url, const std::string& query) {
  return run("psql -q -X -At " + shell_quoted(url) + " -c " + shell_quoted(query));
}

class PostgresDatabase {
 public:
  // The superuser's URL, empty when the variable is not set (the test skips).
  static std::string admin_url() {
    const char* url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
    return url ? url : "";
  }
  PostgresDatabase() = default;
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  ~PostgresDatabase() { drop(); }

  // Makes the database `name` (UTF8), dropping one an earlier run left: the
  // errors, empty when it succeeded.
  std::string create(const std::string& name) {
    name_ = name;
    const std::string dropped = admin_sql("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    return dropped.empty() ? admin_sql("CREATE DATABASE " + name_ + " ENCODING 'UTF8'") : dropped;
  }
  // Drops it, ending its sessions; once.
  void drop() {
    if (name_.empty()) return;
    admin_sql("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    name_.clear();
  }

  // postgresql://user:password@host:port, the superuser's server without a database.
  static std::string server() {
    const std::string admin = admin_url();
    return admin.substr(0, admin.rfind('/'));
  }
  const std::string& name() const { return name_; }
  // The database's URL as the superuser.
  std::string url() const { return server() + "/" + name_; }
  // `sql` as the superuser in the database `postgres` (psql above).
  static std::string admin_sql(const std::string& sql) { return psql(server() + "/postgres", sql); }
  // What `query` gives as the superuser in `postgres`, a line a row.
  static std::string admin_value(const std::string& query) {
    return psql_value(server() + "/postgres", query);
  }

 private:
  std::string name_;
};

}  // namespace vardavtal::testing
