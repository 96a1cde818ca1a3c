// The invoice specification a purchaser reads, as an Excel workbook: one
// sheet with the invoice's header and one row per line (patient, care contact,
// DRG, amounts). Number formats are Excel's locale-neutral codes, so Excel on
// a Swedish machine shows "21 572,48" and dates as 2021-03-05.
#pragma once

#include <string>

#include "billing/documents/invoice_document.h"

namespace vardavtal {

// Writes the workbook to `path`. Throws std::runtime_error on failure.
void write_xlsx_specification(const InvoiceDocument& document, const std::string& path);

}  // namespace vardavtal
