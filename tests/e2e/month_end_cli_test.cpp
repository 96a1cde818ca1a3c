// End-to-end: `close`, `status` and `sie` through the real binary on the
// billing fixture (tests/e2e/billing_fixture.h), with a reader of the SIE file
// written here from the standard (not the product's writer) that checks every
// verification balances and that the sum per account equals the ledger.
#include <gtest/gtest.h>
#include <iconv.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;
using vardavtal::testing::write;

// A verification read back: its #VER fields and its transactions' account and
// amount in öre (parsed from "-123.45" without floating point).
struct ReadVer {
  std::vector<std::string> head;  // series, number, date, text
  std::vector<std::pair<std::string, long long>> trans;
  std::vector<std::string> objects;  // each transaction's object list, as written
};
struct ReadSie {
  std::vector<std::vector<std::string>> records;  // every # line outside verifications
  std::vector<ReadVer> vers;
};

std::string cp437_to_utf8(const std::string& in) {
  iconv_t cd = iconv_open("UTF-8", "CP437");
  std::string out(in.size() * 4, '\0');
  std::string copy = in;
  char* src = copy.data();
  char* dst = out.data();
  size_t left = copy.size(), room = out.size();
  iconv(cd, &src, &left, &dst, &room);
  iconv_close(cd);
  out.resize(out.size() - room);
  return out;
}

// Fields of an SIE line: words, "quoted text" (\" inside), {object lists}.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
    } else if (line[i] == '"') {
      std::string f;
      for (++i; i < line.size() && line[i] != '"'; ++i) f += line[i] == '\\' ? line[++i] : line[i];
      out.push_back(f);
      ++i;
    } else if (line[i] == '{' && line.find('}', i) != std::string::npos) {
      const size_t end = line.find('}', i);
      out.push_back(line.substr(i, end - i + 1));
      i = end + 1;
    } else {
      const size_t end = line.find_first_of(" \t", i);
      out.push_back(line.substr(i, end == std::string::npos ? std::string::npos : end - i));
      i = end == std::string::npos ? line.size() : end;
    }
  }
  return out;
}

long long ore(const std::string& amount) {
  const bool neg = amount[0] == '-';
  const std::string digits = amount.substr(neg ? 1 : 0);
  const size_t dot = digits.find('.');
  EXPECT_EQ(digits.size() - dot, 3u) << "two decimals: " << amount;
  const long long v = std::stoll(digits.substr(0, dot)) * 100 + std::stoll(digits.substr(dot + 1));
  return neg ? -v : v;
}

ReadSie read_sie(const fs::path& path, std::string* raw = nullptr) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (raw) *raw = bytes.str();
  std::istringstream text(cp437_to_utf8(bytes.str()));
  ReadSie sie;
  ReadVer* open = nullptr;
  bool inside = false;
  for (std::string line; std::getline(text, line);) {
    EXPECT_TRUE(!line.empty() && line.back() == '\r') << "CR LF: " << line;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f = fields(line);
    if (f.empty()) continue;
    if (f[0] == "{") {
      inside = true;
    } else if (f[0] == "}") {
      inside = false;
      open = nullptr;
    } else if (inside && f[0] == "#TRANS") {
      open->trans.emplace_back(f.at(1), ore(f.at(3)));
      open->objects.push_back(f.at(2));
    } else if (f[0] == "#VER") {
      sie.vers.push_back({{f.begin() + 1, f.end()}, {}, {}});
      open = &sie.vers.back();
    } else {
      sie.records.push_back(f);
    }
  }
  return sie;
}

std::map<std::string, long long> sums_per_account(const ReadSie& sie) {
  std::map<std::string, long long> out;
  for (const ReadVer& v : sie.vers)
    for (const auto& [account, amount] : v.trans) out[account] += amount;
  return out;
}

const char* kAccounts =
    "series = \"F\"\n[receivable]\naccount = \"1510\"\nname = \"Kundfordringar\"\n"
    "[revenue.care]\naccount = \"3611\"\nname = \"Såld vård\"\n"
    "[revenue.items]\naccount = \"3612\"\n[revenue.subscription]\naccount = \"3613\"\n"
    "[dimension]\nnumber = 8\nname = \"Kund\"\n[objects]\n\"20\" = \"K20\"\n";

class MonthEndCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("month-end-cli");
    vardavtal::testing::write_billing_catalogue(dir_);
    write(dir_ / "records.csv", vardavtal::testing::billing_records());
    write(dir_ / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\n");
    write(dir_ / "accounts.toml", kAccounts);
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
    int status = 0;
    run(bin_ + "bill --through 2021-03", &status);
    ASSERT_EQ(status, 0);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string sie(const std::string& period, const std::string& out, int* status,
                  const std::string& extra = "") {
    return run(bin_ + "sie --seller AS --period " + period + " --accounts " +
                   (dir_ / "accounts.toml").string() + " --out " + (dir_ / out).string() + extra,
               status);
  }
  // Σ of the invoices' totals of AS in [from, to], credit notes negative (öre).
  long long ledger_receivable(const std::string& from, const std::string& to) {
    long long sum = 0;
    const boost::json::value list = boost::json::parse(run(bin_ + "invoices --format json"));
    for (const auto& v : list.as_array()) {
      const auto& i = v.as_object();
      const std::string period(i.at("period").as_string());
      if (period < from || period > to) continue;
      const long long t = ore(std::string(i.at("total").as_string()));
      sum += i.at("type").as_string() == "credit" ? -t : t;
    }
    return sum;
  }
  fs::path dir_;
  std::string bin_;
};

TEST_F(MonthEndCli, CloseNeedsABilledMonthAndStatusShowsIt) {
  int status = 0;
  std::string out = run(bin_ + "close --seller AS --period 2021-04", &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("vardavtal: AS: 2021-04 är inte fakturerad (fakturerad till och med 2021-03); "
                     "kör först bill --through 2021-04"),
            std::string::npos)
      << out;
  out = run(bin_ + "close --seller AS --period 2021-03", &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("AS 2021-03: stängd\n"), std::string::npos) << out;
  // 04: 15 308.50 + 1 041.87; 20: 50 000.00 + 4 165.00.
  EXPECT_NE(out.find("4 fakturor, 0 kreditfakturor, netto 70 515,37 kr"), std::string::npos) << out;
  out = run(bin_ + "close --seller AS --period 2021-03", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(out.find("stängd sedan "), std::string::npos) << out;

  const auto rows = boost::json::parse(run(bin_ + "status --seller AS --format json")).as_array();
  // 2020-02 (the first invoice) through 2021-03: 14 months, the empty ones too.
  ASSERT_EQ(rows.size(), 14u);
  EXPECT_EQ(rows[0].at("period").as_string(), "2020-02");
  EXPECT_EQ(rows[1].at("period").as_string(), "2020-03");
  EXPECT_EQ(rows[1].at("invoices").as_int64(), 0);
  EXPECT_TRUE(rows[1].at("billed").as_bool());
  const auto& march = rows[13].as_object();
  EXPECT_EQ(march.at("period").as_string(), "2021-03");
  EXPECT_EQ(march.at("invoices").as_int64(), 4);
  EXPECT_EQ(march.at("care_invoices").as_int64(), 2);
  EXPECT_EQ(march.at("net").as_string(), "70515.37");
  EXPECT_FALSE(march.at("closed_at").is_null());
  EXPECT_TRUE(rows[12].at("closed_at").is_null());
  EXPECT_TRUE(march.at("sie_export").is_null());
  // The close is in the audit trail, and the chain still verifies.
  EXPECT_NE(run(bin_ + "audit").find("closed AS 2021-03"), std::string::npos);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(MonthEndCli, SieBooksClosedMonthsBalancedAndEqualToTheLedger) {
  int status = 0;
  std::string out = sie("2021-01..2021-03", "a.si", &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(
      out.find("AS: månaderna 2021-01, 2021-02, 2021-03 är inte stängda; stäng varje månad efter "
               "granskning (vardavtal close) före bokföringen, eller --force"),
      std::string::npos)
      << out;
  EXPECT_FALSE(fs::exists(dir_ / "a.si"));
  for (const char* m : {"2021-01", "2021-02", "2021-03"})
    run(bin_ + "close --seller AS --period " + m);
  out = sie("2021-01..2021-03", "a.si", &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("SIE-fil 1: "), std::string::npos) << out;
  EXPECT_NE(out.find("8 verifikationer (fakturor 0300000003-0300000010)"), std::string::npos)
      << out;

  std::string raw;
  const ReadSie sie_file = read_sie(dir_ / "a.si", &raw);
  // Code page 437: "Såld" has å as 0x86, never UTF-8's C3 A5.
  EXPECT_NE(raw.find("S\x86ld v\x86rd"), std::string::npos);
  EXPECT_EQ(raw.find("\xC3"), std::string::npos);
  ASSERT_FALSE(sie_file.records.empty());
  EXPECT_EQ(sie_file.records[0], (std::vector<std::string>{"#FLAGGA", "0"}));
  auto has = [&](std::vector<std::string> r) {
    return std::find(sie_file.records.begin(), sie_file.records.end(), r) != sie_file.records.end();
  };
  EXPECT_TRUE(has({"#FORMAT", "PC8"}));
  EXPECT_TRUE(has({"#SIETYP", "4"}));
  EXPECT_TRUE(has({"#ORGNR", "232100-0024"}));
  EXPECT_TRUE(has({"#RAR", "0", "20210101", "20211231"}));
  EXPECT_TRUE(has({"#DIM", "8", "Kund"}));
  EXPECT_TRUE(has({"#KONTO", "3611", "Såld vård"}));
  EXPECT_TRUE(has({"#OBJEKT", "8", "K20", "Region Dalarna"}));

  // One verification per invoice, numbered as the invoice, each balanced.
  ASSERT_EQ(sie_file.vers.size(), 8u);
  for (size_t k = 0; k < 8; ++k) {
    char number[16];
    std::snprintf(number, sizeof number, "03%08zu", k + 3);
    EXPECT_EQ(sie_file.vers[k].head.at(1), number);
    long long balance = 0;
    for (const auto& t : sie_file.vers[k].trans) balance += t.second;
    EXPECT_EQ(balance, 0) << number;
  }
  // 0300000008: R1 to Dalarna (20, object K20), 50 000.00, all care.
  EXPECT_EQ(sie_file.vers[5].head.at(2), "20210401");
  EXPECT_EQ(sie_file.vers[5].objects[0], "{8 \"K20\"}");
  EXPECT_EQ(sie_file.vers[5].trans, (std::vector<std::pair<std::string, long long>>{
                                        {"1510", 5000000}, {"3611", -5000000}}));
  // Per account, by hand: receivable = subscriptions 3 × (1 041.87 + 4 165.00)
  // + R3 15 308.50 + R1 50 000.00 = 80 929.11; items X1 2 × 1 500.50; care the rest.
  const auto sums = sums_per_account(sie_file);
  EXPECT_EQ(sums.at("1510"), 8092911);
  EXPECT_EQ(sums.at("3612"), -300100);
  EXPECT_EQ(sums.at("3613"), -1562061);
  EXPECT_EQ(sums.at("3611"), -(8092911 - 300100 - 1562061));
  // ... and the receivable equals the ledger's invoices of those months.
  EXPECT_EQ(sums.at("1510"), ledger_receivable("2021-01", "2021-03"));

  // Exported again: the same bytes, and a warning that it is booked already.
  out = sie("2021-01..2021-03", "b.si", &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("obs: 2021-02 fanns redan i en tidigare SIE-fil"), std::string::npos) << out;
  std::string again;
  read_sie(dir_ / "b.si", &again);
  EXPECT_EQ(again, raw);
  const auto rows = boost::json::parse(run(bin_ + "status --seller AS --format json")).as_array();
  EXPECT_EQ(rows.back().at("sie_export").as_int64(), 2);
  EXPECT_NE(run(bin_ + "audit").find("SIE 4i of AS 2021-01..2021-03: 8 verifications"),
            std::string::npos);
}

TEST_F(MonthEndCli, SieBooksCreditNotesTheOtherWayRoundAndForceTakesAnOpenMonth) {
  // R1 moves from 20 to 21: 2021-04 credits 0300000008 and invoices 21 anew.
  write(
      dir_ / "fix.csv",
      vardavtal::testing::records_header() +
          "R1,AS,191212121212,21,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2180\n");
  run(bin_ + "import records " + (dir_ / "fix.csv").string());
  int status = 0;
  run(bin_ + "bill --through 2021-04", &status);
  ASSERT_EQ(status, 0);
  std::string out = sie("2021-04", "april.si", &status, " --force");
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("obs: 2021-04 är inte stängd (--force)"), std::string::npos) << out;
  const ReadSie april = read_sie(dir_ / "april.si");
  const ReadVer* credit = nullptr;
  for (const ReadVer& v : april.vers)
    if (v.head.at(3).rfind("Kreditfaktura", 0) == 0) credit = &v;
  ASSERT_NE(credit, nullptr);
  EXPECT_NE(credit->head.at(3).find("avser 0300000008"), std::string::npos) << credit->head.at(3);
  EXPECT_EQ(credit->objects[0], "{8 \"K20\"}");
  EXPECT_EQ(credit->trans, (std::vector<std::pair<std::string, long long>>{{"1510", -5000000},
                                                                           {"3611", 5000000}}));
  const auto sums = sums_per_account(april);
  EXPECT_EQ(sums.at("1510"), ledger_receivable("2021-04", "2021-04"));
  long long revenue = 0;
  for (const auto& [account, sum] : sums)
    if (account != "1510") revenue += sum;
  EXPECT_EQ(revenue, -sums.at("1510"));
  const auto rows = boost::json::parse(run(bin_ + "status --seller AS --format json")).as_array();
  EXPECT_TRUE(rows.back().at("closed_at").is_null());
  EXPECT_EQ(rows.back().at("sie_export").as_int64(), 1);
}

}  // namespace

namespace {

// Production plans (issue 17 item 3; docs/followup.md#plan), by hand: AS has
// billed 3 months of 2021, so the forecast is 4 × delivered. Dalarna (20),
// clinic K: planned 2 contacts and 3 points; R1 delivered 1 contact of 2
// points: forecast 4 and 8, deviation +2 (100 %) and +5 (166.67 %).
// Gävleborg (21), clinic X: planned 5 and 2, nothing delivered: −5 and −2
// (−100 %). Sörmland (04), K: no plan, R3 delivered 1 contact of 0.5003
// points: listed with its forecast, no deviation, and left out of the total's
// deviation: (4 + 0) − 7 = −3 contacts (−42.86 %), (8 + 0) − 5 = 3 points (60 %).
TEST_F(MonthEndCli, ThePlanTableComparesTheRunRateForecastWithThePlan) {
  write(dir_ / "plans.csv",
        "seller,buyer,year,clinic,planned_contacts,planned_points\n"
        "AS,20,2021,K,2,3\nAS,21,2021,X,5,2\n");
  int status = 0;
  std::string out = run(bin_ + "followup plan --seller AS --year 2021", &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("vardavtal: ingen produktionsplan för AS 2021 (importera plans)"),
            std::string::npos)
      << out;
  run(bin_ + "import plans " + (dir_ / "plans.csv").string());
  EXPECT_EQ(run(bin_ + "followup plan --seller AS --year 2021 --format csv"),
            "region,clinic,planned_contacts,delivered_contacts,forecast_contacts,"
            "deviation_contacts,deviation_contacts_pct,planned_points,delivered_points,"
            "forecast_points,deviation_points,deviation_points_pct,region_code\n"
            "Dalarna,K,2,1,4,2,100.00,3,2,8,5,166.67,20\n"
            "Gävleborg,X,5,0,0,-5,-100.00,2,0,0,-2,-100.00,21\n"
            "Sörmland,K,,1,4,,,,0.5003,2.0012,,,04\n"
            "total,,7,2,8,-3,-42.86,5,2.5003,10.0012,3,60.00,\n");
  const std::string table = run(bin_ + "followup plan --seller AS --year 2021");
  EXPECT_NE(table.find("(3 av 12 månader fakturerade)"), std::string::npos) << table;
  // A changed plan is a new version; the table reads the latest.
  write(dir_ / "plans.csv",
        "seller,buyer,year,clinic,planned_contacts,planned_points\nAS,20,2021,K,4,8\n"
        "AS,21,2021,X,5,2\n");
  EXPECT_NE(run(bin_ + "import plans " + (dir_ / "plans.csv").string())
                .find("0 nya, 1 ändrad, 1 oförändrad"),
            std::string::npos);
  EXPECT_NE(run(bin_ + "followup plan --seller AS --year 2021 --format csv")
                .find("Dalarna,K,4,1,4,0,0.00,8,2,8,0,0.00,20\n"),
            std::string::npos);
  // The workbook of the year has the plan's sheet.
  run(bin_ + "followup all --seller AS --year 2021 --out " + (dir_ / "f.xlsx").string(), &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(run("python3 -c \"import zipfile,sys; sys.stdout.write(zipfile.ZipFile('" +
                (dir_ / "f.xlsx").string() + "').read('xl/workbook.xml').decode())\"")
                .find("Produktionsplan"),
            std::string::npos);
}

}  // namespace
