// PostgreSQL's bulk paths (store/pg_copy.h): the text form of a COPY field,
// and, when VARDAVTAL_TEST_POSTGRES_URL is set, rows written with COPY through
// the VersionedWriter and read back through RowReader's server-side cursor.
#include "store/pg_copy.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/columns.h"
#include "store/store.h"
#include "store/versioned_writer.h"

using namespace vardavtal;

namespace {

std::string copy_text(std::string_view v) {
  std::string out = "x";  // appended to, never replaced
  append_copy_text(out, v);
  return out.substr(1);
}

TEST(CopyText, EscapesBackslashTabNewlineAndCarriageReturn) {
  EXPECT_EQ(copy_text("plain"), "plain");
  EXPECT_EQ(copy_text(""), "");
  EXPECT_EQ(copy_text("a\tb"), "a\\tb");
  EXPECT_EQ(copy_text("a\nb\r\n"), "a\\nb\\r\\n");
  EXPECT_EQ(copy_text("C:\\dir"), "C:\\\\dir");
  EXPECT_EQ(copy_text("\\N"), "\\\\N");  // the text "\N", not NULL
  EXPECT_EQ(copy_text("'\"åäö €"), "'\"åäö €");  // quotes and UTF-8 as they are
}

// A schema of its own on the test server, dropped at the end.
class PgCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
    if (!url || !*url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
    store_.emplace(url);
    schema_ = "vardavtal_copy_" + std::to_string(getpid());
    sql() << "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE";
    sql() << "CREATE SCHEMA " + schema_;
    sql() << "SET search_path TO " + schema_;
    sql() << "CREATE TABLE probe (k text NOT NULL PRIMARY KEY, n bigint, t text)";
    sql() << "CREATE TABLE versioned (k text NOT NULL, version bigint NOT NULL, import_id "
             "bigint NOT NULL, content_hash bigint NOT NULL, t text, PRIMARY KEY (k, version))";
  }
  void TearDown() override {
    if (store_) sql() << "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE";
  }
  soci::session& sql() { return store_->sql(); }
  PGTransactionStatusType transaction_status() {
    return PQtransactionStatus(postgresql_connection(sql()));
  }
  long long count(const std::string& query) {
    long long n = -1;
    sql() << query, soci::into(n);
    return n;
  }

  std::optional<Store> store_;
  std::string schema_;
};

const TableSpec& probe_table() {
  static const TableSpec s{
      "probe", {{"k", ColType::text}}, {{"n", ColType::integer}, {"t", ColType::text}}, false};
  return s;
}

const TableSpec& versioned_table() {
  static const TableSpec s{"versioned", {{"k", ColType::text}}, {{"t", ColType::text}}, true};
  return s;
}

// Store::idle on PostgreSQL: between transactions, not inside one, not in
// one that failed (until its rollback).
TEST_F(PgCopyTest, IdleBetweenTransactionsOnly) {
  EXPECT_TRUE(store_->idle());
  sql() << "BEGIN";
  EXPECT_FALSE(store_->idle());
  EXPECT_THROW(sql() << "SELECT no_such_column FROM probe", soci::soci_error);
  EXPECT_FALSE(store_->idle());
  sql() << "ROLLBACK";
  EXPECT_TRUE(store_->idle());
}

TEST_F(PgCopyTest, TextsRoundTripThroughCopyAndACursor) {
  // Every text that COPY's format treats specially, NULL beside empty.
  const std::vector<std::optional<std::string>> texts = {
      "tab\there", "line\nbreak\r\n", "back\\slash", "\\N", "quote'\"", "åäö Ø €", "", std::nullopt,
      "trailing backslash\\"};
  // More rows than one COPY batch and than one FETCH: every 1000th row is special.
  const size_t rows = 20000;
  auto text_of = [&](size_t i) -> std::optional<std::string> {
    if (i % 1000 < texts.size()) return texts[i % 1000];
    return "row " + std::to_string(i);
  };
  {
    soci::transaction tr(sql());
    VersionedWriter w(sql(), probe_table(), 0);
    for (size_t i = 0; i < rows; ++i) {
      RowValues& v = w.values();
      v.text(0, "k" + std::to_string(i));
      if (i % 7 == 3) v.null(1);
      else v.integer(1, static_cast<int64_t>(i) - 5);
      if (auto t = text_of(i)) v.text(2, *t);
      else v.null(2);
      w.append();
    }
    w.flush();
    tr.commit();
  }
  EXPECT_EQ(count("SELECT count(*) FROM probe"), 20000);
  EXPECT_EQ(count("SELECT count(*) FROM probe WHERE t IS NULL"), 20);
  EXPECT_EQ(count("SELECT count(*) FROM probe WHERE t = ''"), 20);
  EXPECT_EQ(count("SELECT count(*) FROM probe WHERE t = E'\\\\N'"), 20);
  EXPECT_EQ(count("SELECT count(*) FROM probe WHERE t = E'tab\\there'"), 20);
  EXPECT_EQ(count("SELECT count(*) FROM probe WHERE length(t) = 7 AND t LIKE 'åäö%'"), 20);

  RowReader r(sql(), {ColType::text, ColType::integer, ColType::text}, 999);
  r.run("SELECT k, n, t FROM probe ORDER BY substr(k, 2)::bigint");
  size_t seen = 0;
  bool all_equal = true;
  while (r.fetch()) {
    for (size_t i = 0; i < r.size(); ++i, ++seen) {
      const std::optional<std::string> want = text_of(seen);
      const bool n_ok = seen % 7 == 3 ? r.null(1, i)
                                      : r.integer(1, i) == static_cast<int64_t>(seen) - 5;
      const bool t_ok = want ? !r.null(2, i) && r.text(2, i) == *want : r.null(2, i);
      if (r.text(0, i) != "k" + std::to_string(seen) || !n_ok || !t_ok) {
        all_equal = false;
        ADD_FAILURE() << "row " << seen << " differs: " << r.text(0, i) << " " << r.text(2, i);
        break;
      }
    }
    if (!all_equal) break;
  }
  EXPECT_TRUE(all_equal);
  EXPECT_EQ(seen, rows);
  EXPECT_EQ(count("SELECT count(*) FROM pg_cursors"), 0);  // closed after the last rows
}

TEST_F(PgCopyTest, RepeatedIdentityInCopyIsIdentityConflict) {
  soci::transaction tr(sql());
  VersionedWriter w(sql(), versioned_table(), 1, /*exact=*/false);  // empty: not tracked
  for (const char* k : {"A", "B", "A"}) {
    w.values().text(0, k);
    w.values().text(1, "same");
    ASSERT_EQ(w.decide(1).change, Change::added);
    w.append();
  }
  EXPECT_THROW(w.flush(), IdentityConflict);
  tr.rollback();
  EXPECT_EQ(count("SELECT count(*) FROM versioned"), 0);
}

// A CopyIn's pieces are one COPY: rows as they were put, whatever the pieces.
TEST_F(PgCopyTest, TheRowsOfEveryPieceAreOneCopy) {
  soci::transaction tr(sql());
  CopyIn copy(sql(), "probe", "k, n, t");
  copy.put("A\t1\t\\N\n");
  copy.put("");
  copy.put("B\t2\tb\nC\t3\t");  // a row cut between two pieces
  copy.put("c\n");
  copy.end();
  tr.commit();
  EXPECT_EQ(count("SELECT count(*) FROM probe"), 3);
  EXPECT_EQ(count("SELECT n FROM probe WHERE k = 'C' AND t = 'c'"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM probe WHERE k = 'A' AND t IS NULL"), 1);
}

// A CopyIn left before its end (its caller failed) is cancelled: nothing of
// it is written, the transaction fails, and after its rollback the session
// writes again.
TEST_F(PgCopyTest, ACopyLeftBeforeItsEndIsCancelled) {
  {
    soci::transaction tr(sql());
    {
      CopyIn copy(sql(), "probe", "k, n, t");
      copy.put("A\t1\ta\n");
      EXPECT_EQ(transaction_status(), PQTRANS_ACTIVE);  // the COPY under way
    }
    EXPECT_EQ(transaction_status(), PQTRANS_INERROR);  // cancelled: the transaction failed
    EXPECT_THROW(sql() << "INSERT INTO probe (k, n) VALUES ('B', 2)", soci::soci_error);
    tr.rollback();
  }
  EXPECT_EQ(count("SELECT count(*) FROM probe"), 0);
  CopyIn again(sql(), "probe", "k, n, t");
  again.put("D\t4\td\n");
  again.end();
  EXPECT_EQ(count("SELECT count(*) FROM probe"), 1);
}

// Puts rows "k0000".."k0999" (n = i, t NULL) into `w`, row `repeat_at`
// with the key of row `repeat_of` instead (none when negative).
void put_keys(VersionedWriter& w, int repeat_at = -1, int repeat_of = 0) {
  for (int i = 0; i < 1000; ++i) {
    char key[8];
    std::snprintf(key, sizeof key, "k%04d", i == repeat_at ? repeat_of : i);
    w.values().text(0, key);
    w.values().integer(1, i);
    w.values().null(2);
    w.decide(1);
    w.append();
  }
}

// A repeated key in a later piece of a batch fails the whole batch: the
// batch is written in key order, so the repeat of "k0900" at row 999 sits at
// rows 900 and 901, in the fourth piece of 256.
TEST_F(PgCopyTest, ARepeatInALaterPieceFailsTheBatch) {
  soci::transaction tr(sql());
  VersionedWriter w(sql(), probe_table(), 0, /*exact=*/false);
  put_keys(w, 999, 900);
  EXPECT_THROW(w.flush(), IdentityConflict);
  EXPECT_EQ(transaction_status(), PQTRANS_INERROR);
  tr.rollback();
  EXPECT_EQ(count("SELECT count(*) FROM probe"), 0);
}

// A batch handed over while the chain's task before it is under way is
// written after it: the task's row, inserted on the session once the test
// lets it go, is the table's first, and every row of the batch follows.
// (Whether the batch's thread formats its pieces before the release is left
// to the scheduler; that a batch never begins before the one before it ends
// is what the next test fails on.)
TEST_F(PgCopyTest, ABatchWaitsForTheChainsBatchBeforeIt) {
  soci::transaction tr(sql());
  WriteChain chain;
  VersionedWriter w(sql(), probe_table(), 0, /*exact=*/false, 0, &chain);
  std::promise<void> release;  // after w: a test that fails early does not hang
  chain.then([this, released = release.get_future().share()] {
    released.wait();
    sql() << "INSERT INTO probe (k, n) VALUES ('task', -1)";
  });
  put_keys(w);
  w.write_buffered();
  release.set_value();
  w.flush();
  tr.commit();
  std::string first;
  sql() << "SELECT k FROM probe WHERE ctid = '(0,1)'", soci::into(first);
  EXPECT_EQ(first, "task");
  EXPECT_EQ(count("SELECT count(*) FROM probe"), 1001);
  EXPECT_EQ(count("SELECT sum(n) FROM probe"), 999 * 1000 / 2 - 1);
  EXPECT_EQ(count("SELECT n FROM probe WHERE k = 'k0777'"), 777);
}

// When the chain's batch before it fails, a batch fails with that error and
// never begins its COPY: the transaction is not aborted by it.
TEST_F(PgCopyTest, ABatchAfterAFailedOneFailsWithItsErrorAndSendsNothing) {
  soci::transaction tr(sql());
  WriteChain chain;
  chain.then([] { throw std::runtime_error("the batch before failed"); });
  VersionedWriter w(sql(), probe_table(), 0, /*exact=*/false, 0, &chain);
  put_keys(w);
  try {
    w.flush();
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "the batch before failed");
  }
  EXPECT_EQ(transaction_status(), PQTRANS_INTRANS);
  EXPECT_EQ(count("SELECT count(*) FROM probe"), 0);
}

TEST_F(PgCopyTest, OtherCopyErrorsAreStoreErrors) {
  static const TableSpec missing{"no_such_table", {{"k", ColType::text}}, {}, false};
  soci::transaction tr(sql());
  VersionedWriter w(sql(), missing, 0);
  w.values().text(0, "A");
  w.append();
  try {
    w.flush();
    FAIL() << "no error";
  } catch (const IdentityConflict&) {
    FAIL() << "an identity conflict";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }
}

// A failed COPY says the server's first line: its DETAIL ("Failing row
// contains ...") and CONTEXT lines quote the row, here a patient id, and a
// data exception's line quotes the value.
TEST_F(PgCopyTest, AFailedCopySaysTheServersFirstLineAndNotTheRow) {
  sql() << "ALTER TABLE probe ADD CONSTRAINT probe_n_positive CHECK (n >= 0)";
  struct Case {
    const char* row;
    const char* said;
  };
  for (const Case& c :
       {Case{
            "191212121212\t-1\tx\n",
            "violates check constraint \"probe_n_positive\" [SQLSTATE 23514] (COPY probe, line 1)"},
        Case{"k\t191212121212x\tx\n",
             "ERROR: a value the column does not take [SQLSTATE 22P02] (COPY probe, line 1, "
             "column n)"}}) {
    soci::transaction tr(sql());
    CopyIn copy(sql(), "probe", "k, n, t");
    copy.put(c.row);
    try {
      copy.end();
      FAIL() << "no error: " << c.row;
    } catch (const IdentityConflict&) {
      FAIL() << "an identity conflict";
    } catch (const StoreError& e) {
      for (const std::string& text : {std::string(e.what()), e.swedish()}) {
        EXPECT_NE(text.find(c.said), std::string::npos) << text;
        EXPECT_EQ(text.find("191212121212"), std::string::npos) << text;
        EXPECT_EQ(text.find('\n'), std::string::npos) << text;
      }
    }
    tr.rollback();
  }
}

// A repeated key names the index, not the key (the DETAIL line).
TEST_F(PgCopyTest, ARepeatedKeyInACopyIsNotQuoted) {
  soci::transaction tr(sql());
  CopyIn copy(sql(), "probe", "k, n, t");
  copy.put("191212121212\t1\tx\n191212121212\t2\ty\n");
  try {
    copy.end();
    FAIL() << "no identity conflict";
  } catch (const IdentityConflict& e) {
    EXPECT_NE(std::string(e.what()).find("probe_pkey"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("191212121212"), std::string::npos) << e.what();
  }
  tr.rollback();
}

TEST_F(PgCopyTest, ExactWriterVersionsRowsWrittenByCopy) {
  for (const char* t : {"one", "two"}) {
    soci::transaction tr(sql());
    VersionedWriter w(sql(), versioned_table(), 1);
    for (const char* k : {"A", "B"}) {
      w.values().text(0, k);
      w.values().text(1, std::string(k) == "A" ? "fixed" : t);
      if (w.decide(1).change != Change::unchanged) w.append();
    }
    w.flush();
    tr.commit();
  }
  EXPECT_EQ(count("SELECT count(*) FROM versioned WHERE k = 'A'"), 1);
  EXPECT_EQ(count("SELECT max(version) FROM versioned WHERE k = 'B'"), 2);
}

// A load into an empty table that fills a first batch builds the table's
// indexes after its rows: the primary key and the other index are new ones
// (new oids) with their definitions, every row is there, and a repeated
// identity is an IdentityConflict from flush(). A smaller load keeps them.
class PgDeferredIndexes : public PgCopyTest {
 protected:
  void SetUp() override {
    PgCopyTest::SetUp();
    if (!store_) return;
    sql() << "CREATE INDEX versioned_t ON versioned (t) WHERE t <> 'x'";
  }
  long long index_oid(const std::string& name) {
    return count("SELECT coalesce(max(oid::bigint), 0) FROM pg_class WHERE relname = '" + name +
                 "' AND relnamespace = to_regnamespace(current_schema())");
  }
  std::string definitions() {
    std::string out;
    sql() << "SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes "
             "WHERE tablename = 'versioned' AND schemaname = current_schema()",
        soci::into(out);
    return out;
  }
  // Writes keys 0..rows-1 (key `repeat` twice when given) with a non-exact writer.
  void load(size_t rows, std::optional<size_t> repeat = std::nullopt) {
    soci::transaction tr(sql());
    VersionedWriter w(sql(), versioned_table(), 1, /*exact=*/false);
    auto put = [&](size_t i) {
      w.values().text(0, "k" + std::to_string(i));
      w.values().text(1, "t" + std::to_string(i % 7));
      w.decide(1);
      w.append();
    };
    for (size_t i = 0; i < rows; ++i) put(i);
    if (repeat) put(*repeat);
    w.flush();
    tr.commit();
  }
  // Runs `work` as a new role of the test's (SET ROLE) with `rights` on
  // versioned (and USAGE on the schema); the role is dropped afterwards,
  // also when `work` throws.
  template <class Work>
  void as_role(const std::string& rights, Work work) {
    const std::string role = schema_ + "_role";
    sql() << "DROP ROLE IF EXISTS " + role;
    sql() << "CREATE ROLE " + role;
    sql() << "GRANT USAGE ON SCHEMA " + schema_ + " TO " + role;
    sql() << "GRANT " + rights + " ON versioned TO " + role;
    sql() << "SET ROLE " + role;
    auto drop = [&] {
      sql() << "RESET ROLE";
      sql() << "DROP OWNED BY " + role;
      sql() << "DROP ROLE " + role;
    };
    try {
      work();
    } catch (...) {
      drop();
      throw;
    }
    drop();
  }
};

TEST_F(PgDeferredIndexes, ALargeLoadBuildsTheIndexesAfterTheRows) {
  const long long pk = index_oid("versioned_pkey"), other = index_oid("versioned_t");
  const std::string before = definitions();
  ASSERT_NE(pk, 0);
  const size_t rows = VersionedWriter(sql(), versioned_table(), 1, false).batch() + 1000;
  load(rows);
  EXPECT_EQ(count("SELECT count(*) FROM versioned"), static_cast<long long>(rows));
  EXPECT_NE(index_oid("versioned_pkey"), pk);
  EXPECT_NE(index_oid("versioned_t"), other);
  EXPECT_NE(index_oid("versioned_t"), 0);
  EXPECT_EQ(definitions(), before);
  EXPECT_EQ(count("SELECT count(*) FROM pg_constraint WHERE conname = 'versioned_pkey' AND "
                  "connamespace = to_regnamespace(current_schema()) AND contype = 'p'"),
            1);
}

TEST_F(PgDeferredIndexes, ARepeatInALargeLoadIsAnIdentityConflict) {
  const size_t rows = VersionedWriter(sql(), versioned_table(), 1, false).batch() + 10;
  try {
    load(rows, 17);
    FAIL() << "no identity conflict";
  } catch (const IdentityConflict& e) {
    // The index's name, not the DETAIL's key (a patient id in some tables).
    EXPECT_NE(std::string(e.what()).find("versioned_pkey"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("k17"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("SELECT count(*) FROM versioned"), 0);  // rolled back, indexes and all
  EXPECT_NE(index_oid("versioned_pkey"), 0);
}

// A role that may insert but does not own the table (docs/postgresql.md's
// `anna`) loads with the indexes in place: it may not drop them.
TEST_F(PgDeferredIndexes, ARoleThatDoesNotOwnTheTableKeepsTheIndexes) {
  const long long pk = index_oid("versioned_pkey");
  const size_t rows = VersionedWriter(sql(), versioned_table(), 1, false).batch() + 10;
  as_role("SELECT, INSERT", [&] { load(rows); });
  EXPECT_EQ(count("SELECT count(*) FROM versioned"), static_cast<long long>(rows));
  EXPECT_EQ(index_oid("versioned_pkey"), pk);
}

// A role that may only read: its COPY is the server's refusal of a right
// (database_trouble, which the CLI and the server report), not a failed
// copy; other errors are not the database's trouble.
TEST_F(PgDeferredIndexes, ACopyTheRoleMayNotMakeIsARefusedRight) {
  std::optional<DatabaseTrouble> refused;
  as_role("SELECT", [&] {
    try {
      load(10);
    } catch (const std::exception& e) {
      refused = database_trouble(e);
    }
  });
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->kind, DatabaseTrouble::Kind::refused_right);
  EXPECT_FALSE(refused->passing());
  EXPECT_EQ(std::string(refused->what()),
            "the database refuses this role a right it needs: permission denied for table "
            "versioned; the rights each command needs are in (docs/postgresql.md, \"Schema and "
            "roles\")");
  EXPECT_NE(refused->swedish().find("databasen nekar rollen en rättighet som behövs: permission "
                                    "denied for table versioned"),
            std::string::npos);
  EXPECT_FALSE(database_trouble(IdentityConflict("versioned")));
  EXPECT_FALSE(database_trouble(soci::postgresql_soci_error("ERROR:  duplicate key", "23505")));
  EXPECT_FALSE(database_trouble(std::runtime_error("permission denied for table versioned")));
}

// A COPY on a session the server has ended (a restart, pg_terminate_backend)
// is a lost connection, as a statement's would be, not a failed copy; so is
// the next statement on the dead session.
TEST_F(PgDeferredIndexes, ACopyOnASessionTheServerEndedIsALostConnection) {
  const char* url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
  Store admin(url);
  soci::session& other = admin.sql();
  int pid = 0;
  sql() << "SELECT pg_backend_pid()", soci::into(pid);
  const std::string p = std::to_string(pid);
  // Waits (up to 30 s) until the backend has gone: PostgreSQL 14's timeout.
  int ended = 0;
  other << "SELECT pg_terminate_backend(" + p + ", 30000)::int", soci::into(ended);
  ASSERT_EQ(ended, 1);
  auto trouble_of = [](auto&& work) -> std::optional<DatabaseTrouble> {
    try {
      work();
    } catch (const std::exception& e) {
      return database_trouble(e);
    }
    return std::nullopt;
  };
  const auto lost = trouble_of([&] { CopyIn copy(sql(), "probe", "k, n, t"); });
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->kind, DatabaseTrouble::Kind::connection_lost);
  EXPECT_TRUE(lost->passing());
  EXPECT_EQ(lost->swedish().rfind("förbindelsen med databasen bröts (", 0), 0u) << lost->swedish();
  EXPECT_EQ(lost->swedish().find("COPY"), std::string::npos) << lost->swedish();
  // SOCI finds the session dead before it sends anything: no server line,
  // and none of the statement or its values.
  const auto again = trouble_of([&] {
    std::string patient = "191212121212";
    sql() << "SELECT :p", soci::use(patient);
  });
  ASSERT_TRUE(again);
  EXPECT_EQ(again->kind, DatabaseTrouble::Kind::connection_lost);
  EXPECT_EQ(again->swedish().rfind("förbindelsen med databasen bröts; det som databasen", 0), 0u)
      << again->swedish();
  for (const char* hidden : {"191212121212", "SELECT", "while"}) {
    EXPECT_EQ(again->swedish().find(hidden), std::string::npos) << again->swedish();
    EXPECT_EQ(std::string(again->what()).find(hidden), std::string::npos) << again->what();
  }
  store_.emplace(url);  // TearDown's session
}

// The SQLSTATEs that are the database's trouble, each said with the
// server's first line and none of the statement after it.
TEST(DatabaseTroubleTest, EachKindByItsSqlstate) {
  using Kind = DatabaseTrouble::Kind;
  const std::pair<const char*, Kind> cases[] = {
      {"08006", Kind::connection_lost}, {"57P01", Kind::connection_lost},
      {"57P02", Kind::connection_lost}, {"53100", Kind::server_short},
      {"53300", Kind::server_short},    {"40001", Kind::conflict},
      {"40P01", Kind::conflict},        {"57014", Kind::cancelled},
      {"55P03", Kind::cancelled},       {"42501", Kind::refused_right}};
  // As SOCI words a statement's failure: its message, then the statement
  // and its bound values as context.
  auto soci_error = [](const std::string& message, const char* state) {
    soci::postgresql_soci_error e(message, state);
    e.add_context("while executing \"SELECT secret:  x\" with :p=\"191212121212\"");
    return e;
  };
  for (const auto& [state, kind] : cases) {
    const auto e =
        soci_error("Cannot execute query. Fatal error. ERROR:  the line\nDETAIL:  more\n", state);
    ASSERT_NE(std::string(e.what()).find("191212121212"), std::string::npos);  // SOCI's what()
    const std::optional<DatabaseTrouble> t = database_trouble(e);
    ASSERT_TRUE(t) << state;
    EXPECT_EQ(t->kind, kind) << state;
    EXPECT_EQ(t->passing(), kind != Kind::refused_right) << state;
    EXPECT_NE(t->swedish().find("the line"), std::string::npos) << state;
    for (const char* hidden : {"more", "secret", "191212121212"}) {
      EXPECT_EQ(t->swedish().find(hidden), std::string::npos) << state << " " << t->swedish();
      EXPECT_EQ(std::string(t->what()).find(hidden), std::string::npos) << state;
    }
  }
  // A session lost: libpq's own words when it had them, none when SOCI
  // found the session dead before sending; never the statement.
  const auto said = database_trouble(soci_error(
      "Cannot execute query. Fatal error. Connection failed. server closed the connection "
      "unexpectedly\n\tThis probably means ...",
      "08000"));
  ASSERT_TRUE(said);
  EXPECT_EQ(said->kind, Kind::connection_lost);
  EXPECT_NE(said->swedish().find("bröts (server closed the connection unexpectedly);"),
            std::string::npos)
      << said->swedish();
  const auto unsaid = database_trouble(
      soci_error("Cannot prepare statement. Fatal error. Connection failed", "     "));
  ASSERT_TRUE(unsaid);
  EXPECT_EQ(unsaid->kind, Kind::connection_lost);
  EXPECT_EQ(unsaid->swedish().rfind("förbindelsen med databasen bröts; ", 0), 0u)
      << unsaid->swedish();
  // What a log or an "internt fel" shows of errors that are no trouble: the
  // first line, never a DETAIL's row or a data exception's value.
  EXPECT_EQ(without_statement(soci_error(
                "Cannot execute query. Fatal error. ERROR:  duplicate key value violates unique "
                "constraint \"residents_pkey\"\nDETAIL:  Key (patient_id)=(191212121212) already "
                "exists.\n",
                "23505")),
            "Cannot execute query. Fatal error. ERROR:  duplicate key value violates unique "
            "constraint \"residents_pkey\" [SQLSTATE 23505]");
  EXPECT_EQ(without_statement(soci_error("Cannot execute query. Fatal error. ERROR:  invalid input "
                                         "syntax for type bigint: \"191212121212x\"\nLINE 1: ...",
                                         "22P02")),
            "Cannot execute query. Fatal error. ERROR: a value the column does not take [SQLSTATE "
            "22P02]");
  EXPECT_EQ(without_statement(std::runtime_error("plain")), "plain");
  // A value read that SOCI could not convert is left out; other SOCI errors
  // keep their first line.
  EXPECT_EQ(without_statement(
                soci::soci_error("Cannot convert data: string \"191212121212x\" is not a number.")),
            "Cannot convert data: a value read the type does not take");
  EXPECT_EQ(without_statement(soci::soci_error("Null value fetched and no indicator defined.\nx")),
            "Null value fetched and no indicator defined.");
  // A COPY's error (no SOCI message): the first line, with its SQLSTATE when known.
  EXPECT_EQ(server_first_line("ERROR:  relation \"x\" does not exist\nLINE 1: COPY x", ""),
            "ERROR:  relation \"x\" does not exist");
  EXPECT_EQ(server_first_line("ERROR:  invalid input syntax for type bigint: \"1912\"\nCONTEXT: ..",
                              "22P02"),
            "ERROR: a value the column does not take [SQLSTATE 22P02]");
  // Without a severity to keep, nothing of a data exception's line.
  EXPECT_EQ(server_first_line("invalid input syntax for type bigint: \"1912\"", "22P02"),
            "a value the column does not take [SQLSTATE 22P02]");
  EXPECT_EQ(server_first_line("", "22003"), "a value the column does not take [SQLSTATE 22003]");
  for (const char* other : {"23505", "42P01", "22003", "XX000"})
    EXPECT_FALSE(database_trouble(soci::postgresql_soci_error("ERROR:  x", other))) << other;
}

TEST_F(PgDeferredIndexes, ASmallLoadKeepsTheIndexes) {
  const long long pk = index_oid("versioned_pkey");
  load(100);
  EXPECT_EQ(count("SELECT count(*) FROM versioned"), 100);
  EXPECT_EQ(index_oid("versioned_pkey"), pk);
}

TEST_F(PgCopyTest, ACursorReadsIntegersAndBooleansAndRefusesOtherText) {
  // Three full FETCHes, then an empty one, after which the reader closes the
  // cursor (a short FETCH closing it is TextsRoundTripThroughCopyAndACursor).
  const long long n = 3 * static_cast<long long>(RowReader::kFetchRows);
  RowReader r(sql(), {ColType::integer, ColType::integer, ColType::text},
              RowReader::kFetchRows / 8);
  r.run(
      "SELECT g % 3 = 0, -g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'r' || g END "
      "FROM generate_series(1, " +
      std::to_string(n) + ") g ORDER BY g");
  long long seen = 0, threes = 0, sum = 0, nulls = 0;
  while (r.fetch())
    for (size_t i = 0; i < r.size(); ++i) {
      ++seen;
      threes += r.integer(0, i);
      sum += r.integer(1, i);
      if (r.null(2, i))
        ++nulls;
      else if (r.text(2, i) != "r" + std::to_string(seen))
        ADD_FAILURE() << "row " << seen;
    }
  EXPECT_EQ(seen, n);
  EXPECT_EQ(threes, n / 3);          // 't' for 3, 6, ...; 'f' for the others
  EXPECT_EQ(sum, -n * (n + 1) / 2);  // -1, -2, ...
  EXPECT_EQ(nulls, n / 5);
  EXPECT_FALSE(r.fetch());  // and again after the end
  EXPECT_EQ(count("SELECT count(*) FROM pg_cursors"), 0);

  RowReader text(sql(), {ColType::integer}, 256);
  text.run("SELECT '12x'");
  EXPECT_THROW(text.fetch(), soci::soci_error);
}

TEST_F(PgCopyTest, AFetchThatFailsThrowsWithTheServersSqlstate) {
  soci::transaction tr(sql());
  RowReader r(sql(), {ColType::integer}, 256);
  // Row kFetchRows + 10 divides by zero: the first FETCH succeeds.
  r.run("SELECT 1 / (g - " + std::to_string(RowReader::kFetchRows + 10) +
        ") FROM generate_series(1, 5000) g");
  ASSERT_TRUE(r.fetch());
  std::string state;
  try {
    while (r.fetch()) {
    }
  } catch (const soci::postgresql_soci_error& e) {
    state = e.sqlstate();
  }
  EXPECT_EQ(state, "22012");  // division_by_zero
}

TEST_F(PgCopyTest, CursorOutlivesACommitAndIsClosedWhenLeftEarly) {
  sql() << "INSERT INTO probe (k, n) SELECT 'k' || g, g FROM generate_series(1, 40000) g";
  {
    soci::transaction tr(sql());
    RowReader r(sql(), {ColType::integer}, 1000);
    r.run("SELECT n FROM probe ORDER BY n");
    ASSERT_TRUE(r.fetch());
    tr.commit();  // the caller commits in the middle of the rows
    long long sum = r.integer(0, 0);
    size_t n = 1;
    while (r.fetch())
      for (size_t i = 0; i < r.size(); ++i, ++n) sum += r.integer(0, i);
    // 1, then 1001..40000: the first piece's other rows were not added
    EXPECT_EQ(n, 40000u - 999u);
    EXPECT_EQ(sum, 800020000 - 500500 + 1);
  }
  {
    RowReader r(sql(), {ColType::integer}, 1000);
    r.run("SELECT n FROM probe");
    ASSERT_TRUE(r.fetch());
    EXPECT_EQ(count("SELECT count(*) FROM pg_cursors"), 1);
  }
  EXPECT_EQ(count("SELECT count(*) FROM pg_cursors"), 0);
}

}  // namespace
