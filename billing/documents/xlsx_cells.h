// Writing exact numbers into XLSX cells (libxlsxwriter). XLSX stores numbers
// as binary64, so a cell gets the exact value as a formula ("=2157248/100")
// and, as its cached result for programs that do not recalculate, the
// correctly rounded binary value of the exact decimal text ("21572.48").
#pragma once

#include <xlsxwriter.h>

#include <cstdlib>
#include <string>

namespace vardavtal {

inline void write_exact_number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col,
                               const std::string& formula, lxw_format* format,
                               const std::string& exact_text) {
  worksheet_write_formula_num(ws, row, col, formula.c_str(), format,
                              std::strtod(exact_text.c_str(), nullptr));
}

}  // namespace vardavtal
