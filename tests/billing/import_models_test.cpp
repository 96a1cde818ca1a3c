// The inputs of the other regions' models (billing rules §8) from file to
// the Catalogue and the records pricing reads, on SQLite and, when
// VARDAVTAL_TEST_POSTGRES_URL is set, on PostgreSQL (COPY on an empty table,
// the exact writer after it): every new column and kind stored and read
// back, an identical re-import changing nothing, a bad row committing
// nothing of its file; and the content hashes of rows that do not use the
// new columns are those of before schema 011.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "billing/app/import.h"
#include "core/content_hash.h"
#include "store/kinds.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/store.h"
#include "store/summary.h"
#include "store/versioned_writer.h"
#include "store/write_transaction.h"

namespace vardavtal {
namespace {

const char kRecords[] =
    "record_id,seller,patient_id,county,care_type,clinic,admission_date,discharge_date,leave_days,"
    "drg,agreement_type,riksavtal_chapter,care_level,referral_reason\n"
    "R1,USO,PSEUDO-1,19,inpatient,Psykiatri,2023-03-01,2023-03-15,2,U61E,1,3.1,2,medical\n"
    "R2,USO,PSEUDO-2,20,doctor_visit,Ögon,2023-03-02,,,,,,,choice\n"
    "R3,USO,PSEUDO-3,20,doctor_visit,Ögon,2023-03-03,,,,,,,\n";

const char kItems[] =
    "record_id,seller,item_code,quantity,cost,cost_ref\n"
    "R1,USO,IMPL7,1,38000.00,Batch 4711\n"
    "R1,USO,IMPL8,2,27500.50,\n"
    "R1,USO,IMPL8,-1,-13750.25,Kreditnota 9\n"
    "R2,USO,B05AA,3,,\n";

const char kPrices[] =
    "seller,year,item_code,name,price,at_cost\n"
    "USO,2023,IMPL7,Implantat,,1\n"
    "USO,2023,B05AA,Albumin,1234.50,\n";

const char kTariffs[] =
    "seller,year,care_type,clinic,medical_field,unit,price,name\n"
    "USO,2023,inpatient,Psykiatri,,care_day,7412.50,Vårddygn psykiatri\n"
    "USO,2023,doctor_visit,,511,contact,2100,Ögonbesök\n"
    "USO,2023,doctor_visit,,,contact,1800,Besök\n";

const char kAgreement[] = R"TOML(id = "NORR-USO-2023"
seller = "USO"
buyers = ["19", "20"]
year = 2023
price_list = 2
point_price = 60000
agreement_type = 3
max_contact_amount = 150000000.00
drg_exempt = { clinics = ["Psykiatri", "Barn, habilitering"], medical_fields = ["931"] }

[extra_billing]
threshold = 50000.00

[subscription]
share = 0.25
base_value = 1000000
clinics = ["Ortopedi"]
include_items = true

[settlement]
share = "1/3"

[commitment]
points = { "19" = 1200.0, "20" = 850.1234 }
shortfall_share = 0.5
cap_points = { "19" = 1300 }
above_cap_share = 0.25
)TOML";

// A database for one test: a SQLite file, or a PostgreSQL schema of its own.
class Database {
 public:
  static std::unique_ptr<Database> sqlite(const std::string& stem) {
    auto d = std::unique_ptr<Database>(new Database);
    d->sqlite_ = stem + ".db";
    std::remove(d->sqlite_.c_str());
    d->store_ = std::make_unique<Store>(d->sqlite_);
    return d;
  }
  static std::unique_ptr<Database> postgresql(const char* url) {
    auto d = std::unique_ptr<Database>(new Database);
    d->store_ = std::make_unique<Store>(url);
    d->schema_ = "vardavtal_models_" + std::to_string(getpid());
    d->store_->sql() << "DROP SCHEMA IF EXISTS " + d->schema_ + " CASCADE";
    d->store_->sql() << "CREATE SCHEMA " + d->schema_;
    d->store_->sql() << "SET search_path TO " + d->schema_;
    return d;
  }
  ~Database() {
    if (!schema_.empty()) store_->sql() << "DROP SCHEMA " + schema_ + " CASCADE";
    store_.reset();
    if (!sqlite_.empty()) std::remove(sqlite_.c_str());
  }
  Store& store() { return *store_; }
  // A second session on the same tables.
  std::unique_ptr<Store> open_another() { return store_->open_beside(); }

 private:
  Database() = default;
  std::unique_ptr<Store> store_;
  std::string sqlite_, schema_;
};

class ImportModels : public ::testing::TestWithParam<bool> {  // true: PostgreSQL
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    stem_ = ::testing::TempDir() + "vardavtal_models_" + std::to_string(GetParam()) +
            std::string(info->name()).substr(0, std::string(info->name()).find('/'));
    if (GetParam()) {
      const char* url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
      if (!url || !*url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
      db_ = Database::postgresql(url);
    } else {
      db_ = Database::sqlite(stem_);
    }
    store().migrate();
  }
  void TearDown() override {
    db_.reset();
    for (const auto& f : files_) std::remove(f.c_str());
  }
  Store& store() { return db_->store(); }

  std::string file(const std::string& name, const std::string& bytes) {
    std::string path = stem_ + "_" + name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    files_.push_back(path);
    return path;
  }
  FileImport import(const std::string& kind, const std::string& name, const std::string& text) {
    return import_file(store(), kind, file(name, text), {});
  }
  long long count(const std::string& query) {
    long long n = -1;
    store().sql() << query, soci::into(n);
    return n;
  }
  std::vector<StoredRecord> latest() {
    std::vector<StoredRecord> out;
    for_each_latest_record(store(), RecordFilter{}, [&](std::span<const StoredRecord> batch) {
      out.insert(out.end(), batch.begin(), batch.end());
    });
    return out;
  }
  static void expect_counts(const FileImport& r, long long added, long long changed,
                            long long unchanged) {
    EXPECT_TRUE(r.ok()) << r.errors.report();
    EXPECT_EQ(r.added, added) << r.kind;
    EXPECT_EQ(r.changed, changed) << r.kind;
    EXPECT_EQ(r.unchanged, unchanged) << r.kind;
  }

  std::string stem_;
  std::unique_ptr<Database> db_;
  std::vector<std::string> files_;
};

TEST_P(ImportModels, RecordClassificationIsStoredAndReadBack) {
  expect_counts(import("records", "records.csv", kRecords), 3, 0, 0);
  expect_counts(import("records", "records.csv", kRecords), 0, 0, 3);
  const std::vector<StoredRecord> rows = latest();
  ASSERT_EQ(rows.size(), 3u);
  const Record& r1 = rows[0].record;
  EXPECT_EQ(r1.agreement_type, 1);
  EXPECT_EQ(r1.riksavtal_chapter, "3.1");
  EXPECT_EQ(r1.care_level, 2);
  EXPECT_EQ(r1.referral_reason, ReferralReason::medical);
  EXPECT_EQ(rows[1].record.referral_reason, ReferralReason::choice);
  EXPECT_EQ(rows[1].record.agreement_type, 0);
  EXPECT_EQ(rows[2].record.referral_reason, ReferralReason::none);
  auto v1 = LedgerStore(store()).record_version("USO", "R1", 1);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->riksavtal_chapter, "3.1");
  EXPECT_EQ(count("SELECT count(*) FROM records_latest WHERE care_level = 2"), 1);
  // A changed classification is a new version.
  std::string changed = kRecords;
  changed.replace(changed.find("3.1,2,medical"), 13, "3.2,2,medical");
  expect_counts(import("records", "records2.csv", changed), 0, 1, 2);
}

TEST_P(ImportModels, ItemCostsAreStoredAndReadBack) {
  expect_counts(import("records", "records.csv", kRecords), 3, 0, 0);
  expect_counts(import("items", "items.csv", kItems), 2, 0, 0);
  expect_counts(import("items", "items.csv", kItems), 0, 0, 2);
  const std::vector<ItemLine> r1 = {{"IMPL7", 1, Money::from_ore(3800000), "Batch 4711"},
                                    {"IMPL8", -1, Money::from_ore(-1375025), "Kreditnota 9"},
                                    {"IMPL8", 2, Money::from_ore(2750050), ""}};
  const std::vector<StoredRecord> rows = latest();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].items, r1);
  EXPECT_EQ(rows[1].items, (std::vector<ItemLine>{{"B05AA", 3}}));
  EXPECT_EQ(LedgerStore(store()).item_set("USO", "R1", 1), r1);
  // Another evidence is another item set.
  std::string changed = kItems;
  changed.replace(changed.find("Batch 4711"), 10, "Batch 4712");
  expect_counts(import("items", "items2.csv", changed), 0, 1, 1);
  EXPECT_EQ(LedgerStore(store()).item_set("USO", "R1", 2)[0].cost_ref, "Batch 4712");
}

TEST_P(ImportModels, AtCostPricesAndTariffsReachTheCatalogue) {
  expect_counts(import("prices", "prices.csv", kPrices), 2, 0, 0);
  expect_counts(import("tariffs", "tariffs.csv", kTariffs), 3, 0, 0);
  expect_counts(import("prices", "prices.csv", kPrices), 0, 0, 2);
  expect_counts(import("tariffs", "tariffs.csv", kTariffs), 0, 0, 3);
  auto c = current_catalogue(store());
  const PriceEntry* impl = c->price("USO", 2023, "IMPL7");
  ASSERT_TRUE(impl);
  EXPECT_TRUE(impl->at_cost);
  EXPECT_EQ(impl->price.ore(), 0);
  ASSERT_TRUE(c->price("USO", 2023, "B05AA"));
  EXPECT_FALSE(c->price("USO", 2023, "B05AA")->at_cost);
  TariffMatch psych = c->tariff("USO", 2023, CareType::inpatient, "Psykiatri", "931");
  ASSERT_TRUE(psych.entry);
  EXPECT_FALSE(psych.ambiguous());
  EXPECT_EQ(psych.entry->row.unit, TariffUnit::care_day);
  EXPECT_EQ(psych.entry->row.price.ore(), 741250);
  EXPECT_EQ(psych.entry->row.name, "Vårddygn psykiatri");
  EXPECT_EQ(psych.entry->version, 1);
  TariffMatch eye = c->tariff("USO", 2023, CareType::doctor_visit, "Ögon", "511");
  ASSERT_TRUE(eye.entry);
  EXPECT_EQ(eye.entry->row.price.ore(), 210000);  // the field's row, not the any-row
  EXPECT_EQ(c->tariff("USO", 2023, CareType::doctor_visit, "Hud", "").entry->row.price.ore(),
            180000);
  EXPECT_FALSE(c->tariff("USO", 2023, CareType::day_care, "Ögon", "511").entry);
}

TEST_P(ImportModels, AChangedTariffIsVersionTwo) {
  expect_counts(import("tariffs", "tariffs.csv", kTariffs), 3, 0, 0);
  std::string changed = kTariffs;
  changed.replace(changed.find("7412.50"), 7, "7600.00");
  expect_counts(import("tariffs", "tariffs2.csv", changed), 0, 1, 2);
  EXPECT_EQ(count("SELECT count(*) FROM tariffs"), 4);
  EXPECT_EQ(count("SELECT max(version) FROM tariffs WHERE clinic = 'Psykiatri'"), 2);
  EXPECT_EQ(count("SELECT price FROM tariffs WHERE clinic = 'Psykiatri' AND version = 1"), 741250);
  auto c = current_catalogue(store());
  TariffMatch m = c->tariff("USO", 2023, CareType::inpatient, "Psykiatri", "");
  ASSERT_TRUE(m.entry);
  EXPECT_EQ(m.entry->row.price.ore(), 760000);
  EXPECT_EQ(m.entry->version, 2);
  int summarized = 0;
  for (const SummaryRow& row : summarize(store())) {
    if (row.kind != "tariffs") continue;
    ++summarized;
    EXPECT_EQ(row.party + " " + row.year, "USO 2023");
    EXPECT_EQ(row.rows, 3);
    EXPECT_EQ(row.versions, 4);
  }
  EXPECT_EQ(summarized, 1);
}

TEST_P(ImportModels, AgreementTermsAreStoredAndReadBack) {
  expect_counts(import("agreement", "a.toml", kAgreement), 1, 0, 0);
  expect_counts(import("agreement", "a.toml", kAgreement), 0, 0, 1);
  auto c = current_catalogue(store());
  auto agreements = c->agreements();
  ASSERT_EQ(agreements.size(), 1u);
  const Agreement& a = agreements[0]->terms;
  EXPECT_EQ(a.agreement_type, 3);
  EXPECT_EQ(a.drg_exempt_clinics, (std::vector<std::string>{"Psykiatri", "Barn, habilitering"}));
  EXPECT_EQ(a.drg_exempt_fields, std::vector<std::string>{"931"});
  EXPECT_EQ(a.extra_billing_threshold.ore(), 5000000);
  EXPECT_EQ(a.subscription_clinics, std::vector<std::string>{"Ortopedi"});
  EXPECT_TRUE(a.subscription_include_items);
  ASSERT_TRUE(a.settlement_share);
  EXPECT_EQ(*a.settlement_share, (Fraction{1, 3}));
  EXPECT_EQ(a.settlement_basis, "kpp");
  EXPECT_EQ(a.commitment_points,
            (std::map<std::string, int64_t>{{"19", 12000000}, {"20", 8501234}}));
  EXPECT_EQ(a.commitment_shortfall_share, 5000);
  EXPECT_EQ(a.commitment_cap_points, (std::map<std::string, int64_t>{{"19", 13000000}}));
  EXPECT_EQ(a.commitment_above_cap_share, 2500);
  EXPECT_EQ(a.max_contact_amount, Money::from_kronor(150000000));
  // Without the terms: their defaults, and a new version.
  std::string plain = kAgreement;
  plain = plain.substr(0, plain.find("agreement_type"));
  expect_counts(import("agreement", "b.toml", plain), 0, 1, 0);
  const Agreement& b = current_catalogue(store())->agreements()[0]->terms;
  EXPECT_EQ(b.agreement_type, 2);
  EXPECT_TRUE(b.drg_exempt_clinics.empty());
  EXPECT_FALSE(b.settlement_share);
  EXPECT_FALSE(b.has_commitment());
  EXPECT_EQ(b.extra_billing_threshold.ore(), 0);
}

TEST_P(ImportModels, ABadRowCommitsNothingOfItsFile) {
  std::string tariffs = kTariffs;
  tariffs += "USO,2023,day_care,,,week,100,X\n";
  FileImport t = import("tariffs", "tariffs.csv", tariffs);
  ASSERT_EQ(t.errors.count(), 1u) << t.errors.report();
  EXPECT_EQ(t.errors.listed()[0].line, 5);
  EXPECT_EQ(count("SELECT count(*) FROM tariffs"), 0);
  std::string records = kRecords;
  records += "R4,USO,PSEUDO-4,20,doctor_visit,Ögon,2023-03-03,,,,,,5,\n";
  EXPECT_FALSE(import("records", "records.csv", records).ok());
  EXPECT_EQ(count("SELECT count(*) FROM records"), 0);
  std::string items = kItems;
  items += "R2,USO,B05AA,1,-1,\n";
  EXPECT_FALSE(import("items", "items.csv", items).ok());
  EXPECT_EQ(count("SELECT count(*) FROM record_items"), 0);
  EXPECT_FALSE(import("prices", "prices.csv", std::string(kPrices) + "USO,2023,X,Y,5,1\n").ok());
  EXPECT_EQ(count("SELECT count(*) FROM prices"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM imports"), 1);  // the built-in reference data only
}

// import_files reports every file in the files' order, a rejected file
// beside the others (on PostgreSQL the kinds load side by side, on
// sessions of their own: the test's schema reaches them).
TEST_P(ImportModels, ImportFilesReportsEachFileInOrder) {
  std::string items = kItems;
  items += "R2,USO,B05AA,1,-1,\n";  // a cost whose sign differs from the quantity's
  const std::vector<std::pair<std::string, std::string>> files = {
      {"tariffs", file("tariffs.csv", kTariffs)},
      {"records", file("records.csv", kRecords)},
      {"items", file("items.csv", items)},
      {"prices", file("prices.csv", kPrices)},
      {"agreement", file("a.toml", kAgreement)}};
  std::vector<FileImport> reported;
  import_files(store(), files, {}, "test",
               [&](const ImportedFile& f) { reported.push_back(f.result); });
  ASSERT_EQ(reported.size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(reported[i].kind, files[i].first);
    EXPECT_EQ(reported[i].path, files[i].second);
  }
  expect_counts(reported[0], 3, 0, 0);
  expect_counts(reported[1], 3, 0, 0);
  ASSERT_EQ(reported[2].errors.count(), 1u) << reported[2].errors.report();
  EXPECT_EQ(reported[2].errors.listed()[0].line, 6);
  expect_counts(reported[3], 2, 0, 0);
  expect_counts(reported[4], 1, 0, 0);
  EXPECT_EQ(count("SELECT count(*) FROM record_items"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM records"), 3);
  // The built-in reference data and four files, each with its audit row.
  EXPECT_EQ(count("SELECT count(*) FROM imports"), 5);
  EXPECT_EQ(count("SELECT count(DISTINCT id) FROM imports"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE command = 'import'"), 4);
  EXPECT_EQ(store().imports_seen(), 5);
}

// Two imports in flight at once (two users, or import_files' sessions):
// each gets its own id, and both commit. The imports seen grow with each
// commit, whichever id commits first.
TEST_P(ImportModels, ImportsInFlightOnTwoSessionsBothCommit) {
  if (!GetParam()) GTEST_SKIP() << "SQLite: a second writer waits for the first's commit";
  std::unique_ptr<Store> other = db_->open_another();
  const int64_t seen = store().imports_seen();
  int64_t first = 0;
  {
    WriteTransaction tr(store());
    first = store().next_import_id();
    // The other session imports a file, start to commit, meanwhile.
    expect_counts(import_file(*other, "tariffs", file("tariffs.csv", kTariffs), {}, "test"), 3, 0,
                  0);
    EXPECT_EQ(store().imports_seen(), seen + 1);
    store().record_import(first, "records", "r.csv", 1, 0, 0);
    tr.commit();
  }
  EXPECT_EQ(store().imports_seen(), seen + 2);
  EXPECT_EQ(count("SELECT count(DISTINCT id) FROM imports"), seen + 2);
  // Another test's process may hold an id's lock: the other import's id is
  // another one, not necessarily the next.
  EXPECT_EQ(count("SELECT count(*) FROM imports WHERE kind = 'tariffs' AND id <> " +
                  std::to_string(first)),
            1);
}

// A caller whose report throws (e.g. its output is gone): the exception
// comes back once nothing is left running (a hang fails by ctest's timeout).
TEST_P(ImportModels, ImportFilesStopsWhenTheReportThrows) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"tariffs", file("tariffs.csv", kTariffs)},
      {"records", file("records.csv", kRecords)},
      {"prices", file("prices.csv", kPrices)},
      {"agreement", file("a.toml", kAgreement)}};
  int reports = 0;
  EXPECT_THROW(import_files(store(), files, {}, "test",
                            [&](const ImportedFile&) {
                              ++reports;
                              throw std::runtime_error("the output is gone");
                            }),
               std::runtime_error);
  EXPECT_EQ(reports, 1);
  if (!GetParam()) {  // in turn: nothing after the first
    EXPECT_EQ(count("SELECT count(*) FROM imports WHERE kind <> 'reference'"), 1);
  }
}

// An import that throws (here: a kind import_file does not know) stops the
// threads from taking another file; every file imported is reported, also
// one after it in the order, then the exception.
TEST_P(ImportModels, ImportFilesReportsWhatItImportedBeforeAFailure) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"tariffs", file("tariffs.csv", kTariffs)},
      {"nonsense", file("n.csv", "x\n")},
      {"records", file("records.csv", kRecords)}};  // the largest: the first to load
  std::vector<std::string> reported;
  EXPECT_THROW(import_files(store(), files, {}, "test",
                            [&](const ImportedFile& f) { reported.push_back(f.result.kind); }),
               BadArgument);
  // On PostgreSQL one session loads the records, the other the tariffs,
  // then the nonsense; in turn the records never begin.
  const std::vector<std::string> expected = GetParam()
                                                ? std::vector<std::string>{"tariffs", "records"}
                                                : std::vector<std::string>{"tariffs"};
  EXPECT_EQ(reported, expected);
  EXPECT_EQ(count("SELECT count(*) FROM imports WHERE kind <> 'reference'"),
            static_cast<long long>(expected.size()));
}

// Two directories' files in one call (`import all A B`): B's hospitals are
// stored before B's records, which name one of them, are checked.
TEST_P(ImportModels, ImportFilesLoadsAHospitalBeforeTheFilesAfterIt) {
  std::string records = kRecords;
  for (size_t at; (at = records.find(",USO,")) != std::string::npos;)
    records.replace(at, 5, ",NYH,");
  const std::vector<std::pair<std::string, std::string>> files = {
      {"tariffs", file("tariffs.csv", kTariffs)},
      {"prices", file("prices.csv", kPrices)},
      {"hospitals", file("h.csv", "code,name,region,kind\nNYH,Nya sjukhuset,19,county\n")},
      {"records", file("records.csv", records)},
      {"items", file("items.csv",
                     "record_id,seller,item_code,quantity,cost,cost_ref\n"
                     "R2,NYH,B05AA,3,,\n")}};
  std::vector<FileImport> reported;
  import_files(store(), files, {}, "test",
               [&](const ImportedFile& f) { reported.push_back(f.result); });
  ASSERT_EQ(reported.size(), files.size());
  for (const FileImport& r : reported) EXPECT_TRUE(r.ok()) << r.kind << r.errors.report();
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE seller = 'NYH'"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM record_items WHERE seller = 'NYH'"), 1);
}

// Files of before schema 011 and the same rows with the new columns empty:
// one version, whichever comes first.
TEST_P(ImportModels, FilesWithoutTheNewColumnsKeepTheirVersions) {
  const char old_records[] =
      "record_id,seller,patient_id,county,care_type,clinic,admission_date,discharge_date,drg\n"
      "R1,USO,PSEUDO-1,19,inpatient,Kirurgi,2023-03-01,2023-03-15,E03N\n";
  const char new_records[] =
      "record_id,seller,patient_id,county,care_type,clinic,admission_date,discharge_date,drg,"
      "agreement_type,riksavtal_chapter,care_level,referral_reason\n"
      "R1,USO,PSEUDO-1,19,inpatient,Kirurgi,2023-03-01,2023-03-15,E03N,,,,\n";
  expect_counts(import("records", "old.csv", old_records), 1, 0, 0);
  expect_counts(import("records", "new.csv", new_records), 0, 0, 1);
  expect_counts(
      import("items", "old_items.csv", "record_id,seller,item_code,quantity\nR1,USO,X,1\n"), 1, 0,
      0);
  expect_counts(import("items", "new_items.csv",
                       "record_id,seller,item_code,quantity,cost,cost_ref\nR1,USO,X,1,,\n"),
                0, 0, 1);
  expect_counts(
      import("prices", "old_prices.csv", "seller,year,item_code,name,price\nUSO,2023,X,Y,5\n"), 1,
      0, 0);
  expect_counts(import("prices", "new_prices.csv",
                       "seller,year,item_code,name,price,at_cost\nUSO,2023,X,Y,5,0\n"),
                0, 0, 1);
}

// Migration 011 applied again (as the upgrade tests do after forgetting the
// migrations after 005) finds its columns and table there, and keeps the rows.
TEST_P(ImportModels, MigrationElevenRunsAgain) {
  expect_counts(import("records", "records.csv", kRecords), 3, 0, 0);
  store().sql() << "DELETE FROM schema_migrations WHERE number >= 11";
  ASSERT_EQ(store().schema_version(), 10);
  const std::vector<std::string> applied = store().migrate();
  ASSERT_EQ(applied.size(), 17u);
  EXPECT_EQ(applied[0], "011_agreement_models");
  EXPECT_EQ(applied[1], "012_postings_agreement_models");
  EXPECT_EQ(applied[2], "013_settlements");
  EXPECT_EQ(applied[3], "014_token_expiry");
  EXPECT_EQ(applied[4], "015_plausibility");
  EXPECT_EQ(applied[5], "016_audit_log");
  EXPECT_EQ(applied[6], "017_access_log");
  EXPECT_EQ(applied[7], "018_disputes");
  EXPECT_EQ(applied[8], "019_cancelled_records");
  EXPECT_EQ(applied[9], "020_month_end");
  EXPECT_EQ(applied[10], "021_deliveries");
  EXPECT_EQ(applied[11], "022_plans");
  EXPECT_EQ(applied[12], "023_held_reason_sv");
  EXPECT_EQ(applied[13], "024_partial_ledger_indexes");
  EXPECT_EQ(applied[14], "025_records_corrected");
  EXPECT_EQ(applied[15], "026_text_compares_bytes");
  EXPECT_EQ(applied[16], "027_lines_in_postings");
  EXPECT_EQ(store().schema_version(), 27);
  expect_counts(import("records", "records.csv", kRecords), 0, 0, 3);
  EXPECT_EQ(latest()[0].record.riksavtal_chapter, "3.1");
}

// On PostgreSQL every text column compares bytes (COLLATE "C"), as SQLite's
// BINARY does; a database made before migration 026, whose columns used the
// database's default collation, is converted by init: its views (one reading
// another) made again with their grants, its rows kept.
TEST_P(ImportModels, TextColumnsCompareBytesOnPostgresql) {
  if (!GetParam()) GTEST_SKIP() << "SQLite compares text with BINARY, always";
  const std::string in_schema =
      "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = "
      "(SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND a.attnum > 0 AND "
      "NOT a.attisdropped AND a.atttypid = 'text'::regtype ";
  const std::string not_bytewise =
      "SELECT count(*) " + in_schema +
      "AND c.relkind IN ('r', 'v') AND a.attcollation <> (SELECT oid FROM pg_collation WHERE "
      "collname = 'C' AND collnamespace = 'pg_catalog'::regnamespace)";
  EXPECT_EQ(count(not_bytewise), 0);
  const long long record_texts =
      count("SELECT count(*) " + in_schema + "AND c.relname = 'records'");
  EXPECT_GT(record_texts, 10);
  expect_counts(import("records", "records.csv", kRecords), 3, 0, 0);

  // As before 026: every text column of records in the default collation, and
  // a view on the view, and a grant on it.
  std::string view;
  store().sql() << "SELECT pg_get_viewdef('records_latest'::regclass)", soci::into(view);
  store().sql() << "DROP VIEW records_latest";
  std::string alters;
  store().sql() << "SELECT string_agg(format('ALTER COLUMN %I TYPE text COLLATE \"default\"', "
                   "a.attname), ', ') " +
                       in_schema + "AND c.relname = 'records'",
      soci::into(alters);
  store().sql() << "ALTER TABLE records " + alters;
  store().sql() << "CREATE VIEW records_latest AS " + view;
  store().sql() << "CREATE VIEW latest_ids AS SELECT seller, record_id FROM records_latest";
  store().sql() << "GRANT SELECT ON records_latest TO PUBLIC";
  store().sql() << "DELETE FROM schema_migrations WHERE number >= 26";  // 027 runs again too
  ASSERT_EQ(count(not_bytewise), 2 * record_texts + 2);  // the table, the view, the view's view

  const std::string records_stats =
      "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = "
      "'records'";
  ASSERT_EQ(count(records_stats), 0);  // a column whose type changes loses its statistics
  const std::vector<std::string> applied = store().migrate();
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0], "026_text_compares_bytes");
  EXPECT_EQ(applied[1], "027_lines_in_postings");
  EXPECT_EQ(count(not_bytewise), 0);
  EXPECT_GT(count(records_stats), 0);  // analyzed again: the table has rows
  EXPECT_EQ(count("SELECT count(*) FROM records_latest"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM latest_ids"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM information_schema.role_table_grants WHERE table_name = "
                  "'records_latest' AND grantee = 'PUBLIC' AND privilege_type = 'SELECT' AND "
                  "table_schema = current_schema()"),
            1);
  EXPECT_EQ(latest().size(), 3u);
  expect_counts(import("records", "records.csv", kRecords), 0, 0, 3);
}

// A PostgreSQL session never compiles its queries (JIT): a month's read, one
// index probe per record, was costed high enough once the tables had
// statistics that compiling it took longer than running it.
TEST_P(ImportModels, PostgresqlSessionsDoNotCompileQueries) {
  if (!GetParam()) GTEST_SKIP() << "SQLite has no JIT";
  std::string jit;
  store().sql() << "SHOW jit", soci::into(jit);
  EXPECT_EQ(jit, "off");
  std::unique_ptr<Store> beside = store().open_beside();  // the run's second session
  ASSERT_TRUE(beside);
  beside->sql() << "SHOW jit", soci::into(jit);
  EXPECT_EQ(jit, "off");
}

// Migration 027 on a ledger of schema 026, whose invoice lines were a table
// of their own: each line goes into its posting's row (a care line, a late
// one, a credit line with its reference and reason), and the view
// invoice_lines reads them as the table held them.
TEST_P(ImportModels, MigrationTwentySevenMovesTheLinesIntoThePostings) {
  std::vector<Posting> postings(3);
  for (int64_t id = 1; id <= 3; ++id) {
    Posting& p = postings[id - 1];
    p.id = id;
    p.run_id = 1;
    p.kind = id == 3 ? PostingKind::reversal : PostingKind::care;
    p.seller = "AS";
    p.buyer = "18";
    p.billing_date = *parse_iso_date("2021-01-15");
    p.record_id = "R" + std::to_string(id == 3 ? 1 : id);
    p.record_version = 1;
    p.reverses = id == 3 ? 1 : 0;
    p.amount = Money::from_ore(id == 3 ? -100 : 100 * id);
  }
  const std::vector<InvoiceLine> lines = {
      {"AS", "0300000001", 1, 1, Money::from_ore(100), false, "", 0, 0},
      {"AS", "0300000001", 2, 2, Money::from_ore(200), true, "", 0, 0},
      {"AS", "0300000002", 1, 3, Money::from_ore(100), false, "0300000001", 1, 2}};
  LedgerStore(store()).append(postings, {}, lines);
  auto read_lines = [&] {
    std::vector<std::string> out;
    soci::rowset<std::string> rows = store().sql().prepare
                                     << "SELECT seller || ' ' || number || ' ' || CAST(line_no AS "
                                        "text) || ' ' || CAST(posting_id AS text) || ' ' || "
                                        "CAST(amount AS text) || ' ' || CAST(late AS text) || ' ' "
                                        "|| coalesce(reference_number, '-') || ' ' || "
                                        "CAST(coalesce(reference_line, 0) AS text) || ' ' || "
                                        "CAST(coalesce(reason_code, 0) AS text) FROM invoice_lines "
                                        "ORDER BY posting_id";
    for (const std::string& r : rows) out.push_back(r);
    return out;
  };
  const std::vector<std::string> before = read_lines();
  ASSERT_EQ(before, (std::vector<std::string>{"AS 0300000001 1 1 100 0 - 0 0",
                                              "AS 0300000001 2 2 200 1 - 0 0",
                                              "AS 0300000002 1 3 100 0 0300000001 1 2"}));
  // Back to schema 026: the lines in a table of their own.
  for (const char* stmt :
       {"CREATE TABLE l (seller text NOT NULL, number text NOT NULL, line_no bigint NOT NULL, "
        "posting_id bigint NOT NULL, amount bigint NOT NULL, late bigint NOT NULL, "
        "reference_number text, reference_line bigint, reason_code bigint, PRIMARY KEY (seller, "
        "number, line_no))",
        "INSERT INTO l SELECT * FROM invoice_lines", "DROP VIEW invoice_lines",
        "ALTER TABLE l RENAME TO invoice_lines",
        "CREATE UNIQUE INDEX invoice_lines_posting ON invoice_lines (posting_id)",
        "CREATE INDEX invoice_lines_reference ON invoice_lines (seller, reference_number, "
        "reference_line) WHERE reference_number IS NOT NULL",
        "DROP INDEX postings_line", "DROP INDEX postings_line_reference",
        "ALTER TABLE postings DROP COLUMN number", "ALTER TABLE postings DROP COLUMN line_no",
        "ALTER TABLE postings DROP COLUMN line_amount", "ALTER TABLE postings DROP COLUMN late",
        "ALTER TABLE postings DROP COLUMN reference_number",
        "ALTER TABLE postings DROP COLUMN reference_line",
        "ALTER TABLE postings DROP COLUMN line_reason_code",
        "DELETE FROM schema_migrations WHERE number >= 27"})
    store().sql() << stmt;
  ASSERT_EQ(read_lines(), before);
  const std::vector<std::string> applied = store().migrate();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0], "027_lines_in_postings");
  EXPECT_EQ(read_lines(), before);
  EXPECT_EQ(count(GetParam() ? "SELECT count(*) FROM pg_class WHERE oid = "
                               "to_regclass('invoice_lines') AND relkind = 'v'"
                             : "SELECT count(*) FROM sqlite_master WHERE name = 'invoice_lines' "
                               "AND type = 'view'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM postings WHERE number IS NOT NULL"), 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, ImportModels, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgresql" : "Sqlite"; });

// ------------------------------------------------------------ content hashes

class ContentHashes : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    db_ = Database::sqlite(::testing::TempDir() + "vardavtal_models_" + info->name());
    db_->store().migrate();
  }
  // The content_hash a versioned writer stores for `row`.
  template <class Row>
  int64_t stored_hash(const TableSpec& spec, const Row& row) {
    Store& s = db_->store();
    soci::transaction tr(s.sql());
    VersionedWriter w(s.sql(), spec, s.next_import_id());
    put_row(row, w.values());
    w.decide(1);
    w.append();
    w.flush();
    long long h = 0;
    s.sql() << std::string("SELECT content_hash FROM ") + spec.table, soci::into(h);
    tr.rollback();
    return h;
  }
  std::unique_ptr<Database> db_;
};

// How schema 010 hashed a row: every content column in order, NULL as "\x01null".
struct OldHash {
  ContentHash h;
  OldHash& text(std::string_view s) { return h.add(s), *this; }
  OldHash& null() { return text("\x01null"); }
  OldHash& text_or_null(std::string_view s) { return s.empty() ? null() : text(s); }
  OldHash& integer(int64_t v) { return h.add(v), *this; }
};

Record plain_record() {
  Record r;
  r.seller = "USO";
  r.record_id = "R1";
  r.patient_id = "191212121212";
  r.county = "19";
  r.care_type = CareType::inpatient;
  r.clinic = "Kirurgi";
  r.admission_date = *parse_iso_date("2023-03-01");
  r.discharge_date = *parse_iso_date("2023-03-15");
  r.leave_days = 2;
  r.drg = "E03N";
  r.kpp_cost = Money::from_ore(4567850);
  r.patient_fee = Money::from_ore(0);
  r.medical_field = "101";
  return r;
}

TEST_F(ContentHashes, ARecordWithoutTheNewColumnsHashesAsBefore) {
  OldHash old;
  old.text("191212121212").text("19").null().text("inpatient").text("Kirurgi");
  old.text("2023-03-01").text("2023-03-15").text("2023-03-15").integer(2).text("E03N");
  old.integer(4567850).null().integer(0).integer(0).text("101").null();
  const int64_t before = old.h.value();
  EXPECT_EQ(before, 3302534106161226932);  // and as a constant: ContentHash may not change either
  EXPECT_EQ(stored_hash(record_table(), plain_record()), before);
  Record classified = plain_record();
  classified.care_level = 2;
  EXPECT_NE(stored_hash(record_table(), classified), before);
  // A value in one new column is not the same value in another.
  Record typed = plain_record();
  typed.agreement_type = 2;
  EXPECT_NE(stored_hash(record_table(), typed), stored_hash(record_table(), classified));
}

TEST_F(ContentHashes, APriceWithoutAtCostHashesAsBefore) {
  PriceRow p{"USO", 2023, "B05AA", "Albumin", Money::from_ore(123450)};
  OldHash old;
  old.text("Albumin").integer(123450);
  EXPECT_EQ(stored_hash(price_table(), p), old.h.value());
  p.at_cost = true;
  EXPECT_NE(stored_hash(price_table(), p), old.h.value());
}

TEST_F(ContentHashes, AnItemSetWithoutCostsHashesAsBefore) {
  std::vector<ItemLine> lines = {{"B05AA", 3}, {"IMPL7", -1}};
  ContentHash old;
  old.add("B05AA").add(int64_t{3}).add("IMPL7").add(int64_t{-1});
  EXPECT_EQ(item_set_hash(lines), old.value());
  lines[1].cost = Money::from_ore(-100);
  const int64_t with_cost = item_set_hash(lines);
  EXPECT_NE(with_cost, old.value());
  lines[1].cost_ref = "Batch 1";
  EXPECT_NE(item_set_hash(lines), with_cost);
  // Where a cost stands counts.
  EXPECT_NE(item_set_hash({{"A", 1, Money::from_ore(5)}, {"B", 1}}),
            item_set_hash({{"A", 1}, {"B", 1, Money::from_ore(5)}}));
}

TEST_F(ContentHashes, AnAgreementWithoutTheNewTermsHashesAsBefore) {
  Agreement a;
  a.id = "A-1";
  a.name = "Avtal";
  a.seller = "USO";
  a.year = 2023;
  a.buyers = {"19", "20"};
  a.price_list = 2;
  a.point_price = Money::from_ore(6000000);
  a.weights_year = 2023;
  a.outliers = OutlierMethod::kpp;
  a.base_years = {2021, 2022};
  a.subscription_share = 5000;
  OldHash old;
  old.text("Avtal").text("USO").integer(2023).text("19,20").integer(2).integer(6000000);
  old.integer(2023).text("kpp").integer(10000).integer(5000).text("2021,2022").text("").text("");
  EXPECT_EQ(stored_hash(agreement_table(), a), old.h.value());
  a.agreement_type = 1;
  EXPECT_NE(stored_hash(agreement_table(), a), old.h.value());
}

}  // namespace
}  // namespace vardavtal
