// Invoices as people and programs read them: one invoice's header as JSON,
// the invoice list as JSON, one invoice with its lines as a table, CSV or
// JSON, and one of its documents (fakturaunderlag, Peppol, XLSX). The use
// cases the CLI's `invoices`/`invoice` and the server's /api/invoices share.
// Not thread-safe per Store.
#pragma once

#include <boost/json/object.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "billing/app/billing_run.h"
#include "billing/app/usage_error.h"
#include "ledger/invoice.h"
#include "store/held_reads.h"
#include "store/line_reads.h"
#include "store/store.h"

namespace vardavtal {

boost::json::object invoice_json(const Invoice& invoice);  // one invoice's header fields
std::string invoices_json(const std::vector<Invoice>& list);  // the `invoices` JSON array
// "N documents 0300000001..0300000012 (invoiced …, credited …)", for the
// audit trail; `issued` not empty.
std::string issued_text(const std::vector<Invoice>& issued);
// The held records' JSON array (`held --format json`, GET /api/held).
std::string held_json(const std::vector<HeldListing>& list);

// The national credit reason code in Swedish words ("fel region", ...; 1–9),
// for people; "" for 0.
std::string credit_reason_text(int64_t code);
// Credit-note or late lines as a JSON array (`credits`/`late --format json`,
// GET /api/credits and /api/late): English field names, amounts in kronor.
std::string line_listing_json(const std::vector<LineListing>& list);
// `bill --dry-run` as JSON: {"invoices": [header...], "held": [{seller, record,
// billing_date, reason}...]}: what the next run would issue and hold.
std::string bill_preview_json(const BillResult& preview);
// `invoice N` as table, CSV or JSON (with its lines) to `out`.
void write_invoice(Store& store, const Invoice& invoice, Format format, std::FILE* out);
// One document of the invoice: "fakturaunderlag", "peppol" (text) or "xlsx" (bytes).
// Throws UsageError for a subscription invoice's fakturaunderlag or an unknown format.
std::string invoice_document(Store& store, const Invoice& invoice, const std::string& format);

}  // namespace vardavtal
