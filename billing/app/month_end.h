// Month-end (issue 17; docs/erp.md) as the CLI and the server share it: a
// seller closes a billed month after review, `status` shows each month's
// state, and `sie` books the invoices and credit notes of closed months in an
// SIE 4i file for the general ledger. Decisions are pure functions
// (book_invoice); the use cases read, decide, then write. Not thread-safe per
// Store.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "billing/app/usage_error.h"
#include "billing/documents/sie.h"
#include "importers/account_map.h"
#include "importers/csv_writer.h"
#include "ledger/invoice.h"
#include "ledger/posting.h"
#include "store/month_store.h"

namespace vardavtal {

// A month-end step the ledger's state does not allow (a month not billed, not
// closed): exit status 1 in the CLI, 409 in the API.
struct MonthEndRefused : Bilingual<std::runtime_error> {
  using Bilingual::Bilingual;
};

// The months `from`..`to` of `seller` that are not closed. Each must be
// billed, else MonthEndRefused; the open ones are refused too (naming them and
// what waits for them, `purpose` and `purpose_sv`), unless `force`.
std::vector<Period> require_closed(Store& store, const std::string& seller, Period from, Period to,
                                   bool force, const std::string& purpose,
                                   const std::string& purpose_sv);

struct CloseResult {
  MonthClose close;
  bool already = false;  // it was closed before: nothing written
  MonthFigures figures;  // what the month holds (held records, open disputes)
};
// Closes `seller`'s `period`, which must be billed; closing it again changes
// nothing. Appends an audit row with the close.
CloseResult close_month(Store& store, const std::string& seller, Period period,
                        const std::string& who);

struct MonthStatus {
  std::string seller;
  Period period;
  bool billed = false;
  MonthFigures figures;
  std::optional<MonthClose> close;
  std::optional<SieExport> sie;  // the latest SIE file covering the month
};
// Per seller (all sellers with invoices when empty) and month, from its first
// invoiced month through its last billed month.
std::vector<MonthStatus> month_status(Store& store, const std::optional<std::string>& seller);
std::string status_table(const std::vector<MonthStatus>& rows);  // Swedish
std::string status_json(const std::vector<MonthStatus>& rows);
void write_status_csv(const std::vector<MonthStatus>& rows, std::FILE* out, CsvDialect dialect);

// One invoice or credit note as a verification: the receivable debited by
// the total (credited for a credit note) and the revenue accounts credited by
// kind (debited for a credit note), each on the buyer region's object.
// `postings`: the invoice's postings (LedgerStore::postings_of). Throws
// MonthEndRefused when `map` lacks the account of a kind the invoice books,
// std::logic_error when the postings do not sum to the total.
SieVerification book_invoice(const Invoice& invoice, const std::vector<Posting>& postings,
                             const AccountMap& map, const std::string& buyer_name);

struct SieRequest {
  std::string seller;
  Period from, to;
  AccountMap map;
  bool force = false;  // months not closed too
};
struct SieResult {
  std::string bytes;                    // the file, code page 437
  SieExport record;                     // what record_sie_export keeps
  std::vector<Period> exported_before;  // months of the range in an earlier file
  std::vector<Period> not_closed;       // months exported only because of force
};
// Books the invoices and credit notes of `from`..`to` (each month billed, and
// closed unless forced; else MonthEndRefused). The same months and mapping
// give the same bytes: #GEN is the latest issue date in the file.
SieResult build_sie(Store& store, const SieRequest& request);
// Keeps the written file's record (with an audit row); returns its id.
int64_t record_sie_export(Store& store, SieExport record, const std::string& who);

}  // namespace vardavtal
