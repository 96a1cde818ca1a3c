// import_file (billing/app/import.h) on a temporary SQLite database: one
// file is one transaction, identical re-imports change nothing, changed rows
// become new versions beside the old, and a file with any error leaves the
// database exactly as it was.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "billing/app/import.h"
#include "store/store.h"
#include "store/summary.h"

namespace vardavtal {
namespace {

constexpr const char* kRecordHeader =
    "record_id,seller,patient_id,county,municipality,care_type,clinic,admission_date,"
    "discharge_date,leave_days,drg,kpp_cost,referral_id,emergency,patient_fee\n";

// One valid record line; `clinic` varies the content.
std::string record_line(int i, const std::string& clinic = "Kirurgi") {
  static const char* counties[] = {"04", "17", "18", "19", "20", "21"};
  std::string id = "R" + std::to_string(i);
  if (i % 3 == 0) {  // a visit
    return id + ",AS,P" + std::to_string(i) + "," + counties[i % 6] + ",,doctor_visit," + clinic +
           ",2021-05-04,,,,1200.50,,,100\n";
  }
  return id + ",AS,P" + std::to_string(i) + "," + counties[i % 6] + ",,inpatient," + clinic +
         ",2021-03-01,2021-03-10,1,E03N,45678.50,REM-" + std::to_string(i) + ",0,0\n";
}

std::string records_csv(int from, int to, const std::string& clinic = "Kirurgi") {
  std::string s = kRecordHeader;
  for (int i = from; i < to; ++i) s += record_line(i, clinic);
  return s;
}

const char kAgreement[] = R"TOML(id          = "MSV-2a-AS-2021"          # unique
name        = "Avtal om vård vid Universitetssjukhus (2a)"
seller      = "AS"
buyers      = ["04", "17", "18", "19", "20", "21"]
year        = 2021
price_list  = 2
point_price = 69927
weights     = 2021
outliers    = "kpp"
cost_outlier_share = 1.0

[subscription]
share      = 0.5
base_years = [2019, 2020]

[uplift]
index = "LPIK"
)TOML";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    stem_ = ::testing::TempDir() + "vardavtal_import_" + info->name();
    remove_db();
    store_ = std::make_unique<Store>(stem_ + ".db");
    store_->migrate();
  }
  void TearDown() override {
    store_.reset();
    remove_db();
    for (const auto& f : files_) std::remove(f.c_str());
  }
  void remove_db() {
    for (const char* suffix : {".db", ".db-wal", ".db-shm", ".db-journal"})
      std::remove((stem_ + suffix).c_str());
  }

  std::string file(const std::string& name, const std::string& bytes) {
    std::string path = stem_ + "_" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    files_.push_back(path);
    return path;
  }
  FileImport import(const std::string& kind, const std::string& path, ImportOptions options = {}) {
    return import_file(*store_, kind, path, options);
  }
  long long count(const std::string& query) {
    long long n = -1;
    store_->sql() << query, soci::into(n);
    return n;
  }
  std::string text(const std::string& query) {
    std::string v;
    soci::indicator ind = soci::i_null;
    store_->sql() << query, soci::into(v, ind);
    return ind == soci::i_ok ? v : "<null>";
  }
  // Every row of a table as text, in key order: compares a table exactly.
  std::string dump(const std::string& table, const std::string& columns, const std::string& order) {
    return text("SELECT count(*) || '#' || coalesce(group_concat(x, ';'), '') FROM (SELECT " +
                columns + " AS x FROM " + table + " ORDER BY " + order + ")");
  }
  std::string records_dump() {
    return dump("records",
                "seller||'|'||record_id||'|'||version||'|'||import_id||'|'||content_hash||'|'||"
                "clinic||'|'||billing_date||'|'||coalesce(kpp_cost,'')",
                "seller, record_id, version");
  }
  std::string imports_dump() {
    return dump("imports",
                "id||'|'||kind||'|'||file||'|'||rows_new||'|'||rows_changed||'|'||rows_unchanged",
                "id");
  }
  std::string items_dump() {
    return dump("record_items",
                "seller||'|'||record_id||'|'||version||'|'||line_no||'|'||item_code||'|'||"
                "quantity||'|'||content_hash",
                "seller, record_id, version, line_no");
  }

  static void expect_counts(const FileImport& r, long long added, long long changed,
                            long long unchanged) {
    EXPECT_TRUE(r.ok()) << r.errors.report();
    EXPECT_EQ(r.added, added);
    EXPECT_EQ(r.changed, changed);
    EXPECT_EQ(r.unchanged, unchanged);
  }

  std::string stem_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> files_;
};

// ------------------------------------------------------------------ records

TEST_F(ImportTest, RecordsAreAddedAndTheImportIsRecorded) {
  std::string path = file("records.csv", records_csv(0, 50));
  FileImport r = import("records", path);
  expect_counts(r, 50, 0, 0);
  EXPECT_EQ(r.rows, 50);
  EXPECT_EQ(r.kind, "records");
  EXPECT_EQ(count("SELECT count(*) FROM records"), 50);
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE version = 1"), 50);
  EXPECT_EQ(count("SELECT count(*) FROM imports WHERE kind = 'records'"), 1);
  EXPECT_EQ(text("SELECT file FROM imports WHERE kind = 'records'"), path);
  EXPECT_EQ(count("SELECT rows_new FROM imports WHERE kind = 'records'"), 50);
  EXPECT_EQ(count("SELECT count(DISTINCT import_id) FROM records"), 1);
  EXPECT_EQ(count("SELECT kpp_cost FROM records WHERE record_id = 'R1'"), 4567850);
  EXPECT_EQ(count("SELECT patient_fee FROM records WHERE record_id = 'R3'"), 10000);
  EXPECT_EQ(text("SELECT billing_date FROM records WHERE record_id = 'R1'"), "2021-03-10");
  EXPECT_EQ(text("SELECT billing_date FROM records WHERE record_id = 'R3'"), "2021-05-04");
}

TEST_F(ImportTest, IdenticalReimportChangesNothing) {
  std::string path = file("records.csv", records_csv(0, 50));
  expect_counts(import("records", path), 50, 0, 0);
  std::string records = records_dump(), imports = imports_dump();
  FileImport again = import("records", path);
  expect_counts(again, 0, 0, 50);
  EXPECT_EQ(again.rows, 50);
  EXPECT_EQ(records_dump(), records);
  EXPECT_EQ(imports_dump(), imports);
  EXPECT_EQ(count("SELECT count(*) FROM records"), 50);
}

TEST_F(ImportTest, SameContentInAnotherFormatIsUnchanged) {
  expect_counts(import("records", file("a.csv", records_csv(0, 30))), 30, 0, 0);
  std::string records = records_dump();
  // The same rows as a ';'-separated CRLF file with decimal commas, and as a
  // UTF-8 file with a BOM.
  std::string plain = records_csv(0, 30);
  std::string converted;
  for (char c : plain) {
    if (c == ',')
      converted += ';';
    else if (c == '.')
      converted += ',';
    else if (c == '\n')
      converted += "\r\n";
    else
      converted += c;
  }
  expect_counts(import("records", file("b.csv", converted)), 0, 0, 30);
  std::string bom = "\xEF\xBB\xBF" + records_csv(0, 30);
  expect_counts(import("records", file("c.csv", bom)), 0, 0, 30);
  EXPECT_EQ(records_dump(), records);
}

TEST_F(ImportTest, ChangedRowBecomesANewVersionAndTheOldStays) {
  expect_counts(import("records", file("a.csv", records_csv(0, 50))), 50, 0, 0);
  std::string changed = records_csv(0, 50);
  std::string old_line = record_line(7), new_line = record_line(7, "Ortopedi");
  changed.replace(changed.find(old_line), old_line.size(), new_line);
  FileImport r = import("records", file("b.csv", changed));
  expect_counts(r, 0, 1, 49);
  EXPECT_EQ(count("SELECT count(*) FROM records"), 51);
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE record_id = 'R7'"), 2);
  EXPECT_EQ(text("SELECT clinic FROM records WHERE record_id = 'R7' AND version = 1"), "Kirurgi");
  EXPECT_EQ(text("SELECT clinic FROM records WHERE record_id = 'R7' AND version = 2"), "Ortopedi");
  EXPECT_EQ(text("SELECT clinic FROM records_latest WHERE record_id = 'R7'"), "Ortopedi");
  EXPECT_NE(count("SELECT import_id FROM records WHERE record_id = 'R7' AND version = 1"),
            count("SELECT import_id FROM records WHERE record_id = 'R7' AND version = 2"));
  EXPECT_EQ(count("SELECT rows_changed * 1000 + rows_unchanged FROM imports WHERE id = "
                  "(SELECT max(id) FROM imports)"),
            1049);

  long long rows = 0, versions = 0;
  for (const auto& s : summarize(*store_)) {
    if (s.kind != "records") continue;
    rows += s.rows;
    versions += s.versions;
  }
  EXPECT_EQ(rows, 50);
  EXPECT_EQ(versions, 51);

  // Going back to the first content is a change too: version 3.
  expect_counts(import("records", file("c.csv", records_csv(0, 50))), 0, 1, 49);
  EXPECT_EQ(count("SELECT max(version) FROM records WHERE record_id = 'R7'"), 3);
  EXPECT_EQ(text("SELECT clinic FROM records_latest WHERE record_id = 'R7'"), "Kirurgi");
}

TEST_F(ImportTest, DuplicateIdentityWithinOneFileRejectsTheFile) {
  expect_counts(import("records", file("a.csv", records_csv(0, 5))), 5, 0, 0);
  std::string records = records_dump(), imports = imports_dump();
  std::string text = records_csv(10, 20) + record_line(12, "Annan");
  std::string path = file("b.csv", text);
  FileImport r = import("records", path);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.count(), 1u) << r.errors.report();
  const ImportError& e = r.errors.listed()[0];
  EXPECT_EQ(e.line, 12);
  EXPECT_EQ(e.column, 1);
  EXPECT_EQ(e.column_name, "record_id");
  EXPECT_NE(e.expected.find("line 4"), std::string::npos) << e.expected;
  EXPECT_EQ(e.path, path);
  EXPECT_EQ(r.added + r.changed + r.unchanged, 0);
  EXPECT_EQ(records_dump(), records);
  EXPECT_EQ(imports_dump(), imports);
}

TEST_F(ImportTest, SameRecordIdAtAnotherSellerIsNoDuplicate) {
  std::string text = records_csv(0, 3);
  std::string uso = record_line(1);
  uso.replace(uso.find(",AS,"), 4, ",USO,");
  expect_counts(import("records", file("a.csv", text + uso)), 4, 0, 0);
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE record_id = 'R1'"), 2);
}

TEST_F(ImportTest, ErrorOnTheLastLineOfALargeFileLeavesTheDatabaseAsBefore) {
  expect_counts(import("records", file("base.csv", records_csv(0, 100))), 100, 0, 0);
  std::string records = records_dump(), imports = imports_dump();
  std::string items_before = items_dump();

  // 20 000 rows: the first 100 change existing records, the rest are new, and
  // the last line has an impossible date. Several write batches are flushed
  // before the error is seen.
  std::string text = records_csv(0, 19999, "Medicin");
  std::string last = record_line(19999, "Medicin");
  last.replace(last.find("2021-03-01"), 10, "2021-02-29");
  text += last;
  std::string path = file("big.csv", text);
  FileImport r = import("records", path);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.count(), 1u) << r.errors.report();
  EXPECT_EQ(r.errors.listed()[0].line, 20001);
  EXPECT_EQ(r.errors.listed()[0].column_name, "admission_date");
  EXPECT_EQ(r.errors.listed()[0].found, "2021-02-29");
  EXPECT_EQ(r.rows, 20000);
  EXPECT_EQ(r.added + r.changed + r.unchanged, 0);
  EXPECT_EQ(count("SELECT count(*) FROM records"), 100);
  EXPECT_EQ(records_dump(), records);
  EXPECT_EQ(imports_dump(), imports);
  EXPECT_EQ(items_dump(), items_before);

  // Without the bad line the same file goes in whole.
  text.resize(text.size() - last.size());
  FileImport ok = import("records", file("big_ok.csv", text));
  expect_counts(ok, 19899, 100, 0);
  EXPECT_EQ(count("SELECT count(*) FROM records"), 20099);
}

TEST_F(ImportTest, DuplicateOnTheLastLineOfALargeFileLeavesTheDatabaseAsBefore) {
  expect_counts(import("records", file("base.csv", records_csv(0, 10))), 10, 0, 0);
  std::string records = records_dump(), imports = imports_dump();
  std::string text = records_csv(100, 10100) + record_line(100);
  FileImport r = import("records", file("big.csv", text));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.count(), 1u) << r.errors.report();
  EXPECT_EQ(r.errors.listed()[0].line, 10002);
  EXPECT_EQ(records_dump(), records);
  EXPECT_EQ(imports_dump(), imports);
}

TEST_F(ImportTest, RejectedFileReportsItsErrors) {
  std::string text = kRecordHeader;
  for (int i = 0; i < 25; ++i) {
    std::string l = record_line(3 * i + 1);
    l.replace(l.find("E03N"), 4, "e03n");
    text += l;
  }
  std::string path = file("bad.csv", text);
  FileImport r = import("records", path);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.errors.count(), 25u);
  EXPECT_EQ(r.errors.listed().size(), 20u);
  std::string report = r.errors.report();
  EXPECT_NE(report.find(path + ":2:"), std::string::npos) << report;
  EXPECT_NE(report.find("... and 5 more errors"), std::string::npos) << report;
  EXPECT_EQ(count("SELECT count(*) FROM records"), 0);
}

TEST_F(ImportTest, Cp1252RecordsAreStoredAsUtf8) {
  std::string cp = std::string(kRecordHeader) + record_line(1, "\xD6rebro k\xE4rl");
  expect_counts(import("records", file("cp.csv", cp)), 1, 0, 0);
  EXPECT_EQ(text("SELECT clinic FROM records"), "Örebro kärl");
}

TEST_F(ImportTest, MalformedCsvIsAnErrorNotAnException) {
  std::string text = std::string(kRecordHeader) + record_line(1) + "R2,AS,\"unterminated\n";
  FileImport r = import("records", file("bad.csv", text));
  EXPECT_FALSE(r.ok());
  EXPECT_GE(r.errors.count(), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM records"), 0);
}

// -------------------------------------------------------------------- items

TEST_F(ImportTest, ItemSetsAreVersionedPerRecord) {
  std::string path = file("items.csv",
                          "record_id,seller,item_code,quantity\n"
                          "R1,AS,L01XC,2\n"
                          "R2,AS,IMPL7,1\n"
                          "R1,AS,B05AA,1\n");
  FileImport r = import("items", path);
  expect_counts(r, 2, 0, 0);
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(count("SELECT count(*) FROM record_items"), 3);
  EXPECT_EQ(text("SELECT group_concat(item_code || 'x' || quantity, ' ') FROM (SELECT * FROM "
                 "record_items WHERE record_id = 'R1' ORDER BY line_no)"),
            "B05AAx1 L01XCx2");

  // The same sets in another line order: unchanged.
  std::string items = items_dump();
  expect_counts(import("items", file("items2.csv",
                                     "quantity,item_code,seller,record_id\n"
                                     "1,B05AA,AS,R1\n"
                                     "1,IMPL7,AS,R2\n"
                                     "2,L01XC,AS,R1\n")),
                0, 0, 2);
  EXPECT_EQ(items_dump(), items);

  // R2 gets a correction line and a new item: a new version of its whole set.
  expect_counts(import("items", file("items3.csv",
                                     "record_id,seller,item_code,quantity\n"
                                     "R1,AS,L01XC,2\n"
                                     "R2,AS,IMPL7,1\n"
                                     "R1,AS,B05AA,1\n"
                                     "R2,AS,IMPL7,-1\n"
                                     "R2,AS,IMPL8,1\n")),
                0, 1, 1);
  EXPECT_EQ(count("SELECT count(*) FROM record_items WHERE record_id = 'R2' AND version = 1"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM record_items WHERE record_id = 'R2' AND version = 2"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM record_items WHERE record_id = 'R1'"), 2);
  EXPECT_EQ(count("SELECT max(version) FROM record_items WHERE record_id = 'R1'"), 1);
  EXPECT_EQ(count("SELECT sum(quantity) FROM record_items WHERE record_id = 'R2' AND version = 2"),
            1);
}

TEST_F(ImportTest, ItemsWithANegativeNetLeaveTheDatabaseAsBefore) {
  expect_counts(import("items", file("a.csv", "record_id,seller,item_code,quantity\nR1,AS,X,1\n")),
                1, 0, 0);
  std::string items = items_dump(), imports = imports_dump();
  std::string text = "record_id,seller,item_code,quantity\n";
  for (int i = 0; i < 6000; ++i) text += "N" + std::to_string(i) + ",AS,X,1\n";
  text += "R1,AS,X,2\nR1,AS,X,-3\n";
  FileImport r = import("items", file("b.csv", text));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.count(), 1u) << r.errors.report();
  EXPECT_EQ(r.errors.listed()[0].line, 6003);
  EXPECT_EQ(items_dump(), items);
  EXPECT_EQ(imports_dump(), imports);
}

// ---------------------------------------------------------------- agreement

TEST_F(ImportTest, AgreementIsImportedAndVersioned) {
  std::string path = file("a.toml", kAgreement);
  expect_counts(import("agreement", path), 1, 0, 0);
  EXPECT_EQ(text("SELECT seller || '|' || year || '|' || buyers || '|' || price_list || '|' || "
                 "point_price || '|' || weights_year || '|' || outliers || '|' || "
                 "cost_outlier_share || '|' || subscription_share || '|' || base_years || '|' || "
                 "base_values || '|' || uplift_index FROM agreements"),
            "AS|2021|04,17,18,19,20,21|2|6992700|2021|kpp|10000|5000|2019,2020||LPIK");
  expect_counts(import("agreement", path), 0, 0, 1);

  std::string changed = kAgreement;
  changed.replace(changed.find("share      = 0.5"), 16, "share      = 0.4");
  expect_counts(import("agreement", file("b.toml", changed)), 0, 1, 0);
  EXPECT_EQ(count("SELECT count(*) FROM agreements"), 2);
  EXPECT_EQ(count("SELECT subscription_share FROM agreements WHERE version = 1"), 5000);
  EXPECT_EQ(count("SELECT subscription_share FROM agreements WHERE version = 2"), 4000);
}

TEST_F(ImportTest, AgreementBaseValuesAreStored) {
  std::string toml = kAgreement;
  toml.replace(toml.find("base_years = [2019, 2020]"), 25,
               "base_value = { \"04\" = 1000.50, \"17\" = 2000 }");
  expect_counts(import("agreement", file("a.toml", toml)), 1, 0, 0);
  EXPECT_EQ(text("SELECT base_values FROM agreements"), "04=100050,17=200000");
  EXPECT_EQ(text("SELECT base_years FROM agreements"), "");
}

TEST_F(ImportTest, InvalidAgreementIsRejected) {
  std::string text = kAgreement;
  text.replace(text.find("share      = 0.5"), 16, "share      = 0.12345");
  FileImport r = import("agreement", file("a.toml", text));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.count(), 1u) << r.errors.report();
  EXPECT_EQ(r.errors.listed()[0].line, 13);
  EXPECT_EQ(count("SELECT count(*) FROM agreements"), 0);
}

// --------------------------------------------------------- catalogue, registers

TEST_F(ImportTest, CatalogueFilesAreVersioned) {
  std::string w =
      "year,drg,name,weight,los_limit,cost_limit,day_weight\n"
      "2021,E03N,Hjärta,1.2345,12,150000.50,0.25\n"
      "2021,R51O,Övrigt,0.5,,,\n";
  std::string p = "seller,year,item_code,name,price\nAS,2021,L01XC,Drug,1234.56\n";
  std::string x = "index,year,rate\nLPIK,2020,0.019\nLPIK,2021,0.021\n";
  expect_counts(import("weights", file("w.csv", w)), 2, 0, 0);
  expect_counts(import("prices", file("p.csv", p)), 1, 0, 0);
  expect_counts(import("index", file("x.csv", x)), 2, 0, 0);
  expect_counts(import("weights", file("w.csv", w)), 0, 0, 2);
  expect_counts(import("prices", file("p.csv", p)), 0, 0, 1);
  expect_counts(import("index", file("x.csv", x)), 0, 0, 2);
  EXPECT_EQ(count("SELECT weight FROM weights WHERE drg = 'E03N'"), 12345);
  EXPECT_EQ(count("SELECT cost_limit FROM weights WHERE drg = 'E03N'"), 15000050);
  EXPECT_EQ(count("SELECT count(*) FROM weights WHERE drg = 'R51O' AND los_limit IS NULL AND "
                  "cost_limit IS NULL AND day_weight = 0"),
            1);
  EXPECT_EQ(count("SELECT price FROM prices"), 123456);
  EXPECT_EQ(count("SELECT rate FROM price_index WHERE year = 2021"), 21000);
  std::string w2 = w;
  w2.replace(w2.find("1.2345"), 6, "1.2346");
  expect_counts(import("weights", file("w2.csv", w2)), 0, 1, 1);
  EXPECT_EQ(count("SELECT count(*) FROM weights WHERE drg = 'E03N'"), 2);
  EXPECT_EQ(count("SELECT weight FROM weights WHERE drg = 'E03N' AND version = 1"), 12345);
  EXPECT_EQ(count("SELECT weight FROM weights WHERE drg = 'E03N' AND version = 2"), 12346);
}

TEST_F(ImportTest, ReferralsAndResidentsAreVersioned) {
  std::string ref =
      "referral_id,county,patient_id,seller,valid_from,valid_to\n"
      "REM-1,17,19121212-1212,AS,2021-01-01,2021-12-31\n"
      "REM-2,18,PSEUDO-9,USO,2021-02-01,\n";
  std::string res =
      "patient_id,county,valid_from,valid_to\n"
      "191212121212,18,2000-01-01,2020-12-31\n"
      "191212121212,17,2021-01-01,\n";
  expect_counts(import("referrals", file("ref.csv", ref)), 2, 0, 0);
  expect_counts(import("residents", file("res.csv", res)), 2, 0, 0);
  expect_counts(import("referrals", file("ref.csv", ref)), 0, 0, 2);
  expect_counts(import("residents", file("res.csv", res)), 0, 0, 2);
  EXPECT_EQ(text("SELECT patient_id FROM referrals WHERE referral_id = 'REM-1'"), "191212121212");
  EXPECT_EQ(text("SELECT valid_to FROM referrals WHERE referral_id = 'REM-2'"), "<null>");
  EXPECT_EQ(text("SELECT county FROM residents WHERE valid_from = '2021-01-01'"), "17");

  std::string res2 = res;
  res2.replace(res2.find("17,2021-01-01,"), 14, "17,2021-01-01,2021-06-30");
  expect_counts(import("residents", file("res2.csv", res2)), 0, 1, 1);
  EXPECT_EQ(count("SELECT count(*) FROM residents"), 3);
  EXPECT_EQ(text("SELECT valid_to FROM residents WHERE version = 2"), "2021-06-30");

  std::string dup = ref + "REM-1,17,PSEUDO-1,AS,2021-01-01,\n";
  FileImport r = import("referrals", file("dup.csv", dup));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.count(), 1u) << r.errors.report();
  EXPECT_EQ(r.errors.listed()[0].line, 4);
  EXPECT_EQ(count("SELECT count(*) FROM referrals"), 2);
}

TEST_F(ImportTest, SummaryCountsEveryStoredVersionOfEachKind) {
  expect_counts(import("records", file("r1.csv", records_csv(0, 4))), 4, 0, 0);
  std::string r2 = records_csv(0, 4);
  r2.replace(r2.find(record_line(1)), record_line(1).size(), record_line(1, "Annan"));
  expect_counts(import("records", file("r2.csv", r2)), 0, 1, 3);
  expect_counts(import("items", file("i1.csv",
                                     "record_id,seller,item_code,quantity\n"
                                     "R1,AS,X,1\nR1,AS,Y,1\nR2,AS,X,1\n")),
                2, 0, 0);
  expect_counts(import("items", file("i2.csv",
                                     "record_id,seller,item_code,quantity\n"
                                     "R1,AS,X,2\nR1,AS,Y,1\nR2,AS,X,1\n")),
                0, 1, 1);
  expect_counts(
      import("index", file("x1.csv", "index,year,rate\nLPIK,2020,0.019\nLPIK,2021,0.02\n")), 2, 0,
      0);
  expect_counts(import("index", file("x2.csv", "index,year,rate\nLPIK,2021,0.021\n")), 0, 1, 0);
  std::string ref =
      "referral_id,county,patient_id,seller,valid_from,valid_to\n"
      "REM-1,17,PSEUDO-1,AS,2021-01-01,\nREM-2,17,PSEUDO-2,AS,2021-02-01,\n";
  expect_counts(import("referrals", file("f1.csv", ref)), 2, 0, 0);
  ref.replace(ref.find("PSEUDO-2"), 8, "PSEUDO-3");
  expect_counts(import("referrals", file("f2.csv", ref)), 0, 1, 1);
  std::string res = "patient_id,county,valid_from,valid_to\nPSEUDO-1,17,2021-01-01,\n";
  expect_counts(import("residents", file("s1.csv", res)), 1, 0, 0);
  res.replace(res.find("2021-01-01,"), 11, "2021-01-01,2021-12-31");
  expect_counts(import("residents", file("s2.csv", res)), 0, 1, 0);

  std::map<std::string, std::pair<long long, long long>> by_kind;  // rows, versions
  for (const auto& s : summarize(*store_)) {
    by_kind[s.kind].first += s.rows;
    by_kind[s.kind].second += s.versions;
  }
  EXPECT_EQ(by_kind["records"], std::make_pair(4LL, 5LL));
  EXPECT_EQ(by_kind["items"], std::make_pair(2LL, 3LL));
  EXPECT_EQ(by_kind["index"], std::make_pair(2LL, 3LL));
  EXPECT_EQ(by_kind["referrals"], std::make_pair(2LL, 3LL));
  EXPECT_EQ(by_kind["residents"], std::make_pair(1LL, 2LL));
  EXPECT_EQ(by_kind["regions"], std::make_pair(21LL, 21LL));
  EXPECT_EQ(by_kind["hospitals"], std::make_pair(3LL, 3LL));  // built in: AS, USO, ENK
}

// ------------------------------------------------------------------ parties

TEST_F(ImportTest, RegionsFileOverridesABuiltInRegionAndMigrateKeepsIt) {
  std::string regions =
      "code,name,org_number,healthcare_region\n"
      "03,Region Uppsala (ny),2321000024,Mellansverige\n"
      "04,Region Sörmland,2321000032,Mellansverige\n";
  expect_counts(import("regions", file("regions.csv", regions)), 0, 1, 1);
  EXPECT_TRUE(store_->migrate().empty());
  EXPECT_EQ(count("SELECT count(*) FROM regions WHERE code = '03'"), 2);
  EXPECT_EQ(text("SELECT name FROM regions WHERE code = '03' AND version = 2"),
            "Region Uppsala (ny)");
  EXPECT_EQ(text("SELECT name FROM regions r WHERE code = '03' AND NOT EXISTS (SELECT 1 FROM "
                 "regions n WHERE n.code = r.code AND n.version > r.version)"),
            "Region Uppsala (ny)");
  EXPECT_EQ(count("SELECT count(*) FROM regions"), 22);
  // Opening the database afresh and migrating again keeps it too.
  store_ = std::make_unique<Store>(stem_ + ".db");
  EXPECT_TRUE(store_->migrate().empty());
  EXPECT_EQ(count("SELECT count(*) FROM regions"), 22);
  EXPECT_EQ(count("SELECT max(version) FROM regions WHERE code = '03'"), 2);
}

TEST_F(ImportTest, ImportedHospitalAndRegionBecomeKnownCodes) {
  std::string records = std::string(kRecordHeader) + record_line(1);
  records.replace(records.find(",AS,"), 4, ",MAS,");
  FileImport before = import("records", file("r.csv", records));
  EXPECT_FALSE(before.ok());
  EXPECT_EQ(before.errors.listed()[0].column_name, "seller");

  expect_counts(import("hospitals", file("h.csv",
                                         "code,name,region,kind\n"
                                         "MAS,Mälarsjukhuset,04,county\n")),
                1, 0, 0);
  expect_counts(import("records", file("r.csv", records)), 1, 0, 0);

  std::string residents = "patient_id,county,valid_from,valid_to\nP1,26,2021-01-01,\n";
  EXPECT_FALSE(import("residents", file("res.csv", residents)).ok());
  expect_counts(import("regions", file("reg.csv",
                                       "code,name,org_number,healthcare_region\n"
                                       "26,Region Ny,2321000024,Test\n")),
                1, 0, 0);
  expect_counts(import("residents", file("res.csv", residents)), 1, 0, 0);
}

TEST_F(ImportTest, RegionsFileWithABadOrgNumberIsRejected) {
  std::string regions =
      "code,name,org_number,healthcare_region\n"
      "03,Region Uppsala (ny),2321000025,Mellansverige\n";
  FileImport r = import("regions", file("regions.csv", regions));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.errors.listed()[0].column_name, "org_number");
  EXPECT_EQ(count("SELECT count(*) FROM regions WHERE code = '03'"), 1);
}

// -------------------------------------------------------------- the command

TEST_F(ImportTest, UnknownKindAndMissingFile) {
  EXPECT_THROW(import("invoices", file("x.csv", "a\n")), std::invalid_argument);
  FileImport r = import("records", stem_ + "_no_such_file.csv");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.count(), 1u);
  EXPECT_EQ(r.errors.listed()[0].found, "no such file");
  EXPECT_EQ(count("SELECT count(*) FROM imports"), 1);
}

TEST_F(ImportTest, ImportIntoADatabaseWithoutSchemaIsAClearError) {
  std::string path = stem_ + "_empty.db";
  std::remove(path.c_str());
  {
    Store empty(path);
    EXPECT_THROW(empty.require_schema(), StoreError);
    try {
      import_file(empty, "records", file("r.csv", records_csv(0, 2)), {});
      ADD_FAILURE() << "no exception";
    } catch (const StoreError& e) {
      EXPECT_NE(std::string(e.what()).find("vardavtal init"), std::string::npos) << e.what();
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

TEST_F(ImportTest, FilesInADirectoryComeInDependencyOrder) {
  namespace fs = std::filesystem;
  fs::path dir = stem_ + "_dir";
  fs::remove_all(dir);
  fs::create_directories(dir / "agreements");
  for (const char* name : {"records.csv", "regions.csv", "items.csv", "weights.csv",
                           "agreements/b.toml", "agreements/a.toml", "notes.txt"})
    std::ofstream(dir / name) << "x\n";
  auto files = files_in_directory(dir.string());
  std::vector<std::string> kinds;
  for (const auto& [kind, path] : files)
    kinds.push_back(kind + ":" + fs::path(path).filename().string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"regions:regions.csv", "weights:weights.csv",
                                             "agreement:a.toml", "agreement:b.toml",
                                             "records:records.csv", "items:items.csv"}));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vardavtal
