#include "billing/followup/followup_xlsx.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "billing/documents/xlsx_cells.h"
#include "core/decimal.h"
#include "core/error_text.h"
#include "core/text.h"

namespace vardavtal {

namespace {

std::string int128_text(__int128 v) {
  bool neg = v < 0;
  unsigned __int128 m = neg ? static_cast<unsigned __int128>(-v) : static_cast<unsigned __int128>(v);
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m);
  return neg ? "-" + s : s;
}

struct Formats {
  lxw_format *head, *money_tkr, *money_kr, *points0, *points2, *count, *percent0, *percent2;
};

// The cell `ref` names from row `row` ("C5"), or "" when its column is not
// on the sheet.
std::string cell_name(const FollowupTable& t, lxw_row_t row, const CellRef& ref) {
  for (size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].key == ref.column) {
      char name[32];
      lxw_rowcol_to_cell(name, static_cast<lxw_row_t>(static_cast<int64_t>(row) + ref.rows),
                         static_cast<lxw_col_t>(c));
      return name;
    }
  return "";
}

// A derived cell's live formula over its operands ("=C5-B5",
// "=IF(B5=0,\"\",C5/B5-1)"), or "" when it is a constant.
std::string live_formula(const FollowupTable& t, lxw_row_t row, const Cell& c) {
  if (c.derived == Derived::none || c.a.column.empty()) return "";
  const std::string a = cell_name(t, row, c.a), b = cell_name(t, row, c.b);
  if (a.empty() || b.empty()) return "";
  switch (c.derived) {
    case Derived::difference:
      return "=" + a + "-" + b;
    case Derived::change:
      return "=IF(" + b + "=0,\"\"," + a + "/" + b + "-1)";
    case Derived::share:
      return "=IF(" + b + "=0,\"\"," + a + "/" + b + ")";
    case Derived::none:
      break;
  }
  return "";
}

// The cell's constant formula (exact: "=2451470/100") and its cached value.
std::pair<std::string, std::string> exact_value(const Cell& c) {
  switch (c.kind) {
    case CellKind::money:
      return {"=" + std::to_string(c.value) + "/100", format_scaled_fixed(c.value, 2)};
    case CellKind::points:
      return {"=" + std::to_string(c.value) + "/10000", format_scaled(c.value, 4)};
    case CellKind::count:
      return {"=" + std::to_string(c.value), std::to_string(c.value)};
    case CellKind::percent:
      return {"=" + int128_text(c.num) + "/" + int128_text(c.den),
              format_scaled_fixed(round_half_away(c.num * 100000000, c.den), 8)};
    case CellKind::text:
      break;
  }
  return {"", ""};
}

lxw_format* number_format(const Cell& c, const FollowupTable& t, const Formats& f) {
  switch (c.kind) {
    case CellKind::money:
      return t.money_in_kronor ? f.money_kr : f.money_tkr;
    case CellKind::points:
      return t.point_decimals ? f.points2 : f.points0;
    case CellKind::count:
      return f.count;
    case CellKind::percent:
      return t.percent_decimals ? f.percent2 : f.percent0;
    case CellKind::text:
      break;
  }
  return nullptr;
}

// A cell: text; a number exact as a constant formula; or, derived from two
// cells of the sheet, their live formula cached with the exact value (a
// change or share without a base: its formula, cached as "").
void write_cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const Cell& c,
                const FollowupTable& t, const Formats& f) {
  if (c.kind == CellKind::text) {
    if (!c.empty) worksheet_write_string(ws, row, col, c.text.c_str(), nullptr);
    return;
  }
  const std::string live = live_formula(t, row, c);
  if (c.empty) {
    if (!live.empty() && c.kind == CellKind::percent)
      worksheet_write_formula_str(ws, row, col, live.c_str(), number_format(c, t, f), "");
    return;
  }
  const auto [constant, cached] = exact_value(c);
  write_exact_number(ws, row, col, live.empty() ? constant : live, number_format(c, t, f), cached);
}

// A column chart of columns [first, last] over the table's rows except the
// last (the total), categories from the first column.
void add_chart(lxw_workbook* wb, lxw_worksheet* ws, const std::string& sheet,
               const FollowupTable& t, uint8_t chart_type, lxw_col_t first, lxw_col_t last,
               const char* title) {
  lxw_chart* chart = workbook_add_chart(wb, chart_type);
  const lxw_row_t rows = static_cast<lxw_row_t>(t.rows.size() - 1);
  for (lxw_col_t c = first; c <= last; ++c) {
    lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(s, sheet.c_str(), 2, 0, static_cast<lxw_row_t>(1 + rows), 0);
    chart_series_set_values(s, sheet.c_str(), 2, c, static_cast<lxw_row_t>(1 + rows), c);
    chart_series_set_name_range(s, sheet.c_str(), 1, c);
  }
  chart_title_set_name(chart, title);
  worksheet_insert_chart(ws, static_cast<lxw_row_t>(t.rows.size() + 4), 1, chart);
}

// The total row's cell of column `c` as a live SUM of the rows above, when
// the exact total is exactly their sum (a table with subtotal rows, or a
// total that is not a sum, keeps its exact value); the cached result is the
// exact total.
bool write_sum(lxw_worksheet* ws, const FollowupTable& t, size_t c, const Formats& f) {
  const size_t last = t.rows.size() - 1;
  const Cell& total = t.rows[last][c];
  if (total.empty || (total.kind != CellKind::money && total.kind != CellKind::count)) return false;
  if (!total.a.column.empty()) return false;  // a difference: its own live formula
  __int128 sum = 0;
  for (size_t r = 0; r < last; ++r) {
    const Cell& x = t.rows[r][c];
    if (x.empty || x.kind != total.kind) return false;
    sum += x.value;
  }
  if (sum != total.value) return false;
  char range[64];
  lxw_rowcol_to_range(range, 2, static_cast<lxw_col_t>(c), static_cast<lxw_row_t>(1 + last),
                      static_cast<lxw_col_t>(c));
  write_exact_number(ws, static_cast<lxw_row_t>(2 + last), static_cast<lxw_col_t>(c),
                     "=SUM(" + std::string(range) + ")", number_format(total, t, f),
                     exact_value(total).second);
  return true;
}

// Widths that fit each column's heading and text (numbers: at least 14), at
// most 60 characters.
void fit_columns(lxw_worksheet* ws, const FollowupTable& t) {
  for (size_t c = 0; c < t.columns.size(); ++c) {
    size_t w = utf8_length(t.columns[c].heading);
    bool numbers = false;
    for (const auto& row : t.rows) {
      if (row[c].empty) continue;
      if (row[c].kind == CellKind::text)
        w = std::max(w, utf8_length(row[c].text));
      else
        numbers = true;
    }
    if (numbers) w = std::max<size_t>(w, 14);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         static_cast<double>(std::min<size_t>(w + 2, 60)), nullptr);
  }
}

// The sheet's name in Swedish, with the buyer region's name, at most 31
// characters (Excel's limit).
std::string sheet_name(const FollowupTable& t) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"invoiced", "Fakturerat"},
      {"contacts", "Kontakter"},
      {"top-drg", "Största DRG"},
      {"clinics", "Kliniker"},
      {"buyer-top-drg", "Topp 10"},
      {"invoiced-split", "Rörligt och abonnemang"},
      {"decomposition", "Volym och pris"},
      {"cost-per-point", "Kostnad per poäng"},
      {"commitment", "Volymåtagande"},
      {"plan", "Produktionsplan"},
      {"bought", "Köpt vård"},
      {"referred", "Remitterad vård"}};
  std::string n = t.name;
  for (const auto& [name, swedish] : kNames)
    if (t.name == name) n = swedish;
  if (!t.buyer_name.empty())
    n += " " + t.buyer_name;
  else if (!t.buyer.empty())
    n += " " + t.buyer;
  return std::string(utf8_prefix(n, 31));
}

// The rows of `t` before its total that a filter may sort: those before any
// row computed from another row (CellRef::rows != 0) and the rows it reads
// (a top 10's sum and share, which a sort would cut apart).
size_t sortable_rows(const FollowupTable& t) {
  if (t.rows.size() < 2) return 0;
  long first = static_cast<long>(t.rows.size()) - 1;  // before the total
  for (long r = 0; r < static_cast<long>(t.rows.size()); ++r)
    for (const Cell& c : t.rows[static_cast<size_t>(r)])
      if (c.derived != Derived::none && (c.a.rows != 0 || c.b.rows != 0))
        first = std::min({first, r, r + c.a.rows, r + c.b.rows});
  return static_cast<size_t>(std::max(first, 0L));
}

}  // namespace

void write_followup_xlsx(const std::vector<FollowupTable>& tables, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw cannot_create(path);
  Formats f{};
  f.head = workbook_add_format(wb);
  format_set_bold(f.head);
  auto num = [&](const char* code) {
    lxw_format* x = workbook_add_format(wb);
    format_set_num_format(x, code);
    return x;
  };
  f.money_tkr = num("#,##0,");  // thousands of kronor: the trailing comma divides by 1000
  f.money_kr = num("#,##0");
  f.points0 = num("#,##0");
  f.points2 = num("#,##0.00");
  f.count = num("#,##0");
  f.percent0 = num("0%");
  f.percent2 = num("0.00%");
  for (const FollowupTable& all : tables) {
    const FollowupTable t = for_people(all);
    const std::string name = sheet_name(t);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    worksheet_write_string(ws, 0, 0, t.title.c_str(), f.head);
    for (size_t c = 0; c < t.columns.size(); ++c)
      worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), t.columns[c].heading.c_str(),
                             f.head);
    for (size_t r = 0; r < t.rows.size(); ++r)
      for (size_t c = 0; c < t.rows[r].size(); ++c)
        if (r + 1 < t.rows.size() || t.rows.size() < 2 || !write_sum(ws, t, c, f))
          write_cell(ws, static_cast<lxw_row_t>(2 + r), static_cast<lxw_col_t>(c), t.rows[r][c], t,
                     f);
    // The heading and the row labels stay in view; the rows above the total
    // can be filtered and sorted, up to the first row computed from other
    // rows (a top 10's sum and share), which a sort would cut from them.
    worksheet_freeze_panes(ws, 2, 1);
    const size_t sortable = sortable_rows(t);
    if (sortable > 0)
      worksheet_autofilter(ws, 1, 0, static_cast<lxw_row_t>(1 + sortable),
                           static_cast<lxw_col_t>(t.columns.size() - 1));
    if (!t.note.empty())
      worksheet_write_string(ws, static_cast<lxw_row_t>(3 + t.rows.size()), 0, t.note.c_str(),
                             nullptr);
    fit_columns(ws, t);
    if (t.rows.size() > 1) {
      if (t.name == "invoiced")
        add_chart(wb, ws, name, t, LXW_CHART_COLUMN, 1, 2, "Fakturerat per region");
      else if (t.name == "contacts")
        add_chart(wb, ws, name, t, LXW_CHART_COLUMN, 1, 2, "Kontakter per vårdtyp");
      else if (t.name == "invoiced-split")
        add_chart(wb, ws, name, t, LXW_CHART_COLUMN_STACKED, 1, 6,  // variable .. at cost
                  "Rörlig ersättning och abonnemang");
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw cannot_write(path);
}

}  // namespace vardavtal
