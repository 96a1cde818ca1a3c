#include "billing/cli/ledger_commands.h"

#include <malloc.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "billing/app/billing_run.h"
#include "billing/app/document_builder.h"
#include "billing/app/invoices.h"
#include "billing/app/resolve.h"
#include "billing/cli/batch_heap.h"
#include "billing/documents/fakturaunderlag.h"
#include "billing/documents/peppol.h"
#include "billing/documents/spec_check.h"
#include "billing/documents/xlsx_spec.h"
#include "billing/text/text_table.h"
#include "core/decimal.h"
#include "core/error_text.h"
#include "core/temp_file.h"
#include "importers/csv_writer.h"
#include "store/access_log.h"
#include "store/audit.h"
#include "store/held_reads.h"
#include "store/ledger_store.h"
#include "store/line_reads.h"
#include "store/pricing_reads.h"

namespace vardavtal {

const char* const kBillHelp =
    "usage: vardavtal [--db PATH|URL] bill --through YYYY-MM [--seller S] [--issue-date DATE]\n"
    "                 [--dry-run [--format table|csv|json]]\n"
    "\n"
    "Prices every record version not yet posted whose billing date is on or before\n"
    "the month's end, posts it to the append-only ledger and issues, per seller,\n"
    "buyer and month not yet billed: a care invoice (380), a subscription invoice\n"
    "for the month's installment, and credit notes (381) for corrected versions\n"
    "(reason 1 county changed, 2 amounts changed, 3 DRG changed). Running it again\n"
    "issues nothing new. Held records are listed with their reasons.\n"
    "Issue date: the day after each billed month unless --issue-date; due 30 days later.\n"
    "Months are billed one at a time and committed as they go: a run stopped at any\n"
    "point is continued by the next one, which issues what one run would have.\n"
    "--dry-run: lists the invoices and credit notes the run would issue (per seller,\n"
    "buyer and month: lines, amount) and the held records, and writes nothing.\n";

const char* const kInvoicesHelp =
    "usage: vardavtal [--db PATH|URL] invoices [--seller S] [--buyer B] [--period YYYY-MM]\n"
    "                 [--format table|csv|json]\n"
    "\n"
    "Lists issued invoices and credit notes, with late lines (invoiced more than\n"
    "six months after care).\n";

const char* const kHeldHelp =
    "usage: vardavtal [--db PATH|URL] held [--seller S] [--buyer B]\n"
    "                 [--format table|csv|csv-sv|json]\n"
    "\n"
    "The records the latest billing run of each seller held (not billed until\n"
    "fixed): seller, record and version, buyer, billing date, since when (the\n"
    "import of the held version) and why: in Swedish in the table and csv-sv,\n"
    "in English (with its code) in csv; json has both, reason and reason_sv.\n"
    "A read of patient data: it is in the access log (docs/audit.md).\n";

const char* const kCreditsHelp =
    "usage: vardavtal [--db PATH|URL] credits [--seller S] [--buyer B] [--period YYYY-MM]\n"
    "                 [--format table|csv|json]\n"
    "\n"
    "The lines of the credit notes: which invoice and line each credits, the record,\n"
    "the amount and the national reason code with its meaning (docs/ledger.md).\n"
    "A read of patient data: it is in the access log (docs/audit.md).\n";

const char* const kSearchHelp =
    "usage: vardavtal [--db PATH|URL] search --patient ID | --record ID [--seller S] [--buyer B]\n"
    "                 [--format table|csv|json]\n"
    "\n"
    "Every line of the care invoices and credit notes of one patient (personnummer,\n"
    "samordningsnummer or pseudonym) or one care contact (record id): which invoice,\n"
    "which line, the amount, and what a credit line credits. A read of patient data:\n"
    "it is in the access log (docs/audit.md), without the searched id in its text.\n";

const char* const kLateHelp =
    "usage: vardavtal [--db PATH|URL] late [--seller S] [--buyer B] [--period YYYY-MM]\n"
    "                 [--format table|csv|json]\n"
    "\n"
    "The late lines: care invoiced more than six months after its billing date\n"
    "(billing rules §4), per invoice and line. A read of patient data: it is in the\n"
    "access log (docs/audit.md).\n";

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

// The CSV a --format asks for: csv-sv is the Swedish Excel dialect.
CsvDialect dialect_of(Format f) {
  return f == Format::csv_sv ? CsvDialect::swedish_excel : CsvDialect::machine;
}

// The document formats of `invoice`: built from the ledger into an
// InvoiceDocument, then written by the format's writer.
int write_document(Store& store, const Invoice& inv, const std::string& format,
                   const std::optional<std::string>& out) {
  if (format == "xlsx") {
    if (!out)
      throw UsageError("--format xlsx needs --out FILE.xlsx",
                       "--format xlsx behöver --out FIL.xlsx");
    const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
    write_xlsx_specification(build_document(store, *catalogue, inv), *out);
    return 0;
  }
  const std::string text = invoice_document(store, inv, format);
  std::FILE* f = out ? std::fopen(out->c_str(), "wb") : stdout;
  if (!f) throw cannot_write(*out);
  std::fwrite(text.data(), 1, text.size(), f);
  if (f != stdout) std::fclose(f);
  return 0;
}

// The invoice list as `invoices` prints it.
int print_invoice_list(const std::vector<Invoice>& list, Format format) {
  if (format == Format::json) {
    std::cout << invoices_json(list);
    return 0;
  }
  if (is_csv(format)) {
    CsvWriter out(stdout,
                  {"number", "type", "kind", "seller", "buyer", "period", "issue_date", "due_date",
                   "spec_id", "reference_invoice", "total", "lines", "late_lines"},
                  CsvText::guarded, dialect_of(format));
    for (const Invoice& i : list) {
      out.field(i.number).field(to_string(i.type)).field(to_string(i.kind)).field(i.seller);
      out.field(i.buyer)
          .field(i.period.str())
          .field(i.issue_date)
          .field(i.due_date)
          .field(i.spec_id);
      out.field(i.reference_number).field_fixed(i.total.ore(), 2).field(i.lines);
      out.field(i.late_lines);
      out.end_row();
    }
    out.close();
    return 0;
  }
  TextTable t({"nummer", "typ", "slag", "säljare", "köpare", "period", "utfärdad", "förfaller",
               "fakturaunderlag", ">summa", ">rader", ">sena"});
  Money invoiced, credited;
  for (const Invoice& i : list) {
    t.add({i.number, std::string(swedish_name(i.type)), std::string(swedish_name(i.kind)), i.seller,
           i.buyer, i.period.str(), format_iso(i.issue_date), format_iso(i.due_date), i.spec_id,
           i.total.to_swedish(), format_thousands(i.lines), format_thousands(i.late_lines)});
    (i.type == InvoiceType::credit ? credited : invoiced) += i.total;
  }
  t.add({"Totalt", std::to_string(list.size()) + " dokument", "", "", "", "", "", "",
         "krediterat " + credited.to_swedish(), (invoiced - credited).to_swedish(), "", ""});
  std::cout << t.render();
  return 0;
}

// The held records of a run, when there are any.
void print_held(const std::vector<HeldRecord>& held) {
  if (held.empty()) return;
  std::cout << "\n"
            << held.size() << " spärrade vårdkontakter (faktureras inte förrän de rättats):\n";
  TextTable h({"säljare", "journal", "vårddatum", "orsak"});
  for (const HeldRecord& x : held)
    h.add({x.seller, x.record_id, format_iso(x.billing_date),
           held_reason_for_people(x.reason, x.reason_sv)});
  std::cout << h.render();
}

// `bill --dry-run`: the invoices the run would issue, then the held records.
int print_preview(const BillResult& r, Format format) {
  if (format == Format::json) {
    std::cout << bill_preview_json(r);
    return 0;
  }
  print_invoice_list(r.issued, format);
  if (!is_csv(format)) print_held(r.held);
  return 0;
}

}  // namespace

int cmd_bill(Store& store, const Args& a) {
  BillOptions o;
  auto through = a.period("--through");
  if (!through) throw UsageError("bill needs --through YYYY-MM", "bill behöver --through ÅÅÅÅ-MM");
  o.through = *through;
  o.seller = a.get("--seller");
  store.require_schema();
  require_seller(store, o.seller);
  o.issue_date = a.date("--issue-date");
  o.dry_run = a.has("--dry-run");
  // The run's threads (the month read ahead, the ledger writers) share one
  // heap: a month's freed blocks serve the next month whichever thread
  // allocates them, so the peak stays one month's without handing pages
  // back after each month (release_freed_memory; docs/benchmarks.md).
  mallopt(M_ARENA_MAX, 1);
  keep_freed_memory_for_reuse();
  // Commit granularity (the crash test commits every month: 1).
  if (const char* n = std::getenv("VARDAVTAL_BILL_POSTINGS_PER_COMMIT"))
    o.postings_per_commit = std::strtoull(n, nullptr, 10);
  // 0: every month read in turn on the run's session (tests compare both ways).
  if (const char* n = std::getenv("VARDAVTAL_BILL_READ_AHEAD"))
    o.read_ahead = std::string(n) != "0";
  // The bound of a month's part (tests plan small months in parts: 1).
  if (const char* n = std::getenv("VARDAVTAL_BILL_VERSIONS_PER_PART")) {
    char* end = nullptr;
    o.versions_per_part = std::strtoll(n, &end, 10);
    if (end == n || *end || o.versions_per_part < 1)
      throw UsageError(
          "VARDAVTAL_BILL_VERSIONS_PER_PART takes a positive number of rows, not '" +
              std::string(n) + "'",
          "VARDAVTAL_BILL_VERSIONS_PER_PART ska vara ett positivt antal rader, inte '" +
              std::string(n) + "'");
  }
  const Format format = format_of(a);
  if (format != Format::table && !o.dry_run)
    throw UsageError("--format needs --dry-run", "--format kräver --dry-run");
  o.audit_who = os_user();  // each commit's audit row (docs/audit.md)
  BillResult r = run_billing(store, o);
  // The held records name patients' records: logged before they are shown.
  log_patient_read(store, os_user(),
                   std::string(o.dry_run ? "bill --dry-run" : "bill") + " --through " +
                       o.through.str() + (o.seller ? " seller " + *o.seller : "") +
                       " (held records)",
                   patients_of_held(store, r.held));
  if (o.dry_run) return print_preview(r, format);
  TextTable t({"säljare", "månader", ">vårdfakturor", ">kreditfakturor", ">abonnemangsfakt.",
               ">rader", ">sena rader", ">fakturerat", ">krediterat", ">väntar"});
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
                << " poster väntar på nästa månad som inte är fakturerad (kör bill med en senare "
                   "--through)\n";
  print_held(r.held);
  return 0;
}

int cmd_invoices(Store& store, const Args& a) {
  const Format format = people_format_of(a);
  store.require_schema();
  LedgerStore ledger(store);
  LedgerStore::Filter f{a.get("--seller"), a.get("--buyer"), a.period("--period")};
  require_seller(store, f.seller);
  require_buyer(store, f.buyer);
  std::vector<Invoice> list = ledger.invoices(f);
  return print_invoice_list(list, format);
}

int cmd_held(Store& store, const Args& a) {
  const Format format = people_format_of(a);
  store.require_schema();
  const std::optional<std::string> seller = a.get("--seller"), buyer = a.get("--buyer");
  require_seller(store, seller);
  require_buyer(store, buyer);
  const std::vector<HeldListing> list = held_listing(store, seller, buyer);
  std::vector<std::string> patients;
  for (const HeldListing& h : list) patients.push_back(h.patient_id);
  log_patient_read(store, os_user(),
                   "held" + (seller ? " seller " + *seller : std::string()) +
                       (buyer ? " buyer " + *buyer : std::string()),
                   patients);
  if (format == Format::json) {
    std::cout << held_json(list);
  } else if (is_csv(format)) {
    CsvWriter w(stdout,
                {"seller", "record_id", "version", "buyer", "billing_date", "since", "reason",
                 "as_of", "newer_version"},
                CsvText::guarded, dialect_of(format));
    for (const HeldListing& h : list)
      w.field(h.seller)
          .field(h.record_id)
          .field(h.record_version)
          .field(h.buyer)
          .field(h.billing_date)
          .field(h.since)
          .field(format == Format::csv_sv ? held_reason_for_people(h.reason, h.reason_sv)
                                          : h.reason)
          .field(h.as_of)
          .field(h.newer_version ? "1" : "0")
          .end_row();
    w.close();
  } else {
    TextTable t({"säljare", "journal", ">version", "köpare", "vårddatum", "spärrad sedan", "orsak",
                 "ny version"});
    for (const HeldListing& h : list)
      t.add({h.seller, h.record_id, std::to_string(h.record_version), h.buyer, h.billing_date,
             h.since, held_reason_for_people(h.reason, h.reason_sv),
             h.newer_version ? "inläst, prissätts i nästa körning" : ""});
    std::cout << t.render() << list.size() << " spärrade vårdkontakter\n";
  }
  return 0;
}

namespace {
enum class Listing { credits, late, search };

void print_listing(const std::vector<LineListing>& list, Format format, Listing kind);

// The listing's patients, logged before it is shown (docs/audit.md#access-log).
void log_listing(Store& store, const std::vector<LineListing>& list, const std::string& what) {
  std::vector<std::string> patients;
  for (const LineListing& x : list)
    if (!x.patient_id.empty()) patients.push_back(x.patient_id);
  log_patient_read(store, os_user(), what, patients);
}

// `credits` and `late`: the filter, the access log, then the lines.
int print_lines(Store& store, const Args& a, bool credits) {
  const Format format = people_format_of(a);
  store.require_schema();
  LineFilter f{a.get("--seller"), a.get("--buyer"), std::nullopt};
  if (auto p = a.period("--period")) f.period = p->str();
  require_seller(store, f.seller);
  require_buyer(store, f.buyer);
  const std::vector<LineListing> list = credits ? credit_lines(store, f) : late_lines(store, f);
  log_listing(store, list,
              std::string(credits ? "credits" : "late") +
                  (f.seller ? " seller " + *f.seller : std::string()) +
                  (f.buyer ? " buyer " + *f.buyer : std::string()) +
                  (f.period ? " period " + *f.period : std::string()));
  print_listing(list, format, credits ? Listing::credits : Listing::late);
  return 0;
}

void print_listing(const std::vector<LineListing>& list, Format format, Listing kind) {
  const bool credits = kind == Listing::credits;
  if (format == Format::json) {
    std::cout << line_listing_json(list);
  } else if (is_csv(format)) {
    CsvWriter w(stdout,
                {"seller", "number", "buyer", "period", "issue_date", "line_id", "record_id",
                 "billing_date", "amount", "reference_invoice", "reference_line", "reason_code"},
                CsvText::guarded, dialect_of(format));
    for (const LineListing& x : list) {
      w.field(x.seller).field(x.number).field(x.buyer).field(x.period).field(x.issue_date);
      w.field(x.line_no).field(x.record_id).field(x.billing_date).field_fixed(x.amount.ore(), 2);
      if (x.reason_code)
        w.field(x.reference_number).field(x.reference_line).field(x.reason_code);
      else
        w.empty().empty().empty();
      w.end_row();
    }
    w.close();
  } else if (kind == Listing::search) {
    TextTable t({"säljare", "typ", "nummer", "köpare", "period", "fakturadatum", ">rad", "journal",
                 "vårddatum", ">belopp", "krediterar", ">kod"});
    for (const LineListing& x : list)
      t.add({x.seller, x.type == "credit" ? "kreditfaktura" : "faktura", x.number, x.buyer,
             x.period, x.issue_date, std::to_string(x.line_no), x.record_id, x.billing_date,
             x.amount.to_swedish(),
             x.reason_code ? x.reference_number + ":" + std::to_string(x.reference_line) : "",
             x.reason_code ? std::to_string(x.reason_code) : ""});
    std::cout << t.render() << list.size() << (list.size() == 1 ? " rad\n" : " rader\n");
  } else {
    TextTable t =
        credits ? TextTable({"säljare", "kreditfaktura", "köpare", "period", "fakturadatum", ">rad",
                             "krediterar", "journal", "vårddatum", ">belopp", ">kod", "orsak"})
                : TextTable({"säljare", "faktura", "köpare", "period", "fakturadatum", ">rad",
                             "journal", "vårddatum", ">belopp"});
    Money total;
    for (const LineListing& x : list) {
      total += x.amount;
      if (credits)
        t.add({x.seller, x.number, x.buyer, x.period, x.issue_date, std::to_string(x.line_no),
               x.reference_number + ":" + std::to_string(x.reference_line), x.record_id,
               x.billing_date, x.amount.to_swedish(), std::to_string(x.reason_code),
               credit_reason_text(x.reason_code)});
      else
        t.add({x.seller, x.number, x.buyer, x.period, x.issue_date, std::to_string(x.line_no),
               x.record_id, x.billing_date, x.amount.to_swedish()});
    }
    std::cout << t.render() << list.size() << (credits ? " krediterade rader" : " sena rader")
              << ", totalt " << total.to_swedish() << " kr\n";
  }
}
}  // namespace

int cmd_search(Store& store, const Args& a) {
  const Format format = people_format_of(a);
  store.require_schema();
  const std::optional<std::string> patient = a.get("--patient"), record = a.get("--record");
  if (patient.has_value() == record.has_value())
    throw UsageError("search needs --patient ID or --record ID",
                     "search behöver --patient ID eller --record ID");
  std::string key = record.value_or("");
  if (patient) {
    Phrase why{"", ""};  // never echoed: a patient id stays out of messages
    const std::optional<std::string> id = normalize_patient_id(*patient, &why);
    if (!id)
      throw UsageError("--patient takes a personnummer, samordningsnummer or pseudonym",
                       "--patient ska vara ett personnummer, samordningsnummer eller en pseudonym");
    key = *id;
  }
  LineFilter f{a.get("--seller"), a.get("--buyer"), std::nullopt};
  require_seller(store, f.seller);
  require_buyer(store, f.buyer);
  const std::vector<LineListing> list =
      find_lines(store, patient ? LineSearch::patient : LineSearch::record, key, f);
  log_listing(store, list,
              "search" + (record ? " record " + *record : std::string(" patient")) +
                  (f.seller ? " seller " + *f.seller : std::string()) +
                  (f.buyer ? " buyer " + *f.buyer : std::string()));
  print_listing(list, format, Listing::search);
  return 0;
}

int cmd_credits(Store& store, const Args& a) {
  return print_lines(store, a, true);
}
int cmd_late(Store& store, const Args& a) {
  return print_lines(store, a, false);
}

int cmd_invoice(Store& store, const Args& a) {
  const std::string fmt =
      format_option(a, {"table", "csv", "json", "xlsx", "peppol", "fakturaunderlag"});
  const bool document = fmt == "peppol" || fmt == "xlsx" || fmt == "fakturaunderlag";
  const Format format = listing_format(fmt);
  if (a.positional.size() != 1)
    throw UsageError("invoice needs one NUMBER", "invoice behöver ett NUMMER");
  store.require_schema();
  require_seller(store, a.get("--seller"));
  LedgerStore ledger(store);
  auto inv = ledger.invoice(a.positional[0], a.get("--seller"));
  if (!inv) {
    std::cerr << "vardavtal: ingen faktura " << a.positional[0] << "\n";
    return 1;
  }
  // Logged before the lines are shown (docs/audit.md#access-log).
  log_patient_read(store, os_user(),
                   "invoice " + inv->number + " seller " + inv->seller + " (" + fmt + ")",
                   patients_of_invoice(store, *inv));
  if (document) return write_document(store, *inv, fmt, a.get("--out"));
  std::FILE* out = stdout;
  if (auto path = a.get("--out")) {
    out = std::fopen(path->c_str(), "wb");
    if (!out) throw cannot_write(*path);
  }
  write_invoice(store, *inv, format, out);
  if (out != stdout) std::fclose(out);
  return 0;
}

int cmd_check_spec(const Args& a) {
  if (a.positional.empty())
    throw UsageError("check-spec needs at least one FILE", "check-spec behöver minst en FIL");
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
  std::vector<Phrase> problems = ledger.verify();
  if (problems.empty()) {
    std::cout << "OK\n";
    return 0;
  }
  for (const auto& p : problems) std::cout << p.sv << "\n";
  std::cout << problems.size() << (problems.size() == 1 ? " avvikelse" : " avvikelser") << "\n";
  return 1;
}

}  // namespace vardavtal
