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

// The data a year option is checked against: the records' billing dates, the
// invoices' periods (what the follow-up tables read) or the agreements' years.
enum class YearData { records, billed, agreements };

// Whether `seller` (every seller when empty) has `data` in `year`; a look-up
// that stops at the first row.
bool has_data_in(Store& store, YearData data, int year, const std::string& seller);
// The years in which `seller` (every seller when empty) has `data`, ascending.
std::vector<int> years_with(Store& store, YearData data, const std::string& seller);

}  // namespace vardavtal
