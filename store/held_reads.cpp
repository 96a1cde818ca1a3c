#include "store/held_reads.h"

#include <algorithm>
#include <tuple>

namespace vardavtal {

std::vector<HeldListing> held_listing(Store& store, const std::optional<std::string>& seller,
                                      const std::optional<std::string>& buyer) {
  std::vector<HeldListing> out;
  HeldListing h;
  long long version = 0, newer = 0;
  std::string s = seller.value_or(""), b = buyer.value_or("");
  soci::statement st =
      (store.sql().prepare
           << "SELECT h.seller, h.record_id, h.record_version, r.county, r.patient_id, "
              "h.billing_date, h.reason, COALESCE(h.reason_sv, ''), i.imported_at, b.started_at, "
              "CASE WHEN EXISTS (SELECT 1 "
              "FROM records n WHERE n.seller = h.seller AND n.record_id = h.record_id AND "
              "n.version > h.record_version) THEN 1 ELSE 0 END FROM held_records h JOIN records r "
              "ON r.seller = h.seller AND "
              "r.record_id = h.record_id AND r.version = h.record_version JOIN imports i ON i.id "
              "= r.import_id JOIN billing_runs b ON b.id = h.run_id WHERE (:s = '' OR h.seller = "
              ":s2) AND (:b = '' OR r.county = :b2)",
       soci::use(s), soci::use(s), soci::use(b), soci::use(b), soci::into(h.seller),
       soci::into(h.record_id), soci::into(version), soci::into(h.buyer), soci::into(h.patient_id),
       soci::into(h.billing_date), soci::into(h.reason), soci::into(h.reason_sv),
       soci::into(h.since), soci::into(h.as_of), soci::into(newer));
  st.execute();
  while (st.fetch()) {
    h.record_version = version;
    h.newer_version = newer != 0;
    out.push_back(h);
  }
  std::sort(out.begin(), out.end(), [](const HeldListing& a, const HeldListing& b) {
    return std::tie(a.seller, a.billing_date, a.record_id) <
           std::tie(b.seller, b.billing_date, b.record_id);
  });
  return out;
}

}  // namespace vardavtal
