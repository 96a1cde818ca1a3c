// Follow-up tables as an Excel workbook (libxlsxwriter): one sheet per table,
// exact values (amounts as öre/100 formulas), number formats that Excel shows
// in Swedish style (thousands of kronor with space separators, whole per cent),
// and charts: invoiced per region (this year vs last year), contacts per care
// type, and the variable/subscription split.
#pragma once

#include <string>
#include <vector>

#include "billing/followup/followup_table.h"

namespace vardavtal {

// Writes the tables to `path`, one sheet each (named after the table), with
// the charts of those tables that have one. Throws std::runtime_error.
void write_followup_xlsx(const std::vector<FollowupTable>& tables, const std::string& path);

}  // namespace vardavtal
