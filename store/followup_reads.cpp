#include "store/followup_reads.h"

namespace vardavtal {

std::map<std::pair<std::string, int>, Money> invoiced_by_buyer_year(Store& store,
                                                                   const std::string& seller,
                                                                   int from_year, int to_year) {
  std::map<std::pair<std::string, int>, Money> out;
  std::string s = seller, buyer, year;
  std::string from = std::to_string(from_year) + "-01", to = std::to_string(to_year) + "-12";
  long long total = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT buyer, substr(period, 1, 4), sum(CASE WHEN type = 'credit' "
                              "THEN -total ELSE total END) FROM invoices WHERE seller = :s AND "
                              "period >= :f AND period <= :t GROUP BY buyer, substr(period, 1, 4)",
       soci::use(s), soci::use(from), soci::use(to), soci::into(buyer), soci::into(year),
       soci::into(total));
  st.execute();
  while (st.fetch()) out[{buyer, std::stoi(year)}] = Money::from_ore(total);
  return out;
}

std::map<std::pair<std::string, int>, long long> contacts_by_type_year(Store& store,
                                                                      const std::string& seller,
                                                                      int from_year, int to_year) {
  std::map<std::pair<std::string, int>, long long> out;
  std::string s = seller, type, year;
  std::string from = std::to_string(from_year) + "-01-01", to = std::to_string(to_year) + "-12-31";
  long long n = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT r.care_type, substr(p.billing_date, 1, 4), count(*) FROM "
                              "postings p JOIN records r ON r.seller = p.seller AND r.record_id "
                              "= p.record_id AND r.version = p.record_version WHERE p.seller = :s "
                              "AND p.kind = 'care' AND p.billing_date >= :f AND p.billing_date "
                              "<= :t AND NOT EXISTS (SELECT 1 FROM postings x WHERE x.reverses = "
                              "p.id) GROUP BY r.care_type, substr(p.billing_date, 1, 4)",
       soci::use(s), soci::use(from), soci::use(to), soci::into(type), soci::into(year),
       soci::into(n));
  st.execute();
  while (st.fetch()) out[{type, std::stoi(year)}] = n;
  return out;
}

std::vector<PointsRow> points_by_drg_clinic_year(Store& store, const std::string& seller,
                                                 const std::string& buyer, int from_year,
                                                 int to_year) {
  std::vector<PointsRow> out;
  std::string s = seller, b = buyer, drg, clinic, year;
  std::string from = std::to_string(from_year) + "-01-01", to = std::to_string(to_year) + "-12-31";
  long long points = 0, n = 0;
  soci::statement st(store.sql());
  st.exchange(soci::into(drg));
  st.exchange(soci::into(clinic));
  st.exchange(soci::into(year));
  st.exchange(soci::into(points));
  st.exchange(soci::into(n));
  st.exchange(soci::use(s, "s"));
  st.exchange(soci::use(from, "f"));
  st.exchange(soci::use(to, "t"));
  if (!buyer.empty()) st.exchange(soci::use(b, "b"));
  st.alloc();
  st.prepare(std::string(
                 "SELECT p.drg, r.clinic, substr(p.billing_date, 1, 4), sum(p.weight), count(*) "
                 "FROM postings p JOIN records r ON r.seller = p.seller AND r.record_id = "
                 "p.record_id AND r.version = p.record_version WHERE p.seller = :s AND p.kind = "
                 "'care' AND p.drg IS NOT NULL AND p.billing_date >= :f AND p.billing_date <= :t "
                 "AND NOT EXISTS (SELECT 1 FROM postings x WHERE x.reverses = p.id)") +
             (buyer.empty() ? "" : " AND p.buyer = :b") +
             " GROUP BY p.drg, r.clinic, substr(p.billing_date, 1, 4)");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back({drg, clinic, std::stoi(year), points, n});
  return out;
}

std::vector<CostRow> inlier_cost_by_seller_year(Store& store, int from_year, int to_year) {
  std::vector<CostRow> out;
  std::string seller, year;
  std::string from = std::to_string(from_year) + "-01-01", to = std::to_string(to_year) + "-12-31";
  long long cost = 0, points = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT p.seller, substr(p.billing_date, 1, 4), sum(r.kpp_cost), "
                              "sum(p.weight) FROM postings p JOIN records r ON r.seller = "
                              "p.seller AND r.record_id = p.record_id AND r.version = "
                              "p.record_version WHERE p.kind = 'care' AND p.outlier = 'none' AND "
                              "p.drg IS NOT NULL AND r.kpp_cost IS NOT NULL AND p.billing_date >= "
                              ":f AND p.billing_date <= :t AND NOT EXISTS (SELECT 1 FROM postings "
                              "x WHERE x.reverses = p.id) GROUP BY p.seller, substr(p.billing_date, "
                              "1, 4) ORDER BY p.seller",
       soci::use(from), soci::use(to), soci::into(seller), soci::into(year), soci::into(cost),
       soci::into(points));
  st.execute();
  while (st.fetch()) out.push_back({seller, std::stoi(year), cost, points});
  return out;
}

void for_each_invoiced_posting(Store& store, const std::string& seller, int from_year,
                               int to_year, const std::function<void(const InvoicedPosting&)>& each) {
  std::string s = seller, buyer, year, kind;
  std::string from = std::to_string(from_year) + "-01", to = std::to_string(to_year) + "-12";
  InvoicedPosting x;
  long long v[6] = {};
  soci::statement st =
      (store.sql().prepare << "SELECT i.buyer, substr(i.period, 1, 4), p.kind, p.amount, "
                              "p.items_amount, p.patient_fee, p.drg_amount, p.los_outlier_amount, "
                              "p.cost_outlier_amount FROM invoices i JOIN invoice_lines l ON "
                              "l.seller = i.seller AND l.number = i.number JOIN postings p ON p.id "
                              "= l.posting_id WHERE i.seller = :s AND i.period >= :f AND i.period "
                              "<= :t",
       soci::use(s), soci::use(from), soci::use(to), soci::into(buyer), soci::into(year),
       soci::into(kind), soci::into(v[0]), soci::into(v[1]), soci::into(v[2]), soci::into(v[3]),
       soci::into(v[4]), soci::into(v[5]));
  st.execute();
  while (st.fetch()) {
    x.buyer = buyer;
    x.year = std::stoi(year);
    x.subscription = kind == "subscription";
    x.amount = v[0];
    x.items = v[1];
    x.fee = v[2];
    x.drg = v[3];
    x.los = v[4];
    x.cost = v[5];
    each(x);
  }
}

std::map<std::pair<std::string, int>, int64_t> points_by_buyer_year(Store& store,
                                                                   const std::string& seller,
                                                                   int from_year, int to_year) {
  std::map<std::pair<std::string, int>, int64_t> out;
  std::string s = seller, buyer, year;
  std::string from = std::to_string(from_year) + "-01-01", to = std::to_string(to_year) + "-12-31";
  long long points = 0;
  soci::indicator ind;
  soci::statement st =
      (store.sql().prepare << "SELECT p.buyer, substr(p.billing_date, 1, 4), sum(p.weight) FROM "
                              "postings p WHERE p.seller = :s AND p.kind = 'care' AND "
                              "p.billing_date >= :f AND p.billing_date <= :t AND NOT EXISTS "
                              "(SELECT 1 FROM postings x WHERE x.reverses = p.id) GROUP BY "
                              "p.buyer, substr(p.billing_date, 1, 4)",
       soci::use(s), soci::use(from), soci::use(to), soci::into(buyer), soci::into(year),
       soci::into(points, ind));
  st.execute();
  while (st.fetch()) out[{buyer, std::stoi(year)}] = ind == soci::i_ok ? points : 0;
  return out;
}

std::vector<BoughtRow> bought_by_seller_year(Store& store, const std::string& buyer, int from_year,
                                             int to_year) {
  std::vector<BoughtRow> out;
  std::string b = buyer, seller, name, hr, year;
  std::string from = std::to_string(from_year) + "-01", to = std::to_string(to_year) + "-12";
  long long with = 0, without = 0, sub = 0;
  soci::statement st =
      (store.sql().prepare
           << "SELECT i.seller, h.name, g.healthcare_region, substr(i.period, 1, 4), "
              "sum(CASE WHEN p.kind <> 'subscription' AND r.referral_id IS NOT NULL THEN p.amount "
              "ELSE 0 END), sum(CASE WHEN p.kind <> 'subscription' AND r.referral_id IS NULL "
              "THEN p.amount ELSE 0 END), sum(CASE WHEN p.kind = 'subscription' THEN p.amount "
              "ELSE 0 END) FROM invoices i JOIN invoice_lines l ON l.seller = i.seller AND "
              "l.number = i.number JOIN postings p ON p.id = l.posting_id LEFT JOIN records r ON "
              "r.seller = p.seller AND r.record_id = p.record_id AND r.version = p.record_version "
              "JOIN hospitals h ON h.code = i.seller AND NOT EXISTS (SELECT 1 FROM hospitals n "
              "WHERE n.code = h.code AND n.version > h.version) JOIN regions g ON g.code = "
              "h.region AND NOT EXISTS (SELECT 1 FROM regions m WHERE m.code = g.code AND "
              "m.version > g.version) WHERE i.buyer = :b AND i.period >= :f AND i.period <= :t "
              "GROUP BY i.seller, h.name, g.healthcare_region, substr(i.period, 1, 4)",
       soci::use(b), soci::use(from), soci::use(to), soci::into(seller), soci::into(name),
       soci::into(hr), soci::into(year), soci::into(with), soci::into(without), soci::into(sub));
  st.execute();
  while (st.fetch()) out.push_back({seller, name, hr, std::stoi(year), with, without, sub});
  return out;
}

std::string healthcare_region_of(Store& store, const std::string& county) {
  std::string c = county, hr;
  store.sql() << "SELECT healthcare_region FROM regions r WHERE code = :c AND NOT EXISTS (SELECT "
                 "1 FROM regions n WHERE n.code = r.code AND n.version > r.version)",
      soci::use(c), soci::into(hr);
  return store.sql().got_data() ? hr : "";
}

std::map<std::string, std::string> region_names(Store& store) {
  std::map<std::string, std::string> out;
  std::string code, name;
  soci::statement st = (store.sql().prepare << "SELECT code, name FROM regions r WHERE NOT EXISTS "
                                               "(SELECT 1 FROM regions n WHERE n.code = r.code "
                                               "AND n.version > r.version)",
                        soci::into(code), soci::into(name));
  st.execute();
  while (st.fetch()) out[code] = name;
  return out;
}

}  // namespace vardavtal
