// libFuzzer harness: the CSV reader under every CSV import kind, as
// `vardavtal import KIND FILE` reads a file (billing/app/import.cpp): the
// first input byte chooses the kind and the encoding option, the rest is the
// file. With encoding detection the file is read as UTF-8 and, when it proves
// not to be, again as Windows-1252. A reader may reject the file (errors, or
// csv::ParseError); any other exception, crash, leak or undefined behaviour is
// a finding.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "importers/csv_reader.h"
#include "importers/importers.h"
#include "mem_file.h"

namespace {

using namespace vardavtal;

constexpr int kKinds = 10;

long read_kind(int kind, const std::string& path, const ImportOptions& o, const KnownCodes& known,
               ErrorList& e) {
  // A sink that looks at every row, as the store's writer would.
  long seen = 0;
  auto sink = [&seen](const auto& batch) {
    for (const auto& r : batch) seen += r.line > 0 ? 1 : 0;
  };
  switch (kind) {
    case 0:
      return read_regions(path, o, e, sink);
    case 1:
      return read_hospitals(path, o, known, e, sink);
    case 2:
      return read_records(path, o, known, e, sink);
    case 3:
      return read_item_sets(path, o, known, e, sink);
    case 4:
      return read_weights(path, o, e, sink);
    case 5:
      return read_prices(path, o, known, e, sink);
    case 6:
      return read_tariffs(path, o, known, e, sink);
    case 7:
      return read_index(path, o, e, sink);
    case 8:
      return read_referrals(path, o, known, e, sink);
    default:
      return read_residents(path, o, known, e, sink);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static fuzz::MemFile file;
  static const std::set<std::string, std::less<>> regions = {"01", "03", "17", "18", "24", "25"};
  static const std::set<std::string, std::less<>> hospitals = {"AS", "USO", "NUS", "ENK", "KS"};
  static const KnownCodes known{[](std::string_view c) { return regions.count(c) > 0; },
                                [](std::string_view c) { return hospitals.count(c) > 0; }};

  const int kind = data[0] % kKinds;
  const int mode = (data[0] / kKinds) % 3;  // detect, utf-8, cp1252
  file.set(data + 1, size - 1);

  ImportOptions options;
  options.encoding = mode == 1   ? csv::Encoding::utf8
                     : mode == 2 ? csv::Encoding::cp1252
                                 : csv::Encoding::utf8;
  for (int attempt = 0; attempt < 2; ++attempt) {
    ErrorList errors;
    try {
      read_kind(kind, file.path(), options, known, errors);
      (void)errors.report();
      return 0;
    } catch (const csv::ParseError& e) {
      if (mode == 0 && e.invalid_utf8 && attempt == 0) {
        options.encoding = csv::Encoding::cp1252;
        continue;
      }
      return 0;
    }
  }
  return 0;
}
