#include "billing/followup/followup_table.h"

#include <algorithm>
#include <boost/json.hpp>

#include "billing/text/text_table.h"
#include "core/decimal.h"
#include "importers/csv_cell.h"

namespace vardavtal {

namespace {
// Per cent with two decimals, exact rounding half away from zero: "14.83".
std::string percent_2(const Cell& c) {
  return format_scaled_fixed(round_half_away(c.num * 10000, c.den), 2);
}

// Rounds units of 10^-4 to `places` decimals, Swedish style with grouping.
std::string swedish_rounded(__int128 numerator, __int128 denominator, int places) {
  __int128 scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  return swedish_decimal(round_half_away(numerator * scale, denominator), places, true);
}

std::string table_text(const Cell& c, const FollowupTable& t) {
  if (c.empty) return "";
  switch (c.kind) {
    case CellKind::text: return c.text;
    case CellKind::money:  // thousands of kronor, or whole kronor
      return format_thousands(round_half_away(c.value, t.money_in_kronor ? 100 : 100000));
    case CellKind::count: return format_thousands(c.value);
    case CellKind::percent:
      return swedish_rounded(c.num * 100, c.den, t.percent_decimals) + "%";
    case CellKind::points: return swedish_rounded(c.value, 10000, t.point_decimals);
  }
  return "";
}

std::string exact_text(const Cell& c) {
  if (c.empty) return "";
  switch (c.kind) {
    case CellKind::text: return c.code.empty() ? c.text : c.code;
    case CellKind::money:
    case CellKind::count: return std::to_string(c.value);
    case CellKind::percent: return percent_2(c);
    case CellKind::points: return format_scaled(c.value, 4);
  }
  return "";
}
}  // namespace

FollowupTable for_people(const FollowupTable& t) {
  FollowupTable out = t;
  out.columns.clear();
  for (auto& row : out.rows) row.clear();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].machine_only) continue;
    out.columns.push_back(t.columns[i]);
    for (size_t r = 0; r < t.rows.size(); ++r) out.rows[r].push_back(t.rows[r][i]);
  }
  return out;
}

std::string render_table(const FollowupTable& shown) {
  const FollowupTable t = for_people(shown);
  // Numbers right-aligned, text left: judged by the first row's cells.
  std::vector<std::string> heads;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const bool text = t.rows.empty() || t.rows.front()[i].kind == CellKind::text;
    heads.push_back(text ? t.columns[i].heading : ">" + t.columns[i].heading);
  }
  TextTable out(heads);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (const Cell& c : row) cells.push_back(table_text(c, t));
    out.add(std::move(cells));
  }
  std::string s = t.title + "\n" + out.render();
  if (!t.note.empty()) s += t.note + "\n";
  return s;
}

// Text cells (names from imports) guarded against spreadsheet formulas; the
// exact numbers as they are (a negative change stays a number).
namespace {

std::string csv_of(const FollowupTable& t, char separator, char decimal) {
  std::string s;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) s += separator;
    s += t.columns[i].key;
  }
  s += "\n";
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) s += separator;
      if (row[i].kind == CellKind::text) {
        append_csv_text(s, exact_text(row[i]), separator);
        continue;
      }
      std::string number = exact_text(row[i]);
      if (decimal != '.') std::replace(number.begin(), number.end(), '.', decimal);
      s += number;
    }
    s += "\n";
  }
  return s;
}

}  // namespace

std::string render_csv(const FollowupTable& t) {
  return csv_of(t, ',', '.');
}

std::string render_csv_sv(const FollowupTable& t) {
  return "\xEF\xBB\xBF" + csv_of(t, ';', ',');
}

std::string render_json(const FollowupTable& t) {
  boost::json::array cols, rows;
  for (const auto& c : t.columns) cols.push_back(boost::json::value(c.key));
  for (const auto& row : t.rows) {
    boost::json::object o;
    for (size_t i = 0; i < row.size(); ++i) {
      const Cell& c = row[i];
      boost::json::value v = nullptr;
      if (!c.empty) {
        if (c.kind == CellKind::money || c.kind == CellKind::count) v = c.value;
        else if (c.kind == CellKind::percent) v = percent_2(c);
        else if (c.kind == CellKind::points) v = format_scaled(c.value, 4);
        else v = c.code.empty() ? c.text : c.code;
      }
      o[t.columns[i].key] = std::move(v);
    }
    rows.push_back(std::move(o));
  }
  boost::json::object o{
      {"table", t.name},
      {"seller", t.seller.empty() ? boost::json::value(nullptr) : boost::json::value(t.seller)},
      {"buyer", t.buyer.empty() ? boost::json::value(nullptr) : boost::json::value(t.buyer)},
      {"year", t.year},
      {"columns", cols},
      {"rows", rows},
      {"note", t.note.empty() ? boost::json::value(nullptr) : boost::json::value(t.note)},
      // How people read it (the table format, the web page): money in whole
      // kronor or thousands, points with these decimals.
      {"money_unit", t.money_in_kronor ? "kr" : "tkr"},
      {"point_decimals", t.point_decimals}};
  return boost::json::serialize(o) + "\n";
}

}  // namespace vardavtal
