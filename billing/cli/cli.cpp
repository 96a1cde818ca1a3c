#include "billing/cli/cli.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "billing/app/import.h"
#include "billing/app/summary.h"
#include "billing/cli/args.h"
#include "billing/cli/backup_command.h"
#include "billing/cli/batch_heap.h"
#include "billing/cli/delivery_commands.h"
#include "billing/cli/followup_commands.h"
#include "billing/cli/ledger_commands.h"
#include "billing/cli/month_end_commands.h"
#include "billing/cli/pricing_commands.h"
#include "billing/cli/reconcile_command.h"
#include "billing/cli/serve_command.h"
#include "billing/cli/settle_command.h"
#include "billing/demo/generate.h"
#include "billing/documents/peppol_check.h"
#include "billing/text/text_table.h"
#include "core/error_text.h"
#include "store/audit.h"
#include "store/ledger_store.h"
#include "store/store.h"
#include "store/token_store.h"

namespace vardavtal {

namespace {

const char* kMainHelp =
    "usage: vardavtal [--db PATH|URL] COMMAND [ARGS]\n"
    "\n"
    "Bills care sold between Swedish regions.\n"
    "\n"
    "Database: --db, else $VARDAVTAL_DB, else vardavtal.db in the working directory\n"
    "(SQLite; 'postgresql://...' selects PostgreSQL). Only init creates a SQLite file.\n"
    "\n"
    "Commands:\n"
    "  init                       create or upgrade the schema (safe to run again)\n"
    "  import KIND FILE...        import files of one kind; 'import all DIR' imports a\n"
    "                             generated directory in dependency order\n"
    "  generate --out DIR         write the synthetic Mellansverige demo data\n"
    "  summary                    what the database holds per kind, seller and year\n"
    "  price                      dry-run pricing of the stored records\n"
    "  subscription               yearly subscription and installments per buyer\n"
    "  explain                    how one record's price is calculated\n"
    "  bill --through YYYY-MM     post and invoice every month not yet billed\n"
    "  settle --year YYYY         year-end settlement and commitment true-ups\n"
    "  invoices                   list issued invoices and credit notes\n"
    "  invoice NUMBER             one invoice with its lines\n"
    "  held                       the records billing holds, why and since when\n"
    "  credits                    credit-note lines with their reason codes\n"
    "  late                       lines invoiced more than six months after care\n"
    "  search --patient ID        the invoice lines of one patient (or --record ID)\n"
    "  verify                     check the ledger's invariants\n"
    "  backup --out FILE          a consistent copy of the SQLite database, verified\n"
    "  restore FILE               put a verified backup back\n"
    "  audit [--since DATE]       every change of the database, chained by digests\n"
    "  access-log --patient ID    who has seen a patient's data, when and how\n"
    "  followup TABLE             the annual follow-up tables (invoiced, contacts, top-drg,\n"
    "                             clinics, buyer-top-drg, invoiced-split, decomposition,\n"
    "                             cost-per-point, commitment, plan, bought, referred)\n"
    "  check-spec FILE...         check fakturaunderlag files against the national rules\n"
    "  check-peppol FILE...       check Peppol BIS 3.0 invoices and credit notes\n"
    "  serve [--listen ADDR:PORT]  the HTTP API and web page (docs/server.md)\n"
    "  token create|list|revoke    API tokens of the server\n"
    "  reconcile --buyer B --spec FILE...\n"
    "                             the purchaser's check of received specifications\n"
    "  disputes                   the purchaser's saved disputes and their status\n"
    "  dispute ID --status S      set a dispute's status (bestridd, godkänd, krediterad)\n"
    "  close --seller S --period M  close a billed month after review\n"
    "  status [--seller S]        per month: billed, closed, exported to SIE, disputes, held\n"
    "  sie --seller S --period M  the month's invoices as SIE 4i for the general ledger\n"
    "  deliver --seller S --period M --endpoint URL --cert F --key F\n"
    "                             send the month's fakturaunderlag to the national platform\n"
    "  deliveries                 what was delivered, when, and the platform's answers\n"
    "  respond --cert F --key F --ca F\n"
    "                             a local responder of the platform's contract, for trying it\n"
    "\n"
    "Run 'vardavtal COMMAND --help' for a command's options.\n";

const char* kInitHelp =
    "usage: vardavtal [--db PATH|URL] init\n"
    "\n"
    "Creates the database schema or applies the migrations it lacks, and adds the\n"
    "built-in regions and hospitals where absent. Safe to run again.\n";

const char* kImportHelp =
    "usage: vardavtal [--db PATH|URL] import [--encoding utf-8|cp1252] [--quiet] KIND FILE...\n"
    "       vardavtal [--db PATH|URL] import [--quiet] all DIR\n"
    "\n"
    "KIND: regions, hospitals, records, items, weights, prices, tariffs, index,\n"
    "agreement (one TOML file per agreement), referrals, residents, plans.\n"
    "\n"
    "CSV: header names in any order, ',' or ';' (then decimal comma allowed), RFC 4180\n"
    "quotes, CRLF, UTF-8 with or without BOM, or Windows-1252 (detected, or forced\n"
    "with --encoding cp1252). Every value is validated; a file with any error is\n"
    "rejected whole (errors name file:line:column) and nothing of it is stored.\n"
    "Identical rows change nothing; a changed row becomes a new version.\n"
    "\n"
    "  --encoding E   utf-8 or cp1252 instead of detecting\n"
    "  --quiet        no progress display on stderr\n";

const char* kGenerateHelp =
    "usage: vardavtal generate --out DIR [--scale N] [--seed N]\n"
    "\n"
    "Writes a deterministic synthetic Sjukvårdsregion Mellansverige 2019-2021 (AS and\n"
    "USO selling to the other regions, and Lasarettet i Enköping to Västmanland) and\n"
    "Norrlands universitetssjukhus selling in Norra under Norra's model, as files\n"
    "ready for 'vardavtal import all DIR'. AS's and USO's contact counts at scale 1\n"
    "equal the 2022 follow-up meeting's table.\n"
    "\n"
    "  --out DIR   output directory (created)\n"
    "  --scale N   multiply volumes by N (default 1)\n"
    "  --seed N    random seed (default 2022)\n";

const char* kCheckPeppolHelp =
    "usage: vardavtal check-peppol [--rules DIR] FILE...\n"
    "\n"
    "Checks Peppol BIS Billing 3.0 invoices and credit notes from any sender: the\n"
    "UBL 2.1 schema, then the CEN EN 16931 and the Peppol rule sets (Saxon-HE from\n"
    "Debian: default-jre-headless libsaxonhe-java). Prints per file a summary line,\n"
    "each schema error with its line and each fatal rule (id and text). Exit status\n"
    "0 when every file passes, 1 when one fails, 2 when Java, Saxon or the rules\n"
    "are missing.\n"
    "\n"
    "  --rules DIR   the schemas and rule sets (default $VARDAVTAL_PEPPOL_RULES, else\n"
    "                the source tree's third_party/peppol; docs/peppol.md)\n";

const char* kSummaryHelp =
    "usage: vardavtal [--db PATH|URL] summary\n"
    "\n"
    "Prints what the database holds per kind, seller (or group) and year: rows as\n"
    "their latest versions and all stored versions.\n";

long long millis_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               t0)
      .count();
}

int cmd_init(Store& store, const Args&) {
  auto applied = store.migrate(os_user());  // with its audit row (docs/audit.md)
  if (applied.empty())
    std::cout << "schema up to date (version " << store.schema_version() << ")\n";
  for (const auto& m : applied) std::cout << "applied " << m << "\n";
  return 0;
}

// "2 nya, 1 ändrad, 0 oförändrade": what an import did, in Swedish.
std::string import_counts(long long added, long long changed, long long unchanged) {
  return format_thousands(added) + (added == 1 ? " ny, " : " nya, ") + format_thousands(changed) +
         (changed == 1 ? " ändrad, " : " ändrade, ") + format_thousands(unchanged) +
         (unchanged == 1 ? " oförändrad" : " oförändrade");
}

int cmd_import(Store& store, const Args& a) {
  if (a.positional.size() < 2)
    throw UsageError("import needs KIND and at least one FILE",
                     "import behöver KIND och minst en FIL");
  ImportOptions options;
  if (auto e = a.get("--encoding")) {
    auto enc = csv::parse_encoding(*e);
    if (!enc)
      throw UsageError("--encoding takes utf-8 or cp1252, not '" + *e + "'",
                       "--encoding ska vara utf-8 eller cp1252, inte '" + *e + "'");
    options.encoding = *enc;
  }
  std::vector<std::pair<std::string, std::string>> files;
  if (a.positional[0] == "all") {
    for (size_t i = 1; i < a.positional.size(); ++i)
      for (auto& f : files_in_directory(a.positional[i])) files.push_back(f);
    if (files.empty())
      throw UsageError("no importable files in " + a.positional[1],
                       "inga filer att importera i " + a.positional[1]);
  } else {
    const auto& kinds = import_kinds();
    if (std::find(kinds.begin(), kinds.end(), a.positional[0]) == kinds.end())
      throw UsageError("unknown kind '" + a.positional[0] + "'",
                       "okänt slag '" + a.positional[0] + "'");
    for (size_t i = 1; i < a.positional.size(); ++i)
      files.emplace_back(a.positional[0], a.positional[i]);
  }
  store.require_schema();
  keep_freed_memory_for_reuse();
  const bool progress = !a.has("--quiet") && isatty(STDERR_FILENO);
  struct Totals { long long added = 0, changed = 0, unchanged = 0; int files = 0; };
  std::vector<std::pair<std::string, Totals>> totals;
  int failed = 0;
  // import_files calls `progress` only while it loads the files in turn:
  // then the file in progress is the one after those reported.
  size_t reported = 0;
  auto t0 = std::chrono::steady_clock::now();
  if (progress) {
    options.progress = [&](long rows) {
      long long ms = std::max(1LL, millis_since(t0));
      std::cerr << "\r  " << files[reported].second << ": " << format_thousands(rows) << " rows, "
                << format_thousands(rows * 1000LL / ms) << " rows/s   " << std::flush;
    };
  }
  import_files(store, files, options, os_user(), [&](const ImportedFile& imported) {
    ++reported;
    t0 = std::chrono::steady_clock::now();
    const FileImport& r = imported.result;
    const long long ms = imported.millis;
    if (progress) std::cerr << "\r\033[K" << std::flush;
    if (!r.ok()) {
      ++failed;
      std::cerr << r.path << ": avvisad, inget importerat (" << r.errors.count() << " fel):\n"
                << r.errors.report(Language::sv);
      return;
    }
    std::cout << r.kind << " " << r.path << ": " << import_counts(r.added, r.changed, r.unchanged)
              << " (" << format_thousands(r.rows) << (r.rows == 1 ? " rad, " : " rader, ")
              << ms / 1000 << "," << (ms % 1000) / 100 << " s)\n";
    auto it =
        std::find_if(totals.begin(), totals.end(), [&](auto& p) { return p.first == r.kind; });
    if (it == totals.end()) {
      totals.emplace_back(r.kind, Totals{});
      it = totals.end() - 1;
    }
    it->second.added += r.added;
    it->second.changed += r.changed;
    it->second.unchanged += r.unchanged;
    it->second.files++;
  });
  if (files.size() > 1) {
    std::cout << "\n";
    for (const auto& [kind, t] : totals)
      std::cout << kind << ": " << import_counts(t.added, t.changed, t.unchanged) << "\n";
  }
  if (failed)
    std::cerr << failed << " av " << files.size() << (files.size() == 1 ? " fil" : " filer")
              << (failed == 1 ? " avvisad\n" : " avvisade\n");
  return failed ? 1 : 0;
}

int cmd_generate(const Args& a) {
  if (a.help) return std::cout << kGenerateHelp, 0;
  auto out = a.get("--out");
  if (!out) throw UsageError("generate needs --out DIR", "generate behöver --out KATALOG");
  if (!a.positional.empty())
    throw UsageError("unexpected argument " + a.positional[0],
                     "oväntat argument " + a.positional[0]);
  GenerateOptions o;
  o.out = *out;
  o.scale = static_cast<int>(a.number("--scale", 1, 1, 1000));
  o.seed = static_cast<uint64_t>(a.number("--seed", 2022, 0, INT64_MAX));
  auto t0 = std::chrono::steady_clock::now();
  auto files = generate_demo(o);
  TextTable t({"kind", "file", ">rows"});
  for (const auto& f : files) t.add({f.kind, f.path.string(), format_thousands(f.rows)});
  std::cout << t.render();
  long long ms = millis_since(t0);
  std::cout << "generated in " << ms / 1000 << "." << (ms % 1000) / 100 << " s\n";
  return 0;
}

int cmd_summary(Store& store, const Args&) {
  store.require_schema();
  std::cout << render_summary(store);
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string db;
  if (const char* env = std::getenv("VARDAVTAL_DB"); env && *env) db = env;
  else db = "vardavtal.db";
  size_t i = 0;
  try {
    for (; i < args.size() && args[i].rfind("--", 0) == 0; ++i) {
      if (args[i] == "--db") {
        if (i + 1 >= args.size())
          throw UsageError("--db needs a path or URL", "--db behöver en sökväg eller URL");
        db = args[++i];
      } else if (args[i] == "--help" || args[i] == "-h") {
        std::cout << kMainHelp;
        return 0;
      } else {
        throw UsageError("unknown option " + args[i], "okänd flagga " + args[i]);
      }
    }
    if (i >= args.size()) {
      std::cerr << kMainHelp;
      return 2;
    }
    std::string command = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    if (command == "help") return std::cout << kMainHelp, 0;
    if (command == "generate") return cmd_generate(Args(rest, {"--out", "--scale", "--seed"}, {}));
    // Commands on the database: --help needs no database; only init creates one.
    auto with_store = [&](auto fn, const char* help, const Args& parsed) {
      if (parsed.help) return std::cout << help, 0;
      Store store(db, command == "init" ? OpenMode::create : OpenMode::existing);
      return fn(store, parsed);
    };
    if (command == "init") return with_store(cmd_init, kInitHelp, Args(rest, {}, {}));
    if (command == "import")
      return with_store(cmd_import, kImportHelp, Args(rest, {"--encoding"}, {"--quiet"}));
    if (command == "summary") return with_store(cmd_summary, kSummaryHelp, Args(rest, {}, {}));
    if (command == "price")
      return with_store(cmd_price, kPriceHelp,
                        Args(rest, {"--seller", "--year", "--record", "--format"}, {}));
    if (command == "subscription")
      return with_store(cmd_subscription, kSubscriptionHelp,
                        Args(rest, {"--seller", "--year", "--format"}, {}));
    if (command == "bill")
      return with_store(cmd_bill, kBillHelp,
                        Args(rest, {"--through", "--seller", "--issue-date", "--format"}, {"--dry-run"}));
    if (command == "settle")
      return with_store(cmd_settle, kSettleHelp,
                        Args(rest, {"--year", "--seller", "--issue-date", "--format"},
                             {"--dry-run"}));
    if (command == "invoices")
      return with_store(cmd_invoices, kInvoicesHelp,
                        Args(rest, {"--seller", "--buyer", "--period", "--format"}, {}));
    if (command == "credits")
      return with_store(cmd_credits, kCreditsHelp,
                        Args(rest, {"--seller", "--buyer", "--period", "--format"}, {}));
    if (command == "late")
      return with_store(cmd_late, kLateHelp,
                        Args(rest, {"--seller", "--buyer", "--period", "--format"}, {}));
    if (command == "search")
      return with_store(
          cmd_search, kSearchHelp,
          Args(rest, {"--patient", "--record", "--seller", "--buyer", "--format"}, {}));
    if (command == "held")
      return with_store(cmd_held, kHeldHelp, Args(rest, {"--seller", "--buyer", "--format"}, {}));
    if (command == "invoice")
      return with_store(cmd_invoice, kInvoiceHelp,
                        Args(rest, {"--seller", "--format", "--out"}, {}));
    if (command == "followup")
      return with_store(cmd_followup, kFollowupHelp,
                        Args(rest, {"--seller", "--year", "--buyer", "--restate", "--format",
                                    "--out"},
                             {}));
    if (command == "verify") return with_store(cmd_verify, kVerifyHelp, Args(rest, {}, {}));
    if (command == "backup") return with_store(cmd_backup, kBackupHelp, Args(rest, {"--out"}, {}));
    if (command == "restore") return with_store(cmd_restore, kRestoreHelp, Args(rest, {}, {}));
    if (command == "audit")
      return with_store(cmd_audit, kAuditHelp, Args(rest, {"--since", "--format"}, {}));
    if (command == "access-log")
      return with_store(cmd_access_log, kAccessLogHelp,
                        Args(rest, {"--patient", "--since", "--format", "--prune-before"}, {}));
    if (command == "serve") {
      Args parsed(rest,
                  {"--listen", "--threads", "--read-timeout", "--body-limit", "--header-timeout",
                   "--max-connections", "--max-per-client"},
                  {});
      if (parsed.help) return std::cout << kServeHelp, 0;
      Store(db, OpenMode::existing).require_schema();  // a missing file is not made
      return cmd_serve(db, parsed);
    }
    if (command == "token")
      return with_store(cmd_token, kTokenHelp, Args(rest, {"--role", "--name", "--expires"}, {}));
    if (command == "reconcile")
      return with_store(
          cmd_reconcile, kReconcileHelp,
          Args(rest, {"--buyer", "--spec", "--referrals", "--residents", "--format", "--out"},
               {"--force", "--save"}));
    if (command == "disputes")
      return with_store(cmd_disputes, kDisputesHelp,
                        Args(rest, {"--buyer", "--seller", "--status", "--format", "--out"}, {}));
    if (command == "dispute")
      return with_store(cmd_dispute, kDisputeHelp, Args(rest, {"--status", "--comment"}, {}));
    if (command == "close")
      return with_store(cmd_close, kCloseHelp, Args(rest, {"--seller", "--period"}, {}));
    if (command == "status")
      return with_store(cmd_status, kStatusHelp, Args(rest, {"--seller", "--format"}, {}));
    if (command == "sie")
      return with_store(cmd_sie, kSieHelp,
                        Args(rest, {"--seller", "--period", "--accounts", "--out"}, {"--force"}));
    if (command == "deliver")
      return with_store(cmd_deliver, kDeliverHelp,
                        Args(rest,
                             {"--seller", "--period", "--endpoint", "--cert", "--key", "--ca",
                              "--retries", "--backoff-ms", "--timeout-ms"},
                             {"--force", "--again"}));
    if (command == "deliveries")
      return with_store(cmd_deliveries, kDeliveriesHelp,
                        Args(rest, {"--seller", "--buyer", "--period", "--format"}, {}));
    if (command == "respond") {
      Args parsed(rest, {"--cert", "--key", "--ca", "--listen", "--accept", "--fault-first"}, {});
      if (parsed.help) return std::cout << kRespondHelp, 0;
      return cmd_respond(parsed);
    }
    if (command == "check-spec") {
      Args parsed(rest, {}, {});
      if (parsed.help) return std::cout << kCheckSpecHelp, 0;
      return cmd_check_spec(parsed);
    }
    if (command == "check-peppol") {
      Args parsed(rest, {"--rules"}, {});
      if (parsed.help) return std::cout << kCheckPeppolHelp, 0;
      if (parsed.positional.empty())
        throw UsageError("check-peppol needs at least one FILE",
                         "check-peppol behöver minst en FIL");
      return run_check_peppol(parsed.positional, parsed.get("--rules"), std::cout, std::cerr);
    }
    if (command == "explain")
      return with_store(cmd_explain, kExplainHelp,
                        Args(rest, {"--seller", "--record", "--format"}, {}));
    throw UsageError("unknown command '" + command + "'", "okänt kommando '" + command + "'");
  } catch (const UsageError& e) {
    std::cerr << "vardavtal: " << e.swedish() << "\n(kör 'vardavtal --help')\n";
    return 2;
  } catch (const std::exception& e) {  // Swedish, or "internt fel: " and the English
    // A SOCI error's text without its statement and bound values (patient
    // ids among them: stderr may well go to a log).
    const std::optional<DatabaseTrouble> trouble = database_trouble(e);
    const std::string said = trouble                 ? trouble->swedish()
                             : swedish_of(e).empty() ? "internt fel: " + without_statement(e)
                                                     : swedish_of(e);
    std::cerr << "vardavtal: " << said << "\n";
    return 1;
  }
}

}  // namespace vardavtal
