// End-to-end: the shared-server recipe of docs/postgresql.md ("Schema and
// roles"), its SQL blocks run as written (the roles' and the schema's names
// made unique to the test), and each role doing what the rights table says:
// the owner `init`, the analyst `import`, `bill --dry-run`, `bill` and
// `token`, the server's role the reads (and their access log), a served
// invoice and a token's use, but no import or bill; a refused right is said
// in Swedish with the docs' section, not as an internal error; the third
// block gives the server the bill preview. Needs VARDAVTAL_TEST_POSTGRES_URL
// (a superuser's, as scripts/postgres-up.sh prints); the roles and the
// database are dropped afterwards, also when the test fails.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/http_request.h"
#include "tests/e2e/run_command.h"

namespace {

namespace fs = std::filesystem;
using vardavtal::testing::Listener;
using vardavtal::testing::request;
using vardavtal::testing::run;

// The ```sql blocks of the section `heading` of the markdown file `path`.
std::vector<std::string> sql_blocks(const fs::path& path, const std::string& heading) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  const size_t from = text.find("\n" + heading + "\n");
  if (from == std::string::npos) return {};
  const size_t to = text.find("\n## ", from + 1);
  const std::string section = text.substr(from, to - from);
  std::vector<std::string> out;
  for (size_t at = section.find("```sql\n"); at != std::string::npos;
       at = section.find("```sql\n", at)) {
    const size_t body = at + 7, end = section.find("```", body);
    out.push_back(section.substr(body, end - body));
    at = end + 3;
  }
  return out;
}

struct Result {
  std::string out;
  int status = 0;
};

class PostgresqlRoles : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
    if (!url || !*url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
    admin_ = url;
    server_ = admin_.substr(0, admin_.rfind('/'));  // postgresql://user:pw@host:port
    host_ = server_.substr(server_.find('@') + 1);
    prefix_ = "vt_roles_" + std::to_string(getpid()) + "_";
    db_ = prefix_ + "db";
    dir_ = vardavtal::testing::fresh_test_dir("roles");
    ASSERT_EQ(admin_sql("postgres", "CREATE DATABASE " + db_ + " ENCODING 'UTF8'"), "");
    created_ = true;
  }
  void TearDown() override {
    if (!created_) return;
    admin_sql("postgres", "DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    for (const char* r :
         {"anna", "vardavtal_web", "vardavtal_write", "vardavtal_read", "vardavtal_owner"})
      admin_sql("postgres", "DROP ROLE IF EXISTS " + prefix_ + r);
    fs::remove_all(dir_);
  }

  // The recipe's names made the test's own: its roles and the schema.
  std::string own_names(std::string sql) const {
    sql = std::regex_replace(
        sql,
        std::regex(R"(\b(vardavtal_owner|vardavtal_read|vardavtal_write|vardavtal_web|anna)\b)"),
        prefix_ + "$1");
    return std::regex_replace(sql, std::regex(R"(\bbilling\b)"), prefix_ + "billing");
  }
  // Runs `sql` with psql as `who` (a superuser's URL, or one of the test's
  // roles) in `database`: its errors, empty when it succeeded.
  std::string psql(const std::string& url, const std::string& sql) {
    const fs::path file = dir_ / "step.sql";
    std::ofstream(file) << sql;
    return run("PGOPTIONS=--client-min-messages=warning psql -q -X -v ON_ERROR_STOP=1 '" + url +
               "' -f " + file.string() + " >/dev/null");
  }
  std::string admin_sql(const std::string& database, const std::string& sql) {
    return psql(server_ + "/" + database, sql);
  }
  // The URL of the test's role `role` (logging in with the password SetUp gives).
  std::string as(const std::string& role) const {
    return "postgresql://" + prefix_ + role + ":pw@" + host_ + "/" + db_;
  }
  // `vardavtal ARGS` as `role`: output and status.
  Result vt(const std::string& role, const std::string& args) {
    int status = 0;
    std::string out =
        run(std::string(VARDAVTAL_BINARY) + " --db '" + as(role) + "' " + args, &status);
    return {out, status};
  }

  std::string admin_, server_, host_, prefix_, db_;
  fs::path dir_;
  bool created_ = false;
};

TEST_F(PostgresqlRoles, TheDocumentedRecipeGivesEachRoleItsRights) {
  const std::vector<std::string> blocks =
      sql_blocks(fs::path(VARDAVTAL_SOURCE_DIR) / "docs/postgresql.md", "## Schema and roles");
  ASSERT_EQ(blocks.size(), 3u) << "the roles, the grants, the server's bill preview";
  // 1. The roles and the schema, as a superuser in the database; the test
  //    logs in over TCP, so its login roles get a password.
  ASSERT_EQ(admin_sql(db_, own_names(blocks[0])), "");
  for (const char* r : {"vardavtal_owner", "anna", "vardavtal_web"})
    ASSERT_EQ(admin_sql(db_, "ALTER ROLE " + prefix_ + r + " PASSWORD 'pw'"), "");
  // 2. init as the owner, then its grants.
  auto init = vt("vardavtal_owner", "init");
  ASSERT_EQ(init.status, 0) << init.out;
  ASSERT_EQ(psql(as("vardavtal_owner"), own_names(blocks[1])), "");

  // The analyst imports, previews, bills and keeps the tokens.
  vardavtal::testing::write_billing_catalogue(dir_);
  vardavtal::testing::write(dir_ / "records.csv", vardavtal::testing::billing_records());
  auto imported = vt("anna", "import --quiet all " + dir_.string());
  ASSERT_EQ(imported.status, 0) << imported.out;
  auto preview = vt("anna", "bill --through 2021-03 --dry-run --format csv");
  ASSERT_EQ(preview.status, 0) << preview.out;
  auto billed = vt("anna", "bill --through 2021-03");
  ASSERT_EQ(billed.status, 0) << billed.out;
  auto listed = vt("anna", "invoices --format csv");
  EXPECT_EQ(listed.out, preview.out);  // the preview issued exactly that
  const std::string number = listed.out.substr(listed.out.find('\n') + 1, 10);
  // A token is the line of the output that starts with vdt_ (the rest is for people).
  auto token_of = [](const std::string& out) {
    const size_t at = out.find("vdt_");
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  auto token = vt("anna", "token create --role seller:AS --name as-web");
  ASSERT_EQ(token.status, 0) << token.out;
  ASSERT_NE(token_of(token.out), "") << token.out;
  auto rotated = vt("anna", "token rotate as-web");
  ASSERT_EQ(rotated.status, 0) << rotated.out;
  const std::string seller_token = token_of(rotated.out);
  ASSERT_NE(seller_token, "") << rotated.out;
  ASSERT_EQ(vt("anna", "token create --role admin --name spare").status, 0);
  EXPECT_EQ(vt("anna", "token revoke spare").out, "token 'spare' återkallad\n");

  // The server's role reads, and its reads of patient data are logged.
  EXPECT_EQ(vt("vardavtal_web", "verify").out, "OK\n");
  for (const std::string& q :
       std::vector<std::string>{"invoices", "invoice " + number, "explain --seller AS --record R1",
                                "price --seller AS"}) {
    auto r = vt("vardavtal_web", q);
    EXPECT_EQ(r.status, 0) << q << "\n" << r.out;
  }
  // It may neither import (a new record) nor bill: refused, in Swedish,
  // pointing to the docs.
  vardavtal::testing::write(
      dir_ / "more.csv",
      vardavtal::testing::billing_records() +
          "R8,AS,191212121212,04,doctor_visit,K,2021-04-02,,B02B,,,341,I35.0,0480\n");
  for (const std::string& q :
       std::vector<std::string>{"import --quiet records " + (dir_ / "more.csv").string(),
                                "bill --through 2021-04", "bill --through 2021-04 --dry-run"}) {
    auto r = vt("vardavtal_web", q);
    EXPECT_EQ(r.status, 1) << q;
    EXPECT_NE(r.out.find("databasen nekar rollen en rättighet som behövs: permission denied for"),
              std::string::npos)
        << q << "\n"
        << r.out;
    EXPECT_NE(r.out.find("(docs/postgresql.md, \"Schema and roles\")"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("internt fel"), std::string::npos) << q << "\n" << r.out;
  }

  // Served as the server's role: an invoice, the token's use noted, and the
  // bill preview refused plainly until the third block gives the rights.
  Listener web;
  ASSERT_TRUE(web.start(std::string(VARDAVTAL_BINARY) + " --db '" + as("vardavtal_web") +
                            "' serve --listen 127.0.0.1:0",
                        (dir_ / "serve.log").string()));
  EXPECT_EQ(request(web.port, "GET", "/api/invoices/" + number, seller_token).status, 200);
  // The token's row: created, expires and now its last use (rotate cleared it).
  const std::string used = vt("vardavtal_web", "token list").out;
  const size_t at = used.find("as-web");
  ASSERT_NE(at, std::string::npos) << used;
  const std::string row = used.substr(at, used.find('\n', at) - at);
  const std::regex stamp(R"(\d{4}-\d{2}-\d{2}T)");
  EXPECT_EQ(
      std::distance(std::sregex_iterator(row.begin(), row.end(), stamp), std::sregex_iterator()), 3)
      << used;
  auto refused = request(web.port, "GET", "/api/bill/dry-run?through=2021-04", seller_token);
  EXPECT_EQ(refused.status, 500);
  EXPECT_NE(refused.body.find("docs/postgresql.md"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("databasen nekar rollen"), std::string::npos) << refused.body;
  ASSERT_EQ(admin_sql(db_, own_names(blocks[2])), "");
  auto allowed = request(web.port, "GET", "/api/bill/dry-run?through=2021-04", seller_token);
  EXPECT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_NE(allowed.body.find("\"invoices\""), std::string::npos) << allowed.body;
  EXPECT_EQ(web.stop(), 0);

  // The owner prunes the access log's patient lists.
  auto pruned = vt("vardavtal_owner", "access-log --prune-before 2000-01-01");
  EXPECT_EQ(pruned.status, 0) << pruned.out;
}

}  // namespace
