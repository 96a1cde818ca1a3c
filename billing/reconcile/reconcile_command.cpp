#include "billing/reconcile/reconcile_command.h"

#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <set>

#include "billing/documents/xlsx_cells.h"
#include "billing/generator/csv_writer.h"
#include "billing/reconcile/reconcile.h"
#include "billing/resolve.h"
#include "billing/text_table.h"
#include "importers/importers.h"
#include "store/pricing_reads.h"
#include "store/purchaser_reads.h"

namespace vardavtal {

const char* const kReconcileHelp =
    "usage: vardavtal [--db PATH|URL] reconcile --buyer COUNTY --spec FILE...\n"
    "                 [--referrals FILE] [--residents FILE] [--force]\n"
    "                 [--format table|csv|json|xlsx] [--out FILE]\n"
    "Checks every line of the received specifications (fakturaunderlag XML from any\n"
    "seller, or this product's CSV specification) as the buying region: registration\n"
    "(code 1), re-pricing under the agreements in the database and the amount rules\n"
    "ÖR26-ÖR28, ÖR5 (2), referral for planned care (5), more than six months late (6),\n"
    "double billing (7), care after the issue date (8). Referrals and residents come\n"
    "from the files when given, else from the database. A line's hospital is found\n"
    "from its care unit (HSA id, else name), or from the organisation number when\n"
    "that names one hospital. A specification addressed to another region (its\n"
    "customer party) is refused, with every other file, unless --force. Exit status\n"
    "0 when the report is written (with or without findings), 1 when a file cannot\n"
    "be read or is refused (no report then).\n";

namespace {

std::string amount(Money m) {
  return m.to_string();
}

std::string kr(Money m) {
  // Swedish style with öre: "1 234,56".
  return swedish_decimal(m.ore(), 2, true);
}

template <class T>
void read_file_rows(const std::string& path, Store& store,
                    long (*reader)(const std::string&, const ImportOptions&, const KnownCodes&,
                                   ErrorList&, const BatchSink<T>&),
                    const std::set<std::string>& patients,
                    std::map<std::string, std::vector<T>>& out) {
  std::set<std::string> regions = store.region_codes(), hospitals = store.hospital_codes();
  KnownCodes known{[&](std::string_view c) { return regions.count(std::string(c)) > 0; },
                   [&](std::string_view c) { return hospitals.count(std::string(c)) > 0; }};
  ErrorList errors;
  ImportOptions options;
  reader(path, options, known, errors, [&](std::span<Located<T>> rows) {
    for (const Located<T>& r : rows)
      if (patients.count(r.row.patient_id)) out[r.row.patient_id].push_back(r.row);
  });
  if (!errors.empty()) throw std::runtime_error(path + " rejected:\n" + errors.report());
}

void write_csv(const ReconcileReport& r, std::FILE* out) {
  CsvWriter w(out, {"file", "seller", "invoice", "spec_id", "line_id", "patient_id",
                    "care_contact_id", "reason_code", "billed", "expected", "disputed", "message"});
  for (const Finding& f : r.findings) {
    w.field(f.file).field(f.seller).field(f.invoice).field(f.spec_id);
    w.field(static_cast<int64_t>(f.line_id)).field(f.patient_id).field(f.care_contact_id);
    w.field(static_cast<int64_t>(f.reason_code)).field_fixed(f.billed.ore(), 2);
    if (f.expected)
      w.field_fixed(f.expected->ore(), 2);
    else
      w.empty();
    w.field_fixed(f.disputed.ore(), 2).field(f.message);
    w.end_row();
  }
  w.close();
}

}  // namespace

std::string reconcile_json(const ReconcileReport& r) {
  boost::json::object o;
  o["buyer"] = r.buyer;
  boost::json::array findings;
  for (const Finding& f : r.findings) {
    boost::json::object x;
    x["file"] = f.file;
    x["seller"] = f.seller;
    x["invoice"] = f.invoice;
    x["spec_id"] = f.spec_id;
    x["line_id"] = f.line_id;
    x["patient_id"] = f.patient_id;
    x["care_contact_id"] = f.care_contact_id;
    x["reason_code"] = f.reason_code;
    x["billed"] = amount(f.billed);
    if (f.expected)
      x["expected"] = amount(*f.expected);
    else
      x["expected"] = nullptr;
    x["disputed"] = amount(f.disputed);
    x["message"] = f.message;
    findings.push_back(std::move(x));
  }
  o["findings"] = std::move(findings);
  boost::json::array invoices;
  for (const InvoiceTotal& t : r.invoices) {
    boost::json::object x;
    x["seller"] = t.seller;
    x["invoice"] = t.invoice;
    x["spec_id"] = t.spec_id;
    x["lines"] = t.lines;
    x["findings"] = t.findings;
    x["billed"] = amount(t.billed);
    x["disputed"] = amount(t.disputed);
    invoices.push_back(std::move(x));
  }
  o["invoices"] = std::move(invoices);
  boost::json::array sellers;
  for (const auto& [seller, d] : r.disputed_by_seller)
    sellers.push_back(boost::json::object{{"seller", seller}, {"disputed", amount(d)}});
  o["sellers"] = std::move(sellers);
  boost::json::array notes;
  for (const std::string& n : r.notes) notes.push_back(boost::json::string(n));
  o["notes"] = std::move(notes);
  return boost::json::serialize(o) + "\n";
}

namespace {

std::string to_table(const ReconcileReport& r) {
  std::string s = "Avstämning av fakturaunderlag, köpare " + r.buyer + "\n\n";
  TextTable f({"säljare", "faktura", ">rad", "patient", "vårdkontakt", ">kod", ">fakturerat",
               ">förväntat", ">bestrids", "förklaring"});
  for (const Finding& x : r.findings)
    f.add({x.seller, x.invoice, std::to_string(x.line_id), x.patient_id, x.care_contact_id,
           x.reason_code ? std::to_string(x.reason_code) : "-", kr(x.billed),
           x.expected ? kr(*x.expected) : "", kr(x.disputed), x.message});
  s += r.findings.empty() ? "No findings.\n" : f.render();
  s += "\n";
  TextTable t(
      {"säljare", "faktura", "fakturaunderlag", ">rader", ">fynd", ">fakturerat", ">bestrids"});
  Money billed, disputed;
  for (const InvoiceTotal& x : r.invoices) {
    t.add({x.seller, x.invoice, x.spec_id, std::to_string(x.lines), std::to_string(x.findings),
           kr(x.billed), kr(x.disputed)});
    billed += x.billed;
    disputed += x.disputed;
  }
  t.add({"total", "", "", "", "", kr(billed), kr(disputed)});
  s += t.render();
  for (const std::string& n : r.notes) s += "note: " + n + "\n";
  return s;
}

void write_xlsx(const ReconcileReport& r, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw std::runtime_error("cannot create " + path);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  auto number = [&](lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, Money m) {
    write_exact_number(ws, row, col, "=" + std::to_string(m.ore()) + "/100", money, m.to_string());
  };
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Tvistelista");
  const char* heads[] = {"Säljare",   "Faktura",     "Fakturaunderlag", "Rad",
                         "Patient",   "Vårdkontakt", "Kreditkod",       "Fakturerat",
                         "Förväntat", "Bestrids",    "Förklaring"};
  for (lxw_col_t c = 0; c < 11; ++c) worksheet_write_string(ws, 0, c, heads[c], bold);
  lxw_row_t row = 1;
  for (const Finding& f : r.findings) {
    worksheet_write_string(ws, row, 0, f.seller.c_str(), nullptr);
    worksheet_write_string(ws, row, 1, f.invoice.c_str(), nullptr);
    worksheet_write_string(ws, row, 2, f.spec_id.c_str(), nullptr);
    worksheet_write_number(ws, row, 3, f.line_id, nullptr);
    worksheet_write_string(ws, row, 4, f.patient_id.c_str(), nullptr);
    worksheet_write_string(ws, row, 5, f.care_contact_id.c_str(), nullptr);
    if (f.reason_code) worksheet_write_number(ws, row, 6, f.reason_code, nullptr);
    number(ws, row, 7, f.billed);
    if (f.expected) number(ws, row, 8, *f.expected);
    number(ws, row, 9, f.disputed);
    worksheet_write_string(ws, row, 10, f.message.c_str(), nullptr);
    ++row;
  }
  worksheet_set_column(ws, 0, 9, 16, nullptr);
  worksheet_set_column(ws, 10, 10, 80, nullptr);
  lxw_worksheet* totals = workbook_add_worksheet(wb, "Per faktura");
  const char* theads[] = {"Säljare", "Faktura",    "Fakturaunderlag", "Rader",
                          "Fynd",    "Fakturerat", "Bestrids"};
  for (lxw_col_t c = 0; c < 7; ++c) worksheet_write_string(totals, 0, c, theads[c], bold);
  row = 1;
  for (const InvoiceTotal& t : r.invoices) {
    worksheet_write_string(totals, row, 0, t.seller.c_str(), nullptr);
    worksheet_write_string(totals, row, 1, t.invoice.c_str(), nullptr);
    worksheet_write_string(totals, row, 2, t.spec_id.c_str(), nullptr);
    worksheet_write_number(totals, row, 3, t.lines, nullptr);
    worksheet_write_number(totals, row, 4, t.findings, nullptr);
    number(totals, row, 5, t.billed);
    number(totals, row, 6, t.disputed);
    ++row;
  }
  worksheet_set_column(totals, 0, 6, 18, nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("cannot write " + path);
}

}  // namespace

ReconcileReport run_reconcile(Store& store, const std::string& buyer,
                              const std::vector<std::string>& files,
                              const std::optional<std::string>& residents_file,
                              const std::optional<std::string>& referrals_file,
                              bool force) {
  // Everything is read before anything is reported: a bad file gives no report.
  ReconcileInput in;
  in.buyer = buyer;
  for (const std::string& f : files) in.specs.push_back(read_received_spec(f));
  in.regions = latest_regions(store);
  in.hospitals = latest_hospitals(store);
  if (!force) {
    std::string refused;
    for (const std::string& m : addressed_elsewhere(in)) refused += (refused.empty() ? "" : "\n") + m;
    if (!refused.empty()) throw MisaddressedSpecError(refused);
  }
  std::set<std::string> patients;
  for (const ReceivedSpec& s : in.specs)
    for (const ReceivedLine& l : s.lines) patients.insert(l.patient_id);
  const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
  in.catalogue = catalogue.get();
  if (residents_file) {
    read_file_rows<Residence>(*residents_file, store, read_residents, patients, in.residences);
    in.have_residents = true;
  } else {
    in.have_residents = buyer_has_rows(store, "residents", buyer);
    if (in.have_residents) in.residences = residences_of(store, buyer, patients);
  }
  if (referrals_file) {
    read_file_rows<Referral>(*referrals_file, store, read_referrals, patients, in.referrals);
    in.have_referrals = true;
  } else {
    in.have_referrals = buyer_has_rows(store, "referrals", buyer);
    if (in.have_referrals) in.referrals = referrals_of(store, buyer, patients);
  }
  return reconcile(in);
}

int cmd_reconcile(Store& store, const Args& a) {
  store.require_schema();
  const auto buyer = a.get("--buyer");
  if (!buyer) throw UsageError("reconcile needs --buyer COUNTY");
  require_buyer(store, *buyer);
  std::vector<std::string> files;
  if (auto s = a.get("--spec")) files.push_back(*s);
  files.insert(files.end(), a.positional.begin(), a.positional.end());
  if (files.empty()) throw UsageError("reconcile needs --spec FILE...");
  const std::string format = format_option(a, {"table", "csv", "json", "xlsx"});
  if (format == "xlsx" && !a.has("--out")) throw UsageError("--format xlsx needs --out FILE.xlsx");

  ReconcileReport report;
  try {
    report = run_reconcile(store, *buyer, files, a.get("--residents"), a.get("--referrals"),
                           a.has("--force"));
  } catch (const MisaddressedSpecError& e) {
    throw std::runtime_error(std::string(e.what()) + "\n(--force reconciles it anyway)");
  }

  if (format == "xlsx") {
    write_xlsx(report, *a.get("--out"));
  } else {
    std::FILE* out = stdout;
    if (auto path = a.get("--out")) {
      out = std::fopen(path->c_str(), "wb");
      if (!out) throw std::runtime_error("cannot write " + *path);
    }
    std::string text;
    if (format == "csv") {
      write_csv(report, out);
    } else {
      text = format == "json" ? reconcile_json(report) : to_table(report);
      std::fwrite(text.data(), 1, text.size(), out);
    }
    if (out != stdout) std::fclose(out);
  }
  return 0;
}

}  // namespace vardavtal
