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
  const std::string first = "<urn2:lineId>10</urn2:lineId>";
  const std::string second = "<urn2:lineId>20</urn2:lineId>";
  ASSERT_NE(xml.find(first), std::string::npos);
  ASSERT_NE(xml.find(second), std::string::npos);
  // Padded with XML white space and zeros, so that the trimmed text is a view.
  xml.replace(xml.find(first), first.size(), "<urn2:lineId> 0000000000000000000010 </urn2:lineId>");
  xml.replace(xml.find(second), second.size(), "<urn2:lineId>\n+010\t</urn2:lineId>");
  bool found = false;
  for (const SpecViolation& v : check_spec_text(xml, kToday))
    if (v.rule == "ÖR43") {
      found = true;
      EXPECT_NE(v.message.find("lineId 10 is not unique"), std::string::npos) << v.message;
    }
  EXPECT_TRUE(found);
}

// http_request_fuzz: GET /api/bill/dry-run?through=2836-12 kept a database
// thread planning some 9 800 empty months (35 s under the sanitizers). A
// month more than a year ahead is now a 400, before any planning.
TEST(FuzzRegression, DryRunFarAheadIsRefused) {
  Store store(":memory:");
  store.migrate();
  const std::string token = create_token(store, Principal{"fuzz", Role::admin, ""});
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
