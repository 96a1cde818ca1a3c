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
                              "kind IN ('care', 'subscription') AND period >= :f AND period <= "
                              ":t GROUP BY buyer, substr(period, 1, 4)",
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
  std::string s = seller, type;
  long long from = from_year, to = to_year, year = 0, n = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT care_type, billing_year, sum(contacts) FROM followup_facts "
                              "WHERE seller = :s AND subscription = 0 AND billing_year >= :f AND "
                              "billing_year <= :t GROUP BY care_type, billing_year HAVING "
                              "sum(contacts) <> 0",
       soci::use(s), soci::use(from), soci::use(to), soci::into(type), soci::into(year),
       soci::into(n));
  st.execute();
  while (st.fetch()) out[{type, static_cast<int>(year)}] = n;
  return out;
}

std::vector<PointsRow> points_by_drg_clinic_year(Store& store, const std::string& seller,
                                                 const std::string& buyer, int from_year,
                                                 int to_year) {
  std::vector<PointsRow> out;
  std::string s = seller, b = buyer, drg, clinic;
  long long from = from_year, to = to_year, year = 0, points = 0, n = 0;
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
  st.prepare(std::string("SELECT drg, clinic, billing_year, sum(points), sum(contacts) FROM "
                         "followup_facts WHERE seller = :s AND subscription = 0 AND drg <> '' AND "
                         "billing_year >= :f AND billing_year <= :t") +
             (buyer.empty() ? "" : " AND buyer = :b") +
             " GROUP BY drg, clinic, billing_year HAVING sum(contacts) <> 0 OR sum(points) <> 0");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back({drg, clinic, static_cast<int>(year), points, n});
  return out;
}

std::vector<CostRow> inlier_cost_by_seller_year(Store& store, int from_year, int to_year) {
  std::vector<CostRow> out;
  std::string seller;
  long long from = from_year, to = to_year, year = 0, cost = 0, points = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT seller, billing_year, sum(inlier_kpp), sum(inlier_points) "
                              "FROM followup_facts WHERE subscription = 0 AND billing_year >= :f "
                              "AND billing_year <= :t GROUP BY seller, billing_year HAVING "
                              "sum(inlier_points) <> 0 ORDER BY seller, billing_year",
       soci::use(from), soci::use(to), soci::into(seller), soci::into(year), soci::into(cost),
       soci::into(points));
  st.execute();
  while (st.fetch()) out.push_back({seller, static_cast<int>(year), cost, points});
  return out;
}

std::vector<InvoicedSplitRow> invoiced_split_by_buyer_year(Store& store, const std::string& seller,
                                                           int from_year, int to_year) {
  std::vector<InvoicedSplitRow> out;
  std::string s = seller, buyer;
  long long from = from_year, to = to_year, year = 0, sub = 0, v[6] = {};
  soci::statement st =
      (store.sql().prepare << "SELECT buyer, period_year, subscription, sum(amount), "
                              "sum(variable), sum(outliers), sum(items), sum(tariffs), "
                              "sum(at_cost) FROM followup_facts WHERE "
                              "seller = :s AND period_year >= :f AND period_year <= :t GROUP BY "
                              "buyer, period_year, subscription",
       soci::use(s), soci::use(from), soci::use(to), soci::into(buyer), soci::into(year),
       soci::into(sub), soci::into(v[0]), soci::into(v[1]), soci::into(v[2]), soci::into(v[3]),
       soci::into(v[4]), soci::into(v[5]));
  st.execute();
  while (st.fetch())
    out.push_back({buyer, static_cast<int>(year), sub != 0, v[0], v[1], v[2], v[3], v[4], v[5]});
  return out;
}

std::map<std::pair<std::string, std::string>, CareDelivered> care_by_buyer_clinic(
    Store& store, const std::string& seller, int year) {
  std::map<std::pair<std::string, std::string>, CareDelivered> out;
  std::string s = seller, buyer, clinic;
  long long y = year, contacts = 0, points = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT buyer, clinic, sum(contacts), sum(points) FROM "
                              "followup_facts WHERE seller = :s AND subscription = 0 AND "
                              "billing_year = :y GROUP BY buyer, clinic",
       soci::use(s), soci::use(y), soci::into(buyer), soci::into(clinic), soci::into(contacts),
       soci::into(points));
  st.execute();
  while (st.fetch()) out[{buyer, clinic}] = {contacts, points};
  return out;
}

std::map<std::pair<std::string, std::string>, CareDelivered> plans_of(Store& store,
                                                                      const std::string& seller,
                                                                      int year) {
  std::map<std::pair<std::string, std::string>, CareDelivered> out;
  std::string s = seller, buyer, clinic;
  long long y = year, contacts = 0, points = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT p.buyer, p.clinic, p.planned_contacts, p.planned_points "
                              "FROM plans p WHERE p.seller = :s AND p.year = :y AND p.version = "
                              "(SELECT max(v.version) FROM plans v WHERE v.seller = p.seller AND "
                              "v.buyer = p.buyer AND v.year = p.year AND v.clinic = p.clinic)",
       soci::use(s), soci::use(y), soci::into(buyer), soci::into(clinic), soci::into(contacts),
       soci::into(points));
  st.execute();
  while (st.fetch()) out[{buyer, clinic}] = {contacts, points};
  return out;
}

std::map<std::pair<std::string, int>, int64_t> points_by_buyer_year(Store& store,
                                                                   const std::string& seller,
                                                                   int from_year, int to_year) {
  std::map<std::pair<std::string, int>, int64_t> out;
  std::string s = seller, buyer;
  long long from = from_year, to = to_year, year = 0, points = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT buyer, billing_year, sum(points) FROM followup_facts WHERE "
                              "seller = :s AND subscription = 0 AND billing_year >= :f AND "
                              "billing_year <= :t GROUP BY buyer, billing_year",
       soci::use(s), soci::use(from), soci::use(to), soci::into(buyer), soci::into(year),
       soci::into(points));
  st.execute();
  while (st.fetch()) out[{buyer, static_cast<int>(year)}] = points;
  return out;
}

std::vector<BoughtRow> bought_by_seller_year(Store& store, const std::string& buyer, int from_year,
                                             int to_year) {
  std::vector<BoughtRow> out;
  std::string b = buyer, seller, name, hr;
  long long from = from_year, to = to_year, year = 0, with = 0, without = 0, sub = 0;
  soci::statement st =
      (store.sql().prepare
           << "SELECT f.seller, h.name, g.healthcare_region, f.period_year, f.w, f.wo, f.sub FROM "
              "(SELECT seller, period_year, sum(CASE WHEN subscription = 0 AND referral = 1 THEN "
              "amount ELSE 0 END) AS w, sum(CASE WHEN subscription = 0 AND referral = 0 THEN "
              "amount ELSE 0 END) AS wo, sum(CASE WHEN subscription = 1 THEN amount ELSE 0 END) "
              "AS sub FROM followup_facts WHERE buyer = :b AND period_year >= :f AND period_year "
              "<= :t GROUP BY seller, period_year) f JOIN hospitals h ON h.code = f.seller AND "
              "NOT EXISTS (SELECT 1 FROM hospitals n WHERE n.code = h.code AND n.version > "
              "h.version) JOIN regions g ON g.code = h.region AND NOT EXISTS (SELECT 1 FROM "
              "regions m WHERE m.code = g.code AND m.version > g.version) ORDER BY f.seller, "
              "f.period_year",
       soci::use(b), soci::use(from), soci::use(to), soci::into(seller), soci::into(name),
       soci::into(hr), soci::into(year), soci::into(with), soci::into(without), soci::into(sub));
  st.execute();
  while (st.fetch())
    out.push_back({seller, name, hr, static_cast<int>(year), with, without, sub});
  return out;
}

std::string healthcare_region_of(Store& store, const std::string& county) {
  std::string c = county, hr;
  store.sql() << "SELECT healthcare_region FROM regions r WHERE code = :c AND NOT EXISTS (SELECT "
                 "1 FROM regions n WHERE n.code = r.code AND n.version > r.version)",
      soci::use(c), soci::into(hr);
  return store.sql().got_data() ? hr : "";
}

namespace {
// code -> name of the latest versions in a table of regions or hospitals.
std::map<std::string, std::string> latest_names(Store& store, const std::string& table) {
  std::map<std::string, std::string> out;
  std::string code, name;
  soci::statement st = (store.sql().prepare << "SELECT code, name FROM " + table +
                                                   " r WHERE NOT EXISTS (SELECT 1 FROM " + table +
                                                   " n WHERE n.code = r.code AND n.version > "
                                                   "r.version)",
                        soci::into(code), soci::into(name));
  st.execute();
  while (st.fetch()) out[code] = name;
  return out;
}
}  // namespace

std::map<std::string, std::string> region_names(Store& store) {
  return latest_names(store, "regions");
}

std::map<std::string, std::string> hospital_names(Store& store) {
  return latest_names(store, "hospitals");
}

std::vector<ReferredRow> referred_by_seller(Store& store, const std::string& buyer, int year) {
  std::vector<ReferredRow> out;
  std::string b = buyer, seller, name, kind, hr;
  long long y = year, medical = 0, bought = 0;
  soci::statement st =
      (store.sql().prepare
           << "SELECT f.seller, h.name, h.kind, g.healthcare_region, f.m, f.t FROM (SELECT "
              "seller, sum(CASE WHEN subscription = 0 AND referred_medical = 1 THEN amount ELSE "
              "0 END) AS m, sum(amount) AS t FROM followup_facts WHERE buyer = :b AND "
              "period_year = :y GROUP BY seller) f JOIN hospitals h ON h.code = f.seller AND "
              "NOT EXISTS (SELECT 1 FROM hospitals n WHERE n.code = h.code AND n.version > "
              "h.version) JOIN regions g ON g.code = h.region AND NOT EXISTS (SELECT 1 FROM "
              "regions m WHERE m.code = g.code AND m.version > g.version) ORDER BY f.seller",
       soci::use(b), soci::use(y), soci::into(seller), soci::into(name), soci::into(kind),
       soci::into(hr), soci::into(medical), soci::into(bought));
  st.execute();
  while (st.fetch()) out.push_back({seller, name, kind, hr, medical, bought});
  return out;
}

}  // namespace vardavtal
