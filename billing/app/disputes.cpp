#include "billing/app/disputes.h"

#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <map>
#include <stdexcept>
#include <tuple>

#include "billing/documents/xlsx_cells.h"
#include "billing/text/text_table.h"
#include "core/error_text.h"
#include "importers/csv_writer.h"

namespace vardavtal {

std::vector<Money> claimed_amounts(const std::vector<Dispute>& list) {
  std::vector<Money> out(list.size());
  std::map<std::tuple<std::string, std::string, std::string, int64_t>, size_t> carrier;
  for (size_t k = 0; k < list.size(); ++k) {
    const Dispute& d = list[k];
    if (d.status != kDisputed) continue;
    auto [it, fresh] = carrier.emplace(std::tuple(d.buyer, d.seller, d.invoice, d.line_id), k);
    if (!fresh && d.disputed > list[it->second].disputed) it->second = k;
  }
  for (const auto& [line, k] : carrier) {
    const Money net = list[k].billed > Money{} ? list[k].billed : Money{};
    out[k] = list[k].disputed > net ? net : list[k].disputed;
  }
  return out;
}

SavedDisputes save_reconciliation(Store& store, const ReconcileReport& report,
                                  const std::string& who) {
  std::vector<DisputeFinding> findings;
  for (const Finding& f : report.findings)
    findings.push_back({f.seller, f.invoice, f.spec_id, f.line_id, f.patient_id, f.care_contact_id,
                        f.reason_code, f.billed, f.expected, f.disputed, f.counted, f.message,
                        f.message_en});
  return save_disputes(store, report.buyer, findings, who);
}

std::string saved_text(const SavedDisputes& saved) {
  return "Sparade " + std::to_string(saved.added) +
         (saved.added == 1 ? " ny tvist" : " nya tvister") + ", " + std::to_string(saved.updated) +
         " fanns redan";
}

std::string disputes_table(const std::vector<Dispute>& list) {
  TextTable t({">nr", "köpare", "säljare", "faktura", ">rad", "patient", "vårdkontakt", ">kod",
               ">fakturerat", ">bestrids", ">krävs", "status", "kommentar", "förklaring"});
  std::map<std::string, std::pair<int, Money>> by_status;
  const std::vector<Money> claimed = claimed_amounts(list);
  for (size_t k = 0; k < list.size(); ++k) {
    const Dispute& d = list[k];
    const std::string status =
        d.credit_note.empty() ? d.status : d.status + " (" + d.credit_note + ")";
    t.add({std::to_string(d.id), d.buyer, d.seller, d.invoice, std::to_string(d.line_id),
           d.patient_id, d.care_contact_id, std::to_string(d.reason_code), d.billed.to_swedish(),
           d.disputed.to_swedish(), claimed[k].to_swedish(), status, d.comment, d.message});
    auto& [n, sum] = by_status[d.status];
    ++n;
    sum += claimed[k];
  }
  if (list.empty()) return "Inga tvister.\n";
  std::string s = t.render() + "\n";
  TextTable totals({"status", ">tvister", ">krävs"});
  for (const auto& [status, x] : by_status)
    totals.add({status, std::to_string(x.first), x.second.to_swedish()});
  return s + totals.render() +
         "Krävs: det som fortfarande bestrids; en rad med flera fynd krävs en gång, med det "
         "största beloppet, högst radens netto.\n";
}

std::string disputes_json(const std::vector<Dispute>& list) {
  boost::json::array a;
  const std::vector<Money> claimed = claimed_amounts(list);
  for (size_t k = 0; k < list.size(); ++k) {
    const Dispute& d = list[k];
    boost::json::object x;
    x["id"] = d.id;
    x["buyer"] = d.buyer;
    x["seller"] = d.seller;
    x["invoice"] = d.invoice;
    x["spec_id"] = d.spec_id;
    x["line_id"] = d.line_id;
    x["patient_id"] = d.patient_id;
    x["care_contact_id"] = d.care_contact_id;
    x["reason_code"] = d.reason_code;
    x["billed"] = d.billed.to_string();
    if (d.expected)
      x["expected"] = d.expected->to_string();
    else
      x["expected"] = nullptr;
    x["disputed"] = d.disputed.to_string();
    x["counted"] = d.counted.to_string();
    x["claimed"] = claimed[k].to_string();
    x["message"] = d.message;
    x["message_en"] = d.message_en;
    x["status"] = d.status;
    x["credit_note"] = d.credit_note;
    x["comment"] = d.comment;
    x["found_at"] = d.found_at;
    x["updated_at"] = d.updated_at;
    x["updated_by"] = d.updated_by;
    a.push_back(std::move(x));
  }
  return boost::json::serialize(a) + "\n";
}

void write_disputes_csv(const std::vector<Dispute>& list, std::FILE* out, CsvDialect dialect) {
  CsvWriter w(
      out, {"id",         "buyer",           "seller",      "invoice",     "spec_id",  "line_id",
            "patient_id", "care_contact_id", "reason_code", "billed",      "expected", "disputed",
            "counted",    "claimed",         "status",      "credit_note", "comment",  "message",
            "message_en", "found_at",        "updated_at"},
      CsvText::guarded, dialect);
  const std::vector<Money> claimed = claimed_amounts(list);
  for (size_t k = 0; k < list.size(); ++k) {
    const Dispute& d = list[k];
    w.field(d.id).field(d.buyer).field(d.seller).field(d.invoice).field(d.spec_id);
    w.field(d.line_id).field(d.patient_id).field(d.care_contact_id).field(d.reason_code);
    w.field_fixed(d.billed.ore(), 2);
    if (d.expected)
      w.field_fixed(d.expected->ore(), 2);
    else
      w.empty();
    w.field_fixed(d.disputed.ore(), 2).field_fixed(d.counted.ore(), 2);
    w.field_fixed(claimed[k].ore(), 2);
    w.field(d.status).field(d.credit_note).field(d.comment).field(d.message).field(d.message_en);
    w.field(d.found_at).field(d.updated_at);
    w.end_row();
  }
  w.close();
}

void write_disputes_xlsx(const std::vector<Dispute>& list, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw cannot_create(path);
  const AmountFormats f = amount_formats(wb);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Tvistelista");
  const char* heads[] = {"Nr",      "Köpare",      "Säljare",   "Faktura",    "Rad",
                         "Patient", "Vårdkontakt", "Kreditkod", "Fakturerat", "Bestrids",
                         "Krävs",   "Status",      "Kommentar", "Förklaring"};
  constexpr lxw_col_t kCols = 14;
  for (lxw_col_t c = 0; c < kCols; ++c) worksheet_write_string(ws, 0, c, heads[c], f.bold);
  lxw_row_t row = 1;
  Money counted;
  const std::vector<Money> claimed = claimed_amounts(list);
  for (size_t k = 0; k < list.size(); ++k) {
    const Dispute& d = list[k];
    worksheet_write_number(ws, row, 0, static_cast<double>(d.id), nullptr);
    worksheet_write_string(ws, row, 1, d.buyer.c_str(), nullptr);
    worksheet_write_string(ws, row, 2, d.seller.c_str(), nullptr);
    worksheet_write_string(ws, row, 3, d.invoice.c_str(), nullptr);
    worksheet_write_number(ws, row, 4, static_cast<double>(d.line_id), nullptr);
    worksheet_write_string(ws, row, 5, d.patient_id.c_str(), nullptr);
    worksheet_write_string(ws, row, 6, d.care_contact_id.c_str(), nullptr);
    worksheet_write_number(ws, row, 7, static_cast<double>(d.reason_code), nullptr);
    write_money(ws, row, 8, d.billed, f.money);
    write_money(ws, row, 9, d.disputed, f.money);
    write_money(ws, row, 10, claimed[k], f.money);
    const std::string status =
        d.credit_note.empty() ? d.status : d.status + " (" + d.credit_note + ")";
    worksheet_write_string(ws, row, 11, status.c_str(), nullptr);
    worksheet_write_string(ws, row, 12, d.comment.c_str(), nullptr);
    worksheet_write_string(ws, row, 13, d.message.c_str(), nullptr);
    counted += claimed[k];
    ++row;
  }
  worksheet_write_string(ws, row, 9, "Summa", f.bold);
  write_money_sum(ws, row, 10, 1, row - 1, counted, f.bold_money);
  worksheet_write_string(ws, row + 1, 0,
                         "Krävs: det som fortfarande bestrids; en rad med flera fynd krävs en "
                         "gång, med det största beloppet, högst radens netto.",
                         nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  if (row > 1) worksheet_autofilter(ws, 0, 0, row - 1, kCols - 1);
  worksheet_set_column(ws, 0, 0, 6, nullptr);
  worksheet_set_column(ws, 1, 4, 12, nullptr);
  worksheet_set_column(ws, 5, 6, 16, nullptr);
  worksheet_set_column(ws, 7, 11, 14, nullptr);
  worksheet_set_column(ws, 12, 12, 30, nullptr);
  worksheet_set_column(ws, 13, 13, 90, nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR) throw cannot_write(path);
}

}  // namespace vardavtal
