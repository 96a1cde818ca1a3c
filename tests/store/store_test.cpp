// Store (migrations, built-in reference data, schema check) and
// VersionedWriter (append-only versions) on a temporary SQLite database.
#include "store/store.h"

#include <gtest/gtest.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "core/hospital.h"
#include "core/region.h"
#include "store/kinds.h"
#include "store/native_handles.h"
#include "store/summary.h"
#include "store/versioned_writer.h"
#include "store/write_transaction.h"

namespace vardavtal {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "vardavtal_store_" + info->name() + ".db";
    remove_files();
  }
  void TearDown() override { remove_files(); }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::remove((path_ + suffix).c_str());
  }
  long long count(Store& s, const std::string& query) {
    long long n = -1;
    s.sql() << query, soci::into(n);
    return n;
  }
  std::string text(Store& s, const std::string& query) {
    std::string v;
    soci::indicator ind = soci::i_null;
    s.sql() << query, soci::into(v, ind);
    return ind == soci::i_ok ? v : "<null>";
  }
  std::string path_;
};

Record record(const std::string& id, const std::string& clinic = "Kirurgi") {
  Record r;
  r.record_id = id;
  r.seller = "AS";
  r.patient_id = "191212121212";
  r.county = "18";
  r.care_type = CareType::inpatient;
  r.clinic = clinic;
  r.admission_date = *parse_iso_date("2021-03-01");
  r.discharge_date = *parse_iso_date("2021-03-10");
  r.drg = "E03N";
  r.kpp_cost = Money::from_ore(4567850);
  return r;
}

// Writes rows through one VersionedWriter in one transaction; returns the
// decisions.
template <class Row>
std::vector<Change> write(Store& s, const TableSpec& spec, const std::vector<Row>& rows,
                          bool commit = true) {
  std::vector<Change> out;
  soci::transaction tr(s.sql());
  int64_t id = s.next_import_id();
  VersionedWriter w(s.sql(), spec, id);
  long line = 1;
  for (const Row& r : rows) {
    put_row(r, w.values());
    VersionDecision d = w.decide(++line);
    out.push_back(d.change);
    if (d.change == Change::added || d.change == Change::changed) w.append();
  }
  w.flush();
  if (commit) {
    s.record_import(id, "test", "test", 0, 0, 0);
    tr.commit();
  } else {
    tr.rollback();
  }
  return out;
}

// ------------------------------------------------------------- migrations

TEST_F(StoreTest, MigrateCreatesTheSchemaAndSeedsReferenceData) {
  Store s(path_);
  EXPECT_EQ(s.schema_version(), 0);
  auto applied = s.migrate();
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied[0], "001_import_tables");
  EXPECT_GE(s.schema_version(), 1);
  EXPECT_NO_THROW(s.require_schema());
  EXPECT_EQ(count(s, "SELECT count(*) FROM regions"),
            static_cast<long long>(builtin_regions().size()));
  EXPECT_EQ(count(s, "SELECT count(*) FROM hospitals"),
            static_cast<long long>(builtin_hospitals().size()));
  EXPECT_EQ(count(s, "SELECT count(*) FROM imports WHERE kind = 'reference'"), 1);
  EXPECT_EQ(count(s, "SELECT rows_new FROM imports"),
            static_cast<long long>(builtin_regions().size() + builtin_hospitals().size()));
  EXPECT_EQ(text(s, "SELECT name FROM regions WHERE code = '18'"), "Region Örebro län");
  EXPECT_EQ(text(s, "SELECT org_number FROM regions WHERE code = '03'"), "2321000024");
  EXPECT_EQ(text(s, "SELECT region FROM hospitals WHERE code = 'USO'"), "18");
  EXPECT_EQ(s.region_codes().size(), 21u);
  EXPECT_EQ(s.region_codes().count("21"), 1u);
  EXPECT_EQ(s.hospital_codes(), (std::set<std::string>{"AS", "ENK", "USO"}));
}

TEST_F(StoreTest, MigrateTwiceIsSafe) {
  {
    Store s(path_);
    s.migrate();
  }
  Store s(path_);
  EXPECT_TRUE(s.migrate().empty());
  EXPECT_TRUE(s.migrate().empty());
  EXPECT_EQ(count(s, "SELECT count(*) FROM regions"), 21);
  EXPECT_EQ(count(s, "SELECT count(*) FROM hospitals"), 3);
  EXPECT_EQ(count(s, "SELECT count(*) FROM imports"), 1);
  EXPECT_EQ(count(s, "SELECT max(version) FROM regions"), 1);
  EXPECT_EQ(count(s, "SELECT count(*) FROM schema_migrations"), s.schema_version());
}

// SQLite ends a transaction by itself on a full disk or out of memory in a
// statement without a statement journal (the writers' INSERT OR FAIL): the
// caller's rollback then finds none, and is not to hide the caller's error.
TEST_F(StoreTest, RollbackOfATransactionTheDatabaseEndedAlreadyIsNotAnError) {
  Store s(path_);
  s.sql() << "CREATE TABLE probe (x bigint)";
  {
    WriteTransaction tr(s);
    s.sql() << "INSERT INTO probe (x) VALUES (1)";
    s.sql() << "ROLLBACK";  // as SQLite does by itself
    EXPECT_NO_THROW(tr.rollback());
  }
  WriteTransaction again(s);  // the session is usable: a new transaction begins
  again.commit();
  EXPECT_EQ(count(s, "SELECT count(*) FROM probe"), 0);
}

// A session is idle (Store::idle) between transactions, not inside one,
// whether it ended in a commit or a rollback, and not when it was never opened.
TEST_F(StoreTest, IdleBetweenTransactionsOnly) {
  Store s(path_);
  EXPECT_TRUE(s.idle());
  s.sql() << "BEGIN";
  EXPECT_FALSE(s.idle());
  s.sql() << "COMMIT";
  EXPECT_TRUE(s.idle());
  s.sql() << "BEGIN";
  s.sql() << "SELECT 1";
  EXPECT_FALSE(s.idle());
  s.sql() << "ROLLBACK";
  EXPECT_TRUE(s.idle());
  Store missing(path_ + "-none", OpenMode::existing);  // no file: never opened
  EXPECT_FALSE(missing.idle());
}

TEST_F(StoreTest, RequireSchemaOnAnEmptyDatabaseSaysToRunInit) {
  Store s(path_);
  try {
    s.require_schema();
    FAIL() << "no exception";
  } catch (const StoreError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("vardavtal init"), std::string::npos) << what;
    EXPECT_NE(what.find("version 0"), std::string::npos) << what;
  }
}

TEST_F(StoreTest, SqliteUrlFormOpensTheSameDatabase) {
  {
    Store s(path_);
    s.migrate();
  }
  Store s("sqlite3://" + path_);
  EXPECT_NO_THROW(s.require_schema());
  EXPECT_EQ(s.hospital_codes().size(), 3u);
}

TEST_F(StoreTest, UnopenableDatabaseIsAStoreError) {
  EXPECT_THROW(Store(::testing::TempDir() + "no/such/dir/x.db"), StoreError);
}

TEST_F(StoreTest, NextImportIdFollowsTheImportsTable) {
  Store s(path_);
  s.migrate();
  EXPECT_EQ(s.next_import_id(), 2);
  s.record_import(2, "records", "r.csv", 1, 2, 3);
  EXPECT_EQ(s.next_import_id(), 3);
  EXPECT_EQ(count(s,
                  "SELECT rows_new * 100 + rows_changed * 10 + rows_unchanged FROM imports "
                  "WHERE id = 2"),
            123);
}

// ------------------------------------------------- built-in data vs. files

TEST_F(StoreTest, RegionFromAFileIsNotRevertedByMigrate) {
  Store s(path_);
  s.migrate();
  Region uppsala = builtin_regions()[1];
  ASSERT_EQ(uppsala.code, "03");
  uppsala.name = "Region Uppsala (ny)";
  Region new_region{"26", "Region Test", "2321000024", "Test"};
  auto changes = write(s, region_table(), std::vector<Region>{uppsala, new_region});
  EXPECT_EQ(changes, (std::vector<Change>{Change::changed, Change::added}));
  Hospital as = builtin_hospitals()[0];
  as.hsa_id = "SE2321000024-E000000000001";
  EXPECT_EQ(write(s, hospital_table(), std::vector<Hospital>{as}),
            std::vector<Change>{Change::changed});

  EXPECT_TRUE(s.migrate().empty());
  EXPECT_EQ(count(s, "SELECT count(*) FROM regions WHERE code = '03'"), 2);
  EXPECT_EQ(count(s, "SELECT max(version) FROM regions WHERE code = '03'"), 2);
  EXPECT_EQ(text(s, "SELECT name FROM regions WHERE code = '03' AND version = 2"),
            "Region Uppsala (ny)");
  EXPECT_EQ(text(s, "SELECT name FROM regions WHERE code = '03' AND version = 1"),
            "Region Uppsala");
  EXPECT_EQ(count(s, "SELECT count(*) FROM regions WHERE code = '26'"), 1);
  EXPECT_EQ(count(s, "SELECT count(*) FROM hospitals WHERE code = 'AS'"), 2);
  EXPECT_EQ(count(s, "SELECT count(*) FROM imports WHERE kind = 'reference'"), 1);
  EXPECT_EQ(s.region_codes().count("26"), 1u);
}

// ------------------------------------------------------ versioned writer

TEST_F(StoreTest, WriterAddsKeepsAndVersions) {
  Store s(path_);
  s.migrate();
  EXPECT_EQ(write(s, record_table(), std::vector<Record>{record("R1"), record("R2")}),
            (std::vector<Change>{Change::added, Change::added}));
  EXPECT_EQ(write(s, record_table(), std::vector<Record>{record("R1"), record("R2")}),
            (std::vector<Change>{Change::unchanged, Change::unchanged}));
  EXPECT_EQ(write(s, record_table(), std::vector<Record>{record("R1"), record("R2", "Ortopedi")}),
            (std::vector<Change>{Change::unchanged, Change::changed}));
  EXPECT_EQ(write(s, record_table(), std::vector<Record>{record("R2", "Kirurgi")}),
            (std::vector<Change>{Change::changed}));  // back to the first content: version 3
  EXPECT_EQ(count(s, "SELECT count(*) FROM records"), 4);
  EXPECT_EQ(count(s, "SELECT max(version) FROM records WHERE record_id = 'R2'"), 3);
  EXPECT_EQ(text(s, "SELECT clinic FROM records WHERE record_id = 'R2' AND version = 2"),
            "Ortopedi");
  EXPECT_EQ(text(s, "SELECT clinic FROM records_latest WHERE record_id = 'R2'"), "Kirurgi");
  EXPECT_EQ(count(s, "SELECT count(*) FROM records_latest"), 2);
}

// The fast path (an empty table, exact = false) stores the content hashes a
// tracked writer computes: seven rows of different content (NULLs, and a
// column added later, hashed with its name) through the fast path, then the
// same rows through a tracked writer, which finds every one unchanged only
// if the stored hashes are its own.
TEST_F(StoreTest, TheFastPathStoresTheHashesATrackedWriterComputes) {
  Store s(path_);
  s.migrate();
  std::vector<Record> rows;
  for (int i = 0; i < 7; ++i) {
    Record r = record("R" + std::to_string(i), i % 2 ? "Kirurgi" : "Ortopedi ortopedi");
    if (i % 3 == 0) r.municipality = "1880";
    if (i == 2) r.kpp_cost.reset();
    if (i >= 4) r.medical_field = "101";  // a column added later (hashed with its name)
    rows.push_back(r);
  }
  {
    soci::transaction tr(s.sql());
    const int64_t id = s.next_import_id();
    VersionedWriter w(s.sql(), record_table(), id, /*exact=*/false);
    for (const Record& r : rows) {
      put_row(r, w.values());
      EXPECT_EQ(w.decide(1).change, Change::added);
      w.append();
    }
    w.flush();
    s.record_import(id, "test", "test", 0, 0, 0);
    tr.commit();
  }
  EXPECT_EQ(write(s, record_table(), rows), std::vector<Change>(7, Change::unchanged));
  EXPECT_EQ(count(s, "SELECT count(DISTINCT content_hash) FROM records"), 7);
}

TEST_F(StoreTest, WriterStoresEveryColumn) {
  Store s(path_);
  s.migrate();
  Record v = record("V1");
  v.care_type = CareType::doctor_visit;
  v.discharge_date.reset();
  v.municipality = "1880";
  v.kpp_cost.reset();
  v.drg = "";
  v.referral_id = "REM-1";
  v.emergency = true;
  v.patient_fee = Money::from_ore(10050);
  write(s, record_table(), std::vector<Record>{record("R1"), v});
  EXPECT_EQ(text(s, "SELECT billing_date FROM records WHERE record_id = 'R1'"), "2021-03-10");
  EXPECT_EQ(text(s, "SELECT billing_date FROM records WHERE record_id = 'V1'"), "2021-03-01");
  EXPECT_EQ(text(s, "SELECT discharge_date FROM records WHERE record_id = 'V1'"), "<null>");
  EXPECT_EQ(text(s, "SELECT drg FROM records WHERE record_id = 'V1'"), "<null>");
  EXPECT_EQ(text(s, "SELECT municipality FROM records WHERE record_id = 'R1'"), "<null>");
  EXPECT_EQ(text(s, "SELECT municipality FROM records WHERE record_id = 'V1'"), "1880");
  EXPECT_EQ(count(s, "SELECT kpp_cost FROM records WHERE record_id = 'R1'"), 4567850);
  EXPECT_EQ(count(s, "SELECT count(*) FROM records WHERE record_id = 'V1' AND kpp_cost IS NULL"),
            1);
  EXPECT_EQ(count(s, "SELECT emergency * 100000 + patient_fee FROM records WHERE record_id = 'V1'"),
            110050);
  EXPECT_EQ(text(s, "SELECT care_type FROM records WHERE record_id = 'V1'"), "doctor_visit");
}

TEST_F(StoreTest, DuplicateIdentityInOneWriterIsReported) {
  Store s(path_);
  s.migrate();
  soci::transaction tr(s.sql());
  VersionedWriter w(s.sql(), record_table(), s.next_import_id());
  put_row(record("R1"), w.values());
  EXPECT_EQ(w.decide(2).change, Change::added);
  w.append();
  put_row(record("R1", "Other"), w.values());
  VersionDecision d = w.decide(7);
  EXPECT_EQ(d.change, Change::duplicate);
  EXPECT_EQ(d.duplicate_line, 2);
  put_row(record("R1"), w.values());
  EXPECT_EQ(w.decide(9).change, Change::duplicate);  // even with the same content
}

TEST_F(StoreTest, RollbackLeavesNothingEvenAfterFullBatches) {
  Store s(path_);
  s.migrate();
  std::vector<Record> rows;
  const int n = static_cast<int>(2 * batch_rows(record_table()) + 100);
  for (int i = 0; i < n; ++i) rows.push_back(record("R" + std::to_string(i)));
  write(s, record_table(), rows, /*commit=*/false);
  EXPECT_EQ(count(s, "SELECT count(*) FROM records"), 0);
  EXPECT_EQ(count(s, "SELECT count(*) FROM imports"), 1);
}

TEST_F(StoreTest, HeadsAreLoadedBeyondOneFetchBatch) {
  Store s(path_);
  s.migrate();
  std::vector<Record> rows;
  for (int i = 0; i < 10000; ++i) rows.push_back(record("R" + std::to_string(i)));
  auto first = write(s, record_table(), rows);
  EXPECT_EQ(std::count(first.begin(), first.end(), Change::added), 10000);
  EXPECT_EQ(count(s, "SELECT count(*) FROM records"), 10000);
  rows[9999].clinic = "Ändrad";
  auto second = write(s, record_table(), rows);
  EXPECT_EQ(std::count(second.begin(), second.end(), Change::unchanged), 9999);
  EXPECT_EQ(second[9999], Change::changed);
  EXPECT_EQ(count(s, "SELECT count(*) FROM records"), 10001);
}

TEST_F(StoreTest, IntegerIdentityColumnsAreRecognizedOnReload) {
  Store s(path_);
  s.migrate();
  WeightRow w{2021, "E03N", "Hjärta", 12345, 12, Money::from_ore(100), 2500};
  PriceRow p{"AS", 2021, "L01XC", "Drug", Money::from_ore(123456)};
  IndexRow x{"LPIK", 2021, 19000};
  EXPECT_EQ(write(s, weight_table(), std::vector<WeightRow>{w}),
            std::vector<Change>{Change::added});
  EXPECT_EQ(write(s, price_table(), std::vector<PriceRow>{p}), std::vector<Change>{Change::added});
  EXPECT_EQ(write(s, index_table(), std::vector<IndexRow>{x}), std::vector<Change>{Change::added});
  EXPECT_EQ(write(s, weight_table(), std::vector<WeightRow>{w}),
            std::vector<Change>{Change::unchanged});
  EXPECT_EQ(write(s, price_table(), std::vector<PriceRow>{p}),
            std::vector<Change>{Change::unchanged});
  EXPECT_EQ(write(s, index_table(), std::vector<IndexRow>{x}),
            std::vector<Change>{Change::unchanged});
  w.weight = 12346;
  EXPECT_EQ(write(s, weight_table(), std::vector<WeightRow>{w}),
            std::vector<Change>{Change::changed});
  EXPECT_EQ(count(s, "SELECT max(version) FROM weights"), 2);
  EXPECT_EQ(count(s, "SELECT weight FROM weights WHERE version = 1"), 12345);
}

TEST_F(StoreTest, SummaryCountsRowsAndVersions) {
  Store s(path_);
  s.migrate();
  write(s, record_table(), std::vector<Record>{record("R1"), record("R2"), record("R3")});
  write(s, record_table(), std::vector<Record>{record("R1", "Ortopedi")});
  auto rows = summarize(s);
  bool found = false;
  for (const auto& r : rows) {
    if (r.kind == "records") {
      found = true;
      EXPECT_EQ(r.party, "AS");
      EXPECT_EQ(r.year, "2021");
      EXPECT_EQ(r.detail, "inpatient");
      EXPECT_EQ(r.rows, 3);
      EXPECT_EQ(r.versions, 4);
    }
    if (r.kind == "regions" && r.party == "Mellansverige") {
      EXPECT_EQ(r.rows, 7);
      EXPECT_EQ(r.versions, 7);
    }
  }
  EXPECT_TRUE(found);
}

// ------------------------------------------------------------- batches

TEST(BatchRows, ACellBudgetBetweenAFloorAndACeiling) {
  // records: 2 identity + 21 content columns -> 262144 / 23 = 11397 rows.
  EXPECT_EQ(record_table().identity.size() + record_table().content.size(), 23u);
  EXPECT_EQ(batch_rows(record_table()), 11397u);
  // residents: 4 columns -> 65536 (262144 / 4 = 65536, the ceiling).
  EXPECT_EQ(batch_rows(resident_table()), 65536u);
  const TableSpec narrow{"t", {{"a", ColType::text}}, {{"b", ColType::integer}}};
  EXPECT_EQ(batch_rows(narrow), 65536u);  // 131072 capped
  TableSpec wide{"t", {{"a", ColType::text}}, {}};
  for (int i = 0; i < 99; ++i) wide.content.push_back({"c", ColType::text});
  EXPECT_EQ(batch_rows(wide), 4096u);  // 2621 raised to the floor
}

// Appends rows k<from>..k<to - 1> (b = i) to a writer of table t and flushes.
void append_to_t(VersionedWriter& w, int from, int to) {
  for (int i = from; i < to; ++i) {
    w.values().text(0, "k" + std::to_string(i));
    w.values().integer(1, i);
    w.append();
  }
  w.flush();
}

const TableSpec kTableT{"t", {{"a", ColType::text}}, {{"b", ColType::integer}}, false};

// The migrated database with table t.
void make_table_t(Store& s) {
  s.migrate();
  s.sql() << "CREATE TABLE t (a text PRIMARY KEY, b bigint)";
}

// A writer told how many rows it appends allocates a batch of that many (a
// month's few invoices), and still writes more than that, a batch at a time.
TEST_F(StoreTest, AWriterOfAKnownNumberOfRowsAllocatesOnlyThose) {
  Store s(path_);
  make_table_t(s);
  EXPECT_EQ(VersionedWriter(s.sql(), record_table(), 0, true, 3).batch(), 3u);
  EXPECT_EQ(VersionedWriter(s.sql(), record_table(), 0, true, 1'000'000).batch(), 11397u);
  EXPECT_EQ(VersionedWriter(s.sql(), record_table(), 0, true).batch(), 11397u);
  // A batch of its own replaces the budget's, and a known number still caps it.
  EXPECT_EQ(VersionedWriter(s.sql(), record_table(), 0, true, 0, nullptr, 16384).batch(), 16384u);
  EXPECT_EQ(VersionedWriter(s.sql(), record_table(), 0, true, 100, nullptr, 16384).batch(), 100u);
  {
    soci::transaction tr(s.sql());
    VersionedWriter w(s.sql(), kTableT, 0, true, 2);
    append_to_t(w, 0, 5);
    tr.commit();
  }
  EXPECT_EQ(count(s, "SELECT count(*) FROM t"), 5);
  EXPECT_EQ(count(s, "SELECT sum(b) FROM t"), 0 + 1 + 2 + 3 + 4);
}

// The connection's prepared inserts into table t, by how many rows each
// inserts (SQLite's own list of a connection's statements).
std::multiset<int> prepared_inserts_into_t(Store& s) {
  sqlite_api::sqlite3* db = sqlite_connection(s.sql());
  std::multiset<int> out;
  for (sqlite_api::sqlite3_stmt* st = sqlite_api::sqlite3_next_stmt(db, nullptr); st;
       st = sqlite_api::sqlite3_next_stmt(db, st)) {
    const std::string sql = sqlite_api::sqlite3_sql(st);
    if (sql.rfind("INSERT OR FAIL INTO t ", 0) == 0)
      out.insert(static_cast<int>(std::count(sql.begin(), sql.end(), '(')) - 1);
  }
  return out;
}

// On SQLite a writer prepares its insert of 64 rows at once only when a
// batch first holds that many (compiling it for every small writer of a
// billing month was a twentieth of a scale-1 bill's CPU time): 63 rows use
// the one-row insert alone.
TEST_F(StoreTest, TheMultiRowInsertIsPreparedWhenABatchFirstNeedsIt) {
  Store s(path_);
  make_table_t(s);
  soci::transaction tr(s.sql());
  VersionedWriter w(s.sql(), kTableT, 0);
  append_to_t(w, 0, 63);
  EXPECT_EQ(prepared_inserts_into_t(s), std::multiset<int>{1});
  append_to_t(w, 63, 127);  // a batch of exactly 64
  EXPECT_EQ(prepared_inserts_into_t(s), (std::multiset<int>{1, 64}));
  tr.commit();
  EXPECT_EQ(count(s, "SELECT count(*) FROM t"), 127);
  EXPECT_EQ(count(s, "SELECT count(*) FROM t WHERE a = 'k' || b"), 127);  // each row its own
}

// The multi-row insert binds a column of its 64 rows at a time: 130 records
// (two statements of 64 rows, two of one) each with values of its own in
// columns of either type and NULLs in every other row, read back row by row,
// with the import's id, and their content hashes each the row's own.
TEST_F(StoreTest, EveryRowOfAMultiRowInsertKeepsItsOwnValues) {
  Store s(path_);
  s.migrate();
  std::vector<Record> rows;
  for (int i = 0; i < 130; ++i) {
    Record r = record("R" + std::to_string(1000 + i), "Clinic " + std::to_string(i));
    r.kpp_cost = Money::from_ore(100 * i + 7);
    r.municipality = i % 2 ? "" : std::to_string(1000 + i);
    r.leave_days = i;
    rows.push_back(r);
  }
  write(s, record_table(), rows);
  const long long import_id = count(s, "SELECT max(id) FROM imports");
  soci::rowset<soci::row> read =
      (s.sql().prepare << "SELECT record_id, clinic, kpp_cost, municipality, leave_days, version, "
                          "import_id FROM records ORDER BY record_id");
  int i = 0;
  for (const soci::row& row : read) {
    SCOPED_TRACE(i);
    EXPECT_EQ(row.get<std::string>(0), "R" + std::to_string(1000 + i));
    EXPECT_EQ(row.get<std::string>(1), "Clinic " + std::to_string(i));
    EXPECT_EQ(row.get<long long>(2), 100 * i + 7);
    EXPECT_EQ(row.get_indicator(3) == soci::i_null, i % 2 == 1);
    if (i % 2 == 0) {
      EXPECT_EQ(row.get<std::string>(3), std::to_string(1000 + i));
    }
    EXPECT_EQ(row.get<long long>(4), i);
    EXPECT_EQ(row.get<long long>(5), 1);
    EXPECT_EQ(row.get<long long>(6), import_id);
    ++i;
  }
  EXPECT_EQ(i, 130);
  // Each row's content hash is its own: the same rows again change nothing.
  EXPECT_EQ(write(s, record_table(), rows), std::vector<Change>(130, Change::unchanged));
}

// A multi-row insert SQLite cannot prepare (here: more parameters than the
// connection allows) fails the batch with a StoreError from flush(), like a
// failed insert; the writer still ends cleanly and the caller rolls back.
TEST_F(StoreTest, AnInsertThatCannotBePreparedFailsTheBatch) {
  Store s(path_);
  make_table_t(s);
  {
    soci::transaction tr(s.sql());
    VersionedWriter w(s.sql(), kTableT, 0);
    sqlite_api::sqlite3_limit(sqlite_connection(s.sql()), SQLITE_LIMIT_VARIABLE_NUMBER, 100);
    EXPECT_THROW(append_to_t(w, 0, 64), StoreError);  // 128 parameters
  }
  EXPECT_TRUE(prepared_inserts_into_t(s).empty());
  EXPECT_EQ(count(s, "SELECT count(*) FROM t"), 0);
}

// A batch is written in identity order (the table's rowids show the order),
// rows of one identity (an item set's lines) in their given order.
TEST_F(StoreTest, ABatchIsWrittenInIdentityOrder) {
  Store s(path_);
  s.migrate();
  {
    soci::transaction tr(s.sql());
    VersionedWriter w(s.sql(), record_items_table(), s.next_import_id(), /*exact=*/false);
    auto line = [&](const char* seller, const char* id, int no, const char* item) {
      RowValues& v = w.values();
      v.text(0, seller);
      v.text(1, id);
      v.integer(2, no);
      v.text(3, item);
      v.integer(4, 1);
      w.decide(1);
      w.append();
    };
    line("USO", "R1", 1, "a");
    line("AS", "R2", 1, "b");
    line("AS", "R2", 2, "c");
    line("AS", "R10", 1, "d");
    line("AS", "R2", 3, "e");
    w.flush();
    tr.commit();
  }
  std::string order;
  soci::rowset<std::string> rows = s.sql().prepare << "SELECT item_code FROM record_items ORDER BY rowid";
  for (const std::string& item : rows) order += item;
  EXPECT_EQ(order, "dbcea");  // AS/R10, AS/R2 lines 1..3, USO/R1
}

// The small page cache of the fast path (an empty table on SQLite) lasts
// until flush(); a tracked writer leaves the session's cache as it is.
TEST_F(StoreTest, TheFastPathShrinksThePageCacheUntilFlush) {
  Store s(path_);
  s.migrate();
  const long long before = count(s, "PRAGMA cache_size");
  ASSERT_EQ(before, -65536);  // the Store's setting (64 MiB)
  soci::transaction tr(s.sql());
  {
    VersionedWriter tracked(s.sql(), record_table(), s.next_import_id(), /*exact=*/true);
    EXPECT_EQ(count(s, "PRAGMA cache_size"), before);
  }
  {
    VersionedWriter w(s.sql(), record_table(), s.next_import_id(), /*exact=*/false);
    EXPECT_EQ(count(s, "PRAGMA cache_size"), kBulkCacheSize);
    put_row(record("R1"), w.values());
    w.decide(2);
    w.append();
    w.flush();
    EXPECT_EQ(count(s, "PRAGMA cache_size"), before);
  }
  {
    VersionedWriter abandoned(s.sql(), record_items_table(), s.next_import_id(), false);
    EXPECT_EQ(count(s, "PRAGMA cache_size"), kBulkCacheSize);
  }  // no flush: the destructor restores it
  EXPECT_EQ(count(s, "PRAGMA cache_size"), before);
  EXPECT_EQ(count(s, "SELECT count(*) FROM records"), 1);
}

}  // namespace
}  // namespace vardavtal
