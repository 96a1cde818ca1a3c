// libFuzzer harness: the agreement TOML reader (`vardavtal import agreement
// FILE`). The reader may reject the file with errors; any exception, crash,
// leak or undefined behaviour is a finding.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "importers/importers.h"
#include "mem_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vardavtal;
  static fuzz::MemFile file;
  static const std::set<std::string, std::less<>> regions = {"01", "03", "17", "18", "24", "25"};
  static const std::set<std::string, std::less<>> hospitals = {"AS", "USO", "NUS", "ENK", "KS"};
  static const KnownCodes known{[](std::string_view c) { return regions.count(c) > 0; },
                                [](std::string_view c) { return hospitals.count(c) > 0; }};
  file.set(data, size);
  ErrorList errors;
  const auto agreement = read_agreement(file.path(), known, errors);
  if (agreement.has_value() != errors.empty()) __builtin_trap();
  (void)errors.report();
  return 0;
}
