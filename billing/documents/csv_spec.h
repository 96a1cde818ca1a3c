// The CSV specification: the invoice specification this product writes as CSV
// (`invoice N --format csv`, the API's CSV download) and reads back when a
// purchaser reconciles it (received_spec.h). Its columns are defined here,
// once, in the order the writer writes them; the reader finds them by name.
// Machine CSV: comma-separated, amounts with a decimal point, text cells
// guarded against spreadsheet formulas (importers/csv_cell.h).
#pragma once

#include <array>
#include <cstdio>
#include <string_view>

#include "billing/documents/invoice_document.h"

namespace vardavtal::csv_spec {

enum Column : int {
  kNumber,
  kLineId,
  kRecordId,
  kVersion,
  kBuyer,
  kBillingDate,
  kDrg,
  kDrgAmount,
  kLosOutlier,
  kCostOutlier,
  kItemsAmount,
  kPatientFee,
  kGross,
  kAmount,
  kLate,
  kReferenceInvoice,
  kReferenceLine,
  kReasonCode,
  kType,
  kSeller,
  kSpecId,
  kIssueDate,
  kPatientId,
  kMunicipality,
  kCareType,
  kAdmissionDate,
  kDischargeDate,
  kLeaveDays,
  kReferralId,
  kEmergency,
  kDiscount,
  kReferenceSpecId,
  kSellerOrg,
  kSellerHsaId,
  kSellerName,
  kTariffAmount,
  kAtCostAmount,
  kDescription,  // a line without patient data in words (installment, true-up)
  kColumns
};

// The header names, by Column.
extern const std::array<std::string_view, kColumns> kNames;

// Whether a reader needs the column in the header. The ledger's own columns
// (version, billing_date, late) are not read; the seller's organisation
// number, HSA id and name, and the tariff and at-cost amounts (§8.1, §8.2;
// part of the gross) came later, so files written before have none.
bool required(Column c);

// Writes `doc` as a CSV specification (header and one row per line) to `out`,
// which the caller owns. Throws std::runtime_error on a write error.
void write(const InvoiceDocument& doc, std::FILE* out);

}  // namespace vardavtal::csv_spec
