#include "billing/app/month_end.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <stdexcept>

#include "billing/app/resolve.h"
#include "billing/text/text_table.h"
#include "store/audit.h"
#include "store/ledger_store.h"
#include "store/token_store.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {

// The seller's last billed month, refusing `period` after it.
Period require_billed(Store& store, const std::string& seller, Period period) {
  const std::optional<Period> last = LedgerStore(store).last_period(seller);
  if (last && period <= *last) return *last;
  throw MonthEndRefused(seller + ": " + period.str() + " is not billed (" +
                            (last ? "billed through " + last->str() : "nothing billed") +
                            "); run bill --through " + period.str() + " first",
                        seller + ": " + period.str() + " är inte fakturerad (" +
                            (last ? "fakturerad till och med " + last->str() : "inget fakturerat") +
                            "); kör först bill --through " + period.str());
}

std::string swedish_count(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<Period> require_closed(Store& store, const std::string& seller, Period from, Period to,
                                   bool force, const std::string& purpose,
                                   const std::string& purpose_sv) {
  require_billed(store, seller, to);
  MonthStore months(store);
  std::vector<Period> open;
  for (Period p = from; p <= to; p = p.next())
    if (!months.closed(seller, p)) open.push_back(p);
  if (open.empty() || force) return open;
  std::string list;
  for (Period p : open) list += (list.empty() ? "" : ", ") + p.str();
  throw MonthEndRefused(seller + ": not closed: " + list + "; close each month after review " +
                            "(vardavtal close) before " + purpose + ", or --force",
                        seller + ": " +
                            (open.size() == 1 ? "månaden " + list + " är inte stängd"
                                              : "månaderna " + list + " är inte stängda") +
                            "; stäng varje månad efter granskning (vardavtal close) före " +
                            purpose_sv + ", eller --force");
}

CloseResult close_month(Store& store, const std::string& seller, Period period,
                        const std::string& who) {
  require_seller(store, seller);
  require_billed(store, seller, period);
  MonthStore months(store);
  CloseResult r;
  for (const MonthFigures& f : months.figures(seller))
    if (f.period == period) r.figures = f;
  r.figures.period = period;
  r.close = {seller, period, utc_now_iso(), who};
  WriteTransaction tx(store);
  // Checked inside the transaction, after the audit row's lock: of two
  // closes at once the second sees the first's row.
  append_audit_row(store, who, "close", "closed " + seller + " " + period.str());
  if (auto c = months.closed(seller, period)) {
    r.close = *c;
    r.already = true;
    return r;  // rolled back: nothing written
  }
  months.append_close(r.close);
  tx.commit();
  return r;
}

std::vector<MonthStatus> month_status(Store& store, const std::optional<std::string>& seller) {
  require_seller(store, seller);
  std::vector<MonthStatus> out;
  const std::vector<std::string> sellers =
      seller ? std::vector<std::string>{*seller} : MonthStore(store).sellers();
  MonthStore months(store);
  LedgerStore ledger(store);
  for (const std::string& s : sellers) {
    const std::optional<Period> last = ledger.last_period(s);
    std::map<Period, MonthStatus> rows;
    for (const MonthFigures& f : months.figures(s))
      rows[f.period] = {s, f.period, false, f, {}, {}};
    if (rows.empty()) continue;
    // Every month from the first with an invoice through the last billed.
    for (Period p = rows.begin()->first; last && p <= *last; p = p.next())
      if (!rows.count(p)) {
        MonthFigures empty;
        empty.period = p;
        rows[p] = {s, p, false, empty, {}, {}};
      }
    for (const MonthClose& c : months.closes(s))
      if (rows.count(c.period)) rows[c.period].close = c;
    for (const SieExport& e : months.sie_exports(s))
      for (Period p = e.from; p <= e.to; p = p.next())
        if (rows.count(p)) rows[p].sie = e;  // in id order: the latest wins
    for (auto& [p, row] : rows) {
      row.billed = last && p <= *last;
      out.push_back(row);
    }
  }
  return out;
}

std::string status_table(const std::vector<MonthStatus>& rows) {
  TextTable t({"säljare", "månad", "fakturerad", ">fakturor", ">kreditfakturor", ">netto kr",
               "stängd", "SIE", ">levererade", ">öppna tvister", ">hållna poster"});
  for (const MonthStatus& r : rows) {
    t.add({r.seller, r.period.str(), r.billed ? "ja" : "nej", std::to_string(r.figures.invoices),
           std::to_string(r.figures.credit_notes), r.figures.net.to_swedish(),
           r.close ? r.close->closed_at.substr(0, 10) + " " + r.close->closed_by : "nej",
           r.sie ? r.sie->exported_at.substr(0, 10) + " (fil " + std::to_string(r.sie->id) + ")"
                 : "nej",
           std::to_string(r.figures.delivered) + "/" +
               std::to_string(r.figures.care_invoices + r.figures.care_credit_notes),
           std::to_string(r.figures.open_disputes), std::to_string(r.figures.held)});
  }
  return t.render();
}

std::string status_json(const std::vector<MonthStatus>& rows) {
  boost::json::array a;
  for (const MonthStatus& r : rows) {
    boost::json::object o;
    o["seller"] = r.seller;
    o["period"] = r.period.str();
    o["billed"] = r.billed;
    o["invoices"] = r.figures.invoices;
    o["credit_notes"] = r.figures.credit_notes;
    o["care_invoices"] = r.figures.care_invoices;
    o["net"] = r.figures.net.to_string();
    o["closed_at"] = r.close ? boost::json::value(r.close->closed_at) : nullptr;
    o["closed_by"] = r.close ? boost::json::value(r.close->closed_by) : nullptr;
    o["sie_export"] = r.sie ? boost::json::value(r.sie->id) : nullptr;
    o["sie_exported_at"] = r.sie ? boost::json::value(r.sie->exported_at) : nullptr;
    o["care_credit_notes"] = r.figures.care_credit_notes;
    o["delivered"] = r.figures.delivered;
    o["open_disputes"] = r.figures.open_disputes;
    o["held"] = r.figures.held;
    a.push_back(std::move(o));
  }
  return boost::json::serialize(a) + "\n";
}

void write_status_csv(const std::vector<MonthStatus>& rows, std::FILE* out, CsvDialect dialect) {
  CsvWriter w(out,
              {"seller", "period", "billed", "invoices", "credit_notes", "care_invoices",
               "care_credit_notes", "net", "closed_at", "closed_by", "sie_export",
               "sie_exported_at", "delivered", "open_disputes", "held"},
              CsvText::guarded, dialect);
  for (const MonthStatus& r : rows) {
    w.field(r.seller).field(r.period.str()).field(r.billed ? "1" : "0");
    w.field(r.figures.invoices).field(r.figures.credit_notes).field(r.figures.care_invoices);
    w.field(r.figures.care_credit_notes);
    w.field_fixed(r.figures.net.ore(), 2);
    w.field(r.close ? r.close->closed_at : "").field(r.close ? r.close->closed_by : "");
    if (r.sie)
      w.field(r.sie->id);
    else
      w.empty();
    w.field(r.sie ? r.sie->exported_at : "");
    w.field(r.figures.delivered).field(r.figures.open_disputes).field(r.figures.held);
    w.end_row();
  }
  w.close();
}

SieVerification book_invoice(const Invoice& invoice, const std::vector<Posting>& postings,
                             const AccountMap& map, const std::string& buyer_name) {
  std::map<RevenueKind, Money> revenue;
  Money sum;
  for (const Posting& p : postings) {
    sum += p.amount;
    switch (p.kind) {
      case PostingKind::care:
      case PostingKind::reversal: {
        const CareSplit s = split_care_amount(p);
        revenue[RevenueKind::care] += s.variable + s.outliers + s.tariffs;
        revenue[RevenueKind::items] += s.items + s.at_cost;
        break;
      }
      case PostingKind::subscription:
        revenue[RevenueKind::subscription] += p.amount;
        break;
      case PostingKind::settlement:
        revenue[RevenueKind::settlement] += p.amount;
        break;
      case PostingKind::commitment:
        revenue[RevenueKind::commitment] += p.amount;
        break;
    }
  }
  const Money receivable = invoice.type == InvoiceType::credit ? -invoice.total : invoice.total;
  if (sum != receivable)
    throw std::logic_error("invoice " + invoice.number + ": its postings sum to " +
                           sum.to_string() + ", its total is " + receivable.to_string());
  SieVerification v;
  v.series = map.series;
  v.number = invoice.number;
  v.date = invoice.issue_date;
  v.text = std::string(invoice.type == InvoiceType::credit ? "Kreditfaktura " : "Faktura ") +
           invoice.number + " " + buyer_name + " " + std::string(swedish_name(invoice.kind)) + " " +
           invoice.period.str() +
           (invoice.reference_number.empty() ? "" : " avser " + invoice.reference_number);
  const std::string object = map.object_of(invoice.buyer);
  v.transactions.push_back({map.receivable.number, object, receivable});
  for (const auto& [kind, amount] : revenue) {
    if (amount == Money()) continue;
    auto account = map.revenue.find(kind);
    if (account == map.revenue.end())
      throw MonthEndRefused(std::string("the account map has no [revenue.") + key_of(kind) +
                                "] account, and invoice " + invoice.number + " books " +
                                key_of(kind) + " revenue",
                            std::string("kontoplanen saknar konto för [revenue.") + key_of(kind) +
                                "], och faktura " + invoice.number + " bokför sådan intäkt");
    v.transactions.push_back({account->second.number, object, -amount});
  }
  return v;
}

SieResult build_sie(Store& store, const SieRequest& q) {
  require_seller(store, q.seller);
  if (q.to < q.from)
    throw UsageError("--period: " + q.to.str() + " is before " + q.from.str(),
                     "--period: " + q.to.str() + " ligger före " + q.from.str());
  SieResult r;
  r.not_closed =
      require_closed(store, q.seller, q.from, q.to, q.force, "the general ledger", "bokföringen");
  MonthStore months(store);
  LedgerStore ledger(store);
  std::set<Period> exported;
  for (const SieExport& e : months.sie_exports(q.seller))
    for (Period p = e.from; p <= e.to; p = p.next()) exported.insert(p);
  for (Period p = q.from; p <= q.to; p = p.next())
    if (exported.count(p)) r.exported_before.push_back(p);

  const std::optional<PartyRow> seller = ledger.seller_party(q.seller);
  const std::optional<PartyRow> region = seller ? ledger.buyer_party(seller->county) : std::nullopt;
  SieFile f;
  f.company_name = !q.map.company_name.empty() ? q.map.company_name
                   : region                    ? region->name
                                               : q.seller;
  f.org_number = !q.map.org_number.empty() ? q.map.org_number
                 : seller                  ? sie_org_number(seller->org_number)
                                           : "";
  f.dimension = q.map.dimension;
  f.dimension_name = q.map.dimension_name;

  std::vector<Invoice> list;
  for (Invoice& i : ledger.invoices({q.seller, std::nullopt, std::nullopt}))
    if (month_end_period(i) >= q.from && month_end_period(i) <= q.to) list.push_back(std::move(i));
  std::sort(list.begin(), list.end(),
            [](const Invoice& a, const Invoice& b) { return a.seq < b.seq; });
  std::map<std::string, std::string> buyer_names;  // county -> name
  std::set<RevenueKind> used;
  std::set<int> years;
  for (const Invoice& i : list) {
    if (!buyer_names.count(i.buyer)) {
      auto b = ledger.buyer_party(i.buyer);
      buyer_names[i.buyer] = b ? b->name : i.buyer;
    }
    SieVerification v = book_invoice(i, ledger.postings_of(i), q.map, buyer_names[i.buyer]);
    for (size_t k = 1; k < v.transactions.size(); ++k)
      for (const auto& [kind, account] : q.map.revenue)
        if (account.number == v.transactions[k].account) used.insert(kind);
    years.insert(static_cast<int>(year_of(i.issue_date)));
    f.generated = std::max(f.generated, i.issue_date);
    f.verifications.push_back(std::move(v));
  }
  if (list.empty()) {
    f.generated = q.to.next().first_day();
    years.insert(q.to.next().year());
  }
  // #RAR 0, -1, ...: every year from the newest down to the oldest.
  for (int y = *years.rbegin(); y >= *years.begin(); --y) f.years.push_back(y);
  // Each account once (two kinds may share one), the receivable first.
  std::set<std::string> declared;
  auto declare = [&](const LedgerAccount& a) {
    if (declared.insert(a.number).second) f.accounts.push_back(a);
  };
  declare(q.map.receivable);
  for (RevenueKind k : kRevenueKinds)
    if (used.count(k)) declare(q.map.revenue.at(k));
  std::map<std::string, std::string> objects;  // id -> name, sorted by id
  for (const auto& [county, name] : buyer_names) objects[q.map.object_of(county)] = name;
  f.objects.assign(objects.begin(), objects.end());
  const std::string first = list.empty() ? "" : list.front().number;
  const std::string last = list.empty() ? "" : list.back().number;
  f.prosa = "vardavtal " + q.seller + " " + q.from.str() + ".." + q.to.str() + ": " +
            swedish_count(static_cast<int64_t>(list.size()), "verifikation", "verifikationer") +
            (list.empty() ? "" : ", fakturor " + first + "-" + last);

  r.bytes = to_pc8(render_sie(f));
  r.record.seller = q.seller;
  r.record.from = q.from;
  r.record.to = q.to;
  r.record.verifications = static_cast<int64_t>(list.size());
  r.record.first_invoice = first;
  r.record.last_invoice = last;
  r.record.sha256 = sha256_hex(r.bytes);
  r.record.forced = !r.not_closed.empty();
  return r;
}

int64_t record_sie_export(Store& store, SieExport record, const std::string& who) {
  record.exported_at = utc_now_iso();
  record.exported_by = who;
  WriteTransaction tx(store);
  append_audit_row(store, who, "sie",
                   "SIE 4i of " + record.seller + " " + record.from.str() + ".." + record.to.str() +
                       ": " + std::to_string(record.verifications) + " verifications, sha256 " +
                       record.sha256);
  const int64_t id = MonthStore(store).append_sie_export(record);
  tx.commit();
  return id;
}

}  // namespace vardavtal
