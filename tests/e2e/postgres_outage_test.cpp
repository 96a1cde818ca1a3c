// End-to-end: PostgreSQL ends vardavtal's sessions under it (a restart, an
// administrator's pg_terminate_backend; docs/postgresql.md, "When the
// database fails"). A `bill` cut off says so, not "internt fel", and run
// again it finishes with the invoices of an uninterrupted run. The server
// replaces a session the database ended while it sat idle before a request
// runs on it, answers 503 for a request cut off midway (which it never runs
// twice) and for a database that takes no connections, and serves again once
// it does. Needs VARDAVTAL_TEST_POSTGRES_URL (a superuser's, as
// scripts/postgres-up.sh prints); the database is dropped afterwards.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <string>

#include "store/store.h"
#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/http_request.h"
#include "tests/e2e/postgres_database.h"
#include "tests/e2e/run_command.h"

namespace {

namespace fs = std::filesystem;
using vardavtal::testing::Listener;
using vardavtal::testing::PostgresDatabase;
using vardavtal::testing::psql_value;
using vardavtal::testing::Reply;
using vardavtal::testing::request;
using vardavtal::testing::Result;
using vardavtal::testing::run;
using vardavtal::testing::wait_for;

// A process the test started: killed and reaped if the test ends first.
struct Spawned {
  pid_t pid = -1;
  // Its wait status, once it has ended.
  int wait() {
    int st = 0;
    waitpid(pid, &st, 0);
    pid = -1;
    return st;
  }
  ~Spawned() {
    if (pid <= 0) return;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

class PostgresqlOutage : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresDatabase::admin_url().empty())
      GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
    dir_ = vardavtal::testing::fresh_test_dir("outage");
    ASSERT_EQ(db_.create("vt_outage_" + std::to_string(getpid())), "");
    vardavtal::testing::write_billing_catalogue(dir_);
    vardavtal::testing::write(dir_ / "records.csv", vardavtal::testing::billing_records());
    ASSERT_EQ(vt("init").status, 0);
    const Result imported = vt("import --quiet all " + dir_.string());
    ASSERT_EQ(imported.status, 0) << imported.out;
  }
  void TearDown() override {
    db_.drop();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string url() const { return db_.url(); }
  Result vt(const std::string& args) {
    int status = 0;
    std::string out = run(std::string(VARDAVTAL_BINARY) + " --db '" + url() + "' " + args, &status);
    return {out, status};
  }
  // A session of the test's own in the database, holding `table` against
  // every writer (EXCLUSIVE mode lets readers by) until it rolls back.
  void hold(vardavtal::Store& holder, const std::string& table) {
    holder.sql() << "BEGIN";
    holder.sql() << "LOCK TABLE " + table + " IN EXCLUSIVE MODE";
    holder.sql() << "SELECT pg_backend_pid()", soci::into(holder_pid_);
  }
  // True once a session of the database (not the holder's) waits for a lock.
  bool one_waits_for_the_lock() {
    return PostgresDatabase::admin_value("SELECT count(*) FROM pg_stat_activity WHERE datname = '" +
                                         db_.name() + "' AND wait_event_type = 'Lock'") != "0\n";
  }
  // Ends the database's sessions but the holder's, as an administrator
  // would: each call waits (up to 30 s) until its backend has gone, and a
  // session that ended by itself meanwhile (a `bill` whose other session
  // was ended first) is gone too, so none is left afterwards.
  void end_sessions() {
    const std::string theirs = "FROM pg_stat_activity WHERE datname = '" + db_.name() +
                               "' AND pid <> " + std::to_string(holder_pid_);
    PostgresDatabase::admin_value(
        "SET client_min_messages = error; "
        "SELECT count(pg_terminate_backend(pid, 30000)) " +
        theirs);
    ASSERT_EQ(PostgresDatabase::admin_value("SELECT count(*) " + theirs), "0\n");
  }
  // `method` `target` as `token`, cut off: sent while `table` is held, its
  // session ended once it waits for the lock. The answer comes after the
  // holder's session has gone, also when an assertion returns early, so the
  // lock never outlives the test.
  void cut_off(unsigned short port, const std::string& method, const std::string& target,
               const std::string& token, const std::string& table, Reply& answer) {
    std::future<Reply> reply;
    {
      vardavtal::Store holder(url());
      hold(holder, table);
      reply = std::async(std::launch::async,
                         [&, port] { return request(port, method, target, token); });
      ASSERT_TRUE(wait_for([&] { return one_waits_for_the_lock(); }));
      ASSERT_NO_FATAL_FAILURE(end_sessions());
      holder.sql() << "ROLLBACK";
    }
    holder_pid_ = 0;
    answer = reply.get();
  }

  PostgresDatabase db_;
  fs::path dir_;
  int holder_pid_ = 0;
};

TEST_F(PostgresqlOutage, ABillCutOffSaysSoAndARerunFinishesIt) {
  // The invoices of an uninterrupted run, on SQLite.
  const std::string sqlite = std::string(VARDAVTAL_BINARY) + " --db " + (dir_ / "b.db").string();
  ASSERT_EQ(vardavtal::testing::init_and_import_all(sqlite + " ", dir_), "ok\n");
  ASSERT_EQ(run(sqlite + " bill --through 2021-03 >/dev/null && echo ok"), "ok\n");
  const std::string expected = run(sqlite + " invoices --format csv");

  vardavtal::Store holder(url());
  hold(holder, "invoices");
  const fs::path log = dir_ / "bill.log";
  Spawned bill;
  ASSERT_TRUE(vardavtal::testing::spawn_logged(
      std::string(VARDAVTAL_BINARY) + " --db '" + url() + "' bill --through 2021-03", log.string(),
      bill.pid));
  ASSERT_TRUE(wait_for([&] { return one_waits_for_the_lock(); }));  // its first invoice
  ASSERT_NO_FATAL_FAILURE(end_sessions());
  holder.sql() << "ROLLBACK";
  const int st = bill.wait();
  const std::string said = run("cat " + log.string());
  ASSERT_TRUE(WIFEXITED(st)) << said;
  EXPECT_EQ(WEXITSTATUS(st), 1) << said;
  EXPECT_NE(said.find("vardavtal: förbindelsen med databasen bröts ("), std::string::npos) << said;
  EXPECT_NE(said.find("försök igen när databasen svarar"), std::string::npos) << said;
  EXPECT_EQ(said.find("internt fel"), std::string::npos) << said;

  const Result again = vt("bill --through 2021-03");
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_EQ(vt("invoices --format csv").out, expected);
  EXPECT_EQ(vt("verify").out, "OK\n");
}

TEST_F(PostgresqlOutage, TheServerReplacesAnEndedSessionAndNeverRunsARequestTwice) {
  ASSERT_EQ(vt("bill --through 2021-03").status, 0);
  std::string token = run(std::string(VARDAVTAL_BINARY) + " --db '" + url() +
                          "' token create --role admin --name outage 2>/dev/null | tail -1");
  ASSERT_FALSE(token.empty());
  token.pop_back();  // the newline
  ASSERT_EQ(token.size(), 68u) << token;
  Listener web;
  ASSERT_TRUE(web.start(std::string(VARDAVTAL_BINARY) + " --db '" + url() +
                            "' serve --listen 127.0.0.1:0 --threads 1",
                        (dir_ / "serve.log").string()));
  ASSERT_EQ(request(web.port, "GET", "/api/invoices", token).status, 200);

  // Ended while idle: replaced before the next request, a read or a write.
  ASSERT_NO_FATAL_FAILURE(end_sessions());
  EXPECT_EQ(request(web.port, "GET", "/api/invoices", token).status, 200);
  ASSERT_NO_FATAL_FAILURE(end_sessions());
  const Reply closed = request(web.port, "POST", "/api/close?seller=AS&period=2020-06", token);
  EXPECT_EQ(closed.status, 200) << closed.body;

  // Ended during a close: 503, the month not closed, and closed by the next try.
  const std::string close = "/api/close?seller=AS&period=2021-03";
  Reply reply;
  ASSERT_NO_FATAL_FAILURE(cut_off(web.port, "POST", close, token, "month_closes", reply));
  EXPECT_EQ(reply.status, 503) << reply.body;
  EXPECT_EQ(reply.retry_after, "5");
  EXPECT_NE(reply.body.find("förbindelsen med databasen bröts ("), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("the connection to the database was lost"), std::string::npos)
      << reply.body;
  EXPECT_EQ(psql_value(url(), "SELECT seller || ' ' || period FROM month_closes"), "AS 2020-06\n");
  const Reply retried = request(web.port, "POST", close, token);
  EXPECT_EQ(retried.status, 200) << retried.body;

  // Ended while a read of a patient's access log waits to note the token's
  // use: 503, and neither the answer nor the server's log names the patient.
  const std::string patient = "191212121212";
  ASSERT_NO_FATAL_FAILURE(
      cut_off(web.port, "GET", "/api/access-log?patient=" + patient, token, "api_tokens", reply));
  EXPECT_EQ(reply.status, 503) << reply.body;
  // The token's use, waiting for the lock, is what lost the session, with
  // libpq's or the server's words; a later statement would have found the
  // session dead before sending, without words (no parenthesis).
  EXPECT_NE(reply.body.find("förbindelsen med databasen bröts ("), std::string::npos) << reply.body;
  EXPECT_EQ(reply.body.find(patient), std::string::npos) << reply.body;

  // A database that takes no connections: 503 until it does again.
  ASSERT_EQ(
      PostgresDatabase::admin_sql("ALTER DATABASE " + db_.name() + " ALLOW_CONNECTIONS false"), "");
  ASSERT_NO_FATAL_FAILURE(end_sessions());
  const Reply away = request(web.port, "GET", "/api/invoices", token);
  EXPECT_EQ(away.status, 503) << away.body;
  EXPECT_EQ(away.retry_after, "5");
  EXPECT_NE(away.body.find("databasen går inte att nå"), std::string::npos) << away.body;
  ASSERT_EQ(PostgresDatabase::admin_sql("ALTER DATABASE " + db_.name() + " ALLOW_CONNECTIONS true"),
            "");
  EXPECT_EQ(request(web.port, "GET", "/api/invoices", token).status, 200);
  EXPECT_EQ(web.stop(), 0);
  EXPECT_EQ(web.output().find("internal error"), std::string::npos) << web.output();
  EXPECT_EQ(web.output().find(patient), std::string::npos) << web.output();
}

}  // namespace
