#include "billing/cli/settle_command.h"

#include <boost/json.hpp>
#include <iostream>

#include "billing/app/resolve.h"
#include "billing/app/settle_run.h"
#include "billing/app/settlement_text.h"
#include "billing/cli/ledger_commands.h"
#include "store/audit.h"
#include "billing/text/text_table.h"
#include "core/decimal.h"
#include "importers/csv_writer.h"

namespace vardavtal {

const char* const kSettleHelp =
    "usage: vardavtal [--db PATH|URL] settle --year YYYY [--seller S] [--issue-date YYYY-MM-DD]\n"
    "                 [--dry-run [--format table|csv|json]]\n"
    "\n"
    "The year-end true-ups of the sellers whose agreement of the year has a\n"
    "[settlement] (share × (KPP cost − invoiced), billing rules §8.4) or a\n"
    "[commitment] (shortfall invoiced, excess above the cap credited, §8.5): per\n"
    "buyer and kind an invoice (380) when positive, a credit note (381) when\n"
    "negative, with Peppol, CSV and XLSX documents (no fakturaunderlag: no patient\n"
    "data). Refuses, writing nothing, unless every settled seller has billed all\n"
    "twelve months of the year and, for a settlement, every billed record of the\n"
    "year has a KPP cost. Running it again issues only the difference caused by\n"
    "corrections billed since; nothing when there is none.\n"
    "\n"
    "  --year YYYY        the agreement year to settle\n"
    "  --seller S         one seller (default: every seller whose agreement settles)\n"
    "  --issue-date D     the documents' issue date (default: the day after the\n"
    "                     seller's last billed month)\n"
    "  --dry-run          compute and print, write nothing\n"
    "  --format F         with --dry-run: table (default), csv or json\n";

namespace {

// The computation in short: "1/3 × (C − I)" or "committed / delivered".
std::string basis_text(const SettlementBasis& b) {
  if (b.kind == BillingKind::settlement)
    return b.share.text() + " × (" + b.kpp_cost.to_swedish() + " − " + b.invoiced.to_swedish() +
           ")";
  std::string s = points_text(b.commitment.committed) + " åtagna, " +
                  points_text(b.commitment.delivered) + " levererade";
  if (b.commitment.cap) s += ", tak " + points_text(*b.commitment.cap);
  return s;
}

const Invoice* invoice_of(const SettleSeller& s, const SettlementBasis& b) {
  if (b.posting_id == 0) return nullptr;
  for (const Invoice& inv : s.issued)
    if (inv.buyer == b.buyer && inv.kind == b.kind) return &inv;
  return nullptr;
}

void print_table(const SettleResult& r, int year, bool dry_run) {
  TextTable t({"seller", "buyer", "kind", "basis", ">due", ">settled before", ">this run",
               "document"});
  for (const SettleSeller& s : r.sellers)
    for (const SettlementBasis& b : s.bases) {
      const Invoice* inv = invoice_of(s, b);
      std::string doc = "-";
      if (b.amount() != Money{})
        doc = std::string(b.amount() < Money{} ? "credit " : "invoice ") +
              (inv && !dry_run ? inv->number : "(dry run)");
      t.add({s.seller, b.buyer, std::string(to_string(b.kind)), basis_text(b), b.due.to_swedish(),
             b.settled_before.to_swedish(), b.amount().to_swedish(), doc});
    }
  if (r.sellers.empty()) {
    std::cout << "no agreement of " << year << " has a [settlement] or a [commitment]\n";
    return;
  }
  std::cout << t.render();
}

void print_csv(const SettleResult& r) {
  CsvWriter w(stdout, {"seller", "buyer", "kind", "kpp_cost", "invoiced", "share",
                       "committed_points", "delivered_points", "due", "settled_before", "amount"});
  for (const SettleSeller& s : r.sellers)
    for (const SettlementBasis& b : s.bases) {
      const bool settlement = b.kind == BillingKind::settlement;
      w.field(s.seller).field(b.buyer).field(to_string(b.kind));
      if (settlement) {
        w.field_fixed(b.kpp_cost.ore(), 2).field_fixed(b.invoiced.ore(), 2).field(b.share.text());
        w.empty().empty();
      } else {
        w.empty().empty().empty();
        w.field_fixed(b.commitment.committed, 4).field_fixed(b.commitment.delivered, 4);
      }
      w.field_fixed(b.due.ore(), 2).field_fixed(b.settled_before.ore(), 2);
      w.field_fixed(b.amount().ore(), 2);
      w.end_row();
    }
}

void print_json(const SettleResult& r) {
  boost::json::array rows;
  for (const SettleSeller& s : r.sellers)
    for (const SettlementBasis& b : s.bases) {
      boost::json::object o{{"seller", s.seller},
                            {"buyer", b.buyer},
                            {"kind", to_string(b.kind)},
                            {"due", b.due.to_string()},
                            {"settled_before", b.settled_before.to_string()},
                            {"amount", b.amount().to_string()}};
      if (b.kind == BillingKind::settlement) {
        o["kpp_cost"] = b.kpp_cost.to_string();
        o["invoiced"] = b.invoiced.to_string();
        o["share"] = b.share.text();
      } else {
        o["committed_points"] = format_scaled(b.commitment.committed, 4);
        o["delivered_points"] = format_scaled(b.commitment.delivered, 4);
      }
      rows.push_back(std::move(o));
    }
  std::cout << boost::json::serialize(rows) << "\n";
}

}  // namespace

int cmd_settle(Store& store, const Args& a) {
  SettleOptions o;
  o.year = static_cast<int>(a.number("--year", 0, 1900, 2999));
  if (!a.has("--year")) throw UsageError("settle needs --year YYYY", "settle behöver --year ÅÅÅÅ");
  o.seller = a.get("--seller");
  store.require_schema();
  require_seller(store, o.seller);
  o.issue_date = a.date("--issue-date");
  o.dry_run = a.has("--dry-run");
  o.audit_who = os_user();  // the run's audit row (docs/audit.md)
  const Format format = format_of(a);
  if (format != Format::table && !o.dry_run)
    throw UsageError("--format needs --dry-run", "--format kräver --dry-run");
  SettleResult r;
  try {
    r = run_settle(store, o);
  } catch (const SettleRefused& e) {
    std::cerr << "vardavtal: avräkningen nekad: " << e.swedish() << "\n";
    return 1;
  }
  if (format == Format::csv) print_csv(r);
  else if (format == Format::json) print_json(r);
  else print_table(r, o.year, o.dry_run);
  return 0;
}

}  // namespace vardavtal
