// libFuzzer harness: `vardavtal check-spec FILE`, the schema and ÖR-rule
// check of any sender's fakturaunderlag, on the document in memory with a
// fixed "today". It never throws for bad input: any exception, crash, leak or
// undefined behaviour is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "billing/documents/spec_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vardavtal;
  static const Date today{date::year{2026}, date::December, date::day{1}};
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const auto violations = check_spec_text(xml, today);
  for (const auto& v : violations)
    if (v.rule.empty()) __builtin_trap();
  return 0;
}
