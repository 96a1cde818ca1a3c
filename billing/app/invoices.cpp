#include "billing/app/invoices.h"

#include <boost/json.hpp>

#include "billing/app/document_builder.h"
#include "billing/documents/fakturaunderlag.h"
#include "billing/documents/peppol.h"
#include "billing/documents/xlsx_spec.h"
#include "billing/text/text_table.h"
#include "core/temp_file.h"
#include "importers/csv_writer.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"

namespace vardavtal {

boost::json::object invoice_json(const Invoice& i) {
  return {
      {"number", i.number},
      {"type", std::string(to_string(i.type))},
      {"kind", std::string(to_string(i.kind))},
      {"seller", i.seller},
      {"buyer", i.buyer},
      {"period", i.period.str()},
      {"issue_date", format_iso(i.issue_date)},
      {"due_date", format_iso(i.due_date)},
      {"spec_id", i.spec_id.empty() ? boost::json::value(nullptr) : boost::json::value(i.spec_id)},
      {"reference_invoice", i.reference_number.empty() ? boost::json::value(nullptr)
                                                       : boost::json::value(i.reference_number)},
      {"total", i.total.to_string()},
      {"lines", i.lines},
      {"late_lines", i.late_lines}};
}

std::string invoices_json(const std::vector<Invoice>& list) {
  boost::json::array arr;
  for (const Invoice& i : list) arr.push_back(invoice_json(i));
  return boost::json::serialize(arr) + "\n";
}

std::string invoice_document(Store& store, const Invoice& inv, const std::string& format) {
  InvoiceDocument doc = build_document(store, *current_catalogue(store), inv);
  if (format == "peppol") return write_peppol(doc);
  if (format == "fakturaunderlag") {
    if (doc.kind == InvoiceKind::subscription)
      throw UsageError("invoice " + inv.number +
                       " is a subscription invoice: it has no patient data, hence no "
                       "fakturaunderlag (use --format peppol)");
    return write_fakturaunderlag(doc);
  }
  if (format == "xlsx") {
    // libxlsxwriter writes files only: a private temporary file, read back.
    const TempFile file("vardavtal-xlsx");
    write_xlsx_specification(doc, file.path());
    return file.read();
  }
  throw UsageError("unknown document format '" + format + "'");
}

void write_invoice(Store& store, const Invoice& invoice, Format format, std::FILE* out) {
  const Invoice* inv = &invoice;
  LedgerStore ledger(store);
  const std::vector<InvoiceLine> lines = ledger.lines(*inv);
  const std::vector<Posting> postings = ledger.postings_of(*inv);
  const int sign = inv->type == InvoiceType::credit ? -1 : 1;
  auto pos = [&](Money m) { return m * sign; };
  if (format == Format::json) {
    boost::json::object o = invoice_json(*inv);
    boost::json::array arr;
    for (size_t i = 0; i < lines.size(); ++i) {
      const InvoiceLine& l = lines[i];
      const Posting& p = postings[i];
      const bool care = p.kind != PostingKind::subscription;
      boost::json::object x{
          {"line_id", l.line_no},
          {"record_id", care ? boost::json::value(p.record_id) : boost::json::value(nullptr)},
          {"version", care ? boost::json::value(p.record_version) : boost::json::value(nullptr)},
          {"drg", p.drg.empty() ? boost::json::value(nullptr) : boost::json::value(p.drg)},
          {"billing_date", format_iso(p.billing_date)},
          {"drg_amount", pos(p.drg_amount).to_string()},
          {"los_outlier_amount", pos(p.los_outlier_amount).to_string()},
          {"cost_outlier_amount", pos(p.cost_outlier_amount).to_string()},
          {"items_amount", pos(p.items_amount).to_string()},
          {"patient_fee", pos(p.patient_fee).to_string()},
          {"amount", l.amount.to_string()},
          {"late", l.late}};
      if (inv->type == InvoiceType::credit) {
        x["reference_invoice"] = l.reference_number;
        x["reference_line"] = l.reference_line;
        x["reason_code"] = l.reason_code;
      }
      arr.push_back(std::move(x));
    }
    o["lines"] = std::move(arr);
    std::string s = boost::json::serialize(o) + "\n";
    std::fwrite(s.data(), 1, s.size(), out);
  } else if (format == Format::csv) {
    // The ledger's columns, then what a purchaser needs to check each line (from
    // the InvoiceDocument, as the other documents): patient, care and
    // specification data (empty patient columns on subscription lines), and the
    // selling hospital as the fakturaunderlag names it.
    const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
    const InvoiceDocument doc = build_document(store, *catalogue, *inv);
    CsvWriter w(out, {"number",
                      "line_id",
                      "record_id",
                      "version",
                      "buyer",
                      "billing_date",
                      "drg",
                      "drg_amount",
                      "los_outlier_amount",
                      "cost_outlier_amount",
                      "items_amount",
                      "patient_fee",
                      "gross",
                      "amount",
                      "late",
                      "reference_invoice",
                      "reference_line",
                      "reason_code",
                      "type",
                      "seller",
                      "spec_id",
                      "issue_date",
                      "patient_id",
                      "municipality",
                      "care_type",
                      "admission_date",
                      "discharge_date",
                      "leave_days",
                      "referral_id",
                      "emergency",
                      "discount",
                      "reference_spec_id",
                      "seller_org_number",
                      "seller_hsa_id",
                      "seller_name"});
    for (size_t i = 0; i < lines.size(); ++i) {
      const InvoiceLine& l = lines[i];
      const Posting& p = postings[i];
      const DocumentLine& d = doc.lines.at(i);
      const bool care = p.kind != PostingKind::subscription;
      w.field(inv->number).field(l.line_no).field(p.record_id);
      if (p.record_version)
        w.field(p.record_version);
      else
        w.empty();
      w.field(p.buyer).field(p.billing_date).field(p.drg);
      for (Money m : {p.drg_amount, p.los_outlier_amount, p.cost_outlier_amount, p.items_amount,
                      p.patient_fee, p.gross})
        w.field_fixed(pos(m).ore(), 2);
      w.field_fixed(l.amount.ore(), 2).field(static_cast<int64_t>(l.late ? 1 : 0));
      w.field(l.reference_number);
      if (l.reference_line)
        w.field(l.reference_line);
      else
        w.empty();
      if (l.reason_code)
        w.field(static_cast<int64_t>(l.reason_code));
      else
        w.empty();
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
        for (int k = 0; k < 8; ++k) w.empty();
      }
      w.field_fixed(d.subscription_share.ore(), 2).field(doc.reference_spec_id);
      // The hospital as the fakturaunderlag names it (supplier, care unit).
      w.field(doc.seller.org_number).field(doc.seller.hsa_id).field(doc.seller.name);
      w.end_row();
    }
    w.close();
  } else {
    std::string head = std::string(inv->type == InvoiceType::credit ? "Credit note " : "Invoice ") +
                       inv->number + " (" + std::string(to_string(inv->kind)) + ") from " +
                       inv->seller + " to " + inv->buyer + ", period " + inv->period.str() + ", issued " +
                       format_iso(inv->issue_date) + ", due " + format_iso(inv->due_date) +
                       (inv->spec_id.empty() ? "" : ", specification " + inv->spec_id) +
                       (inv->reference_number.empty() ? "" : ", credits " + inv->reference_number) +
                       "\n\n";
    TextTable t({">line", "record", "billing date", "DRG", ">DRG amount", ">LOS outlier",
                 ">cost outlier", ">items", ">fee", ">amount", "late", "credits", ">reason"});
    for (size_t i = 0; i < lines.size(); ++i) {
      const InvoiceLine& l = lines[i];
      const Posting& p = postings[i];
      t.add({std::to_string(l.line_no), p.record_id, format_iso(p.billing_date), p.drg,
             pos(p.drg_amount).to_swedish(), pos(p.los_outlier_amount).to_swedish(),
             pos(p.cost_outlier_amount).to_swedish(), pos(p.items_amount).to_swedish(),
             pos(p.patient_fee).to_swedish(), l.amount.to_swedish(), l.late ? "late" : "",
             l.reference_number.empty()
                 ? ""
                 : l.reference_number + ":" + std::to_string(l.reference_line),
             l.reason_code ? std::to_string(l.reason_code) : ""});
    }
    t.add({"", "total", "", "", "", "", "", "", "", inv->total.to_swedish(), "", "", ""});
    std::string s = head + t.render();
    std::fwrite(s.data(), 1, s.size(), out);
  }
}

}  // namespace vardavtal
