#include "store/delivery_store.h"

namespace vardavtal {

int64_t DeliveryStore::append(DeliveryAttempt a) {
  long long next = 0;
  store_.sql() << "SELECT coalesce(max(id), 0) + 1 FROM deliveries", soci::into(next);
  long long attempt = a.attempt;
  store_.sql() << "INSERT INTO deliveries (id, seller, invoice, spec_id, buyer, logical_address, "
                  "endpoint, attempt, outcome, result_code, comment, sent_at, sent_by) VALUES "
                  "(:i, :s, :n, :sp, :b, :la, :e, :a, :o, :rc, :c, :t, :w)",
      soci::use(next), soci::use(a.seller), soci::use(a.invoice), soci::use(a.spec_id),
      soci::use(a.buyer), soci::use(a.logical_address), soci::use(a.endpoint), soci::use(attempt),
      soci::use(a.outcome), soci::use(a.result_code), soci::use(a.comment), soci::use(a.sent_at),
      soci::use(a.sent_by);
  return next;
}

std::set<std::string> DeliveryStore::delivered(const std::string& seller) {
  std::set<std::string> out;
  std::string invoice;
  soci::statement st =
      (store_.sql().prepare << "SELECT DISTINCT invoice FROM deliveries WHERE seller = :s AND "
                               "outcome = 'ok'",
       soci::use(seller), soci::into(invoice));
  st.execute();
  while (st.fetch()) out.insert(invoice);
  return out;
}

std::set<std::string> DeliveryStore::unconfirmed(const std::string& seller) {
  std::set<std::string> out;
  std::string invoice;
  soci::statement st =
      (store_.sql().prepare
           << "SELECT d.invoice FROM deliveries d WHERE d.seller = :s AND "
              "d.outcome = 'sending' AND NOT EXISTS (SELECT 1 FROM deliveries a "
              "WHERE a.seller = d.seller AND a.invoice = d.invoice AND a.id > d.id)",
       soci::use(seller), soci::into(invoice));
  st.execute();
  while (st.fetch()) out.insert(invoice);
  return out;
}

std::vector<DeliveryAttempt> DeliveryStore::list(const DeliveryFilter& f) {
  std::vector<DeliveryAttempt> out;
  DeliveryAttempt a;
  long long id = 0, attempt = 0;
  std::string period;
  const std::string seller = f.seller.value_or(""), buyer = f.buyer.value_or("");
  const std::string month = f.period ? f.period->str() : "";
  soci::statement st =
      (store_.sql().prepare
           << "SELECT d.id, d.seller, d.invoice, d.spec_id, d.buyer, d.logical_address, "
              "d.endpoint, "
              "d.attempt, d.outcome, d.result_code, d.comment, d.sent_at, d.sent_by, i.period "
              "FROM deliveries d JOIN invoices i ON i.seller = d.seller AND i.number = d.invoice "
              "WHERE (:s = '' OR d.seller = :s2) AND (:b = '' OR d.buyer = :b2) AND "
              "(:p = '' OR i.period = :p2) AND NOT (d.outcome = 'sending' AND EXISTS (SELECT 1 "
              "FROM deliveries a WHERE a.seller = d.seller AND a.invoice = d.invoice AND a.id > "
              "d.id)) ORDER BY d.id",
       soci::use(seller), soci::use(seller), soci::use(buyer), soci::use(buyer), soci::use(month),
       soci::use(month), soci::into(id), soci::into(a.seller), soci::into(a.invoice),
       soci::into(a.spec_id), soci::into(a.buyer), soci::into(a.logical_address),
       soci::into(a.endpoint), soci::into(attempt), soci::into(a.outcome),
       soci::into(a.result_code), soci::into(a.comment), soci::into(a.sent_at),
       soci::into(a.sent_by), soci::into(period));
  st.execute();
  while (st.fetch()) {
    a.id = id;
    a.attempt = attempt;
    a.period = Period::parse(period).value_or(Period());
    out.push_back(a);
  }
  return out;
}

}  // namespace vardavtal
