#include "billing/cli/month_end_commands.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "billing/app/month_end.h"
#include "core/error_text.h"
#include "store/audit.h"

namespace vardavtal {

const char* const kCloseHelp =
    "usage: vardavtal [--db PATH|URL] close --seller S --period YYYY-MM\n"
    "\n"
    "Marks a billed month of seller S closed after review (docs/erp.md). Only\n"
    "closed months are exported to the general ledger (vardavtal sie) unless\n"
    "forced. Closing changes no invoice: later corrections are credited in a later\n"
    "month as always. Closing a closed month again changes nothing. Prints what\n"
    "the month holds that a reviewer should know: held records, open disputes.\n";

const char* const kStatusHelp =
    "usage: vardavtal [--db PATH|URL] status [--seller S] [--format table|csv|csv-sv|json]\n"
    "\n"
    "Per seller and month, from its first invoiced month through its last billed\n"
    "month: billed, invoices and credit notes with the net amount, closed (when\n"
    "and by whom), exported to SIE (when, and the file's number), the buyers'\n"
    "open disputes of its lines and the records held with a billing date in it.\n";

const char* const kSieHelp =
    "usage: vardavtal [--db PATH|URL] sie --seller S --period YYYY-MM[..YYYY-MM]\n"
    "                 --accounts accounts.toml --out FILE [--force]\n"
    "\n"
    "Writes the invoices and credit notes of seller S issued for the months as an\n"
    "SIE 4i file for the general ledger (docs/erp.md): one verification per invoice\n"
    "(series from accounts.toml, number = the invoice number, dated its issue date),\n"
    "the receivable against the revenue accounts per kind, each on the buyer\n"
    "region's object, in code page 437 (#FORMAT PC8). Every month must be closed\n"
    "(vardavtal close) unless --force. The same months give the same file; a month\n"
    "already in an earlier file is named, so that it is booked once.\n"
    "\n"
    "  --accounts FILE  the account mapping (docs/erp.md#accountstoml)\n"
    "  --out FILE       the SIE file to write (replaced)\n"
    "  --force          include months not closed\n";

namespace {

// "YYYY-MM" or "YYYY-MM..YYYY-MM".
std::pair<Period, Period> period_range(const std::string& text) {
  const size_t dots = text.find("..");
  auto from = Period::parse(text.substr(0, dots));
  auto to = dots == std::string::npos ? from : Period::parse(text.substr(dots + 2));
  if (!from || !to)
    throw UsageError("--period takes YYYY-MM or YYYY-MM..YYYY-MM, not '" + text + "'",
                     "--period ska vara ÅÅÅÅ-MM eller ÅÅÅÅ-MM..ÅÅÅÅ-MM, inte '" + text + "'");
  return {*from, *to};
}

}  // namespace

int cmd_close(Store& store, const Args& a) {
  store.require_schema();
  const std::string seller = a.need("--seller", "close");
  const std::optional<Period> period = a.period("--period");
  if (!period) throw UsageError("close needs --period YYYY-MM", "close behöver --period ÅÅÅÅ-MM");
  const CloseResult r = close_month(store, seller, *period, os_user());
  std::cout << seller << " " << period->str() << ": "
            << (r.already ? "stängd sedan " + r.close.closed_at + " av " + r.close.closed_by
                          : std::string("stängd"))
            << "\n";
  std::cout << "  " << r.figures.invoices << " fakturor, " << r.figures.credit_notes
            << " kreditfakturor, netto " << r.figures.net.to_swedish() << " kr\n";
  if (r.figures.held > 0)
    std::cout << "  obs: " << r.figures.held
              << " hållna poster med vårddatum i månaden (vardavtal held --seller " << seller
              << ")\n";
  if (r.figures.open_disputes > 0)
    std::cout << "  obs: " << r.figures.open_disputes
              << " öppna tvister på månadens fakturor (vardavtal disputes --seller " << seller
              << ")\n";
  return 0;
}

int cmd_status(Store& store, const Args& a) {
  store.require_schema();
  const std::string format = format_option(a, {"table", "csv", "csv-sv", "json"});
  const std::vector<MonthStatus> rows = month_status(store, a.get("--seller"));
  if (format == "table")
    std::cout << status_table(rows);
  else if (format == "json")
    std::cout << status_json(rows);
  else
    write_status_csv(rows, stdout,
                     format == "csv-sv" ? CsvDialect::swedish_excel : CsvDialect::machine);
  return 0;
}

int cmd_sie(Store& store, const Args& a) {
  store.require_schema();
  SieRequest q;
  q.seller = a.need("--seller", "sie");
  std::tie(q.from, q.to) = period_range(a.need("--period", "sie"));
  const std::string accounts = a.need("--accounts", "sie");
  const std::string out = a.need("--out", "sie");
  q.force = a.has("--force");
  ErrorList errors;
  std::optional<AccountMap> map = read_account_map(accounts, errors);
  if (!map) {
    std::cerr << accounts << ": avvisad (" << errors.count() << " fel):\n"
              << errors.report(Language::sv);
    return 1;
  }
  q.map = std::move(*map);
  const SieResult r = build_sie(store, q);
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(r.bytes.data(), static_cast<std::streamsize>(r.bytes.size()));
    f.close();
    if (!f) {
      std::filesystem::remove(tmp);
      throw cannot_write(out);
    }
  }
  int64_t id = 0;
  try {
    id = record_sie_export(store, r.record, os_user());
    std::filesystem::rename(tmp, out);
  } catch (...) {
    std::filesystem::remove(tmp);
    throw;
  }
  for (Period p : r.exported_before)
    std::cerr << "obs: " << p.str()
              << " fanns redan i en tidigare SIE-fil; bokför månadens verifikationer en gång\n";
  for (Period p : r.not_closed) std::cerr << "obs: " << p.str() << " är inte stängd (--force)\n";
  std::cout << "SIE-fil " << id << ": " << out << ", " << r.record.verifications
            << " verifikationer"
            << (r.record.verifications
                    ? " (fakturor " + r.record.first_invoice + "-" + r.record.last_invoice + ")"
                    : std::string())
            << ", sha256 " << r.record.sha256 << "\n";
  return 0;
}

}  // namespace vardavtal
