// Peppol BIS Billing 3.0 writer: one InvoiceDocument as a UBL 2.1 Invoice (380)
// or CreditNote (381), valid against the UBL 2.1 schema, the CEN EN 16931
// rules and the Peppol rules incl. the Swedish SE-R rules (all vendored in
// third_party/peppol/ and checked by third_party/validators/validate-peppol). Every line is
// VAT category E (exempt health care, VATEX-EU-132-1B). No patient data: the
// lines name the fakturaunderlag and its line number, the patient details stay
// in the fakturaunderlag. Field by field: docs/peppol.md. Pure function, safe
// from any thread (libxml2's tree API on a document of its own).
#pragma once

#include <string>

#include "billing/documents/invoice_document.h"

namespace vardavtal {

// The UTF-8 XML text of the document. Throws std::invalid_argument when the
// document lacks what the rules need or is inconsistent: no invoice number, an
// organisation number that is not 10 digits, a bankgiro that is not 7-8
// digits, a care invoice without specification id or lines, a credit note
// without the invoice it credits, or a total that is not the sum of the lines'
// net amounts. An empty bankgiro writes no PaymentMeans (and so no due date on
// a credit note: UBL has it only in PaymentMeans there).
std::string write_peppol(const InvoiceDocument& doc);

}  // namespace vardavtal
