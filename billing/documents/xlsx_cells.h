// Writing exact numbers into XLSX cells (libxlsxwriter). XLSX stores numbers
// as binary64, so a cell gets the exact value as a formula ("=2157248/100")
// and, as its cached result for programs that do not recalculate, the
// correctly rounded binary value of the exact decimal text ("21572.48").
#pragma once

#include <xlsxwriter.h>

#include <cstdlib>
#include <string>

#include "core/money.h"

namespace vardavtal {

inline void write_exact_number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col,
                               const std::string& formula, lxw_format* format,
                               const std::string& exact_text) {
  worksheet_write_formula_num(ws, row, col, formula.c_str(), format,
                              std::strtod(exact_text.c_str(), nullptr));
}

// An amount in kronor, exact to the öre ("=2451470/100", cached 24514.70).
inline void write_money(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, Money m,
                        lxw_format* format) {
  write_exact_number(ws, row, col, "=" + std::to_string(m.ore()) + "/100", format, m.to_string());
}

// A live SUM of rows [first, last] of column `col`, cached with the exact
// `total` (which the caller summed from the same amounts); the amount itself
// when there are no rows.
inline void write_money_sum(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, lxw_row_t first,
                            lxw_row_t last, Money total, lxw_format* format) {
  if (last < first) return write_money(ws, row, col, total, format);
  char range[64];
  lxw_rowcol_to_range(range, first, col, last, col);
  write_exact_number(ws, row, col, "=SUM(" + std::string(range) + ")", format, total.to_string());
}

// The formats of a sheet of amounts: bold headings, kronor with öre and a
// bold total. The workbook owns them.
struct AmountFormats {
  lxw_format* bold;
  lxw_format* money;
  lxw_format* bold_money;
};

inline AmountFormats amount_formats(lxw_workbook* wb) {
  AmountFormats f{workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb)};
  format_set_bold(f.bold);
  format_set_num_format(f.money, "#,##0.00");
  format_set_bold(f.bold_money);
  format_set_num_format(f.bold_money, "#,##0.00");
  return f;
}

}  // namespace vardavtal
