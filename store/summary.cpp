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
  collect(sql, "index",
          "SELECT x.series, min(x.year) || '-' || max(x.year), 'years', count(*), sum(x.version) "
          "FROM price_index x WHERE " +
              latest("price_index", "x", {"series", "year"}) + " GROUP BY x.series ORDER BY 1",
          out);
  collect(sql, "agreements",
          "SELECT a.seller, a.year, a.id, count(*), max(a.version) FROM agreements a WHERE " +
              latest("agreements", "a", {"id"}) + " GROUP BY a.seller, a.year, a.id ORDER BY 1, 2",
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

}  // namespace vardavtal
