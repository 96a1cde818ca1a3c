// What the database holds, per kind, party (seller, series, county) and year:
// the numbers behind `vardavtal summary`. Read-only.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace vardavtal {

struct SummaryRow {
  std::string kind;    // regions, hospitals, records, items, weights, ...
  std::string party;   // seller, healthcare region, series or county; may be empty
  std::string year;    // may be empty
  std::string detail;  // care type for records, agreement id, ...
  long long rows = 0;      // identities, latest versions
  long long versions = 0;  // all stored versions
};

std::vector<SummaryRow> summarize(Store& store);

}  // namespace vardavtal
