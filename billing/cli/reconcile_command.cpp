#include "billing/cli/reconcile_command.h"

#include <cstdio>
#include <iostream>

#include "billing/app/disputes.h"
#include "billing/app/reconcile_run.h"
#include "billing/app/resolve.h"
#include "billing/reconcile/report_formats.h"
#include "core/error_text.h"
#include "store/access_log.h"
#include "store/audit.h"

namespace vardavtal {

const char* const kReconcileHelp =
    "usage: vardavtal [--db PATH|URL] reconcile --buyer COUNTY --spec FILE...\n"
    "                 [--referrals FILE] [--residents FILE] [--force]\n"
    "                 [--format table|csv|json|xlsx] [--out FILE] [--save]\n"
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
    "be read or is refused (no report then). --save keeps the findings as the\n"
    "buyer's disputes (see 'vardavtal disputes'); a finding saved before keeps its\n"
    "status and comment.\n";

const char* const kDisputesHelp =
    "usage: vardavtal [--db PATH|URL] disputes [--buyer COUNTY] [--seller HOSPITAL]\n"
    "                 [--status bestridd|godkänd|krediterad]\n"
    "                 [--format table|csv|json|xlsx] [--out FILE]\n"
    "The disputes saved by 'reconcile --save': each finding that claims something,\n"
    "with its status and comment. A dispute whose invoice line a credit note of the\n"
    "seller references is krediterad, with that credit note's number. The table and\n"
    "the XLSX (the Tvistelista a buyer sends the seller) are Swedish; the total\n"
    "claimed counts a line with several findings once.\n";

const char* const kDisputeHelp =
    "usage: vardavtal [--db PATH|URL] dispute ID [--status bestridd|godkänd|krediterad]\n"
    "                 [--comment TEXT]\n"
    "Sets a saved dispute's status and/or comment (an audit row records it).\n";

int cmd_reconcile(Store& store, const Args& a) {
  store.require_schema();
  const auto buyer = a.get("--buyer");
  if (!buyer) throw UsageError("reconcile needs --buyer COUNTY", "reconcile behöver --buyer LÄN");
  require_buyer(store, *buyer);
  std::vector<std::string> files;
  if (auto s = a.get("--spec")) files.push_back(*s);
  files.insert(files.end(), a.positional.begin(), a.positional.end());
  if (files.empty())
    throw UsageError("reconcile needs --spec FILE...", "reconcile behöver --spec FIL...");
  const std::string format = format_option(a, {"table", "csv", "json", "xlsx"});
  if (format == "xlsx" && !a.has("--out"))
    throw UsageError("--format xlsx needs --out FILE.xlsx", "--format xlsx behöver --out FIL.xlsx");

  ReconcileReport report;
  try {
    report = run_reconcile(store, *buyer, files, a.get("--residents"), a.get("--referrals"),
                           a.has("--force"));
  } catch (const MisaddressedSpecError& e) {
    throw SpecReadError(std::string(e.what()) + "\n(--force reconciles it anyway)",
                        e.swedish() + "\n(--force stämmer av det ändå)");
  }
  // Logged before the report is shown (docs/audit.md#access-log).
  log_patient_read(store, os_user(),
                   "reconcile --buyer " + *buyer + " (" + std::to_string(files.size()) +
                       (files.size() == 1 ? " file)" : " files)"),
                   report.patients);

  if (a.has("--save"))
    std::cerr << saved_text(save_reconciliation(store, report, os_user())) << "\n";
  if (format == "xlsx") {
    write_report_xlsx(report, *a.get("--out"));
  } else {
    std::FILE* out = stdout;
    if (auto path = a.get("--out")) {
      out = std::fopen(path->c_str(), "wb");
      if (!out) throw cannot_write(*path);
    }
    std::string text;
    if (format == "csv") {
      write_report_csv(report, out);
    } else {
      text = format == "json" ? reconcile_json(report) : report_table(report);
      std::fwrite(text.data(), 1, text.size(), out);
    }
    if (out != stdout) std::fclose(out);
  }
  return 0;
}

int cmd_disputes(Store& store, const Args& a) {
  store.require_schema();
  const std::string format = format_option(a, {"table", "csv", "csv-sv", "json", "xlsx"});
  if (format == "xlsx" && !a.has("--out"))
    throw UsageError("--format xlsx needs --out FILE.xlsx", "--format xlsx behöver --out FIL.xlsx");
  DisputeFilter f{a.get("--buyer"), a.get("--seller"), a.get("--status")};
  require_buyer(store, f.buyer);
  if (f.status && !is_dispute_status(*f.status))
    throw UsageError("--status takes bestridd, godkänd or krediterad",
                     "--status ska vara bestridd, godkänd eller krediterad");
  const std::vector<Dispute> list = list_disputes(store, f);
  std::vector<std::string> patients;
  for (const Dispute& d : list) patients.push_back(d.patient_id);
  log_patient_read(store, os_user(),
                   "disputes" + (f.buyer ? " buyer " + *f.buyer : std::string()) +
                       (f.seller ? " seller " + *f.seller : std::string()),
                   patients);
  if (format == "xlsx") {
    write_disputes_xlsx(list, *a.get("--out"));
    return 0;
  }
  std::FILE* out = stdout;
  if (auto path = a.get("--out")) {
    out = std::fopen(path->c_str(), "wb");
    if (!out) throw cannot_write(*path);
  }
  if (format == "csv" || format == "csv-sv") {
    write_disputes_csv(list, out,
                       format == "csv-sv" ? CsvDialect::swedish_excel : CsvDialect::machine);
  } else {
    const std::string text = format == "json" ? disputes_json(list) : disputes_table(list);
    std::fwrite(text.data(), 1, text.size(), out);
  }
  if (out != stdout) std::fclose(out);
  return 0;
}

int cmd_dispute(Store& store, const Args& a) {
  store.require_schema();
  if (a.positional.size() != 1) throw UsageError("dispute needs one ID", "dispute behöver ett ID");
  const std::string& text = a.positional[0];
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("a dispute ID is a number, not '" + text + "'",
                     "ett tvist-ID är ett tal, inte '" + text + "'");
  const std::optional<std::string> status = a.get("--status"), comment = a.get("--comment");
  if (!status && !comment)
    throw UsageError("dispute needs --status and/or --comment",
                     "dispute behöver --status och/eller --comment");
  if (status && !is_dispute_status(*status))
    throw UsageError("--status takes bestridd, godkänd or krediterad",
                     "--status ska vara bestridd, godkänd eller krediterad");
  try {
    if (comment) check_comment(*comment);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what(), swedish_of(e));
  }
  const int64_t id = std::stoll(text);
  if (!find_dispute(store, id)) throw UsageError("no dispute " + text, "ingen tvist " + text);
  update_dispute(store, id, status, comment, os_user());
  const std::optional<Dispute> d = find_dispute(store, id);
  std::cout << "Tvist " << id << ": " << d->status
            << (d->credit_note.empty() ? "" : " (kreditfaktura " + d->credit_note + ")") << "\n";
  return 0;
}

}  // namespace vardavtal
