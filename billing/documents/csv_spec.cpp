#include "billing/documents/csv_spec.h"

#include "importers/csv_writer.h"

namespace vardavtal::csv_spec {

const std::array<std::string_view, kColumns> kNames = {
    "number",          "line_id",         "record_id",         "version",
    "buyer",           "billing_date",    "drg",               "drg_amount",
    "los_outlier_amount", "cost_outlier_amount", "items_amount", "patient_fee",
    "gross",           "amount",          "late",              "reference_invoice",
    "reference_line",  "reason_code",     "type",              "seller",
    "spec_id",         "issue_date",      "patient_id",        "municipality",
    "care_type",       "admission_date",  "discharge_date",    "leave_days",
    "referral_id",     "emergency",       "discount",          "reference_spec_id",
    "seller_org_number", "seller_hsa_id", "seller_name", "tariff_amount",
    "at_cost_amount", "description"};

bool required(Column c) {
  return c != kVersion && c != kBillingDate && c != kLate && c < kSellerOrg;
}

namespace {

// A count that is empty when zero (a version, a referenced line, a reason).
void count_or_empty(CsvWriter& w, int64_t n) {
  if (n)
    w.field(n);
  else
    w.empty();
}

// The care columns of one line: amounts, then patient and care data. A
// subscription line (no record) has no care amounts and no patient data.
void write_line(CsvWriter& w, const InvoiceDocument& doc, const DocumentLine& d) {
  const bool care = !d.record_id.empty();
  w.field(doc.number).field(static_cast<int64_t>(d.line_no)).field(d.record_id);
  count_or_empty(w, d.record_version);
  w.field(doc.buyer.code).field(d.billing_date).field(d.drg);
  for (Money m : {d.drg_amount, d.los_outlier_amount, d.cost_outlier_amount, d.items_amount,
                  d.patient_fee, care ? d.gross : Money{}})
    w.field_fixed(m.ore(), 2);
  w.field_fixed(d.net.ore(), 2).field(static_cast<int64_t>(d.late ? 1 : 0));
  w.field(d.reference_invoice);
  count_or_empty(w, d.reference_line);
  count_or_empty(w, d.reason_code);
  w.field(doc.type == DocumentType::credit ? "credit" : "invoice").field(doc.seller.code);
  w.field(doc.spec_id).field(doc.issue_date);
  if (care) {
    w.field(d.patient_id).field(d.municipality).field(to_string(d.care_type));
    w.field(d.admission_date);
    if (d.care_type == CareType::inpatient && d.discharge_date)
      w.field(*d.discharge_date);
    else
      w.empty();
    w.field(static_cast<int64_t>(d.leave_days)).field(d.referral_id);
    w.field(static_cast<int64_t>(d.emergency ? 1 : 0));
  } else {
    for (int k = kPatientId; k <= kEmergency; ++k) w.empty();
  }
  w.field_fixed(d.subscription_share.ore(), 2).field(doc.reference_spec_id);
  // The hospital as the fakturaunderlag names it (supplier, care unit).
  w.field(doc.seller.org_number).field(doc.seller.hsa_id).field(doc.seller.name);
  w.field_fixed(d.tariff_amount.ore(), 2).field_fixed(d.at_cost_amount.ore(), 2);
  w.field(d.description);
  w.end_row();
}

}  // namespace

void write(const InvoiceDocument& doc, std::FILE* out) {
  CsvWriter w(out, std::span<const std::string_view>(kNames));
  for (const DocumentLine& d : doc.lines) write_line(w, doc, d);
  w.close();
}

}  // namespace vardavtal::csv_spec
