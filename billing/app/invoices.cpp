#include "billing/app/invoices.h"

#include <boost/json.hpp>

#include "billing/app/document_builder.h"
#include "billing/app/settlement_text.h"
#include "billing/documents/csv_spec.h"
#include "billing/documents/fakturaunderlag.h"
#include "billing/documents/peppol.h"
#include "billing/documents/xlsx_spec.h"
#include "billing/text/text_table.h"
#include "core/error_text.h"
#include "core/temp_file.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/settlement_reads.h"

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

std::string bill_preview_json(const BillResult& r) {
  boost::json::array invoices, held;
  for (const Invoice& i : r.issued) invoices.push_back(invoice_json(i));
  for (const HeldRecord& h : r.held)
    held.push_back({{"seller", h.seller},
                    {"record", h.record_id},
                    {"billing_date", format_iso(h.billing_date)},
                    {"reason", h.reason},
                    {"reason_sv", held_reason_for_people(h.reason, h.reason_sv)}});
  return boost::json::serialize(boost::json::object{{"invoices", std::move(invoices)},
                                                    {"held", std::move(held)}}) +
         "\n";
}

std::string invoice_document(Store& store, const Invoice& inv, const std::string& format) {
  InvoiceDocument doc = build_document(store, *current_catalogue(store), inv);
  if (format == "peppol") return write_peppol(doc);
  if (format == "fakturaunderlag") {
    if (doc.kind != InvoiceKind::care)
      throw UsageError("invoice " + inv.number + " is a " + std::string(to_string(inv.kind)) +
                           " invoice: it has no patient data, hence no fakturaunderlag (use "
                           "--format peppol)",
                       "faktura " + inv.number + " (" + std::string(swedish_name(inv.kind)) +
                           ") har inga patientuppgifter och därför inget fakturaunderlag (använd "
                           "--format peppol)");
    return write_fakturaunderlag(doc);
  }
  if (format == "xlsx") {
    // libxlsxwriter writes files only: a private temporary file, read back.
    const TempFile file("vardavtal-xlsx");
    write_xlsx_specification(doc, file.path());
    return file.read();
  }
  throw UsageError("unknown document format '" + format + "'",
                   "okänt dokumentformat '" + format + "'");
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
      const bool care = p.has_record();
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
          {"tariff_amount", pos(p.tariff_amount).to_string()},
          {"at_cost_amount", pos(p.at_cost_amount).to_string()},
          {"patient_fee", pos(p.patient_fee).to_string()},
          {"amount", l.amount.to_string()},
          {"late", l.late}};
      if (p.kind == PostingKind::subscription)
        x["description"] = "Abonnemang " + period_of(p.billing_date).str();
      else if (auto basis = care ? std::nullopt : settlement_basis_of(store, p.id))
        x["description"] = describe(*basis);
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
    // The CSV specification (billing/documents/csv_spec.h): the ledger's
    // columns, then what a purchaser needs to check each line.
    csv_spec::write(build_document(store, *current_catalogue(store), *inv), out);
  } else {
    std::string head =
        std::string(inv->type == InvoiceType::credit ? "Kreditfaktura " : "Faktura ") +
        inv->number + " (" + std::string(swedish_name(inv->kind)) + ") från " + inv->seller +
        " till " + inv->buyer + ", period " + inv->period.str() + ", utfärdad " +
        format_iso(inv->issue_date) + ", förfaller " + format_iso(inv->due_date) +
        (inv->spec_id.empty() ? "" : ", fakturaunderlag " + inv->spec_id) +
        (inv->reference_number.empty() ? "" : ", krediterar " + inv->reference_number) + "\n\n";
    TextTable t({">rad", "journal", "vårddatum", "DRG", ">DRG-belopp", ">vårdtidsytterfall",
                 ">kostnadsytterfall", ">artiklar", ">taxa", ">efter kostnad", ">avgift", ">belopp",
                 "sen", "krediterar", ">orsak"});
    for (size_t i = 0; i < lines.size(); ++i) {
      const InvoiceLine& l = lines[i];
      const Posting& p = postings[i];
      t.add({std::to_string(l.line_no), p.record_id, format_iso(p.billing_date), p.drg,
             pos(p.drg_amount).to_swedish(), pos(p.los_outlier_amount).to_swedish(),
             pos(p.cost_outlier_amount).to_swedish(), pos(p.items_amount).to_swedish(),
             pos(p.tariff_amount).to_swedish(), pos(p.at_cost_amount).to_swedish(),
             pos(p.patient_fee).to_swedish(), l.amount.to_swedish(), l.late ? "sen" : "",
             l.reference_number.empty()
                 ? ""
                 : l.reference_number + ":" + std::to_string(l.reference_line),
             l.reason_code ? std::to_string(l.reason_code) : ""});
    }
    t.add({"", "Totalt", "", "", "", "", "", "", "", "", "", inv->total.to_swedish(), "", "", ""});
    std::string s = head + t.render();
    // A year-end true-up's computation, in words.
    for (const Posting& p : postings)
      if (auto basis = p.has_record() ? std::nullopt : settlement_basis_of(store, p.id))
        s += "\n" + describe(*basis) + "\n";
    std::fwrite(s.data(), 1, s.size(), out);
  }
}

// "N documents, 0300000001..0300000012 (invoiced …, credited …)" for the audit trail.
std::string issued_text(const std::vector<Invoice>& issued) {
  Money invoiced, credited;
  std::string first = issued.front().number, last = first;
  for (const Invoice& i : issued) {
    (i.type == InvoiceType::credit ? credited : invoiced) += i.total;
    first = std::min(first, i.number);
    last = std::max(last, i.number);
  }
  return std::to_string(issued.size()) + (issued.size() == 1 ? " document " : " documents ") +
         first + ".." + last + " (invoiced " + invoiced.to_string() + ", credited " +
         credited.to_string() + ")";
}

std::string held_json(const std::vector<HeldListing>& list) {
  boost::json::array rows;
  for (const HeldListing& h : list)
    rows.push_back({{"seller", h.seller},
                    {"record_id", h.record_id},
                    {"version", h.record_version},
                    {"buyer", h.buyer},
                    {"billing_date", h.billing_date},
                    {"since", h.since},
                    {"reason", h.reason},
                    {"reason_sv", held_reason_for_people(h.reason, h.reason_sv)},
                    {"as_of", h.as_of},
                    {"newer_version", h.newer_version}});
  return boost::json::serialize(rows) + "\n";
}

std::string credit_reason_text(int64_t code) {
  // The national reason codes (docs/ledger.md#invoices-and-credit-notes).
  static const char* const kText[] = {"",
                                      "fel region",
                                      "fel pris",
                                      "fel DRG/produkt",
                                      "ersatt delfaktura",
                                      "giltig remiss saknas",
                                      "fakturerad mer än sex månader efter vården",
                                      "dubbelfakturering",
                                      "vårddatum efter fakturadatum",
                                      "ej debiterbar"};
  return code >= 1 && code <= 9 ? kText[code] : "";
}

std::string line_listing_json(const std::vector<LineListing>& list) {
  boost::json::array rows;
  for (const LineListing& x : list) {
    boost::json::object o{{"seller", x.seller},   {"number", x.number},
                          {"type", x.type},       {"buyer", x.buyer},
                          {"period", x.period},   {"issue_date", x.issue_date},
                          {"line_id", x.line_no}, {"amount", x.amount.to_string()}};
    o["record_id"] =
        x.record_id.empty() ? boost::json::value(nullptr) : boost::json::value(x.record_id);
    o["billing_date"] = x.billing_date;
    if (x.reason_code) {
      o["reference_invoice"] = x.reference_number;
      o["reference_line"] = x.reference_line;
      o["reason_code"] = x.reason_code;
      o["reason_sv"] = credit_reason_text(x.reason_code);
    }
    rows.push_back(std::move(o));
  }
  return boost::json::serialize(rows) + "\n";
}

}  // namespace vardavtal
