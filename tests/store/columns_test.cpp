// The column maps (store/columns.h) against the migrated database, on SQLite
// and, when VARDAVTAL_TEST_POSTGRES_URL is set, on PostgreSQL; and every
// column of each table written and read back through its map.
#include "store/columns.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/kinds.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/store.h"
#include "store/versioned_writer.h"

namespace vardavtal {
namespace {

// Column name -> declared type ("text" or "bigint") of `table` in the
// database's current schema.
std::map<std::string, std::string> table_columns(Store& s, const std::string& table) {
  std::map<std::string, std::string> out;
  std::string name, type, t = table;
  const std::string query =
      s.is_sqlite() ? "SELECT name, lower(type) FROM pragma_table_info(:t)"
                    : "SELECT column_name, data_type FROM information_schema.columns WHERE "
                      "table_schema = current_schema() AND table_name = :t";
  soci::statement st = (s.sql().prepare << query, soci::use(t), soci::into(name), soci::into(type));
  st.execute();
  while (st.fetch()) out[name] = type;
  return out;
}

// The columns a map says its table has: its own and, for a versioned table,
// those the VersionedWriter adds.
template <class Row>
std::map<std::string, std::string> mapped_columns(const TableMap<Row>& map) {
  std::map<std::string, std::string> out;
  for (const Column<Row>& c : map.columns()) {
    EXPECT_TRUE(out.emplace(c.name, c.type == ColType::text ? "text" : "bigint").second)
        << map.spec().table << " maps " << c.name << " twice";
  }
  if (map.spec().versioned)
    for (const char* c : {"version", "import_id", "content_hash"}) out.emplace(c, "bigint");
  return out;
}

void expect_maps_match(Store& s) {
  EXPECT_EQ(mapped_columns(record_columns()), table_columns(s, "records"));
  std::map<std::string, std::string> postings = mapped_columns(posting_columns());
  postings.merge(mapped_columns(posting_line_columns()));
  EXPECT_EQ(postings, table_columns(s, "postings"));
  EXPECT_EQ(posted_line_spec().content.size() + 1, postings.size());
  EXPECT_EQ(mapped_columns(invoice_columns()), table_columns(s, "invoices"));
  EXPECT_EQ(mapped_columns(line_columns()), table_columns(s, "invoice_lines"));  // the view
}

class ColumnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "vardavtal_columns_" + info->name() + ".db";
    remove_files();
  }
  void TearDown() override { remove_files(); }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::remove((path_ + suffix).c_str());
  }
  std::string path_;
};

TEST_F(ColumnsTest, MapsMatchTheMigratedTablesOnSqlite) {
  Store s(path_);
  s.migrate();
  ASSERT_EQ(table_columns(s, "records").size(), 26u);  // the query reads the schema
  expect_maps_match(s);
}

// Runs `check` on the PostgreSQL server of VARDAVTAL_TEST_POSTGRES_URL in a
// schema of its own (named `prefix` and the process id), dropped afterwards;
// skips the test when the variable is not set.
void in_postgresql_schema(const std::string& prefix, const std::function<void(Store&)>& check) {
  const char* url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
  if (!url || !*url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
  const std::string schema = prefix + std::to_string(getpid());
  Store s(url);
  s.sql() << "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
  s.sql() << "CREATE SCHEMA " + schema;
  s.sql() << "SET search_path TO " + schema;
  try {
    check(s);
  } catch (...) {
    s.sql() << "DROP SCHEMA " + schema + " CASCADE";
    throw;
  }
  s.sql() << "DROP SCHEMA " + schema + " CASCADE";
}

TEST_F(ColumnsTest, MapsMatchTheMigratedTablesOnPostgresql) {
  in_postgresql_schema("vardavtal_columns_", [](Store& s) {
    s.migrate();
    ASSERT_EQ(table_columns(s, "records").size(), 26u);
    expect_maps_match(s);
  });
}

// The records' content columns in the order their content hash is computed:
// reordering them would make every stored record look changed on re-import.
TEST(ColumnMaps, RecordColumnsKeepTheirHashOrder) {
  const TableSpec& spec = record_columns().spec();
  std::vector<std::string> identity, content;
  for (const ColumnDef& c : spec.identity) identity.push_back(c.name);
  for (const ColumnDef& c : spec.content) content.push_back(c.name);
  EXPECT_EQ(identity, (std::vector<std::string>{"seller", "record_id"}));
  EXPECT_EQ(
      content,
      (std::vector<std::string>{
          "patient_id",     "county",         "municipality",      "care_type",   "clinic",
          "admission_date", "discharge_date", "billing_date",      "leave_days",  "drg",
          "kpp_cost",       "referral_id",    "emergency",         "patient_fee", "medical_field",
          "diagnosis",      "agreement_type", "riksavtal_chapter", "care_level",  "referral_reason",
          "cancelled"}));
  // The columns schema 011 added are hashed only when not NULL.
  for (size_t c = 0; c < spec.content.size(); ++c)
    EXPECT_EQ(spec.content[c].null_hashed, c < 16) << spec.content[c].name;
  EXPECT_TRUE(spec.versioned);
  EXPECT_FALSE(posting_columns().spec().versioned);
}

TEST(ColumnMaps, SelectListAndIndex) {
  EXPECT_EQ(line_columns().select_list("l."),
            "l.seller, l.number, l.line_no, l.posting_id, l.amount, l.late, l.reference_number, "
            "l.reference_line, l.reason_code");
  EXPECT_EQ(invoice_columns().select_list().substr(0, 20), "seller, number, seq,");
  EXPECT_EQ(posting_columns().index("content_hash"), 33u);
  EXPECT_EQ(line_columns().index("seller"), 0u);
  EXPECT_THROW(line_columns().index("nope"), std::out_of_range);
}

Record full_record() {
  Record r;
  r.seller = "AS";
  r.record_id = "R1";
  r.patient_id = "191212121212";
  r.county = "18";
  r.municipality = "1880";
  r.care_type = CareType::day_care;
  r.clinic = "Kirurgi";
  r.admission_date = *parse_iso_date("2021-03-01");
  r.discharge_date = *parse_iso_date("2021-03-10");
  r.leave_days = 2;
  r.drg = "E03N";
  r.kpp_cost = Money::from_ore(4567850);
  r.referral_id = "REM-1";
  r.emergency = true;
  r.patient_fee = Money::from_ore(10050);
  r.medical_field = "101";
  r.diagnosis = "I21.9";
  r.agreement_type = 1;
  r.riksavtal_chapter = "3.1";
  r.care_level = 3;
  r.referral_reason = ReferralReason::choice;
  return r;
}

void expect_same(const Record& a, const Record& b) {
  EXPECT_EQ(a.seller, b.seller);
  EXPECT_EQ(a.record_id, b.record_id);
  EXPECT_EQ(a.patient_id, b.patient_id);
  EXPECT_EQ(a.county, b.county);
  EXPECT_EQ(a.municipality, b.municipality);
  EXPECT_EQ(a.care_type, b.care_type);
  EXPECT_EQ(a.clinic, b.clinic);
  EXPECT_EQ(a.admission_date, b.admission_date);
  EXPECT_EQ(a.discharge_date, b.discharge_date);
  EXPECT_EQ(a.leave_days, b.leave_days);
  EXPECT_EQ(a.drg, b.drg);
  EXPECT_EQ(a.kpp_cost, b.kpp_cost);
  EXPECT_EQ(a.referral_id, b.referral_id);
  EXPECT_EQ(a.emergency, b.emergency);
  EXPECT_EQ(a.patient_fee, b.patient_fee);
  EXPECT_EQ(a.medical_field, b.medical_field);
  EXPECT_EQ(a.diagnosis, b.diagnosis);
  EXPECT_EQ(a.agreement_type, b.agreement_type);
  EXPECT_EQ(a.riksavtal_chapter, b.riksavtal_chapter);
  EXPECT_EQ(a.care_level, b.care_level);
  EXPECT_EQ(a.referral_reason, b.referral_reason);
}

void write_records(Store& s, const std::vector<Record>& rows) {
  soci::transaction tr(s.sql());
  const int64_t id = s.next_import_id();
  VersionedWriter w(s.sql(), record_table(), id);
  long line = 1;
  for (const Record& r : rows) {
    put_row(r, w.values());
    w.decide(++line);
    w.append();
  }
  w.flush();
  s.record_import(id, "records", "test", 0, 0, 0);
  tr.commit();
}

TEST_F(ColumnsTest, EveryRecordColumnIsReadBack) {
  Store s(path_);
  s.migrate();
  Record bare = full_record();  // every optional column empty: stored as NULL
  bare.record_id = "R2";
  bare.municipality = bare.drg = bare.referral_id = bare.medical_field = bare.diagnosis = "";
  bare.riksavtal_chapter = "";
  bare.agreement_type = bare.care_level = 0;
  bare.referral_reason = ReferralReason::none;
  bare.discharge_date.reset();
  bare.kpp_cost.reset();
  bare.emergency = false;
  write_records(s, {full_record(), bare});
  long long nulls = -1;
  s.sql() << "SELECT count(*) FROM records WHERE municipality IS NULL AND discharge_date IS NULL "
             "AND drg IS NULL AND kpp_cost IS NULL AND referral_id IS NULL AND medical_field IS "
             "NULL AND diagnosis IS NULL AND emergency = 0 AND agreement_type IS NULL AND "
             "riksavtal_chapter IS NULL AND care_level IS NULL AND referral_reason IS NULL",
      soci::into(nulls);
  EXPECT_EQ(nulls, 1);

  LedgerStore ledger(s);
  auto full = ledger.record_version("AS", "R1", 1);
  ASSERT_TRUE(full);
  expect_same(*full, full_record());
  auto empty = ledger.record_version("AS", "R2", 1);
  ASSERT_TRUE(empty);
  expect_same(*empty, bare);
  EXPECT_FALSE(ledger.record_version("AS", "R1", 2));

  std::vector<StoredRecord> latest;
  for_each_latest_record(s, RecordFilter{}, [&](std::span<const StoredRecord> batch) {
    latest.insert(latest.end(), batch.begin(), batch.end());
  });
  ASSERT_EQ(latest.size(), 2u);
  expect_same(latest[0].record, full_record());  // medical_field and diagnosis too
  expect_same(latest[1].record, bare);
  EXPECT_EQ(latest[0].version, 1);
}

std::vector<StoredRecord> read_month(Store& s, const std::string& first, const std::string& last) {
  RecordFilter f;
  f.seller = "AS";
  f.billing_from = parse_iso_date(first);
  f.billing_to = parse_iso_date(last);
  std::vector<StoredRecord> out;
  for_each_latest_record(s, f, [&](std::span<const StoredRecord> batch) {
    out.insert(out.end(), batch.begin(), batch.end());
  });
  return out;
}

// A month's read (seller and billing dates) gives each record whose latest
// version has its billing date in the month, that version, and the record's
// latest item set: R1 moved from March to April in its version 2, R2 stayed in
// March with a new clinic and a new item set.
void expect_latest_versions_of_a_month(Store& s) {
  s.migrate();
  Record r1 = full_record(), r2 = full_record();
  r2.record_id = "R2";
  r2.discharge_date = *parse_iso_date("2021-03-20");
  write_records(s, {r1, r2});
  r1.discharge_date = *parse_iso_date("2021-04-02");
  r2.clinic = "Ortopedi";
  write_records(s, {r1, r2});
  s.sql() << "INSERT INTO record_items (seller, record_id, version, import_id, content_hash, "
             "line_no, item_code, quantity) VALUES ('AS', 'R2', 1, 3, 0, 1, 'X1', 1), ('AS', "
             "'R2', 2, 4, 0, 1, 'X2', 3), ('AS', 'R2', 2, 4, 0, 2, 'X3', -1)";

  const std::vector<StoredRecord> march = read_month(s, "2021-03-01", "2021-03-31");
  ASSERT_EQ(march.size(), 1u);
  EXPECT_EQ(march[0].record.record_id, "R2");
  EXPECT_EQ(march[0].version, 2);
  EXPECT_EQ(march[0].record.clinic, "Ortopedi");
  EXPECT_EQ(march[0].items_version, 2);
  EXPECT_EQ(march[0].items, (std::vector<ItemLine>{{"X2", 3}, {"X3", -1}}));

  const std::vector<StoredRecord> april = read_month(s, "2021-04-01", "2021-04-30");
  ASSERT_EQ(april.size(), 1u);
  EXPECT_EQ(april[0].record.record_id, "R1");
  EXPECT_EQ(april[0].version, 2);
  EXPECT_EQ(april[0].items_version, 0);
  EXPECT_TRUE(april[0].items.empty());
  EXPECT_TRUE(read_month(s, "2021-02-01", "2021-02-28").empty());
}

TEST_F(ColumnsTest, AMonthReadGivesTheLatestVersionsInTheMonthOnSqlite) {
  Store s(path_);
  expect_latest_versions_of_a_month(s);
}

TEST_F(ColumnsTest, AMonthReadGivesTheLatestVersionsInTheMonthOnPostgresql) {
  in_postgresql_schema("vardavtal_month_", expect_latest_versions_of_a_month);
}

// A month's record rows by county (every version with its billing date in
// the range, the count that decides a month's parts): 1 500 rows of county
// 18 (more than one fetch of the SQLite reader), 3 of 19 (one of them a
// second version), none outside the range or of another seller.
void expect_record_rows_by_county(Store& s) {
  s.migrate();
  std::vector<Record> records;
  auto add = [&](const std::string& seller, const std::string& id, const std::string& county,
                 const char* discharge) {
    Record r = full_record();
    r.seller = seller;
    r.record_id = id;
    r.county = county;
    r.care_type = CareType::inpatient;  // billed on its discharge date
    r.admission_date = *parse_iso_date(discharge);
    r.discharge_date = r.admission_date;
    records.push_back(r);
  };
  for (int i = 0; i < 1500; ++i)
    add("AS", "R" + std::to_string(10000 + i), "18", i % 2 ? "2021-03-01" : "2021-03-31");
  add("AS", "S1", "19", "2021-03-15");
  add("AS", "S2", "19", "2021-03-15");
  add("AS", "S3", "20", "2021-04-01");   // the month after
  add("AS", "S4", "20", "2021-02-28");   // the month before
  add("USO", "S5", "19", "2021-03-15");  // another seller
  write_records(s, records);
  Record changed = records[1500];
  changed.clinic = "Ortopedi";
  write_records(s, {changed});  // S1 version 2, also in March
  const std::map<std::string, int64_t> expected{{"18", 1500}, {"19", 3}};
  EXPECT_EQ(
      record_rows_by_county(s, "AS", *parse_iso_date("2021-03-01"), *parse_iso_date("2021-03-31")),
      expected);
  EXPECT_TRUE(
      record_rows_by_county(s, "ENK", *parse_iso_date("2021-03-01"), *parse_iso_date("2021-03-31"))
          .empty());
}

TEST_F(ColumnsTest, RecordRowsByCountyCountEveryVersionInTheRangeOnSqlite) {
  Store s(path_);
  expect_record_rows_by_county(s);
}

TEST_F(ColumnsTest, RecordRowsByCountyCountEveryVersionInTheRangeOnPostgresql) {
  in_postgresql_schema("vardavtal_county_rows_", expect_record_rows_by_county);
}

// Item sets are read for the records that have one, up to 64 record ids of
// one seller per query: 200 records of AS and 100 of USO in one fetch, USO's
// with the ids of AS's first 100 (so a chunk that mixed sellers, or matched
// ids alone, would attach the other seller's items); every third record has
// an item set (67 of AS: two queries; 34 of USO), every ninth a second item
// set, which replaces the first. Item codes name the seller.
void expect_item_sets_in_chunks(Store& s) {
  s.migrate();
  std::vector<Record> records;
  for (int i = 0; i < 300; ++i) {
    Record r = full_record();
    r.seller = i < 200 ? "AS" : "USO";
    r.record_id = "R" + std::to_string(1000 + (i < 200 ? i : i - 200));
    records.push_back(r);
  }
  write_records(s, records);
  std::string values;
  for (const Record& r : records) {
    const int i = std::stoi(r.record_id.substr(1)) - 1000;
    if (i % 3 != 0) continue;
    const std::string key = "('" + r.seller + "', '" + r.record_id + "', ";
    const std::string code = r.seller + std::to_string(i);
    values += (values.empty() ? "" : ", ") + key + "1, 3, 0, 1, 'A" + code + "', 1)";
    if (i % 9 == 0)
      values += ", " + key + "2, 4, 0, 1, 'B" + code + "', 2), " + key + "2, 4, 0, 2, 'C', -1)";
  }
  s.sql() << "INSERT INTO record_items (seller, record_id, version, import_id, content_hash, "
             "line_no, item_code, quantity) VALUES " +
                 values;

  auto expect_items = [](const StoredRecord& r) {
    const int i = std::stoi(r.record.record_id.substr(1)) - 1000;
    const std::string code = r.record.seller + std::to_string(i);
    SCOPED_TRACE(r.record.seller + " " + r.record.record_id);
    if (i % 9 == 0) {
      EXPECT_EQ(r.items_version, 2);
      EXPECT_EQ(r.items, (std::vector<ItemLine>{{"B" + code, 2}, {"C", -1}}));
    } else if (i % 3 == 0) {
      EXPECT_EQ(r.items_version, 1);
      EXPECT_EQ(r.items, (std::vector<ItemLine>{{"A" + code, 1}}));
    } else {
      EXPECT_EQ(r.items_version, 0);
      EXPECT_TRUE(r.items.empty());
    }
  };
  for (const std::optional<std::string>& seller :
       {std::optional<std::string>(), std::optional<std::string>("AS")}) {
    RecordFilter f;
    f.seller = seller;
    f.order = RecordFilter::Order::any;
    size_t n = 0, with_items = 0;
    for_each_latest_record(s, f, [&](std::span<const StoredRecord> batch) {
      for (const StoredRecord& r : batch) {
        expect_items(r);
        ++n;
        with_items += !r.items.empty();
      }
    });
    EXPECT_EQ(n, seller ? 200u : 300u);
    EXPECT_EQ(with_items, seller ? 67u : 101u);
  }
}

TEST_F(ColumnsTest, ItemSetsAreReadInChunksOnSqlite) {
  Store s(path_);
  expect_item_sets_in_chunks(s);
}

TEST_F(ColumnsTest, ItemSetsAreReadInChunksOnPostgresql) {
  in_postgresql_schema("vardavtal_item_sets_", expect_item_sets_in_chunks);
}

// Each record is read with its care posting in force (never reversed):
// `unposted` drops the versions that posting billed, `billed` keeps only the
// records that have one. R1 v1 is billed; R2's posting is reversed; R3 v1 is
// billed and R3 v2 is imported since.
TEST_F(ColumnsTest, RecordsAreReadWithTheirPostingInForce) {
  Store s(path_);
  s.migrate();
  Record r1 = full_record(), r2 = full_record(), r3 = full_record();
  r2.record_id = "R2";
  r3.record_id = "R3";
  write_records(s, {r1, r2, r3});
  auto care = [](int64_t id, const std::string& record, int64_t reverses = 0) {
    Posting p;
    p.id = id;
    p.run_id = 1;
    p.kind = reverses ? PostingKind::reversal : PostingKind::care;
    p.seller = "AS";
    p.buyer = "18";
    p.billing_date = *parse_iso_date("2021-03-10");
    p.record_id = record;
    p.record_version = 1;
    p.reverses = reverses;
    return p;
  };
  std::vector<InvoiceLine> lines;  // each on a line of one invoice (its number is not read)
  for (int64_t id = 1; id <= 4; ++id)
    lines.push_back(InvoiceLine{"AS", "0300000001", id, id, Money(), false, "", 0, 0});
  LedgerStore(s).append({care(1, "R1"), care(2, "R2"), care(3, "R2", 2), care(4, "R3")}, {}, lines);
  r3.leave_days = 1;
  write_records(s, {r3});

  auto read = [&](bool unposted, bool billed) {
    RecordFilter f;
    f.unposted = unposted;
    f.billed = billed;
    std::map<std::string, std::pair<int64_t, int64_t>> out;  // id -> (version, posting in force)
    for_each_latest_record(s, f, [&](std::span<const StoredRecord> batch) {
      for (const StoredRecord& r : batch)
        out[r.record.record_id] = {r.version, r.in_force ? r.in_force->posting_id : 0};
    });
    return out;
  };
  using M = std::map<std::string, std::pair<int64_t, int64_t>>;
  EXPECT_EQ(read(true, false), (M{{"R2", {1, 0}}, {"R3", {2, 4}}}));
  EXPECT_EQ(read(false, true), (M{{"R1", {1, 1}}, {"R3", {2, 4}}}));
  EXPECT_EQ(read(true, true), (M{{"R3", {2, 4}}}));
  EXPECT_EQ(read(false, false), (M{{"R1", {1, 0}}, {"R2", {1, 0}}, {"R3", {2, 0}}}));
}

TEST_F(ColumnsTest, AValueTheStructCannotHoldIsAStoreError) {
  Store s(path_);
  s.migrate();
  write_records(s, {full_record()});
  LedgerStore ledger(s);
  s.sql() << "UPDATE records SET care_type = 'surgery'";
  EXPECT_THROW(ledger.record_version("AS", "R1", 1), StoreError);
  s.sql() << "UPDATE records SET care_type = 'inpatient', admission_date = '2021-02-30'";
  EXPECT_THROW(ledger.record_version("AS", "R1", 1), StoreError);
  s.sql() << "UPDATE records SET admission_date = '2021-03-01', referral_reason = 'whim'";
  EXPECT_THROW(ledger.record_version("AS", "R1", 1), StoreError);
  s.sql() << "UPDATE records SET referral_reason = 'medical'";
  EXPECT_EQ(ledger.record_version("AS", "R1", 1)->referral_reason, ReferralReason::medical);
}

// The posted installment months of a year, by buyer: the subscription
// postings of the seller on a subscription invoice's line; not care postings,
// not another year's, not a posting on no invoice.
TEST_F(ColumnsTest, SubscriptionMonthsAreThoseOnSubscriptionInvoices) {
  Store s(path_);
  s.migrate();
  auto posting = [](int64_t id, PostingKind kind, const char* buyer, const char* day) {
    Posting p;
    p.id = id;
    p.run_id = 1;
    p.kind = kind;
    p.seller = "AS";
    p.buyer = buyer;
    p.billing_date = *parse_iso_date(day);
    if (kind == PostingKind::care) p.record_id = "R1";
    p.amount = Money::from_ore(100);
    return p;
  };
  const std::vector<Posting> postings = {
      posting(1, PostingKind::subscription, "18", "2021-01-01"),
      posting(2, PostingKind::subscription, "18", "2021-02-01"),
      posting(3, PostingKind::subscription, "18", "2020-12-01"),
      posting(4, PostingKind::care, "18", "2021-03-10"),
      posting(5, PostingKind::subscription, "20", "2021-03-01"),  // on no invoice (below)
  };
  auto invoice = [](const char* number, int64_t seq, BillingKind kind) {
    Invoice i;
    i.seller = "AS";
    i.number = number;
    i.seq = seq;
    i.run_id = 1;
    i.kind = kind;
    i.buyer = "18";
    i.period = Period(2021, 2);
    i.issue_date = i.due_date = *parse_iso_date("2021-03-01");
    return i;
  };
  auto line = [](const char* number, int64_t no, int64_t posting_id) {
    return InvoiceLine{"AS", number, no, posting_id, Money::from_ore(100), false, "", 0, 0};
  };
  LedgerStore ledger(s);
  ledger.append(postings,
                {invoice("0300000001", 1, BillingKind::subscription),
                 invoice("0300000002", 2, BillingKind::care)},
                {line("0300000001", 1, 1), line("0300000001", 2, 2), line("0300000001", 3, 3),
                 line("0300000002", 1, 4), line("0300000003", 1, 5)});
  // A posting's row holds its line (schema 027): posting 5 is taken off its
  // line, and invoice 0300000003 was never issued.
  s.sql() << "UPDATE postings SET number = NULL, line_no = NULL, line_amount = NULL, late = NULL "
             "WHERE id = 5";
  using Months = std::map<std::string, std::set<unsigned>>;
  EXPECT_EQ(ledger.subscription_months("AS", 2021), (Months{{"18", {1, 2}}}));
  EXPECT_EQ(ledger.subscription_months("AS", 2020), (Months{{"18", {12}}}));
  EXPECT_EQ(ledger.subscription_months("USO", 2021), Months{});
}

TEST_F(ColumnsTest, LedgerRowsAreReadBackAsWritten) {
  Store s(path_);
  s.migrate();
  Posting p;  // a reversal: every nullable column set
  p.id = 7;
  p.run_id = 2;
  p.kind = PostingKind::reversal;
  p.seller = "AS";
  p.buyer = "18";
  p.billing_date = *parse_iso_date("2021-03-10");
  p.record_id = "R1";
  p.record_version = 3;
  p.items_version = 4;
  p.reverses = 5;
  p.reason_code = 2;
  p.drg = "E03N";
  p.weight = 12345;
  p.care_days = 9;
  p.outlier = "los";
  p.drg_amount = Money::from_ore(-100);
  p.los_outlier_amount = Money::from_ore(-20);
  p.cost_outlier_amount = Money::from_ore(-3);
  p.items_amount = Money::from_ore(-40);
  p.patient_fee = Money::from_ore(5);
  p.gross = Money::from_ore(-163);
  p.amount = Money::from_ore(-158);
  p.agreement_id = "AS-2021";
  p.agreement_version = 6;
  p.weights_year = 2021;
  p.weight_version = 8;
  p.price_list_version = 9;
  Invoice i;
  i.seller = "AS";
  i.number = "0300000002";
  i.seq = 2;
  i.run_id = 2;
  i.type = InvoiceType::credit;
  i.kind = BillingKind::care;
  i.buyer = "18";
  i.period = Period(2021, 4);
  i.issue_date = *parse_iso_date("2021-05-01");
  i.due_date = *parse_iso_date("2021-05-31");
  i.spec_id = "ZVF2321000016210400000002";
  i.reference_number = "0300000001";
  i.total = Money::from_ore(158);
  i.lines = 1;
  i.late_lines = 1;
  InvoiceLine l{"AS", "0300000002", 1, 7, Money::from_ore(158), true, "0300000001", 3, 2};
  LedgerStore ledger(s);
  ledger.append({p}, {i}, {l});

  auto invoices = ledger.invoices({});
  ASSERT_EQ(invoices.size(), 1u);
  const Invoice& ri = invoices[0];
  EXPECT_EQ(ri.seller, "AS");
  EXPECT_EQ(ri.number, "0300000002");
  EXPECT_EQ(ri.seq, 2);
  EXPECT_EQ(ri.run_id, 2);
  EXPECT_EQ(ri.type, InvoiceType::credit);
  EXPECT_EQ(ri.kind, BillingKind::care);
  EXPECT_EQ(ri.buyer, "18");
  EXPECT_EQ(ri.period.str(), "2021-04");
  EXPECT_EQ(ri.issue_date, *parse_iso_date("2021-05-01"));
  EXPECT_EQ(ri.due_date, *parse_iso_date("2021-05-31"));
  EXPECT_EQ(ri.spec_id, "ZVF2321000016210400000002");
  EXPECT_EQ(ri.reference_number, "0300000001");
  EXPECT_EQ(ri.total, Money::from_ore(158));
  EXPECT_EQ(ri.lines, 1);
  EXPECT_EQ(ri.late_lines, 1);

  auto lines = ledger.lines(ri);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].seller, "AS");
  EXPECT_EQ(lines[0].number, "0300000002");
  EXPECT_EQ(lines[0].line_no, 1);
  EXPECT_EQ(lines[0].posting_id, 7);
  EXPECT_EQ(lines[0].amount, Money::from_ore(158));
  EXPECT_TRUE(lines[0].late);
  EXPECT_EQ(lines[0].reference_number, "0300000001");
  EXPECT_EQ(lines[0].reference_line, 3);
  EXPECT_EQ(lines[0].reason_code, 2);

  auto postings = ledger.postings_of(ri);
  ASSERT_EQ(postings.size(), 1u);
  // content_hash() digests every field: equal only when all are read back.
  EXPECT_EQ(postings[0].content_hash(), p.content_hash());
  EXPECT_EQ(postings[0].kind, PostingKind::reversal);
  EXPECT_EQ(postings[0].amount, Money::from_ore(-158));
  EXPECT_EQ(postings[0].price_list_version, 9);
  long long stored_hash = 0;
  s.sql() << "SELECT content_hash FROM postings WHERE id = 7", soci::into(stored_hash);
  EXPECT_EQ(stored_hash, p.content_hash());

  OpenPosting open = ledger.open_posting(7);
  EXPECT_EQ(open.posting.content_hash(), p.content_hash());
  EXPECT_EQ(open.number, "0300000002");
  EXPECT_EQ(open.line_no, 1);
  EXPECT_EQ(open.spec_id, "ZVF2321000016210400000002");
}

TEST_F(ColumnsTest, ZeroAndEmptyAreStoredAsNull) {
  Store s(path_);
  s.migrate();
  Posting p;  // a subscription posting: no record, no DRG, no agreement versions
  p.id = 1;
  p.run_id = 1;
  p.kind = PostingKind::subscription;
  p.seller = "AS";
  p.buyer = "18";
  p.billing_date = *parse_iso_date("2021-01-01");
  p.amount = Money::from_ore(100);
  InvoiceLine l{"AS", "0300000001", 1, 1, Money::from_ore(100), false, "", 0, 0};
  LedgerStore ledger(s);
  ledger.append({p}, {}, {l});
  long long nulls = -1;
  s.sql() << "SELECT count(*) FROM postings WHERE record_id IS NULL AND record_version IS NULL "
             "AND reverses IS NULL AND drg IS NULL AND agreement_id IS NULL AND weights_year IS "
             "NULL",
      soci::into(nulls);
  EXPECT_EQ(nulls, 1);
  s.sql() << "SELECT count(*) FROM invoice_lines WHERE reference_number IS NULL AND "
             "reference_line IS NULL AND reason_code IS NULL AND late = 0",
      soci::into(nulls);
  EXPECT_EQ(nulls, 1);
}

// Invoice `invoice` of 250 care postings of AS to 18 and their lines: posting
// first_id + i of as many öre on line i.
struct TestInvoice {
  std::vector<Posting> postings;
  std::vector<InvoiceLine> lines;
};
TestInvoice test_invoice(int invoice, int64_t first_id) {
  TestInvoice out;
  const std::string number = std::to_string(300000000 + invoice);
  for (int64_t line = 1; line <= 250; ++line) {
    const int64_t id = first_id + line;
    Posting p;
    p.id = id;
    p.run_id = 1;
    p.kind = PostingKind::care;
    p.seller = "AS";
    p.buyer = "18";
    p.billing_date = *parse_iso_date("2021-01-15");
    p.record_id = "R" + std::to_string(id);
    p.amount = Money::from_ore(id);
    out.postings.push_back(p);
    out.lines.push_back(InvoiceLine{"AS", number, line, id, Money::from_ore(id), false, "", 0, 0});
  }
  return out;
}

// The appender buffers the rows of the invoices appended to it and writes
// them a batch at a time, while more are appended, each posting with its
// line in one row; one batch writes at a time, each after the one submitted
// before it (on PostgreSQL a second COPY while one runs breaks the
// connection; on SQLite two inserts at once fail), and flush() writes the
// rest. 40 invoices of 250 postings and lines (10 000 rows: two full batches
// of 4 096 and a part), posting i of i öre on line i of its invoice.
void expect_appender_writes_every_row(Store& s) {
  s.migrate();
  LedgerAppender appender(s);
  for (int invoice = 1; invoice <= 40; ++invoice) {
    const TestInvoice rows = test_invoice(invoice, (invoice - 1) * 250);
    appender.append(rows.postings, rows.lines);
  }
  EXPECT_EQ(appender.postings(), 10000u);
  appender.flush();
  long long postings = 0, posting_sum = 0, matched = 0, line_sum = 0;
  s.sql() << "SELECT count(*), sum(amount) FROM postings", soci::into(postings),
      soci::into(posting_sum);
  s.sql() << "SELECT count(*), sum(l.amount) FROM invoice_lines l JOIN postings p ON p.id = "
             "l.posting_id AND p.amount = l.amount AND l.line_no = (p.id - 1) % 250 + 1",
      soci::into(matched), soci::into(line_sum);
  EXPECT_EQ(postings, 10000);
  EXPECT_EQ(posting_sum, 50005000);  // 1 + 2 + ... + 10 000 öre
  EXPECT_EQ(matched, 10000);
  EXPECT_EQ(line_sum, 50005000);
}

// Appends `invoices` test invoices of 250 postings each, ids 1, 2, ...
// except that invoice 2's first posting repeats id 1, then flushes: where
// the failure surfaced ("append" or "flush"; "" if none).
std::string append_repeated_ids(Store& s, int invoices) {
  LedgerAppender appender(s);
  try {
    for (int invoice = 1; invoice <= invoices; ++invoice) {
      TestInvoice rows = test_invoice(invoice, (invoice - 1) * 250);
      if (invoice == 2) rows.postings[0].id = rows.lines[0].posting_id = 1;
      appender.append(rows.postings, rows.lines);
    }
  } catch (const std::exception&) {
    return "append";
  }
  try {
    appender.flush();
  } catch (const std::exception&) {
    return "flush";
  }
  return "";
}

// A posting's row holds its line (schema 027): lines[i] must be the line of
// postings[i]; a line of another posting, or a posting without its line, is
// a logic error, found before any row of the call is put (the last pair
// here), and nothing of the call is written.
TEST_F(ColumnsTest, EachPostingIsWrittenWithItsOwnLine) {
  Store s(path_);
  s.migrate();
  const TestInvoice rows = test_invoice(1, 0);
  std::vector<InvoiceLine> swapped = rows.lines;
  std::swap(swapped[248], swapped[249]);
  LedgerStore ledger(s);
  EXPECT_THROW(ledger.append(rows.postings, {}, swapped), std::logic_error);
  EXPECT_THROW(ledger.append(rows.postings, {}, {rows.lines.begin(), rows.lines.end() - 1}),
               std::logic_error);
  EXPECT_THROW(ledger.append({}, {}, rows.lines), std::logic_error);
  {
    LedgerAppender appender(s);
    EXPECT_THROW(appender.append(rows.postings, swapped), std::logic_error);
    const TestInvoice next = test_invoice(2, 250);
    appender.append(next.postings, next.lines);
    appender.flush();
  }
  long long postings = -1, on_their_lines = -1;
  s.sql() << "SELECT count(*) FROM postings", soci::into(postings);
  EXPECT_EQ(postings, 250);  // invoice 2's only
  ledger.append(rows.postings, {}, rows.lines);
  s.sql() << "SELECT count(*) FROM invoice_lines l JOIN postings p ON p.id = l.posting_id WHERE "
             "l.line_no = (p.id - 1) % 250 + 1 AND l.number = CAST(300000001 + (p.id - 1) / 250 "
             "AS text) AND l.amount = p.amount",
      soci::into(on_their_lines);
  EXPECT_EQ(on_their_lines, 500);
}

// A batch that fails (a posting id written twice) fails the appender, and
// the batches chained after it fail with it, writing nothing. 40 invoices:
// the first batch (4 096 rows on SQLite, ids 1 to 4 096) fails while more are
// appended, and no later row is written (PostgreSQL's 16 384 rows take all
// 10 000 in one COPY, which fails whole); 4 invoices (1 000 rows, no full
// batch): only flush() writes, and throws, and none of invoices 3 and 4 is
// written (SQLite keeps at most the rows of the failed statement before the
// repeated id, which the caller's rollback removes).
void expect_a_failed_batch_fails_the_rest(Store& s) {
  s.migrate();
  auto count = [&](const std::string& where) {
    long long n = -1;
    s.sql() << "SELECT count(*) FROM postings WHERE " + where, soci::into(n);
    return n;
  };
  EXPECT_NE(append_repeated_ids(s, 40), "");  // "append" on SQLite, "flush" on PostgreSQL
  EXPECT_EQ(count("id > 4096"), 0);
  s.sql() << "DELETE FROM postings";
  EXPECT_EQ(append_repeated_ids(s, 4), "flush");
  EXPECT_EQ(count("id > 500"), 0);
  EXPECT_LE(count("1 = 1"), 1);
}

// A task given to then() runs on the session after the rows appended before
// it and before those appended after it; a task that fails fails flush(), and
// nothing appended after it is written.
void expect_tasks_run_between_the_rows(Store& s) {
  s.migrate();
  long long seen = -1, postings = -1;
  {
    LedgerAppender appender(s);
    const TestInvoice first = test_invoice(1, 0);
    appender.append(first.postings, first.lines);
    appender.then([&s, &seen] { s.sql() << "SELECT count(*) FROM postings", soci::into(seen); });
    // 20 invoices after it: full batches go to the session while it may run.
    for (int invoice = 2; invoice <= 21; ++invoice) {
      const TestInvoice rows = test_invoice(invoice, (invoice - 1) * 250);
      appender.append(rows.postings, rows.lines);
    }
    appender.flush();
  }
  EXPECT_EQ(seen, 250);
  s.sql() << "SELECT count(*) FROM postings", soci::into(postings);
  EXPECT_EQ(postings, 5250);
  {
    LedgerAppender appender(s);
    const TestInvoice third = test_invoice(22, 5250);
    appender.then([&s] { s.sql() << "SELECT no_such_column FROM postings"; });
    appender.append(third.postings, third.lines);
    EXPECT_THROW(appender.flush(), std::exception);
  }
  s.sql() << "SELECT count(*) FROM postings", soci::into(postings);
  EXPECT_EQ(postings, 5250);
  LedgerAppender last(s);  // a failing task with no rows after it
  last.then([&s] { s.sql() << "SELECT no_such_column FROM postings"; });
  EXPECT_THROW(last.flush(), std::exception);
}

TEST_F(ColumnsTest, TheAppendersTasksRunBetweenItsRowsOnSqlite) {
  Store s(path_);
  expect_tasks_run_between_the_rows(s);
}

TEST_F(ColumnsTest, TheAppendersTasksRunBetweenItsRowsOnPostgresql) {
  in_postgresql_schema("vardavtal_appender_tasks_", expect_tasks_run_between_the_rows);
}

TEST_F(ColumnsTest, TheAppenderWritesEveryRowOnSqlite) {
  Store s(path_);
  expect_appender_writes_every_row(s);
}

TEST_F(ColumnsTest, TheAppenderWritesEveryRowOnPostgresql) {
  in_postgresql_schema("vardavtal_appender_", expect_appender_writes_every_row);
}

TEST_F(ColumnsTest, AFailedAppenderBatchFailsTheRestOnSqlite) {
  Store s(path_);
  expect_a_failed_batch_fails_the_rest(s);
}

TEST_F(ColumnsTest, AFailedAppenderBatchFailsTheRestOnPostgresql) {
  in_postgresql_schema("vardavtal_appender_failure_", expect_a_failed_batch_fails_the_rest);
}

}  // namespace
}  // namespace vardavtal
