// Builds the InvoiceDocument of an issued invoice or credit note from the
// ledger (its lines and postings), the record versions and item sets those
// postings priced, the parties and the catalogue (DRG names, item prices).
// Not thread-safe per Store.
#pragma once

#include "billing/documents/invoice_document.h"
#include "ledger/invoice.h"
#include "pricing/catalogue.h"
#include "store/store.h"

namespace vardavtal {

InvoiceDocument build_document(Store& store, const Catalogue& catalogue, const Invoice& invoice);

}  // namespace vardavtal
