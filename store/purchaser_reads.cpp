#include "store/purchaser_reads.h"

#include <stdexcept>

namespace vardavtal {

namespace {
Date date_of(const std::string& s) {
  auto d = parse_iso_date(s);
  if (!d) throw std::runtime_error("stored date '" + s + "' is not ISO");
  return *d;
}
}  // namespace

bool buyer_has_rows(Store& store, const std::string& table, const std::string& county) {
  if (table != "residents" && table != "referrals")
    throw std::logic_error("buyer_has_rows: unexpected table " + table);
  long long n = 0;
  std::string c = county;
  store.sql() << "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE county = :c LIMIT 1) x",
      soci::use(c), soci::into(n);
  return n > 0;
}

std::map<std::string, std::vector<Residence>> residences_of(Store& store, const std::string& buyer,
                                                            const std::set<std::string>& patients) {
  std::map<std::string, std::vector<Residence>> out;
  std::string patient, county, from, to, b = buyer;
  soci::indicator ind_to = soci::i_null;
  soci::statement st =
      (store.sql().prepare << "SELECT r.county, r.valid_from, r.valid_to FROM residents r WHERE "
                              "r.patient_id = :p AND r.county = :b AND NOT EXISTS (SELECT 1 FROM "
                              "residents n WHERE n.patient_id = r.patient_id AND n.valid_from = "
                              "r.valid_from AND n.version > r.version) ORDER BY r.valid_from",
       soci::use(patient), soci::use(b), soci::into(county), soci::into(from),
       soci::into(to, ind_to));
  for (const std::string& p : patients) {
    patient = p;
    st.execute();
    while (st.fetch()) {
      Residence r;
      r.patient_id = p;
      r.county = county;
      r.valid_from = date_of(from);
      if (ind_to == soci::i_ok && !to.empty()) r.valid_to = date_of(to);
      out[p].push_back(std::move(r));
    }
  }
  return out;
}

std::map<std::string, std::vector<Referral>> referrals_of(Store& store, const std::string& county,
                                                          const std::set<std::string>& patients) {
  std::map<std::string, std::vector<Referral>> out;
  std::string c = county, patient, id, seller, from, to;
  soci::indicator ind_to = soci::i_null;
  // One pass over the issuing region's referrals (its primary-key prefix).
  soci::statement st =
      (store.sql().prepare << "SELECT r.patient_id, r.referral_id, r.seller, r.valid_from, "
                              "r.valid_to FROM referrals r WHERE r.county = :c AND NOT EXISTS "
                              "(SELECT 1 FROM referrals n WHERE n.county = r.county AND "
                              "n.referral_id = r.referral_id AND n.version > r.version)",
       soci::use(c), soci::into(patient), soci::into(id), soci::into(seller), soci::into(from),
       soci::into(to, ind_to));
  st.execute();
  while (st.fetch()) {
    if (!patients.count(patient)) continue;
    Referral r;
    r.referral_id = id;
    r.county = county;
    r.patient_id = patient;
    r.seller = seller;
    r.valid_from = date_of(from);
    if (ind_to == soci::i_ok && !to.empty()) r.valid_to = date_of(to);
    out[patient].push_back(std::move(r));
  }
  return out;
}

std::vector<Hospital> latest_hospitals(Store& store) {
  std::vector<Hospital> out;
  Hospital h;
  std::string kind;
  soci::indicator i_hsa = soci::i_null;
  soci::statement st =
      (store.sql().prepare << "SELECT h.code, h.name, h.region, h.kind, h.hsa_id FROM hospitals h "
                              "WHERE NOT EXISTS (SELECT 1 FROM hospitals n WHERE n.code = h.code "
                              "AND n.version > h.version) ORDER BY h.code",
       soci::into(h.code), soci::into(h.name), soci::into(h.region), soci::into(kind),
       soci::into(h.hsa_id, i_hsa));
  st.execute();
  while (st.fetch()) {
    if (i_hsa != soci::i_ok) h.hsa_id.clear();
    h.kind = parse_hospital_kind(kind).value_or(HospitalKind::university);
    out.push_back(h);
  }
  return out;
}

std::vector<Region> latest_regions(Store& store) {
  std::vector<Region> out;
  Region r;
  soci::statement st =
      (store.sql().prepare << "SELECT r.code, r.name, r.org_number, r.healthcare_region FROM "
                              "regions r WHERE NOT EXISTS (SELECT 1 FROM regions m WHERE m.code = "
                              "r.code AND m.version > r.version) ORDER BY r.code",
       soci::into(r.code), soci::into(r.name), soci::into(r.org_number),
       soci::into(r.healthcare_region));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace vardavtal
