#include "store/summary.h"

namespace vardavtal {

namespace {
// Runs a query of (party, year, detail, rows, versions) and appends it.
void collect(soci::session& sql, const std::string& kind, const std::string& query,
             std::vector<SummaryRow>& out) {
  std::string party, year, detail;
  soci::indicator ip, iy, id;
  long long rows = 0, versions = 0;
  soci::statement st = (sql.prepare << query, soci::into(party, ip), soci::into(year, iy),
                        soci::into(detail, id), soci::into(rows), soci::into(versions));
  st.execute();
  while (st.fetch()) {
    out.push_back({kind, ip == soci::i_ok ? party : "", iy == soci::i_ok ? year : "",
                   id == soci::i_ok ? detail : "", rows, versions});
  }
}

// Latest-version filter for a table with the given identity columns.
std::string latest(const std::string& table, const std::string& alias,
                   const std::vector<std::string>& identity) {
  std::string cond;
  for (const auto& c : identity) cond += " AND n." + c + " = " + alias + "." + c;
  return "NOT EXISTS (SELECT 1 FROM " + table + " n WHERE n.version > " + alias + ".version" +
         cond + ")";
}
}  // namespace

std::vector<SummaryRow> summarize(Store& store) {
  soci::session& sql = store.sql();
  std::vector<SummaryRow> out;
  collect(sql, "regions",
          "SELECT r.healthcare_region, '', '', count(*), (SELECT count(*) FROM regions a WHERE "
          "a.healthcare_region = r.healthcare_region) FROM regions r WHERE " +
              latest("regions", "r", {"code"}) + " GROUP BY r.healthcare_region ORDER BY 1",
          out);
  collect(sql, "hospitals",
          "SELECT h.code, '', h.name, count(*), (SELECT count(*) FROM hospitals a WHERE a.code = "
          "h.code) FROM hospitals h WHERE " +
              latest("hospitals", "h", {"code"}) + " GROUP BY h.code, h.name ORDER BY 1",
          out);
  collect(sql, "records",
          "SELECT seller, substr(billing_date, 1, 4), care_type, count(*), sum(version) "
          "FROM records_latest GROUP BY seller, substr(billing_date, 1, 4), care_type "
          "ORDER BY 1, 2, 3",
          out);
  collect(sql, "items",
          "SELECT i.seller, '', 'records with items', count(DISTINCT i.record_id), "
          "(SELECT count(DISTINCT a.record_id || '/' || a.version) FROM record_items a "
          "WHERE a.seller = i.seller) FROM record_items i WHERE " +
              latest("record_items", "i", {"seller", "record_id"}) +
              " GROUP BY i.seller ORDER BY 1",
          out);
  collect(sql, "weights",
          "SELECT '', w.year, 'DRGs', count(*), (SELECT count(*) FROM weights a WHERE a.year = "
          "w.year) FROM weights w WHERE " +
              latest("weights", "w", {"year", "drg"}) + " GROUP BY w.year ORDER BY 2",
          out);
  collect(sql, "prices",
          "SELECT p.seller, p.year, 'items', count(*), (SELECT count(*) FROM prices a WHERE "
          "a.seller = p.seller AND a.year = p.year) FROM prices p WHERE " +
              latest("prices", "p", {"seller", "year", "item_code"}) +
              " GROUP BY p.seller, p.year ORDER BY 1, 2",
          out);
  collect(sql, "tariffs",
          "SELECT t.seller, t.year, 'tariffs', count(*), (SELECT count(*) FROM tariffs a WHERE "
          "a.seller = t.seller AND a.year = t.year) FROM tariffs t WHERE " +
              latest("tariffs", "t",
                     {"seller", "year", "care_type", "clinic", "medical_field", "unit"}) +
              " GROUP BY t.seller, t.year ORDER BY 1, 2",
          out);
  collect(sql, "index",
          "SELECT x.series, min(x.year) || '-' || max(x.year), 'years', count(*), sum(x.version) "
          "FROM price_index x WHERE " +
              latest("price_index", "x", {"series", "year"}) + " GROUP BY x.series ORDER BY 1",
          out);
  collect(sql, "agreements",
          "SELECT a.seller, a.year, a.id, count(*), max(a.version) FROM agreements a WHERE " +
              latest("agreements", "a", {"id"}) + " GROUP BY a.seller, a.year, a.id ORDER BY 1, 2",
          out);
  collect(sql, "plans",
          "SELECT p.seller, p.year, 'clinics', count(*), (SELECT count(*) FROM plans a WHERE "
          "a.seller = p.seller AND a.year = p.year) FROM plans p WHERE " +
              latest("plans", "p", {"seller", "buyer", "year", "clinic"}) +
              " GROUP BY p.seller, p.year ORDER BY 1, 2",
          out);
  collect(sql, "referrals",
          "SELECT r.seller, substr(r.valid_from, 1, 4), 'referrals', count(*), sum(r.version) FROM "
          "referrals r WHERE " +
              latest("referrals", "r", {"county", "referral_id"}) +
              " GROUP BY r.seller, substr(r.valid_from, 1, 4) ORDER BY 1, 2",
          out);
  collect(sql, "residents",
          "SELECT r.county, '', 'registrations', count(*), sum(r.version) FROM residents r WHERE " +
              latest("residents", "r", {"patient_id", "valid_from"}) +
              " GROUP BY r.county ORDER BY 1",
          out);
  return out;
}

namespace {
// Per kind of data: its table, the column whose first four characters are the
// year, and the year's first and last values of that column.
struct YearColumn {
  const char* table;
  const char* column;
  std::string first, last;
};

YearColumn year_column(YearData data, int year) {
  const std::string y = std::to_string(year);
  switch (data) {
    case YearData::records:
      return {"records", "billing_date", y + "-01-01", y + "-12-31"};
    case YearData::billed:
      return {"invoices", "period", y + "-01", y + "-12"};
    case YearData::agreements:
      break;
  }
  return {"agreements", "CAST(year AS text)", y, y};
}

std::string seller_condition(const std::string& seller) {
  return seller.empty() ? "" : " AND seller = :s";
}
}  // namespace

bool has_data_in(Store& store, YearData data, int year, const std::string& seller) {
  const YearColumn c = year_column(data, year);
  std::string first = c.first, last = c.last, s = seller;
  int found = 0;
  soci::statement st(store.sql());
  st.exchange(soci::into(found));
  st.exchange(soci::use(first, "f"));
  st.exchange(soci::use(last, "l"));
  if (!seller.empty()) st.exchange(soci::use(s, "s"));
  st.alloc();
  st.prepare(std::string("SELECT 1 FROM ") + c.table + " WHERE " + c.column + " >= :f AND " +
             c.column + " <= :l" + seller_condition(seller) + " LIMIT 1");
  st.define_and_bind();
  return st.execute(true);
}

std::vector<int> years_with(Store& store, YearData data, const std::string& seller) {
  const YearColumn c = year_column(data, 0);
  std::string year, s = seller;
  soci::statement st(store.sql());
  st.exchange(soci::into(year));
  if (!seller.empty()) st.exchange(soci::use(s, "s"));
  st.alloc();
  st.prepare(std::string("SELECT DISTINCT substr(") + c.column + ", 1, 4) FROM " + c.table +
             " WHERE 1 = 1" + seller_condition(seller) + " ORDER BY 1");
  st.define_and_bind();
  st.execute();
  std::vector<int> out;
  while (st.fetch()) out.push_back(std::stoi(year));
  return out;
}

}  // namespace vardavtal
