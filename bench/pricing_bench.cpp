// Pricing benchmark (not a test): loads the catalogue and every latest record
// version of a database into memory, then prices them over and over on one
// thread and prints records/s per core. Usage: pricing_bench DB [SECONDS]
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "billing/text/text_table.h"
#include "pricing/price.h"
#include "store/pricing_reads.h"

using namespace vardavtal;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: pricing_bench DB [SECONDS]\n";
    return 2;
  }
  const long long want_ms = (argc > 2 ? std::atoll(argv[2]) : 3) * 1000;
  Store store(argv[1]);
  Catalogue catalogue;
  load_catalogue(store, catalogue);
  std::vector<StoredRecord> records;
  for_each_latest_record(store, {}, [&](std::span<const StoredRecord> b) {
    records.insert(records.end(), b.begin(), b.end());
  });
  if (records.empty()) {
    std::cerr << "no records\n";
    return 1;
  }
  using clock = std::chrono::steady_clock;
  long long priced = 0, held = 0, checksum = 0, ms = 0;
  const auto t0 = clock::now();
  do {
    for (const StoredRecord& s : records) {
      PricedRecord p = price_record(s.record, s.items, catalogue);
      checksum += p.gross.ore();  // keeps the work observable
      held += p.held != HeldReason::none;
    }
    priced += static_cast<long long>(records.size());
    ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - t0).count();
  } while (ms < want_ms);
  TextTable t({"records in memory", ">priced", ">seconds", ">records/s (1 core)", ">held"});
  t.add({format_thousands(static_cast<int64_t>(records.size())), format_thousands(priced),
         std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100),
         format_thousands(priced * 1000 / (ms ? ms : 1)),
         format_thousands(held * static_cast<long long>(records.size()) / priced)});
  std::cout << t.render() << "checksum " << checksum << "\n";
  return 0;
}
