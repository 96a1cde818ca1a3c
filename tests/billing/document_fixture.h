// Shared by the document tests (fakturaunderlag_test, received_spec_test,
// peppol_test): a temporary directory to write documents into, the parties
// (Akademiska sjukhuset selling to Region Dalarna), the lines both
// specification tests use, and the headers of the care invoice 2021000042
// (April 2021) and its credit note 2021000043. Every amount is hand-computed
// in the comments; each test adds its own lines.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "billing/documents/invoice_document.h"
#include "core/date.h"
#include "core/money.h"

namespace vardavtal::document_fixture {

inline Date ymd(int y, unsigned m, unsigned d) {
  return Date{date::year{y}, date::month{m}, date::day{d}};
}
inline Money kr(int64_t ore) {
  return Money::from_ore(ore);
}

// "Today" for the writers' date rules: after every issue date below.
inline const Date kToday = ymd(2021, 5, 10);

// A fresh temporary directory, removed with everything in it at the end of
// the scope; write() puts a file there and returns its path.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "document_test_XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string write(const std::string& name, const std::string& text) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::string path_;
};

// Akademiska sjukhuset sells in the name of Region Uppsala (its org number).
inline DocumentParty seller() {
  return {"AS", "Akademiska sjukhuset", "2321000024", "03", "SE2321000024-E000000000001"};
}
inline DocumentParty buyer() {
  return {"20", "Region Dalarna", "2321000180", "20", ""};
}

// An inpatient stay 2021-02-10 – 2021-03-20 (36 care days, 2 on leave) priced
// by the surcharge method: DRG price and both outlier amounts,
// gross = net = 150 000.00 + 34 963.50 + 12 500.25 = 197 463.75.
// Line number, record, patient, municipality and field are the caller's.
inline DocumentLine drg_outlier_stay() {
  DocumentLine l;
  l.care_type = CareType::inpatient;
  l.main_diagnosis = "I490";
  l.admission_date = ymd(2021, 2, 10);
  l.discharge_date = ymd(2021, 3, 20);
  l.leave_days = 2;
  l.care_days = 36;
  l.drg = "F14N";
  l.drg_amount = kr(15000000);          // 150 000.00
  l.los_outlier_amount = kr(3496350);   //  34 963.50
  l.cost_outlier_amount = kr(1250025);  //  12 500.25
  l.gross = kr(19746375);               // 197 463.75
  l.net = kr(19746375);
  return l;
}

// Gives `l` two patient-specific items (one name to escape) and their sum;
// gross and net are left to the caller.
inline void add_items(DocumentLine& l) {
  l.items = {{"IMPL-7", "Pacemaker", 2, kr(1234567), kr(2469134)},        // 2 × 12 345.67
             {"LAK-3", "Läkemedel <X> & Y", 3, kr(100005), kr(300015)}};  // 3 × 1 000.05
  l.items_amount = kr(2769149);                                           //  27 691.49
}

// Line 3: a doctor's visit with a patient fee under a 50 % subscription
// (docs/fakturaunderlag.md's example):
// DRG-based value 2 345.67, variable part round(0.5 × 2 345.67) = 1 172.84,
// subscription share 2 345.67 − 1 172.84 = 1 172.83;
// gross = 2 345.67 − 200.00 = 2 145.67 (ÖR27),
// net = 2 145.67 − 1 172.83 = 972.84 = the variable part 1 172.84 − 200.00 (ÖR28).
inline DocumentLine subscription_line() {
  DocumentLine l;
  l.line_no = 3;
  l.record_id = "VK-1003";
  l.patient_id = "198001620007";  // samordningsnummer (day + 60)
  l.municipality = "2062";
  l.care_type = CareType::doctor_visit;
  l.clinic = "Ögon";
  l.medical_field_code = "511";
  l.admission_date = ymd(2021, 4, 20);
  l.drg = "C80O";
  l.referral_id = "REM-3";
  l.drg_amount = kr(234567);
  l.patient_fee = kr(20000);
  l.gross = kr(214567);
  l.subscription_share = kr(117283);
  l.net = kr(97284);
  return l;
}

// The care invoice 2021000042 from seller() to buyer() for April 2021, issued
// 2021-05-03, with `lines` and their hand-computed `total`.
inline InvoiceDocument invoice_with(std::vector<DocumentLine> lines, Money total) {
  InvoiceDocument d;
  d.number = "2021000042";
  d.type = DocumentType::invoice;
  d.kind = InvoiceKind::care;
  d.seller = seller();
  d.buyer = buyer();
  d.period = Period(2021, 4);
  d.issue_date = ymd(2021, 5, 3);
  d.due_date = ymd(2021, 6, 2);
  d.spec_id = "ZVF23210000242105000042";
  d.agreement_id = "MSV-2a-AS-2021";
  d.price_list = 2;
  d.lines = std::move(lines);
  d.total = total;
  return d;
}

// `line` as line `line_no` of a credit note reversing it with `reason_code`
// (amounts stay positive).
inline DocumentLine credited(DocumentLine line, int line_no, int reason_code) {
  line.reference_line = line.line_no;
  line.line_no = line_no;
  line.reason_code = reason_code;
  return line;
}

// The credit note 2021000043, issued 2021-05-07, referring to `invoice`
// (from invoice_with) with `lines`; its total is the sum of their net amounts.
inline InvoiceDocument credit_note_for(const InvoiceDocument& invoice,
                                       std::vector<DocumentLine> lines) {
  InvoiceDocument d = invoice;
  d.number = "2021000043";
  d.type = DocumentType::credit;
  d.issue_date = ymd(2021, 5, 7);
  d.spec_id = "ZVF23210000242105000043";
  d.reference_invoice = invoice.number;
  d.reference_spec_id = invoice.spec_id;
  d.reference_issue_date = invoice.issue_date;
  d.lines = std::move(lines);
  d.total = Money{};
  for (const DocumentLine& l : d.lines) d.total += l.net;
  return d;
}

// Agreement models (billing rules §8). Line 1: a DRG-exempt psychiatric stay
// priced by tariff (§8.7 example 1):
// 2021-03-01 – 2021-03-15 with 2 leave days = 12 care days × 7 412.50 =
// 88 950.00 = gross = net; referred for medical reasons under a Regionavtal,
// care level 3 (regionsjukvård).
inline DocumentLine tariff_stay() {
  DocumentLine l;
  l.line_no = 1;
  l.record_id = "VK-2001";
  l.patient_id = "195001011237";
  l.municipality = "2080";
  l.care_type = CareType::inpatient;
  l.clinic = "Psykiatri";
  l.medical_field_code = "901";  // psychiatry: no diagnosis (ÖR31, ÖR33)
  l.admission_date = ymd(2021, 3, 1);
  l.discharge_date = ymd(2021, 3, 15);
  l.leave_days = 2;
  l.care_days = 12;
  l.referral_id = "REM-8";
  l.tariff = DocumentTariff{"TAR-care_day",       "Psykiatrisk vård, vårddygn",
                            TariffUnit::care_day, 12,
                            kr(741250),           kr(8895000)};
  l.tariff_amount = kr(8895000);  // 88 950.00
  l.gross = kr(8895000);
  l.net = kr(8895000);
  l.agreement_type = 2;
  l.referral_reason = ReferralReason::medical;
  l.care_level = 3;
  return l;
}

// Line 2: a doctor's visit with a DRG and items at cost above the threshold
// (§8.7 example 2): 38 000.00 + 27 500.50 − 50 000.00 = 15 500.50;
// gross = net = 2 345.67 + 15 500.50 = 17 846.17. No referral: open care
// under Riksavtalet 4.1.
inline DocumentLine at_cost_visit() {
  DocumentLine l;
  l.line_no = 2;
  l.record_id = "VK-2002";
  l.patient_id = "196203251234";
  l.municipality = "2062";
  l.care_type = CareType::doctor_visit;
  l.clinic = "Ortopedi";
  l.medical_field_code = "311";
  l.main_diagnosis = "M161";
  l.admission_date = ymd(2021, 4, 12);
  l.drg = "C80O";
  l.drg_amount = kr(234567);
  l.at_cost_amount = kr(1550050);
  l.costs = {{"IMPL-9", 1, kr(3800000), "LOT-4711"}, {"IMPL-10", 2, kr(2750050), ""}};
  l.gross = kr(1784617);
  l.net = kr(1784617);
  l.riksavtal_chapter = "4.1";
  return l;
}

}  // namespace vardavtal::document_fixture
