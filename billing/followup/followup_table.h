// FollowupTable: one table of the annual follow-up (docs/followup.md) as
// exact values, and its renderings: the meeting's table (thousands of kronor,
// space separators, whole per cent, a total row), CSV and JSON (exact values
// for machines: amounts as integer öre, counts as integers, per cent as a
// decimal with two places; rows carry codes beside names). Value type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vardavtal {

enum class CellKind { text, money, count, percent, points };

struct Cell {
  CellKind kind = CellKind::text;
  std::string text;        // text cells
  int64_t value = 0;       // money (öre), count
  __int128 num = 0;        // percent: 100 × num / den
  __int128 den = 0;        // 0: no value (e.g. no previous year)
  bool empty = false;
  std::string code;  // text cells: the machine form for CSV/JSON, when it differs
  static Cell of_text(std::string t) { return {CellKind::text, std::move(t), 0, 0, 0, false, ""}; }
  static Cell money(int64_t ore) { return {CellKind::money, "", ore, 0, 0, false, ""}; }
  static Cell count(int64_t n) { return {CellKind::count, "", n, 0, 0, false, ""}; }
  // DRG points in 10^-4: whole points in the table, exact decimals in CSV/JSON.
  static Cell points(int64_t p) { return {CellKind::points, "", p, 0, 0, false, ""}; }
  // part / whole as a percentage; empty when whole is 0.
  static Cell share(int64_t part, int64_t whole) {
    return {CellKind::percent, "", 0, part, whole, whole == 0, ""};
  }
  // (now − before) / before as a percentage; empty when before is 0.
  static Cell change(int64_t now, int64_t before) {
    return {CellKind::percent, "", 0, static_cast<__int128>(now) - before, before, before == 0, ""};
  }
};

struct FollowupColumn {
  std::string key;      // JSON/CSV name: "invoiced_2021"
  std::string heading;  // table heading: "Fakturerat 2021"
  bool machine_only = false;  // a code ("region_code"): CSV and JSON, not the table or XLSX
};

struct FollowupTable {
  std::string name;    // "invoiced"
  std::string title;   // heading line of the table format
  std::string seller;  // or empty
  std::string buyer;   // or empty
  std::string buyer_name;  // the buyer region's short name (sheet names), or empty
  int year = 0;
  std::vector<FollowupColumn> columns;  // the first is the row label
  std::vector<std::vector<Cell>> rows;  // the last row is the total ("total")
  std::string note;                     // footnote, e.g. the restatement
  bool money_in_kronor = false;  // table format: whole kronor instead of thousands
  int point_decimals = 0;    // table format: decimals of DRG points ("272,03" needs 2)
  int percent_decimals = 0;  // table format: decimals of per cent ("25,36%" needs 2)
};

// The table without its machine-only columns: what the table format and XLSX show.
FollowupTable for_people(const FollowupTable& t);

std::string render_table(const FollowupTable& t);
std::string render_csv(const FollowupTable& t);
// The same in the Swedish Excel dialect, for people: ';' between cells,
// decimal commas, a UTF-8 byte order mark (the header keeps the column keys).
std::string render_csv_sv(const FollowupTable& t);
std::string render_json(const FollowupTable& t);

}  // namespace vardavtal
