// End-to-end: the real binary, as a user runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Result {
  int status;
  std::string out;  // stdout and stderr
};

Result run(const std::string& args, const std::string& env = "") {
  std::string cmd = env + " " + VARDAVTAL_BINARY + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    // Unique per process and test: suites of two checkouts may run at once.
    dir_ = fs::path(::testing::TempDir()) /
           ("cli-" + std::to_string(getpid()) + "-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  Result vt(const std::string& args) { return run("--db " + db_ + " " + args); }
  fs::path dir_;
  std::string db_;
};

// `summary` rows keyed "kind seller year detail" -> "rows|versions".
std::map<std::string, std::string> parse_summary(const std::string& out) {
  std::map<std::string, std::string> found;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream w(line);
    std::string kind, seller, year, detail;
    w >> kind >> seller >> year >> detail;
    if (kind != "records") continue;
    // the rest: rows and versions, each possibly with space thousands separators
    std::string rest;
    std::getline(w, rest);
    auto first = rest.find_first_not_of(' ');
    auto gap = rest.find("  ", first);
    auto second = rest.find_first_not_of(' ', gap);
    found[seller + " " + year + " " + detail] =
        rest.substr(first, gap - first) + "|" + rest.substr(second);
  }
  return found;
}

const char* kRecordsHeader =
    "record_id,seller,patient_id,county,municipality,care_type,clinic,admission_date,"
    "discharge_date,leave_days,drg,kpp_cost,referral_id,emergency,patient_fee\n";

TEST_F(Cli, HelpOnEveryCommand) {
  for (const char* c :
       {"--help", "init --help", "import --help", "generate --help", "summary --help",
        "price --help", "subscription --help", "explain --help", "settle --help", "help"}) {
    Result r = vt(c);
    EXPECT_EQ(r.status, 0) << c;
    EXPECT_NE(r.out.find("usage: vardavtal"), std::string::npos) << c;
  }
  EXPECT_FALSE(fs::exists(db_)) << "--help must not create a database";
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(vt("frobnicate").status, 2);
  EXPECT_EQ(vt("import records").status, 2);
  EXPECT_EQ(vt("import nonsense x.csv").status, 2);
  EXPECT_EQ(vt("import --encoding latin9 records x.csv").status, 2);
  EXPECT_EQ(vt("generate").status, 2);
  EXPECT_EQ(vt("generate --out x --scale zero").status, 2);
  EXPECT_EQ(vt("price --format xml").status, 2);
  EXPECT_EQ(vt("price --year 20x1").status, 2);
  EXPECT_EQ(vt("subscription --seller AS").status, 2);
  EXPECT_EQ(vt("explain --record R1").status, 2);
}

// People read the CLI's errors in Swedish (docs/decisions.md, "Swedish for
// people, English for programs"); what they type (commands, options) is
// quoted as typed.
TEST_F(Cli, ErrorsForPeopleAreSwedish) {
  Result command = vt("frobnicate");
  EXPECT_EQ(command.status, 2);
  EXPECT_EQ(command.out, "vardavtal: okänt kommando 'frobnicate'\n(kör 'vardavtal --help')\n");
  Result option = vt("summary --frobnicate");
  EXPECT_EQ(option.status, 2);
  EXPECT_EQ(option.out, "vardavtal: okänd flagga --frobnicate\n(kör 'vardavtal --help')\n");
  Result value = vt("price --year 20x1");
  EXPECT_EQ(value.status, 2);
  EXPECT_NE(value.out.find("vardavtal: --year ska vara ett heltal från "), std::string::npos)
      << value.out;
  Result missing = vt("summary");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.out, "vardavtal: ingen databas i " + db_ + ": kör 'vardavtal init'\n");
  ASSERT_EQ(vt("init").status, 0);
  Result seller = vt("invoices --seller XX");
  EXPECT_EQ(seller.status, 2);
  EXPECT_NE(seller.out.find("vardavtal: okänd säljare 'XX'; säljare: "), std::string::npos)
      << seller.out;
  Result records = vt("price --seller AS --year 2021");
  EXPECT_NE(
      records.out.find("vardavtal: inga vårdkontakter för AS 2021; år med vårdkontakter: inga"),
      std::string::npos)
      << records.out;
  Result close = vt("close --seller AS --period 2021-03");
  EXPECT_EQ(close.status, 1);
  EXPECT_EQ(close.out,
            "vardavtal: AS: 2021-03 är inte fakturerad (inget fakturerat); kör först bill "
            "--through 2021-03\n");
  Result file = vt("import records " + (dir_ / "none.csv").string());
  EXPECT_EQ(file.status, 1);
  EXPECT_NE(file.out.find((dir_ / "none.csv").string() +
                          ":0:0: förväntade en läsbar fil, fann 'filen finns inte'"),
            std::string::npos)
      << file.out;
  for (const Result& r : {command, option, value, missing, seller, records, close, file})
    EXPECT_EQ(r.out.find("internt fel"), std::string::npos) << r.out;
}

TEST_F(Cli, InitIsSafeToRepeatAndImportNeedsIt) {
  Result before = vt("import records " + write("r.csv", kRecordsHeader));
  EXPECT_EQ(before.status, 1);
  EXPECT_NE(before.out.find("vardavtal init"), std::string::npos) << before.out;
  Result first = vt("init");
  EXPECT_EQ(first.status, 0) << first.out;
  EXPECT_NE(first.out.find("applied 001_import_tables"), std::string::npos) << first.out;
  Result again = vt("init");
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("schema up to date"), std::string::npos) << again.out;
  Result summary = vt("summary");
  EXPECT_EQ(summary.status, 0);
  EXPECT_NE(summary.out.find("Mellansverige"), std::string::npos) << summary.out;
  EXPECT_NE(summary.out.find("Akademiska sjukhuset"), std::string::npos) << summary.out;
}

TEST_F(Cli, ImportCountsNewChangedUnchanged) {
  ASSERT_EQ(vt("init").status, 0);
  std::string good = std::string(kRecordsHeader) +
                     "A1,AS,191212121212,20,2080,inpatient,Thorax,2021-03-01,2021-03-05,0,E03N,"
                     "250000.00,R1,0,\n"
                     "A2,AS,191212121212,20,,doctor_visit,Thorax,2021-04-01,,,,1200.50,R2,0,200\n";
  Result r1 = vt("import records " + write("r.csv", good));
  EXPECT_EQ(r1.status, 0) << r1.out;
  EXPECT_NE(r1.out.find("2 nya, 0 ändrade, 0 oförändrade"), std::string::npos) << r1.out;
  Result r2 = vt("import records " + write("r.csv", good));
  EXPECT_NE(r2.out.find("0 nya, 0 ändrade, 2 oförändrade"), std::string::npos) << r2.out;
  std::string changed = good;
  changed.replace(changed.find("250000.00"), 9, "260000.00");
  Result r3 = vt("import records " + write("r2.csv", changed));
  EXPECT_NE(r3.out.find("0 nya, 1 ändrad, 1 oförändrad"), std::string::npos) << r3.out;
  Result s = vt("summary");
  auto rows = parse_summary(s.out);
  EXPECT_EQ(rows["AS 2021 inpatient"], "1|2") << s.out;  // one record, two versions
  EXPECT_EQ(rows["AS 2021 doctor_visit"], "1|1") << s.out;
}

TEST_F(Cli, BadFileIsRejectedWholeWithFileLineColumn) {
  ASSERT_EQ(vt("init").status, 0);
  std::string bad =
      std::string(kRecordsHeader) +
      "A1,AS,191212121212,20,2080,inpatient,Thorax,2021-03-01,2021-03-05,0,E03N,,,0,\n"
      "A2,AS,191212121212,20,2080,inpatient,Thorax,2021-02-30,2021-03-05,0,E03N,,,0,\n";
  std::string path = write("bad.csv", bad);
  Result r = vt("import records " + path);
  EXPECT_EQ(r.status, 1);
  // People read the report in Swedish: file:line:column, the column, what
  // was expected and what was found.
  EXPECT_NE(
      r.out.find(path + ":3:45: kolumn 'admission_date': förväntade ett ISO-datum ÅÅÅÅ-MM-DD, "
                        "fann '2021-02-30'"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(path + ": avvisad, inget importerat (1 fel):"), std::string::npos) << r.out;
  Result s = vt("summary");
  EXPECT_EQ(s.out.find("records "), std::string::npos) << "nothing of the file may be stored\n"
                                                       << s.out;
}

// A Windows-1252 export (as Excel writes it on Swedish Windows) is detected;
// forcing UTF-8 rejects it with the byte's position.
TEST_F(Cli, Cp1252FileDetectedAndForcedUtf8Rejected) {
  ASSERT_EQ(vt("init").status, 0);
  std::string row =
      "A1;AS;191212121212;19;1980;doctor_visit;\xD6ron-n\xE4sa-hals;2021-03-01;;;;"
      "1234,50;R1;0;\r\n";
  std::string header = kRecordsHeader;
  for (char& c : header)
    if (c == ',') c = ';';
  std::string path = write("cp1252.csv", header + row);
  Result forced = vt("import --encoding utf-8 records " + path);
  EXPECT_EQ(forced.status, 1);
  EXPECT_NE(forced.out.find(path + ":2:"), std::string::npos) << forced.out;
  EXPECT_NE(forced.out.find("förväntade UTF-8-text, fann byte 0xD6"), std::string::npos)
      << forced.out;
  Result detected = vt("import records " + path);
  EXPECT_EQ(detected.status, 0) << detected.out;
  EXPECT_NE(detected.out.find("1 ny,"), std::string::npos) << detected.out;
  // Stored as UTF-8, with the decimal comma read exactly.
  std::string check = "sqlite3 '" + db_ + "' \"SELECT clinic || '|' || kpp_cost FROM records\"";
  FILE* p = popen(check.c_str(), "r");
  char buf[256] = {};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  EXPECT_EQ(std::string(buf, n), "\xC3\x96ron-n\xC3\xA4sa-hals|123450\n");
}

TEST_F(Cli, DatabaseFromEnvironment) {
  std::string env_db = (dir_ / "env.db").string();
  Result r = run("init", "VARDAVTAL_DB=" + env_db);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(env_db));
  // --db wins over the environment.
  std::string flag_db = (dir_ / "flag.db").string();
  EXPECT_EQ(run("--db " + flag_db + " init", "VARDAVTAL_DB=" + env_db).status, 0);
  EXPECT_TRUE(fs::exists(flag_db));
}

// The demo: generate at scale 1, import all of it, and the contact counts per
// seller, care type and year equal seed 003's table.
TEST_F(Cli, DemoImportReproducesSeedContactCounts) {
  std::string data = (dir_ / "data").string();
  Result g = vt("generate --out " + data);
  ASSERT_EQ(g.status, 0) << g.out;
  ASSERT_EQ(vt("init").status, 0);
  Result imp = vt("import --quiet all " + data);
  ASSERT_EQ(imp.status, 0) << imp.out;
  EXPECT_NE(imp.out.find("records: "), std::string::npos) << imp.out;
  Result again = vt("import --quiet all " + data);
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_EQ(again.out.find(" 0 oförändrade"), std::string::npos)
      << "re-import must leave everything unchanged:\n"
      << again.out;
  EXPECT_NE(again.out.find("records: 0 nya, 0 ändrade,"), std::string::npos) << again.out;

  Result s = vt("summary");
  ASSERT_EQ(s.status, 0);
  std::map<std::string, std::string> expected = {
      {"AS 2021 inpatient", "8 590"},  {"AS 2021 doctor_visit", "24 196"},
      {"AS 2021 day_care", "9 634"},   {"AS 2021 other_visit", "7 409"},
      {"AS 2020 inpatient", "8 066"},  {"AS 2020 doctor_visit", "23 710"},
      {"AS 2020 day_care", "9 218"},   {"AS 2020 other_visit", "6 914"},
      {"USO 2021 inpatient", "3 129"}, {"USO 2021 doctor_visit", "9 783"},
      {"USO 2021 day_care", "2 043"},  {"USO 2021 other_visit", "4 442"},
      {"USO 2020 inpatient", "2 910"}, {"USO 2020 doctor_visit", "9 589"},
      {"USO 2020 day_care", "2 086"},  {"USO 2020 other_visit", "4 211"}};
  auto found = parse_summary(s.out);
  for (const auto& [key, count] : expected)
    EXPECT_EQ(found[key], count + "|" + count) << key << "\n" << s.out;

  // Billed, the follow-up contacts table equals seed 003's (both sellers, 2021 vs 2020).
  ASSERT_EQ(vt("bill --through 2021-12").status, 0);
  Result as = vt("followup contacts --seller AS --year 2021 --format csv");
  EXPECT_EQ(as.out,
            "care_type,contacts_2021,contacts_2020,diff,diff_pct\n"
            "inpatient,8590,8066,524,6.50\ndoctor_visit,24196,23710,486,2.05\n"
            "day_care,9634,9218,416,4.51\nother_visit,7409,6914,495,7.16\n"
            "total,49829,47908,1921,4.01\n");
  Result uso = vt("followup contacts --seller USO --year 2021");
  for (const char* cell : {"3 129", "2 910", "219", "8%", "9 783", "9 589", "194", "2 043", "2 086",
                           "-43", "-2%", "4 442", "4 211", "231", "19 397", "18 796", "601", "3%"})
    EXPECT_NE(uso.out.find(cell), std::string::npos) << cell << "\n" << uso.out;

  // The calibrated demo: invoiced per region within 5 % of seed 003's table
  // (tkr: 2021 / 2020 restated by LPIK 1.9 %), the totals too.
  struct Target {
    const char* seller;
    const char* region;
    int64_t tkr_2021, tkr_2020;
  };
  const Target targets[] = {
      {"AS", "Dalarna", 482258, 419079},     {"AS", "Gävleborg", 501572, 440320},
      {"AS", "Sörmland", 393656, 355467},    {"AS", "Värmland", 166887, 162916},
      {"AS", "Västmanland", 382165, 294183}, {"AS", "Örebro län", 132888, 101475},
      {"AS", "total", 2059427, 1773440},     {"USO", "Dalarna", 62641, 64622},
      {"USO", "Gävleborg", 23889, 20661},    {"USO", "Sörmland", 83587, 72917},
      {"USO", "Värmland", 225398, 194984},   {"USO", "Västmanland", 60739, 58228},
      {"USO", "Uppsala", 8578, 10482},       {"USO", "total", 464831, 421893}};
  std::map<std::string, std::pair<int64_t, int64_t>> invoiced;  // "seller region" -> öre
  for (const char* seller : {"AS", "USO"}) {
    Result t = vt(std::string("followup invoiced --seller ") + seller +
                  " --year 2021 --restate LPIK --format csv");
    ASSERT_EQ(t.status, 0) << t.out;
    std::istringstream lines(t.out);
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line,
              "region,invoiced_2021,invoiced_2020_restated,diff,diff_pct,invoiced_2020,"
              "diff_pct_as_invoiced,region_code");
    while (std::getline(lines, line)) {
      std::istringstream cells(line);
      std::string region, a, b;
      std::getline(cells, region, ',');
      std::getline(cells, a, ',');
      std::getline(cells, b, ',');
      invoiced[std::string(seller) + " " + region] = {std::stoll(a), std::stoll(b)};
    }
  }
  for (const Target& t : targets) {
    auto it = invoiced.find(std::string(t.seller) + " " + t.region);
    ASSERT_NE(it, invoiced.end()) << t.seller << " " << t.region;
    // |actual - target| <= 5 % of target, in öre (1 tkr = 100 000 öre).
    EXPECT_LE(std::llabs(it->second.first - t.tkr_2021 * 100000), t.tkr_2021 * 5000)
        << t.seller << " " << t.region << " 2021: " << it->second.first / 100000 << " tkr";
    EXPECT_LE(std::llabs(it->second.second - t.tkr_2020 * 100000), t.tkr_2020 * 5000)
        << t.seller << " " << t.region << " 2020 restated: " << it->second.second / 100000
        << " tkr";
  }

  // The purchaser's round trip on the demo: AS's March 2021 care invoice to Sörmland (04),
  // checked against the residents, referrals and agreements in the database.
  Result list = vt("invoices --seller AS --buyer 04 --period 2021-03 --format csv");
  std::string number = list.out.substr(list.out.find('\n') + 1, 10);
  std::string xml = (dir_ / "spec.xml").string();
  ASSERT_EQ(vt("invoice " + number + " --format fakturaunderlag --out " + xml).status, 0);
  Result rec = vt("reconcile --buyer 04 --spec " + xml + " --format csv");
  ASSERT_EQ(rec.status, 0) << rec.out;
  EXPECT_EQ(rec.out,
            "file,seller,invoice,spec_id,line_id,patient_id,care_contact_id,reason_code,billed,"
            "expected,disputed,counted,message,message_en\n");
  EXPECT_EQ(vt("verify").out, "OK\n");

  // Norra's NUS under its own model (billing rules §8): no record held; a
  // psychiatric stay priced by tariff; its 2021 care invoices to Norrbotten
  // pass check-spec and carry tariff and at-cost lines between them.
  Result priced = vt("price --seller NUS --format csv");
  ASSERT_EQ(priced.status, 0) << priced.out;
  std::istringstream priced_lines(priced.out);
  long long nus_records = 0;
  for (std::string line; std::getline(priced_lines, line);) {
    if (line.rfind("NUS,", 0) != 0) continue;
    ++nus_records;
    EXPECT_NE(line.find(",NRF-rv-NUS-20"), std::string::npos) << line;
    EXPECT_EQ(line.substr(line.find(",NRF-rv-NUS-20") + 16, 2), ",,") << "held: " << line;
  }
  EXPECT_EQ(nus_records, 8960);
  std::string psychiatric;
  {
    std::ifstream records(dir_ / "data" / "records.csv");
    for (std::string line; psychiatric.empty() && std::getline(records, line);)
      if (line.find(",NUS,") != std::string::npos &&
          line.find(",inpatient,Psykiatri,") != std::string::npos)
        psychiatric = line.substr(0, line.find(','));
  }
  Result explain = vt("explain --seller NUS --record " + psychiatric);
  EXPECT_EQ(explain.status, 0) << explain.out;
  EXPECT_NE(explain.out.find("Undantagen från DRG i NRF-rv-NUS-"), std::string::npos)
      << explain.out;
  EXPECT_NE(explain.out.find(" vårddygn x "), std::string::npos) << explain.out;
  Result nus_list = vt("invoices --seller NUS --buyer 25 --format csv");
  std::istringstream nus_lines(nus_list.out);
  std::string specs, spec_files;
  int nus_care = 0;
  for (std::string line; std::getline(nus_lines, line);) {
    if (line.find(",care,NUS,25,2021-") == std::string::npos) continue;
    const std::string spec = (dir_ / ("nus-" + std::to_string(++nus_care) + ".xml")).string();
    const std::string number = line.substr(0, 10);
    ASSERT_EQ(vt("invoice " + number + " --format fakturaunderlag --out " + spec).status, 0);
    spec_files += " " + spec;
    Result check = vt("check-spec " + spec);
    EXPECT_EQ(check.status, 0) << check.out;
    std::ifstream in(spec);
    specs += std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_EQ(nus_care, 12) << nus_list.out;
  for (const char* part :
       {"<patientSpecificCareCode>TAR-care_day<", "<patientSpecificCareCode>TAR-contact<",
        "<patientSpecificCareCode>AT-COST<", "<type>självkostnad</type>",
        "<extension>2321000222</extension>", "SE2321000222-NUS1"})
    EXPECT_NE(specs.find(part), std::string::npos) << part;
  // Norrbotten re-prices every line, the tariff lines by their medical field
  // (a received line has no clinic) and the at-cost lines by their stated costs.
  Result nus_rec = vt("reconcile --buyer 25 --format csv --spec" + spec_files);
  EXPECT_EQ(nus_rec.status, 0) << nus_rec.out;
  EXPECT_EQ(nus_rec.out.find("cannot"), std::string::npos) << nus_rec.out;

  // Enköping's commitment to Västmanland: 2021 falls short of 67 points.
  EXPECT_EQ(vt("followup commitment --seller ENK --year 2021 --format csv").out,
            "region,committed_points,cap_points,delivered_points,months_billed,forecast_points,"
            "expected_true_up,region_code\n"
            "Västmanland,67,69,66.04,12,66.04,2688000,19\n"
            "total,67,,66.04,12,66.04,2688000,\n");

  // The year-end true-ups of 2021: ENK's shortfall 0.96 × 56 000 × 0.5 = 26 880.00,
  // and NUS's third of each buyer's KPP cost − invoiced (e.g. 25: (64 881 911.30 −
  // 61 025 442.66) / 3 = 1 285 489.546… → 1 285 489.55).
  const std::string year_end =
      "seller,buyer,kind,kpp_cost,invoiced,share,committed_points,delivered_points,due,"
      "settled_before,amount\n";
  EXPECT_EQ(vt("settle --year 2021 --dry-run --format csv").out,
            year_end +
                "ENK,19,commitment,,,,67.0000,66.0400,26880.00,0.00,26880.00\n"
                "NUS,22,settlement,69536170.84,64841247.14,1/3,,,1564974.57,0.00,1564974.57\n"
                "NUS,23,settlement,33774471.95,31445613.25,1/3,,,776286.23,0.00,776286.23\n"
                "NUS,25,settlement,64881911.30,61025442.66,1/3,,,1285489.55,0.00,1285489.55\n");
}

// The same schema and import on PostgreSQL (scripts/postgres-up.sh provides
// the server in the test command). Uses a database of its own, made anew.
TEST_F(Cli, PostgresqlInitImportReimportSummary) {
  const char* admin_url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
  if (!admin_url || !*admin_url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
  std::string admin = admin_url;
  std::string base = admin.substr(0, admin.rfind('/'));
  ASSERT_EQ(std::system(("psql -q '" + admin +
                         "' -c 'DROP DATABASE IF EXISTS vardavtal_e2e' "
                         "-c 'CREATE DATABASE vardavtal_e2e' >/dev/null 2>&1")
                            .c_str()),
            0);
  std::string url = base + "/vardavtal_e2e";
  std::string data = (dir_ / "data").string();
  ASSERT_EQ(vt("generate --out " + data).status, 0);
  auto pg = [&](const std::string& args) { return run("--db '" + url + "' " + args); };
  auto pg_env = [&](const std::string& env, const std::string& args) {
    return run("--db '" + url + "' " + args, env);
  };
  Result init = pg("init");
  ASSERT_EQ(init.status, 0) << init.out;
  EXPECT_EQ(init.out.find("NOTICE"), std::string::npos) << init.out;
  EXPECT_EQ(pg("init").status, 0);
  Result imp = pg("import --quiet all " + data);
  ASSERT_EQ(imp.status, 0) << imp.out;
  EXPECT_NE(imp.out.find("records: 216 516 nya, 0 ändrade, 0 oförändrade"), std::string::npos)
      << imp.out;
  Result again = pg("import --quiet all " + data);
  EXPECT_NE(again.out.find("records: 0 nya, 0 ändrade, 216 516 oförändrade"), std::string::npos)
      << again.out;
  auto rows = parse_summary(pg("summary").out);
  EXPECT_EQ(rows["AS 2021 inpatient"], "8 590|8 590");
  EXPECT_EQ(rows["USO 2020 day_care"], "2 086|2 086");
  // A rejected file leaves PostgreSQL untouched too.
  Result bad = pg("import records " + write("bad.csv", std::string(kRecordsHeader) +
                                                           "Z1,AS,191212121212,20,,doctor_visit,X,"
                                                           "2021-13-01,,,,,,0,\n"));
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(parse_summary(pg("summary").out), rows);

  // Billing and the follow-up aggregates give the same on both databases.
  ASSERT_EQ(vt("init").status, 0);
  ASSERT_EQ(vt("import --quiet all " + data).status, 0);
  // 2019-01..02: PostgreSQL plans each month in parts of at most 1 000 record
  // rows (USO's 2019-01 holds about 1 700 in six counties: three parts; the
  // county ranges are read there), SQLite each whole; then 2019-03 whole on
  // both. The bill output, the invoice list, every invoice's lines and the
  // follow-up aggregates are the same.
  for (const char* through : {"2019-02", "2019-03"}) {
    const std::string bill =
        std::string("bill --through ") + through + " --seller USO --issue-date 2019-03-05";
    Result pg_bill = pg_env(
        through == std::string("2019-02") ? "VARDAVTAL_BILL_VERSIONS_PER_PART=1000" : "", bill);
    ASSERT_EQ(pg_bill.status, 0) << pg_bill.out;
    Result sqlite_bill = vt(bill);
    ASSERT_EQ(sqlite_bill.status, 0);
    EXPECT_EQ(pg_bill.out, sqlite_bill.out);
  }
  Result all = vt("invoices --seller USO --format csv");
  for (size_t at = all.out.find('\n'); at + 1 < all.out.size(); at = all.out.find('\n', at + 1)) {
    const std::string q = "invoice " + all.out.substr(at + 1, 10) + " --format csv";
    EXPECT_EQ(pg(q).out, vt(q).out) << q;
  }
  for (const char* q : {"invoices --seller USO --format csv",
                        "followup contacts --seller USO --year 2019 --format csv",
                        "followup invoiced-split --seller USO --year 2019 --format csv",
                        "followup top-drg --seller USO --year 2019 --format csv"}) {
    Result a = pg(q), b = vt(q);
    EXPECT_EQ(a.status, 0) << q << "\n" << a.out;
    EXPECT_EQ(a.out, b.out) << q;
  }
  EXPECT_EQ(pg("verify").out, "OK\n");
  // The purchaser's reads (residents, referrals, sellers by organisation number) too.
  Result list = vt("invoices --seller USO --period 2019-01 --format csv");
  const std::string number = list.out.substr(list.out.find('\n') + 1, 10);
  const std::string xml = (dir_ / "uso.xml").string();
  ASSERT_EQ(vt("invoice " + number + " --format fakturaunderlag --out " + xml).status, 0);
  for (const char* b : {"03", "04"}) {
    // 04 checks a specification addressed to 03: --force (issue 11 item 3).
    const std::string q =
        std::string("reconcile --force --format csv --buyer ") + b + " --spec " + xml;
    Result a = pg(q), c = vt(q);
    EXPECT_EQ(a.status, 0) << a.out;
    EXPECT_EQ(a.out, c.out) << q;
  }
}

}  // namespace
