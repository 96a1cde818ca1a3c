// The ledger commands of the CLI: `bill`, `invoices`, `invoice`, `verify`.
#pragma once

#include <string>

#include "billing/cli/args.h"
#include "ledger/invoice.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kBillHelp;
extern const char* const kInvoicesHelp;
extern const char* const kInvoiceHelp;
extern const char* const kVerifyHelp;
extern const char* const kCheckSpecHelp;

int cmd_bill(Store& store, const Args& args);
int cmd_invoices(Store& store, const Args& args);
// `held`: the stored held records (store/held_reads.h).
extern const char* const kHeldHelp;
int cmd_held(Store& store, const Args& args);
// `credits` and `late`: credit-note lines and late lines (store/line_reads.h).
extern const char* const kCreditsHelp;
extern const char* const kLateHelp;
extern const char* const kSearchHelp;
// `vardavtal search --patient ID | --record ID`: the lines of one patient or contact.
int cmd_search(Store& store, const Args& args);
int cmd_credits(Store& store, const Args& args);
int cmd_late(Store& store, const Args& args);
int cmd_invoice(Store& store, const Args& args);
int cmd_verify(Store& store, const Args& args);
int cmd_check_spec(const Args& args);  // needs no database

}  // namespace vardavtal
