// End-to-end: the shared-server recipe of docs/postgresql.md ("Schema and
// roles"), its SQL blocks run as written (the roles' and the schema's names
// made unique to the test), and each role doing what the rights table says:
// the owner `init`; the analyst `import`, `bill --dry-run`, `bill`, `close`,
// `reconcile --save`, `dispute` and `token`; the server's role the reads
// (and their access log) and the server's routes (an invoice, a token's use,
// a dispute's status, a reconciliation saved, a month closed), but no import
// or bill; a refused right is said in Swedish with the docs' section, not as
// an internal error; the third block gives the server the bill preview. Needs
// VARDAVTAL_TEST_POSTGRES_URL (a superuser's, as scripts/postgres-up.sh prints); the roles and the
// database are dropped afterwards, also when the test fails.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/http_request.h"
#include "tests/e2e/postgres_database.h"
#include "tests/e2e/run_command.h"

namespace {

namespace fs = std::filesystem;
using vardavtal::testing::Listener;
using vardavtal::testing::PostgresDatabase;
using vardavtal::testing::psql;
using vardavtal::testing::Reply;
using vardavtal::testing::request;
using vardavtal::testing::Result;
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

class PostgresqlRoles : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresDatabase::admin_url().empty())
      GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
    prefix_ = "vt_roles_" + std::to_string(getpid()) + "_";
    dir_ = vardavtal::testing::fresh_test_dir("roles");
    ASSERT_EQ(db_.create(prefix_ + "db"), "");
    created_ = true;
  }
  void TearDown() override {
    if (!created_) return;
    db_.drop();  // first: the roles own objects in it
    for (const char* r : {"anna", "vardavtal_web", "vardavtal_preview", "vardavtal_write",
                          "vardavtal_read", "vardavtal_owner"})
      PostgresDatabase::admin_sql("DROP ROLE IF EXISTS " + prefix_ + r);
    fs::remove_all(dir_);
  }

  // The recipe's names made the test's own: its roles and the schema.
  std::string own_names(std::string sql) const {
    sql = std::regex_replace(
        sql,
        std::regex(
            R"(\b(vardavtal_owner|vardavtal_read|vardavtal_write|vardavtal_web|vardavtal_preview|anna)\b)"),
        prefix_ + "$1");
    return std::regex_replace(sql, std::regex(R"(\bbilling\b)"), prefix_ + "billing");
  }
  // `sql` as the superuser in the test's database.
  std::string admin_sql(const std::string& sql) { return psql(db_.url(), sql); }
  // The URL of the test's role `role` (logging in with the password SetUp gives).
  std::string as(const std::string& role) const {
    const std::string server = PostgresDatabase::server();
    return "postgresql://" + prefix_ + role + ":pw@" + server.substr(server.find('@') + 1) + "/" +
           db_.name();
  }
  // `vardavtal ARGS` as `role`: output and status.
  Result vt(const std::string& role, const std::string& args) {
    int status = 0;
    std::string out =
        run(std::string(VARDAVTAL_BINARY) + " --db '" + as(role) + "' " + args, &status);
    return {out, status};
  }

  // The recipe's first block as a superuser, passwords for the test's logins
  // (it logs in over TCP), `init` as the owner, the second block as the owner.
  void run_recipe_and_init() {
    blocks_ =
        sql_blocks(fs::path(VARDAVTAL_SOURCE_DIR) / "docs/postgresql.md", "## Schema and roles");
    ASSERT_EQ(blocks_.size(), 3u) << "the roles, the grants, the server's bill preview";
    ASSERT_EQ(admin_sql(own_names(blocks_[0])), "");
    for (const char* r : {"vardavtal_owner", "anna", "vardavtal_web"})
      ASSERT_EQ(admin_sql("ALTER ROLE " + prefix_ + r + " PASSWORD 'pw'"), "");
    Result init = vt("vardavtal_owner", "init");
    ASSERT_EQ(init.status, 0) << init.out;
    ASSERT_EQ(psql(as("vardavtal_owner"), own_names(blocks_[1])), "");
  }
  // `vardavtal ARGS` as `role`, which must succeed: its output.
  std::string ok(const std::string& role, const std::string& args) {
    Result r = vt(role, args);
    EXPECT_EQ(r.status, 0) << role << ": " << args << "\n" << r.out;
    return r.out;
  }
  // The analyst: imports the billing fixture (with residents and a referral
  // that make R7's invoice disputed), previews and bills 2020-02..2021-03,
  // closes 2021-03, saves buyer 04's disputes of invoice 0300000001 and
  // settles one, and keeps the tokens.
  void analyst_work() {
    vardavtal::testing::write_billing_catalogue(dir_);
    vardavtal::testing::write(dir_ / "records.csv", vardavtal::testing::billing_records());
    vardavtal::testing::write(dir_ / "referrals.csv",
                              "referral_id,county,patient_id,seller,valid_from,valid_to\n"
                              "R04A,04,191212121212,USO,2020-01-01,2020-12-31\n");
    vardavtal::testing::write(dir_ / "residents.csv",
                              "patient_id,county,valid_from,valid_to\n"
                              "191212121212,20,1990-01-01,2021-03-05\n"
                              "191212121212,04,2021-03-06,\n");
    ok("anna", "import --quiet all " + dir_.string());
    const std::string preview = ok("anna", "bill --through 2021-03 --dry-run --format csv");
    ok("anna", "bill --through 2021-03");
    EXPECT_EQ(ok("anna", "invoices --format csv"), preview);  // the preview issued exactly that
    ok("anna", "close --seller AS --period 2021-03");
    spec_ = (dir_ / "spec.xml").string();
    ok("anna", "invoice 0300000001 --format fakturaunderlag --out " + spec_);
    EXPECT_NE(ok("anna", "reconcile --save --buyer 04 --spec " + spec_)
                  .find("Sparade 2 nya tvister, 0 fanns redan"),
              std::string::npos);
    ok("anna", "dispute 1 --status godkänd");
    // A token is the line of the output that starts with vdt_ (the rest is for people).
    auto token_of = [](const std::string& out) {
      const size_t at = out.find("vdt_");
      return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
    };
    ASSERT_NE(token_of(ok("anna", "token create --role seller:AS --name as-web")), "");
    seller_token_ = token_of(ok("anna", "token rotate as-web"));
    ASSERT_NE(seller_token_, "");
    admin_token_ = token_of(ok("anna", "token create --role admin --name adm"));
    ASSERT_NE(admin_token_, "");
    // The migrations' record is init's alone.
    EXPECT_NE(psql(as("anna"), own_names("INSERT INTO billing.schema_migrations (number, name, "
                                         "applied_at) VALUES (999, 'x', 'x');")),
              "");
    ok("anna", "token create --role admin --name spare");
    EXPECT_EQ(ok("anna", "token revoke spare"), "token 'spare' återkallad\n");
  }
  // The server's role reads (and logs the reads), but neither imports (a new
  // record) nor bills: refused in Swedish, pointing to the docs.
  void reader_work() {
    EXPECT_EQ(ok("vardavtal_web", "verify"), "OK\n");
    for (const char* q : {"invoices", "invoice 0300000001", "explain --seller AS --record R1",
                          "price --seller AS", "held", "disputes"})
      ok("vardavtal_web", q);
    vardavtal::testing::write(
        dir_ / "more.csv",
        vardavtal::testing::billing_records() +
            "R8,AS,191212121212,04,doctor_visit,K,2021-04-02,,B02B,,,341,I35.0,0480\n");
    for (const std::string& q :
         std::vector<std::string>{"import --quiet records " + (dir_ / "more.csv").string(),
                                  "bill --through 2021-04", "bill --through 2021-04 --dry-run"}) {
      Result r = vt("vardavtal_web", q);
      EXPECT_EQ(r.status, 1) << q;
      EXPECT_NE(r.out.find("databasen nekar rollen en rättighet som behövs: permission denied for"),
                std::string::npos)
          << q << "\n"
          << r.out;
      EXPECT_NE(r.out.find("(docs/postgresql.md, \"Schema and roles\")"), std::string::npos)
          << r.out;
      EXPECT_EQ(r.out.find("internt fel"), std::string::npos) << q << "\n" << r.out;
    }
  }
  // Served as the server's role: an invoice (the token's use noted), a
  // dispute's status, the reconciliation saved again, the bill preview
  // refused plainly until the third block, then a month the analyst bills
  // closed.
  void server_work() {
    Listener web;
    ASSERT_TRUE(web.start(std::string(VARDAVTAL_BINARY) + " --db '" + as("vardavtal_web") +
                              "' serve --listen 127.0.0.1:0",
                          (dir_ / "serve.log").string()));
    EXPECT_EQ(request(web.port, "GET", "/api/invoices/0300000001", seller_token_).status, 200);
    // The token's row: created, expires and now its last use (rotate cleared it).
    const std::string used = ok("vardavtal_web", "token list");
    const size_t at = used.find("as-web");
    ASSERT_NE(at, std::string::npos) << used;
    const std::string row = used.substr(at, used.find('\n', at) - at);
    EXPECT_EQ(std::count(row.begin(), row.end(), 'Z'), 3) << used;
    Reply set =
        request(web.port, "POST", "/api/disputes/2", admin_token_, "{\"status\":\"godkänd\"}");
    EXPECT_EQ(set.status, 200) << set.body;
    std::ifstream in(spec_);
    std::stringstream spec;
    spec << in.rdbuf();
    Reply again =
        request(web.port, "POST", "/api/reconcile?buyer=04&save=1", admin_token_, spec.str());
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_NE(again.body.find("Sparade 0 nya tvister, 2 fanns redan"), std::string::npos)
        << again.body;
    const std::string preview = "/api/bill/dry-run?through=2021-04";
    Reply refused = request(web.port, "GET", preview, seller_token_);
    EXPECT_EQ(refused.status, 500);
    EXPECT_NE(refused.body.find("databasen nekar rollen"), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("docs/postgresql.md"), std::string::npos) << refused.body;
    ASSERT_EQ(admin_sql(own_names(blocks_[2])), "");
    Reply allowed = request(web.port, "GET", preview, seller_token_);
    EXPECT_EQ(allowed.status, 200) << allowed.body;
    EXPECT_NE(allowed.body.find("\"invoices\""), std::string::npos) << allowed.body;
    ok("anna", "bill --through 2021-04");
    Reply closed = request(web.port, "POST", "/api/close?seller=AS&period=2021-04", seller_token_);
    EXPECT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(web.stop(), 0);
  }

  std::vector<std::string> blocks_;
  std::string spec_, seller_token_, admin_token_;
  PostgresDatabase db_;
  std::string prefix_;
  fs::path dir_;
  bool created_ = false;
};

TEST_F(PostgresqlRoles, TheDocumentedRecipeGivesEachRoleItsRights) {
  ASSERT_NO_FATAL_FAILURE(run_recipe_and_init());
  ASSERT_NO_FATAL_FAILURE(analyst_work());
  ASSERT_NO_FATAL_FAILURE(reader_work());
  ASSERT_NO_FATAL_FAILURE(server_work());
  // The owner prunes the access log's patient lists.
  ok("vardavtal_owner", "access-log --prune-before 2000-01-01");
}

}  // namespace
