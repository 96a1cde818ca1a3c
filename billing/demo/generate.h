// The deterministic demo data generator behind `vardavtal generate`: a synthetic
// Sjukvårdsregion Mellansverige 2019-2021 (sellers AS and USO, their six buyer
// regions each) whose contact counts per care type equal the 2022 follow-up
// meeting's tables (seed 003_227b0b4c3106f3b2) and whose DRG points come out
// near them; beside them Region Uppsala's county hospital ENK, and Norra's
// university hospital NUS under Norra's model (billing/demo/README.md). See
// generate_demo() for the contract.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vardavtal {

struct GenerateOptions {
  std::filesystem::path out;  // directory, created if missing; files in it are overwritten
  int scale = 1;              // every contact count times this (>= 1)
  uint64_t seed = 2022;       // randomness of the care records; the catalogue is fixed
};

struct GeneratedFile {
  std::string kind;            // "regions", "hospitals", "weights", "prices", "tariffs",
                               // "index", "agreement", "records", "items", "referrals",
                               // "residents"
  std::filesystem::path path;  // the written file
  long long rows;              // data rows (without the header); 1 for an agreement
};

// Writes into options.out: regions.csv, hospitals.csv, weights.csv, prices.csv,
// tariffs.csv, index.csv, agreements/<id>.toml (one per seller and year),
// records.csv, items.csv, referrals.csv and residents.csv, in the formats of
// docs/import.md (parties to purchaser registers). In an agreement, `base_value` is either a
// plain number (the same base value for every buyer) or an inline table of
// kronor keyed by the buyer's county code, { "20" = 431000000.00, ... }; the
// generator writes the table form.
//
// Deterministic: the same options give byte-identical files (integer-only
// arithmetic and an own PRNG). Rows are streamed to disk: memory stays flat
// whatever the scale. Throws std::invalid_argument for scale < 1 and
// std::runtime_error on I/O failure (files already written are left behind).
// Thread-safe for calls with different output directories; it holds no state.
std::vector<GeneratedFile> generate_demo(const GenerateOptions& options);

}  // namespace vardavtal
