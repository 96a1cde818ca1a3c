// Internal to the demo data generator: writers of the catalogue files and the
// agreements (demo_reference.cpp) and of the care records (generate.cpp).
// Each appends what it wrote to `files`; throws std::runtime_error on I/O failure.
#pragma once

#include <filesystem>
#include <vector>

#include "billing/demo/demo_data.h"
#include "billing/demo/generate.h"

namespace vardavtal::demo {

// regions.csv, hospitals.csv, weights.csv, prices.csv, index.csv.
void write_catalogue(const std::filesystem::path& dir, std::vector<GeneratedFile>& files);

// agreements/<id>.toml for every seller and year.
void write_agreements(const std::filesystem::path& dir, int scale,
                      std::vector<GeneratedFile>& files);

// The agreement point price in kronor: 2021 as in the seed, 2019 set so that
// 2019 uplifted by LPIK twice gives 2021, 2020 = round(2019 x (1 + LPIK 2020)).
int64_t point_price(const SellerDef& seller, int year);

}  // namespace vardavtal::demo
