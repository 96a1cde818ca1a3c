#include "store/held_reads.h"

namespace vardavtal {

std::vector<HeldListing> held_listing(Store& store, const std::optional<std::string>& seller,
                                      const std::optional<std::string>& buyer) {
  std::vector<HeldListing> out;
  HeldListing h;
  long long version = 0;
  std::string s = seller.value_or(""), b = buyer.value_or("");
  soci::statement st =
      (store.sql().prepare
           << "SELECT h.seller, h.record_id, h.record_version, r.county, r.patient_id, "
              "h.billing_date, h.reason, i.imported_at FROM held_records h JOIN records r ON "
              "r.seller = h.seller AND r.record_id = h.record_id AND r.version = h.record_version "
              "JOIN imports i ON i.id = r.import_id WHERE (:s = '' OR h.seller = :s2) AND "
              "(:b = '' OR r.county = :b2) ORDER BY h.seller, h.billing_date, h.record_id",
       soci::use(s), soci::use(s), soci::use(b), soci::use(b), soci::into(h.seller),
       soci::into(h.record_id), soci::into(version), soci::into(h.buyer), soci::into(h.patient_id),
       soci::into(h.billing_date), soci::into(h.reason), soci::into(h.since));
  st.execute();
  while (st.fetch()) {
    h.record_version = version;
    out.push_back(h);
  }
  return out;
}

}  // namespace vardavtal
