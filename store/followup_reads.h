// The store's reads for the follow-up tables (docs/followup.md): invoiced
// amounts from issued invoices and credit notes; everything else from the
// follow-up aggregates the billing runs keep beside their postings
// (followup_facts, ledger/followup_facts.h), which sum to the postings in
// force. Read-only; not thread-safe per Store.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/money.h"
#include "store/store.h"

namespace vardavtal {

// Contacts and DRG points (10^-4) of the care postings in force with a
// billing date in `year`, per buyer and clinic, for one seller (the plan table).
struct CareDelivered {
  long long contacts = 0;
  int64_t points = 0;
};
std::map<std::pair<std::string, std::string>, CareDelivered> care_by_buyer_clinic(
    Store& store, const std::string& seller, int year);

// The latest version of each production plan row of `seller` and `year`
// (imported with `import plans`), keyed by buyer and clinic.
std::map<std::pair<std::string, std::string>, CareDelivered> plans_of(Store& store,
                                                                      const std::string& seller,
                                                                      int year);

// Invoiced (invoices − credit notes) per buyer and billed year, for one seller:
// care and subscription invoices; the year-end true-ups (settle) are read
// apart (store/settlement_reads.h).
std::map<std::pair<std::string, int>, Money> invoiced_by_buyer_year(Store& store,
                                                                   const std::string& seller,
                                                                   int from_year, int to_year);

// Care contacts billed (care postings in force, i.e. not reversed) per care
// type and billing year, for one seller.
std::map<std::pair<std::string, int>, long long> contacts_by_type_year(Store& store,
                                                                      const std::string& seller,
                                                                      int from_year, int to_year);

// DRG points (10^-4) and contacts of the care postings in force, per DRG,
// clinic and billing year, for one seller (and one buyer when given).
struct PointsRow {
  std::string drg, clinic;
  int year = 0;
  int64_t points = 0;  // 10^-4
  long long contacts = 0;
};
std::vector<PointsRow> points_by_drg_clinic_year(Store& store, const std::string& seller,
                                                 const std::string& buyer, int from_year,
                                                 int to_year);

// KPP cost (öre) and DRG points (10^-4) of the care postings in force that are
// not outliers and have a KPP cost, per seller and billing year.
struct CostRow {
  std::string seller;
  int year = 0;
  int64_t kpp_cost = 0;
  int64_t points = 0;
};
std::vector<CostRow> inlier_cost_by_seller_year(Store& store, int from_year, int to_year);

// The seller's invoiced amounts (invoices − credit notes) per buyer, billed
// year and kind, with care split into variable part, outliers and items
// (split_care_amount per posting; signed öre).
struct InvoicedSplitRow {
  std::string buyer;
  int year = 0;
  bool subscription = false;
  int64_t amount = 0, variable = 0, outliers = 0, items = 0, tariffs = 0, at_cost = 0;
};
std::vector<InvoicedSplitRow> invoiced_split_by_buyer_year(Store& store, const std::string& seller,
                                                           int from_year, int to_year);

// DRG points (10^-4) of the care postings in force per buyer and billing year.
std::map<std::pair<std::string, int>, int64_t> points_by_buyer_year(Store& store,
                                                                   const std::string& seller,
                                                                   int from_year, int to_year);

// One buyer's purchases: per seller and billed year, the amounts of its
// invoices and credit notes split into care with a referral, care without,
// and subscription (signed öre), and the seller's healthcare region.
struct BoughtRow {
  std::string seller, seller_name, healthcare_region;
  int year = 0;
  int64_t with_referral = 0, without_referral = 0, subscription = 0;
};
std::vector<BoughtRow> bought_by_seller_year(Store& store, const std::string& buyer, int from_year,
                                             int to_year);
// §8.6: what `buyer` was invoiced in `year` per seller (period year), all of
// it and the care referred for medical reasons, with the seller's name, kind
// and healthcare region (latest versions).
struct ReferredRow {
  std::string seller, seller_name, kind, healthcare_region;
  int64_t referred_medical = 0, bought = 0;
};
std::vector<ReferredRow> referred_by_seller(Store& store, const std::string& buyer, int year);

// A region's healthcare region (latest version); empty when unknown.
std::string healthcare_region_of(Store& store, const std::string& county);

// Region display names by county code (latest versions).
std::map<std::string, std::string> region_names(Store& store);

// Hospital (seller) names by seller code (latest versions).
std::map<std::string, std::string> hospital_names(Store& store);

}  // namespace vardavtal
