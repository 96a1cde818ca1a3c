// Golden end-to-end tests, one per agreement model (billing rules §8):
// tests/e2e/models/<model>/ holds the input files (as `import all` reads
// them), commands.txt (one command per line) and transcript.txt, what the
// commands print ("$ command", its stdout and stderr, and "[exit N]" when not
// 0), compared byte for byte, on SQLite and (when VARDAVTAL_TEST_POSTGRES_URL
// is set) on PostgreSQL. The amounts in each transcript are computed by
// hand in the model's README.md. Set VARDAVTAL_UPDATE_GOLDEN=1 to rewrite the
// transcripts (then review the diff against the README).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::run;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ModelGolden : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override { dir_ = vardavtal::testing::fresh_test_dir("model-golden"); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path model() const {
    return fs::path(VARDAVTAL_SOURCE_DIR) / "tests/e2e/models" / GetParam();
  }
  // The transcript of the model's commands run with `bin` on a fresh database.
  std::string transcript(const std::string& bin) {
    EXPECT_EQ(run(bin + "init >/dev/null && " + bin + "import --quiet all " + model().string() +
                  " >/dev/null && echo ok"),
              "ok\n");
    std::istringstream commands(read_file(model() / "commands.txt"));
    std::string out, line;
    while (std::getline(commands, line)) {
      if (line.empty() || line[0] == '#') continue;
      int status = 0;
      out += "$ " + line + "\n" + run(bin + line + " 2>&1", &status);
      if (status != 0) out += "[exit " + std::to_string(status) + "]\n";
    }
    return out;
  }
  fs::path dir_;
};

TEST_P(ModelGolden, TranscriptMatches) {
  const std::string transcript = this->transcript(vardavtal::testing::binary_on(dir_));
  const fs::path golden = model() / "transcript.txt";
  if (std::getenv("VARDAVTAL_UPDATE_GOLDEN")) {
    std::ofstream(golden) << transcript;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << "missing " << golden;
  EXPECT_EQ(transcript, read_file(golden));
}

// The same commands on PostgreSQL print the same, byte for byte.
TEST_P(ModelGolden, PostgresqlTranscriptMatches) {
  const char* admin_url = std::getenv("VARDAVTAL_TEST_POSTGRES_URL");
  if (!admin_url || !*admin_url) GTEST_SKIP() << "VARDAVTAL_TEST_POSTGRES_URL not set";
  const std::string admin = admin_url, db = std::string("vardavtal_model_") + GetParam();
  ASSERT_EQ(run("psql -q '" + admin + "' -c 'DROP DATABASE IF EXISTS " + db +
                "' -c 'CREATE DATABASE " + db + "' >/dev/null 2>&1 && echo ok"),
            "ok\n");
  const std::string url = admin.substr(0, admin.rfind('/')) + "/" + db;
  const std::string transcript =
      this->transcript(std::string(VARDAVTAL_BINARY) + " --db '" + url + "' ");
  run("psql -q '" + admin + "' -c 'DROP DATABASE IF EXISTS " + db + "' >/dev/null 2>&1");
  EXPECT_EQ(transcript, read_file(model() / "transcript.txt"));
}

INSTANTIATE_TEST_SUITE_P(Models, ModelGolden, ::testing::Values("norra", "orebro", "stockholm", "commitment"));

}  // namespace
