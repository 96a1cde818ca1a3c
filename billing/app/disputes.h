// The purchaser's dispute list (issue 16 item 2; docs/reconcile.md#disputes)
// as the CLI and the server share it: a reconciliation's findings saved as
// disputes, and the list in its forms: a Swedish table and XLSX workbook for
// people (the Tvistelista a buyer sends to the seller), JSON and CSV for
// programs. Not thread-safe per Store.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "billing/reconcile/reconcile.h"
#include "importers/csv_writer.h"
#include "store/dispute_store.h"

namespace vardavtal {

// Saves `report`'s findings that claim something as `report.buyer`'s disputes.
SavedDisputes save_reconciliation(Store& store, const ReconcileReport& report,
                                  const std::string& who);

// "Sparade 2 nya tvister, 1 fanns redan" (Swedish, for the CLI and the web).
std::string saved_text(const SavedDisputes& saved);

// What each dispute of `list` claims now (krävs): of a line's disputes still
// bestridd, the first of the largest claims it, at most the line's net; the
// others, and every godkänd or krediterad dispute, 0. So accepting one
// finding of a line leaves the line claimed by the others.
std::vector<Money> claimed_amounts(const std::vector<Dispute>& list);

// A terminal table in Swedish: one row per dispute, then how many and how
// much is claimed per status (krävs: claimed_amounts).
std::string disputes_table(const std::vector<Dispute>& list);
// [{id, buyer, seller, invoice, spec_id, line_id, patient_id, care_contact_id,
//   reason_code, billed, expected, disputed, counted, claimed, message, message_en,
//   status, credit_note, comment, found_at, updated_at, updated_by}]
std::string disputes_json(const std::vector<Dispute>& list);
// The same columns as CSV (English header) to `out`: machine CSV, or the
// Swedish Excel dialect for people (importers/csv_writer.h).
void write_disputes_csv(const std::vector<Dispute>& list, std::FILE* out,
                        CsvDialect dialect = CsvDialect::machine);
// The dispute list workbook in Swedish (sheet "Tvistelista"): live SUM of
// what is claimed, frozen and filtered heading, fitted widths. Throws
// std::runtime_error when it cannot be written.
void write_disputes_xlsx(const std::vector<Dispute>& list, const std::string& path);

}  // namespace vardavtal
