// Month-end (docs/erp.md): which of a seller's billed months are closed, the
// SIE files written for the general ledger, and the figures per month that
// `vardavtal status` shows. All SQL of month-end lives here. Not thread-safe
// per Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/period.h"
#include "store/store.h"

namespace vardavtal {

struct MonthClose {
  std::string seller;
  Period period;
  std::string closed_at, closed_by;  // ISO UTC; OS user or "token NAME"
};

// One SIE file written (`vardavtal sie`): the months, the invoices it holds
// and the SHA-256 of its bytes.
struct SieExport {
  int64_t id = 0;
  std::string seller;
  Period from, to;
  int64_t verifications = 0;
  std::string first_invoice, last_invoice;  // empty when the file holds none
  std::string sha256;
  bool forced = false;  // a month in it was not closed
  std::string exported_at, exported_by;
};

// What a seller's month holds: its invoices and credit notes (total: invoiced
// minus credited), the care invoices among them (each has a fakturaunderlag),
// the buyers' disputes of its lines still bestridd and not credited, the
// record versions held with a billing date in it, and the invoices whose
// fakturaunderlag the national platform answered OK.
struct MonthFigures {
  Period period;
  int64_t invoices = 0, credit_notes = 0;
  int64_t care_invoices = 0, care_credit_notes = 0;  // each has a fakturaunderlag
  Money net;
  int64_t open_disputes = 0, held = 0;
  int64_t delivered = 0;  // invoices with a fakturaunderlag answered OK by the platform
};

class MonthStore {
 public:
  explicit MonthStore(Store& store) : store_(store) {}

  std::optional<MonthClose> closed(const std::string& seller, Period period);
  // The seller's closed months, in order.
  std::vector<MonthClose> closes(const std::string& seller);
  // Appends a close in the caller's WriteTransaction.
  void append_close(const MonthClose& close);

  // Appends a written SIE file in the caller's WriteTransaction; returns its id.
  int64_t append_sie_export(SieExport e);
  // The seller's SIE files, in the order written.
  std::vector<SieExport> sie_exports(const std::string& seller);

  // The sellers with an invoice, in code order.
  std::vector<std::string> sellers();

  // Per month with an invoice or a held record of the seller, in order.
  std::vector<MonthFigures> figures(const std::string& seller);

 private:
  Store& store_;
};

}  // namespace vardavtal
