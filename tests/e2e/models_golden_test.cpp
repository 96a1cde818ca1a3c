// Golden end-to-end tests, one per agreement model (billing rules §8):
// tests/e2e/models/<model>/ holds the input files (as `import all` reads
// them), commands.txt (one command per line) and transcript.txt, what the
// commands print ("$ command", its stdout and stderr, and "[exit N]" when not
// 0), compared byte for byte. The amounts in each transcript are computed by
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
  fs::path dir_;
};

TEST_P(ModelGolden, TranscriptMatches) {
  const fs::path model = fs::path(VARDAVTAL_SOURCE_DIR) / "tests/e2e/models" / GetParam();
  const std::string bin = vardavtal::testing::binary_on(dir_);
  ASSERT_EQ(run(bin + "init >/dev/null && " + bin + "import --quiet all " + model.string() +
                " >/dev/null && echo ok"),
            "ok\n");
  std::istringstream commands(read_file(model / "commands.txt"));
  std::string transcript, line;
  while (std::getline(commands, line)) {
    if (line.empty() || line[0] == '#') continue;
    int status = 0;
    const std::string out = run(bin + line + " 2>&1", &status);
    transcript += "$ " + line + "\n" + out;
    if (status != 0) transcript += "[exit " + std::to_string(status) + "]\n";
  }
  const fs::path golden = model / "transcript.txt";
  if (std::getenv("VARDAVTAL_UPDATE_GOLDEN")) {
    std::ofstream(golden) << transcript;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << "missing " << golden;
  EXPECT_EQ(transcript, read_file(golden));
}

INSTANTIATE_TEST_SUITE_P(Models, ModelGolden, ::testing::Values("norra", "orebro", "stockholm", "commitment"));

}  // namespace
