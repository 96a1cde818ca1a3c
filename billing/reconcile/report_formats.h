// The reconciliation report in the formats its readers want: a terminal
// table and the XLSX dispute list (Swedish, for people), CSV and JSON (for
// programs). Pure functions of the report (the XLSX writer writes `path`).
#pragma once

#include <cstdio>
#include <string>

#include "billing/reconcile/reconcile.h"

namespace vardavtal {

// Why the "bestrids" column of a findings list adds up to more than the
// total claimed (Swedish): a line with several findings is claimed once.
std::string overlap_note();
// Terminal table: findings per line, then totals per specification.
std::string report_table(const ReconcileReport& report);
// Machine CSV (points, no guard on numbers) to `out`.
void write_report_csv(const ReconcileReport& report, std::FILE* out);
// The report as `reconcile --format json` writes it.
std::string reconcile_json(const ReconcileReport& report);
// The dispute list workbook; throws std::runtime_error when it cannot be written.
void write_report_xlsx(const ReconcileReport& report, const std::string& path);

}  // namespace vardavtal
