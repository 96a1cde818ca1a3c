#include "store/month_store.h"

#include <map>

#include "ledger/invoice.h"

namespace vardavtal {

namespace {

Period period_of(const std::string& text) {
  auto p = Period::parse(text);
  if (!p)
    throw StoreError("month-end: a stored month is not YYYY-MM: '" + text + "'",
                     "månadsbokslut: en lagrad månad är inte ÅÅÅÅ-MM: '" + text + "'");
  return *p;
}

}  // namespace

std::optional<MonthClose> MonthStore::closed(const std::string& seller, Period period) {
  MonthClose c{seller, period, "", ""};
  const std::string month = period.str();
  store_.sql() << "SELECT closed_at, closed_by FROM month_closes WHERE seller = :s AND period = :p",
      soci::use(seller), soci::use(month), soci::into(c.closed_at), soci::into(c.closed_by);
  if (!store_.sql().got_data()) return std::nullopt;
  return c;
}

std::vector<MonthClose> MonthStore::closes(const std::string& seller) {
  std::vector<MonthClose> out;
  std::string month, at, by;
  soci::statement st = (store_.sql().prepare << "SELECT period, closed_at, closed_by FROM "
                                                "month_closes WHERE seller = :s ORDER BY period",
                        soci::use(seller), soci::into(month), soci::into(at), soci::into(by));
  st.execute();
  while (st.fetch()) out.push_back({seller, period_of(month), at, by});
  return out;
}

void MonthStore::append_close(const MonthClose& c) {
  const std::string month = c.period.str();
  store_.sql() << "INSERT INTO month_closes (seller, period, closed_at, closed_by) "
                  "VALUES (:s, :p, :a, :b)",
      soci::use(c.seller), soci::use(month), soci::use(c.closed_at), soci::use(c.closed_by);
}

int64_t MonthStore::append_sie_export(SieExport e) {
  long long next = 0;
  store_.sql() << "SELECT coalesce(max(id), 0) + 1 FROM sie_exports", soci::into(next);
  e.id = next;
  const std::string from = e.from.str(), to = e.to.str();
  long long count = e.verifications, forced = e.forced ? 1 : 0, id = e.id;
  store_.sql() << "INSERT INTO sie_exports (id, seller, period_from, period_to, verifications, "
                  "first_invoice, last_invoice, sha256, forced, exported_at, exported_by) "
                  "VALUES (:i, :s, :f, :t, :v, :fi, :li, :h, :fo, :a, :b)",
      soci::use(id), soci::use(e.seller), soci::use(from), soci::use(to), soci::use(count),
      soci::use(e.first_invoice), soci::use(e.last_invoice), soci::use(e.sha256), soci::use(forced),
      soci::use(e.exported_at), soci::use(e.exported_by);
  return e.id;
}

std::vector<SieExport> MonthStore::sie_exports(const std::string& seller) {
  std::vector<SieExport> out;
  SieExport e;
  long long id = 0, count = 0, forced = 0;
  std::string from, to;
  soci::statement st =
      (store_.sql().prepare << "SELECT id, period_from, period_to, verifications, first_invoice, "
                               "last_invoice, sha256, forced, exported_at, exported_by "
                               "FROM sie_exports WHERE seller = :s ORDER BY id",
       soci::use(seller), soci::into(id), soci::into(from), soci::into(to), soci::into(count),
       soci::into(e.first_invoice), soci::into(e.last_invoice), soci::into(e.sha256),
       soci::into(forced), soci::into(e.exported_at), soci::into(e.exported_by));
  st.execute();
  while (st.fetch()) {
    e.id = id;
    e.seller = seller;
    e.from = period_of(from);
    e.to = period_of(to);
    e.verifications = count;
    e.forced = forced != 0;
    out.push_back(e);
  }
  return out;
}

std::vector<std::string> MonthStore::sellers() {
  std::vector<std::string> out;
  std::string s;
  soci::statement st =
      (store_.sql().prepare << "SELECT DISTINCT seller FROM invoices ORDER BY seller",
       soci::into(s));
  st.execute();
  while (st.fetch()) out.push_back(s);
  return out;
}

std::vector<MonthFigures> MonthStore::figures(const std::string& seller) {
  std::map<Period, MonthFigures> by_month;
  auto month = [&](const std::string& text) -> MonthFigures& {
    const Period p = period_of(text);
    MonthFigures& f = by_month[p];
    f.period = p;
    return f;
  };
  std::string period, type, kind, issued;
  long long count = 0, total = 0;
  {
    // Per invoice, since a year-end true-up belongs to the month it was
    // issued after (month_end_period), not to its billed December.
    soci::statement st =
        (store_.sql().prepare << "SELECT period, type, kind, issue_date, total FROM invoices "
                                 "WHERE seller = :s",
         soci::use(seller), soci::into(period), soci::into(type), soci::into(kind),
         soci::into(issued), soci::into(total));
    st.execute();
    while (st.fetch()) {
      Invoice i;
      i.period = period_of(period);
      i.kind = parse_billing_kind(kind).value_or(BillingKind::care);
      i.issue_date = parse_iso_date(issued).value_or(i.period.next().first_day());
      MonthFigures& f = month(month_end_period(i).str());
      const bool credit = type == "credit";
      (credit ? f.credit_notes : f.invoices) += 1;
      if (kind == "care") (credit ? f.care_credit_notes : f.care_invoices) += 1;
      f.net += credit ? -Money::from_ore(total) : Money::from_ore(total);
    }
  }
  {
    // Still bestridd and no credit line of the seller to that buyer
    // references the disputed line (then it reads krediterad).
    soci::statement st =
        (store_.sql().prepare
             << "SELECT i.period, count(*) FROM disputes d JOIN invoices i ON i.seller = d.seller "
                "AND i.number = d.invoice WHERE d.seller = :s AND d.status = 'bestridd' AND NOT "
                "EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices c ON c.seller = l.seller AND "
                "c.number = l.number WHERE c.type = 'credit' AND c.buyer = d.buyer AND l.seller = "
                "d.seller AND l.reference_number = d.invoice AND l.reference_line = d.line_id) "
                "GROUP BY i.period",
         soci::use(seller), soci::into(period), soci::into(count));
    st.execute();
    while (st.fetch()) month(period).open_disputes = count;
  }
  {
    soci::statement st =
        (store_.sql().prepare << "SELECT substr(billing_date, 1, 7), count(*) FROM held_records "
                                 "WHERE seller = :s GROUP BY substr(billing_date, 1, 7)",
         soci::use(seller), soci::into(period), soci::into(count));
    st.execute();
    while (st.fetch()) month(period).held = count;
  }
  {
    soci::statement st =
        (store_.sql().prepare
             << "SELECT i.period, count(*) FROM invoices i WHERE i.seller = :s AND EXISTS (SELECT "
                "1 FROM deliveries d WHERE d.seller = i.seller AND d.invoice = i.number AND "
                "d.outcome = 'ok') GROUP BY i.period",
         soci::use(seller), soci::into(period), soci::into(count));
    st.execute();
    while (st.fetch()) month(period).delivered = count;
  }
  std::vector<MonthFigures> out;
  for (auto& [p, f] : by_month) out.push_back(f);
  return out;
}

}  // namespace vardavtal
