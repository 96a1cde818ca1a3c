// The ledger commands of the CLI: `bill`, `invoices`, `invoice`, `verify`.
#pragma once

#include <boost/json/object.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "billing/args.h"
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
int cmd_invoice(Store& store, const Args& args);
int cmd_verify(Store& store, const Args& args);
int cmd_check_spec(const Args& args);  // needs no database

// Shared by the CLI and the server.
boost::json::object invoice_json(const Invoice& invoice);  // one invoice's header fields
std::string invoices_json(const std::vector<Invoice>& list);  // the `invoices` JSON array
// `invoice N` as table, CSV or JSON (with its lines) to `out`.
void write_invoice(Store& store, const Invoice& invoice, Format format, std::FILE* out);
// One document of the invoice: "fakturaunderlag", "peppol" (text) or "xlsx" (bytes).
// Throws UsageError for a subscription invoice's fakturaunderlag or an unknown format.
std::string invoice_document(Store& store, const Invoice& invoice, const std::string& format);

}  // namespace vardavtal
