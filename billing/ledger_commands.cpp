#include "billing/ledger_commands.h"

#include <boost/json.hpp>
#include <cstdio>
#include <iostream>

#include "billing/billing_run.h"
#include "billing/documents/document_builder.h"
#include "billing/documents/fakturaunderlag.h"
#include "billing/documents/peppol.h"
#include "billing/documents/spec_check.h"
#include "billing/documents/xlsx_spec.h"
#include "billing/generator/csv_writer.h"
#include "billing/resolve.h"
#include "billing/temp_file.h"
#include "billing/text_table.h"
#include "core/decimal.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"

namespace vardavtal {

const char* const kBillHelp =
    "usage: vardavtal [--db PATH|URL] bill --through YYYY-MM [--seller S] [--issue-date DATE]\n"
    "\n"
    "Prices every record version not yet posted whose billing date is on or before\n"
    "the month's end, posts it to the append-only ledger and issues, per seller,\n"
    "buyer and month not yet billed: a care invoice (380), a subscription invoice\n"
    "for the month's installment, and credit notes (381) for corrected versions\n"
    "(reason 1 county changed, 2 amounts changed, 3 DRG changed). Running it again\n"
    "issues nothing new. Held records are listed with their reasons.\n"
    "Issue date: the day after each billed month unless --issue-date; due 30 days later.\n";

const char* const kInvoicesHelp =
    "usage: vardavtal [--db PATH|URL] invoices [--seller S] [--buyer B] [--period YYYY-MM]\n"
    "                 [--format table|csv|json]\n"
    "\n"
    "Lists issued invoices and credit notes, with late lines (invoiced more than\n"
    "six months after care).\n";

const char* const kInvoiceHelp =
    "usage: vardavtal [--db PATH|URL] invoice NUMBER [--seller S]\n"
    "                 [--format table|csv|json|xlsx|fakturaunderlag|peppol] [--out FILE]\n"
    "\n"
    "One invoice or credit note with its lines, or one of its documents:\n"
    "fakturaunderlag (the national ProcessClaimSpecification XML; care invoices and\n"
    "credit notes), peppol (a Peppol BIS Billing 3.0 UBL invoice or credit note),\n"
    "xlsx (the specification a purchaser reads; needs --out).\n";

const char* const kCheckSpecHelp =
    "usage: vardavtal check-spec FILE...\n"
    "\n"
    "Checks fakturaunderlag files from any sender against the national schema and\n"
    "the rules ÖR2-ÖR52 that can be checked from the document, and reports each\n"
    "violation as FILE:LINE: RULE: message. Exit status 1 on any violation.\n";

const char* const kVerifyHelp =
    "usage: vardavtal [--db PATH|URL] verify\n"
    "\n"
    "Checks the ledger's invariants: every posting on exactly one invoice line;\n"
    "each invoice's total = its lines = its postings; numbers unique and gapless\n"
    "per region; credit references point at the reversed lines; no posting\n"
    "changed. Prints OK or every violation (exit status 1).\n";

namespace {

// The document formats of `invoice`: built from the ledger into an
// InvoiceDocument, then written by the format's writer.
int write_document(Store& store, const Invoice& inv, const std::string& format,
                   const std::optional<std::string>& out) {
  if (format == "xlsx") {
    if (!out) throw UsageError("--format xlsx needs --out FILE.xlsx");
    const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
    write_xlsx_specification(build_document(store, *catalogue, inv), *out);
    return 0;
  }
  const std::string text = invoice_document(store, inv, format);
  std::FILE* f = out ? std::fopen(out->c_str(), "wb") : stdout;
  if (!f) throw std::runtime_error("cannot write " + *out);
  std::fwrite(text.data(), 1, text.size(), f);
  if (f != stdout) std::fclose(f);
  return 0;
}

}  // namespace

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

int cmd_bill(Store& store, const Args& a) {
  BillOptions o;
  auto through = a.period("--through");
  if (!through) throw UsageError("bill needs --through YYYY-MM");
  o.through = *through;
  o.seller = a.get("--seller");
  store.require_schema();
  require_seller(store, o.seller);
  if (auto d = a.get("--issue-date")) {
    auto parsed = parse_iso_date(*d);
    if (!parsed) throw UsageError("--issue-date takes YYYY-MM-DD, not '" + *d + "'");
    o.issue_date = *parsed;
  }
  BillResult r = run_billing(store, o);
  TextTable t({"seller", "months", ">care invoices", ">credit notes", ">subscription inv.",
               ">lines", ">late lines", ">invoiced", ">credited", ">waiting"});
  for (const BillSummary& s : r.sellers)
    t.add({s.seller, s.from_period ? s.from_period->str() + ".." + s.to_period->str() : "-",
           format_thousands(s.care_invoices), format_thousands(s.credit_notes),
           format_thousands(s.subscription_invoices), format_thousands(s.lines),
           format_thousands(s.late_lines), s.invoiced.to_swedish(), s.credited.to_swedish(),
           format_thousands(s.waiting)});
  std::cout << t.render();
  for (const BillSummary& s : r.sellers)
    if (s.waiting)
      std::cout << s.seller << ": " << s.waiting
                << " postings wait for the next month not yet billed (run bill with a later "
                   "--through)\n";
  if (!r.held.empty()) {
    std::cout << "\n" << r.held.size() << " held records (not billed until fixed):\n";
    TextTable h({"seller", "record", "billing date", "reason"});
    for (const HeldRecord& x : r.held)
      h.add({x.seller, x.record_id, format_iso(x.billing_date), x.reason});
    std::cout << h.render();
  }
  return 0;
}

int cmd_invoices(Store& store, const Args& a) {
  const Format format = format_of(a);
  store.require_schema();
  LedgerStore ledger(store);
  LedgerStore::Filter f{a.get("--seller"), a.get("--buyer"), a.period("--period")};
  require_seller(store, f.seller);
  require_buyer(store, f.buyer);
  std::vector<Invoice> list = ledger.invoices(f);
  if (format == Format::json) {
    std::cout << invoices_json(list);
    return 0;
  }
  if (format == Format::csv) {
    CsvWriter out(stdout,
                  {"number", "type", "kind", "seller", "buyer", "period", "issue_date", "due_date",
                   "spec_id", "reference_invoice", "total", "lines", "late_lines"});
    for (const Invoice& i : list) {
      out.field(i.number).field(to_string(i.type)).field(to_string(i.kind)).field(i.seller);
      out.field(i.buyer).field(i.period.str()).field(i.issue_date).field(i.due_date).field(i.spec_id);
      out.field(i.reference_number).field_fixed(i.total.ore(), 2).field(i.lines);
      out.field(i.late_lines);
      out.end_row();
    }
    out.close();
    return 0;
  }
  TextTable t({"number", "type", "kind", "seller", "buyer", "period", "issued", "due",
               "specification", ">total", ">lines", ">late"});
  Money invoiced, credited;
  for (const Invoice& i : list) {
    t.add({i.number, std::string(to_string(i.type)), std::string(to_string(i.kind)), i.seller,
           i.buyer, i.period.str(), format_iso(i.issue_date), format_iso(i.due_date), i.spec_id,
           i.total.to_swedish(), format_thousands(i.lines), format_thousands(i.late_lines)});
    (i.type == InvoiceType::credit ? credited : invoiced) += i.total;
  }
  t.add({"total", std::to_string(list.size()) + " documents", "", "", "", "", "", "",
         "credited " + credited.to_swedish(), (invoiced - credited).to_swedish(), "", ""});
  std::cout << t.render();
  return 0;
}

int cmd_invoice(Store& store, const Args& a) {
  const std::string fmt =
      format_option(a, {"table", "csv", "json", "xlsx", "peppol", "fakturaunderlag"});
  const bool document = fmt == "peppol" || fmt == "xlsx" || fmt == "fakturaunderlag";
  const Format format = listing_format(fmt);
  if (a.positional.size() != 1) throw UsageError("invoice needs one NUMBER");
  store.require_schema();
  require_seller(store, a.get("--seller"));
  LedgerStore ledger(store);
  auto inv = ledger.invoice(a.positional[0], a.get("--seller"));
  if (!inv) {
    std::cerr << "vardavtal: no invoice " << a.positional[0] << "\n";
    return 1;
  }
  if (document) return write_document(store, *inv, fmt, a.get("--out"));
  std::FILE* out = stdout;
  if (auto path = a.get("--out")) {
    out = std::fopen(path->c_str(), "wb");
    if (!out) throw std::runtime_error("cannot write " + *path);
  }
  write_invoice(store, *inv, format, out);
  if (out != stdout) std::fclose(out);
  return 0;
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

int cmd_check_spec(const Args& a) {
  if (a.positional.empty()) throw UsageError("check-spec needs at least one FILE");
  size_t total = 0;
  for (const std::string& path : a.positional) {
    std::vector<SpecViolation> v = check_spec(path);
    if (v.empty()) std::cout << path << ": OK\n";
    for (const SpecViolation& x : v)
      std::cout << path << ":" << x.line << ": " << x.rule << ": " << x.message << "\n";
    total += v.size();
  }
  if (total) std::cout << total << (total == 1 ? " violation" : " violations") << "\n";
  return total ? 1 : 0;
}

int cmd_verify(Store& store, const Args&) {
  store.require_schema();
  LedgerStore ledger(store);
  std::vector<std::string> problems = ledger.verify();
  if (problems.empty()) {
    std::cout << "OK\n";
    return 0;
  }
  for (const auto& p : problems) std::cout << p << "\n";
  std::cout << problems.size() << (problems.size() == 1 ? " violation" : " violations") << "\n";
  return 1;
}

}  // namespace vardavtal
