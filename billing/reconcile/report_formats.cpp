#include "billing/reconcile/report_formats.h"

#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "billing/documents/xlsx_cells.h"
#include "billing/text/text_table.h"
#include "core/error_text.h"
#include "importers/csv_writer.h"

namespace vardavtal {

namespace {

std::string amount(Money m) {
  return m.to_string();
}

std::string kr(Money m) {
  // Swedish style with öre: "1 234,56".
  return swedish_decimal(m.ore(), 2, true);
}

}  // namespace

void write_report_csv(const ReconcileReport& r, std::FILE* out) {
  CsvWriter w(
      out, {"file", "seller", "invoice", "spec_id", "line_id", "patient_id", "care_contact_id",
            "reason_code", "billed", "expected", "disputed", "counted", "message", "message_en"});
  for (const Finding& f : r.findings) {
    w.field(f.file).field(f.seller).field(f.invoice).field(f.spec_id);
    w.field(static_cast<int64_t>(f.line_id)).field(f.patient_id).field(f.care_contact_id);
    w.field(static_cast<int64_t>(f.reason_code)).field_fixed(f.billed.ore(), 2);
    if (f.expected)
      w.field_fixed(f.expected->ore(), 2);
    else
      w.empty();
    w.field_fixed(f.disputed.ore(), 2).field_fixed(f.counted.ore(), 2);
    w.field(f.message).field(f.message_en);
    w.end_row();
  }
  w.close();
}

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
    x["counted"] = amount(f.counted);
    x["message"] = f.message;
    x["message_en"] = f.message_en;
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
  boost::json::array notes_en;
  for (const std::string& n : r.notes_en) notes_en.push_back(boost::json::string(n));
  o["notes_en"] = std::move(notes_en);
  return boost::json::serialize(o) + "\n";
}

std::string overlap_note() {
  return "En rad med flera fynd bestrids en gång: med det största av fyndens belopp, högst "
         "radens netto. Kolumnen \"räknas\" visar vad varje fynd lägger till summan.";
}

namespace {

// Σ disputed over the findings differs from Σ counted: some line has several.
bool claims_overlap(const ReconcileReport& r) {
  Money disputed, counted;
  for (const Finding& f : r.findings) {
    disputed += f.disputed;
    counted += f.counted;
  }
  return disputed != counted;
}

}  // namespace

std::string report_table(const ReconcileReport& r) {
  std::string s = "Avstämning av fakturaunderlag, köpare " + r.buyer + "\n\n";
  TextTable f({"säljare", "faktura", ">rad", "patient", "vårdkontakt", ">kod", ">fakturerat",
               ">förväntat", ">bestrids", ">räknas", "förklaring"});
  for (const Finding& x : r.findings)
    f.add({x.seller, x.invoice, std::to_string(x.line_id), x.patient_id, x.care_contact_id,
           x.reason_code ? std::to_string(x.reason_code) : "-", kr(x.billed),
           x.expected ? kr(*x.expected) : "", kr(x.disputed), kr(x.counted), x.message});
  s += r.findings.empty() ? "Inga fynd.\n" : f.render();
  if (claims_overlap(r)) s += overlap_note() + "\n";
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
  t.add({"Totalt", "", "", "", "", kr(billed), kr(disputed)});
  s += t.render();
  for (const std::string& n : r.notes) s += "Obs: " + n + "\n";
  return s;
}

namespace {

// The disputed share of what was billed in column H: a live formula on the
// row's F and G, cached with its value (0 when nothing was billed).
void share_cell(lxw_worksheet* ws, lxw_row_t row, Money disputed, Money billed, lxw_format* f) {
  const std::string r = std::to_string(row + 1);
  const double value = billed.ore() > 0
                           ? static_cast<double>(disputed.ore()) / static_cast<double>(billed.ore())
                           : 0.0;
  worksheet_write_formula_num(ws, row, 7, ("=IF(F" + r + ">0,G" + r + "/F" + r + ",0)").c_str(), f,
                              value);
}

}  // namespace

void write_report_xlsx(const ReconcileReport& r, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw cannot_create(path);
  const AmountFormats formats = amount_formats(wb);
  lxw_format* bold = formats.bold;
  lxw_format* bold_money = formats.bold_money;
  auto number = [&](lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, Money m) {
    write_money(ws, row, col, m, formats.money);
  };
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Tvistelista");
  const char* heads[] = {"Säljare",   "Faktura",     "Fakturaunderlag", "Rad",
                         "Patient",   "Vårdkontakt", "Kreditkod",       "Fakturerat",
                         "Förväntat", "Bestrids",    "Räknas",          "Förklaring"};
  for (lxw_col_t c = 0; c < 12; ++c) worksheet_write_string(ws, 0, c, heads[c], bold);
  lxw_row_t row = 1;
  Money counted;
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
    number(ws, row, 10, f.counted);
    worksheet_write_string(ws, row, 11, f.message.c_str(), nullptr);
    counted += f.counted;
    ++row;
  }
  worksheet_write_string(ws, row, 9, "Summa", bold);
  write_money_sum(ws, row, 10, 1, row - 1, counted, bold_money);
  if (claims_overlap(r)) worksheet_write_string(ws, row + 1, 0, overlap_note().c_str(), nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  if (row > 1) worksheet_autofilter(ws, 0, 0, row - 1, 11);
  worksheet_set_column(ws, 0, 3, 14, nullptr);
  worksheet_set_column(ws, 4, 5, 16, nullptr);
  worksheet_set_column(ws, 6, 10, 14, nullptr);
  worksheet_set_column(ws, 11, 11, 90, nullptr);
  lxw_worksheet* totals = workbook_add_worksheet(wb, "Per faktura");
  const char* theads[] = {"Säljare", "Faktura",    "Fakturaunderlag", "Rader",
                          "Fynd",    "Fakturerat", "Bestrids",        "Andel bestridd"};
  for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(totals, 0, c, theads[c], bold);
  lxw_format* percent = workbook_add_format(wb);
  format_set_num_format(percent, "0.0%");
  row = 1;
  Money billed, disputed;
  for (const InvoiceTotal& t : r.invoices) {
    worksheet_write_string(totals, row, 0, t.seller.c_str(), nullptr);
    worksheet_write_string(totals, row, 1, t.invoice.c_str(), nullptr);
    worksheet_write_string(totals, row, 2, t.spec_id.c_str(), nullptr);
    worksheet_write_number(totals, row, 3, t.lines, nullptr);
    worksheet_write_number(totals, row, 4, t.findings, nullptr);
    number(totals, row, 5, t.billed);
    number(totals, row, 6, t.disputed);
    share_cell(totals, row, t.disputed, t.billed, percent);
    billed += t.billed;
    disputed += t.disputed;
    ++row;
  }
  worksheet_write_string(totals, row, 0, "Totalt", bold);
  write_money_sum(totals, row, 5, 1, row - 1, billed, bold_money);
  write_money_sum(totals, row, 6, 1, row - 1, disputed, bold_money);
  share_cell(totals, row, disputed, billed, percent);
  worksheet_freeze_panes(totals, 1, 0);
  if (row > 1) worksheet_autofilter(totals, 0, 0, row - 1, 7);
  worksheet_set_column(totals, 0, 7, 18, nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR) throw cannot_write(path);
}

}  // namespace vardavtal
