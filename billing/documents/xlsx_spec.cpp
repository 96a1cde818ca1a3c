#include "billing/documents/xlsx_spec.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "billing/documents/xlsx_cells.h"
#include "core/error_text.h"
#include "core/text.h"

namespace vardavtal {

namespace {
constexpr int kColumns = 26;
constexpr int kNet = 20;  // the column of the net amount ("Netto")

// Money as an exact number cell (öre / 100).
void money(lxw_worksheet* ws, int row, int col, Money m, lxw_format* f) {
  write_exact_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                     "=" + std::to_string(m.ore()) + "/100", f, m.to_string());
}
// Each column as wide as its heading and its widest text (amounts and dates
// at least 12), at most 40 characters.
void fit_columns(lxw_worksheet* ws, const InvoiceDocument& d, const char* const* headings) {
  std::vector<size_t> w(kColumns, 12);
  for (int c = 0; c < kColumns; ++c) w[c] = std::max(w[c], utf8_length(headings[c]));
  for (const DocumentLine& l : d.lines)
    for (const auto& [c, text] : {std::pair<int, const std::string*>{1, &l.record_id},
                                  {1, &l.description},
                                  {4, &l.municipality},
                                  {6, &l.clinic},
                                  {kNet + 1, &l.referral_id}})
      w[c] = std::max(w[c], utf8_length(*text));
  w[3] = std::max<size_t>(w[3], 13);  // a personnummer
  for (int c = 0; c < kColumns; ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         static_cast<double>(std::min<size_t>(w[c] + 2, 40)), nullptr);
}

void text(lxw_worksheet* ws, int row, int col, const std::string& s, lxw_format* f = nullptr) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s.c_str(), f);
}
}  // namespace

void write_xlsx_specification(const InvoiceDocument& d, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw cannot_create(path);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Specifikation");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* amount = workbook_add_format(wb);
  format_set_num_format(amount, "#,##0.00");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bottom(head, LXW_BORDER_THIN);

  const bool credit = d.type == DocumentType::credit;
  text(ws, 0, 0, std::string(credit ? "Kreditfaktura " : "Faktura ") + d.number, bold);
  text(ws, 1, 0, "Säljare");
  text(ws, 1, 1, d.seller.name + " (" + d.seller.org_number + ")");
  text(ws, 2, 0, "Köpare");
  text(ws, 2, 1, d.buyer.name + " (" + d.buyer.org_number + ")");
  text(ws, 3, 0, "Period");
  text(ws, 3, 1, d.period ? d.period->str() : d.year ? std::to_string(*d.year) : "");
  text(ws, 4, 0, "Fakturadatum");
  text(ws, 4, 1, format_iso(d.issue_date));
  text(ws, 5, 0, "Förfallodatum");
  text(ws, 5, 1, format_iso(d.due_date));
  text(ws, 6, 0, "Fakturaunderlag");
  text(ws, 6, 1, d.spec_id);
  if (credit) {
    text(ws, 7, 0, "Krediterar faktura");
    text(ws, 7, 1, d.reference_invoice);
  }
  const char* cols[] = {"Rad", "Vårdkontakt", "Version", "Personnummer", "Kommun", "Vårdtyp",
                        "Klinik", "Inskrivning", "Utskrivning", "Vårddagar", "DRG", "DRG-pris",
                        "Ytterfall vårdtid", "Ytterfall kostnad", "Patientspecifikt",
                        "Åtgärdsersättning", "Tilläggsdebitering", "Patientavgift", "Brutto",
                        "Abonnemang", "Netto", "Remiss", "Sen", "Avser faktura", "Avser rad",
                        "Orsakskod"};
  const int top = 9;
  for (int c = 0; c < kColumns; ++c) text(ws, top, c, cols[c], head);
  int row = top + 1;
  for (const DocumentLine& l : d.lines) {
    worksheet_write_number(ws, static_cast<lxw_row_t>(row), 0, l.line_no, nullptr);
    if (d.kind != InvoiceKind::care) {
      text(ws, row, 1, l.description);
      money(ws, row, kNet, l.net, amount);
      ++row;
      continue;
    }
    text(ws, row, 1, l.record_id);
    worksheet_write_number(ws, static_cast<lxw_row_t>(row), 2, static_cast<int>(l.record_version), nullptr);
    text(ws, row, 3, l.patient_id);
    text(ws, row, 4, l.municipality);
    text(ws, row, 5, std::string(swedish_name(l.care_type)));
    text(ws, row, 6, l.clinic);
    text(ws, row, 7, format_iso(l.admission_date));
    text(ws, row, 8, l.discharge_date ? format_iso(*l.discharge_date) : "");
    worksheet_write_number(ws, static_cast<lxw_row_t>(row), 9, l.care_days, nullptr);
    text(ws, row, 10, l.drg);
    int c = 11;
    for (Money m : {l.drg_amount, l.los_outlier_amount, l.cost_outlier_amount, l.items_amount,
                    l.tariff_amount, l.at_cost_amount, l.patient_fee, l.gross,
                    l.subscription_share, l.net})
      money(ws, row, c++, m, amount);
    text(ws, row, kNet + 1, l.referral_id);
    text(ws, row, kNet + 2, l.late ? "sen (> 6 mån)" : "");
    if (credit) {
      text(ws, row, kNet + 3, l.reference_invoice);
      worksheet_write_number(ws, static_cast<lxw_row_t>(row), kNet + 4, l.reference_line, nullptr);
      worksheet_write_number(ws, static_cast<lxw_row_t>(row), kNet + 5, l.reason_code, nullptr);
    }
    ++row;
  }
  text(ws, row, kNet - 1, "Summa", bold);
  // The total a live SUM of the lines' net when it is exactly their sum (it
  // always is; checked, so that the cell can never disagree with the ledger).
  Money sum;
  for (const DocumentLine& l : d.lines) sum += l.net;
  if (sum == d.total && !d.lines.empty()) {
    char range[64];
    lxw_rowcol_to_range(range, static_cast<lxw_row_t>(top + 1), kNet,
                        static_cast<lxw_row_t>(row - 1), kNet);
    write_exact_number(ws, static_cast<lxw_row_t>(row), kNet, "=SUM(" + std::string(range) + ")",
                       amount, d.total.to_string());
  } else {
    money(ws, row, kNet, d.total, amount);
  }
  fit_columns(ws, d, cols);
  worksheet_freeze_panes(ws, static_cast<lxw_row_t>(top + 1), 0);
  if (!d.lines.empty())
    worksheet_autofilter(ws, static_cast<lxw_row_t>(top), 0, static_cast<lxw_row_t>(row - 1),
                         kColumns - 1);
  if (workbook_close(wb) != LXW_NO_ERROR) throw cannot_write(path);
}

}  // namespace vardavtal
