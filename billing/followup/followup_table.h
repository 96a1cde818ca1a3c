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

// How a cell follows from two others (a, b) of its table: what the XLSX
// writes as a live formula instead of a constant (docs/followup.md#xlsx).
enum class Derived {
  none,
  difference,  // a − b (money, count, points)
  change,      // a / b − 1 (percent; empty when b is 0)
  share,       // a / b (percent; empty when b is 0)
};

// A cell of the table by its column's key, in the same row or `rows` rows
// below (negative: above).
struct CellRef {
  std::string column;
  int rows = 0;
};

struct Cell {
  CellKind kind = CellKind::text;
  std::string text;        // text cells
  int64_t value = 0;       // money (öre), count
  __int128 num = 0;        // percent: 100 × num / den
  __int128 den = 0;        // 0: no value (e.g. no previous year)
  bool empty = false;
  std::string code;  // text cells: the machine form for CSV/JSON, when it differs
  Derived derived = Derived::none;
  CellRef a, b;  // the operands when derived (a.column empty: not known, a constant)

  static Cell of_text(std::string t) { return make(CellKind::text, std::move(t), 0); }
  static Cell money(int64_t ore) { return make(CellKind::money, "", ore); }
  static Cell count(int64_t n) { return make(CellKind::count, "", n); }
  // DRG points in 10^-4: whole points in the table, exact decimals in CSV/JSON.
  static Cell points(int64_t p) { return make(CellKind::points, "", p); }
  // A cell of `kind` without a value (shown blank).
  static Cell blank(CellKind kind) {
    Cell c = make(kind, "", 0);
    c.empty = true;
    return c;
  }
  // part / whole as a percentage; empty when whole is 0.
  static Cell share(int64_t part, int64_t whole) { return ratio(Derived::share, part, whole); }
  // (now − before) / before as a percentage; empty when before is 0.
  static Cell change(int64_t now, int64_t before) {
    return ratio(Derived::change, static_cast<__int128>(now) - before, before);
  }
  // The same cell, known to follow from cells `x` and `y` of its table: a
  // difference x − y (money, count, points), or the share or change above.
  Cell from(CellRef x, CellRef y) const {
    Cell c = *this;
    if (c.derived == Derived::none) c.derived = Derived::difference;
    c.a = std::move(x);
    c.b = std::move(y);
    return c;
  }

 private:
  static Cell make(CellKind kind, std::string text, int64_t value) {
    Cell c;
    c.kind = kind;
    c.text = std::move(text);
    c.value = value;
    return c;
  }
  static Cell ratio(Derived d, __int128 num, __int128 den) {
    Cell c = make(CellKind::percent, "", 0);
    c.num = num;
    c.den = den;
    c.empty = den == 0;
    c.derived = d;
    return c;
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
