// Findings of the fuzzers (fuzz/, docs/fuzzing.md) kept as regressions: the
// input that found each is read again from fuzz/corpus/ and must get a clean
// answer.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "billing/documents/spec_check.h"
#include "billing/server/api.h"
#include "store/store.h"
#include "store/token_store.h"

namespace vardavtal {
namespace {

const Date kToday{date::year{2026}, date::December, date::day{1}};

std::string source_file(const std::string& name) {
  std::ifstream in(std::string(VARDAVTAL_SOURCE_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// check_spec_fuzz, on its first seed: ÖR43 trimmed each lineId into a view
// of a temporary string already destroyed (AddressSanitizer:
// stack-use-after-scope), so that what it compared and reported was
// whatever the stack held. Every valid document with a lineId found it.
TEST(FuzzRegression, SpecCheckLineIdsOfAValidDocument) {
  const std::string xml = source_file("fuzz/corpus/check_spec_fuzz/0300000007.fakturaunderlag.xml");
  EXPECT_TRUE(check_spec_text(xml, kToday).empty());
}

TEST(FuzzRegression, SpecCheckNamesTheTrimmedLineIds) {
  std::string xml = source_file("fuzz/corpus/check_spec_fuzz/0300000007.fakturaunderlag.xml");
  // The document's one line twice, its lineIds padded with XML white space,
  // a sign and zeros, so that the trimmed texts are views: both are 1.
  const std::string open = "<healthCareServicesSpecificationLine>";
  const std::string close = "</healthCareServicesSpecificationLine>";
  const size_t from = xml.find(open), to = xml.find(close);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  std::string line = xml.substr(from, to + close.size() - from);
  const std::string id = "<lineId>1</lineId>";
  ASSERT_NE(line.find(id), std::string::npos);
  std::string second = line;
  second.replace(second.find(id), id.size(), "<lineId>\n+0001\t</lineId>");
  line.replace(line.find(id), id.size(), "<lineId> 0000000000000000000001 </lineId>");
  xml.replace(from, to + close.size() - from, line + "\n" + second);
  int found = 0;
  for (const SpecViolation& v : check_spec_text(xml, kToday))
    if (v.rule == "ÖR43") {
      ++found;
      EXPECT_NE(v.message.find("lineId 1 is not unique"), std::string::npos) << v.message;
    }
  EXPECT_EQ(found, 1);
}

// http_request_fuzz: GET /api/bill/dry-run?through=2836-12 kept a database
// thread planning some 9 800 empty months (35 s under the sanitizers). A
// month more than a year ahead is now a 400, before any planning.
TEST(FuzzRegression, DryRunFarAheadIsRefused) {
  Store store(":memory:");
  store.migrate();
  const std::string token = create_token(store, Principal{"fuzz", Role::admin, "", ""});
  std::string raw = source_file("fuzz/corpus/http_request_fuzz/slow-dry-run-far-future.http");
  const std::string target = raw.substr(4, raw.find(' ', 4) - 4);
  ASSERT_EQ(target, "/api/bill/dry-run?through=2836-12&seller=NUS");
  ApiRequest request{"GET", target, "Bearer " + token, ""};
  ApiResponse response = handle_api(store, request);
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_NE(response.body.find("more than a year from today"), std::string::npos) << response.body;

  request.target = "/api/bill/dry-run?through=9999-12";
  response = handle_api(store, request);
  EXPECT_EQ(response.status, 400) << response.body;
}

}  // namespace
}  // namespace vardavtal
