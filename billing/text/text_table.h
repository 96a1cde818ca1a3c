// TextTable: a terminal table with aligned columns (numbers right-aligned),
// widths measured in characters (UTF-8 aware). Also the Swedish thousands
// format used in tables. Not thread-safe per instance.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vardavtal {

// 1234567 -> "1 234 567" (space as thousands separator).
std::string format_thousands(int64_t v);

// An exact decimal in Swedish style, trailing zeros dropped (or kept, with
// `fixed`): 1538394000 at 4 places -> "153 839,4" ("153 839,4000").
std::string swedish_decimal(int64_t units, int places, bool fixed = false);

class TextTable {
 public:
  // Columns whose name starts with '>' are right-aligned (the '>' is dropped).
  explicit TextTable(std::vector<std::string> columns);
  void add(std::vector<std::string> row);
  std::string render() const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace vardavtal
